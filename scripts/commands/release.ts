// `brief release <brief>`: the newest edition built without a draft mark and archived with its sources.
import type { Command } from 'commander';
import { globalOptions, rel, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('release'))
    .argument('<brief>', 'brief folder under content/')
    .option('--version <version>', 'the edition to release; must be the newest in brief.yaml')
    .description('build the newest edition without a draft mark and archive it, with its sources, in releases/<brief>/<version>/')
    .action(async (name: string, opts: { version?: string }) => {
      const { release } = await import('../runs/release.ts');
      const r = await release(ctx.pipeline, { name, version: opts.version, printer: ctx.printer() });
      ctx.result({ brief: r.brief.name, version: r.version, dir: r.dir, manifest: r.manifest, pages: r.pages, languages: r.languages, warnings: r.warnings, timings: r.timings });
      ctx.warnings(r.warnings);
      ctx.summary(`${r.brief.name} ${r.version}: released to ${rel(r.dir)} (${r.manifest.files.length} files, ${r.pages} pages${r.languages.length > 1 ? `; ${r.languages.join(', ')}` : ''})`, r.timings);
    });
}
