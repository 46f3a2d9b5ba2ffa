// Footnote labels are global to the brief, but micromark only recognises `[^label]` when the
// definition is in the same file. Lift the remaining `[^label]` texts into references so a
// chapter can cite a note defined in another one (and undefined labels get reported).
import { visit, SKIP } from 'unist-util-visit';
import type { FootnoteReference, Root, Text } from 'mdast';

const REF = /\[\^([^\]\s]+)\]/g;

export function liftFootnoteReferences(tree: Root): void {
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined || !node.value.includes('[^')) return;
    const start = node.position?.start;
    const out: (Text | FootnoteReference)[] = [];
    let last = 0;
    const pointAt = (offset: number) => {
      const before = node.value.slice(0, offset);
      const lines = before.split('\n');
      if (!start) return undefined;
      return { line: start.line + lines.length - 1, column: lines.length === 1 ? start.column + offset : lines[lines.length - 1].length + 1, offset: (start.offset ?? 0) + offset };
    };
    for (const m of node.value.matchAll(REF)) {
      const at = m.index!;
      if (at > last) out.push({ type: 'text', value: node.value.slice(last, at) });
      const s = pointAt(at);
      const e = pointAt(at + m[0].length);
      out.push({ type: 'footnoteReference', identifier: m[1].toLowerCase(), label: m[1], ...(s && e ? { position: { start: s, end: e } } : {}) });
      last = at + m[0].length;
    }
    if (!out.length) return;
    if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
    parent.children.splice(index, 1, ...(out as never[]));
    return [SKIP, index + out.length];
  });
}
