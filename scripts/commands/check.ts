// `brief check [briefs...]`: every check, no rendering: file:line:col: severity message [rule].
import type { Command } from 'commander';
import { UserError } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import { globalOptions, usageError, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('check'))
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .option('--format <format>', 'text or json', 'text')
    .option('--strict', 'treat warnings as errors')
    .description('validate everything without rendering: file:line:col: severity message [rule]')
    .action(async (names: string[], opts: { format: string; strict?: boolean }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw usageError({ rule: 'usage-option-value', args: { option: '--format', value: opts.format, expected: 'text or json' } });
      const { prepare, distinctDiagnostics } = await import('../pipeline.ts');
      const all: Diagnostic[] = [];
      for (const name of ctx.briefs(names)) {
        // The source language first; each translation once the source checks out (its chapters are compared with the source's).
        const languages: (string | undefined)[] = [undefined];
        for (let i = 0; i < languages.length; i++) {
          try {
            const p = await prepare(ctx.pipeline, { name, charts: 'check', language: languages[i] });
            all.push(...p.warnings);
            if (i === 0) languages.push(...p.brief.translations.map((t) => t.language));
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
