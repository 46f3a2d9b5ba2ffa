// Every word the tool writes is in the edition's language: one small fictional brief per catalogue
// language (tests/fixtures/languages/input/content/<lang>/), built to PDF, whose text must show that
// language's words for the contents, a table, a figure, the folio and the revision log, and none
// of the English ones; plural forms follow the language (Russian 1/3/5); justified English and
// French paragraphs break lines inside words at soft hyphens.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf, normalize, rightToLeftLines, type PdfReport } from '../helpers/pdf.ts';
import { copyProject, removeProject, runCliOk } from '../helpers/project.ts';

const INPUT = path.resolve(import.meta.dirname, '../fixtures/languages/input');

interface Expected {
  contents: string;
  table: RegExp;
  figure: RegExp;
  folio: RegExp;
  revisionLog: string;
}

const EXPECTED: Record<string, Expected> = {
  en: { contents: 'Contents', table: /Table 1\b/, figure: /Figure 1\b/, folio: /\b3 of \d+/, revisionLog: 'Revision log' },
  fr: { contents: 'Sommaire', table: /Tableau 1\b/, figure: /Graphique 1\b/, folio: /\b3 sur \d+/, revisionLog: 'Historique des révisions' },
  es: { contents: 'Índice', table: /Tabla 1\b/, figure: /Gráfico 1\b/, folio: /\b3 de \d+/, revisionLog: 'Registro de revisiones' },
  de: { contents: 'Inhalt', table: /Tabelle 1\b/, figure: /Abbildung 1\b/, folio: /\b3 von \d+/, revisionLog: 'Versionsverlauf' },
  ru: { contents: 'Содержание', table: /Таблица 1\b/, figure: /Рисунок 1\b/, folio: /\b3 из \d+/, revisionLog: 'Журнал изменений' },
  'zh-Hans': { contents: '目录', table: /表 ?1/, figure: /图 ?1/, folio: /第 ?3 ?页，共 ?\d+ ?页/, revisionLog: '修订记录' },
  'zh-Hant': { contents: '目錄', table: /表 ?1/, figure: /圖 ?1/, folio: /第 ?3 ?頁，共 ?\d+ ?頁/, revisionLog: '修訂紀錄' },
  ar: { contents: 'المحتويات', table: /الجدول 1/, figure: /الشكل 1/, folio: /3 من \d+/, revisionLog: 'سجل المراجعات' },
};

/** What an English build prints that no other language's may. */
const ENGLISH = [/\bContents\b/, /\bTable 1\b/, /\bFigure 1\b/, /\b\d+ of \d+\b/, /Revision log/, /\bEdition 1\.0\b/, /\bDRAFT\b/, /\bPolicy brief\b/i];

const LANGUAGES = Object.keys(EXPECTED);
/** An English brief whose 30-sentence paragraph runs over pages, cut inside a word at least once. */
const LONG = 'en-long';
/**
 * pdfjs gives a right-to-left page's runs in drawing order (left to right), so an Arabic PDF's text
 * is read line by line from the right (tests/helpers/pdf.ts rightToLeftLines).
 */
const RIGHT_TO_LEFT = new Set(['ar']);
const pdfText = (lang: string, report: PdfReport) =>
  normalize(RIGHT_TO_LEFT.has(lang) ? report.items.map((page) => rightToLeftLines(page).map((l) => l.text).join('\n')).join('\n') : report.pages.join('\n'));
/**
 * Where pdfjs splits an Arabic word at a letter that does not join the next (ر, ا, و…) the reading
 * helper cannot tell that gap from a word space, so Arabic text and patterns are compared without spaces.
 */
const spaceless = (lang: string) => (RIGHT_TO_LEFT.has(lang) ? (s: string) => s.replace(/\s+/g, '') : (s: string) => s);
const spacelessPattern = (lang: string) => (RIGHT_TO_LEFT.has(lang) ? (re: RegExp) => new RegExp(re.source.replace(/ \??/g, ''), re.flags) : (re: RegExp) => re);
// Two builds at a time: each starts Chromium, which is slow when the machine is busy.
const AT_ONCE = 2;

describe('documents in eight languages', () => {
  let root: string;
  const pdfs = new Map<string, PdfReport>();
  const htmls = new Map<string, string>();

  beforeAll(async () => {
    root = copyProject(INPUT);
    const queue = [...LANGUAGES];
    const worker = async () => {
      for (let lang = queue.shift(); lang; lang = queue.shift()) {
        await runCliOk(root, ['build', lang, '-q']);
        const out = path.join(root, 'output', lang, '1.0', `${lang}-1.0`);
        pdfs.set(lang, await readPdf(new Uint8Array(readFileSync(`${out}.pdf`))));
        htmls.set(lang, readFileSync(`${out}.html`, 'utf8'));
      }
    };
    queue.push(LONG);
    await Promise.all(Array.from({ length: AT_ONCE }, worker));
  }, 600_000);

  afterAll(() => removeProject(root));

  for (const lang of LANGUAGES) {
    it(`${lang}: contents, table, figure, folio and revision log in ${lang}, no English`, () => {
      const [str, re] = [spaceless(lang), spacelessPattern(lang)];
      const text = str(pdfText(lang, pdfs.get(lang)!));
      const want = EXPECTED[lang];
      expect(text).toContain(str(want.contents));
      expect(text).toMatch(re(want.table));
      expect(text).toMatch(re(want.figure));
      expect(text).toMatch(re(want.folio));
      expect(text).toContain(str(want.revisionLog));
      if (lang !== 'en') for (const english of ENGLISH) expect(text, `${lang} PDF`).not.toMatch(re(english));
    });
  }

  // The colophon's "set in …" names the families the document is set in, listed as its language lists things.
  const SET_IN: Record<string, string> = {
    en: 'set in Noto Serif and Noto Sans.',
    ar: 'بخطوط Amiri وNoto Serif وNoto Sans.',
    'zh-Hans': '字体为 Noto Serif SC、Noto Sans SC、Noto Serif和Noto Sans。',
    ru: 'набрано шрифтами Noto Serif и Noto Sans.',
  };
  for (const [lang, setIn] of Object.entries(SET_IN)) {
    it(`${lang}: the colophon names the fonts it is set in (${setIn})`, () => {
      const colophon = /<section class="colophon"[\s\S]*?<\/section>/.exec(htmls.get(lang)!)?.[0] ?? '';
      expect(normalize(colophon.replace(/<[^>]+>/g, ''))).toContain(setIn);
      // In the PDF up to the last name: pdfjs gives an Arabic line's closing stop inside its last Latin words.
      const str = spaceless(lang);
      expect(str(pdfText(lang, pdfs.get(lang)!))).toContain(str(setIn.slice(0, setIn.lastIndexOf('Noto'))));
    });
  }

  it('a brief in a Latin or Cyrillic script names neither Amiri nor a Chinese face', () => {
    for (const lang of ['en', 'fr', 'de', 'es', 'ru']) expect(normalize(pdfs.get(lang)!.pages.join('\n'))).not.toMatch(/Amiri|Noto (Serif|Sans) [ST]C/);
  });

  it('Russian counts take the form of their number: 1 представительство, 3 представительства, 5 представительств', () => {
    const text = normalize(pdfs.get('ru')!.pages.join('\n').replace(/-\n/g, ''));
    expect(text).toContain('1 представительство');
    expect(text).toContain('3 представительства');
    expect(text).toContain('5 представительств.');
    expect(text).toContain('9 торговых представительств');
  });

  it('English and French justified paragraphs end lines inside words, with a hyphen, and the text keeps no soft hyphen', () => {
    for (const lang of ['en', 'fr']) {
      const text = pdfs.get(lang)!.pages.join('\n');
      // A line that ends in a letter and a hyphen, and the next that goes on in lower case: a word broken at a soft hyphen.
      const broken = text.match(/\p{Ll}-\n\p{Ll}/gu) ?? [];
      expect(broken.length, `${lang}: hyphenated line ends`).toBeGreaterThanOrEqual(2);
      expect(text).not.toContain('\u00ad');
    }
  });

  it('a page that ends inside a word ends with its hyphen, and the next goes on with the rest of the word', () => {
    const pages = pdfs.get(LONG)!.pages.map((p) => p.split('\n'));
    /** The last line of body text on a page: the one before the folio. */
    const lastLine = (lines: string[]) => lines[lines.findIndex((l) => /^\d+ of \d+/.test(l)) - 1] ?? '';
    const cutInWord = pages.slice(0, -1).filter((lines, i) => /^\p{Ll}/u.test(pages[i + 1][1] ?? '') && !/[\s.,;:)]$/.test(lastLine(lines)));
    expect(cutInWord.length).toBeGreaterThan(0);
    for (const lines of cutInWord) expect(lastLine(lines)).toMatch(/\p{Ll}-$/u);
  });

  it('rebuilds a hyphenated document byte for byte', async () => {
    const pdf = path.join(root, 'output', 'fr', '1.0', 'fr-1.0.pdf');
    const first = readFileSync(pdf);
    await runCliOk(root, ['build', 'fr', '-q']);
    expect(readFileSync(pdf).equals(first)).toBe(true);
  });
});
