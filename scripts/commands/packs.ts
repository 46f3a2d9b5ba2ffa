// `brief packs <brief>`: a PDF and HTML briefing pack per country, and an index of them.
import type { Command } from 'commander';
import { defaultIo, globalOptions, rel, usageError, type CommandContext } from './context.ts';

interface PacksOpts {
  country?: string;
  concurrency?: string;
  shard?: string;
  mergeIndex?: boolean;
  docx?: boolean;
  strict?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('packs'))
    .argument('<brief>', 'brief folder under content/')
    .option('--country <codes>', 'only these countries, e.g. IT,FR (default: every country in packs.by)')
    .option('--concurrency <n>', 'packs printed at once in the one browser (default: the number of cores)')
    .option('--shard <i/n>', 'render part i of n of the sorted country list (for a CI matrix)')
    .option('--merge-index', 'join the shard indexes in the packs folder into index.html and index.json')
    .option('--docx', 'also write each pack as a Word document (.docx)')
    .option('--strict', 'treat warnings as errors: a pack with one fails (exit 1) and is not written')
    .description('write a PDF and HTML briefing pack per country, and an index of them')
    .action(async (name: string, opts: PacksOpts) => (opts.mergeIndex ? merge(ctx, name, opts) : packs(ctx, name, opts)));
}

async function merge(ctx: CommandContext, name: string, opts: PacksOpts): Promise<void> {
  if (opts.country || opts.shard) throw usageError({ rule: 'usage-option-conflict', args: { option: '--merge-index', others: [opts.country && '--country', opts.shard && '--shard'].filter(Boolean).join(' and ') } });
  const { mergePacks } = await import('../runs/packs.ts');
  const m = await mergePacks(ctx.pipeline, { name });
  ctx.result({ brief: name, index: m.index, packs: m.packs, failed: m.failed, shards: m.shards });
  if (!ctx.json && !ctx.quiet) ctx.io.out(`${name}: ${m.packs} packs from ${m.shards} shard${m.shards === 1 ? '' : 's'} in ${rel(m.index)}${m.failed ? ` (${m.failed} failed)` : ''}`);
}

async function packs(ctx: CommandContext, name: string, opts: PacksOpts): Promise<void> {
  const { parseShard } = await import('../packs/countries.ts');
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  if (shard === null) throw usageError({ rule: 'usage-option-value', args: { option: '--shard', value: opts.shard!, expected: 'i/n with 1 ≤ i ≤ n, e.g. 2/5' } });
  const concurrency = opts.concurrency === undefined ? (await import('node:os')).availableParallelism() : Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw usageError({ rule: 'usage-option-value', args: { option: '--concurrency', value: opts.concurrency!, expected: 'a whole number of at least 1' } });
  const { buildPacks } = await import('../runs/packs.ts');
  const { barProgress, lineProgress } = await import('../packs/progress.ts');
  const bar = ctx.io === defaultIo && process.stderr.isTTY && !process.env.CI && !ctx.quiet && !ctx.json;
  const progress = bar ? barProgress({ stream: process.stderr }) : lineProgress({ write: ctx.io.err, quiet: ctx.quiet || ctx.json });
  const r = await buildPacks(ctx.pipeline, { name, countries: opts.country?.split(','), shard, concurrency, printer: ctx.printer({ concurrency }, { early: true }), progress, docx: opts.docx, strict: opts.strict });
  ctx.result({ brief: name, version: r.version, dir: r.dir, index: r.index, built: r.built, failed: r.failed, warnings: r.warnings, timings: r.timings });
  ctx.warnings(r.warnings);
  for (const f of r.failed) ctx.warnings(f.diagnostics, `pack ${f.country} (${f.name}): `);
  const n = r.built.length + r.failed.length;
  ctx.summary(`${name} ${r.version}: ${r.built.length} of ${n} pack${n === 1 ? '' : 's'} in ${rel(r.dir)}, index ${rel(r.index)}`, r.timings, { after: r.failed.length ? `; failed: ${r.failed.map((f) => f.country).join(', ')}` : '' });
  if (r.failed.length) ctx.code = r.failed.some((f) => f.kind === 'render') ? 3 : 1;
}
