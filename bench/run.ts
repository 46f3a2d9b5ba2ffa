// `npm run bench`: briefkit against the floor (the same print HTML printed by the same Chromium with
// no pagination) and against the tools users would pick instead, as ratios from one run (the performance targets).
// It reports; it never fails on a missed target. `npm run bench -- --help` for the options.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { CORPUS_DIR, GENERATED, diffCorpus } from './generate.ts';
import { canMeasureMemory, measure, reports, type Measured } from './lib/proc.ts';
import { medianTimings, spread, type CaseResult, type ProfileStage, type Results, type TargetResult } from './lib/results.ts';
import { chartSvgs, findPagedjs, findPandocWeasyprint, findTypst, INSTALL, typstFonts, LUA_FILTER, pagedHtml, weasyCss, type PageGeometry } from './peers/peers.ts';
import type { WarmJob, WarmReport } from './workers/warm.ts';
import type { Packs1000Job, Packs1000Report } from './workers/packs1000.ts';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const BIN = path.join(REPO, 'bin', 'brief.mjs');
const WARM = path.join(BENCH, 'workers', 'warm.ts');
const FLOOR = path.join(BENCH, 'workers', 'floor.mjs');
const IMPORTS = path.join(BENCH, 'workers', 'imports.mjs');
const TYPST = path.join(BENCH, 'workers', 'typst.mjs');
const PACKS1000 = path.join(BENCH, 'workers', 'packs1000.ts');
const WORK = path.join(REPO, 'output', '.bench'); // scratch: git-ignored, inside the root the browser may read
const README = path.join(REPO, 'README.md');

const HELP = `npm run bench [-- options]

  --quick          a few minutes: one cold run per case, peers on the 20-page brief only, warm
                   cases on the sample only, 10 briefkit packs and 6 pandoc packs, no 100-pack
                   memory run, 120 instead of 1,000 packs in the long run (it checks that the
                   script runs, not the figure), no diff; results go to output/.bench/results-quick.json
  --runs N         cold runs per case (default 5; --quick 1)
  --only REGEX     run only cases whose id matches (ids: briefkit/build-cold/110-overseas, floor/…, peer/…)
  --no-peers       skip pagedjs-cli, pandoc + WeasyPrint and Typst even when installed
  --out FILE       results file (default bench/results.json)
  --write-readme   put the table into README.md's Performance section
`;

interface Options {
  quick: boolean;
  runs: number;
  warmIterations: number;
  only: RegExp | null;
  peers: boolean;
  out: string;
  writeReadme: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      only: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      out: { type: 'string' },
      'write-readme': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const quick = !!values.quick;
  const runs = values.runs ? Math.max(1, Number(values.runs)) : quick ? 1 : 5;
  return {
    quick,
    runs,
    warmIterations: quick ? 2 : 5,
    only: values.only ? new RegExp(values.only) : null,
    peers: !values['no-peers'],
    out: path.resolve(values.out ?? (quick ? path.join(WORK, 'results-quick.json') : path.join(BENCH, 'results.json'))),
    writeReadme: !!values['write-readme'],
  };
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const secs = (ms: number | null | undefined) => (ms == null ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const round1 = (n: number) => Math.round(n * 10) / 10;

interface BriefRef {
  key: 'sample' | 'long';
  root: string;
  name: string;
  label: string;
  /** Print HTML (render/'s printHtml) written for the floor and pagedjs-cli. */
  printFile: string;
  pagedFile: string;
  geometry: PageGeometry;
  footnotes: number;
  printHtml: string;
  /** The brief's own language: the one-language builds measured against the floor build that edition only (--lang). */
  language: string;
}

interface Chromium {
  exe: string;
  args: string[];
  version: string;
}

async function pdfPages(file: string): Promise<number | null> {
  try {
    const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    return doc.getPageCount();
  } catch {
    return null;
  }
}

// ---------- set-up: the print HTML of each brief, and the flags briefkit launches Chromium with ----------

async function prepareBriefs(): Promise<BriefRef[]> {
  const { pipelineContext, prepare, renderBrief } = await import('../scripts/pipeline.ts');
  mkdirSync(WORK, { recursive: true });
  const list: Omit<BriefRef, 'printFile' | 'pagedFile' | 'geometry' | 'footnotes' | 'printHtml' | 'language'>[] = [
    { key: 'sample', root: REPO, name: '110-overseas', label: 'sample brief' },
    { key: 'long', root: CORPUS_DIR, name: GENERATED.long.name, label: '20-page brief' },
  ];
  const out: BriefRef[] = [];
  for (const b of list) {
    const p = await prepare(pipelineContext(b.root), { name: b.name });
    const { doc } = await renderBrief(p);
    const geometry: PageGeometry = { size: p.brief.page.size, margins: p.brief.page.margins, header: p.brief.runningHeader };
    // Inside the project root, as briefkit's own print file is, so the same file URLs resolve.
    const dir = path.join(b.root, 'output', '.bench');
    mkdirSync(dir, { recursive: true });
    const printFile = path.join(dir, `${b.name}.print.html`);
    const pagedFile = path.join(dir, `${b.name}.paged.html`);
    writeFileSync(printFile, doc.printHtml);
    writeFileSync(pagedFile, pagedHtml(doc.printHtml, geometry));
    out.push({ ...b, printFile, pagedFile, geometry, footnotes: p.numbering.footnoteOrder.length, printHtml: doc.printHtml, language: p.brief.language });
  }
  return out;
}

async function chromiumFlags(): Promise<Chromium> {
  const { launchBrowser } = await import('../scripts/print/browser.ts');
  const profile = path.join(WORK, `profile-${process.pid}`);
  const browser = await launchBrowser({ protocolTimeout: 60_000, userDataDir: profile });
  try {
    const proc = browser.process();
    return { exe: proc?.spawnfile ?? '', args: (proc?.spawnargs ?? []).slice(1), version: await browser.version() };
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Which `brief` commands exist in this checkout (they land in parallel): read from cli.ts and commands/, no process. */
function commands(): Set<string> {
  const dir = path.join(REPO, 'scripts', 'commands');
  const files = [path.join(REPO, 'scripts', 'cli.ts'), ...(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)) : [])];
  const src = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  return new Set([...src.matchAll(/\.command\('([\w-]+)'\)/g)].map((x) => x[1]));
}

/** The country codes of a generated packs brief, sorted, from its dataset. */
function packCodes(name: string): string[] {
  const count = name === GENERATED.packs100.name ? GENERATED.packs100.countries : GENERATED.packs50.countries;
  const csv = readFileSync(path.join(CORPUS_DIR, 'data', `offices-${count}.csv`), 'utf8');
  return [...new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]))].sort();
}

// ---------- running cases ----------

class Bench {
  cases: CaseResult[] = [];
  skipped: string[] = [];
  constructor(readonly opts: Options) {}

  wants(id: string) {
    return !this.opts.only || this.opts.only.test(id);
  }

  skip(c: Omit<CaseResult, 'runs' | 'ms' | 'items' | 'msPerItem' | 'peakMiB' | 'pages' | 'timings' | 'notes' | 'skipped'>, reason: string) {
    if (!this.wants(c.id)) return;
    this.cases.push({ ...c, runs: 0, ms: null, items: null, msPerItem: null, peakMiB: null, pages: null, skipped: reason, timings: null, notes: [] });
    this.skipped.push(`${c.id}: ${reason}`);
    log(`  skip ${c.id}: ${reason}`);
  }

  record(c: CaseResult) {
    this.cases.push(c);
    const each = c.msPerItem ? `, ${secs(c.msPerItem.median)} each` : '';
    log(`  ${c.id}: median ${secs(c.ms?.median)} (${secs(c.ms?.min)}–${secs(c.ms?.max)}, ${c.runs} run${c.runs === 1 ? '' : 's'})${each}${c.peakMiB != null ? `, peak ${Math.round(c.peakMiB)} MiB` : ''}${c.pages != null ? `, ${c.pages} pages` : ''}`);
  }

  get(id: string) {
    return this.cases.find((c) => c.id === id && !c.skipped) ?? null;
  }
}

function failed(m: Measured, what: string): string | null {
  if (m.timedOut) return `${what}: timed out`;
  if (m.code !== 0) return `${what}: exit ${m.code ?? m.signal}: ${(m.stderr || m.stdout).trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`;
  return null;
}

/** A series of separate processes: wall time, peak tree memory. */
class Series {
  ms: number[] = [];
  peaks: number[] = [];
  timings: Record<string, number>[] = [];
  pages: number | null = null;
  error: string | null = null;
  add(m: Measured, what: string) {
    const err = failed(m, what);
    if (err) {
      this.error ??= err;
      return false;
    }
    this.ms.push(m.ms);
    if (m.peakMiB != null) this.peaks.push(m.peakMiB);
    return true;
  }
  peak() {
    return this.peaks.length ? Math.max(...this.peaks) : null;
  }
}

async function runWarm(job: WarmJob): Promise<{ m: Measured; reps: WarmReport[] }> {
  const m = await measure({ cmd: process.execPath, args: ['--import', 'tsx', WARM, JSON.stringify(job)], cwd: REPO, timeoutMs: 600_000 });
  return { m, reps: reports<WarmReport>(m) };
}

function warmCase(b: Bench, base: Pick<CaseResult, 'id' | 'group' | 'tool' | 'what' | 'brief'>, m: Measured, reps: WarmReport[], notes: string[] = []) {
  const err = failed(m, base.id);
  const timed = reps.filter((r) => r.warm && r.i >= 0);
  if (err || !timed.length) {
    b.skip(base, err ?? 'no timed iterations reported');
    return;
  }
  b.record({
    ...base,
    runs: timed.length,
    ms: spread(timed.map((r) => r.ms)),
    items: null,
    msPerItem: null,
    peakMiB: m.peakMiB,
    pages: timed[0].pages ?? null,
    skipped: null,
    timings: medianTimings(timed.map((r) => r.timings ?? {})),
    notes,
  });
}

// ---------- main ----------

async function main() {
  const opts = options(process.argv.slice(2));
  const tStart = performance.now();
  const loadStart = os.loadavg().map(round1);
  log(`briefkit bench${opts.quick ? ' --quick' : ''}: ${os.cpus().length} cpus, load ${loadStart.join(' ')}${loadStart[0] > 1.5 ? '  (busy machine: numbers will be noisy; ratios from one run still compare)' : ''}`);
  if (!canMeasureMemory) log('  memory: /proc/<pid>/task/<tid>/children is not available here, so peak memory is not reported');
  const stale = diffCorpus(CORPUS_DIR);
  if (stale.length) log(`  note: bench/corpus differs from bench/generate.ts in ${stale.length} file(s); run npx tsx bench/generate.ts`);

  const bench = new Bench(opts);
  const briefs = await prepareBriefs();
  const chromium = await chromiumFlags();
  const cmds = commands();
  log(`  chromium ${chromium.version}: ${chromium.exe}`);

  const pagedjs = opts.peers ? findPagedjs() : null;
  const pw = opts.peers ? findPandocWeasyprint() : null;
  if (opts.peers && !pagedjs) log(`  pagedjs-cli not found, skipped. To include it: ${INSTALL.pagedjs}`);
  if (opts.peers && !pw) log(`  pandoc and/or weasyprint not found, skipped. To include them: ${INSTALL.pandoc}`);
  const typst = opts.peers ? findTypst() : null;
  if (opts.peers && !typst) log(`  typst (${'@myriaddreamin/typst-ts-node-compiler'}) not found, skipped. To include it: ${INSTALL.typst}`);

  const byBrief = (key: 'sample' | 'long') => briefs.find((x) => x.key === key)!;
  const pdfOptionsFor = (g: PageGeometry) => {
    const [t, r = t, btm = t, l = r] = g.margins.trim().split(/\s+/);
    return { format: /^[A-Za-z]\d?$|^(Letter|Legal)$/i.test(g.size) ? g.size : undefined, margin: { top: t, right: r, bottom: btm, left: l }, preferCSSPageSize: true };
  };

  // ---- 1. cold: each case a new process; the cases of a round run back to back so drift hits all alike
  const cold = new Map<string, Series>();
  const series = (id: string) => cold.get(id) ?? (cold.set(id, new Series()), cold.get(id)!);
  const pandocDir = path.join(WORK, 'pandoc');
  if (pw) {
    rmSync(pandocDir, { recursive: true, force: true });
    mkdirSync(path.join(pandocDir, 'charts'), { recursive: true });
    const long = byBrief('long');
    copyFileSync(path.join(CORPUS_DIR, 'pandoc', `${long.name}.md`), path.join(pandocDir, `${long.name}.md`));
    for (const [id, svg] of chartSvgs(long.printHtml)) writeFileSync(path.join(pandocDir, 'charts', `${id}.svg`), svg);
    writeFileSync(path.join(pandocDir, 'style.css'), weasyCss(long.geometry));
  }
  // Typst: the corpus's Typst file, the same chart SVGs, the Noto fonts as TrueType.
  const typstDir = path.join(WORK, 'typst');
  const long = byBrief('long');
  const typstJob = (mode: 'cold' | 'warm', iterations = 1, warmup = 0) =>
    JSON.stringify({ mode, module: typst!.bin, dir: typstDir, main: `${long.name}.typ`, out: path.join(typstDir, 'out.pdf'), fonts: path.join(typstDir, 'fonts'), iterations, warmup });
  if (typst) {
    rmSync(typstDir, { recursive: true, force: true });
    mkdirSync(path.join(typstDir, 'charts'), { recursive: true });
    copyFileSync(path.join(CORPUS_DIR, 'typst', `${long.name}.typ`), path.join(typstDir, `${long.name}.typ`));
    for (const [id, svg] of chartSvgs(long.printHtml)) writeFileSync(path.join(typstDir, 'charts', `${id}.svg`), svg);
    await typstFonts(path.join(typstDir, 'fonts'));
  }
  const pagedArgs = chromium.args.filter((a) => !/^--(user-data-dir|remote-debugging|headless)/.test(a) && !a.includes(',') && a.startsWith('--'));

  // What a cold `brief` pays before its pipeline starts (node, tsx, imports): probed once a round,
  // beside the cold builds, so both see the same machine.
  const imports: Record<string, number>[] = [];
  log(`\ncold runs (${opts.runs} round${opts.runs === 1 ? '' : 's'}): briefkit CLI, floor, peers`);
  for (let round = 0; round < opts.runs; round++) {
    {
      const m = await measure({ cmd: process.execPath, args: [IMPORTS], cwd: REPO });
      const r = reports<Record<string, number>>(m)[0];
      if (r) imports.push({ ...r, wall: m.ms });
    }
    for (const b of briefs) {
      const id = `briefkit/build-cold/${b.name}`;
      if (bench.wants(id)) {
        const m = await measure({ cmd: process.execPath, args: [BIN, 'build', b.name, '--root', b.root, '--json', '--lang', b.language], cwd: REPO });
        const s = series(id);
        if (s.add(m, id)) {
          try {
            const r = JSON.parse(m.stdout)[0];
            s.timings.push(r.timings);
            s.pages = r.pages;
          } catch {
            // timings are a bonus
          }
        }
      }
      const fid = `floor/print-cold/${b.name}`;
      if (bench.wants(fid)) {
        const out = path.join(WORK, `${b.name}.floor.pdf`);
        const job = { mode: 'cold', html: b.printFile, out, exe: chromium.exe, args: chromium.args, iterations: 1, warmup: 0, pdf: pdfOptionsFor(b.geometry) };
        const m = await measure({ cmd: process.execPath, args: [FLOOR, JSON.stringify(job)], cwd: REPO });
        const s = series(fid);
        if (s.add(m, fid)) {
          const rep = reports<WarmReport & { timings: Record<string, number> }>(m)[0];
          if (rep) s.timings.push(rep.timings ?? {});
          s.pages = rep?.pages ?? (await pdfPages(out));
        }
      }
      const pid = `peer/pagedjs-cli/${b.name}`;
      if (pagedjs && bench.wants(pid) && !(opts.quick && b.key === 'sample')) {
        const out = path.join(WORK, `${b.name}.pagedjs.pdf`);
        const m = await measure({
          cmd: pagedjs.bin,
          args: [b.pagedFile, '-o', out, '--browserArgs', [...pagedArgs, '--headless=shell'].join(',')],
          cwd: path.dirname(b.pagedFile),
          env: { PUPPETEER_EXECUTABLE_PATH: chromium.exe, PUPPETEER_SKIP_DOWNLOAD: '1' },
          timeoutMs: 300_000,
        });
        const s = series(pid);
        if (s.add(m, pid)) s.pages = await pdfPages(out);
      }
      const wid = `peer/pandoc+weasyprint/${b.name}`;
      if (pw && b.key === 'long' && bench.wants(wid)) {
        const md = `${b.name}.md`;
        const m = await measure({
          cmd: 'sh',
          args: ['-c', `pandoc "$1" -s --lua-filter "$2" --css style.css -o out.html && weasyprint out.html out.pdf`, 'sh', md, LUA_FILTER],
          cwd: pandocDir,
          timeoutMs: 300_000,
        });
        const s = series(wid);
        if (s.add(m, wid)) s.pages = await pdfPages(path.join(pandocDir, 'out.pdf'));
      }
      const tid = `peer/typst-cold/${b.name}`;
      if (typst && b.key === 'long' && bench.wants(tid)) {
        const m = await measure({ cmd: process.execPath, args: [TYPST, typstJob('cold')], cwd: typstDir });
        const s = series(tid);
        if (s.add(m, tid)) {
          const rep = reports<WarmReport>(m)[0];
          if (rep) s.timings.push(rep.timings ?? {});
          s.pages = rep?.pages ?? null;
        }
      }
    }
  }
  const coldCase = (id: string, base: Omit<CaseResult, 'id' | 'runs' | 'ms' | 'items' | 'msPerItem' | 'peakMiB' | 'pages' | 'skipped' | 'timings' | 'notes'>, notes: string[] = []) => {
    const s = cold.get(id);
    if (!s) return;
    if (!s.ms.length) return bench.skip({ id, ...base }, s.error ?? 'did not run');
    bench.record({ id, ...base, runs: s.ms.length, ms: spread(s.ms), items: null, msPerItem: null, peakMiB: s.peak(), pages: s.pages, skipped: null, timings: medianTimings(s.timings), notes });
  };
  for (const b of briefs) {
    coldCase(`briefkit/build-cold/${b.name}`, { group: 'briefkit', tool: 'briefkit', what: `full ${b.label}, HTML + PDF, new process (node bin/brief.mjs build)`, brief: b.name });
    coldCase(`floor/print-cold/${b.name}`, { group: 'floor', tool: 'chromium page.pdf', what: `same print HTML, same Chromium and flags, no pagination: launch + load + page.pdf, new process`, brief: b.name }, ['`chromium --headless --print-to-pdf` hangs with this @sparticuz/chromium build, so the floor is a bare puppeteer page.pdf() in plain node']);
    if (pagedjs && opts.quick && b.key === 'sample') bench.skip({ id: `peer/pagedjs-cli/${b.name}`, group: 'peer', tool: 'pagedjs-cli', what: 'pagedjs-cli on the same HTML', brief: b.name }, '--quick: peers run on the 20-page brief only');
    else if (pagedjs) coldCase(`peer/pagedjs-cli/${b.name}`, { group: 'peer', tool: 'pagedjs-cli', what: `briefkit's print HTML with notes as float: footnote, pagedjs-cli on the same Chromium`, brief: b.name }, ['flags with commas (--disable-features=…) cannot pass through --browserArgs']);
    else bench.skip({ id: `peer/pagedjs-cli/${b.name}`, group: 'peer', tool: 'pagedjs-cli', what: 'pagedjs-cli on the same HTML', brief: b.name }, opts.peers ? `not installed: ${INSTALL.pagedjs}` : '--no-peers');
  }
  const longBrief = byBrief('long');
  if (pw) coldCase(`peer/pandoc+weasyprint/${longBrief.name}`, { group: 'peer', tool: 'pandoc+weasyprint', what: 'corpus markdown → pandoc HTML (notes as float: footnote) → WeasyPrint PDF', brief: longBrief.name });
  else bench.skip({ id: `peer/pandoc+weasyprint/${longBrief.name}`, group: 'peer', tool: 'pandoc+weasyprint', what: 'pandoc + WeasyPrint on the corpus markdown', brief: longBrief.name }, opts.peers ? `not installed: ${INSTALL.pandoc}` : '--no-peers');
  const typstWhat = 'the same text as Typst markup (bench/generate.ts: #footnote, the 200-row table, outline), typst-ts-node-compiler to PDF';
  if (typst) coldCase(`peer/typst-cold/${longBrief.name}`, { group: 'peer', tool: 'typst', what: `${typstWhat}, new node process`, brief: longBrief.name });
  else bench.skip({ id: `peer/typst-cold/${longBrief.name}`, group: 'peer', tool: 'typst', what: 'Typst on the same text', brief: longBrief.name }, opts.peers ? `not installed: ${INSTALL.typst}` : '--no-peers');
  bench.skipped.push(`peer/pandoc+weasyprint/110-overseas: the sample's {{helpers}} and ::table where= have no pandoc equivalent; pandoc runs on the generated brief only`);

  // ---- 2. warm: one process, browser up, caches warm
  log('\nwarm runs: in-process, browser up');
  const warmBriefs = opts.quick ? briefs.filter((b) => b.key === 'sample') : briefs; // --quick: the sample only
  for (const b of warmBriefs) {
    const id = `briefkit/build-warm/${b.name}`;
    if (bench.wants(id)) {
      const { m, reps } = await runWarm({ mode: 'build', root: b.root, name: b.name, iterations: opts.warmIterations, warmup: 1, languages: [b.language] });
      const launch = reps.find((r) => r.i === -1)?.launchMs;
      warmCase(bench, { id, group: 'briefkit', tool: 'briefkit', what: `full ${b.label}, HTML + PDF, in-process with the browser up`, brief: b.name }, m, reps, launch ? [`browser launch (openPrinter) ${launch} ms, not in the times`] : []);
    }
    // The cost of a second language: every edition of the brief (its translations too) in one build, one browser.
    const lid = `briefkit/build-warm-all-languages/${b.name}`;
    const translated = b.key === 'sample';
    if (translated && bench.wants(lid)) {
      const { m, reps } = await runWarm({ mode: 'build', root: b.root, name: b.name, iterations: opts.warmIterations, warmup: 1 });
      warmCase(bench, { id: lid, group: 'briefkit', tool: 'briefkit', what: `full ${b.label} in every language (${b.language} and its translations), HTML + PDF, in-process with the browser up`, brief: b.name }, m, reps, ['one build of every edition, sharing one browser; compare briefkit/build-warm (its own language only)']);
    }
    const fid = `floor/print-warm/${b.name}`;
    if (bench.wants(fid)) {
      const job = { mode: 'warm', html: b.printFile, out: path.join(WORK, `${b.name}.floor-warm.pdf`), exe: chromium.exe, args: chromium.args, iterations: opts.warmIterations, warmup: 1, pdf: pdfOptionsFor(b.geometry) };
      const m = await measure({ cmd: process.execPath, args: [FLOOR, JSON.stringify(job)], cwd: REPO });
      warmCase(bench, { id: fid, group: 'floor', tool: 'chromium page.pdf', what: 'same print HTML, load + page.pdf in an open browser', brief: b.name }, m, reports<WarmReport>(m));
    }
    const tid = `peer/typst-warm/${b.name}`;
    if (typst && b.key === 'long' && bench.wants(tid)) {
      const m = await measure({ cmd: process.execPath, args: [TYPST, typstJob('warm', opts.warmIterations, 1)], cwd: typstDir });
      warmCase(bench, { id: tid, group: 'peer', tool: 'typst', what: 'the same Typst file compiled again by one compiler (its caches warm)', brief: b.name }, m, reports<WarmReport>(m), ["the file is unchanged between compiles, so Typst's memoized compile is near 0 ms and the time is mostly PDF export"]);
    }
  }

  // ---- 3. HTML only, check, edits
  log('\nHTML only, check, edit → rebuild');
  for (const b of warmBriefs) {
    const id = `briefkit/html-cold/${b.name}`;
    if (bench.wants(id)) {
      const s = new Series();
      for (let i = 0; i < opts.runs; i++) s.add(await measure({ cmd: process.execPath, args: [BIN, 'build', b.name, '--root', b.root, '--html-only', '--lang', b.language], cwd: REPO }), id);
      if (s.ms.length) bench.record({ id, group: 'briefkit', tool: 'briefkit', what: `${b.label}, HTML only, new process`, brief: b.name, runs: s.ms.length, ms: spread(s.ms), items: null, msPerItem: null, peakMiB: s.peak(), pages: null, skipped: null, timings: null, notes: [] });
      else bench.skip({ id, group: 'briefkit', tool: 'briefkit', what: 'HTML only, new process', brief: b.name }, s.error ?? 'did not run');
    }
    const wid = `briefkit/html-warm/${b.name}`;
    if (bench.wants(wid)) {
      const { m, reps } = await runWarm({ mode: 'html', root: b.root, name: b.name, iterations: opts.warmIterations, warmup: 1 });
      warmCase(bench, { id: wid, group: 'briefkit', tool: 'briefkit', what: `${b.label}, HTML only, in-process`, brief: b.name }, m, reps);
    }
  }
  const sample = byBrief('sample');
  let numberingMs: number | null = null;
  {
    const id = `briefkit/check-cold/${sample.name}`;
    if (bench.wants(id)) {
      const s = new Series();
      for (let i = 0; i < opts.runs; i++) s.add(await measure({ cmd: process.execPath, args: [BIN, 'check', sample.name, '--root', sample.root], cwd: REPO }), id);
      if (s.ms.length) bench.record({ id, group: 'briefkit', tool: 'briefkit', what: '`brief check` on the sample brief, new process', brief: sample.name, runs: s.ms.length, ms: spread(s.ms), items: null, msPerItem: null, peakMiB: s.peak(), pages: null, skipped: null, timings: null, notes: [] });
      else bench.skip({ id, group: 'briefkit', tool: 'briefkit', what: '`brief check`, new process', brief: sample.name }, s.error ?? 'did not run');
    }
    const wid = `briefkit/check-warm/${sample.name}`;
    if (bench.wants(wid)) {
      const { m, reps } = await runWarm({ mode: 'check', root: sample.root, name: sample.name, iterations: opts.warmIterations, warmup: 1 });
      warmCase(bench, { id: wid, group: 'briefkit', tool: 'briefkit', what: 'check (prepare) on the sample brief, in-process', brief: sample.name }, m, reps);
      numberingMs = reps.find((r) => r.i === -2)?.ms ?? null;
    }
    const eid = `briefkit/html-after-edit/${sample.name}`;
    if (bench.wants(eid) && !opts.quick) {
      const { m, reps } = await runWarm({ mode: 'edit', root: sample.root, name: sample.name, iterations: opts.warmIterations, warmup: 1 });
      warmCase(bench, { id: eid, group: 'briefkit', tool: 'briefkit', what: 'whole HTML build after a chapter edit, in-process (no dev memory)', brief: sample.name }, m, reps);
    }
    const did = `briefkit/dev-rebuild/${sample.name}`;
    if (!cmds.has('dev') || !existsSync(path.join(REPO, 'scripts', 'dev', 'server.ts'))) bench.skip({ id: did, group: 'briefkit', tool: 'briefkit', what: 'brief dev: save → reload event', brief: sample.name }, '`brief dev` is not in this checkout yet');
    else if (bench.wants(did)) {
      const { m, reps } = await runWarm({ mode: 'dev', root: sample.root, name: sample.name, iterations: opts.quick ? 3 : 8, warmup: 1 });
      warmCase(bench, { id: did, group: 'briefkit', tool: 'briefkit', what: '`brief dev` server: chapter saved → SSE reload event (watcher + rebuild)', brief: sample.name }, m, reps);
    }
  }

  // `brief diff` between the first two released editions of the sample (a redline, HTML + PDF).
  {
    const id = `briefkit/diff-cold/${sample.name}`;
    const relDir = path.join(sample.root, 'releases', sample.name);
    const released = existsSync(relDir) ? readdirSync(relDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
    const base = { id, group: 'briefkit' as const, tool: 'briefkit', what: '`brief diff` redline between two released editions, HTML + PDF, new process', brief: sample.name };
    if (!cmds.has('diff')) bench.skip(base, '`brief diff` is not in this checkout yet');
    else if (released.length < 2) bench.skip(base, `needs two releases of ${sample.name} under releases/; found ${released.length}`);
    else if (opts.quick) bench.skip(base, '--quick');
    else if (bench.wants(id)) {
      const s = new Series();
      for (let i = 0; i < Math.min(3, opts.runs); i++) s.add(await measure({ cmd: process.execPath, args: [BIN, 'diff', sample.name, released[0], released[1], '--root', sample.root], cwd: REPO }), id);
      if (s.ms.length) bench.record({ ...base, what: `${base.what} (${released[0]} → ${released[1]})`, runs: s.ms.length, ms: spread(s.ms), items: null, msPerItem: null, peakMiB: s.peak(), pages: null, skipped: null, timings: null, notes: [] });
      else bench.skip(base, s.error ?? 'did not run');
    }
    bench.skipped.push('brief release: not timed; it writes an immutable archive into releases/ (its cost is a build plus copying and hashing)');
  }

  // ---- 4. packs
  log('\npacks');
  const packs50 = GENERATED.packs50;
  const packDetail = async (name: string) => {
    const dir = path.join(CORPUS_DIR, 'output', name);
    const pdfs: string[] = [];
    const walk = (d: string) => {
      for (const e of existsSync(d) ? readdirSync(d, { withFileTypes: true }) : []) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (e.name.endsWith('.pdf')) pdfs.push(path.join(d, e.name));
      }
    };
    walk(dir);
    return pdfs.length ? pdfPages(pdfs.sort()[0]) : null;
  };
  const packsCase = async (id: string, name: string, count: number, concurrency: number, runs: number, what: string, only?: string[]) => {
    if (!bench.wants(id)) return null;
    if (!cmds.has('packs')) return bench.skip({ id, group: 'briefkit', tool: 'briefkit', what, brief: name }, '`brief packs` is not in this checkout yet');
    const s = new Series();
    let last: Measured | null = null;
    for (let i = 0; i < runs; i++) {
      rmSync(path.join(CORPUS_DIR, 'output', name), { recursive: true, force: true });
      last = await measure({ cmd: process.execPath, args: [BIN, 'packs', name, '--root', CORPUS_DIR, '--concurrency', String(concurrency), ...(only ? ['--country', only.join(',')] : [])], cwd: REPO, env: { CI: '1' }, timeoutMs: 900_000 });
      s.add(last, id);
    }
    if (!s.ms.length) return bench.skip({ id, group: 'briefkit', tool: 'briefkit', what, brief: name }, s.error ?? 'did not run');
    bench.record({ id, group: 'briefkit', tool: 'briefkit', what, brief: name, runs: s.ms.length, ms: spread(s.ms), items: count, msPerItem: spread(s.ms.map((x) => x / count)), peakMiB: s.peak(), pages: await packDetail(name), skipped: null, timings: null, notes: [`${concurrency} at once in one browser; wall time of the whole command, start-up included`, ...(only ? [`--quick: ${count} of the ${GENERATED.packs50.countries} packs (--country), so start-up weighs more per pack`] : [])] });
    return last;
  };
  if (!opts.quick) await packsCase(`briefkit/packs-c1/${packs50.name}`, packs50.name, packs50.countries, 1, Math.max(1, Math.min(2, opts.runs)), `${packs50.countries} packs, concurrency 1 (brief packs, new process)`);
  const quickCountries = opts.quick ? packCodes(packs50.name).slice(0, 10) : undefined;
  const c2count = quickCountries?.length ?? packs50.countries;
  await packsCase(`briefkit/packs-c2/${packs50.name}`, packs50.name, c2count, 2, opts.quick ? 1 : Math.max(1, Math.min(3, opts.runs)), `${c2count} packs, concurrency 2 (brief packs, new process)`, quickCountries);
  const wpid = `peer/pandoc+weasyprint/${packs50.name}`;
  if (pw && bench.wants(wpid)) {
    const dir = path.join(WORK, 'pandoc-packs');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = readdirSync(path.join(CORPUS_DIR, 'pandoc', packs50.name)).filter((f) => f.endsWith('.md')).sort();
    const take = opts.quick ? files.slice(0, 6) : files;
    for (const f of take) copyFileSync(path.join(CORPUS_DIR, 'pandoc', packs50.name, f), path.join(dir, f));
    writeFileSync(path.join(dir, 'style.css'), weasyCss(longBrief.geometry));
    const m = await measure({
      cmd: 'sh',
      args: ['-c', `ls *.md | xargs -P 2 -I{} sh -c 'pandoc "{}" -s --lua-filter "$0" --css style.css -o "{}.html" && weasyprint "{}.html" "{}.pdf"' "$1"`, 'sh', LUA_FILTER],
      cwd: dir,
      timeoutMs: 900_000,
    });
    const err = failed(m, wpid);
    if (err) bench.skip({ id: wpid, group: 'peer', tool: 'pandoc+weasyprint', what: 'packs', brief: packs50.name }, err);
    else bench.record({ id: wpid, group: 'peer', tool: 'pandoc+weasyprint', what: `${take.length} packs, 2 at once (xargs -P 2), pandoc then WeasyPrint per pack`, brief: packs50.name, runs: 1, ms: spread([m.ms]), items: take.length, msPerItem: spread([m.ms / take.length]), peakMiB: m.peakMiB, pages: await pdfPages(path.join(dir, `${take[0]}.pdf`)), skipped: null, timings: null, notes: opts.quick ? [`--quick: the first ${take.length} packs only`] : [] });
  } else if (!pw) bench.skip({ id: wpid, group: 'peer', tool: 'pandoc+weasyprint', what: 'packs', brief: packs50.name }, opts.peers ? `not installed: ${INSTALL.pandoc}` : '--no-peers');

  // 100 packs: does the tree grow as packs go by?
  const growth: { mib: number | null; note: string | null } = { mib: null, note: null };
  const mid = `briefkit/packs-memory/${GENERATED.packs100.name}`;
  if (opts.quick) bench.skip({ id: mid, group: 'briefkit', tool: 'briefkit', what: '100 packs, memory growth', brief: GENERATED.packs100.name }, '--quick');
  else {
    const m = await packsCase(mid, GENERATED.packs100.name, GENERATED.packs100.countries, 2, 1, `${GENERATED.packs100.countries} packs, concurrency 2: memory across the run`);
    if (m && !failed(m, mid)) {
      // Progress lines ([n/N] …) time-stamp each pack; compare the tree around pack 20 with the last ten.
      const at = (n: number) => m.errLines.find(([, l]) => l.startsWith(`[${n}/`))?.[0] ?? null;
      const t20 = at(20);
      const t90 = at(90);
      const rssNear = (t0: number, t1: number) => spread(m.timeline.filter(([t]) => t >= t0 && t <= t1).map(([, v]) => v))?.median ?? null;
      if (t20 != null && t90 != null) {
        const early = rssNear(at(10) ?? 0, t20);
        const late = rssNear(t90, m.ms);
        if (early != null && late != null) {
          growth.mib = round1(late - early);
          growth.note = `median tree RSS over packs 10–20: ${early} MiB; over packs 90–100: ${late} MiB`;
        }
      }
      const c = bench.get(mid);
      if (c && growth.note) c.notes.push(growth.note);
      const checkpoints = [1, 10, 25, 50, 75, 100].map((n) => {
        const t = at(n);
        const near = t == null ? null : m.timeline.reduce<[number, number] | null>((best, x) => (!best || Math.abs(x[0] - t) < Math.abs(best[0] - t) ? x : best), null);
        return near ? `pack ${n}: ${Math.round(near[1])} MiB` : null;
      });
      if (c && checkpoints.every(Boolean)) c.notes.push(`tree RSS at ${checkpoints.join(', ')}`);
    }
  }

  // 1,000 packs in one process: memory from pack 100 to the last, time per pack, orphans.
  const long1000: { growth: number | null; perPackMs: number | null; orphans: number | null; note: string | null } = { growth: null, perPackMs: null, orphans: null, note: null };
  {
    const count = opts.quick ? 120 : 1000;
    const id = `briefkit/packs-1000/field-notes-all`;
    const what = `${count} packs in one process and browser, concurrency 2 (every ISO country's pack, made ${Math.ceil(count / 250)} times over; bench/workers/packs1000.ts)`;
    if (bench.wants(id)) {
      const job: Packs1000Job = { corpus: CORPUS_DIR, dir: path.join(WORK, 'packs1000'), packs: count, concurrency: 2 };
      const m = await measure({ cmd: process.execPath, args: ['--import', 'tsx', PACKS1000, JSON.stringify(job)], cwd: REPO, timeoutMs: 3_600_000, sampleMs: 250 });
      const r = reports<Packs1000Report>(m)[0];
      const err = failed(m, id) ?? (r ? null : 'no report');
      if (err || !r) bench.skip({ id, group: 'briefkit', tool: 'briefkit', what, brief: 'field-notes-all' }, err ?? 'no report');
      else {
        long1000.growth = round1(r.rssAtEnd - r.rssAt100);
        long1000.perPackMs = r.wallMs / r.packs;
        long1000.orphans = r.orphans;
        long1000.note = `tree RSS (median) over packs 100–199: ${r.rssAt100} MiB, over the last 100: ${r.rssAtEnd} MiB (least-squares trend from pack 100 on: ${r.trendMiB} MiB); packs 101–${r.packs}: ${secs(r.steadyMs / Math.max(1, r.packs - 100))} each; ${r.failed} failed; ${r.orphans} Chromium process(es) left after close${opts.quick ? '; --quick: 120 packs, so the growth says little' : ''}`;
        bench.record({ id, group: 'briefkit', tool: 'briefkit', what, brief: 'field-notes-all', runs: 1, ms: spread([r.wallMs]), items: r.packs, msPerItem: spread([r.wallMs / r.packs]), peakMiB: m.peakMiB, pages: null, skipped: null, timings: null, notes: [long1000.note] });
      }
    }
  }

  // ---- 5. where the time goes: start-up cost, numbering alone
  const importMedians = medianTimings(imports) ?? {};

  // ---- results
  const versions: Record<string, string> = {
    briefkit: JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version,
    chromium: chromium.version,
    'puppeteer-core': JSON.parse(readFileSync(path.join(REPO, 'node_modules/puppeteer-core/package.json'), 'utf8')).version,
    '@sparticuz/chromium': JSON.parse(readFileSync(path.join(REPO, 'node_modules/@sparticuz/chromium/package.json'), 'utf8')).version,
    node: process.version,
  };
  if (pagedjs) versions['pagedjs-cli'] = pagedjs.version;
  if (typst) versions['typst-ts-node-compiler'] = typst.version;
  if (pw) {
    versions.pandoc = pw.pandoc.version;
    versions.weasyprint = pw.weasyprint.version;
  }
  const targets = computeTargets(bench, briefs, growth, opts.quick, long1000);
  const profile = computeProfile(bench, sample, importMedians, numberingMs);
  const results: Results = {
    schema: 1,
    date: new Date().toISOString(),
    quick: opts.quick,
    argv: process.argv.slice(2),
    durationS: Math.round((performance.now() - tStart) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: round1(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadStart,
      loadEnd: os.loadavg().map(round1),
    },
    versions,
    corpus: briefs.map((b): Results['corpus'][number] => ({ brief: b.name, root: path.relative(REPO, b.root) || '.', pages: bench.get(`briefkit/build-cold/${b.name}`)?.pages ?? bench.get(`briefkit/build-warm/${b.name}`)?.pages ?? null, footnotes: b.footnotes, description: b.key === 'sample' ? 'the sample brief (content/110-overseas)' : `generated: ${GENERATED.long.footnotes} footnotes, a ${GENERATED.long.tableRows}-row table, ${GENERATED.long.charts} charts` })).concat([
      { brief: packs50.name, root: path.relative(REPO, CORPUS_DIR), pages: bench.get(`briefkit/packs-c2/${packs50.name}`)?.pages ?? null, footnotes: null, description: `${packs50.countries} countries → ${packs50.countries} short country packs` },
      { brief: GENERATED.packs100.name, root: path.relative(REPO, CORPUS_DIR), pages: null, footnotes: null, description: `${GENERATED.packs100.countries} countries, for memory across 100 packs` },
    ]),
    cases: bench.cases,
    targets,
    profile,
    skipped: bench.skipped,
  };
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
  const text = report(results);
  process.stdout.write(`\n${text}\n`);
  log(`results: ${path.relative(process.cwd(), opts.out)} (${results.durationS} s, load ${results.machine.loadEnd.join(' ')} at the end)`);
  if (opts.writeReadme) writeReadme(results, text);
}

// ---------- performance targets ----------

function computeTargets(bench: Bench, briefs: BriefRef[], growth: { mib: number | null; note: string | null }, quick: boolean, long1000: { growth: number | null; perPackMs: number | null; orphans: number | null; note: string | null }): TargetResult[] {
  const out: TargetResult[] = [];
  const ratio = (id: string, what: string, num: string, den: string, target: string | null, limit: number | null, note: string | null = null) => {
    const a = bench.get(num)?.ms?.median;
    const b = bench.get(den)?.ms?.median;
    const value = a != null && b != null && b > 0 ? Math.round((a / b) * 100) / 100 : null;
    out.push({ id, what, value, unit: '×', numerator: num, denominator: den, target, limit, met: value == null || limit == null ? null : value <= limit, note: value == null ? `not measured: ${[bench.get(num) ? null : num, bench.get(den) ? null : den].filter(Boolean).join(', ')}` : note });
  };
  const absolute = (id: string, what: string, num: string, value: number | null, unit: TargetResult['unit'], target: string | null, limit: number | null, note: string | null = null) =>
    out.push({ id, what, value, unit, numerator: num, denominator: null, target, limit, met: value == null || limit == null ? null : value <= limit, note: value == null ? `not measured: ${num}` : note });

  for (const b of briefs) {
    ratio(`cold-vs-floor/${b.name}`, `full brief cold ÷ floor cold (${b.label})`, `briefkit/build-cold/${b.name}`, `floor/print-cold/${b.name}`, '≤ 1.2×', 1.2);
    const cold = bench.get(`briefkit/build-cold/${b.name}`);
    // SPEC §10: the 20-page brief in a second, the sample in a second and a half (new process, 2 cores).
    const [limit, target] = b.key === 'long' ? [1000, '≤ 1.0 s'] : [1500, '≤ 1.5 s'];
    absolute(`build-cold/${b.name}`, `full brief cold, HTML + PDF, new process (${b.label})`, `briefkit/build-cold/${b.name}`, cold?.ms?.median ?? null, 'ms', target, limit);
    ratio(`warm-vs-floor/${b.name}`, `full brief warm ÷ floor warm (${b.label})`, `briefkit/build-warm/${b.name}`, `floor/print-warm/${b.name}`, null, null);
    ratio(`cold-vs-pagedjs/${b.name}`, `full brief cold ÷ pagedjs-cli (${b.label})`, `briefkit/build-cold/${b.name}`, `peer/pagedjs-cli/${b.name}`, '≤ 0.5×', 0.5);
  }
  const sampleRef = briefs.find((b) => b.key === 'sample');
  if (sampleRef) ratio(`second-language/${sampleRef.name}`, `every language ÷ one language, warm (${sampleRef.label}: English and Simplified Chinese)`, `briefkit/build-warm-all-languages/${sampleRef.name}`, `briefkit/build-warm/${sampleRef.name}`, '≤ 1.6×', 1.6);
  const long = briefs.find((b) => b.key === 'long')!;
  ratio(`cold-vs-typst/${long.name}`, `full brief cold ÷ Typst cold (${long.label})`, `briefkit/build-cold/${long.name}`, `peer/typst-cold/${long.name}`, '≤ 2×', 2);
  ratio(`warm-vs-typst/${long.name}`, `full brief warm ÷ Typst warm (${long.label})`, `briefkit/build-warm/${long.name}`, `peer/typst-warm/${long.name}`, null, null);
  ratio(`cold-vs-pandoc/${long.name}`, `full brief cold ÷ pandoc + WeasyPrint (${long.label})`, `briefkit/build-cold/${long.name}`, `peer/pandoc+weasyprint/${long.name}`, null, null);
  const p50 = GENERATED.packs50.name;
  const c2 = bench.get(`briefkit/packs-c2/${p50}`);
  const quickPacks = quick ? '--quick: few packs, so start-up weighs more per pack; judge this on a full run' : null;
  absolute(`packs-per-pack/${p50}`, `${c2?.items ?? GENERATED.packs50.countries} packs on 2 cores: seconds per pack (concurrency 2)`, `briefkit/packs-c2/${p50}`, c2?.msPerItem ? Math.round(c2.msPerItem.median) / 1000 : null, 's/pack', '≤ 0.1 s/pack', 0.1, quickPacks);
  const wp = bench.get(`peer/pandoc+weasyprint/${p50}`);
  const packRatio = c2?.msPerItem && wp?.msPerItem ? Math.round((c2.msPerItem.median / wp.msPerItem.median) * 100) / 100 : null;
  out.push({ id: `packs-vs-pandoc/${p50}`, what: 'per pack, briefkit ÷ pandoc + WeasyPrint (both 2 at once)', value: packRatio, unit: '×', numerator: `briefkit/packs-c2/${p50}`, denominator: `peer/pandoc+weasyprint/${p50}`, target: '≤ 0.25× (≥ 4× faster)', limit: 0.25, met: packRatio == null ? null : packRatio <= 0.25, note: packRatio == null ? 'not measured' : quickPacks });
  const dev = bench.get('briefkit/dev-rebuild/110-overseas');
  absolute('dev-rebuild', 'HTML rebuild after one chapter edit (`dev`: save → reload event)', 'briefkit/dev-rebuild/110-overseas', dev?.ms?.median ?? null, 'ms', '≤ 100 ms', 100, dev?.timings?.total != null ? `the rebuild itself: ${dev.timings.total} ms` : null);
  const chk = bench.get('briefkit/check-cold/110-overseas');
  const chkWarm = bench.get('briefkit/check-warm/110-overseas');
  absolute('check', '`brief check` on the sample brief (new process)', 'briefkit/check-cold/110-overseas', chk?.ms?.median ?? null, 'ms', '≤ 300 ms', 300, chkWarm?.ms ? `in-process (no start-up): ${chkWarm.ms.median} ms` : null);
  for (const b of briefs) {
    const c = bench.get(`briefkit/build-cold/${b.name}`);
    absolute(`peak-memory/${b.name}`, `peak memory, full brief cold, whole process tree (${b.label})`, `briefkit/build-cold/${b.name}`, c?.peakMiB ?? null, 'MiB', 'report it', null);
  }
  // Citations (issue: they must not cost more than a tenth of a cold build): the stage that reads
  // the bibliography and formats every citation with CSL, against the cold build's wall time.
  const sampleCold = bench.get('briefkit/build-cold/110-overseas');
  const citeMs = sampleCold?.timings?.number;
  const citeShare = citeMs != null && sampleCold?.ms ? Math.round((citeMs / sampleCold.ms.median) * 1000) / 10 : null;
  absolute('citations-share/110-overseas', 'citations and numbering, share of the sample\'s cold build (its 123 citations formatted by citeproc)', 'briefkit/build-cold/110-overseas', citeShare, '%', '≤ 10 %', 10, citeMs != null ? `${citeMs} ms of ${sampleCold!.ms!.median} ms` : null);
  // PDF/UA (issue 17: the tagging work costs at most a tenth of a cold build): the structure pass
  // (print/tags.ts, with the node-id renumbering) and the check of the PDF it wrote (pdfcheck/),
  // against the cold build's wall time, for each brief.
  for (const b of briefs) {
    const c = bench.get(`briefkit/build-cold/${b.name}`);
    const tagMs = c?.timings ? (c.timings['print.tags'] ?? 0) + (c.timings['print.check'] ?? 0) : null;
    const share = tagMs != null && c?.ms ? Math.round((tagMs / c.ms.median) * 1000) / 10 : null;
    absolute(`tagging-share/${b.name}`, `PDF/UA tagging share of a cold build (${b.label}): structure pass + check of its output`, `briefkit/build-cold/${b.name}`, share, '%', '≤ 10 %', 10, tagMs != null ? `tags ${c!.timings!['print.tags'] ?? 0} ms + check ${c!.timings!['print.check'] ?? 0} ms of ${c!.ms!.median} ms` : null);
  }
  const mem = `briefkit/packs-memory/${GENERATED.packs100.name}`;
  absolute('packs-memory-growth', 'memory growth across 100 packs (packs 10–20 → 90–100)', mem, growth.mib, 'MiB', 'no growth (≤ 30 MiB)', 30, growth.note);
  const p1000 = 'briefkit/packs-1000/field-notes-all';
  absolute('packs-1000-memory-growth', '1,000 packs: memory growth from pack 100 to pack 1,000 (whole process tree)', p1000, long1000.growth, 'MiB', '≤ 30 MiB', 30, long1000.note);
  const perPack50 = c2?.msPerItem?.median ?? null;
  const perPackRatio = long1000.perPackMs != null && perPack50 ? Math.round((long1000.perPackMs / perPack50) * 100) / 100 : null;
  out.push({ id: 'packs-1000-per-pack', what: '1,000 packs: seconds per pack ÷ the 50-pack figure (both whole runs ÷ packs)', value: perPackRatio, unit: '×', numerator: p1000, denominator: `briefkit/packs-c2/${p50}`, target: 'within 10% (≤ 1.1×)', limit: 1.1, met: perPackRatio == null ? null : perPackRatio <= 1.1, note: perPackRatio == null ? 'not measured' : `${secs(long1000.perPackMs)} a pack against ${secs(perPack50)}` });
  absolute('packs-1000-orphans', '1,000 packs: Chromium processes left after the run', p1000, long1000.orphans, 'count', 'none', 0);
  return out;
}

// ---------- profile of the full sample brief, cold ----------

function computeProfile(bench: Bench, sample: BriefRef, imp: Record<string, number>, numberingMs: number | null): Results['profile'] {
  const c = bench.get(`briefkit/build-cold/${sample.name}`);
  const t = c?.timings;
  if (!c || !t) return { brief: sample.name, coldWallMs: null, stages: [], biggest: null, floorWallMs: null, floorStages: [] };
  const g = (k: string) => t[k] ?? 0;
  const stages: ProfileStage[] = [];
  const add = (stage: string, ms: number | null | undefined, source: string) => {
    if (ms != null && Number.isFinite(ms)) stages.push({ stage, ms: round1(Math.max(0, ms)), source });
  };
  // The printer runs on a thread of its own, started with the command: its import of print/
  // (puppeteer-core) and the browser's launch run beside the pipeline, so they are shown apart
  // ("beside it") and only what the print then still waits for is counted.
  add('node start-up', imp.node, 'performance.now() at the first line of a plain script');
  add(imp.compiled ? 'sources hash (dist/ is current)' : 'tsx register (dist/ missing or stale)', imp.tsx, 'bench/workers/imports.mjs');
  add('import CLI (commander, messages)', imp.cli, 'import cli (dist/ or scripts/)');
  add('import pipeline (pipeline.ts and its stages)', imp.build, 'import scripts/runs/build.ts');
  add('parse (config, datasets, markdown)', g('parse'), 'build timings.parse');
  add('data binding, charts (cached SVG), checks', g('data'), 'timings.data');
  add('citations (bibliography, CSL) and numbering', g('number'), 'timings.number');
  add('of which numbering alone', numberingMs, 'numberAll rerun in-process');
  add('HTML render (the print HTML)', g('render'), 'timings.render');
  add('beside it, on the printer thread: import print/ (puppeteer-core)', imp.printer, 'import scripts/print/printer.ts, on its own');
  add('waiting for the printer thread (browser launch)', g('print') - g('print.total') - g('print.check'), 'timings.print − print.total − print.check');
  add('page load (+ fonts ready)', g('print.load'), 'printer timings.load (from the print\'s start: a first tab not yet ready counts here)');
  add('pagination: prepare', g('print.prepare'), 'paginate timings');
  add('pagination: measure', g('print.measure'), 'paginate timings');
  add('pagination: layout', g('print.layout'), 'paginate timings');
  add('pagination: fill', g('print.fill'), 'paginate timings');
  add('fonts (header/footer)', g('print.fonts'), 'printer timings.fonts');
  add('print (page.pdf)', g('print.pdf'), 'printer timings.pdf');
  add('of which the HTML edition, made while the browser prints', g('render.edition'), 'timings["render.edition"] (runs/build.ts printWhileMaking)');
  add('PDF/UA structure pass (print/tags.ts)', g('print.tags'), 'printer timings.tags');
  add('metadata (XMP, Info, ids)', g('print.metadata'), 'printer timings.metadata');
  add('PDF check of its own output (pdfcheck/)', g('print.check'), 'pipeline print() timings.check');
  add('write files', g('total') - g('parse') - g('data') - g('number') - g('render') - g('print'), 'timings.total − stages');
  // What the wall clock shows beyond start-up and the pipeline's own total: closing the browser, exit.
  const startup = (imp.node ?? 0) + (imp.tsx ?? 0) + (imp.cli ?? 0) + (imp.build ?? 0);
  stages.push({ stage: 'close browser, exit, unattributed', ms: round1(c.ms!.median - startup - g('total')), source: 'wall − start-up − timings.total (may be negative: noise)' });
  const top = stages.filter((s) => !/^(of which|beside it)/.test(s.stage)).sort((a, b) => b.ms - a.ms)[0];
  // The floor's own cold run, on the same scale: what briefkit adds is the difference.
  const f = bench.get(`floor/print-cold/${sample.name}`);
  const floorStages: ProfileStage[] = [];
  if (f?.timings && f.ms) {
    const ft = f.timings;
    floorStages.push({ stage: 'node start-up + import puppeteer-core', ms: round1(ft.boot ?? 0), source: 'floor worker: performance.now() at its first line' });
    floorStages.push({ stage: 'browser launch', ms: round1(ft.launch ?? 0), source: 'floor worker' });
    floorStages.push({ stage: 'page load (+ fonts ready)', ms: round1(ft.load ?? 0), source: 'floor worker' });
    floorStages.push({ stage: 'print (page.pdf)', ms: round1(ft.pdf ?? 0), source: 'floor worker' });
    floorStages.push({ stage: 'close browser, exit', ms: round1(f.ms.median - (ft.boot ?? 0) - (ft.launch ?? 0) - (ft.load ?? 0) - (ft.pdf ?? 0)), source: 'wall − the above' });
  }
  return { brief: sample.name, coldWallMs: c.ms!.median, stages, biggest: top ? `${top.stage}: ${secs(top.ms)} of ${secs(c.ms!.median)}` : null, floorWallMs: f?.ms?.median ?? null, floorStages };
}

// ---------- printing ----------

function table(head: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (align[i] === 'r' ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ')} |`;
  return [line(head), `| ${w.map((n, i) => (align[i] === 'r' ? '-'.repeat(n - 1) + ':' : '-'.repeat(n))).join(' | ')} |`, ...rows.map(line)].join('\n');
}

function fmtValue(t: TargetResult): string {
  if (t.value == null) return '–';
  if (t.unit === '×') return `${t.value.toFixed(2)}×`;
  if (t.unit === 's/pack') return `${t.value.toFixed(2)} s/pack`;
  if (t.unit === 'ms') return secs(t.value);
  if (t.unit === 'count') return String(t.value);
  if (t.unit === '%') return `${t.value} %`;
  return `${Math.round(t.value)} MiB`;
}

export function report(r: Results): string {
  const out: string[] = [];
  out.push(`briefkit ${r.versions.briefkit} · Chromium ${r.versions.chromium} · node ${r.machine.node} · ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB · load ${r.machine.loadStart.join(' ')} → ${r.machine.loadEnd.join(' ')} · ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' · --quick' : ''}`);
  const peers = ['pagedjs-cli', 'pandoc', 'weasyprint', 'typst-ts-node-compiler'].filter((k) => r.versions[k]).map((k) => `${k} ${r.versions[k]}`);
  if (peers.length) out.push(`peers: ${peers.join(', ')}`);
  out.push('', 'Performance targets: the benchmark reports, it does not fail');
  out.push(table(['what', 'value', 'target', 'met'], r.targets.map((t) => [t.what, fmtValue(t), t.target ?? '(report)', t.met == null ? (t.value == null ? 'not measured' : '–') : t.met ? 'met' : 'not met']), ['l', 'r', 'l', 'l']));
  const notes = r.targets.filter((t) => t.note).map((t) => `- ${t.what}: ${t.note}`);
  if (notes.length) out.push('', ...notes);
  out.push('', 'Cases: median (min–max) wall time; peak memory of the whole process tree');
  out.push(
    table(
      ['case', 'runs', 'median', 'min–max', 'per item', 'peak MiB', 'pages'],
      r.cases.map((c) => (c.skipped ? [c.id, '0', 'skipped', c.skipped.slice(0, 60), '', '', ''] : [c.id, String(c.runs), secs(c.ms?.median), `${secs(c.ms?.min)}–${secs(c.ms?.max)}`, c.msPerItem ? secs(c.msPerItem.median) : '', c.peakMiB == null ? '–' : String(Math.round(c.peakMiB)), c.pages == null ? '' : String(c.pages)])),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  if (r.profile.stages.length) {
    const total = r.profile.coldWallMs ?? 1;
    out.push('', `Where the time goes: full ${r.profile.brief}, cold, ${secs(r.profile.coldWallMs)} wall (medians)`);
    out.push(table(['stage', 'time', 'share'], r.profile.stages.map((s) => [s.stage, secs(s.ms), `${Math.round((s.ms / total) * 100)}%`]), ['l', 'r', 'r']));
    if (r.profile.biggest) out.push(`biggest: ${r.profile.biggest}`);
    if (r.profile.floorStages.length) {
      out.push('', `The floor on the same brief, cold: ${secs(r.profile.floorWallMs)} wall (medians)`);
      out.push(table(['stage', 'time'], r.profile.floorStages.map((s) => [s.stage, secs(s.ms)]), ['l', 'r']));
    }
  }
  if (r.skipped.length) out.push('', 'Skipped:', ...r.skipped.map((s) => `- ${s}`));
  return out.join('\n');
}

function writeReadme(r: Results, text: string) {
  const start = '<!-- bench results: written by npm run bench -- --write-readme -->';
  const end = '<!-- end of bench results -->';
  const readme = readFileSync(README, 'utf8');
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) {
    log(`README.md has no ${start} … ${end} block; not written`);
    return;
  }
  const block = `${start}\nLatest run: ${r.date.slice(0, 10)}, ${r.quick ? '`--quick`' : 'full'} (${r.durationS} s).\n\n\`\`\`text\n${text}\n\`\`\`\n${end}`;
  writeFileSync(README, readme.slice(0, i) + block + readme.slice(j + end.length));
  log('README.md: Performance section updated');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    log(`bench: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
}
