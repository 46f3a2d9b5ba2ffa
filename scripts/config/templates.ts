// A brief's own templates/ (CSS and Handlebars overrides) go into the page unsanitized, so what they
// may load is checked here, with places: no @import, no url() off the machine or outside the root,
// no scripts or event handlers in partials. The print sandbox refuses the rest anyway.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element, Text } from 'hast';
import type { Reporter } from '../messages.ts';
import type { Brief, Place } from '../types.ts';
import { relToRoot, resolveInside } from './paths.ts';
import { decodeUtf8 } from './text.ts';

const REMOTE = /^([a-z][a-z0-9+.-]*:)?\/\//i;

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
    const at = (offset: number): Place => {
      let lo = 0;
      let hi = lines.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lines[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { file, line: lo + 1, column: offset - lines[lo] + 1 };
    };
    if (f.endsWith('.css')) checkCss({ css: text, base: 0, at, brief, reporter });
    else checkPartial({ html: text, at, brief, reporter });
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
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
}

function checkUrl({ url, place, brief, reporter }: { url: string; place: Place; brief: Brief; reporter: Reporter }): void {
  if (url === '' || url.startsWith('#') || /^data:/i.test(url) || url.includes('{{')) return;
  if (/^file:/i.test(url)) return reporter.report(place, 'path-absolute', { path: url });
  if (REMOTE.test(url) || /^[a-z][a-z0-9+.-]*:/i.test(url)) return reporter.report(place, 'remote-resource', { url });
  const r = resolveInside({ root: brief.root, base: brief.dir, p: url });
  if (!r.ok) return reporter.report(place, r.rule, { path: url });
  reporter.report(place, 'css-url-local', { url });
}

const URL_ATTRIBUTES = ['src', 'href', 'srcSet', 'poster', 'data', 'action', 'formAction', 'xLinkHref', 'background'];

/** Handlebars partials and layouts: HTML with {{…}} in it, which the HTML parser reads as text. */
function checkPartial({ html, at, brief, reporter }: { html: string; at: (offset: number) => Place; brief: Brief; reporter: Reporter }): void {
  const tree = fromHtml(html, { fragment: !/<html[\s>]/i.test(html) });
  visit(tree, 'element', (el: Element) => {
    const offset = el.position?.start.offset ?? 0;
    const place = at(offset);
    if (['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base'].includes(el.tagName)) reporter.report(place, 'template-html', { what: `<${el.tagName}>` });
    if (el.tagName === 'style') {
      const t = el.children.find((c): c is Text => c.type === 'text');
      if (t?.position?.start.offset !== undefined) checkCss({ css: t.value, base: t.position.start.offset, at, brief, reporter });
    }
    if (el.tagName === 'link' && /stylesheet|preload|import|icon|prefetch/i.test(String(el.properties?.rel ?? ''))) {
      const href = String(el.properties?.href ?? '');
      if (href.includes('{{') || href.startsWith('data:')) return;
      reporter.report(place, 'css-import', { url: href || '(no URL)' });
      return;
    }
    for (const [name, value] of Object.entries(el.properties ?? {})) {
      if (/^on/i.test(name)) reporter.report(place, 'template-html', { what: `${name.toLowerCase()}= on <${el.tagName}>` });
      if (name === 'style') checkCss({ css: String(value), base: 0, at: () => place, brief, reporter });
      if (!URL_ATTRIBUTES.includes(name)) continue;
      const url = String(Array.isArray(value) ? value.join(' ') : value).trim();
      if (/^\s*(javascript|vbscript):/i.test(url)) reporter.report(place, 'link-javascript');
      else if (el.tagName !== 'a' && REMOTE.test(url)) reporter.report(place, 'remote-resource', { url });
    }
  });
}
