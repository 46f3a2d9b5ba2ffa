// What Word needs to know of a brief's language: which way its paragraphs, runs and tables go,
// the language its text is in (w:lang, for proofing and hyphenation: Latin, East Asian and
// complex-script text each have their own attribute) and the fonts for each of Word's script
// slots (w:rFonts: ascii/hAnsi for Latin, eastAsia for CJK, cs for Arabic and other complex scripts),
// the families the PDF uses (render/fonts.ts).
import type { IFontAttributesProperties, IRunOptions } from 'docx';
import { textDirection } from '../render/direction.ts';
import { scriptFamilies } from '../render/fonts.ts';

type ILanguageOptions = NonNullable<IRunOptions['language']>;

export interface DocxLanguage {
  rtl: boolean;
  language: ILanguageOptions;
  /** Body text. */
  serif: IFontAttributesProperties;
  /** Headings, captions, tables' notes, cover lines. */
  sans: IFontAttributesProperties;
}

const EAST_ASIAN = new Set(['Hans', 'Hant', 'Jpan', 'Kore', 'Hani']);
const LATIN_SERIF = scriptFamilies('en').serif;
const LATIN_SANS = scriptFamilies('en').sans;

/**
 * The tag Word is given: the brief's, with the region Intl's likely subtags add when it names none
 * (zh-Hans → zh-CN, ar → ar-EG, fr → fr-FR; en → en-GB), as Word's proofing tools are chosen by language and region.
 */
export function wordLanguageTag(language: string): string {
  // Plain `en` is proofed as British English, as its dates are written (render/document.ts longDate).
  if (language === 'en') return 'en-GB';
  try {
    const tag = new Intl.Locale(language);
    const region = tag.region ?? tag.maximize().region;
    return region ? `${tag.language}-${region}` : tag.language;
  } catch {
    return language;
  }
}

export function docxLanguage(language: string): DocxLanguage {
  const { script, serif, sans } = scriptFamilies(language);
  const rtl = textDirection(language) === 'rtl';
  const eastAsian = script !== undefined && EAST_ASIAN.has(script);
  const tag = wordLanguageTag(language);
  // Latin letters in the brief keep the Noto faces; the script's own faces go in its slot.
  const fonts = (own: string, latin: string): IFontAttributesProperties => ({ ascii: latin, cs: rtl ? own : latin, eastAsia: eastAsian ? own : latin, hAnsi: latin });
  return {
    rtl,
    language: { value: tag, ...(eastAsian ? { eastAsia: tag } : {}), ...(rtl ? { bidirectional: tag } : {}) },
    serif: fonts(serif, LATIN_SERIF),
    sans: fonts(sans, LATIN_SANS),
  };
}

const RIGHT_TO_LEFT_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;

/**
 * Whether a run of `text` is right to left (w:rtl): it holds a right-to-left letter, or, in a
 * right-to-left document, no letter at all (digits, punctuation and spaces between Arabic words
 * take the paragraph's direction). A run of Latin letters stays left to right, as Word keeps it.
 */
export function runIsRightToLeft(text: string, rtlDocument: boolean): boolean {
  if (RIGHT_TO_LEFT_LETTER.test(text)) return true;
  return rtlDocument && !LETTER.test(text);
}
