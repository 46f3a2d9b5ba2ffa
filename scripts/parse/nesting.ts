// Bounds on how deeply a chapter nests. micromark and the tree walks after it recurse once per
// level: a 10,000-deep blockquote overflows the stack and a 3,000-deep list takes minutes, so
// such a chapter is refused, at the line where it goes too deep, before it is parsed.
import type { Root } from 'mdast';
import type { Node } from 'unist';

/** Quotes, list items and ::: blocks inside each other; real briefs use a handful. */
export const MAX_BLOCK_NESTING = 64;
/** Nodes inside each other after parsing (blocks plus emphasis, links…). */
export const MAX_TREE_DEPTH = 128;

export interface TooDeep {
  line: number;
  column: number;
  depth: number;
}

const MARKER = /^(>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;
const FENCE = /^(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^(?:([-*_])[ \t]*){3,}$/;

/** Container markers (`>`, `-`, `1.`) opening a line, with the column where each starts. */
function lineMarkers(line: string): { columns: number[]; indent: number; rest: string } {
  const columns: number[] = [];
  const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    const m = MARKER.exec(line.slice(i));
    if (!m) break;
    columns.push(i + 1);
    i += m[0].length;
  }
  return { columns, indent, rest: line.slice(i) };
}

/** The first place where blocks nest more than MAX_BLOCK_NESTING deep, or null. */
export function tooDeepBlocks(source: string): TooDeep | null {
  const lines = source.split(/\r\n|\r|\n/);
  let fence: string | null = null;
  let directives = 0;
  for (let n = 0; n < lines.length; n++) {
    const { columns, indent, rest } = lineMarkers(lines[n]);
    const body = rest.trimStart();
    if (fence) {
      if (body.startsWith(fence)) fence = null;
      continue;
    }
    const f = FENCE.exec(body);
    if (f) {
      fence = f[1];
      continue;
    }
    // `- - - -` or `* * *` alone is a horizontal rule, not nested lists.
    if (THEMATIC_BREAK.test(lines[n].trim())) continue;
    if (/^:{3,}[A-Za-z]/.test(body)) directives++;
    else if (/^:{3,}\s*$/.test(body)) directives = Math.max(0, directives - 1);
    // Nested list items are indented (2 columns or more a level) rather than marked again.
    const base = Math.floor(indent / 2) + directives;
    if (base + columns.length > MAX_BLOCK_NESTING) {
      const k = Math.max(0, MAX_BLOCK_NESTING - base);
      return { line: n + 1, column: columns[k] ?? indent + 1, depth: base + columns.length };
    }
  }
  return null;
}

/**
 * The first node nested deeper than MAX_TREE_DEPTH (inline nesting: `*****…`), cut off there so
 * the stages after parsing cannot recurse off the stack; null when the tree is within bounds.
 */
export function cutTooDeep(tree: Root): { node: Node; depth: number } | null {
  const stack: [Node, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    const children = (node as { children?: Node[] }).children;
    if (!children) continue;
    if (depth >= MAX_TREE_DEPTH) {
      (node as unknown as { children: Node[] }).children = [];
      return { node, depth };
    }
    for (const c of children) stack.push([c, depth + 1]);
  }
  return null;
}
