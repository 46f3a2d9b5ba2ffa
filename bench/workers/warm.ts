// In-process briefkit runs for the harness: one process, modules loaded once, browser up, caches warm.
// Usage: tsx bench/workers/warm.ts '<job json>'; prints one `@bench {json}` line per iteration.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface WarmJob {
  mode: 'build' | 'html' | 'check' | 'edit' | 'dev';
  root: string;
  name: string;
  iterations: number;
  warmup: number;
  /** build: only these editions (default: the brief's language and every translation). */
  languages?: string[];
}

export interface WarmReport {
  i: number;
  warm: boolean;
  ms: number;
  pages?: number | null;
  timings?: Record<string, number>;
  /** Browser launch, reported once by `build` before the first iteration. */
  launchMs?: number;
  chromium?: string;
}

const emit = (r: WarmReport) => process.stdout.write(`@bench ${JSON.stringify(r)}\n`);
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(job: WarmJob) {
  const { pipelineContext, prepare } = await import('../../scripts/pipeline.ts');
  const { build } = await import('../../scripts/runs/build.ts');
  const total = job.warmup + job.iterations;

  if (job.mode === 'build') {
    const { openPrinter } = await import('../../scripts/print/printer.ts');
    const { fontDirs } = await import('../../scripts/render/fonts.ts');
    const t0 = performance.now();
    const printer = await openPrinter({ allowedRoots: [job.root, ...fontDirs()] });
    emit({ i: -1, warm: false, ms: 0, launchMs: round(performance.now() - t0) });
    for (let i = 0; i < total; i++) {
      const t = performance.now();
      const r = await build(pipelineContext(job.root), { name: job.name, printer, ...(job.languages ? { languages: job.languages } : {}) });
      emit({ i, warm: i >= job.warmup, ms: round(performance.now() - t), pages: r.pages, timings: r.timings });
    }
    await printer.close();
    return;
  }

  if (job.mode === 'html' || job.mode === 'check') {
    for (let i = 0; i < total; i++) {
      const t = performance.now();
      const r = job.mode === 'html' ? await build(pipelineContext(job.root), { name: job.name, htmlOnly: true }) : await prepare(pipelineContext(job.root), { name: job.name });
      emit({ i, warm: i >= job.warmup, ms: round(performance.now() - t), timings: r.timings });
    }
    if (job.mode === 'check') {
      // number/ is pure: rerunning it on the prepared chapters times it alone (prepare's `data` includes it).
      const { numberAll } = await import('../../scripts/number/index.ts');
      const { Reporter } = await import('../../scripts/messages.ts');
      const p = await prepare(pipelineContext(job.root), { name: job.name });
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        numberAll({ chapters: p.chapters, reporter: new Reporter() });
        times.push(performance.now() - t);
      }
      emit({ i: -2, warm: false, ms: round(times.sort((a, b) => a - b)[2]) }); // median of 5: numbering alone
    }
    return;
  }

  // edit and dev: a chapter saved again, on a private copy of the project so no one's tree is touched.
  const copy = mkdtempSync(path.join(tmpdir(), 'briefkit-bench-edit-'));
  try {
    cpSync(path.join(job.root, 'content', job.name), path.join(copy, 'content', job.name), { recursive: true });
    cpSync(path.join(job.root, 'data'), path.join(copy, 'data'), { recursive: true });
    if (existsSync(path.join(job.root, '.cache'))) cpSync(path.join(job.root, '.cache'), path.join(copy, '.cache'), { recursive: true });
    const p = await prepare(pipelineContext(copy), { name: job.name });
    const chapter = path.join(copy, p.chapters[Math.min(1, p.chapters.length - 1)].file); // file is relative to the root
    const original = readFileSync(chapter, 'utf8');
    const save = (i: number) => writeFileSync(chapter, `${original}\nAn edit made by the benchmark, number ${i}.\n`);
    if (job.mode === 'edit') {
      // Without dev's memory: the whole HTML build again, in a warm process.
      for (let i = 0; i < total; i++) {
        save(i);
        const t = performance.now();
        const r = await build(pipelineContext(copy), { name: job.name, htmlOnly: true });
        emit({ i, warm: i >= job.warmup, ms: round(performance.now() - t), timings: r.timings });
      }
    } else await devRuns(job, copy, save, total);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** `brief dev`'s own server: time from the save to the page's `reload` event (watcher, settle and rebuild). */
async function devRuns(job: WarmJob, root: string, save: (i: number) => void, total: number) {
  const { startDevServer } = await import('../../scripts/dev/server.ts');
  const { EVENTS_PATH } = await import('../../scripts/dev/page.ts');
  const http = await import('node:http');
  const server = await startDevServer({
    root,
    name: job.name,
    port: 0,
    log: () => undefined,
    openPrinter: async () => {
      throw new Error('the benchmark does not print from dev');
    },
  });
  let onReload: ((t: number) => void) | null = null;
  const req = await new Promise<import('node:http').ClientRequest>((resolve, reject) => {
    const r = http.get(new URL(EVENTS_PATH, server.url), (res) => {
      let buf = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (/^event: reload$/m.test(frame)) onReload?.(performance.now());
        }
      });
      resolve(r);
    });
    r.on('error', reject);
  });
  try {
    for (let i = 0; i < total; i++) {
      const reloaded = new Promise<number>((resolve, reject) => {
        onReload = resolve;
        setTimeout(() => reject(new Error('no reload event within 15 s')), 15_000).unref();
      });
      const rebuilt = server.nextRebuild();
      const t = performance.now();
      save(i);
      const [at, r] = await Promise.all([reloaded, rebuilt]);
      if (!r.ok) throw new Error(`dev rebuild failed: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      emit({ i, warm: i >= job.warmup, ms: round(at - t), timings: { ...r.timings, saveToReload: round(at - t) } });
      await new Promise((res) => setTimeout(res, 100)); // let the watcher settle between saves
    }
  } finally {
    req.destroy();
    await server.close();
  }
}

const job = JSON.parse(process.argv[2]) as WarmJob;
main(job).then(
  () => process.exit(0), // don't wait for timers the tool may leave behind: teardown is not what this measures
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
