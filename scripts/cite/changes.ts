// The revision log's source lines: works cited by one edition and not the other. A work counts as
// cited when a chapter writes its key as @key (or nocite lists it); a text scan is enough here, so
// an archived edition is compared without parsing or formatting it.
import { wordsFor } from '../words/index.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Reporter } from '../messages.ts';
import type { Brief } from '../types.ts';
import { loadBibliography, type CslItem } from './bibliography.ts';

/** Cited works of a brief, by key, each with a short label ("Smith 2019, A Ledger of Ships"). */
export async function citedWorks(brief: Brief): Promise<Map<string, string>> {
  const spec = brief.citations;
  const works = new Map<string, string>();
  if (!spec) return works;
  const reporter = new Reporter();
  const bibliography = await loadBibliography({ root: brief.root, spec, reporter });
  const text = (await Promise.all(brief.chapters.map((c) => readFile(path.join(brief.root, c.file), 'utf8').catch(() => '')))).join('\n');
  const written = new Set([...text.matchAll(/@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*)/gu)].flatMap((m) => [m[1], m[1].replace(/[:.#$%&+?<>~/-]+$/, '')]));
  for (const [key, entry] of bibliography) {
    if (written.has(key) || spec.nocite.includes(key) || spec.nocite.includes('*')) works.set(key, label(entry.item));
  }
  return works;
}

function label(item: CslItem): string {
  const names = (item.author ?? item.editor) as { family?: string; literal?: string }[] | undefined;
  const who = names?.[0] ? `${names[0].family ?? names[0].literal}${names.length > 1 ? ' et al.' : ''}` : '';
  const year = (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0]?.[0];
  const head = [who, year].filter(Boolean).join(' ');
  return [head, String(item.title ?? item.id)].filter(Boolean).join(', ');
}

/** "sources: 1 added — Smith 2019, A Ledger of Ships" and the like, added before removed. */
export function sourceChangeLines(before: Map<string, string>, after: Map<string, string>, language = 'en'): string[] {
  const words = wordsFor(language);
  const added = [...after].filter(([k]) => !before.has(k)).map(([, l]) => l);
  const removed = [...before].filter(([k]) => !after.has(k)).map(([, l]) => l);
  const line = (list: string[], key: 'sourcesAdded' | 'sourcesRemoved') => words.t(key, { count: list.length, list: list.join('; ') });
  return [...(added.length ? [line(added, 'sourcesAdded')] : []), ...(removed.length ? [line(removed, 'sourcesRemoved')] : [])];
}
