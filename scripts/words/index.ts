// The words briefkit writes into a document (not its diagnostics, which are scripts/messages.ts), in
// the brief's language. One ICU MessageFormat catalogue per language, locales/<lang>.json, with the
// keys of en.json: a translator adds a language by adding one file (tests/words fails on a key
// missing or extra, or a message that does not compile). Messages are compiled on first use; plain
// ones (text and `{name}` arguments) are filled in without compiling.
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogueLanguage, catalogueLanguages, isMessageKey, readCatalogue, type Catalogue, type CatalogueLanguage } from './languages.ts';

export { catalogueLanguage, catalogueLanguages, isMessageKey, type CatalogueLanguage } from './languages.ts';

/** A message's key: en.json's keys, so tsc refuses a key no catalogue has. */
export type WordKey = Exclude<keyof typeof import('./locales/en.json', { with: { type: 'json' } }), `$${string}`>;
export type WordArgs = Record<string, string | number>;

export interface Words {
  /** The brief's own tag, used for Intl (plural rules, numbers, dates). */
  readonly language: string;
  /** The catalogue's language. */
  readonly catalogue: CatalogueLanguage;
  /** The message `key` with `args`; numbers in plural forms (`#`) are formatted for the language. */
  t(key: WordKey, args?: WordArgs): string;
  /** Whether `key` names a message (a template may compute one). */
  has(key: string): key is WordKey;
}

const cache = new Map<string, Words>();

/**
 * A message that is text with at most plain `{name}` arguments: no plural or select, no quoting
 * apostrophe, no tag. Most of a catalogue's; ICU would give each argument as String(value), so it
 * is filled in without compiling the message (compiling a build's first words took ~14 ms).
 */
const PLAIN = /^[^{}'<#]*(?:\{\s*[A-Za-z_]\w*\s*\}[^{}'<#]*)*$/;
const ARGUMENT = /\{\s*([A-Za-z_]\w*)\s*\}/g;

/** `source` (PLAIN) with `args`; null when an argument is missing, for ICU to report. */
function fillPlain(source: string, args: WordArgs): string | null {
  let missing = false;
  const out = source.replace(ARGUMENT, (_, name: string) => {
    if (!Object.hasOwn(args, name)) missing = true;
    return String(args[name]);
  });
  return missing ? null : out;
}

/** The words for `language`; a language with no catalogue gets English (config refuses such a brief first). */
export function wordsFor(language: string): Words {
  let words = cache.get(language);
  if (!words) {
    const catalogue = catalogueLanguage(language) ?? 'en';
    const messages = readCatalogue(catalogue);
    const compiled = new Map<string, IntlMessageFormat>();
    // The brief's own tag formats numbers and picks plural forms when Intl knows it.
    const intlTag = Intl.NumberFormat.supportedLocalesOf([language]).length ? language : catalogue;
    words = {
      language,
      catalogue,
      t(key, args) {
        let format = compiled.get(key);
        if (!format) {
          const source = messages[key];
          if (source === undefined) throw new Error(`no word "${key}" in ${catalogue}.json`);
          const plain = PLAIN.test(source) ? fillPlain(source, args ?? {}) : null;
          if (plain !== null) return plain;
          format = new IntlMessageFormat(source, intlTag);
          compiled.set(key, format);
        }
        return String(format.format(args ?? {}));
      },
      has: (key): key is WordKey => isMessageKey(key) && Object.hasOwn(messages, key),
    };
    cache.set(language, words);
  }
  return words;
}

/** Every catalogue's messages by language, for the completeness test and the docs. */
export function allCatalogues(): Map<CatalogueLanguage, Catalogue> {
  return new Map(catalogueLanguages().map((l) => [l, readCatalogue(l)]));
}

/** A message source compiled for `language`: throws when it is not valid ICU MessageFormat. */
export function compileMessage(source: string, language: string): IntlMessageFormat {
  return new IntlMessageFormat(source, language);
}
