// translate/ stage: the Brief of a translated edition. Same datasets, packs, page and footnote labels
// as the source; its own language, chapters (translations/<lang>/, same file names), and the title,
// subtitle, running header and edition notes of translations/<lang>/brief.yaml when given.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Reporter } from '../messages.ts';
import type { Brief, Place } from '../types.ts';
import { relToRoot } from '../config/paths.ts';
import { decodeUtf8 } from '../config/text.ts';
import { translatedChapterFile, translationDir, translationsRoot } from './paths.ts';

interface Overrides {
  title?: string;
  subtitle?: string;
  running_header?: string;
  editions: Map<string, { summary?: string; changes?: string[] }>;
  /** Chapter file names knowingly left in the source language for now, with their places. */
  untranslated: Map<string, Place>;
}

const TEXT_KEYS = ['title', 'subtitle', 'running_header'] as const;
const KEYS = [...TEXT_KEYS, 'editions', 'untranslated'];

/** The translated edition's Brief; null after reporting a broken translations/<lang>/brief.yaml. */
export async function translatedBrief({ brief, language, reporter }: { brief: Brief; language: string; reporter: Reporter }): Promise<Brief | null> {
  const dir = translationDir(brief, language);
  const listed = brief.translations.find((t) => t.language === language);
  const overrides = await readOverrides({ brief, file: path.join(dir, 'brief.yaml'), reporter });
  if (!overrides) return null;
  const missing: NonNullable<Brief['translation']>['missing'] = [];
  const chapters = brief.chapters.map((c) => {
    const file = translatedChapterFile(brief, language, c.file);
    if (existsSync(path.join(brief.root, file))) return { ...c, file };
    // A draft prints the source chapter in its place (with a warning, unless brief.yaml's untranslated:
    // says it is known); a release refuses either way (runs/release.ts).
    const place = overrides.untranslated.get(path.basename(c.file)) ?? listed?.place ?? c.place;
    missing.push({ chapter: c.file, path: file, place });
    if (!overrides.untranslated.has(path.basename(c.file))) reporter.report(place, 'translation-missing', { chapter: c.file, language, path: file });
    return c;
  });
  const translated = new Map(brief.chapters.map((c, i) => [c.file, chapters[i].file]));
  return {
    ...brief,
    language,
    title: overrides.title ?? brief.title,
    subtitle: overrides.subtitle ?? brief.subtitle,
    runningHeader: overrides.running_header ?? overrides.title ?? brief.runningHeader,
    chapters,
    editions: brief.editions.map((e) => ({ ...e, ...overrides.editions.get(e.version) })),
    ...(brief.packs ? { packs: { ...brief.packs, include: brief.packs.include.map((f) => translated.get(f) ?? f) } } : {}),
    translation: { language, dir, missing },
  };
}

/** translations/<lang>/ folders whose language brief.yaml does not list: their chapters would never be built. */
export function checkTranslationFolders({ brief, reporter }: { brief: Brief; reporter: Reporter }): void {
  const root = translationsRoot(brief);
  if (!existsSync(root)) return;
  const listed = brief.translations.map((t) => t.language);
  for (const name of readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!statSync(dir).isDirectory() || listed.includes(name)) continue;
    const first = readdirSync(dir).sort().find((f) => statSync(path.join(dir, f)).isFile());
    const place = { file: relToRoot(brief.root, first ? path.join(dir, first) : dir), line: 1, column: 1 };
    reporter.report(place, 'translation-unlisted', { dir: `${relToRoot(brief.root, dir)}/`, language: name, brief: brief.file, listed: listed.join(', ') });
  }
}

async function readOverrides({ brief, file, reporter }: { brief: Brief; file: string; reporter: Reporter }): Promise<Overrides | null> {
  const empty: Overrides = { editions: new Map(), untranslated: new Map() };
  if (!existsSync(file)) return empty;
  const rel = relToRoot(brief.root, file);
  const text = decodeUtf8(await readFile(file));
  if (text === null) {
    reporter.report({ file: rel, line: 1, column: 1 }, 'not-utf8');
    return null;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/\r(?!\n)/g, '\n'), { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const at = (node: unknown): Place => {
    const { line, col } = lineCounter.linePos((node as YamlNode | null)?.range?.[0] ?? 0);
    return { file: rel, line, column: col };
  };
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      reporter.report({ file: rel, line, column: col }, 'yaml-syntax', { detail: e.message.split('\n')[0] });
    }
    return null;
  }
  if (doc.contents === null) return empty;
  if (!isMap(doc.contents)) {
    reporter.report(at(doc.contents), 'schema-type', { key: rel, expected: 'a mapping of keys (title:, editions:, …)', actual: isSeq(doc.contents) ? 'a list' : 'a value' });
    return null;
  }
  const before = reporter.errors.length;
  const out: Overrides = { editions: new Map(), untranslated: new Map() };
  const text1 = (node: unknown, key: string): string | undefined => {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim()) return node.value;
    reporter.report(at(node), 'schema-type', { key, expected: 'a line of text', actual: isScalar(node) ? String(node.value) : 'a list or mapping' });
    return undefined;
  };
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KEYS.includes(key)) {
      reporter.report(at(pair.key), 'schema-unknown-key', { key, where: rel, allowed: KEYS.join(', ') });
      continue;
    }
    if (key === 'untranslated') {
      const names = brief.chapters.map((c) => path.basename(c.file));
      if (!isSeq(pair.value)) {
        reporter.report(at(pair.value), 'schema-type', { key, expected: 'a list of chapter file names', actual: 'not a list' });
        continue;
      }
      for (const item of pair.value.items) {
        const name = isScalar(item) ? String(item.value) : '';
        if (names.includes(name)) out.untranslated.set(name, at(item));
        else reporter.report(at(item), 'schema-enum', { key: 'untranslated', allowed: names.join(' | '), actual: name ? `"${name}"` : 'not a file name' });
      }
      continue;
    }
    if (key !== 'editions') {
      const value = text1(pair.value, key);
      if (value !== undefined) out[key as (typeof TEXT_KEYS)[number]] = value;
      continue;
    }
    if (!isSeq(pair.value)) {
      reporter.report(at(pair.value), 'schema-type', { key, expected: 'a list of { version, summary, changes }', actual: 'not a list' });
      continue;
    }
    for (const item of pair.value.items) readEdition(item);
  }
  function readEdition(item: unknown): void {
    if (!isMap(item)) return reporter.report(at(item), 'schema-type', { key: 'editions', expected: 'a mapping { version, summary, changes }', actual: 'not a mapping' });
    const entry: { summary?: string; changes?: string[] } = {};
    let version: string | undefined;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key === 'version') {
        version = isScalar(pair.value) ? String(pair.value.value) : undefined;
        const known = brief.editions.map((e) => e.version);
        if (version === undefined || !known.includes(version)) reporter.report(at(pair.value), 'schema-enum', { key: 'editions.version', allowed: known.join(' | '), actual: String(version) });
      } else if (key === 'summary') {
        const s = text1(pair.value, 'summary');
        if (s !== undefined) entry.summary = s;
      } else if (key === 'changes') {
        if (isSeq(pair.value) && pair.value.items.every((i) => isScalar(i) && typeof i.value === 'string')) entry.changes = pair.value.items.map((i) => String((i as { value: unknown }).value));
        else reporter.report(at(pair.value), 'schema-type', { key: 'changes', expected: 'a list of lines of text', actual: 'something else' });
      } else reporter.report(at(pair.key), 'schema-unknown-key', { key, where: `${rel} editions`, allowed: 'version, summary, changes' });
    }
    if (version !== undefined) out.editions.set(version, entry);
  }
  return reporter.errors.length > before ? null : out;
}
