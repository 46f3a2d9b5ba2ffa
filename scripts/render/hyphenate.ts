// Soft hyphens in the print's justified paragraphs, from TeX's hyphenation patterns (the `hyphen`
// package), so a justified line can break inside a long word instead of opening wide gaps. Done
// here, at build time, rather than with CSS `hyphens: auto`: the break points are then the same on
// every machine and every Chromium, and a rebuild is byte-identical. Only languages with patterns
// are hyphenated; Chinese and Arabic are not (they break lines without hyphens).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { readPrebuilt, writePrebuilt } from './prebuilt.ts';

const require = createRequire(import.meta.url);

/** Every pattern file patternsOf names. */
const PATTERN_NAMES = ['en-us', 'en-gb', 'de-1996', 'de-ch-1901', 'fr', 'es', 'ru'];

/**
 * Where the compiled CLI (dist/render/) keeps the pattern files as JSON, written at compile time
 * (prebuildPatterns): parsing one takes ~3 ms of a cold build, compiling its JavaScript ~11 ms.
 */
const prebuiltFile = (name: string) => path.join(import.meta.dirname, 'hyphen', `${name}.json`);

/** Writes every pattern file beside this module, as JSON (bin/compile.mjs runs it). */
export function prebuildPatterns(): void {
  for (const name of PATTERN_NAMES) writePrebuilt(prebuiltFile(name), 'hyphen', require(`hyphen/patterns/${name}.js`));
}

/** The patterns of `name`: prebuilt for the installed version of `hyphen`, else its own file. */
function patternsNamed(name: string): unknown {
  return readPrebuilt<unknown>(prebuiltFile(name), 'hyphen') ?? require(`hyphen/patterns/${name}.js`);
}

type Hyphenator = (text: string) => string;

// Asked for every element with a lang attribute, and for the brief's language each time: each
// tag is parsed (Intl.Locale) once.
const patternNames = new Map<string, string | null>();

/** The pattern file (hyphen/patterns/<name>.js) for a BCP 47 tag, or null for a language without one. */
export function patternsFor(language: string): string | null {
  let name = patternNames.get(language);
  if (name === undefined) {
    if (patternNames.size >= 1000) patternNames.clear(); // tags come from the sources: keep it bounded
    patternNames.set(language, (name = patternsOf(language)));
  }
  return name;
}

function patternsOf(language: string): string | null {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(language);
  } catch {
    return null;
  }
  switch (locale.language) {
    case 'en':
      // British spelling hyphenates differently (“pro-gress” / “prog-ress”); the US patterns otherwise.
      return locale.region && ['GB', 'IE', 'AU', 'NZ', 'ZA', 'IN'].includes(locale.region) ? 'en-gb' : 'en-us';
    case 'de':
      return locale.region === 'CH' ? 'de-ch-1901' : 'de-1996';
    case 'fr':
    case 'es':
    case 'ru':
      return locale.language;
    default:
      return null;
  }
}

// TeX's \lefthyphenmin and \righthyphenmin for these languages: at least two letters before a
// break and three after, so no line ends in a lone letter and no line opens with "ly".
const LEFT_MIN = 2;
const RIGHT_MIN = 3;
const MIN_WORD = LEFT_MIN + RIGHT_MIN + 1;
const SOFT_HYPHEN = '\u00ad';

const hyphenators = new Map<string, Hyphenator | null>();
// Words repeat (the sample's 4,200 long words are 1,200 distinct ones): each is hyphenated once,
// which took about a third off the sample's hyphenation in a new process. Kept for the process
// (packs hyphenate the same text again), up to a bound.
const MEMO_LIMIT = 50_000;

/** Hyphenates one word (letters only) with soft hyphens; loads the language's patterns on first use. */
export function hyphenatorFor(language: string): Hyphenator | null {
  const name = patternsFor(language);
  if (!name) return null;
  let hyphenator = hyphenators.get(name);
  if (hyphenator === undefined) {
    const createHyphenator = require('hyphen/hyphen.js') as (patterns: unknown, options: object) => Hyphenator;
    const raw = createHyphenator(patternsNamed(name), { html: false, minWordLength: MIN_WORD });
    const memo = new Map<string, string>();
    hyphenator = (word) => {
      let out = memo.get(word);
      if (out === undefined) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(word, (out = withMargins(raw(word))));
      }
      return out;
    };
    hyphenators.set(name, hyphenator);
  }
  return hyphenator;
}

/** Drops break points closer to a word's ends than TeX allows. */
function withMargins(hyphenated: string): string {
  const parts = hyphenated.split(SOFT_HYPHEN);
  let out = parts[0];
  let done = parts[0].length;
  const total = parts.join('').length;
  for (const part of parts.slice(1)) {
    out += done >= LEFT_MIN && total - done >= RIGHT_MIN ? SOFT_HYPHEN + part : part;
    done += part.length;
  }
  return out;
}

// Inside a paragraph: code, keyboard input, note markers and links that show a URL keep their text whole.
const KEEP_WHOLE = new Set(['code', 'kbd', 'samp', 'var', 'pre', 'sup', 'sub', 'script', 'style', 'svg', 'math']);
const WORD = /[\p{L}\p{M}]+/gu;
/** A token that names something (URL, e-mail, path, file): hyphenating it would change what it says when copied. */
const NAME_LIKE = /[/@\\]|:\/\/|^www\.|\.[a-z]{2,4}$|\d|_/i;

function hyphenateText(text: string, hyphenate: Hyphenator): string {
  return text.replace(/\S+/g, (token) => (NAME_LIKE.test(token) ? token : token.replace(WORD, (w) => (w.length >= MIN_WORD ? hyphenate(w) : w))));
}

function hyphenateInline(node: Element, hyphenate: Hyphenator, language: string): void {
  for (const child of node.children) {
    if (child.type === 'text') child.value = hyphenateText(child.value, hyphenate);
    else if (child.type === 'element' && !KEEP_WHOLE.has(child.tagName) && !showsUrl(child) && sameLanguage(child, language)) hyphenateInline(child, hyphenate, language);
  }
}

/** A link whose text is its address. */
function showsUrl(el: Element): boolean {
  if (el.tagName !== 'a') return false;
  const text = el.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  return /^(https?:|mailto:|www\.)/i.test(text.trim());
}

/** Text marked as another language (`<span lang="zh-Hans">`) is left alone: these patterns are not its own. */
function sameLanguage(el: Element, language: string): boolean {
  const lang = el.properties?.lang;
  return typeof lang !== 'string' || patternsFor(lang) === patternsFor(language);
}

const classes = (el: Element) => (el.properties?.className as string[] | undefined) ?? [];

/** The justified paragraphs of a chapter's tree: its own paragraphs and those of ::: country blocks (brief.css). */
function justifiedParagraphs(children: (ElementContent | HastRoot['children'][number])[]): Element[] {
  const out: Element[] = [];
  for (const c of children) {
    if (c.type !== 'element') continue;
    // A bibliography entry (csl-entry) is names, titles and addresses a reader searches for: kept whole.
    if (c.tagName === 'p' && !classes(c).includes('csl-entry')) out.push(c);
    else if (c.tagName === 'div' && classes(c).includes('country')) out.push(...justifiedParagraphs(c.children));
  }
  return out;
}

/**
 * A copy of `tree` with soft hyphens in its justified paragraphs, or `tree` itself for a language
 * without patterns. Headings, captions, tables, lists, callouts and notes are set ragged or short
 * and keep their words whole, as do bibliography entries.
 */
export function hyphenateTree(tree: HastRoot, language: string): HastRoot {
  const hyphenate = hyphenatorFor(language);
  if (!hyphenate) return tree;
  const copy = structuredClone(tree);
  for (const p of justifiedParagraphs(copy.children)) if (sameLanguage(p, language)) hyphenateInline(p, hyphenate, language);
  return copy;
}
