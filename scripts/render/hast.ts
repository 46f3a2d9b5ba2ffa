// mdast → hast with briefkit's handlers: footnote markers, callouts, country blocks, tables, charts,
// cross-references and sanitized raw HTML.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultHandlers, toHast, type Handler, type State } from 'mdast-util-to-hast';
import { fromHtml } from 'hast-util-from-html';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import { h } from 'hastscript';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, FootnoteReference, Image, Html, Paragraph, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { Brief, Numbering } from '../types.ts';
import { refTarget } from '../parse/directives.ts';
import { resolveInside } from '../config/paths.ts';
import { tableToHast } from './table.ts';
import { captionedImage } from '../number/targets.ts';
import type { Words } from '../words/index.ts';

// Raw HTML keeps its formatting and `lang`, loses scripts, handlers, frames and outside resources.
const rawSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  protocols: { ...defaultSchema.protocols, src: [] },
  attributes: { ...defaultSchema.attributes, '*': [...(defaultSchema.attributes?.['*'] ?? []), 'lang', 'dir', 'className', 'title'] },
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'img' && t !== 'input'),
};

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp' };

export interface HastContext {
  brief: Brief;
  numbering: Numbering;
  /** How many times each footnote has been cited so far (for unique back-link targets). */
  citations: Map<string, number>;
  /** The document's words in its language. */
  words: Words;
}

function handlers(ctx: HastContext): Record<string, Handler> {
  return {
    footnoteReference(_state: State, node: FootnoteReference): Element | undefined {
      const def = ctx.numbering.footnotes.get(node.identifier);
      if (!def) return undefined;
      const n = (ctx.citations.get(node.identifier) ?? 0) + 1;
      ctx.citations.set(node.identifier, n);
      const id = n === 1 ? `fnref-${def.number}` : `fnref-${def.number}-${n}`;
      return h('sup.fnref', [h('a', { id, href: `#fn-${def.number}`, dataFn: String(def.number), role: 'doc-noteref' }, String(def.number))]);
    },
    footnoteDefinition: () => undefined,
    html(_state: State, node: Html): ElementContent[] {
      const clean = sanitize(fromHtml(node.value, { fragment: true }), rawSchema) as HastRoot;
      return clean.children as ElementContent[];
    },
    [ENCLOSED](state: State, node: Enclosed): ElementContent[] {
      const clean = sanitize(fromHtml(`${node.open.value}</${node.tag}>`, { fragment: true }), rawSchema) as HastRoot;
      const el = clean.children.find((c): c is Element => c.type === 'element');
      const inner = state.all(node as unknown as MdastNodes) as ElementContent[];
      if (!el) return inner; // a tag the schema drops keeps its content, as a lone tag would
      el.children = inner;
      return [el];
    },
    paragraph(state: State, node: Paragraph): Element {
      const image = captionedImage(node);
      const number = image?.data?.number;
      const src = image && number ? dataUrl(ctx, image.url) : null;
      if (!image || !number || src === null) return defaultHandlers.paragraph(state, node);
      return placed(state, node, imageFigure({ id: number.id, label: number.label, src, alt: image.alt ?? '', caption: image.title ?? '' }));
    },
    image(state: State, node: Image): Element | undefined {
      const src = dataUrl(ctx, node.url);
      return src === null ? undefined : placed(state, node, h('img', { src, alt: node.alt ?? '' }));
    },
    containerDirective(state: State, node: ContainerDirective): Element {
      const children = state.all(node) as ElementContent[];
      if (node.name === 'callout') {
        const kind = node.attributes?.kind ?? 'note';
        const title = node.attributes?.title;
        const keep = node.attributes?.keep === 'true' ? ['callout-keep'] : [];
        return placed(state, node, h('aside', { className: ['callout', `callout-${kind}`, ...keep], role: 'note' }, [...(title ? [h('p.callout-title', title)] : []), ...children]));
      }
      return placed(state, node, h('div.country', { dataCountry: node.attributes?.code ?? '' }, children));
    },
    leafDirective(state: State, node: LeafDirective): Element | ElementContent[] {
      const bound = node.data?.briefkit;
      const number = node.data?.number;
      if (node.name === 'table' && bound?.kind === 'table') return placed(state, node, tableToHast({ model: { ...bound.model, id: number?.id ?? bound.model.id }, label: number?.label }));
      if (node.name === 'figure') {
        const src = dataUrl(ctx, node.attributes?.src ?? '');
        if (src === null) return [];
        return placed(state, node, imageFigure({ id: number?.id, label: number?.label ?? 'Figure', src, alt: node.attributes?.alt ?? '', caption: node.attributes?.caption ?? '' }));
      }
      if (node.name === 'chart' && bound?.kind === 'chart') {
        const caption = bound.caption ?? node.attributes?.caption ?? '';
        return placed(state, node, h('figure.chart', { id: number?.id }, [
          { type: 'raw', value: bound.svg } as unknown as ElementContent,
          h('figcaption', [h('span.label', `${number?.label ?? ctx.words.t('figureLabel', { number: '' }).trim()}.`), ` ${caption}`]),
        ]));
      }
      return [];
    },
    textDirective(_state: State, node: TextDirective): ElementContent[] {
      if (node.name !== 'ref') return [];
      const id = refTarget(node);
      const t = ctx.numbering.targets.get(id);
      if (!t) return [{ type: 'text', value: id }];
      const text = t.kind === 'chapter' || t.kind === 'section' ? ctx.words.t('quoted', { text: t.label }) : t.label;
      return [h('a.xref', { href: `#${id}` }, text), h('span.pageref', { dataPageOf: id })];
    },
  };
}

/** An image figure: `::figure`, or a markdown image with a title alone in its paragraph. */
function imageFigure({ id, label, src, alt, caption }: { id?: string; label: string; src: string; alt: string; caption: string }): Element {
  return h('figure.image', { id }, [h('img', { src, alt }), h('figcaption', [h('span.label', `${label}.`), ...(caption ? [` ${caption}`] : [])])]);
}

/** An image of the brief folder as a data: URL, so the HTML edition is one self-contained file; null for a path parse/ refused. */
function dataUrl(ctx: HastContext, url: string): string | null {
  let p: string;
  try {
    p = decodeURI(url);
  } catch {
    return null;
  }
  const r = resolveInside({ root: ctx.brief.root, base: ctx.brief.dir, p });
  if (!r.ok) return null;
  const mime = MIME[path.extname(r.abs).toLowerCase()] ?? 'application/octet-stream';
  return `data:${mime};base64,${readFileSync(r.abs).toString('base64')}`;
}

/** Our handlers' elements carry their source position too, for located print warnings. */
function placed(state: State, from: MdastNodes, to: Element): Element {
  state.patch(from, to);
  return to;
}

// Blocks the paginator can name when one does not fit its page.
const LOCATED = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'table', 'tr', 'figure', 'aside', 'div', 'img', 'ul', 'ol', 'hr']);

/**
 * Marks blocks with `data-src="file:line:col"` (for the print HTML only: the paginator reports
 * overflow with it). Returns a function that takes the marks off again, for the HTML edition.
 */
export function markSources(tree: HastRoot, file: string): () => void {
  const marked: Element[] = [];
  const visitAll = (node: HastRoot | Element) => {
    for (const c of node.children) {
      if (c.type !== 'element') continue;
      const start = c.position?.start;
      if (start && LOCATED.has(c.tagName) && c.properties.dataSrc === undefined) {
        c.properties.dataSrc = `${file}:${start.line}:${start.column}`;
        marked.push(c);
      }
      visitAll(c);
    }
  };
  visitAll(tree);
  return () => {
    for (const el of marked) delete el.properties.dataSrc;
  };
}

// Inline raw HTML arrives one tag per node: `<span lang="zh-Hans">`, the text, `</span>`. Alone,
// the opening tag became an empty element and the text lost its `lang` (and any other attribute).
const ENCLOSED = 'briefkitEnclosed';
interface Enclosed {
  type: typeof ENCLOSED;
  tag: string;
  open: Html;
  children: RootContent[];
}
const OPEN_TAG = /^<([a-z][a-z0-9-]*)(?:\s[^<>]*)?>$/i;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Index of the sibling after `from` that closes `tag`, counting the same tag opened in between. */
function closingIndex(kids: RootContent[], from: number, tag: string): number {
  let depth = 0;
  for (let j = from + 1; j < kids.length; j++) {
    const k = kids[j];
    if (k.type !== 'html') continue;
    const v = k.value.trim();
    if (new RegExp(`^</${tag}\\s*>$`, 'i').test(v)) {
      if (depth === 0) return j;
      depth--;
    } else if (OPEN_TAG.exec(v)?.[1].toLowerCase() === tag) depth++;
  }
  return -1;
}

/**
 * `node` with every inline opening tag joined to the siblings it encloses, up to its closing tag.
 * Nodes with nothing to join are returned as they are, and nothing is changed in place: chapter
 * trees are rendered again for the print, the redline and the Word file.
 */
function joinInlineTags<T extends MdastNodes>(node: T): T {
  if (!('children' in node)) return node;
  const kids = node.children as RootContent[];
  const out: RootContent[] = [];
  let changed = false;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    const tag = k.type === 'html' ? OPEN_TAG.exec(k.value.trim())?.[1].toLowerCase() : undefined;
    const close = tag && !VOID.has(tag) ? closingIndex(kids, i, tag) : -1;
    if (k.type === 'html' && tag && close > 0) {
      const inner = joinInlineTags({ type: 'paragraph', children: kids.slice(i + 1, close) } as MdastNodes) as { children: RootContent[] };
      out.push({ type: ENCLOSED, tag, open: k, children: inner.children, position: k.position } as unknown as RootContent);
      i = close;
      changed = true;
      continue;
    }
    const joined = joinInlineTags(k);
    changed ||= joined !== k;
    out.push(joined);
  }
  return changed ? ({ ...node, children: out } as T) : node;
}

export function mdastToHast({ tree, ctx }: { tree: MdastNodes; ctx: HastContext }): HastRoot {
  return toHast(joinInlineTags(tree), { handlers: handlers(ctx), allowDangerousHtml: true }) as HastRoot;
}
