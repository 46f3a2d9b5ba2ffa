import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindData } from '../../scripts/data/bind.ts';
import { loadDatasets } from '../../scripts/data/load.ts';
import { Reporter } from '../../scripts/messages.ts';
import type { Chapter } from '../../scripts/types.ts';
import { chaptersFrom } from '../helpers/chapters.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { boundOf, chapterFrom, formatDiagnostics, makeBrief, proseOf, tableHtml } from './support.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const CSV = 'code,city,outposts\nFD,Port Rhyme,2\nSY,Vasko,3\nSY,Brennick,1\nLT,Doomstadt,4\n';
const BAR = JSON.stringify({ mark: 'bar', encoding: { y: { field: 'city', type: 'nominal' }, x: { field: 'outposts', type: 'quantitative' } } });

async function setup() {
  const root = makeProject({ 'data/outposts.csv': CSV, 'content/demo/charts/bar.vl.json': BAR });
  roots.push(root);
  const brief = makeBrief({ root, datasets: [{ name: 'outposts', path: 'data/outposts.csv' }] });
  const reporter = new Reporter();
  const datasets = await loadDatasets({ brief, reporter });
  const bind = (chapters: Chapter[], scope?: { column: string; value: string }) => bindData({ brief, chapters, datasets, reporter, scope, cacheDir: path.join(root, '.cache/charts') });
  return { brief, reporter, datasets, bind };
}

describe('bindData', () => {
  it('returns new trees and leaves the parsed chapters as they were, so packs can bind them again', async () => {
    const { bind } = await setup();
    const chapter = chapterFrom('{{count outposts}} outposts.\n\n::table{data=outposts columns="city" sort=city}\n');
    const before = structuredClone(chapter);
    const all = await bind([chapter]);
    const sylvania = await bind([chapter], { column: 'code', value: 'SY' });
    expect(chapter).toEqual(before);
    expect(proseOf(all)).toEqual(['4 outposts.']);
    expect(proseOf(sylvania)).toEqual(['2 outposts.']);
    expect(tableHtml(sylvania)[0]).toContain('<th scope="row">Brennick</th></tr><tr><th scope="row">Vasko</th>');
    expect(tableHtml(sylvania)[0]).not.toContain('Doomstadt');
  });

  it('locates a value in a text markdown changed (escapes) at its {{ in the source', async () => {
    const { bind, reporter } = await setup();
    await bind([chapterFrom('Line one\n\\*starred\\* and {{nope}} here, {{count outposts}}.\n')]);
    expect(formatDiagnostics(reporter.diagnostics)).toEqual(['content/demo/chapters/one.md:2:17 helper-unknown: unknown helper "nope"']);
  });

  it('reads a value whole when markdown split it (a `:name` inside a quoted where)', async () => {
    const { bind, reporter } = await setup();
    const chapters = chaptersFrom({ 'one.md': `{{count outposts where="city != 'a:b'"}} cities.\n` }, reporter);
    expect(proseOf(await bind(chapters))).toEqual(['4 cities.']);
    expect(reporter.diagnostics).toEqual([]);
  });

  it('leaves other directives alone', async () => {
    const { bind } = await setup();
    const chapter = chapterFrom(':::callout{kind=note title="Key"}\n{{count outposts}} inside.\n:::\n\nSee :ref[tbl-x].\n');
    const [bound] = await bind([chapter]);
    expect(bound.tree.children[0]).toMatchObject({ type: 'containerDirective', name: 'callout', attributes: { kind: 'note', title: 'Key' } });
    expect(proseOf([bound])).toEqual(['4 inside.', 'See tbl-x.']);
  });

  it('renders a ::chart to static SVG through the charts module, with rows filtered and the pack country highlighted', async () => {
    const { bind, reporter } = await setup();
    const chapter = chapterFrom(`::chart{spec=charts/bar.vl.json data=outposts where="outposts > 1" alt="Outposts per city" caption="{{count outposts}} cities" #fig-bar}\n`);
    const [chart] = boundOf(await bind([chapter]));
    expect(formatDiagnostics(reporter.diagnostics)).toEqual([]);
    if (chart?.kind !== 'chart') throw new Error('no chart bound');
    expect(chart).toMatchObject({ kind: 'chart', id: 'fig-bar', caption: '4 cities', alt: 'Outposts per city' });
    expect(chart.svg).toMatch(/^<svg[^>]*role="img"/);
    expect(chart.svg).toContain('aria-label="Outposts per city"');
    expect(chart.svg).toContain('Doomstadt');
    expect(chart.svg).not.toContain('Brennick'); // where="outposts > 1"

    const [packChart] = boundOf(await bind([chapter], { column: 'code', value: 'SY' }));
    if (packChart?.kind !== 'chart') throw new Error('no pack chart bound');
    expect(packChart.svg).toContain('Vasko');
    expect(packChart.svg).not.toContain('Doomstadt');
    expect(packChart.caption).toBe('2 cities');
  });

  it('reports chart problems at the directive and renders nothing', async () => {
    const { bind, reporter } = await setup();
    const chapters = await bind([chapterFrom('::chart{spec=charts/none.vl.json data=outposts alt="Missing spec"}\n')]);
    expect(boundOf(chapters)).toEqual([]);
    expect(reporter.diagnostics.map((d) => [d.rule, d.file, d.line])).toEqual([['chart-spec-missing', 'content/demo/chapters/one.md', 1]]);
  });
});
