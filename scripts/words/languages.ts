// Which languages have a catalogue of document words (locales/<lang>.json), and which catalogue
// serves a brief's language tag. Apart from words/index.ts so that brief.yaml's check of
// `language:` loads no message compiler.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/** A catalogue's name: a language, with a script where the language is written in several (zh-Hant). */
export type CatalogueLanguage = string;

let languages: CatalogueLanguage[] | undefined;

/** The languages with a catalogue (the files in locales/), English first. */
export function catalogueLanguages(): CatalogueLanguage[] {
  languages ??= readdirSync(LOCALES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
  return languages;
}

export type Catalogue = Record<string, string>;

export const readCatalogue = (language: string): Catalogue => JSON.parse(readFileSync(path.join(LOCALES_DIR, `${language}.json`), 'utf8')) as Catalogue;

/** Keys starting with `$` describe the file (its language's own name) and are no message. */
export const isMessageKey = (key: string) => !key.startsWith('$');

/**
 * The catalogue that serves a BCP 47 tag: its language (fr-CA → fr), and for Chinese its script
 * (zh-TW, zh-HK and zh-Hant → zh-Hant; zh, zh-CN, zh-SG → zh-Hans). null for a malformed tag or a
 * language with no catalogue.
 */
export function catalogueLanguage(tag: string): CatalogueLanguage | null {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag).maximize();
  } catch {
    return null;
  }
  const all = catalogueLanguages();
  // Maximised, zh and zh-CN carry the script Hans, zh-TW Hant: the catalogue of that script serves them.
  return all.find((c) => c === `${locale.language}-${locale.script}`) ?? all.find((c) => c === locale.language) ?? null;
}

