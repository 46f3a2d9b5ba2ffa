// Small DOM helpers shared by the in-page stages.

/** A DOM position: a cut point for a Range. */
export interface Pos {
  node: Node;
  offset: number;
}

export function make(tag: string, cls?: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text !== undefined) el.textContent = text;
  return el;
}

const indexOf = (n: Node) => Array.prototype.indexOf.call(n.parentNode!.childNodes, n) as number;

/** The position just before node `n`. */
export const before = (n: Node): Pos => ({ node: n.parentNode!, offset: indexOf(n) });

/** A position at the very start of an element moves up to just before it (but not past `stop`). */
export function lift(p: Pos, stop: Node): Pos {
  while (p.offset === 0 && p.node !== stop && p.node.parentNode) p = before(p.node);
  return p;
}

export const isBlockDisplay = (d: string) => !(d.startsWith('inline') || d === 'contents' || d === 'none' || d.startsWith('ruby'));
export const atomicInline = (d: string) => d !== 'inline' && d !== 'contents';
export const replaced = new Set(['IMG', 'SVG', 'svg', 'VIDEO', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'MATH', 'math']);
/** Out of the flow: takes no room in a line or between blocks. */
export const outOfFlow = (cs: CSSStyleDeclaration) => cs.display === 'none' || cs.position === 'absolute' || cs.position === 'fixed';

let shared: Range | null = null;
/** The one Range every stage measures and cuts with (a live range costs on every DOM change). */
export const theRange = (): Range => (shared ??= document.createRange());
