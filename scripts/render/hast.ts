// mdast → hast with briefkit's handlers: footnote markers, callouts, country blocks, tables, charts,
// cross-references and sanitized raw HTML.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toHast, type Handler, type State } from 'mdast-util-to-hast';
import { fromHtml } from 'hast-util-from-html';
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize';
import { h } from 'hastscript';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, FootnoteReference, Image, Html } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { Brief, Numbering } from '../types.ts';
import { refTarget } from '../parse/directives.ts';
import { resolveInside } from '../config/paths.ts';
import { tableToHast } from './table.ts';

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
    image(_state: State, node: Image): Element | undefined {
      const r = resolveInside({ root: ctx.brief.root, base: ctx.brief.dir, p: decodeURI(node.url) });
      if (!r.ok) return undefined;
      const mime = MIME[path.extname(r.abs).toLowerCase()] ?? 'application/octet-stream';
      return h('img', { src: `data:${mime};base64,${readFileSync(r.abs).toString('base64')}`, alt: node.alt ?? '' });
    },
    containerDirective(state: State, node: ContainerDirective): Element {
      const children = state.all(node) as ElementContent[];
      if (node.name === 'callout') {
        const kind = node.attributes?.kind ?? 'note';
        const title = node.attributes?.title;
        return h(`aside.callout.callout-${kind}`, { role: 'note' }, [...(title ? [h('p.callout-title', title)] : []), ...children]);
      }
      return h('div.country', { dataCountry: node.attributes?.code ?? '' }, children);
    },
    leafDirective(_state: State, node: LeafDirective): Element | ElementContent[] {
      const bound = node.data?.briefkit;
      const number = node.data?.number;
      if (node.name === 'table' && bound?.kind === 'table') return tableToHast({ model: { ...bound.model, id: number?.id ?? bound.model.id }, label: number?.label });
      if (node.name === 'chart' && bound?.kind === 'chart') {
        const caption = bound.caption ?? node.attributes?.caption ?? '';
        return h('figure.chart', { id: number?.id }, [
          { type: 'raw', value: bound.svg } as unknown as ElementContent,
          h('figcaption', [h('span.label', `${number?.label ?? 'Figure'}.`), ` ${caption}`]),
        ]);
      }
      return [];
    },
    textDirective(_state: State, node: TextDirective): ElementContent[] {
      if (node.name !== 'ref') return [];
      const id = refTarget(node);
      const t = ctx.numbering.targets.get(id);
      if (!t) return [{ type: 'text', value: id }];
      const text = t.kind === 'chapter' || t.kind === 'section' ? `“${t.label}”` : t.label;
      return [h('a.xref', { href: `#${id}` }, text), h('span.pageref', { dataPageOf: id })];
    },
  };
}

export function mdastToHast({ tree, ctx }: { tree: MdastNodes; ctx: HastContext }): HastRoot {
  return toHast(tree, { handlers: handlers(ctx), allowDangerousHtml: true }) as HastRoot;
}
