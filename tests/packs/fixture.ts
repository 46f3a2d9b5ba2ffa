// The packs fixture: a fictional brief about Freedonian trade offices in five real countries
// (AT, BE, CL, DK, EE), with country blocks and footnotes spread over them. `packsProject`
// copies it into a temp project, optionally with more countries in the data (one office each)
// or extra rows, for the batch, shard, failure and leak tests.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';

export const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/packs/freedonia/input');
export const BRIEF = 'trade-offices';
export const VERSION = '1.1';
export const FIVE = ['AT', 'BE', 'CL', 'DK', 'EE'];

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A copy of the fixture in a new folder under `parent` (a printer shared by several projects may
 * read all of `parent`); `countries: n` adds countries (sorted ISO codes) until the data has n.
 */
export function packsProject({ parent, countries: n, extraRows = [] }: { parent: string; countries?: number; extraRows?: string[] }): string {
  const root = mkdtempSync(path.join(parent, 'project-'));
  cpSync(FIXTURE, root, { recursive: true });
  const csv = path.join(root, 'data/offices.csv');
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  if (n && n > FIVE.length) {
    const extra = Object.keys(countries.getAlpha2Codes()).filter((c) => !FIVE.includes(c)).sort().slice(0, n - FIVE.length);
    if (extra.length < n - FIVE.length) throw new Error(`only ${extra.length + FIVE.length} countries available`);
    extra.forEach((code, i) => lines.push([code, csvField(countries.getName(code, 'en') ?? code), csvField(`Office ${code}`), String((i % 9) + 1), String(1990 + (i % 30))].join(',')));
  }
  lines.push(...extraRows);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  return root;
}

export const packsDirOf = (root: string) => path.join(root, 'output', BRIEF, VERSION, 'packs');
export const packFile = (root: string, code: string, ext: 'pdf' | 'html') => path.join(packsDirOf(root), `${BRIEF}-${VERSION}-${code}.${ext}`);

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Pids of this process's live child processes (the browser), from /proc. */
export function childProcesses(): { pid: number; name: string }[] {
  const out: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') out.push({ pid: Number(entry), name });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
