// brief check: every validation without rendering — JSON output, --strict, charts validated but
// never drawn — and its time on the sample (target: ≤ 300 ms). CHECK_BUDGET_MS=n fails above n
// (the default only reports: wall-clock time on a shared machine varies).
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineContext, prepare } from '../../scripts/pipeline.ts';
import { briefYaml, makeProject, removeProject, runCli } from '../helpers/project.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const BRIEF = briefYaml({ title: 'Freedonia Water Report', chapters: ['one.md'], datasets: { wells: 'data/wells.csv' } });
const CHART = JSON.stringify({ mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'depth', type: 'quantitative' } } });

function project(chapter: string): string {
  const root = makeProject({
    'content/demo/brief.yaml': BRIEF,
    'content/demo/chapters/one.md': chapter,
    'content/demo/charts/depth.vl.json': CHART,
    'data/wells.csv': 'name,depth\nNorth,12\nSouth,30\n',
  });
  roots.push(root);
  return root;
}

describe('brief check', () => {
  it('--format json: every diagnostic with its place, rule and hint, on stdout', async () => {
    const root = project('---\ntitle: One\n---\n\nText.[^missing]\n\n[^spare]: Never cited.\n');
    const { code, out, err } = await runCli(['--root', root, 'check', '--format', 'json', 'demo']);
    expect(code).toBe(1);
    expect(err).toBe('');
    const { diagnostics } = JSON.parse(out);
    expect(diagnostics.map((d: { file: string; line: number; column: number; severity: string; rule: string }) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual([
      'content/demo/chapters/one.md:5:6 error footnote-undefined',
      'content/demo/chapters/one.md:7:1 warning footnote-unused',
    ]);
    for (const d of diagnostics) expect(Object.keys(d).sort()).toEqual(['column', 'file', 'hint', 'line', 'message', 'related', 'rule', 'severity']);
  });

  it('--strict makes a warning an error, in the text and in the exit code', async () => {
    const root = project('---\ntitle: One\n---\n\n## Jump\n\n#### Too deep\n');
    expect((await runCli(['--root', root, 'check', 'demo'])).code).toBe(0);
    const strict = await runCli(['--root', root, 'check', '--strict', 'demo']);
    expect(strict.code).toBe(1);
    expect(strict.err.split('\n')[0]).toBe('content/demo/chapters/one.md:7:1: error heading level jumps from 2 to 4 [heading-order]');
    expect(strict.err).toContain('1 error, 0 warnings');
  });

  it('validates charts without drawing them', async () => {
    const root = project('---\ntitle: One\n---\n\n::chart{spec=charts/depth.vl.json data=wells alt="Depth of each well"}\n');
    const { code, err } = await runCli(['--root', root, 'check', 'demo']);
    expect(err).toBe('0 errors, 0 warnings');
    expect(code).toBe(0);
    const cache = path.join(root, '.cache');
    const svgs = existsSync(cache) ? readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith('.svg')) : [];
    expect(svgs).toEqual([]); // nothing rendered
    // …and reports what the build would
    const bad = project('---\ntitle: One\n---\n\n::chart{spec=charts/depth.vl.json data=wells alt="x" where="height > 1"}\n');
    const r = await runCli(['--root', bad, 'check', 'demo']);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('content/demo/chapters/one.md:5:61: error dataset "wells" has no column "height" [column-unknown]');
  });

  it('repeats the warnings a drawn chart gave, without drawing it again', async () => {
    const root = makeProject({
      'content/demo/brief.yaml': BRIEF.replace('data/wells.csv', 'data/offices.csv'),
      'content/demo/chapters/one.md': '---\ntitle: One\n---\n\n::chart{spec=charts/map.vl.json data=wells alt="Offices by country"}\n',
      'content/demo/charts/map.vl.json': JSON.stringify({ briefkit: { map: 'world', join: 'code' }, mark: 'geoshape', encoding: { color: { field: 'network', type: 'nominal' } } }),
      'data/offices.csv': 'code,network\nFR,A\nQQ,B\n',
    });
    roots.push(root);
    const warning = 'content/demo/chapters/one.md:5:1: warning map content/demo/charts/map.vl.json: "QQ" in column "code" is not a country on the world map [chart-country-unknown]';
    const drawn = await prepare(pipelineContext(root), { name: 'demo' }); // what build does: draws, caches
    expect(drawn.warnings.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.rule}]`)).toEqual([warning]);
    const { code, err } = await runCli(['--root', root, 'check', 'demo']);
    expect(code).toBe(0);
    expect(err.split('\n')[0]).toBe(warning);
  });

  it('checks the sample brief in-process within the budget', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'briefkit-check-'));
    roots.push(root);
    cpSync(path.join(REPO, 'content/110-overseas'), path.join(root, 'content/110-overseas'), { recursive: true });
    cpSync(path.join(REPO, 'data'), path.join(root, 'data'), { recursive: true });
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 6; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const p = await prepare(pipelineContext(root), { name: '110-overseas', charts: 'check' });
      times.push(performance.now() - t0);
      const u = process.cpuUsage(c0);
      cpu.push((u.user + u.system) / 1000);
      expect(p.warnings).toEqual([]);
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)];
    console.log(`check on the sample, in-process: first ${times[0].toFixed(0)} ms (cold cache), then median ${median.toFixed(0)} ms; CPU first ${cpu[0].toFixed(0)} ms, then ${cpu.slice(1).map((x) => x.toFixed(0)).join(' ')} ms`);
    const budget = Number(process.env.CHECK_BUDGET_MS ?? 0);
    if (budget) expect(median).toBeLessThanOrEqual(budget);
  });
});
