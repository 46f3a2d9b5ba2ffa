// The `brief` command. Exit codes (SPEC §8): 0 ok, 1 content errors, 2 usage errors, 3 rendering failure.
import path from 'node:path';
import { Command, CommanderError } from 'commander';
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
    .description('write the PDF and HTML of the newest edition into output/')
    .action(async (names: string[], opts: { htmlOnly?: boolean }) => {
      const c = common();
      const { build } = await import('./build.ts');
      let opened: import('./print/printer.ts').Printer | undefined;
      const printer = async () => (opened ??= await (await import('./print/printer.ts')).openPrinter({ allowedRoots: [c.root, ...(await import('./render/fonts.ts')).fontDirs()] }));
      try {
        const results = [];
        for (const name of briefsToRun(c.root, names)) {
          const r = await build({ root: c.root, name, printer: opts.htmlOnly ? undefined : printer, htmlOnly: opts.htmlOnly });
          results.push(r);
          if (!c.json) {
            for (const w of r.warnings) io.err(formatDiagnostic(w));
            if (!c.quiet) {
              const rel = (p: string) => path.relative(process.cwd(), p) || p;
              io.out(`${r.brief.name} ${r.version}: ${rel(r.html)}${r.pdf ? `, ${rel(r.pdf)} (${r.pages} pages)` : ''} in ${(r.timings.total / 1000).toFixed(2)} s`);
              if (c.verbose) io.out(`  timings (ms): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
            }
          }
        }
        if (c.json) io.out(JSON.stringify(results.map((r) => ({ brief: r.brief.name, version: r.version, html: r.html, pdf: r.pdf, pages: r.pages, warnings: r.warnings, timings: r.timings })), null, 2));
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
          all.push(...(await prepare({ root: c.root, name })).warnings);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          all.push(...e.diagnostics);
        }
      }
      const failed = all.some((d) => d.severity === 'error' || opts.strict);
      printDiagnostics(io, all, opts.format === 'json' || !!c.json);
      if (!c.quiet && opts.format === 'text' && !c.json) {
        const errors = all.filter((d) => d.severity === 'error').length;
        io.err(`${errors} error${errors === 1 ? '' : 's'}, ${all.length - errors} warning${all.length - errors === 1 ? '' : 's'}`);
      }
      if (failed) code = 1;
    });

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
