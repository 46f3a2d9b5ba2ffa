// `brief check [briefs...]`: every check, no rendering: file:line:col: severity message [rule].
// `brief check --pdf FILE`: what a PDF misses of PDF/UA-1 (and PDF/A-2u), from pdfcheck/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { Reporter, UserError } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import type { Prepared } from '../pipeline.ts';
import { globalOptions, usageError, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('check'))
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .option('--format <format>', 'text or json', 'text')
    .option('--strict', 'treat warnings as errors')
    .option('--pdf <file>', 'check a PDF instead (path relative to --root): the PDF/UA-1 rules, and PDF/A-2u when the file claims it')
    .option('--pdfa', 'with --pdf: check PDF/A-2u even if the file does not claim it')
    .description('validate everything without rendering: file:line:col: severity message [rule]')
    .action(async (names: string[], opts: { format: string; strict?: boolean; pdf?: string; pdfa?: boolean }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw usageError({ rule: 'usage-option-value', args: { option: '--format', value: opts.format, expected: 'text or json' } });
      if (opts.pdfa && !opts.pdf) throw usageError({ rule: 'usage-option-value', args: { option: '--pdfa', value: 'alone', expected: 'given with --pdf <file>' } });
      if (opts.pdf && names.length) throw usageError({ rule: 'usage-option-conflict', args: { option: '--pdf', others: 'brief names' } });
      const all: Diagnostic[] = [];
      if (opts.pdf) all.push(...(await checkPdfFile(path.resolve(ctx.root, opts.pdf), opts.pdf, !!opts.pdfa)));
      const { prepare, distinctDiagnostics } = await import('../pipeline.ts');
      for (const name of opts.pdf ? [] : ctx.briefs(names)) {
        // The source language first; each translation once the source checks out (its chapters are compared with the source's).
        const languages: (string | undefined)[] = [undefined];
        let source: Prepared | undefined;
        for (let i = 0; i < languages.length; i++) {
          try {
            const p = await prepare(ctx.pipeline, { name, charts: 'check', language: languages[i], from: source });
            all.push(...p.warnings);
            if (i === 0) {
              source = p;
              languages.push(...p.brief.translations.map((t) => t.language));
            }
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            all.push(...e.diagnostics);
          }
        }
      }
      all.splice(0, all.length, ...distinctDiagnostics(all));
      // --strict: a warning is an error, and says so.
      if (opts.strict) for (const d of all) d.severity = 'error';
      ctx.diagnostics(all, opts.format === 'json' || ctx.json);
      if (!ctx.quiet && opts.format === 'text' && !ctx.json) {
        const errors = all.filter((d) => d.severity === 'error').length;
        ctx.io.err(`${errors} error${errors === 1 ? '' : 's'}, ${all.length - errors} warning${all.length - errors === 1 ? '' : 's'}`);
      }
      if (all.some((d) => d.severity === 'error')) ctx.code = 1;
    });
}

/** `--pdf FILE`: the file's PDF/UA-1 (and PDF/A-2u) findings, placed in FILE as the user wrote it. */
async function checkPdfFile(abs: string, shown: string, pdfa: boolean): Promise<Diagnostic[]> {
  const { checkPdf } = await import('../pdfcheck/index.ts');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(abs);
  } catch (e) {
    const r = new Reporter();
    const code = (e as NodeJS.ErrnoException).code;
    r.report({ file: shown, line: 1, column: 1, cell: 'document' }, 'pdf-unreadable', { file: shown, detail: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String((e as Error).message) });
    return r.diagnostics;
  }
  return checkPdf({ bytes, file: shown, pdfa: pdfa || 'auto' });
}
