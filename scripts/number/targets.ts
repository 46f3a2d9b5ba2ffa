// Tables and figures numbered in document order across chapters; every :ref must resolve.
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { LeafDirective, TextDirective } from 'mdast-util-directive';
import type { Image, Nodes as Node, Paragraph } from 'mdast';
import type { Reporter } from '../messages.ts';
import type { Chapter, Place, Target } from '../types.ts';
import { placeOf, refTarget } from '../parse/directives.ts';
import { wordsFor } from '../words/index.ts';

/** `![alt](map.png "Caption")` alone in its paragraph: an image figure, numbered with the charts. */
export function captionedImage(node: Node): Image | null {
  if (node.type !== 'paragraph') return null;
  const kids = (node as Paragraph).children.filter((c) => c.type !== 'text' || c.value.trim() !== '');
  const image = kids.length === 1 && kids[0].type === 'image' ? kids[0] : null;
  return image?.title?.trim() ? image : null;
}

export function numberTargets({ chapters, reporter, language = 'en' }: { chapters: Chapter[]; reporter: Reporter; language?: string }): Map<string, Target> {
  const words = wordsFor(language);
  const targets = new Map<string, Target>();
  const places = new Map<string, Place>();
  const add = (t: Target, place: Place) => {
    const first = places.get(t.id);
    if (first) return reporter.report(place, 'id-duplicate', { id: t.id }, [first]);
    targets.set(t.id, t);
    places.set(t.id, place);
  };
  let tables = 0;
  let figures = 0;
  chapters.forEach((ch, i) => {
    add({ id: ch.id, kind: 'chapter', number: i + 1, label: ch.title, caption: ch.title, chapterId: ch.id }, { file: ch.file, line: 1, column: 1 });
    visit(ch.tree, (node) => {
      if (node.type === 'heading') {
        const id = node.data?.hProperties?.id as string | undefined;
        if (id) targets.set(id, { id, kind: 'section', number: 0, label: toString(node), caption: toString(node), chapterId: ch.id });
        return;
      }
      const captioned = captionedImage(node);
      if (captioned) {
        const number = ++figures;
        const label = words.t('figureLabel', { number: String(number) });
        const id = `fig-${number}`;
        captioned.data = { ...captioned.data, number: { label, id } };
        add({ id, kind: 'figure', number, label, caption: captioned.title!, chapterId: ch.id }, placeOf(ch.file, captioned));
        return;
      }
      if (node.type !== 'leafDirective') return;
      const d = node as LeafDirective;
      if (d.name !== 'table' && d.name !== 'chart' && d.name !== 'figure') return;
      const kind = d.name === 'table' ? 'table' : 'figure';
      const number = kind === 'table' ? ++tables : ++figures;
      const label = words.t(kind === 'table' ? 'tableLabel' : 'figureLabel', { number: String(number) });
      const id = d.attributes?.id ?? `${kind === 'table' ? 'tbl' : 'fig'}-${number}`;
      d.data = { ...d.data, number: { label, id } };
      add({ id, kind, number, label, caption: d.attributes?.caption ?? '', chapterId: ch.id }, placeOf(ch.file, d));
    });
  });
  for (const ch of chapters) {
    visit(ch.tree, 'textDirective', (d: TextDirective) => {
      if (d.name !== 'ref') return;
      const id = refTarget(d);
      if (id && !targets.has(id)) reporter.report(placeOf(ch.file, d), 'ref-unknown', { id, known: [...targets.values()].filter((t) => t.kind !== 'section').map((t) => t.id).join(', ') });
    });
  }
  return targets;
}
