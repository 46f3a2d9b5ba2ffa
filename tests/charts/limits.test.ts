// brief.yaml `limits:` raises the bounds on what one chart may draw: the same chart over 25,000
// rows is refused by default, located at its ::chart, and accepted once chart_rows allows it.
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const csv = `name,depth\n${Array.from({ length: 25_000 }, (_, i) => `Well ${i},${(i * 37) % 120}`).join('\n')}\n`;

function project(limits: string): string {
  const root = makeProject({
    'content/demo/brief.yaml': `title: "Wells"\nchapters: [one.md]\ndatasets:\n  wells: data/wells.csv\n${limits}editions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First."\n`,
    'content/demo/chapters/one.md': '# Wells\n\nEvery well by depth.\n\n::chart{spec=charts/depth.vl.json data=wells alt="Depth of each well"}\n',
    'content/demo/charts/depth.vl.json': JSON.stringify({ mark: 'tick', encoding: { x: { field: 'depth', type: 'quantitative' } } }),
    'data/wells.csv': csv,
  });
  roots.push(root);
  return root;
}

describe('chart limits', () => {
  it('refuses 25,000 rows by default, naming the limit and how to raise it', async () => {
    const r = await runCli(['--root', project(''), 'check', 'demo']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/demo/chapters/one.md:5:1: error this chart would draw 25,000 rows of "wells"; a chart may draw at most 20,000 [chart-too-many-rows]');
    expect(r.err).toContain('limits: { chart_rows: 25000 }');
  });

  it('accepts them once brief.yaml raises limits.chart_rows', async () => {
    const r = await runCli(['--root', project('limits: { chart_rows: 30000 }\n'), 'check', 'demo']);
    expect(r.err).not.toContain('chart-too-many-rows');
    expect(r.code).toBe(0);
  });
});
