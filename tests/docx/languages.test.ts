// The Word file in the brief's language: an Arabic brief (tests/fixtures/languages/arabic,
// fictional) comes out right to left (bidirectional paragraphs, right-to-left runs, a mirrored
// table, right-to-left defaults for the paragraphs Word makes itself), its text in the source's
// order; every catalogue language's brief names its language for Word's proofing and hyphenation
// and a font for its script; a translated edition gets its own .docx beside its PDF and HTML.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/runs/build.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { copyProject, removeProject, runCliOk } from '../helpers/project.ts';
import { normalize } from '../helpers/pdf.ts';
import { footnotes, paragraphs, readDocx, textOf, type Parts } from './fixture.ts';
import { chartFontFiles, svgToPng } from '../../scripts/docx/image.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

/** The .docx of the brief `name` in a copy of the project `dir` (no PDF: Word's file needs no browser). */
async function wordFile(dir: string, name: string, languages?: string[]): Promise<{ root: string; docx: Parts }> {
  const root = copyProject(dir);
  roots.push(root);
  const r = await build(pipelineContext(root), { name, htmlOnly: true, docx: true, ...(languages ? { languages } : {}) });
  return { root, docx: readDocx(readFileSync(r.docx!)) };
}

/** The body's paragraphs as XML, the table of contents (which Word fills in) left out. */
const bodyParagraphs = (xml: string) => [...xml.replace(/<w:sdt>[\s\S]*?<\/w:sdt>/g, '').matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
const runs = (xml: string) => [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((m) => m[0]);
const docDefaults = (styles: string) => /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
const ARABIC = /\p{Script=Arabic}/u;

describe('an Arabic brief in Word', () => {
  let docx: Parts;
  let xml: string;

  beforeAll(async () => {
    ({ docx } = await wordFile(path.join(FIXTURES, 'languages/arabic'), 'hawa'));
    xml = docx['word/document.xml'];
  }, 120_000);

  it('has every paragraph of the body right to left, and so are new paragraphs by default', () => {
    const paras = bodyParagraphs(xml);
    expect(paras.length).toBeGreaterThan(15);
    expect(paras.filter((p) => !p.includes('<w:bidi/>'))).toEqual([]);
    expect(docDefaults(docx['word/styles.xml'])).toMatch(/<w:pPrDefault><w:pPr><w:bidi\/>/);
    // The footnotes too.
    const notes = [...docx['word/footnotes.xml'].matchAll(/<w:footnote [^>]*w:id="[1-9]\d*"[^>]*>([\s\S]*?)<\/w:footnote>/g)].map((m) => m[1]);
    expect(notes.length).toBe(1);
    expect(notes[0]).toContain('<w:bidi/>');
  });

  it('marks every run of Arabic text right to left (the contents Word fills in too), and no run of Latin letters', () => {
    const all = [...runs(xml), ...runs(docx['word/footnotes.xml'])];
    const arabic = all.filter((r) => ARABIC.test(textOf(r)));
    expect(arabic.length).toBeGreaterThan(20);
    expect(arabic.filter((r) => !r.includes('<w:rtl/>')).map((r) => textOf(r))).toEqual([]);
    const latin = all.filter((r) => /[A-Za-z]/.test(textOf(r)) && !ARABIC.test(textOf(r)));
    expect(latin.filter((r) => r.includes('<w:rtl/>')).map((r) => textOf(r))).toEqual([]);
  });

  it('lays the table out right to left: first column on the right, text at the start, numbers at the end', () => {
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatch(/<w:tblPr><w:bidiVisual\/>/);
    const rows = [...tables[0].matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => c[0]));
    expect(rows.map((r) => r.map((c) => textOf(c)))).toEqual([
      ['المحطة', 'المدينة', 'أيام التلوث'],
      ['الميناء', 'سالم', '41'],
      ['الجسر', 'سالم', '17'],
      ['الوادي', 'نور', '8'],
    ]);
    expect(rows[1].map((c) => /<w:jc w:val="(\w+)"\/>/.exec(c)?.[1])).toEqual(['start', 'start', 'end']);
  });

  it('indents list items from the right', () => {
    const levels = [...docx['word/numbering.xml'].matchAll(/<w:abstractNum [\s\S]*?<\/w:abstractNum>/g)].map((m) => m[0]).filter((a) => a.includes('w:start="720"'));
    expect(levels.length).toBe(2); // bullets and numbers
  });

  it('says the text is Arabic, for Word’s proofing and hyphenation, and sets complex-script text in Amiri', () => {
    const defaults = docDefaults(docx['word/styles.xml']);
    expect(defaults).toContain('<w:lang w:val="ar-EG" w:bidi="ar-EG"/>');
    expect(defaults).toContain('<w:rFonts w:ascii="Noto Serif" w:cs="Amiri" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"/>');
    // Headings' complex-script font is Amiri as well (brief.css sets Arabic headings in it).
    const heading1 = /<w:style [^>]*w:styleId="Heading1"[\s\S]*?<\/w:style>/.exec(docx['word/styles.xml'])![0];
    expect(heading1).toContain('w:cs="Amiri"');
  });

  it('has the Arabic text in the source’s order, the note where the source puts it', () => {
    const source = readFileSync(path.join(FIXTURES, 'languages/arabic/content/hawa/chapters/hawa.md'), 'utf8');
    const text = paragraphs(xml).map((p) => normalize(p.text));
    const first = normalize(/^تقيس[^\n]*/m.exec(source)![0].replace('[^wizara]', ''));
    const order = [first, 'تحسن الهواء قليلا.', 'المحطات', 'محطة الميناء في مدينة سالم.', 'محطة الوادي في مدينة نور.', 'الخلاصة', 'يجب نشر البيانات كل يوم.'];
    // Each after the one before (the contents list the headings earlier).
    let from = 0;
    for (const p of order) {
      const i = text.indexOf(p, from);
      expect(i, p).toBeGreaterThanOrEqual(from);
      from = i + 1;
    }
    expect(xml).toMatch(/الكبيرة\.<\/w:t><\/w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/>/);
    expect([...footnotes(docx['word/footnotes.xml']).values()]).toEqual(['وزارة البيئة في فريدونيا، التقرير السنوي.']);
  });
});

describe('a chart label in Arabic, drawn for Word', () => {
  it('is drawn in Amiri, not as the empty boxes of a font without Arabic', async () => {
    const cache = copyProject(path.join(FIXTURES, 'languages/arabic'));
    roots.push(cache);
    const label = 'أيام التلوث';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="10" y="28" font-family="Noto Sans" font-size="20">${label}</text></svg>`;
    const latinOnly = await chartFontFiles(cache);
    const withArabic = await chartFontFiles(cache, label, 'ar');
    expect(withArabic.filter((f) => !latinOnly.includes(f)).map((f) => path.basename(f))).toEqual(['amiri-arabic-400-normal.ttf', 'amiri-arabic-700-normal.ttf']);
    expect(svgToPng(svg, withArabic).png.equals(svgToPng(svg, latinOnly).png)).toBe(false);
  });
});

describe('the Word file names its language and a font for its script', () => {
  // tests/fixtures/languages/input: one brief per catalogue language.
  const EXPECTED: Record<string, { lang: string; fonts: string }> = {
    en: { lang: '<w:lang w:val="en-GB"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"' },
    fr: { lang: '<w:lang w:val="fr-FR"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"' },
    es: { lang: '<w:lang w:val="es-ES"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"' },
    de: { lang: '<w:lang w:val="de-DE"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"' },
    ru: { lang: '<w:lang w:val="ru-RU"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"' },
    'zh-Hans': { lang: '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif SC" w:hAnsi="Noto Serif"' },
    'zh-Hant': { lang: '<w:lang w:val="zh-TW" w:eastAsia="zh-TW"/>', fonts: 'w:ascii="Noto Serif" w:cs="Noto Serif" w:eastAsia="Noto Serif TC" w:hAnsi="Noto Serif"' },
    ar: { lang: '<w:lang w:val="ar-EG" w:bidi="ar-EG"/>', fonts: 'w:ascii="Noto Serif" w:cs="Amiri" w:eastAsia="Noto Serif" w:hAnsi="Noto Serif"' },
  };
  const built = new Map<string, Parts>();

  beforeAll(async () => {
    for (const lang of Object.keys(EXPECTED)) built.set(lang, (await wordFile(path.join(FIXTURES, 'languages/input'), lang)).docx);
  }, 300_000);

  for (const [lang, want] of Object.entries(EXPECTED)) {
    it(`${lang}: ${want.lang}, fonts ${want.fonts}`, () => {
      const docx = built.get(lang)!;
      const defaults = docDefaults(docx['word/styles.xml']);
      expect(defaults).toContain(want.lang);
      expect(defaults).toContain(`<w:rFonts ${want.fonts}/>`);
      // Only a right-to-left language turns paragraphs and tables around.
      const rtl = lang === 'ar';
      expect(defaults.includes('<w:bidi/>')).toBe(rtl);
      expect(docx['word/document.xml'].includes('<w:bidi/>')).toBe(rtl);
      expect(docx['word/document.xml'].includes('<w:bidiVisual/>')).toBe(rtl);
      expect(docx['docProps/core.xml']).toContain(`<dc:language>${lang}</dc:language>`);
    });
  }

  it('zh-Hans: headings take Noto Sans SC for Chinese', () => {
    const heading1 = /<w:style [^>]*w:styleId="Heading1"[\s\S]*?<\/w:style>/.exec(built.get('zh-Hans')!['word/styles.xml'])![0];
    expect(heading1).toContain('w:eastAsia="Noto Sans SC"');
  });
});

describe('a translated edition with --docx', () => {
  let root: string;
  let out: string;
  const file = (name: string) => path.join(root, 'output/atlas/1.0', name);

  beforeAll(async () => {
    root = copyProject(path.join(FIXTURES, 'translate/two-languages'));
    roots.push(root);
    out = (await runCliOk(root, ['build', 'atlas', '--html-only', '--docx'])).out;
  }, 120_000);

  it('writes <brief>-<version>.<lang>.docx beside the source language’s, and says so', () => {
    expect(existsSync(file('atlas-1.0.docx'))).toBe(true);
    expect(existsSync(file('atlas-1.0.fr.docx'))).toBe(true);
    expect(out).toContain('atlas-1.0.fr.docx');
  });

  it('has the translation’s text, notes and language, and the source file the source’s', () => {
    const fr = readDocx(readFileSync(file('atlas-1.0.fr.docx')));
    const en = readDocx(readFileSync(file('atlas-1.0.docx')));
    const frText = paragraphs(fr['word/document.xml']).map((p) => p.text);
    expect(frText).toContain('Atlas des rivières de Freedonia');
    expect(frText).toContain('La Freedonia compte 3 rivières dignes d’une étude. La plus longue est la Marx.');
    expect([...fr['word/document.xml'].matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4]);
    expect(footnotes(fr['word/footnotes.xml']).get(2)).toBe('Autorité de la rivière Marx, rapport annuel 2023.');
    expect(docDefaults(fr['word/styles.xml'])).toContain('<w:lang w:val="fr-FR"/>');
    expect(docDefaults(en['word/styles.xml'])).toContain('<w:lang w:val="en-GB"/>');
    expect(paragraphs(en['word/document.xml']).map((p) => p.text)).toContain('River Atlas of Freedonia');
  });

  it('--lang fr writes the French Word file only', async () => {
    const again = copyProject(path.join(FIXTURES, 'translate/two-languages'));
    roots.push(again);
    await runCliOk(again, ['build', 'atlas', '--html-only', '--docx', '--lang', 'fr']);
    expect(existsSync(path.join(again, 'output/atlas/1.0/atlas-1.0.fr.docx'))).toBe(true);
    expect(existsSync(path.join(again, 'output/atlas/1.0/atlas-1.0.docx'))).toBe(false);
  });
});
