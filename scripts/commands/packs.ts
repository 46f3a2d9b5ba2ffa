// `brief packs <brief>`: a PDF and HTML briefing pack per country, and an index of them.
import type { Command } from 'commander';
import { defaultIo, globalOptions, rel, usageError, type CommandContext } from './context.ts';
import { chosenLanguages } from './build.ts';

interface PacksOpts {
  country?: string;
  concurrency?: string;
  shard?: string;
  mergeIndex?: boolean;
  docx?: boolean;
  strict?: boolean;
  lang?: string;
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
    .option('--lang <languages>', 'only these languages of the brief, e.g. zh-Hans or en,fr (default: the brief\'s language and every translation); a translation\'s packs go to packs/<lang>/')
    .description('write a PDF and HTML briefing pack per country, and an index of them')
    .action(async (name: string, opts: PacksOpts) => (opts.mergeIndex ? merge(ctx, name, opts) : packs(ctx, name, opts)));
}

async function merge(ctx: CommandContext, name: string, opts: PacksOpts): Promise<void> {
  if (opts.country || opts.shard) throw usageError({ rule: 'usage-option-conflict', args: { option: '--merge-index', others: [opts.country && '--country', opts.shard && '--shard'].filter(Boolean).join(' and ') } });
  const { mergePacks } = await import('../runs/packs.ts');
  const merged = [];
  for (const language of await languagesOf(ctx, name, opts.lang)) {
    const m = await mergePacks(ctx.pipeline, { name, language: language.translation ? language.code : undefined });
    merged.push({ brief: name, language: language.code, index: m.index, packs: m.packs, failed: m.failed, shards: m.shards });
    if (!ctx.json && !ctx.quiet) ctx.io.out(`${name}${language.translation ? ` (${language.code})` : ''}: ${m.packs} packs from ${m.shards} shard${m.shards === 1 ? '' : 's'} in ${rel(m.index)}${m.failed ? ` (${m.failed} failed)` : ''}`);
  }
  ctx.result(merged.length === 1 ? merged[0] : merged);
}

/** The languages --lang names (default: all of the brief's), each marked as the source's or a translation. */
async function languagesOf(ctx: CommandContext, name: string, lang: string | undefined): Promise<{ code: string; translation: boolean }[]> {
  const { sourceBrief } = await import('../runs/translate.ts');
  const brief = await sourceBrief(ctx.pipeline, name);
  const asked = lang === undefined ? [brief.language, ...brief.translations.map((t) => t.language)] : await chosenLanguages(ctx, name, lang);
  return asked.map((code) => ({ code, translation: code !== brief.language }));
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
  const languages = await languagesOf(ctx, name, opts.lang);
  const printer = ctx.printer({ concurrency }, { early: true }); // one browser for every language
  const results = [];
  for (const language of languages) {
    const r = await buildPacks(ctx.pipeline, { name, countries: opts.country?.split(','), shard, concurrency, printer, progress, docx: opts.docx, strict: opts.strict, ...(language.translation ? { language: language.code } : {}) });
    results.push({ brief: name, language: language.code, version: r.version, dir: r.dir, index: r.index, built: r.built, failed: r.failed, warnings: r.warnings, timings: r.timings });
    ctx.warnings(r.warnings);
    for (const f of r.failed) ctx.warnings(f.diagnostics, `pack ${f.country} (${f.name}): `);
    const n = r.built.length + r.failed.length;
    const label = languages.length > 1 || language.translation ? ` (${language.code})` : '';
    ctx.summary(`${name} ${r.version}${label}: ${r.built.length} of ${n} pack${n === 1 ? '' : 's'} in ${rel(r.dir)}, index ${rel(r.index)}`, r.timings, { after: r.failed.length ? `; failed: ${r.failed.map((f) => f.country).join(', ')}` : '' });
    if (r.failed.length) ctx.code = Math.max(ctx.code, r.failed.some((f) => f.kind === 'render') ? 3 : 1);
  }
  // One language (a brief without translations, or --lang one): the result as before; several: one per language.
  ctx.result(results.length === 1 ? results[0] : results);
}
