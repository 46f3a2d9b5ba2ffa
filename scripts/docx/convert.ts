// hast (what render/hast.ts makes of a chapter, the same tree the HTML and PDF are made from) →
// docx paragraphs and tables. Headings take Word's Heading styles, footnote markers become Word
// footnote references, tables Word tables with a repeating header row, charts PNG images with alt
// text, callouts shaded boxes. Elements it has no rule for (raw HTML's <abbr>, <span>…) give their
// text, so nothing the author wrote is dropped.
import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import { imageSize } from 'image-size';
import {
  AlignmentType,
  BorderStyle,
  Bookmark,
  DeletedTextRun,
  ExternalHyperlink,
  FootnoteReferenceRun,
  InsertedTextRun,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import { svgToPng } from './image.ts';
import { runIsRightToLeft } from './language.ts';

/** Widest an image may be: the text width of an A4 page with the PDF's margins, in px at 96 dpi. */
const MAX_IMAGE_WIDTH = 640;

type Inline = ParagraphChild;
type Block = Paragraph | Table;

interface Style {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  code?: boolean;
  superScript?: boolean;
  subScript?: boolean;
  link?: boolean;
  /** Inside the redline's <ins>/<del>: a tracked insertion or deletion. */
  change?: 'ins' | 'del';
}

/** For the redline as tracked changes (docx/redline.ts): who and when, and the notes by label. */
export interface Tracking {
  author: string;
  date: string;
  /** A new revision id (unique in the document). */
  revision: () => { id: number; author: string; date: string };
  /** The Word footnote id of a note, by its label. */
  footnoteOf: (label: string) => number | undefined;
  /** The older edition's number of a note, by its label (a repeated citation shows it as text). */
  oldNumberOf: (label: string) => number | undefined;
  /** Footnote references that sit in inserted / deleted text: pack.ts wraps their runs in w:ins / w:del. */
  insertedRefs: Set<number>;
  deletedRefs: Set<number>;
}

export interface ConvertContext {
  /** Footnote numbers already cited: a second citation repeats the number as text, as the PDF does. */
  cited: Set<number>;
  /** Ordered lists seen so far: each restarts at 1 (a numbering instance of its own). */
  lists: number;
  fontFiles: string[];
  track?: Tracking;
  /** A right-to-left document (Arabic): paragraphs bidirectional, tables mirrored. */
  rtl?: boolean;
}

/** A paragraph in the document's direction. */
export function paragraph(options: IParagraphOptions, ctx: { rtl?: boolean }): Paragraph {
  return new Paragraph(ctx.rtl ? { bidirectional: true, ...options } : options);
}

const HEADINGS: Record<string, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  h1: HeadingLevel.HEADING_1,
  h2: HeadingLevel.HEADING_2,
  h3: HeadingLevel.HEADING_3,
  h4: HeadingLevel.HEADING_4,
  h5: HeadingLevel.HEADING_5,
  h6: HeadingLevel.HEADING_6,
};

const CALLOUT_FILL: Record<string, string> = { note: 'EAF1F8', warning: 'FDF3E1', key: 'EAF5EC' };
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'figure', 'aside', 'div', 'blockquote', 'pre', 'hr', 'section', 'article']);

/** Word bookmark names: a letter first, letters, digits and _ only, at most 40 characters. */
export function bookmarkName(id: string): string {
  return `b_${id.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 40);
}

const classes = (e: Element): string[] => (Array.isArray(e.properties?.className) ? (e.properties.className as string[]) : []);
const isElement = (n: RootContent | ElementContent): n is Element => n.type === 'element';

export function textOf(n: RootContent | ElementContent): string {
  if (n.type === 'text') return n.value;
  if (n.type === 'element') return n.children.map(textOf).join('');
  return '';
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function run(text: string, style: Style, ctx?: ConvertContext): ParagraphChild {
  const options = {
    text,
    bold: style.bold,
    italics: style.italics,
    strike: style.strike,
    superScript: style.superScript,
    subScript: style.subScript,
    font: style.code ? 'Consolas' : undefined,
    style: style.link ? 'Hyperlink' : undefined,
    rightToLeft: runIsRightToLeft(text, !!ctx?.rtl) || undefined,
  };
  if (style.change && ctx?.track) return style.change === 'ins' ? new InsertedTextRun({ ...options, ...ctx.track.revision() }) : new DeletedTextRun({ ...options, ...ctx.track.revision() });
  return new TextRun(options);
}

/** A raster or SVG image (data: URL, as render/hast.ts inlines it) as an image run no wider than the text. */
function imageRun(src: string, alt: string, ctx: ConvertContext): ImageRun | null {
  const m = /^data:image\/([a-z+]+);base64,(.*)$/.exec(src);
  if (!m) return null;
  let data: Buffer = Buffer.from(m[2], 'base64');
  let type = m[1] === 'jpeg' ? 'jpg' : m[1];
  let size: { width: number; height: number };
  if (type === 'svg+xml') {
    const png = svgToPng(data.toString('utf8'), ctx.fontFiles);
    data = png.png;
    size = png.size;
    type = 'png';
  } else {
    const s = imageSize(data);
    size = { width: s.width, height: s.height };
  }
  if (type !== 'png' && type !== 'jpg' && type !== 'gif' && type !== 'bmp') return null;
  const scale = Math.min(1, MAX_IMAGE_WIDTH / size.width);
  return new ImageRun({
    type,
    data,
    transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
    altText: { name: alt.slice(0, 60) || 'Image', description: alt, title: alt },
  });
}

function inlines(nodes: ElementContent[], style: Style, ctx: ConvertContext): Inline[] {
  return nodes.flatMap((n) => inline(n, style, ctx));
}

function inline(n: ElementContent, style: Style, ctx: ConvertContext): Inline[] {
  if (n.type === 'text') return n.value ? [run(n.value.replace(/\n/g, ' '), style, ctx)] : [];
  if (n.type !== 'element') return [];
  const tag = n.tagName;
  const kids = n.children;
  switch (tag) {
    case 'strong':
    case 'b':
      return inlines(kids, { ...style, bold: true }, ctx);
    case 'em':
    case 'i':
      return inlines(kids, { ...style, italics: true }, ctx);
    case 's':
      return inlines(kids, { ...style, strike: true }, ctx);
    case 'code':
    case 'kbd':
      return inlines(kids, { ...style, code: true }, ctx);
    case 'sub':
      return inlines(kids, { ...style, subScript: true }, ctx);
    case 'ins':
    case 'del':
      // Outside a redline, <del> from raw HTML is struck-through text.
      return inlines(kids, ctx.track ? { ...style, change: tag } : tag === 'del' ? { ...style, strike: true } : style, ctx);
    case 'br':
      return [new TextRun({ break: 1 })];
    case 'img': {
      const img = imageRun(String(n.properties?.src ?? ''), String(n.properties?.alt ?? ''), ctx);
      return img ? [img] : [];
    }
    case 'span':
      if (classes(n).includes('pageref')) return []; // page numbers belong to the PDF; Word has its own
      if (classes(n).includes('num-pad')) return []; // invisible zeros that line up decimal points in HTML; Word aligns on its own
      return inlines(kids, style, ctx);
    case 'sup': {
      const a = kids.find(isElement);
      // The PDF's marker carries its number; the redline's its label (numbers shift between editions).
      const label = n.properties?.dataLabel;
      const fn = label !== undefined && ctx.track ? ctx.track.footnoteOf(String(label)) : a?.properties?.dataFn;
      if (classes(n).includes('fnref') && fn !== undefined) {
        const number = Number(fn);
        if (ctx.cited.has(number)) return repeatedCitation(number, label === undefined ? undefined : String(label), style, ctx);
        ctx.cited.add(number);
        if (style.change === 'ins') ctx.track?.insertedRefs.add(number);
        if (style.change === 'del') ctx.track?.deletedRefs.add(number);
        return [new FootnoteReferenceRun(number)];
      }
      return inlines(kids, { ...style, superScript: true }, ctx);
    }
    case 'a': {
      const href = String(n.properties?.href ?? '');
      const children = inlines(kids, { ...style, link: true }, ctx) as TextRun[];
      if (style.change === 'del') return children; // a hyperlink cannot hold deleted text
      if (href.startsWith('#')) return [new InternalHyperlink({ anchor: bookmarkName(href.slice(1)), children })];
      if (/^(https?|mailto):/i.test(href)) return [new ExternalHyperlink({ link: href, children })];
      return inlines(kids, style, ctx);
    }
    default:
      return inlines(kids, style, ctx);
  }
}

/**
 * A note cited again: its number as superscript text, as the PDF prints it. In a redline the number
 * may differ between the editions: the older one deleted, the newer one inserted.
 */
function repeatedCitation(number: number, label: string | undefined, style: Style, ctx: ConvertContext): Inline[] {
  const sup = { ...style, superScript: true };
  const old = label !== undefined && ctx.track ? ctx.track.oldNumberOf(label) : undefined;
  if (style.change === 'del') return [run(String(old ?? number), sup, ctx)];
  if (!ctx.track || style.change || old === number) return [run(String(number), sup, ctx)];
  return [...(old === undefined ? [] : [run(String(old), { ...sup, change: 'del' as const }, ctx)]), run(String(number), { ...sup, change: 'ins' as const }, ctx)];
}

/** Runs and the blocks nested among them (a list item's paragraph then its sub-list). */
function paragraphsOf(nodes: ElementContent[], options: IParagraphOptions, ctx: ConvertContext): Block[] {
  const out: Block[] = [];
  let pending: ElementContent[] = [];
  const flush = () => {
    if (pending.some((p) => p.type !== 'text' || p.value.trim())) out.push(paragraph({ ...options, children: inlines(pending, {}, ctx) }, ctx));
    pending = [];
  };
  for (const n of nodes) {
    if (isElement(n) && BLOCK_TAGS.has(n.tagName)) {
      flush();
      out.push(...block(n, options, ctx));
    } else pending.push(n);
  }
  flush();
  return out;
}

function withBookmark(id: unknown, children: Inline[]): Inline[] {
  return typeof id === 'string' && id ? [new Bookmark({ id: bookmarkName(id), children })] : children;
}

function list(e: Element, options: IParagraphOptions, ctx: ConvertContext, level: number): Block[] {
  const ordered = e.tagName === 'ol';
  const instance = ordered ? ++ctx.lists : 0;
  return e.children.filter(isElement).flatMap((li) => {
    const out: Block[] = [];
    let first = true;
    const itemOptions = (): IParagraphOptions => {
      // A later paragraph of the item lines up with its first; `start` is the right side in a right-to-left document.
      const numbered = first ? { numbering: { reference: ordered ? 'ordered' : 'bullets', level, instance } } : { indent: ctx.rtl ? { start: 720 * (level + 1) } : { left: 720 * (level + 1) } };
      first = false;
      return { ...options, ...numbered };
    };
    let pending: ElementContent[] = [];
    const flush = () => {
      if (pending.some((p) => p.type !== 'text' || p.value.trim())) out.push(paragraph({ ...itemOptions(), children: inlines(pending, {}, ctx) }, ctx));
      pending = [];
    };
    for (const n of li.children) {
      if (isElement(n) && (n.tagName === 'ul' || n.tagName === 'ol')) {
        flush();
        out.push(...list(n, options, ctx, Math.min(level + 1, 8)));
      } else if (isElement(n) && n.tagName === 'p') {
        flush();
        out.push(paragraph({ ...itemOptions(), children: inlines(n.children, {}, ctx) }, ctx));
      } else pending.push(n);
    }
    flush();
    return out;
  });
}

function cellParagraph(e: Element, ctx: ConvertContext, bold: boolean): Paragraph {
  const numeric = classes(e).includes('num');
  // As the HTML's text-align start / end: in a right-to-left table, text on the right, numbers on the left.
  const alignment = ctx.rtl ? (numeric ? AlignmentType.END : AlignmentType.START) : numeric ? AlignmentType.RIGHT : AlignmentType.LEFT;
  return paragraph({ alignment, children: inlines(e.children, { bold }, ctx) }, ctx);
}

/** figure.table (render/table.ts): caption, a header row Word repeats on every page, group rows, notes. */
function table(figure: Element, ctx: ConvertContext, options: IParagraphOptions = {}): Block[] {
  const t = figure.children.filter(isElement).find((c) => c.tagName === 'table');
  if (!t) return [];
  const out: Block[] = [];
  const caption = t.children.filter(isElement).find((c) => c.tagName === 'caption');
  if (caption) out.push(paragraph({ run: options.run, style: 'Caption', keepNext: true, children: withBookmark(figure.properties?.id, inlines(caption.children, {}, ctx)) }, ctx));
  const rows: TableRow[] = [];
  for (const section of t.children.filter(isElement)) {
    if (section.tagName !== 'thead' && section.tagName !== 'tbody') continue;
    for (const tr of section.children.filter(isElement)) {
      const header = section.tagName === 'thead';
      const group = classes(tr).includes('group');
      const cells = tr.children.filter(isElement).map(
        (c) =>
          new TableCell({
            children: [cellParagraph(c, ctx, header || group)],
            columnSpan: Number(c.properties?.colSpan ?? 1) || 1,
            shading: header || group ? { type: ShadingType.CLEAR, fill: header ? 'E7EBF0' : 'F4F6F8', color: 'auto' } : undefined,
          }),
      );
      const added = classes(tr).includes('rl-row-added') || classes(figure).includes('rl-added') || classes(t).includes('rl-added');
      const removed = classes(tr).includes('rl-row-removed') || classes(figure).includes('rl-removed') || classes(t).includes('rl-removed');
      const revision = ctx.track && (added || removed) ? { [added ? 'insertion' : 'deletion']: ctx.track.revision() } : {};
      rows.push(new TableRow({ tableHeader: header, cantSplit: true, children: cells, ...revision }));
    }
  }
  // visuallyRightToLeft: the first column on the right, as the HTML's table in a dir="rtl" page.
  if (rows.length) out.push(new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, ...(ctx.rtl ? { visuallyRightToLeft: true } : {}) }));
  for (const note of figure.children.filter(isElement).filter((c) => c.tagName === 'p')) out.push(paragraph({ run: trackedMark(note, options, ctx).run, style: 'TableNote', children: inlines(note.children, {}, ctx) }, ctx));
  return out;
}

/** figure.chart: the SVG as a PNG at print resolution, its alt text from the SVG's label, then its caption. */
function chart(figure: Element, ctx: ConvertContext): Block[] {
  const raw = figure.children.find((c) => (c as { type: string }).type === 'raw') as { value: string } | undefined;
  const caption = figure.children.filter(isElement).find((c) => c.tagName === 'figcaption');
  const out: Block[] = [];
  if (raw) {
    const alt = decodeEntities(/aria-label="([^"]*)"/.exec(raw.value)?.[1] ?? '');
    const { png, size } = svgToPng(raw.value, ctx.fontFiles);
    const scale = Math.min(1, MAX_IMAGE_WIDTH / size.width);
    out.push(
      paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        children: withBookmark(figure.properties?.id, [
          new ImageRun({ type: 'png', data: png, transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) }, altText: { name: alt.slice(0, 60) || 'Chart', description: alt, title: alt } }),
        ]),
      }, ctx),
    );
  }
  if (caption) out.push(paragraph({ style: 'Caption', children: inlines(caption.children, {}, ctx) }, ctx));
  return out;
}

function callout(e: Element, options: IParagraphOptions, ctx: ConvertContext): Block[] {
  const kind = classes(e).find((c) => c.startsWith('callout-'))?.slice('callout-'.length) ?? 'note';
  const fill = CALLOUT_FILL[kind] ?? CALLOUT_FILL.note;
  const side = { style: BorderStyle.SINGLE, size: 6, color: 'B8C4D0', space: 6 };
  // The same border and shading on every paragraph: Word draws them as one box.
  const boxed: IParagraphOptions = { ...options, shading: { type: ShadingType.CLEAR, fill, color: 'auto' }, border: { top: side, bottom: side, left: side, right: side }, indent: { left: 144, right: 144 } };
  return e.children.filter(isElement).flatMap((c) => (classes(c).includes('callout-title') ? [paragraph({ ...boxed, keepNext: true, children: inlines(c.children, { bold: true }, ctx) }, ctx)] : block(c, boxed, ctx)));
}

export function block(e: Element, inherited: IParagraphOptions, ctx: ConvertContext): Block[] {
  const options = trackedMark(e, inherited, ctx);
  if (classes(e).includes('rl-status')) return []; // the redline's badge is no part of either edition
  const heading = HEADINGS[e.tagName];
  if (heading) return [paragraph({ ...options, heading, children: withBookmark(e.properties?.id, inlines(e.children, {}, ctx)) }, ctx)];
  switch (e.tagName) {
    case 'p':
      return [paragraph({ ...options, children: inlines(e.children, {}, ctx) }, ctx)];
    case 'ul':
    case 'ol':
      return list(e, options, ctx, 0);
    case 'blockquote':
      return paragraphsOf(e.children, { ...options, style: 'Quote' }, ctx);
    case 'pre':
      return textOf(e)
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => paragraph({ ...options, style: 'Code', children: [run(line, { code: true }, ctx)] }, ctx));
    case 'hr':
      return [paragraph({ ...options, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'B8C4D0', space: 1 } }, children: [] }, ctx)];
    case 'figure':
      if (classes(e).includes('table')) return table(e, ctx, options);
      if (classes(e).includes('chart')) return chart(e, ctx);
      return paragraphsOf(e.children, options, ctx);
    case 'aside':
      return classes(e).includes('callout') ? callout(e, options, ctx) : paragraphsOf(e.children, options, ctx);
    case 'table':
      return table({ type: 'element', tagName: 'figure', properties: { className: ['table'] }, children: [e] }, ctx, options);
    default:
      return paragraphsOf(e.children, options, ctx);
  }
}

/** A block the redline added or removed whole: its paragraph marks are tracked too, so rejecting or accepting leaves no empty paragraph. */
function trackedMark(e: Element, options: IParagraphOptions, ctx: ConvertContext): IParagraphOptions {
  if (!ctx.track || options.run) return options;
  const cls = classes(e);
  if (cls.includes('rl-added')) return { ...options, run: { insertion: ctx.track.revision() } };
  if (cls.includes('rl-removed')) return { ...options, run: { deletion: ctx.track.revision() } };
  return options;
}

/** A whole hast tree (a chapter's body, a footnote's paragraphs) as blocks. */
export function blocks(tree: HastRoot, ctx: ConvertContext, options: IParagraphOptions = {}): Block[] {
  return paragraphsOf(tree.children.filter((c): c is ElementContent => c.type !== 'doctype'), options, ctx);
}
