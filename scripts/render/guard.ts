// The last look at every HTML file briefkit writes (edition, print, packs and their index, redline,
// the page `brief dev` serves): nothing that runs, submits, frames or loads from elsewhere may be
// in it. The checks before (parse/html.ts, config/templates.ts) name the author's file and line;
// this guard only refuses, never edits, so a miss there shows up as an error, not as missing text.
// It also adds a Content-Security-Policy, so a browser refuses what a miss here would let through.
import { decodeHTMLAttribute } from 'entities';
import { fromHtml } from 'hast-util-from-html';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { find, html as htmlSchema, svg as svgSchema } from 'property-information';
import { visit } from 'unist-util-visit';
import type { Element, Root, Text } from 'hast';
import { RenderError, Reporter } from '../messages.ts';
import { badLinkScheme } from '../config/urls.ts';

/** The HTML edition, packs, index and redline: inline styles, data: fonts and images, nothing else. */
export const EDITION_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";
/** The print HTML links the font files on disk; the print sandbox keeps them inside the project and font folders. */
export const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data: file:";

export const cspMeta = (policy: string) => `<meta http-equiv="Content-Security-Policy" content="${policy}">`;

interface Finding {
  what: string;
  line: number;
  column: number;
}

const FORBIDDEN = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base', 'form', 'portal', 'template', 'noscript', 'link', 'set', 'animate', 'animatemotion', 'animatetransform', 'handler', 'listener']);
/** Attributes that make the browser fetch what they name. */
const LOADS = ['src', 'poster', 'background', 'data', 'codeBase', 'archive', 'longDesc', 'manifest', 'ping', 'cite', 'itemId', 'profile'];
const REMOTE = /^([a-z][a-z0-9+.-]*:)?\/\//i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))|@import\s*(?:"([^"]*)"|'([^']*)')/gi;

/** What a link may point at: a place in the page, a relative file, or a web page, mail or phone. */
function linkOk(url: string): boolean {
  return badLinkScheme(url) === null;
}

/** A file beside the page (`./name.html`): no scheme, no host, no absolute path. */
const relativeFile = (url: string) => /^\.\/[^/:?#]+$/.test(url.trim());

/** What a page may load by itself: only what it carries (data:) or points to inside itself (#). */
const loadOk = (url: string, allowFile = false) => {
  const u = url.trim();
  return u === '' || u.startsWith('#') || /^data:/i.test(u) || (allowFile && /^file:/i.test(u));
};

// Every country pack carries the same stylesheet: its findings are looked up, not searched again
// (style= attributes are short and many, and searched each time).
const cssSeen = new Map<string, string[]>();

function cssFindings(css: string, allowFile: boolean): string[] {
  if (css.length < 2000) return searchCss(css, allowFile);
  const key = `${allowFile ? 'f' : '-'}${css}`;
  let found = cssSeen.get(key);
  if (!found) {
    if (cssSeen.size >= 16) cssSeen.clear();
    cssSeen.set(key, (found = searchCss(css, allowFile)));
  }
  return [...found];
}

function searchCss(css: string, allowFile: boolean): string[] {
  const out: string[] = [];
  for (const m of css.matchAll(CSS_URL)) {
    const url = m.slice(1).find((g) => g !== undefined) ?? '';
    // Relative url() in CSS loads nothing in the edition (the CSP allows data: only); remote ones would.
    if (m[0].startsWith('@') || ((REMOTE.test(url.trim()) || SCHEME.test(url.trim())) && !loadOk(url, allowFile))) out.push(m[0].startsWith('@') ? `@import ${url}` : `url(${url.slice(0, 80)})`);
  }
  if (/expression\s*\(|-moz-binding|behavior\s*:/i.test(css)) out.push('a CSS expression');
  return out;
}

function elementFindings(el: Element, allowFile: boolean): string[] {
  const out: string[] = [];
  const tag = el.tagName.toLowerCase();
  const props = el.properties ?? {};
  // <link rel="alternate" hreflang> names a translated edition beside this one and loads nothing.
  const alternate = tag === 'link' && String(props.rel ?? '') === 'alternate' && props.hrefLang !== undefined;
  if (FORBIDDEN.has(tag) && !alternate) out.push(`<${el.tagName}>`);
  if (tag === 'meta' && props.httpEquiv !== undefined) out.push(`<meta http-equiv="${String(props.httpEquiv)}">`);
  for (const [name, value] of Object.entries(props)) {
    const text = String(Array.isArray(value) ? value.join(' ') : value);
    if (/^on/i.test(name)) out.push(`${name.toLowerCase()}= on <${el.tagName}>`);
    else if (name === 'srcDoc' || name === 'action' || name === 'formAction') out.push(`${name.toLowerCase()}= on <${el.tagName}>`);
    else if (name === 'style') out.push(...cssFindings(text, allowFile).map((f) => `${f} in style= on <${el.tagName}>`));
    else if (name === 'href' || name === 'xLinkHref') {
      const ok = tag === 'a' || tag === 'area' ? linkOk(text) : alternate ? relativeFile(text) : loadOk(text);
      if (!ok) out.push(`${name === 'href' ? 'href' : 'xlink:href'}="${text.slice(0, 80)}" on <${el.tagName}>`);
    } else if (name === 'srcSet') {
      if (String(value).split(',').some((c) => !loadOk(c.trim().split(/\s+/)[0] ?? ''))) out.push(`srcset="${text.slice(0, 80)}" on <${el.tagName}>`);
    } else if (LOADS.includes(name) && !loadOk(text)) out.push(`${name.toLowerCase()}="${text.slice(0, 80)}" on <${el.tagName}>`);
  }
  if (tag === 'style') {
    const css = el.children.filter((c): c is Text => c.type === 'text').map((c) => c.value).join('');
    out.push(...cssFindings(css, allowFile).map((f) => `${f} in <style>`));
  }
  return out;
}

/** Everything in `html` that could run, submit, frame or load from elsewhere, with its place. */
export function unsafeParts(html: string, { allowFile = false }: { allowFile?: boolean } = {}): { tree: Root; findings: Finding[] } {
  const tree = fromHtml(html);
  const findings: Finding[] = [];
  visit(tree, 'element', (el: Element) => {
    for (const what of elementFindings(el, allowFile)) findings.push({ what, line: el.position?.start.line ?? 1, column: el.position?.start.column ?? 1 });
  });
  return { tree, findings };
}

/**
 * What in an inline SVG (a chart from Vega) could run or load: the guard's findings plus
 * <foreignObject> and <image>, which a chart never needs. Judged on elements and attributes, so a
 * label that merely reads "onerror=" or "javascript:" is text, as it should be.
 */
export function activeSvgContent(svg: string): string[] {
  const tree = fromHtml(svg, { fragment: true });
  const out: string[] = [];
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'foreignObject' || el.tagName === 'image') out.push(`<${el.tagName}>`);
    out.push(...elementFindings(el, false));
  });
  return out;
}

/**
 * `html` with the Content-Security-Policy as the first thing in <head>, or a RenderError naming the
 * first unsafe part (`output` names the file in the message). `print` allows the font files the
 * print HTML links on disk.
 */
export function guardHtml(html: string, { output, print = false }: { output: string; print?: boolean }): string {
  // Source places cost two thirds of a parse and hast as much again: both serve only to name a finding.
  const found = !provablySafe(html, print) && mayBeUnsafe(html, print) ? unsafeParts(html, { allowFile: print }).findings : [];
  if (found.length) {
    const [f] = found;
    const reporter = new Reporter();
    reporter.report({ file: output, line: f.line, column: f.column }, 'html-unsafe', { what: f.what, output });
    throw new RenderError(reporter.diagnostics[0]);
  }
  const at = headContentStart(html);
  return html.slice(0, at) + cspMeta(print ? PRINT_CSP : EDITION_CSP) + html.slice(at);
}

// ---- The fast proof. A parse with parse5 is most of a build's guard time (~70 ms for a 20-page
// brief in a new process, most of it parse5 running before V8 has compiled it); the pages we write
// are plain enough to be proven safe without it. The proof looks at every `<` followed by a letter,
// wherever it is (text, comments, attribute values and style sheets too): every start tag the HTML
// parser could see begins at one. Each must be a tag in a strict form that the HTML tokenizer reads
// one way only (names and values without quotes, `<`, `=` or NUL where they would be misread,
// whitespace between attributes) and have no finding under the HTML or the SVG attribute names;
// each <style>'s text up to its end tag must have none either, as written and with character
// references decoded. Anything else, and the answer is "not proven": parse5 decides as before. So
// the proof can only fail to prove, never let through what parse5 would find.

/** HTML whitespace: not \s, which also takes NBSP and other spaces the tokenizer reads as name characters. */
const WS = '[\\t\\n\\f\\r ]';
const ATTR_NAME = `[^\\t\\n\\f\\r />="'<\\0]+`;
const ATTR_VALUE = `(?:"[^"\\0]*"|'[^'\\0]*'|[^\\t\\n\\f\\r >"'<=\`\\0]+)`;
const ATTR = `${ATTR_NAME}(?:${WS}*=${WS}*${ATTR_VALUE})?`;
/** A start tag in the strict form, at the position set in lastIndex. */
const STRICT_TAG = new RegExp(`<([a-zA-Z][a-zA-Z0-9-]*)((?:${WS}+${ATTR})*)${WS}*/?>`, 'y');
const ATTRS = new RegExp(`(${ATTR_NAME})(?:${WS}*=${WS}*(${ATTR_VALUE}))?`, 'g');
const STYLE_END = /<\/style[\t\n\f\r />]/gi;
const TAG_START = /<[a-zA-Z]/g;

/** True when `html` is proven to have nothing unsafeParts() would find; false: not proven (parse5 decides). */
export function provablySafe(html: string, allowFile: boolean): boolean {
  if (html.includes('\0')) return false;
  const text = html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html; // as the parser reads it
  const passed = new Set<string>(); // tags already judged, as written (a table repeats its cells' tags)
  TAG_START.lastIndex = 0;
  for (let m = TAG_START.exec(text); m; m = TAG_START.exec(text)) {
    STRICT_TAG.lastIndex = m.index;
    const tag = STRICT_TAG.exec(text);
    if (!tag) return false;
    const tagName = tag[1].toLowerCase();
    if (tagName !== 'style' && passed.has(tag[0])) continue;
    passed.add(tag[0]);
    if (tagName === 'style') {
      STYLE_END.lastIndex = STRICT_TAG.lastIndex;
      const end = STYLE_END.exec(text);
      const sheet = text.slice(STRICT_TAG.lastIndex, end ? end.index : text.length);
      // Raw in an HTML <style>, references decoded in an SVG one: each is read.
      if (cssFindings(sheet, allowFile).length || (sheet.includes('&') && cssFindings(decodeHTMLAttribute(sheet), allowFile).length)) return false;
    }
    const attrs: [string, string][] = [];
    ATTRS.lastIndex = 0;
    for (let a = ATTRS.exec(tag[2]); a; a = ATTRS.exec(tag[2])) {
      const raw = a[2] ?? '';
      const value = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
      attrs.push([a[1].toLowerCase(), value.includes('&') ? decodeHTMLAttribute(value) : value]);
    }
    for (const schema of [htmlSchema, svgSchema]) {
      const properties = propertiesOf(schema, attrs);
      if (!properties) return false; // the parser keeps the first of two: let parse5 say which
      if (elementFindings({ type: 'element', tagName, properties, children: [] }, allowFile).length) return false;
    }
  }
  return true;
}

/**
 * Attributes (name, text as written) under the names hast gives them in `schema`
 * (property-information, as hastscript), or null when two take one name: hast could then read the
 * element otherwise than its text, and only a parse with source places decides.
 */
function propertiesOf(schema: typeof htmlSchema, attrs: [name: string, value: string][]): Record<string, string> | null {
  const properties: Record<string, string> = Object.create(null);
  for (const [name, value] of attrs) {
    const { property } = find(schema, name);
    if (property in properties) return null;
    properties[property] = value;
  }
  return properties;
}

type P5Node = DefaultTreeAdapterMap['node'];
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Whether unsafeParts() could find anything, read from parse5's own tree (the same parse, scripting
 * off as in fromHtml, without source places and without building hast). Each element goes through
 * the same elementFindings(), its attributes under the names hast gives them (property-information,
 * as hastscript) with their text as written: hast's parsed lists and booleans can only let through
 * more than that text, never less. Where hast could read an element otherwise (a tag it would take
 * for a selector, two attributes under one name) the answer is yes, and unsafeParts() decides.
 */
function mayBeUnsafe(html: string, allowFile: boolean): boolean {
  const stack: P5Node[] = [parse(html, { scriptingEnabled: false })];
  while (stack.length) {
    const node = stack.pop()!;
    if ('tagName' in node) {
      if (/[.#]/.test(node.tagName)) return true;
      const properties = propertiesOf(node.namespaceURI === SVG_NS ? svgSchema : htmlSchema, node.attrs.map((a): [string, string] => [(a.prefix ? `${a.prefix}:` : '') + a.name, a.value]));
      if (!properties) return true;
      const text = node.tagName === 'style' ? node.childNodes.flatMap((c): Text[] => (c.nodeName === '#text' ? [{ type: 'text', value: (c as DefaultTreeAdapterMap['textNode']).value }] : [])) : [];
      if (elementFindings({ type: 'element', tagName: node.tagName, properties, children: text }, allowFile).length) return true;
    }
    // An HTML <template>'s content is the one subtree outside childNodes; the tag is refused above.
    if ('childNodes' in node) for (const c of node.childNodes) stack.push(c);
  }
  return false;
}

/**
 * A page that opens with the doctype, then `<html …>` (or not), then `<head …>`, with nothing but
 * whitespace between them: the parser makes that tag the head, so no parse is needed to find it.
 */
const PLAIN_HEAD = new RegExp(`^${WS}*<!doctype html>${WS}*(?:<html(?:${WS}+${ATTR})*${WS}*>${WS}*)?<head(?:${WS}+${ATTR})*${WS}*>`, 'i');

/**
 * Where the head's content begins: just after `<head …>` when the source has one, else at the
 * start (after the doctype), where a <meta> opens the implied head itself. Read from the text up
 * to the first `</head>` when that holds the head's start tag (a parser decides on a tag from what
 * precedes it alone), else from the whole page.
 */
function headContentStart(html: string): number {
  const plain = PLAIN_HEAD.exec(html);
  if (plain) return plain[0].length;
  const end = html.search(/<\/head\s*>/i);
  if (end >= 0) {
    const start = headStartTag(fromHtml(html.slice(0, end)));
    if (start !== undefined) return tagEnd(html, start);
  }
  const tree = fromHtml(html);
  const start = headStartTag(tree);
  if (start !== undefined) return tagEnd(html, start);
  const doctype = tree.children.find((c) => c.type === 'doctype');
  return doctype?.position?.end.offset ?? 0;
}

/** The offset of the head's start tag in the source, or undefined when the head is implied. */
function headStartTag(tree: Root): number | undefined {
  let head: Element | undefined;
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'head') head = el;
    return head ? false : undefined;
  });
  return head?.position?.start.offset;
}

/** The offset just past the `>` that closes the start tag beginning at `start` (quotes respected). */
function tagEnd(html: string, start: number): number {
  let quote = '';
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return html.length;
}
