// `brief verify [briefs...]`: every release re-hashed against its manifest.json.
import type { Command } from 'commander';
import { globalOptions, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('verify'))
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .description('re-hash every file of every release against its manifest.json')
    .action(async (names: string[]) => {
      const { verify } = await import('../edition/verify.ts');
      const results = ctx.briefs(names).map((name) => verify({ root: ctx.root, name }));
      const all = results.flatMap((r) => r.diagnostics);
      ctx.diagnostics(all);
      if (!ctx.quiet && !ctx.json) {
        for (const r of results) {
          if (!r.releases.length) ctx.io.out(`${r.name}: no releases`);
          for (const v of r.releases) ctx.io.out(`${r.name} ${v.version}: ${v.ok ? `${v.files} files match the manifest` : 'DOES NOT MATCH its manifest'}`);
        }
      }
      if (all.length) ctx.code = 1;
    });
}
