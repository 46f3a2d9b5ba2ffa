// A brief's own templates/ (CSS and Handlebars overrides) go into the page unsanitized, so what they
// may load is checked here, with places: no @import, no url() off the machine or outside the root,
// no markup that ends the <style> element, no scripts, handlers, frames, forms, refreshes or links
// in partials, no raw {{{…}}} but the tool's own slots, no URL that {{…}} could turn remote or
// javascript:. render/guard.ts refuses whatever slips through, so this is where authors hear of it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { visit } from 'unist-util-visit';
import type { Element, Text } from 'hast';
import type { Reporter } from '../messages.ts';
import type { Brief, Place } from '../types.ts';
import { relToRoot, resolveInside } from './paths.ts';
import { decodeUtf8 } from './text.ts';
import { lineColumn, lineStarts } from '../places.ts';
import { badLinkScheme, isScriptUrl } from './urls.ts';
import { pluralCategories } from '../words/plural.ts';
import { isMessageKey, readCatalogue } from '../words/languages.ts';

/** Whether the catalogue (en.json, whose keys every language has) has `key`, for {{t "…"}} in templates. */
const hasWord = (key: string) => isMessageKey(key) && Object.hasOwn(readCatalogue('en'), key);

const REMOTE = /^([a-z][a-z0-9+.-]*:)?\/\//i;

// Handlebars (CommonJS, ~85 modules) loads for the first partial: most briefs have none.
const require = createRequire(import.meta.url);
const handlebars = () => require('handlebars') as typeof import('handlebars');

// The HTML parser (parse5 through hast) loads only for a brief with partials (.hbs) to check.
let fromHtml: typeof import('hast-util-from-html').fromHtml | null = null;

/** Loads what checkTemplates needs for this brief's templates/: the HTML parser when it has a partial. */
export async function templatesReady(brief: Brief): Promise<void> {
  const dir = path.join(brief.dir, 'templates');
  if (fromHtml || !existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.hbs'))) return;
  fromHtml = (await import('hast-util-from-html')).fromHtml;
}

/** Checks the brief's templates/ (after templatesReady). */
export function checkTemplates({ brief, reporter }: { brief: Brief; reporter: Reporter }): void {
  const dir = path.join(brief.dir, 'templates');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.css') && !f.endsWith('.hbs')) continue;
    const abs = path.join(dir, f);
    if (!statSync(abs).isFile()) continue;
    const file = relToRoot(brief.root, abs);
    // Templates are inlined into the output: one that links outside the project would publish that file.
    const inside = resolveInside({ root: brief.root, base: dir, p: f });
    if (!inside.ok) {
      reporter.report({ file, line: 1, column: 1 }, inside.rule, { path: file });
      continue;
    }
    const text = decodeUtf8(readFileSync(abs));
    if (text === null) {
      reporter.report({ file, line: 1, column: 1 }, 'not-utf8');
      continue;
    }
    const lines = lineStarts(text);
    const at = (offset: number): Place => ({ file, ...lineColumn(lines, offset) });
    if (f.endsWith('.css')) {
      checkStyleText({ css: text, base: 0, at, reporter });
      checkCss({ css: text, base: 0, at, brief, reporter });
    } else {
      checkPartial({ html: text, at, brief, reporter });
      checkRawSlots({ source: text, file, reporter, language: brief.language });
    }
  }
}

/**
 * CSS with comments blanked and escapes decoded (`\75 rl(` is `url(`), keeping for each character
 * the offset it came from, so a place can still be given.
 */
function decodeCss(css: string): { text: string; origin: number[] } {
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < css.length; ) {
    if (css.startsWith('/*', i)) {
      const end = css.indexOf('*/', i + 2);
      const stop = end < 0 ? css.length : end + 2;
      text += ' ';
      origin.push(i);
      i = stop;
      continue;
    }
    if (css[i] === '\\' && i + 1 < css.length) {
      const hex = /^[0-9a-fA-F]{1,6}\s?/.exec(css.slice(i + 1, i + 8));
      if (hex) {
        const code = parseInt(hex[0].trim(), 16);
        text += code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
        origin.push(i);
        i += 1 + hex[0].length;
        continue;
      }
      if (css[i + 1] !== '\n') {
        text += css[i + 1];
        origin.push(i);
        i += 2;
        continue;
      }
    }
    text += css[i];
    origin.push(i);
    i++;
  }
  return { text, origin };
}

const URL_FN = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi;
const IMPORT = /@import\s*(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|"([^"]*)"|'([^']*)')?/gi;
// image-set("a.png" 1x), src: "x" — strings that some properties load as URLs.
const IMAGE_SET = /(?:image-set|cross-fade)\(([^)]*)\)/gi;

function checkCss({ css, base, at, brief, reporter }: { css: string; base: number; at: (offset: number) => Place; brief: Brief; reporter: Reporter }): void {
  const { text, origin } = decodeCss(css);
  const place = (i: number) => at(base + (origin[i] ?? css.length));
  for (const m of text.matchAll(IMPORT)) {
    const url = m.slice(1).find((g) => g !== undefined) ?? '';
    reporter.report(place(m.index!), 'css-import', { url: url || '(no URL)' });
  }
  const urls: { url: string; index: number }[] = [];
  for (const m of text.matchAll(URL_FN)) {
    // @import url(...) is reported above.
    if (/@import\s*$/i.test(text.slice(Math.max(0, m.index! - 12), m.index!))) continue;
    urls.push({ url: (m[1] ?? m[2] ?? m[3] ?? '').trim(), index: m.index! });
  }
  for (const m of text.matchAll(IMAGE_SET)) {
    for (const s of m[1].matchAll(/"([^"]*)"|'([^']*)'/g)) urls.push({ url: (s[1] ?? s[2]).trim(), index: m.index! + 1 + m[0].indexOf('(') + s.index! });
  }
  for (const { url, index } of urls) checkUrl({ url, place: place(index), brief, reporter });
  for (const m of text.matchAll(/expression\s*\(|behavior\s*:|-moz-binding\s*:/gi)) reporter.report(place(m.index!), 'css-script', { what: m[0].replace(/\s+/g, '') });
}

/**
 * The HTML parser, not CSS, decides where a <style> element ends: `</style` in any case, whatever
 * CSS escapes or comments surround it, closes it. `<!--` and `<script` have no business there either.
 */
function checkStyleText({ css, base, at, reporter }: { css: string; base: number; at: (offset: number) => Place; reporter: Reporter }): void {
  for (const m of css.matchAll(/<\/style|<!--|<script/gi)) reporter.report(at(base + m.index!), 'css-breakout', { what: m[0] });
}

/** Slots the default layout and partials fill with markup the tool made and sanitized itself. */
const TRUSTED_RAW = new Set(['css', 'html']);

/** `{{{x}}}` and `{{& x}}` insert text unescaped: only the tool's own slots may. Also: {{plural}} and {{select}} need other="…". */
function checkRawSlots({ source, file, reporter, language }: { source: string; file: string; reporter: Reporter; language: string }): void {
  let ast: hbs.AST.Program;
  try {
    ast = handlebars().parse(source);
  } catch (e) {
    // Handlebars says "Parse error on line N: … Expecting …, got 'EOF'", or "if doesn't match each - 1:6".
    const err = e as Error & { lineNumber?: number; column?: number };
    const lines = String(err.message).split('\n');
    const line = err.lineNumber ?? Number(/on line (\d+)/.exec(lines[0])?.[1] ?? 1);
    const detail = (lines.length > 1 ? lines[lines.length - 1] : lines[0].replace(/ - \d+:\d+$/, '')).replace(/'EOF'/, 'the end of the file');
    reporter.report({ file, line, column: (err.column ?? 0) + 1 }, 'template-syntax', { detail });
    return;
  }
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; escaped?: boolean; path?: hbs.AST.PathExpression; params?: unknown[]; hash?: unknown; loc?: hbs.AST.SourceLocation };
    if ((n.type === 'MustacheStatement' || n.type === 'SubExpression') && n.path?.type === 'PathExpression' && (n.path.original === 'plural' || n.path.original === 'select')) {
      const keys = ((n.hash as hbs.AST.Hash | undefined)?.pairs ?? []).map((p) => p.key);
      if (!keys.includes('other')) reporter.report({ file, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 }, 'plural-other-missing', { name: n.path.original, forms: n.path.original === 'plural' ? pluralCategories(language).join(', ') : '' });
    }
    if ((n.type === 'MustacheStatement' || n.type === 'SubExpression') && n.path?.type === 'PathExpression' && n.path.original === 't') {
      const key = n.params?.[0] as hbs.AST.StringLiteral | undefined;
      if (key?.type === 'StringLiteral' && !hasWord(key.value)) reporter.report({ file, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 }, 'template-word-unknown', { key: key.value });
    }
    if (n.type === 'MustacheStatement' && n.escaped === false) {
      const name = n.path?.type === 'PathExpression' ? n.path.original : '…';
      const trusted = n.path?.type === 'PathExpression' && n.path.depth === 0 && TRUSTED_RAW.has(n.path.original) && !n.params?.length && !n.hash;
      if (!trusted) reporter.report({ file, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 }, 'template-raw', { name });
    }
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object' && v !== n.loc) walk(v);
    }
  };
  walk(ast);
}

function checkUrl({ url, place, brief, reporter }: { url: string; place: Place; brief: Brief; reporter: Reporter }): void {
  if (url === '' || url.startsWith('#') || /^data:/i.test(url)) return;
  if (url.includes('{{')) return void (openToFilling(url) && reporter.report(place, 'remote-resource', { url }));
  if (/^file:/i.test(url)) return reporter.report(place, 'path-absolute', { path: url });
  if (REMOTE.test(url) || /^[a-z][a-z0-9+.-]*:/i.test(url)) return reporter.report(place, 'remote-resource', { url });
  const r = resolveInside({ root: brief.root, base: brief.dir, p: url });
  if (!r.ok) return reporter.report(place, r.rule, { path: url });
  reporter.report(place, 'css-url-local', { url });
}

const CSS_SLOT = /\{\{\{\s*css\s*\}\}\}/g;

const URL_ATTRIBUTES = ['src', 'href', 'srcSet', 'poster', 'data', 'action', 'formAction', 'xLinkHref', 'background', 'ping', 'cite', 'codeBase', 'manifest', 'archive', 'longDesc', 'profile', 'useMap', 'itemId'];
// Elements that run, frame, submit, navigate or animate attributes (SVG <set href="javascript:…">).
const FORBIDDEN = ['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base', 'form', 'portal', 'template', 'noscript', 'set', 'animate', 'animateMotion', 'animateTransform', 'handler', 'listener'];

/**
 * Could `{{…}}` make this URL remote or javascript:? Yes while the text before the first `{{` leaves
 * the scheme open (no `:`, `/`, `?` or `#` yet) or is a lone `/` (then `//host`). A fixed scheme is
 * judged as written: `http://{{x}}` is remote whatever x is.
 */
function openToFilling(url: string): boolean {
  const prefix = url.slice(0, url.indexOf('{{')).trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(prefix)) return !/^(mailto|tel|data):/i.test(prefix);
  return schemeOpen(prefix) || prefix.startsWith('//');
}

/** Could text appended to this prefix still give the URL a scheme (javascript:, http:)? */
const schemeOpen = (prefix: string) => !prefix.startsWith('#') && (!/[:/?#]/.test(prefix) || prefix === '/');

/** Handlebars partials and layouts: HTML with {{…}} in it, which the HTML parser reads as text. */
function checkPartial({ html, at, brief, reporter }: { html: string; at: (offset: number) => Place; brief: Brief; reporter: Reporter }): void {
  if (!fromHtml) throw new Error('checkTemplates: call templatesReady() first');
  const tree = fromHtml(html, { fragment: !/<html[\s>]/i.test(html) });
  visit(tree, 'text', (t: Text, _i, parent) => {
    // The CSS slot belongs in <style>: anywhere else its text would be read as markup.
    const m = CSS_SLOT.exec(t.value);
    CSS_SLOT.lastIndex = 0;
    if (m && !(parent?.type === 'element' && parent.tagName === 'style')) reporter.report(at((t.position?.start.offset ?? 0) + m.index), 'template-raw', { name: 'css' });
  });
  visit(tree, 'element', (el: Element) => {
    const offset = el.position?.start.offset ?? 0;
    const place = at(offset);
    const props = el.properties ?? {};
    if (FORBIDDEN.includes(el.tagName)) reporter.report(place, 'template-html', { what: `<${el.tagName}>` });
    if (el.tagName === 'meta' && props.httpEquiv !== undefined) reporter.report(place, 'template-html', { what: `<meta http-equiv="${String(props.httpEquiv)}">` });
    if (el.tagName === 'style') {
      const t = el.children.find((c): c is Text => c.type === 'text');
      if (t?.position?.start.offset !== undefined) {
        // The layout's own `<style>{{{css}}}</style>` is the one mustache CSS may hold.
        const other = t.value.replace(CSS_SLOT, (m) => ' '.repeat(m.length)).indexOf('{{');
        if (other >= 0) reporter.report(at(t.position.start.offset + other), 'template-css-value');
        checkCss({ css: t.value, base: t.position.start.offset, at, brief, reporter });
      }
    }
    if (el.tagName === 'link') {
      // A <link> with nothing to load does nothing; with anything, it loads or prefetches it.
      const href = String(props.href ?? '').trim();
      const rel = Array.isArray(props.rel) ? props.rel.join(' ') : String(props.rel ?? '');
      if (!href) return;
      // rel="alternate" (a translated edition beside this one) loads nothing; its href names a file beside the page.
      if (rel === 'alternate' && /^\.\/[^/:?#]*$/.test(href)) return;
      if (/stylesheet|import/i.test(rel) && !href.includes('{{') && !/^data:/i.test(href)) reporter.report(place, 'css-import', { url: href });
      else if (REMOTE.test(href) || (href.includes('{{') && openToFilling(href))) reporter.report(place, 'remote-resource', { url: href });
      else reporter.report(place, 'template-html', { what: `<link rel="${rel}">` });
      return;
    }
    for (const [name, value] of Object.entries(props)) {
      const text = String(Array.isArray(value) ? value.join(name === 'srcSet' ? ', ' : ' ') : value);
      // Trusted slots are trusted as element content only: in an attribute they could close its quote.
      for (const m of text.matchAll(/\{\{\{\s*(css|html)\s*\}\}\}/g)) reporter.report(place, 'template-raw', { name: m[1] });
      if (/^on/i.test(name)) reporter.report(place, 'template-html', { what: `${name.toLowerCase()}= on <${el.tagName}>` });
      if (name === 'style') {
        if (text.includes('{{')) reporter.report(place, 'template-css-value');
        checkCss({ css: text, base: 0, at: () => place, brief, reporter });
      }
      if (!URL_ATTRIBUTES.includes(name)) continue;
      // srcset lists "url width" candidates separated by commas; every URL counts.
      const urls = name === 'srcSet' ? text.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [text.trim()];
      for (const url of urls) checkPartialUrl({ url, name, el, place, reporter });
    }
  });
}

function checkPartialUrl({ url, name, el, place, reporter }: { url: string; name: string; el: Element; place: Place; reporter: Reporter }): void {
  if (isScriptUrl(url)) return reporter.report(place, 'link-javascript');
  if (url.includes('{{')) {
    // A link may go anywhere but to a script; anything else loads what it names.
    const link = (el.tagName === 'a' || el.tagName === 'area') && name === 'href';
    const prefix = url.slice(0, url.indexOf('{{')).trim();
    if (link ? schemeOpen(prefix) : openToFilling(url)) reporter.report(place, 'template-url', { attribute: attributeName(name), value: url, tag: el.tagName });
    return;
  }
  if ((el.tagName === 'a' || el.tagName === 'area') && name === 'href') return void (badLinkScheme(url) && reporter.report(place, 'link-scheme', { url }));
  if (url === '' || url.startsWith('#') || /^data:/i.test(url)) return;
  if (REMOTE.test(url)) return reporter.report(place, 'remote-resource', { url });
  // The HTML is self-contained and the printer loads only what the page itself carries.
  if (url.startsWith('/') || /^file:/i.test(url)) return reporter.report(place, 'path-absolute', { path: url });
  reporter.report(place, 'template-html', { what: `${attributeName(name)}="${url}" on <${el.tagName}> (a template loads no file: put images in the markdown)` });
}

const attributeName = (property: string) => (property === 'xLinkHref' ? 'xlink:href' : property.toLowerCase());
