// What every command shares: where it prints, the global options, one printer opened on first use
// and closed when the command ends, and the one summary line a command ends with.
import path from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, Reporter, UsageError, type RuleCall } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import type { LazyPrinter, PipelineContext } from '../pipeline.ts';
import type { Printer } from '../print/printer.ts';
import { openPrinterThread, type OpeningPrinter } from '../print/printer-thread.ts';
import { fontDirs } from '../render/fonts.ts';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const defaultIo: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** The options every command takes, before or after its name. */
export function globalOptions(cmd: Command): Command {
  return cmd
    .option('--root <dir>', 'project folder holding content/, data/, templates/ (default: the current folder)')
    .option('-q, --quiet', 'print errors only')
    .option('-v, --verbose', 'print timings and details')
    .option('--json', 'machine-readable output on stdout');
}

/** A usage mistake, located at the command line. */
export function usageError(call: RuleCall<'usage-option-value' | 'usage-option-conflict' | 'usage-no-briefs'>): UsageError {
  const r = new Reporter();
  r.reportCall({ file: 'brief', line: 0, column: 0 }, call);
  return new UsageError(r.diagnostics);
}

export const rel = (p: string) => path.relative(process.cwd(), p) || p;

interface PrinterOptions {
  timeoutMs?: number;
  concurrency?: number;
}

export class CommandContext {
  root = process.cwd();
  quiet = false;
  verbose = false;
  json = false;
  /** The exit code when the command ends without throwing. */
  code = 0;
  private pipelineCtx: PipelineContext | null = null;
  /** The pipeline's modules, loaded when a command is about to run (never for --help or a usage error). */
  private modules: { pipeline: typeof import('../pipeline.ts'); load: typeof import('../config/load.ts') } | null = null;
  private opened: Promise<Printer> | null = null;
  /** The printer thread opened last, for a warm-up before it has opened (PrinterSource's warm). */
  private opening: OpeningPrinter | null = null;
  /** Commands that print from the start, with the printer's options taken from theirs (null: this run prints nothing). */
  private readonly printerOptionsFromStart = new WeakMap<Command, (opts: Record<string, any>) => PrinterOptions | null>();
  /** The printer a command's start opened (see printsFromStart), until the command asks for it. */
  private started: LazyPrinter | null = null;

  constructor(readonly io: Io) {}

  /** Takes the global options of the command about to run (given before its name or after), and loads the pipeline. */
  async use(command: Command): Promise<void> {
    // Each level's options (brief --root X translate status …) overridden by those given nearer the command.
    const levels: Command[] = [];
    for (let c: Command | null = command; c; c = c.parent) levels.unshift(c);
    const o = Object.assign({}, ...levels.map((c) => Object.fromEntries(Object.entries(c.opts()).filter(([, v]) => v !== undefined)))) as Record<string, any>;
    this.root = path.resolve(o.root ?? process.cwd());
    this.quiet = !!o.quiet;
    this.verbose = !!o.verbose;
    this.json = !!o.json;
    // Before the pipeline loads: the printer's thread then starts Chromium while it does.
    const early = this.printerOptionsFromStart.get(command)?.(o);
    if (early) this.started = this.printer(early, { early: true });
    const [pipeline, load] = await Promise.all([import('../pipeline.ts'), import('../config/load.ts')]);
    this.modules = { pipeline, load };
  }

  private get loaded(): NonNullable<CommandContext['modules']> {
    if (!this.modules) throw new Error('CommandContext.use() must run before a command');
    return this.modules;
  }

  /** The pipeline's context, made once per command. */
  get pipeline(): PipelineContext {
    return (this.pipelineCtx ??= this.loaded.pipeline.pipelineContext(this.root));
  }

  /**
   * A printer source for the pipeline: the browser starts on the first print (again, if it failed
   * to), or with `early` at once, so Chromium launches while Node prepares and renders. An early
   * launch's failure is reported by the first print that needs the printer, never before: a build
   * whose sources have errors reports those alone, and close() ends the browser it started.
   */
  printer(opts: PrinterOptions = {}, { early = false }: { early?: boolean } = {}): LazyPrinter {
    if (early && this.started) {
      const started = this.started;
      this.started = null;
      return started;
    }
    // Imported with the CLI (they load no browser): the thread starts at once, not after a chunk loads.
    const open = () => (this.opening = openPrinterThread({ allowedRoots: [this.root, ...fontDirs()], ...opts }));
    const warm = (text: string, languages: string[]) => this.opening?.warm(text, languages);
    const source = () =>
      (this.opened ??= open().catch((e: unknown) => {
        this.opened = null;
        throw e;
      }));
    if (!early) return Object.assign(source, { warm });
    // The early attempt's outcome goes to the first caller, failure included (not a second launch).
    let first: Promise<Printer> | null = source();
    first.catch(() => undefined);
    const take = () => {
      const p = first ?? source();
      first = null;
      return p;
    };
    return Object.assign(take, { warm });
  }

  /**
   * Marks `command` as one that prints from its start (`brief build`): its printer opens with the
   * command, before the pipeline's modules load, with the options `options` takes from the
   * command's (null when this run prints nothing, or its options are a usage error the command
   * itself reports). The command's own ctx.printer(…, { early: true }) then returns that printer.
   */
  printsFromStart(command: Command, options: (opts: Record<string, any>) => PrinterOptions | null): Command {
    this.printerOptionsFromStart.set(command, options);
    return command;
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = null;
    if (opened) await (await opened.catch(() => null))?.close();
  }

  /** The briefs named, or every brief of the project. */
  briefs(names: string[]): string[] {
    if (names.length) return names;
    const found = this.loaded.load.listBriefs(this.root);
    if (!found.length) throw usageError({ rule: 'usage-no-briefs', args: { dir: path.join(this.root, 'content') } });
    return found;
  }

  diagnostics(list: Diagnostic[], json = this.json): void {
    if (json) this.io.out(JSON.stringify({ diagnostics: list }, null, 2));
    else for (const d of list) this.io.err(formatDiagnostic(d));
  }

  /** Warnings on stderr (not with --json: the JSON carries them). */
  warnings(list: Diagnostic[], prefix = ''): void {
    if (!this.json) for (const d of list) this.io.err(`${prefix}${formatDiagnostic(d)}`);
  }

  /** The line a command ends with, `… in 1.23 s[; after]`, lines `more` below it, and its timings with --verbose. */
  summary(text: string, timings: Record<string, number>, { more = [], after = '' }: { more?: string[]; after?: string } = {}): void {
    if (this.json || this.quiet) return;
    this.io.out(`${text} in ${(timings.total / 1000).toFixed(2)} s${after}`);
    for (const line of more) this.io.out(`  ${line}`);
    if (this.verbose) this.io.out(`  timings (ms): ${Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }

  /** The command's result as JSON, with --json. */
  result(value: unknown): void {
    if (this.json) this.io.out(JSON.stringify(value, null, 2));
  }
}
