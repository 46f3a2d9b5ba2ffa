// Footnotes numbered by first reference, continuously across the chosen chapters.
// A pure function of the chapter list: a pack passes its own list and gets 1..k.
import { visit } from 'unist-util-visit';
import type { FootnoteDefinition, FootnoteReference } from 'mdast';
import type { Reporter } from '../messages.ts';
import type { Chapter, FootnoteDef, Place } from '../types.ts';
import { placeOf } from '../parse/directives.ts';

export interface FootnoteNumbers {
  footnotes: Map<string, FootnoteDef>; // by identifier, only cited ones
  order: string[]; // identifiers in number order
}

export function numberFootnotes({ chapters, reporter }: { chapters: Chapter[]; reporter: Reporter }): FootnoteNumbers {
  const defs = new Map<string, { node: FootnoteDefinition; place: Place }>();
  for (const ch of chapters) {
    visit(ch.tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      const place = placeOf(ch.file, node);
      const first = defs.get(node.identifier);
      if (first) {
        reporter.report(place, 'footnote-duplicate', { label: node.label ?? node.identifier, other: `${first.place.file}:${first.place.line}:${first.place.column}` }, [first.place]);
        return;
      }
      defs.set(node.identifier, { node, place });
    });
  }

  const footnotes = new Map<string, FootnoteDef>();
  const order: string[] = [];
  const cite = (ref: FootnoteReference, file: string) => {
    const def = defs.get(ref.identifier);
    if (!def) return reporter.report(placeOf(file, ref), 'footnote-undefined', { label: ref.label ?? ref.identifier });
    if (footnotes.has(ref.identifier)) return;
    footnotes.set(ref.identifier, { label: ref.identifier, number: order.length + 1, place: def.place, children: def.node.children });
    order.push(ref.identifier);
    // A note citing another note: the inner one is numbered right after it.
    visit(def.node, 'footnoteReference', (inner: FootnoteReference) => cite(inner, def.place.file));
  };
  for (const ch of chapters) {
    visit(ch.tree, (node) => {
      if (node.type === 'footnoteDefinition') return 'skip';
      if (node.type === 'footnoteReference') cite(node as FootnoteReference, ch.file);
    });
  }

  for (const [id, def] of defs) {
    if (!footnotes.has(id)) reporter.report(def.place, 'footnote-unused', { label: def.node.label ?? id });
  }
  return { footnotes, order };
}
