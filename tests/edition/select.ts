// A tiny CSS-like selector over hast for assertions: compound selectors (tag, .class, #id,
// :not(.class)), descendant and child combinators, and comma lists. Enough for the redline tests.
import type { Element, Root } from 'hast';

type Compound = { tag?: string; classes: string[]; id?: string; not: string[] };
type Step = { compound: Compound; child: boolean };

function parseCompound(s: string): Compound {
  const c: Compound = { classes: [], not: [] };
  const re = /:not\(\.([\w-]+)\)|([.#]?)([\w-]+)/g;
  for (const m of s.matchAll(re)) {
    if (m[1]) c.not.push(m[1]);
    else if (m[2] === '.') c.classes.push(m[3]);
    else if (m[2] === '#') c.id = m[3];
    else c.tag = m[3];
  }
  return c;
}

function parse(selector: string): Step[] {
  const steps: Step[] = [];
  let child = false;
  for (const tok of selector.trim().split(/\s+/)) {
    if (tok === '>') child = true;
    else steps.push({ compound: parseCompound(tok), child }), (child = false);
  }
  return steps;
}

const classesOf = (e: Element) => (Array.isArray(e.properties?.className) ? (e.properties.className as string[]) : []);

function matches(e: Element, c: Compound): boolean {
  if (c.tag && e.tagName !== c.tag) return false;
  if (c.id && e.properties?.id !== c.id) return false;
  const cls = classesOf(e);
  return c.classes.every((x) => cls.includes(x)) && c.not.every((x) => !cls.includes(x));
}

function matchesPath(e: Element, ancestors: Element[], steps: Step[]): boolean {
  if (!matches(e, steps[steps.length - 1].compound)) return false;
  let rest = steps.slice(0, -1);
  let child = steps[steps.length - 1].child;
  let i = ancestors.length - 1;
  while (rest.length) {
    const want = rest[rest.length - 1];
    if (i < 0) return false;
    if (matches(ancestors[i], want.compound)) {
      child = want.child;
      rest = rest.slice(0, -1);
      i--;
    } else if (child) return false;
    else i--;
  }
  return true;
}

/** Elements under `root` (not root itself) matching `selector`, in document order. */
export function selectAll(selector: string, root: Root | Element): Element[] {
  const lists = selector.split(',').map(parse);
  const out: Element[] = [];
  const walk = (node: Root | Element, ancestors: Element[]) => {
    for (const c of node.children) {
      if (c.type !== 'element') continue;
      if (lists.some((steps) => matchesPath(c, ancestors, steps))) out.push(c);
      walk(c, [...ancestors, c]);
    }
  };
  walk(root, root.type === 'element' ? [root] : []);
  return out;
}
