// The catalogue of document words: every language has exactly en.json's keys, every message
// compiles as ICU MessageFormat for its language, and its placeholders are the English ones.
import { describe, expect, it } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { allCatalogues, catalogueLanguage, compileMessage, isMessageKey, wordsFor } from '../../scripts/words/index.ts';
import { localeFor } from '../../scripts/cite/styles.ts';

const catalogues = allCatalogues();
const english = catalogues.get('en')!;
const keys = (c: Record<string, string>) => Object.keys(c).filter(isMessageKey).sort();

/** The argument names a message reads (plural and select arguments included). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

describe('the catalogue of document words', () => {
  it('has the eight languages the spec names', () => {
    expect([...catalogues.keys()].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ru', 'zh-Hans', 'zh-Hant']);
  });

  for (const [language, catalogue] of catalogues) {
    it(`${language}: the keys of en.json, no more and no fewer; each message compiles and reads en's arguments`, () => {
      const missing = keys(english).filter((k) => !(k in catalogue));
      const extra = keys(catalogue).filter((k) => !(k in english));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      expect(typeof catalogue.$language).toBe('string');
      for (const key of keys(catalogue)) {
        expect(() => compileMessage(catalogue[key], language), `${language}.json ${key}`).not.toThrow();
        const wanted = [...argumentsOf(parse(english[key]))].sort();
        // A language may drop a plural argument it need not show (Chinese counts take no form);
        // it may never read an argument English does not give.
        const read = [...argumentsOf(parse(catalogue[key]))].sort();
        expect(read.filter((a) => !wanted.includes(a)), `${language}.json ${key} reads unknown arguments`).toEqual([]);
      }
    });
  }

  it('gives every message, plain ones filled in without compiling, as ICU MessageFormat gives it', () => {
    for (const [language, catalogue] of catalogues) {
      const words = wordsFor(language);
      for (const key of keys(catalogue)) {
        const names = [...argumentsOf(parse(english[key]))];
        // Text with markup characters and a number, as a dataset name or a count arrives.
        const args = Object.fromEntries(names.map((n, i) => [n, n === 'count' ? 1234 : `A & <b> ${i}`]));
        expect(words.t(key as Parameters<typeof words.t>[0], args), `${language}.json ${key}`).toBe(String(compileMessage(catalogue[key], language).format(args)));
      }
    }
    // An argument the caller did not give is ICU's error, as before.
    expect(() => wordsFor('en').t('editionDated', { version: '1.0' })).toThrow(/date/);
  });

  it('picks the catalogue from the brief\'s tag: region and script', () => {
    expect(['en-US', 'fr-CA', 'zh', 'zh-CN', 'zh-TW', 'zh-Hant-HK', 'ar-EG', 'pt-BR'].map(catalogueLanguage)).toEqual(['en', 'fr', 'zh-Hans', 'zh-Hans', 'zh-Hant', 'zh-Hant', 'ar', null]);
  });

  it('takes citation terms from the CSL locale of each language, Traditional Chinese its own', () => {
    expect(['en', 'fr', 'es', 'de', 'ru', 'zh-Hans', 'zh-Hant', 'ar'].map((l) => localeFor(l).id)).toEqual(['en-US', 'fr-FR', 'es-ES', 'de-DE', 'ru-RU', 'zh-CN', 'zh-TW', 'ar']);
  });

  it('uses the language\'s plural forms: Russian 1/3/5, Arabic 0/1/2/3/11/100', () => {
    const ru = wordsFor('ru');
    expect([1, 3, 5, 21].map((n) => ru.t('dataRowsAdded', { dataset: 'd', count: n, list: 'x' }))).toEqual([
      'd: добавлена 1 строка — x',
      'd: добавлены 3 строки — x',
      'd: добавлено 5 строк — x',
      'd: добавлена 21 строка — x',
    ]);
    const ar = wordsFor('ar');
    const forms = [0, 1, 2, 3, 11, 100].map((n) => ar.t('dataNewDataset', { dataset: 'd', count: n }).split(' — ')[1]);
    expect(new Set(forms).size).toBe(6);
  });
});
