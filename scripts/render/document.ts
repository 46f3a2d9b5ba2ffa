// render/ stage: numbered chapters → the HTML edition and the HTML the PDF is printed from.
import { randomUUID } from 'node:crypto';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Heading } from 'mdast';
import type { Brief, Chapter, Edition, Numbering, RenderedDocument, RevisionEntry } from '../types.ts';
import { markSources, mdastToHast, type HastContext } from './hast.ts';
import type { Templates } from './templates.ts';
import { familiesUsed, fontFaceInline, fontFaceLinks, fontFaceUrls, languagesIn } from './fonts.ts';
import { textDirection } from './direction.ts';
import { pageCss } from './page.ts';
import { guardHtml } from './guard.ts';
import { hyphenateTree } from './hyphenate.ts';
import { TOOL_VERSION } from '../version.ts';
import { wordsFor, type Words } from '../words/index.ts';

export interface RenderInput {
  brief: Brief;
  chapters: Chapter[];
  numbering: Numbering;
  templates: Templates;
  edition: Edition;
  revisions: RevisionEntry[];
  /** "DRAFT 1.1+3f2a9c1" for unreleased builds, null for a release. */
  draft: string | null;
  sourceHash: string;
  /** Country name when rendering a pack. */
  packCountry?: string;
  datasetCount: number;
  /** Every language edition of this one (itself included, `current`), for hreflang links and the language switch. */
  alternates?: Alternate[];
}

export interface Alternate {
  lang: string;
  /** The HTML edition's file name, beside this one. */
  file: string;
  /** The language's name in itself (Intl.DisplayNames), e.g. "中文（简体）". */
  name: string;
  current: boolean;
}

export function longDate(date: string, language: string): string {
  // Plain `en` reads "12 September 2022", as international reports write it, not the US order.
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

function withBackLink(children: ElementContent[], number: number, words: Words): ElementContent[] {
  const back = h('a.fnback', { href: `#fnref-${number}`, ariaLabel: words.t('backToReference', { number: String(number) }), role: 'doc-backlink' }, '↩');
  const last = children[children.length - 1];
  if (last?.type === 'element' && last.tagName === 'p') (last as Element).children.push({ type: 'text', value: ' ' }, back);
  else children.push(back);
  return children;
}

const attribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The paginator's words for the page furniture (folio, page references, draft watermark) as
 * attributes of <body>: set here rather than in layout.hbs, so a brief's own layout gets them too.
 */
export function furnitureAttributes(words: Words): string {
  const folio = words.t('folio', { page: '{page}', total: '{total}' });
  return ` data-folio="${attribute(folio)}" data-pageref="${attribute(words.t('pageRef', { page: '{page}' }))}" data-draft-watermark="${attribute(words.t('draftWatermark'))}"`;
}

function withFurnitureWords(html: string, words: Words): string {
  // The <body> tag after the head, not a "<body" the CSS inlined in the head may mention.
  const head = html.search(/<\/head>/i);
  const at = html.slice(Math.max(0, head)).search(/<body\b/i);
  if (at < 0) return html;
  const end = Math.max(0, head) + at + '<body'.length;
  return html.slice(0, end) + furnitureAttributes(words) + html.slice(end);
}

/**
 * The print's markup, with source places (data-src) on its blocks and, given a `language`, soft
 * hyphens in its justified paragraphs (the screen hyphenates them itself); and the HTML edition's,
 * written from the same tree when asked (hyphenateTree copies, and the source places are gone again).
 */
function bothHtml(tree: HastRoot, file: string, language?: string): { html: () => string; print: string } {
  const unmark = markSources(tree, file);
  const print = toHtml(language ? hyphenateTree(tree, language) : tree, { allowDangerousHtml: true });
  unmark();
  return { html: () => toHtml(tree, { allowDangerousHtml: true }), print };
}

/**
 * CSS as the text of a <style> element. The HTML parser ends the element at the first `</style`,
 * whatever the CSS means; `<\/` is the same CSS (an escaped solidus) and ends nothing. The template
 * checks already refuse such CSS; this makes sure no miss can break out.
 */
export function styleText(css: string): string {
  return css.replace(/<\//g, '<\\/');
}

export function renderHtml(input: RenderInput): RenderedDocument {
  const { printHtml, edition } = renderPrintFirst(input);
  return { html: edition(), printHtml };
}

/**
 * The print HTML, and the HTML edition as a call that renders and guards it (RenderError as
 * renderHtml's): a build makes the edition while the browser loads and prints the print HTML.
 */
export function renderPrintFirst(input: RenderInput): { printHtml: string; edition: () => string } {
  const { body, output, slot, fontsSlot } = layoutOf(input, true);
  const unnamed = guardHtml(body('print'), { output: `${output} print HTML`, print: true });
  // Every character of the markup (text, attributes such as the running header, CSS content)
  // picks the font faces the print needs; the colophon names their families.
  const langs = languagesIn(unnamed);
  const withFonts = fontNames(familiesUsed(unnamed, langs, input.brief.language), input.brief.language, fontsSlot);
  const bare = withFonts(unnamed);
  const printHtml = bare.replace(slot, () => styleText(fontFaceLinks(bare, langs)));
  // The HTML edition carries only the font subsets its own text needs.
  const edition = () => withFonts(guardHtml(body('html'), { output: `${output}.html` })).replace(slot, () => styleText(fontFaceInline(bare.replace(/<[^>]+>/g, ''), langs)));
  return { printHtml, edition };
}

/**
 * The HTML edition as `brief dev` serves it: the same markup and the same guard as renderHtml's,
 * without the print HTML (hyphenation, source places, a second layout and guard), and with the
 * font faces its own text needs linked at `fontUrl(file)` instead of inlined as megabytes of base64.
 */
export function renderPreviewHtml(input: RenderInput, fontUrl: (file: string) => string): string {
  const { body, output, slot, fontsSlot } = layoutOf(input, false);
  const unnamed = guardHtml(body('html'), { output: `${output}.html` });
  const langs = languagesIn(unnamed);
  const html = fontNames(familiesUsed(unnamed, langs, input.brief.language), input.brief.language, fontsSlot)(unnamed);
  return html.replace(slot, () => styleText(fontFaceUrls(html.replace(/<[^>]+>/g, ''), langs, fontUrl)));
}

/**
 * The layout filled in, for 'html' (the edition) or 'print' (`withPrint` only), with a slot for
 * the font faces: the guard reads each page with the fonts left out (the inlined ones are
 * megabytes of our own base64, and parsing them tripled its time); they go in afterwards at a
 * slot no text can name.
 */
function layoutOf(input: RenderInput, withPrint: boolean): { body: (mode: 'html' | 'print') => string; output: string; slot: string; fontsSlot: string } {
  const { brief, chapters, numbering, templates, edition } = input;
  const words = wordsFor(brief.language);
  const ctx: HastContext = { brief, numbering, citations: new Map(), words };
  const markup = (tree: HastRoot, file: string, language?: string) => (withPrint ? bothHtml(tree, file, language) : { html: () => toHtml(tree, { allowDangerousHtml: true }), print: '' });

  // The print HTML's blocks carry their source place (data-src) for located overflow warnings;
  // the HTML edition, which readers get, does not.
  const printed = chapters.map((ch) => ({ id: ch.id, title: ch.title, ...markup(mdastToHast({ tree: ch.tree, ctx }), ch.file, brief.language) }));
  const rendered = () => printed.map(({ id, title, html }) => ({ id, title, html: html() }));
  // The chapter itself is placed at its first line (its title comes from the front matter there).
  const renderedPrint = printed.map(({ id, title, print }, i) => ({ id, title, html: print, src: `${chapters[i].file}:1:1` }));

  const toc: { id: string; title: string; level: number }[] = [];
  for (const ch of chapters) {
    toc.push({ id: ch.id, title: ch.title, level: 1 });
    visit(ch.tree, 'heading', (hd: Heading) => {
      if (hd.depth === 2) toc.push({ id: String(hd.data?.hProperties?.id), title: toString(hd), level: 2 });
    });
  }
  const footnotes = numbering.footnoteOrder.map((label) => {
    const def = numbering.footnotes.get(label)!;
    const hast = mdastToHast({ tree: { type: 'root', children: def.children }, ctx });
    return { number: def.number, ...markup({ type: 'root', children: withBackLink(hast.children as ElementContent[], def.number, words) }, def.place.file) };
  });
  const footnotesOf = (mode: string) => footnotes.map(({ number, html, print }) => ({ number, html: mode === 'print' ? print : html() }));
  if (footnotes.length && brief.footnotes === 'endnotes') toc.push({ id: 'footnotes', title: words.t('notes'), level: 1 });
  toc.push({ id: 'revision-log', title: words.t('revisionLog'), level: 1 });
  const figures = brief.listOfFigures ? [...numbering.targets.values()].filter((t) => t.kind === 'table' || t.kind === 'figure') : [];

  // Letters and digits only, so that standing in for the names it changes no font choice.
  const fontsSlot = `fonts${randomUUID().replace(/-/g, '')}`;
  const context = {
    lang: brief.language,
    rtl: textDirection(brief.language) === 'rtl',
    title: brief.title,
    subtitle: brief.subtitle,
    organization: brief.organization,
    authors: brief.authors,
    keywords: brief.keywords,
    runningHeader: brief.runningHeader,
    footnotesMode: brief.footnotes,
    draft: input.draft,
    sourceHash: input.sourceHash,
    toolVersion: TOOL_VERSION,
    datasetCount: input.datasetCount,
    // The font families, for the colophon: known once the markup is (they depend on its characters).
    fonts: fontsSlot,
    packCountry: input.packCountry,
    edition: { ...edition, dateLong: longDate(edition.date, brief.language) },
    revisions: input.revisions.map((r) => ({ ...r, dateLong: longDate(r.date, brief.language) })),
    toc,
    figures,
    alternates: input.alternates ?? [],
    alternatesLabel: (input.alternates ?? []).map((a) => a.name).join(' · '),
  };
  const { css } = templates;
  const page = pageCss(brief.page);
  const slot = `/*fonts-${randomUUID()}*/`;
  const body = (mode: 'html' | 'print') => withFurnitureWords(templates.layout({ ...context, chapters: mode === 'print' ? renderedPrint : rendered(), footnotes: footnotesOf(mode), mode, css: styleText([slot, css.brief, css.overrides, mode === 'print' ? css.print : '', page].join('\n')) }), words);
  const output = `${brief.name}-${edition.version}${input.packCountry ? ` (pack ${input.packCountry})` : ''}`;
  return { body, output, slot, fontsSlot };
}

/** Puts the families, joined as `language` lists things ("Amiri وNoto Serif وNoto Sans"), where `slot` stands. */
function fontNames(families: string[], language: string, slot: string): (html: string) => string {
  const names = attribute(new Intl.ListFormat(language, { type: 'conjunction' }).format(families)).replace(/>/g, '&gt;');
  return (html) => html.replaceAll(slot, names);
}
