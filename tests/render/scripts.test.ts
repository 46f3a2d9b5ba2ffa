// Fonts per script: a Russian and a Traditional Chinese brief (tests/fixtures/languages, fictional)
// print every character without a glyph-missing warning, and each edition carries the faces its
// language needs and not the others (Traditional Chinese in TC shapes, not SC; no Arabic or TC face
// in a brief without them).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Built } from '../helpers/built.ts';
import { compact, normalize } from '../helpers/pdf.ts';
import { checkGlyphs } from '../../scripts/render/glyphs.ts';
import { languagesIn } from '../../scripts/render/fonts.ts';
import { Reporter } from '../../scripts/messages.ts';
import type { Chapter } from '../../scripts/types.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/languages');

/** The families of the @font-face rules the HTML edition inlines. */
const inlinedFamilies = (html: string) => [...new Set([...html.matchAll(/@font-face\{font-family:'([^']+)'/g)].map((m) => m[1]))].sort();

let russian: Built;
let traditional: Built;

beforeAll(async () => {
  russian = await buildFixture(path.join(FIXTURES, 'russian'), 'vozdukh');
  traditional = await buildFixture(path.join(FIXTURES, 'traditional-chinese'), 'kongqi');
}, 300_000);

afterAll(async () => {
  await russian?.close();
  await traditional?.close();
});

describe('Russian', () => {
  it('prints its Cyrillic (ё, «», №) in Noto Serif and Noto Sans, with no glyph-missing warning', () => {
    expect(russian.result.warnings.map((w) => w.rule)).not.toContain('glyph-missing');
    const text = normalize(russian.pdf.pages.join('\n'));
    expect(text).toContain('Станции наблюдения Фридонии ежечасно измеряют качество воздуха');
    expect(text).toContain('«ежегодный отчёт»');
    expect(text).toContain('в отчёте № 3');
    expect(text).toContain('Ёмкие выводы');
    expect(russian.pdf.fonts.every((f) => /^Noto(Serif|Sans)-/.test(f))).toBe(true);
  });

  it('embeds no Arabic or Traditional Chinese face in either edition', () => {
    expect(russian.pdf.fonts.filter((f) => /Amiri|TC/.test(f))).toEqual([]);
    expect(inlinedFamilies(russian.html).filter((f) => /Amiri|TC/.test(f))).toEqual([]);
    expect(russian.html).toMatch(/^<!doctype html>\n<html lang="ru">/); // left to right: no dir
  });
});

describe('Traditional Chinese (zh-Hant)', () => {
  it('prints every character with no glyph-missing warning', () => {
    expect(traditional.result.warnings.map((w) => w.rule)).not.toContain('glyph-missing');
    const text = compact(traditional.pdf.pages.join(''));
    expect(text).toContain('福瑞多尼亞的空氣品質監測站每小時記錄一次數據。');
    expect(text).toContain('臺灣與香港的讀者習慣繁體字。');
  });

  it('is set in the TC faces, and neither edition carries the Simplified (SC) ones', () => {
    expect(traditional.pdf.fonts.some((f) => f.startsWith('NotoSerifTC'))).toBe(true);
    expect(traditional.pdf.fonts.filter((f) => /SC/.test(f))).toEqual([]);
    expect(inlinedFamilies(traditional.html)).toEqual(expect.arrayContaining(['Noto Serif TC']));
    expect(inlinedFamilies(traditional.html).filter((f) => /SC|Amiri/.test(f))).toEqual([]);
  });
});

describe('languagesIn: the languages a page names', () => {
  it('reads lang attributes of tags, not markup shown as text', () => {
    expect([...languagesIn('<html lang="ar" dir="rtl"><p>x <span class="a" lang=\'zh-Hant\'>y</span> <code>&lt;b lang="fr"></code><a hreflang="de">')]).toEqual(['ar', 'zh-hant']);
  });
});

describe('the glyph check knows the faces a language brings', () => {
  // 倯 (U+502F) is in Noto Serif TC's slices and in none of Noto Serif SC's.
  const at = { start: { line: 5, column: 1, offset: 0 }, end: { line: 5, column: 2, offset: 1 } };
  const chapter = (inline: unknown[]): Chapter =>
    ({ id: 'one', file: 'content/demo/chapters/one.md', title: 'One', tree: { type: 'root', children: [{ type: 'paragraph', children: inline, position: at }] } }) as unknown as Chapter;
  const rules = (language: string, inline: unknown[]) => {
    const reporter = new Reporter();
    checkGlyphs({ chapters: [chapter(inline)], language, reporter });
    return reporter.diagnostics.map((d) => `${d.rule}: ${d.message}`);
  };
  const text = (value: string) => ({ type: 'text', value, position: at });

  it('a character only the TC faces draw is missing in an English brief, drawn in a zh-Hant one or span', () => {
    expect(rules('en', [text('倯')])).toEqual(['glyph-missing: no embedded font has a glyph for "倯" (U+502F): it would print as an empty box']);
    expect(rules('zh-Hant', [text('倯')])).toEqual([]);
    expect(rules('en', [{ type: 'html', value: '<span lang="zh-Hant">' }, text('倯'), { type: 'html', value: '</span>' }])).toEqual([]);
  });

  it('Arabic letters are drawn in any brief (Amiri is linked when the text has them)', () => {
    expect(rules('en', [text('The sign read هواء.')])).toEqual([]);
  });
});
