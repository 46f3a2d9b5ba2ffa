// The `brief` command. Exit codes: 0 ok, 1 content errors, 2 usage errors, 3 rendering failure.
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { formatDiagnostic, RenderError, Reporter, UserError } from './messages.ts';
import type { Diagnostic } from './types.ts';
import { listBriefs } from './config/load.ts';
import { TOOL_VERSION } from './version.ts';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

interface Common {
  root: string;
  quiet?: boolean;
  verbose?: boolean;
  json?: boolean;
}

function usage(detail: string): UserError {
  const r = new Reporter();
  r.report({ file: 'brief', line: 0, column: 0 }, 'usage', { detail });
  return Object.assign(new UserError(r.diagnostics), { usage: true });
}

function briefsToRun(root: string, names: string[]): string[] {
  if (names.length) return names;
  const found = listBriefs(root);
  if (!found.length) throw usage(`no briefs found under ${path.join(root, 'content')}`);
  return found;
}

function printDiagnostics(io: Io, diagnostics: Diagnostic[], json: boolean): void {
  if (json) io.out(JSON.stringify({ diagnostics }, null, 2));
  else for (const d of diagnostics) io.err(formatDiagnostic(d));
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = new Command('brief')
    .description('Versioned policy briefs from markdown and data: PDF, HTML, revision log and per-country packs.')
    .version(TOOL_VERSION)
    .option('--root <dir>', 'project folder holding content/, data/, templates/', process.cwd())
    .option('-q, --quiet', 'print errors only')
    .option('-v, --verbose', 'print timings and details')
    .option('--json', 'machine-readable output on stdout')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const common = (): Common => {
    const o = program.opts();
    return { root: path.resolve(o.root), quiet: o.quiet, verbose: o.verbose, json: o.json };
  };

  program
    .command('build')
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .option('--html-only', 'write the HTML edition only (fast preview)')
    .option('--docx', 'also write a Word document (.docx) for reviewers')
    .option('--timeout <seconds>', 'seconds one PDF may take before its browser is killed and the print retried once; also the most the browser may take to start', '60')
    .option('--strict', 'treat warnings (e.g. content that does not fit the page) as errors: exit 1 and write nothing')
    .description('write the PDF and HTML of the newest edition into output/')
    .action(async (names: string[], opts: { htmlOnly?: boolean; docx?: boolean; timeout: string; strict?: boolean }) => {
      const c = common();
      const timeoutMs = Number(opts.timeout) * 1000;
      if (!(timeoutMs > 0)) throw usage(`--timeout must be a number of seconds, got ${opts.timeout}`);
      const { build } = await import('./build.ts');
      let opened: import('./print/printer.ts').Printer | undefined;
      const printer = async () => (opened ??= await (await import('./print/printer.ts')).openPrinter({ allowedRoots: [c.root, ...(await import('./render/fonts.ts')).fontDirs()], timeoutMs }));
      try {
        const results = [];
        for (const name of briefsToRun(c.root, names)) {
          const r = await build({ root: c.root, name, printer: opts.htmlOnly ? undefined : printer, htmlOnly: opts.htmlOnly, docx: opts.docx, strict: opts.strict });
          results.push(r);
          if (!c.json) {
            for (const w of r.warnings) io.err(formatDiagnostic(w));
            if (!c.quiet) {
              const rel = (p: string) => path.relative(process.cwd(), p) || p;
              io.out(`${r.brief.name} ${r.version}: ${rel(r.html)}${r.pdf ? `, ${rel(r.pdf)} (${r.pages} pages)` : ''}${r.docx ? `, ${rel(r.docx)}` : ''} in ${(r.timings.total / 1000).toFixed(2)} s`);
              if (c.verbose) io.out(`  timings (ms): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
            }
          }
        }
        if (c.json) io.out(JSON.stringify(results.map((r) => ({ brief: r.brief.name, version: r.version, html: r.html, pdf: r.pdf, docx: r.docx, pages: r.pages, warnings: r.warnings, timings: r.timings })), null, 2));
      } finally {
        await opened?.close();
      }
    });

  program
    .command('check')
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .option('--format <format>', 'text or json', 'text')
    .option('--strict', 'treat warnings as errors')
    .description('validate everything without rendering: file:line:col: severity message [rule]')
    .action(async (names: string[], opts: { format: string; strict?: boolean }) => {
      const c = common();
      if (opts.format !== 'text' && opts.format !== 'json') throw usage(`--format must be text or json, got ${opts.format}`);
      const { prepare } = await import('./build.ts');
      const all: Diagnostic[] = [];
      for (const name of briefsToRun(c.root, names)) {
        try {
          all.push(...(await prepare({ root: c.root, name, charts: 'check' })).warnings);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          all.push(...e.diagnostics);
        }
      }
      // --strict: a warning is an error, and says so.
      if (opts.strict) for (const d of all) d.severity = 'error';
      const failed = all.some((d) => d.severity === 'error');
      printDiagnostics(io, all, opts.format === 'json' || !!c.json);
      if (!c.quiet && opts.format === 'text' && !c.json) {
        const errors = all.filter((d) => d.severity === 'error').length;
        io.err(`${errors} error${errors === 1 ? '' : 's'}, ${all.length - errors} warning${all.length - errors === 1 ? '' : 's'}`);
      }
      if (failed) code = 1;
    });

  program
    .command('dev')
    .argument('<brief>', 'brief folder under content/')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', '4173')
    .description('preview the HTML edition at http://127.0.0.1:<port>/, rebuilt and reloaded on every save; /pdf prints it')
    .action(async (name: string, opts: { port: string }) => {
      const c = common();
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535) throw usage(`--port must be a port number, got ${opts.port}`);
      const { serveUntilStopped } = await import('./dev/server.ts');
      await serveUntilStopped({ root: c.root, name, port, log: (s) => io.err(s), announce: (s) => io.out(s) });
    });

  program
    .command('new')
    .argument('<brief>', 'name of the new brief folder under content/')
    .description('scaffold a brief that builds at once: brief.yaml explained, two chapters, a table and a chart on a small dataset')
    .action(async (name: string) => {
      const c = common();
      const { scaffold } = await import('./scaffold/new.ts');
      const { files } = scaffold({ root: c.root, name });
      if (c.json) io.out(JSON.stringify({ brief: name, files }, null, 2));
      else if (!c.quiet) io.out(`created ${files.join(', ')}\nnext: brief dev ${name}   (or: brief build ${name})`);
    });

  program
    .command('packs')
    .argument('<brief>', 'brief folder under content/')
    .option('--country <codes>', 'only these countries, e.g. IT,FR (default: every country in packs.by)')
    .option('--concurrency <n>', 'packs printed at once in the one browser (default: the number of cores)')
    .option('--shard <i/n>', 'render part i of n of the sorted country list (for a CI matrix)')
    .option('--merge-index', 'join the shard indexes in the packs folder into index.html and index.json')
    .option('--docx', 'also write each pack as a Word document (.docx)')
    .option('--strict', 'treat warnings as errors: a pack with one fails (exit 1) and is not written')
    .description('write a PDF and HTML briefing pack per country, and an index of them')
    .action(async (name: string, opts: { country?: string; concurrency?: string; shard?: string; mergeIndex?: boolean; docx?: boolean; strict?: boolean }) => {
      const c = common();
      const packs = await import('./packs/index.ts');
      const rel = (p: string) => path.relative(process.cwd(), p) || p;
      if (opts.mergeIndex) {
        if (opts.country || opts.shard) throw usage('--merge-index joins the shard indexes already written: give it no --country or --shard');
        const m = await packs.mergePacks({ root: c.root, name });
        if (c.json) io.out(JSON.stringify({ brief: name, index: m.index, packs: m.packs, failed: m.failed, shards: m.shards }, null, 2));
        else if (!c.quiet) io.out(`${name}: ${m.packs} packs from ${m.shards} shard${m.shards === 1 ? '' : 's'} in ${rel(m.index)}${m.failed ? ` (${m.failed} failed)` : ''}`);
        return;
      }
      const shard = opts.shard === undefined ? undefined : packs.parseShard(opts.shard);
      if (shard === null) throw usage(`--shard must be i/n with 1 ≤ i ≤ n, e.g. --shard 2/5; got ${opts.shard}`);
      const concurrency = opts.concurrency === undefined ? (await import('node:os')).availableParallelism() : Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw usage(`--concurrency must be a whole number of at least 1; got ${opts.concurrency}`);
      let opened: import('./print/printer.ts').Printer | undefined;
      const printer = async () => (opened ??= await (await import('./print/printer.ts')).openPrinter({ allowedRoots: [c.root, ...(await import('./render/fonts.ts')).fontDirs()], concurrency }));
      const { barProgress, lineProgress } = await import('./packs/progress.ts');
      const bar = io === defaultIo && process.stderr.isTTY && !process.env.CI && !c.quiet && !c.json;
      const progress = bar ? barProgress({ stream: process.stderr }) : lineProgress({ write: io.err, quiet: c.quiet || c.json });
      try {
        const r = await packs.buildPacks({ root: c.root, name, countries: opts.country?.split(','), shard, concurrency, printer, progress, docx: opts.docx, strict: opts.strict });
        if (c.json) io.out(JSON.stringify({ brief: name, version: r.version, dir: r.dir, index: r.index, built: r.built, failed: r.failed, warnings: r.warnings, timings: r.timings }, null, 2));
        else {
          for (const w of r.warnings) io.err(formatDiagnostic(w));
          for (const f of r.failed) for (const d of f.diagnostics) io.err(`pack ${f.country} (${f.name}): ${formatDiagnostic(d)}`);
          if (!c.quiet) {
            const n = r.built.length + r.failed.length;
            io.out(`${name} ${r.version}: ${r.built.length} of ${n} pack${n === 1 ? '' : 's'} in ${rel(r.dir)}, index ${rel(r.index)}, in ${(r.timings.total / 1000).toFixed(2)} s${r.failed.length ? `; failed: ${r.failed.map((f) => f.country).join(', ')}` : ''}`);
            if (c.verbose) io.out(`  timings (ms): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
          }
        }
        if (r.failed.length) code = r.failed.some((f) => f.kind === 'render') ? 3 : 1;
      } finally {
        await opened?.close();
      }
    });

  // edition/ — release, verify, diff
  const openPrinterOnce = (c: Common) => {
    let opened: import('./print/printer.ts').Printer | undefined;
    const get = async () => (opened ??= await (await import('./print/printer.ts')).openPrinter({ allowedRoots: [c.root, ...(await import('./render/fonts.ts')).fontDirs()] }));
    return { get, close: async () => opened?.close() };
  };
  const rel = (p: string) => path.relative(process.cwd(), p) || p;

  program
    .command('release')
    .argument('<brief>', 'brief folder under content/')
    .option('--version <version>', 'the edition to release; must be the newest in brief.yaml')
    .addOption(new Option('--release-version <version>').hideHelp()) // main() turns --version into this, see below
    .description('build the newest edition without a draft mark and archive it, with its sources, in releases/<brief>/<version>/')
    .action(async (name: string, opts: { version?: string; releaseVersion?: string }) => {
      const c = common();
      const { release } = await import('./edition/release.ts');
      const printer = openPrinterOnce(c);
      try {
        const r = await release({ root: c.root, name, version: opts.releaseVersion ?? opts.version, printer: printer.get });
        if (c.json) io.out(JSON.stringify({ brief: r.brief.name, version: r.version, dir: r.dir, manifest: r.manifest, pages: r.pages, warnings: r.warnings, timings: r.timings }, null, 2));
        else {
          for (const w of r.warnings) io.err(formatDiagnostic(w));
          if (!c.quiet) io.out(`${r.brief.name} ${r.version}: released to ${rel(r.dir)} (${r.manifest.files.length} files, ${r.pages} pages) in ${(r.timings.total / 1000).toFixed(2)} s`);
          if (c.verbose) io.out(`  timings (ms): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        }
      } finally {
        await printer.close();
      }
    });

  program
    .command('verify')
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .description('re-hash every file of every release against its manifest.json')
    .action(async (names: string[]) => {
      const c = common();
      const { verify } = await import('./edition/verify.ts');
      const results = briefsToRun(c.root, names).map((name) => verify({ root: c.root, name }));
      const all = results.flatMap((r) => r.diagnostics);
      printDiagnostics(io, all, !!c.json);
      if (!c.quiet && !c.json) {
        for (const r of results) {
          if (!r.releases.length) io.out(`${r.name}: no releases`);
          for (const v of r.releases) io.out(`${r.name} ${v.version}: ${v.ok ? `${v.files} files match the manifest` : 'DOES NOT MATCH its manifest'}`);
        }
      }
      if (all.length) code = 1;
    });

  program
    .command('diff')
    .argument('<brief>', 'brief folder under content/')
    .argument('<from>', 'a released version')
    .argument('<to>', 'a later released version, or "draft" for the working sources')
    .description('redline between two editions: output/<brief>/diff-<from>-<to>.html and .pdf')
    .option('--html-only', 'write the HTML redline only')
    .option('--docx', 'also write the redline as a Word document with tracked changes')
    .action(async (name: string, from: string, to: string, opts: { htmlOnly?: boolean; docx?: boolean }) => {
      const c = common();
      const { diffEditions } = await import('./edition/compare.ts');
      const printer = openPrinterOnce(c);
      try {
        const r = await diffEditions({ root: c.root, name, from, to, printer: opts.htmlOnly ? undefined : printer.get, docx: opts.docx });
        if (c.json) io.out(JSON.stringify({ brief: name, from, to, html: r.html, pdf: r.pdf, docx: r.docx, summary: r.summary, warnings: r.warnings, timings: r.timings }, null, 2));
        else for (const w of r.warnings) io.err(formatDiagnostic(w));
        if (!c.json && !c.quiet) {
          io.out(`${name} ${from} → ${to}: ${rel(r.html)}${r.pdf ? `, ${rel(r.pdf)}` : ''}${r.docx ? `, ${rel(r.docx)}` : ''} in ${(r.timings.total / 1000).toFixed(2)} s`);
          for (const line of r.summary) io.out(`  ${line}`);
          if (c.verbose) io.out(`  timings (ms): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
        }
      } finally {
        await printer.close();
      }
    });

  // Commander reads the program's own --version (the tool's) anywhere on the line; after `release`
  // it names the edition to release.
  const first = argv.findIndex((a, i) => !a.startsWith('-') && argv[i - 1] !== '--root');
  if (argv[first] === 'release') argv = argv.map((a, i) => (i > first && /^--version(=|$)/.test(a) ? a.replace('--version', '--release-version') : a));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UserError) {
      printDiagnostics(io, e.diagnostics, !!program.opts().json);
      return (e as UserError & { usage?: boolean }).usage ? 2 : 1;
    }
    if (e instanceof RenderError) {
      io.err(e.message);
      return 3;
    }
    io.err(`brief: internal error: ${(e as Error).stack ?? e}`);
    io.err('This is a bug in briefkit, not in your brief. Please report it with the command you ran.');
    return 3;
  }
}
