// Pandoc's citation syntax in the chapters' text: `[@key]`, `[see @a, ch. 3; @b]`, `[-@key]`, and a
// bare `@key` in running text. Each citation becomes a placeholder node that format.ts fills in once
// the notes are numbered; with a note style it also gets a footnote of its own, so it joins the one
// footnote numbering and lands at the foot of its page like any other note.
import type { FootnoteDefinition, FootnoteReference, Parent, PhrasingContent, Root, Text } from 'mdast';
import type { Place } from '../types.ts';
import { placeInText } from '../places.ts';

/** One work in a citation, as citeproc-js takes it. */
export interface CiteItem {
  key: string;
  prefix?: string;
  suffix?: string;
  locator?: string;
  label?: string;
  suppressAuthor?: boolean;
}

/** The placeholder left in the tree; format.ts replaces it by the formatted text. */
export interface CitationNode extends Parent {
  type: 'citation';
  children: PhrasingContent[];
}

export interface Citation {
  items: CiteItem[];
  /** `@key` in running text: the author's name stays in the sentence. */
  inText: boolean;
  /** Placeholder for the citation itself (inline, or inside its note). */
  node: CitationNode;
  /** Placeholder for the author's name in the sentence (bare `@key` only). */
  authorNode?: CitationNode;
  /** Identifier of the note that holds the citation: one made for it, or the author's own; null inline. */
  note: string | null;
  place: Place;
  /** Document order. */
  order: number;
  /** The key as written at each item, for located errors. */
  places: Place[];
}

const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?`;
const BRACKET = /\[([^[\]]*@[^[\]]*)\]/gu;
const PART = new RegExp(String.raw`^\s*([^@]*?)\s*(-?)@(${KEY})(.*)$`, 'su');
/** A bare key: not inside a word, an e-mail address or a path. */
const BARE = new RegExp(String.raw`(?<![\p{L}\p{N}_.@/:+\-\\])@(${KEY})`, 'gu');

const LABELS: [RegExp, string][] = [
  [/^(?:pp?\.|pages?)/i, 'page'],
  [/^(?:chaps?\.|ch\.|chapters?)/i, 'chapter'],
  [/^(?:§§?|secs?\.|sections?)/i, 'section'],
  [/^(?:¶¶?|paras?\.|paragraphs?)/i, 'paragraph'],
  [/^(?:figs?\.|figures?)/i, 'figure'],
  [/^(?:vols?\.|volumes?)/i, 'volume'],
  [/^(?:nn?\.|notes?)(?=\s)/i, 'note'],
  [/^(?:ll?\.|lines?)(?=\s)/i, 'line'],
  [/^(?:cols?\.|columns?)/i, 'column'],
  [/^(?:pts?\.|parts?)(?=\s)/i, 'part'],
  [/^(?:apps?\.|appendix|appendices)/i, 'appendix'],
  [/^(?:tabs?\.|tables?)/i, 'table'],
  [/^s\.\s?v\./i, 'sub-verbo'],
];
const LOCATOR = /^[\p{N}ivxlcdmIVXLCDM]+[a-z]?(?:\s*[-–—]\s*[\p{N}ivxlcdm]+[a-z]?)?(?:\s*,\s*\p{N}+(?:\s*[-–]\s*\p{N}+)?)*/u;

/** `, p. 12, emphasis added` → locator 12, label page, suffix `, emphasis added` (pandoc's rules, English terms). */
export function splitSuffix(raw: string): Pick<CiteItem, 'locator' | 'label' | 'suffix'> {
  let rest = raw.replace(/^\s*,?\s*/, '');
  let label: string | undefined;
  for (const [re, name] of LABELS) {
    const m = re.exec(rest);
    if (m) {
      label = name;
      rest = rest.slice(m[0].length).trimStart();
      break;
    }
  }
  const loc = LOCATOR.exec(rest);
  // A locator must be a number or roman numeral standing alone (not the start of a word).
  if (!loc || /[\p{L}]/u.test(rest.charAt(loc[0].length))) {
    const suffix = raw.trim();
    return suffix ? { suffix: raw.replace(/\s+$/, '') } : {};
  }
  const after = rest.slice(loc[0].length).replace(/\s+$/, '');
  return { locator: loc[0].trim(), label: label ?? 'page', ...(after ? { suffix: after } : {}) };
}

/** `see @a, ch. 3; -@b` → items, or null when a part has no key (then it is plain text in brackets). */
export function parseBracket(inner: string): CiteItem[] | null {
  const items: CiteItem[] = [];
  for (const part of inner.split(';')) {
    const m = PART.exec(part);
    if (!m) return null;
    const [, prefix, dash, key, suffix] = m;
    items.push({ key, ...(prefix ? { prefix } : {}), ...(dash ? { suppressAuthor: true } : {}), ...splitSuffix(suffix) });
  }
  return items;
}

const SKIP = new Set(['link', 'linkReference', 'inlineCode', 'code', 'html', 'definition', 'yaml', 'math', 'inlineMath', 'leafDirective']);

interface MarkOptions {
  file: string;
  tree: Root;
  noteStyle: boolean;
  /** Keys known to the bibliography: a bare `@word` that is no key stays text (a handle, not a citation). */
  known: (key: string) => boolean;
  /** Counts citations of each key list across the document, for stable note labels. */
  labels: Map<string, number>;
  /** Shared document order. */
  counter: { order: number };
  /** A citation inside a heading: a note style would put a footnote there. */
  onHeading: (place: Place) => void;
}

/** Replaces the citations of one chapter by placeholders and returns them in document order. */
export function markCitations(o: MarkOptions): Citation[] {
  const found: Citation[] = [];
  const notes: FootnoteDefinition[] = [];
  const walk = (parent: Parent, note: string | null, heading: boolean) => {
    joinTexts(parent);
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i];
      if (SKIP.has(node.type)) continue;
      if (node.type === 'text') {
        const out = splitText(node as Text, note, heading);
        if (out) {
          parent.children.splice(i, 1, ...(out as never[]));
          i += out.length - 1;
        }
        continue;
      }
      if ('children' in node) walk(node as Parent, node.type === 'footnoteDefinition' ? (node as FootnoteDefinition).identifier : note, heading || node.type === 'heading');
    }
  };

  const splitText = (node: Text, note: string | null, heading: boolean): PhrasingContent[] | null => {
    const value = node.value;
    if (!value.includes('@')) return null;
    const spans: { start: number; end: number; items: CiteItem[]; inText: boolean }[] = [];
    for (const m of value.matchAll(BRACKET)) {
      const items = parseBracket(m[1]);
      if (items) spans.push({ start: m.index!, end: m.index! + m[0].length, items, inText: false });
    }
    for (const m of value.matchAll(BARE)) {
      const at = m.index!;
      if (spans.some((s) => at >= s.start && at < s.end) || !o.known(m[1])) continue;
      spans.push({ start: at, end: at + m[0].length, items: [{ key: m[1] }], inText: true });
    }
    if (!spans.length) return null;
    spans.sort((a, b) => a.start - b.start);
    const out: PhrasingContent[] = [];
    let last = 0;
    for (const s of spans) {
      if (s.start > last) out.push({ type: 'text', value: value.slice(last, s.start) });
      const place = placeAt(node, value, s.start);
      if (heading && o.noteStyle && !note) {
        o.onHeading(place);
        out.push({ type: 'text', value: value.slice(s.start, s.end) });
      } else {
        // A note's marker follows the word: "each year [@a] and" reads "each year¹ and".
        const prev = out[out.length - 1];
        if (o.noteStyle && !note && !s.inText && prev?.type === 'text') prev.value = prev.value.replace(/\s+$/, '');
        out.push(...citationNodes(s.items, s.inText, note, place, value.slice(s.start, s.end)));
      }
      last = s.end;
    }
    if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
    return out;
  };

  const citationNodes = (items: CiteItem[], inText: boolean, note: string | null, place: Place, written: string): PhrasingContent[] => {
    const node: CitationNode = { type: 'citation', children: [] };
    const places = items.map((it) => ({ ...place, column: place.column + Math.max(0, written.indexOf(`@${it.key}`)) }));
    const c: Citation = { items, inText, node, note, place, order: o.counter.order++, places };
    found.push(c);
    const out: PhrasingContent[] = [];
    if (inText) {
      c.authorNode = { type: 'citation', children: [] };
      out.push(c.authorNode as never);
      if (!o.noteStyle || note) out.push({ type: 'text', value: ' ' });
    }
    if (!o.noteStyle || note) {
      out.push(node as never);
      return out;
    }
    // A note style: the citation gets its own footnote, labelled by what it cites so that the
    // redline matches it across editions however the other notes shift.
    const keys = items.map((it) => it.key).join(';');
    const n = (o.labels.get(keys) ?? 0) + 1;
    o.labels.set(keys, n);
    const label = `@${keys}${n > 1 ? `#${n}` : ''}`;
    c.note = label.toLowerCase();
    const position = { start: { line: place.line, column: place.column }, end: { line: place.line, column: place.column } };
    notes.push({ type: 'footnoteDefinition', identifier: c.note, label, children: [{ type: 'paragraph', children: [node as never] }], position });
    out.push({ type: 'footnoteReference', identifier: c.note, label, position } satisfies FootnoteReference);
    return out;
  };

  walk(o.tree, null, false);
  o.tree.children.push(...notes);
  return found;

  function placeAt(node: Text, value: string, offset: number): Place {
    const start = node.position?.start;
    if (!start) return { file: o.file, line: 1, column: 1 };
    return placeInText({ file: o.file, line: start.line, column: start.column }, value, offset);
  }
}

/**
 * Neighbouring text nodes joined: parsing leaves `@doe:2023` in two (":2023" was read as a
 * directive, then given back as text), and a key must be read whole.
 */
function joinTexts(parent: Parent): void {
  for (let i = parent.children.length - 1; i > 0; i--) {
    const [a, b] = [parent.children[i - 1], parent.children[i]];
    if (a.type !== 'text' || b.type !== 'text') continue;
    (a as Text).value += (b as Text).value;
    if (a.position && b.position) a.position.end = b.position.end;
    parent.children.splice(i, 1);
  }
}
