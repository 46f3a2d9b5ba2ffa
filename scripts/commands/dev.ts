// `brief dev <brief>`: the preview server (dev/server.ts).
import type { Command } from 'commander';
import { globalOptions, usageError, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('dev'))
    .argument('<brief>', 'brief folder under content/')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', '4173')
    .description('preview the HTML edition at http://127.0.0.1:<port>/, rebuilt and reloaded on every save; /pdf prints it')
    .action(async (name: string, opts: { port: string }) => {
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535) throw usageError({ rule: 'usage-option-value', args: { option: '--port', value: opts.port, expected: 'a port number from 0 to 65535' } });
      const { serveUntilStopped } = await import('../dev/server.ts');
      await serveUntilStopped({ root: ctx.root, name, port, log: (s) => ctx.io.err(s), announce: (s) => ctx.io.out(s), openPrinter: ctx.printer() });
    });
}
