// docx/ stage: the numbered chapters → a Word document for reviewers. It reads the same hast the
// HTML and PDF come from (render/hast.ts), so text, numbers and footnote numbers match the PDF:
// a title page, a TOC field, chapters under Heading 1/2 styles, Word footnotes, tables, charts as
// PNG, callouts, the revision log and the document properties. Packed deterministically (pack.ts).
import { wordsFor } from '../words/index.ts';
import { Document, HeadingLevel, Table, LevelFormat, Packer, PageBreak, Paragraph, TableOfContents, TextRun, AlignmentType, type IParagraphOptions } from 'docx';
import type { Brief, Chapter, Edition, Numbering, RevisionEntry } from '../types.ts';
import { longDate } from '../render/document.ts';
import { mdastToHast, type HastContext } from '../render/hast.ts';
import { blocks, bookmarkName, paragraph, type ConvertContext } from './convert.ts';
import { docxLanguage, runIsRightToLeft } from './language.ts';
import { chartFontFiles } from './image.ts';
import { deterministicDocx, type TrackedRefs } from './pack.ts';
import { Bookmark } from 'docx';

export interface DocxInput {
  brief: Brief;
  chapters: Chapter[];
  numbering: Numbering;
  edition: Edition;
  revisions: RevisionEntry[];
  draft: string | null;
  /** The fixed date written into the document properties and the zip entries. */
  date: Date;
  /** Folder for the TrueType copies of the chart fonts. */
  cache: string;
  /** Country name when rendering a pack. */
  packCountry?: string;
}

/** A paragraph of one run of `text`, in the direction of a document in `language`. */
function para(language: string, text: string, options: IParagraphOptions = {}): Paragraph {
  const { rtl } = docxLanguage(language);
  return paragraph({ ...options, children: [textRun(language, text)] }, { rtl });
}

const textRun = (language: string, text: string, options: { bold?: boolean } = {}) => new TextRun({ text, ...options, ...(runIsRightToLeft(text, docxLanguage(language).rtl) ? { rightToLeft: true } : {}) });

function titlePage(input: Omit<DocxInput, 'chapters' | 'numbering'>): Paragraph[] {
  const { brief, edition, draft, packCountry } = input;
  const words = wordsFor(brief.language);
  const out: Paragraph[] = [];
  if (brief.organization) out.push(para(brief.language, brief.organization, { style: 'CoverLine' }));
  out.push(para(brief.language, words.t(packCountry ? 'packKicker' : 'coverKicker'), { style: 'CoverLine', spacing: { before: 2400 } }));
  if (packCountry) out.push(para(brief.language, packCountry, { style: 'Subtitle' }));
  out.push(para(brief.language, brief.title, { heading: HeadingLevel.TITLE }));
  if (brief.subtitle) out.push(para(brief.language, brief.subtitle, { style: 'Subtitle' }));
  if (brief.authors.length) out.push(para(brief.language, brief.authors.join(' · '), { style: 'CoverLine' }));
  out.push(para(brief.language, words.t('editionDated', { version: edition.version, date: longDate(edition.date, brief.language) }), { style: 'CoverLine', spacing: { before: 1200 } }));
  if (draft) out.push(para(brief.language, draft, { style: 'CoverLine' }));
  out.push(paragraph({ children: [new PageBreak()] }, docxLanguage(brief.language)));
  return out;
}

function revisionLog(input: DocxInput): Paragraph[] {
  const { brief, revisions } = input;
  const words = wordsFor(brief.language);
  const direction = docxLanguage(brief.language);
  const out: Paragraph[] = [paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new Bookmark({ id: bookmarkName('revision-log'), children: [textRun(brief.language, words.t('revisionLog'))] })] }, direction)];
  const bullet = (text: string) => para(brief.language, text, { numbering: { reference: 'bullets', level: 0 } });
  for (const r of revisions) {
    out.push(paragraph({ keepNext: true, spacing: { before: 240 }, children: [textRun(brief.language, words.t('edition', { version: r.version }), { bold: true }), textRun(brief.language, `  ${longDate(r.date, brief.language)}`)] }, direction));
    if (r.summary) out.push(para(brief.language, r.summary));
    out.push(...r.changes.map(bullet));
    if (r.dataChanges.length) out.push(para(brief.language, words.t('dataChangesSince', { version: r.dataSince ?? '' }), { keepNext: true }), ...r.dataChanges.map(bullet));
  }
  out.push(para(brief.language, `${brief.title}${brief.subtitle ? `. ${brief.subtitle}` : ''}`, { spacing: { before: 480 }, style: 'CoverLine' }));
  const colophon = [words.t('colophonEdition', { version: input.edition.version, date: longDate(input.edition.date, brief.language) }), input.draft ? words.t('colophonDraft') : '', brief.organization ? words.t('colophonPublisher', { organization: brief.organization }) : ''];
  out.push(para(brief.language, colophon.filter(Boolean).join(' '), { style: 'CoverLine' }));
  return out;
}

/** A list level's indent, from the start side: the right in a right-to-left document. */
const levelIndent = (level: number, rtl: boolean) => ({ indent: rtl ? { start: 720 * (level + 1), hanging: 360 } : { left: 720 * (level + 1), hanging: 360 } });
const ordinalLevels = (rtl: boolean) => Array.from({ length: 9 }, (_, level) => ({ level, format: LevelFormat.DECIMAL, text: `%${level + 1}.`, alignment: AlignmentType.START, style: { paragraph: levelIndent(level, rtl) } }));
const bulletLevels = (rtl: boolean) => Array.from({ length: 9 }, (_, level) => ({ level, format: LevelFormat.BULLET, text: level % 2 ? '◦' : '•', alignment: AlignmentType.START, style: { paragraph: levelIndent(level, rtl) } }));

export async function renderDocx(input: DocxInput): Promise<Buffer> {
  const { brief, chapters, numbering } = input;
  const words = wordsFor(brief.language);
  const hastCtx: HastContext = { brief, numbering, citations: new Map(), words };
  const trees = chapters.map((ch) => mdastToHast({ tree: ch.tree, ctx: hastCtx }));
  // The charts' labels (raw SVG in the trees) decide which scripts' faces they are drawn with.
  const ctx: ConvertContext = { cited: new Set(), lists: 0, fontFiles: await chartFontFiles(input.cache, JSON.stringify(trees), brief.language), rtl: docxLanguage(brief.language).rtl };

  const body: (Paragraph | Table)[] = [];
  chapters.forEach((ch, i) => {
    body.push(paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new Bookmark({ id: bookmarkName(ch.id), children: [textRun(brief.language, ch.title)] })] }, ctx));
    body.push(...blocks(trees[i], ctx));
  });
  // Word numbers footnotes in the order they are cited, as the numbering stage does: ids are the PDF's numbers.
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const label of numbering.footnoteOrder) {
    const def = numbering.footnotes.get(label)!;
    const paragraphs = blocks(mdastToHast({ tree: { type: 'root', children: def.children }, ctx: hastCtx }), ctx, { style: 'FootnoteText' }).filter((b): b is Paragraph => b instanceof Paragraph);
    footnotes[def.number] = { children: paragraphs };
  }
  return packDocument({ input, body: [...body, ...revisionLog(input)], footnotes });
}

/** Title page, TOC, `body`, with the styles, numbering and properties every briefkit .docx shares. */
export async function packDocument({ input, body, footnotes, tracked }: { input: Omit<DocxInput, 'chapters' | 'numbering'>; body: (Paragraph | Table)[]; footnotes: Record<string, { children: Paragraph[] }>; tracked?: TrackedRefs }): Promise<Buffer> {
  const { brief } = input;
  // Fonts for each of Word's script slots and the language of the text (proofing, hyphenation).
  const lang = docxLanguage(brief.language);
  const HEADING_FONT = lang.sans;
  const BODY_FONT = lang.serif;
  const doc = new Document({
    title: input.packCountry ? `${brief.title} — ${input.packCountry}` : brief.title,
    subject: brief.subtitle ?? brief.title,
    creator: brief.authors.join('; '),
    keywords: brief.keywords.join(', '),
    description: `${wordsFor(brief.language).t('edition', { version: input.edition.version })}${input.draft ? ` (${input.draft})` : ''}`,
    lastModifiedBy: 'briefkit',
    revision: 1,
    // A redline keeps tracking, so a reviewer's own edits show beside briefkit's.
    features: { updateFields: true, trackRevisions: !!tracked },
    footnotes,
    numbering: { config: [{ reference: 'bullets', levels: bulletLevels(lang.rtl) }, { reference: 'ordered', levels: ordinalLevels(lang.rtl) }] },
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 21, language: lang.language }, paragraph: { spacing: { after: 120, line: 276 } } },
        title: { run: { font: HEADING_FONT, size: 52, bold: true, color: '1F3A5F' }, paragraph: { spacing: { after: 240 } } },
        heading1: { run: { font: HEADING_FONT, size: 32, bold: true, color: '1F3A5F' }, paragraph: { spacing: { before: 240, after: 160 }, keepNext: true } },
        heading2: { run: { font: HEADING_FONT, size: 26, bold: true, color: '1F3A5F' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading3: { run: { font: HEADING_FONT, size: 22, bold: true }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
        hyperlink: { run: { color: '1F5FA8', underline: {} } },
      },
      paragraphStyles: [
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { font: HEADING_FONT, size: 28, color: '44546A' }, paragraph: { spacing: { after: 240 } } },
        { id: 'CoverLine', name: 'Cover Line', basedOn: 'Normal', next: 'Normal', run: { font: HEADING_FONT, size: 20, color: '44546A' } },
        { id: 'Caption', name: 'caption', basedOn: 'Normal', next: 'Normal', run: { font: HEADING_FONT, size: 18, bold: true }, paragraph: { spacing: { before: 120, after: 120 } } },
        { id: 'TableNote', name: 'Table Note', basedOn: 'Normal', next: 'Normal', run: { font: HEADING_FONT, size: 16 }, paragraph: { spacing: { before: 60 } } },
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', run: { italics: true }, paragraph: { indent: { left: 720, right: 720 } } },
        { id: 'Code', name: 'Code', basedOn: 'Normal', next: 'Normal', run: { font: 'Consolas', size: 18 }, paragraph: { spacing: { after: 0 } } },
        { id: 'TOCHeading', name: 'TOC Heading', basedOn: 'Normal', next: 'Normal', run: { font: HEADING_FONT, size: 32, bold: true, color: '1F3A5F' }, paragraph: { spacing: { after: 160 } } },
      ],
    },
    sections: [
      {
        properties: { page: { margin: { top: 1247, right: 1134, bottom: 1361, left: 1134 } } },
        children: [
          ...titlePage(input),
          para(brief.language, wordsFor(brief.language).t('contents'), { style: 'TOCHeading' }),
          new TableOfContents(wordsFor(brief.language).t('contents'), { hyperlink: true, headingStyleRange: '1-2' }),
          ...body,
        ],
      },
    ],
  });
  return deterministicDocx(await Packer.toBuffer(doc), { date: input.date, language: brief.language, tracked, rtl: lang.rtl });
}
