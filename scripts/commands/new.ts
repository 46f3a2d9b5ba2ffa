// `brief new <brief>`: a brief that builds at once (scaffold/new.ts).
import type { Command } from 'commander';
import { globalOptions, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('new'))
    .argument('<brief>', 'name of the new brief folder under content/')
    .description('scaffold a brief that builds at once: brief.yaml explained, two chapters, a table and a chart on a small dataset')
    .action(async (name: string) => {
      const { scaffold } = await import('../scaffold/new.ts');
      const { files } = scaffold({ root: ctx.root, name });
      ctx.result({ brief: name, files });
      if (!ctx.json && !ctx.quiet) ctx.io.out(`created ${files.join(', ')}\nnext: brief dev ${name}   (or: brief build ${name})`);
    });
}
