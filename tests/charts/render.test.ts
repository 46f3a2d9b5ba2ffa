// What a reader gets from a ::chart: the real SVG, read back.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drawStats } from '../../scripts/charts/draw.ts';
import { checkChart, renderChart, type ChartRequest } from '../../scripts/charts/render.ts';
import { NO_DATA, PALETTE } from '../../scripts/charts/theme.ts';
import { worldShapes } from '../../scripts/charts/map.ts';
import { Reporter } from '../../scripts/messages.ts';
import { FIXTURES, attr, items, lines, markGroups, request, tempCache, textOf, type Case } from './helpers.ts';

const caseOf = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name, 'case.json'), 'utf8')) as Case;
const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

function cache() {
  const c = tempCache();
  disposers.push(c.dispose);
  return c.cacheDir;
}

async function render(req: ChartRequest, cacheDir = cache()) {
  const reporter = new Reporter();
  const svg = await renderChart(req, { reporter, cacheDir });
  return { svg: svg!, reporter, cacheDir };
}

describe('bar chart', () => {
  it('draws one bar per category, labelled with the category names', async () => {
    const { svg, reporter } = await render(request('bar-five', caseOf('bar-five')));
    expect(lines(reporter)).toEqual([]);
    const [bars] = markGroups(svg, 'mark-rect', 'role-mark');
    expect(items(bars, 'path')).toHaveLength(5);
    const [x, y] = markGroups(svg, 'role-axis-label').map((g) => items(g, 'text').map(textOf));
    expect(y).toEqual(['Ruritania', 'Freedonia', 'Ōrsinia', 'Sylvania', 'Grand Fenwick']); // sorted by value
    expect(x).toEqual(['0', '5', '10', '15', '20']);
  });

  it('emphasises the pack country and fades the other bars', async () => {
    const { svg } = await render(request('bar-highlight', caseOf('bar-highlight')));
    const [bars] = markGroups(svg, 'mark-rect', 'role-mark');
    const opacities = items(bars, 'path').map((p) => attr(p, 'opacity') ?? '1');
    expect(opacities.filter((o) => o === '1')).toHaveLength(1);
    expect(opacities.filter((o) => o === '0.35')).toHaveLength(4);
  });

  it('finds the pack country through a column naming one country per value, such as its name', async () => {
    const base = request('bar-five', caseOf('bar-five'));
    const brief = { ...base.brief, packs: { dataset: 'stations', column: 'code', include: [], place: base.place } };
    const { svg } = await render({ ...base, brief, highlight: 'FR' });
    const [bars] = markGroups(svg, 'mark-rect', 'role-mark');
    const [, y] = markGroups(svg, 'role-axis-label').map((g) => items(g, 'text').map(textOf));
    expect(y[1]).toBe('Freedonia'); // second-longest bar
    // Bars are drawn in data order: Freedonia is the first row.
    expect(items(bars, 'path').map((p) => attr(p, 'opacity') ?? '1')).toEqual(['1', '0.35', '0.35', '0.35', '0.35']);
  });
});

describe('world map', () => {
  it('fills the joined countries with their category colour, the rest grey, with a two-entry legend', async () => {
    const { svg, reporter } = await render({ ...request('map-two-categories', caseOf('map-two-categories')), highlight: undefined });
    expect(lines(reporter)).toEqual([]);
    const legend = markGroups(svg, 'role-legend-label').flatMap((g) => items(g, 'text').map(textOf));
    expect(legend).toEqual(['Alpha', 'Beta']);
    const symbols = markGroups(svg, 'role-legend-symbol').flatMap((g) => items(g, 'path').map((p) => attr(p, 'fill')));
    expect(symbols).toEqual([PALETTE[0], PALETTE[1]]);

    const [world, joined] = markGroups(svg, 'mark-shape', 'role-mark');
    const grey = items(world, 'path');
    expect(grey).toHaveLength(worldShapes().length); // every country, Antarctica dropped
    expect(new Set(grey.map((p) => attr(p, 'fill')))).toEqual(new Set([NO_DATA]));
    // Joined countries are drawn in code order: BR (Beta), DE (Alpha), FR (Alpha).
    expect(items(joined, 'path').map((p) => attr(p, 'fill'))).toEqual([PALETTE[1], PALETTE[0], PALETTE[0]]);
  });

  it('outlines the pack country and fades the other countries with data', async () => {
    const { svg } = await render(request('map-two-categories', caseOf('map-two-categories')));
    const shapes = markGroups(svg, 'mark-shape', 'role-mark');
    expect(shapes).toHaveLength(3); // world, joined, outline
    expect(items(shapes[1], 'path').map((p) => attr(p, 'opacity'))).toEqual(['0.35', '0.35', '1']); // BR, DE, FR
    expect(items(shapes[2], 'path')).toHaveLength(1);
  });

  it('gives a country whose rows disagree the "several" category, and small countries a dot', async () => {
    const { svg } = await render(request('map-several', caseOf('map-several')));
    const legend = markGroups(svg, 'role-legend-label').flatMap((g) => items(g, 'text').map(textOf));
    expect(legend).toEqual(['Alpha', 'Beta', 'Both']); // "several" last
    const dots = markGroups(svg, 'mark-symbol', 'role-mark');
    expect(items(dots[0], 'path')).toHaveLength(1); // Malta
  });

  it('reports codes it cannot place and still draws the rest', async () => {
    const { svg, reporter } = await render(request('map-unknown-code', caseOf('map-unknown-code')));
    expect(reporter.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['chart-country-unknown', 'warning']]);
    expect(items(markGroups(svg, 'mark-shape', 'role-mark')[1], 'path')).toHaveLength(1);
  });
});

describe('the SVG', () => {
  it('is one accessible, scalable image with no script', async () => {
    const alt = 'Stations "per" country <Freedonia & Sylvania>';
    const { svg } = await render({ ...request('bar-five', caseOf('bar-five')), alt });
    const root = /^<svg\b[^>]*>/.exec(svg)![0];
    expect(attr(root, 'role')).toBe('img');
    expect(attr(root, 'aria-label')).toBe('Stations &quot;per&quot; country &lt;Freedonia &amp; Sylvania&gt;');
    expect(svg).toContain('<title>Stations &quot;per&quot; country &lt;Freedonia &amp; Sylvania&gt;</title>');
    expect(attr(root, 'viewBox')).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
    expect(attr(root, 'width')).toBe('100%');
    expect(svg).not.toMatch(/<script|\son\w+=|javascript:|<foreignObject|href=/i);
    expect(svg).toMatch(/font-family="'Noto Sans', sans-serif"/);
  });

  it('is byte-identical for the same input, whatever was rendered before', async () => {
    const bar = request('bar-five', caseOf('bar-five'));
    const clipped: ChartRequest = { ...request('map-several', caseOf('map-several')) };
    const first = (await render(bar)).svg;
    await render(clipped); // moves Vega's id counters and caches
    const second = (await render(bar)).svg;
    expect(second).toBe(first);
  });

  it('does not depend on the time zone', async () => {
    const req = request('line-dates', caseOf('line-dates'));
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Honolulu';
      const west = (await render(req)).svg;
      process.env.TZ = 'Asia/Tokyo';
      const east = (await render(req)).svg;
      expect(east).toBe(west);
      expect(markGroups(west, 'role-axis-label').flatMap((g) => items(g, 'text').map(textOf))).toContain('February');
    } finally {
      process.env.TZ = tz;
    }
  });

  it('prefixes clip-path ids per chart so two charts on one page never collide', async () => {
    const base = request('bar-clipped', caseOf('bar-clipped'));
    const a = (await render({ ...base, rows: base.rows.slice(0, 3) })).svg;
    const b = (await render(base)).svg;
    // Vega numbers clip paths from 1 in every render.
    const idsOf = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const refsOf = (svg: string) => [...svg.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(refsOf(a).length).toBeGreaterThan(0);
    for (const svg of [a, b]) for (const ref of refsOf(svg)) expect(idsOf(svg)).toContain(ref);
    expect(idsOf(a).filter((id) => idsOf(b).includes(id))).toEqual([]);
  });
});

describe('cache', () => {
  it('serves a second render from the cache without running Vega', async () => {
    const req = request('bar-five', caseOf('bar-five'));
    const cold = await render(req);
    const files = readdirSync(cold.cacheDir).filter((f) => f.endsWith('.svg'));
    expect(files).toHaveLength(1);
    const renders = drawStats.renders;
    const warm = await render(req, cold.cacheDir);
    expect(warm.svg).toBe(cold.svg);
    expect(drawStats.renders).toBe(renders);
    expect(readdirSync(cold.cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a chart\'s warnings on a cache hit too', async () => {
    const req = request('map-unknown-code', caseOf('map-unknown-code'));
    const cold = await render(req);
    const warm = await render(req, cold.cacheDir);
    expect(lines(warm.reporter)).toEqual(lines(cold.reporter));
    expect(lines(warm.reporter)).toHaveLength(1);
  });

  it('renders again when rows, highlight or alt change', async () => {
    const req = request('bar-five', caseOf('bar-five'));
    const { cacheDir } = await render(req);
    const renders = drawStats.renders;
    await render({ ...req, rows: req.rows.slice(1) }, cacheDir);
    await render({ ...req, highlight: 'FR' }, cacheDir);
    await render({ ...req, alt: 'Another description' }, cacheDir);
    expect(drawStats.renders).toBe(renders + 3);
  });
});

describe('checkChart', () => {
  it('validates without rendering', async () => {
    const renders = drawStats.renders;
    const reporter = new Reporter();
    const c = caseOf('map-two-categories');
    const { rows: _rows, ...req } = request('map-two-categories', c);
    expect(await checkChart(req, { reporter, cacheDir: cache() })).toBe(true);
    expect(drawStats.renders).toBe(renders);
  });

  it('reports the unknown field at its line in the spec file', async () => {
    const reporter = new Reporter();
    const req = request('field-unknown', caseOf('field-unknown'));
    expect(await checkChart(req, { reporter, cacheDir: cache() })).toBe(false);
    expect(reporter.diagnostics.map((d) => ({ rule: d.rule, file: d.file, line: d.line, column: d.column }))).toEqual([
      { rule: 'column-unknown', file: 'field-unknown/input/spec.vl.json', line: 5, column: 21 },
    ]);
  });
});
