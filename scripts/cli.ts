// The `brief` command. Exit codes: 0 ok, 1 content errors, 2 usage errors, 3 rendering failure.
// Each command is registered by its own file under commands/.
import { Command, CommanderError } from 'commander';
import { RenderError, UsageError, UserError } from './messages.ts';
import { TOOL_VERSION } from './version.ts';
import { CommandContext, defaultIo, globalOptions, type Io } from './commands/context.ts';
import * as buildCommand from './commands/build.ts';
import * as checkCommand from './commands/check.ts';
import * as devCommand from './commands/dev.ts';
import * as newCommand from './commands/new.ts';
import * as packsCommand from './commands/packs.ts';
import * as releaseCommand from './commands/release.ts';
import * as verifyCommand from './commands/verify.ts';
import * as diffCommand from './commands/diff.ts';
import * as translateCommand from './commands/translate.ts';

const COMMANDS = [buildCommand, checkCommand, devCommand, newCommand, packsCommand, releaseCommand, verifyCommand, diffCommand, translateCommand];

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const ctx = new CommandContext(io);
  // Positional options: the tool's --version before a command, a command's own (release --version) after it.
  const program = globalOptions(new Command('brief'))
    .description('Versioned policy briefs from markdown and data: PDF, HTML, revision log and per-country packs.')
    .version(TOOL_VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .hook('preAction', (_, command) => ctx.use(command));
  for (const command of COMMANDS) command.register(program, ctx);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.code;
  } catch (e) {
    return failed(e, ctx);
  } finally {
    await ctx.close();
  }
}

/** The exit code of a command that threw, after saying why. */
function failed(e: unknown, ctx: CommandContext): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof UserError) {
    ctx.diagnostics(e.diagnostics);
    return e instanceof UsageError ? 2 : 1;
  }
  if (e instanceof RenderError) {
    ctx.io.err(e.message);
    return 3;
  }
  ctx.io.err(`brief: internal error: ${(e as Error).stack ?? e}`);
  ctx.io.err('This is a bug in briefkit, not in your brief. Please report it with the command you ran.');
  return 3;
}
