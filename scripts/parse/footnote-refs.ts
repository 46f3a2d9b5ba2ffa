// Footnote labels are global to the brief, but micromark only recognises `[^label]` when the
// definition is in the same file. Lift the remaining `[^label]` texts into references so a
// chapter can cite a note defined in another one (and undefined labels get reported).
import { visit, SKIP } from 'unist-util-visit';
import type { FootnoteReference, Root, Text } from 'mdast';
import type { Point, Position } from 'unist';

const REF = /\[\^([^\]\s]+)\]/g;

function occurrences(s: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) found.push(i);
  return found;
}

/**
 * Offset in a text node's value → offset in its source slice. They differ when markdown changed
 * the text (escapes, entities): then the k-th `[^` of the value is the k-th of the source.
 */
function sourceOffsets(value: string, slice: string): (offset: number) => number {
  if (slice === value) return (o) => o;
  const inValue = occurrences(value, '[^');
  const inSource = occurrences(slice, '[^');
  return (o) => {
    const k = inValue.indexOf(o);
    return k >= 0 && inValue.length === inSource.length ? inSource[k] : Math.min(o, slice.length);
  };
}

/** Point at `o` characters into the source slice that starts at `start`. */
function pointIn(slice: string, start: Point, o: number): Point {
  const before = slice.slice(0, o);
  const nl = before.lastIndexOf('\n');
  const line = start.line + occurrences(before, '\n').length;
  return { line, column: nl < 0 ? start.column + o : o - nl, offset: (start.offset ?? 0) + o };
}

/**
 * Splits text nodes around `[^label]` into text and footnoteReference nodes. Every piece keeps
 * its place in `source` (the chapter), so a later message about the text (a helper error) is located.
 */
export function liftFootnoteReferences(tree: Root, source: string): void {
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined || !node.value.includes('[^')) return;
    const pos = node.position;
    const slice = pos?.start.offset !== undefined && pos.end.offset !== undefined ? source.slice(pos.start.offset, pos.end.offset) : null;
    const toSource = slice === null ? () => 0 : sourceOffsets(node.value, slice);
    // Source offsets (within the slice) → a position, when the node has one.
    const span = (a: number, b: number): { position?: Position } => (pos && slice !== null ? { position: { start: pointIn(slice, pos.start, a), end: pointIn(slice, pos.start, b) } } : {});
    const out: (Text | FootnoteReference)[] = [];
    let last = 0; // in the value
    let cursor = 0; // the same place in the source slice
    for (const m of node.value.matchAll(REF)) {
      const at = m.index!;
      const refStart = toSource(at);
      const refEnd = Math.min(refStart + m[0].length, slice?.length ?? 0);
      if (at > last) out.push({ type: 'text', value: node.value.slice(last, at), ...span(cursor, refStart) });
      out.push({ type: 'footnoteReference', identifier: m[1].toLowerCase(), label: m[1], ...span(refStart, refEnd) });
      last = at + m[0].length;
      cursor = refEnd;
    }
    if (!out.length) return;
    if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last), ...span(cursor, slice?.length ?? 0) });
    parent.children.splice(index, 1, ...(out as never[]));
    return [SKIP, index + out.length];
  });
}
