// 1,000 country packs in one process and one browser, for memory and time per pack over a long run.
// Usage: tsx bench/workers/packs1000.ts '<job json>'; prints `[n/N] …` per pack on stderr and one
// `@bench {json}` line at the end.
//
// Packs are one per ISO 3166-1 country and there are 250 codes, so the corpus is the generated
// field-notes brief with a dataset of all 250 countries (two offices each), and the run makes
// every pack four times over: the same make → print → write steps and the same two-lane scheduler
// as `brief packs` (runs/pack.ts, packs/lanes.ts), on one printer, packs 1 to 1,000 in order.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { treeRss } from '../lib/proc.ts';

export interface Packs1000Job {
  /** The corpus (bench/corpus): field-notes-100 is the template of the generated brief. */
  corpus: string;
  /** A scratch folder for the generated project, inside the repository's output/. */
  dir: string;
  packs: number;
  concurrency: number;
}

export interface Packs1000Report {
  packs: number;
  countries: number;
  wallMs: number;
  /** Milliseconds from the end of pack 100 to the end of the last pack. */
  steadyMs: number;
  /**
   * Median tree RSS (MiB) as packs 100–199 and the last 100 packs were finished. A hundred packs a
   * window: the process's heap alone swings by ~40 MiB between its major collections (104–147 MiB
   * used over one run, on no trend), so a window of 20 packs read the growth anywhere from −36 to
   * +47 MiB on the same code.
   */
  rssAt100: number;
  rssAtEnd: number;
  /** The least-squares trend of the tree RSS from pack 100 to the last, over that span (MiB). */
  trendMiB: number;
  /** Chromium processes of this run still alive after the printer closed (must be 0). */
  orphans: number;
  failed: number;
}

const NAME = 'field-notes-all';

/** The project: the 100-country brief's chapter and yaml, a dataset of every ISO country. */
function generate(job: Packs1000Job): string[] {
  const root = path.resolve(job.dir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, 'content', NAME, 'chapters'), { recursive: true });
  mkdirSync(path.join(root, 'data'), { recursive: true });
  const from = path.join(job.corpus, 'content', 'field-notes-100');
  cpSync(path.join(from, 'chapters'), path.join(root, 'content', NAME, 'chapters'), { recursive: true });
  writeFileSync(path.join(root, 'content', NAME, 'brief.yaml'), readFileSync(path.join(from, 'brief.yaml'), 'utf8').replace('offices-100.csv', 'offices-all.csv').replace('100 countries', 'every ISO country'));
  const countries = createRequire(import.meta.url)('i18n-iso-countries') as { getAlpha2Codes(): Record<string, string>; getName(code: string, lang: string): string | undefined };
  const codes = Object.keys(countries.getAlpha2Codes()).sort();
  const focus = ['water', 'schools', 'roads', 'clinics', 'courts', 'archives', 'markets', 'ports'];
  const rows = ['country_code,country,office,staff,opened,focus'];
  codes.forEach((code, i) => {
    const name = (countries.getName(code, 'en') ?? code).replace(/"/g, '""');
    for (const k of [1, 2]) rows.push(`${code},"${name}","${name} office ${k}",${2 + ((i * 7 + k * 3) % 38)},${2005 + ((i + k) % 19)},${focus[(i + k) % focus.length]}`);
  });
  writeFileSync(path.join(root, 'data', 'offices-all.csv'), rows.join('\n') + '\n');
  return codes;
}

/** Processes whose command line names this project's print folder: Chromium left behind. */
function orphansOf(root: string): number {
  const marker = path.join(root, 'output', '.tmp');
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) n++;
    } catch {
      // gone
    }
  }
  return n;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);

/** The least-squares line through `ys[from..]` (index = pack number), as its rise from the first to the last. */
function trend(ys: number[], from: number): number {
  const points = ys.flatMap((y, x) => (x >= from && y !== undefined ? [[x, y]] : []));
  if (points.length < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return slope * (points[points.length - 1][0] - points[0][0]);
}

async function main(job: Packs1000Job) {
  const t0 = performance.now();
  generate(job);
  const root = path.resolve(job.dir);
  const { pipelineContext, prepare, printOptions } = await import('../../scripts/pipeline.ts');
  const { packCountries } = await import('../../scripts/packs/countries.ts');
  const { inLanes } = await import('../../scripts/packs/lanes.ts');
  const { make, packContext, printAndWrite } = await import('../../scripts/runs/pack.ts');
  const { packsDir } = await import('../../scripts/runs/packs.ts');
  const { openPrinter } = await import('../../scripts/print/printer.ts');
  const { fontDirs } = await import('../../scripts/render/fonts.ts');
  const { Reporter } = await import('../../scripts/messages.ts');

  const pipeline = pipelineContext(root);
  const prepared = await prepare(pipeline, { name: NAME });
  const all = packCountries({ brief: prepared.brief, datasets: prepared.datasets, reporter: new Reporter() });
  const list = Array.from({ length: job.packs }, (_, i) => all[i % all.length]);
  const ctx = await packContext(pipeline, prepared);
  const dir = packsDir(prepared.brief, ctx.frame.edition.version);
  const base = printOptions(pipeline, prepared.brief, ctx.frame.edition.date);
  const printer = await openPrinter({ allowedRoots: [root, ...fontDirs()], concurrency: job.concurrency });
  const rss: number[] = [];
  let done = 0;
  let failed = 0;
  let t100 = 0;
  try {
    await inLanes(list, job.concurrency, (c) => make(ctx, c, false), async (country, making) => {
      try {
        await printAndWrite({ ctx, printer, country, made: await making, dir, base, strict: false });
      } catch (e) {
        failed++;
        process.stderr.write(`pack ${country.code} failed: ${String((e as Error).message ?? e).split('\n')[0]}\n`);
      }
      done++;
      rss[done] = treeRss(process.pid).bytes / 2 ** 20;
      if (done === 100) t100 = performance.now();
      process.stderr.write(`[${done}/${list.length}] ${country.code}\n`);
    });
  } finally {
    await printer.close();
  }
  const end = performance.now();
  const report: Packs1000Report = {
    packs: done,
    countries: all.length,
    wallMs: Math.round(end - t0),
    steadyMs: Math.round(end - t100),
    rssAt100: Math.round(median(rss.slice(100, 200)) * 10) / 10,
    rssAtEnd: Math.round(median(rss.slice(-100)) * 10) / 10,
    trendMiB: Math.round(trend(rss, 100) * 10) / 10,
    orphans: orphansOf(root),
    failed,
  };
  process.stdout.write(`@bench ${JSON.stringify(report)}\n`);
}

main(JSON.parse(process.argv[2]) as Packs1000Job).catch((e) => {
  process.stderr.write(`packs1000: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
