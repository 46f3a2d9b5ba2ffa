// The dev performance target (SPEC §10): HTML rebuild + reload after editing one chapter of the sample ≤ 100 ms.
// Measured on a copy of the sample with a running server: save → reload event, and the rebuild's
// own time and CPU time. Set DEV_BUDGET_MS to fail above a budget (the default only reports, since
// a shared machine's wall-clock times vary).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../scripts/dev/server.ts';
import { removeProject } from '../helpers/project.ts';
import { connect } from './sse.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
let root = '';
let server: DevServer | undefined;

afterAll(async () => {
  await server?.close();
  if (root) removeProject(root);
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('brief dev on the sample', () => {
  it('rebuilds and reloads after one chapter edit, re-parsing only that chapter', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'briefkit-dev-'));
    cpSync(path.join(REPO, 'content/110-overseas'), path.join(root, 'content/110-overseas'), { recursive: true });
    cpSync(path.join(REPO, 'data'), path.join(root, 'data'), { recursive: true });
    // Charts already drawn, as on an author's machine, when this checkout has built the sample before.
    if (existsSync(path.join(REPO, '.cache'))) cpSync(path.join(REPO, '.cache'), path.join(root, '.cache'), { recursive: true });
    const log: string[] = [];
    server = await startDevServer({ root, name: '110-overseas', port: 0, log: (s) => log.push(s), openPrinter: () => Promise.reject(new Error('no PDF here')) });
    expect(server.session.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const sse = await connect(`${server.url}__brief/events`);
    const file = path.join(root, 'content/110-overseas/chapters/stations.md');
    const original = readFileSync(file, 'utf8');
    const latency: number[] = [];
    const rebuild: number[] = [];
    const cpu: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        sse.skip();
        const next = server.nextRebuild();
        writeFileSync(file, `${original}\nEdit number ${i} of the stations chapter.\n`);
        const r = await next;
        const event = await sse.next('reload');
        latency.push(event.at - t0);
        const u = process.cpuUsage(c0);
        cpu.push((u.user + u.system) / 1000);
        rebuild.push(r.timings.total);
        if (process.env.DEV_TIMINGS) console.log(JSON.stringify(r.timings));
        expect(r.ok).toBe(true);
        expect(r.scope).toBe('chapter content/110-overseas/chapters/stations.md');
        expect(server.session.good!.doc.html).toContain(`Edit number ${i} of the stations chapter.`);
        await server.idle(); // the next save starts from a quiet server
      }
    } finally {
      sse.close();
    }
    const line = `dev on the sample, one chapter edit: rebuild ${median(rebuild).toFixed(0)} ms median (first ${rebuild[0].toFixed(0)}, all ${rebuild.map((x) => x.toFixed(0)).join(' ')}); save → reload event ${median(latency).toFixed(0)} ms median; CPU ${median(cpu).toFixed(0)} ms median`;
    console.log(line);
    const budget = Number(process.env.DEV_BUDGET_MS ?? 0);
    if (budget) expect(median(latency)).toBeLessThanOrEqual(budget);
  });
});
