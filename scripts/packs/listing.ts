// The packs index: index.json (for machines and for merging) and index.html (for people), both a
// pure function of the packs listed, so a sharded run merged gives the same bytes as one run.
// A shard writes only its part, index-shard-<i>-of-<n>.json; --merge-index joins the parts.
import { wordsFor } from '../words/index.ts';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Reporter, UsageError, type RuleCall } from '../messages.ts';
import type { Brief } from '../types.ts';
import { longDate } from '../render/document.ts';
import { textDirection } from '../render/direction.ts';
import { writeAtomic } from '../write.ts';
import { guardHtml } from '../render/guard.ts';
import type { Shard } from './countries.ts';

export interface PackEntry {
  country: string;
  name: string;
  pdf: string; // file name, beside the index
  html: string;
  pages: number;
  bytes: number; // PDF size
  htmlBytes: number;
}

export interface PackFailureEntry {
  country: string;
  name: string;
  reason: string;
}

export interface PackIndex {
  brief: string;
  title: string;
  version: string;
  date: string;
  language: string;
  /** "2/5" in a shard's part, absent in the joined index. */
  shard?: string;
  packs: PackEntry[];
  failed: PackFailureEntry[];
}

const SHARD_FILE = /^index-shard-(\d+)-of-(\d+)\.json$/;
export const shardFile = (s: Shard) => `index-shard-${s.index}-of-${s.count}.json`;
const byCode = <T extends { country: string }>(a: T, b: T) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0);

function sorted(index: PackIndex): PackIndex {
  return { ...index, packs: [...index.packs].sort(byCode), failed: [...index.failed].sort(byCode) };
}

export async function readIndex(file: string): Promise<PackIndex | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PackIndex;
  } catch {
    return null;
  }
}

/**
 * The index of a run. A --country run (`partial`) keeps the other packs the previous index listed
 * (when their files are still there and the data still has the country), so re-rendering one pack
 * does not shrink the list.
 */
export async function runIndex({ brief, version, date, dir, built, failed, countries, partial }: { brief: Brief; version: string; date: string; dir: string; built: PackEntry[]; failed: PackFailureEntry[]; countries: string[]; partial: boolean }): Promise<PackIndex> {
  const packs: PackEntry[] = built.map(({ country, name, pdf, html, pages, bytes, htmlBytes }) => ({ country, name, pdf, html, pages, bytes, htmlBytes }));
  const fails: PackFailureEntry[] = failed.map(({ country, name, reason }) => ({ country, name, reason }));
  if (partial) {
    const previous = await readIndex(path.join(dir, 'index.json'));
    if (previous && previous.version === version) {
      const fresh = new Set([...packs, ...fails].map((e) => e.country));
      const keep = (e: { country: string }) => !fresh.has(e.country) && countries.includes(e.country);
      packs.push(...previous.packs.filter((e) => keep(e) && existsSync(path.join(dir, e.pdf)) && existsSync(path.join(dir, e.html))));
      fails.push(...previous.failed.filter(keep));
    }
  }
  return { brief: brief.name, title: brief.title, version, date, language: brief.language, packs, failed: fails };
}

/** Writes index.json and index.html (or, for a shard, only its part). Returns the path written. */
export async function writeIndex({ dir, index, shard }: { dir: string; index: PackIndex; shard?: Shard }): Promise<string> {
  if (shard) {
    const file = path.join(dir, shardFile(shard));
    await writeAtomic(file, `${JSON.stringify(sorted({ ...index, shard: `${shard.index}/${shard.count}` }), null, 2)}\n`);
    return file;
  }
  const whole = sorted(index);
  await writeAtomic(path.join(dir, 'index.json'), `${JSON.stringify(whole, null, 2)}\n`);
  await writeAtomic(path.join(dir, 'index.html'), guardHtml(indexHtml(whole), { output: 'packs/index.html' }));
  return path.join(dir, 'index.html');
}

function located(file: string, call: RuleCall<'shard-missing' | 'shard-mismatch'>): UsageError {
  const r = new Reporter();
  r.reportCall({ file, line: 1, column: 1 }, call);
  return new UsageError(r.diagnostics);
}

/**
 * Joins every index-shard-i-of-n.json in `dir` into index.json + index.html, then removes the
 * parts, so the folder ends up as an unsharded run leaves it. Refuses a partial or mixed set.
 */
export async function mergeIndex({ dir, brief, version, rel }: { dir: string; brief: string; version: string; rel: (p: string) => string }): Promise<{ file: string; index: PackIndex; shards: number }> {
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => SHARD_FILE.test(f)).sort() : [];
  const counts = new Set(names.map((f) => Number(SHARD_FILE.exec(f)![2])));
  const n = counts.size === 1 ? [...counts][0] : 0;
  if (!names.length) throw located(rel(dir), { rule: 'shard-missing', args: { file: path.join(rel(dir), 'index-shard-1-of-N.json'), found: '', brief, shard: '1/N' } });
  if (counts.size > 1) throw located(rel(dir), { rule: 'shard-mismatch', args: { file: rel(dir), detail: `mixes splits into ${[...counts].sort().join(' and ')} parts` } });
  for (let i = 1; i <= n; i++) {
    const want = shardFile({ index: i, count: n });
    if (!names.includes(want)) throw located(rel(dir), { rule: 'shard-missing', args: { file: path.join(rel(dir), want), found: names.join(', '), brief, shard: `${i}/${n}` } });
  }
  const parts: PackIndex[] = [];
  for (const f of names) {
    const part = await readIndex(path.join(dir, f));
    if (!part) throw located(rel(path.join(dir, f)), { rule: 'shard-mismatch', args: { file: f, detail: 'cannot be read as JSON' } });
    if (part.brief !== brief || part.version !== version) throw located(rel(path.join(dir, f)), { rule: 'shard-mismatch', args: { file: f, detail: `is for ${part.brief} ${part.version}, not ${brief} ${version}` } });
    parts.push(part);
  }
  const seen = new Set<string>();
  for (const [i, part] of parts.entries()) {
    for (const e of [...part.packs, ...part.failed]) {
      if (seen.has(e.country)) throw located(rel(path.join(dir, names[i])), { rule: 'shard-mismatch', args: { file: names[i], detail: `lists ${e.country}, which another shard lists too` } });
      seen.add(e.country);
    }
  }
  const { shard: _drop, ...head } = parts[0];
  const index: PackIndex = { ...head, packs: parts.flatMap((p) => p.packs), failed: parts.flatMap((p) => p.failed) };
  const file = await writeIndex({ dir, index });
  await Promise.all(names.map((f) => rm(path.join(dir, f), { force: true })));
  return { file, index: sorted(index), shards: n };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d232b;margin:0;padding:2rem 1.25rem;background:#fff}
main{max-width:52rem;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .25rem}
.meta{color:#5a6573;margin:0 0 1.5rem}
table{border-collapse:collapse;width:100%}
caption{text-align:start;font-weight:600;padding:0 0 .5rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid #dde2e8;text-align:start;vertical-align:baseline}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#5a6573;border-bottom-width:2px}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}
.code{color:#5a6573;font-size:.85em;margin-inline-start:.35em}
a{color:#1f3f66}
.failed{margin-top:2rem;padding:.75rem 1rem;border-inline-start:4px solid #b3261e;background:#fbeeed}
.failed h2{font-size:1rem;margin:0 0 .5rem}
@media (max-width:36rem){th.size,td.size{display:none}}
`;

/** A small self-contained page: no script, no outside resource, links relative to itself. */
export function indexHtml(index: PackIndex): string {
  const words = wordsFor(index.language);
  const collator = new Intl.Collator(index.language);
  const num = new Intl.NumberFormat(index.language, { maximumFractionDigits: 0 });
  const kb = (bytes: number) => `${num.format(Math.max(1, Math.round(bytes / 1024)))} kB`;
  const rows = [...index.packs]
    .sort((a, b) => collator.compare(a.name, b.name) || byCode(a, b))
    .map(
      (p) =>
        `<tr><td><a href="${esc(encodeURI(p.pdf))}">${esc(p.name)}</a><span class="code">${esc(p.country)}</span></td>` +
        `<td class="num">${num.format(p.pages)}</td><td class="num size">${kb(p.bytes)}</td>` +
        `<td><a href="${esc(encodeURI(p.pdf))}">PDF</a> · <a href="${esc(encodeURI(p.html))}">HTML</a></td></tr>`,
    )
    .join('\n');
  const failed = index.failed.length
    ? `<section class="failed"><h2>${esc(words.t('packsFailed', { count: index.failed.length }))}</h2><ul>${index.failed.map((f) => `<li><strong>${esc(f.name)}</strong> <span class="code">${esc(f.country)}</span>: ${esc(f.reason)}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="${esc(index.language)}"${textDirection(index.language) === 'rtl' ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(words.t('packsTitle', { title: index.title, version: index.version }))}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(index.title)}</h1>
<p class="meta">${esc(words.t('packsMeta', { version: index.version, date: longDate(index.date, index.language), count: index.packs.length }))}</p>
<table>
<caption>${esc(words.t('packsCaption'))}</caption>
<thead><tr><th scope="col">${esc(words.t('packsCountry'))}</th><th scope="col" class="num">${esc(words.t('packsPages'))}</th><th scope="col" class="num size">${esc(words.t('packsSize'))}</th><th scope="col">${esc(words.t('packsFiles'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${failed}
</main>
</body>
</html>
`;
}
