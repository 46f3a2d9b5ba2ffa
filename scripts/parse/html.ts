// Raw HTML in markdown: report what the sanitizer will refuse, so the author hears about it.
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import type { Reporter } from '../messages.ts';
import type { Place } from '../types.ts';
import { badLinkScheme, isScriptUrl, urlAsRead } from '../config/urls.ts';

const FORBIDDEN = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base', 'form', 'input', 'button', 'textarea', 'select', 'link', 'meta', 'style']);
const URL_ATTRIBUTES = ['src', 'href', 'srcSet', 'poster', 'data', 'action', 'formAction', 'xLinkHref'];

export const isRemote = (url: string) => /^(https?:|ftp:|wss?:)?\/\//i.test(urlAsRead(url));

// The HTML parser (parse5 through hast, ~25 ms to load) loads only for a chapter whose raw HTML is
// more than plain phrasing tags: most chapters have none, or a <span lang> at most.
let fromHtml: typeof import('hast-util-from-html').fromHtml | null = null;

export async function loadHtmlParser(): Promise<void> {
  fromHtml ??= (await import('hast-util-from-html')).fromHtml;
}

/**
 * A start or end tag that checkRawHtml can never object to: a phrasing element that is not
 * forbidden (nor `image`, which HTML parses as <img>) with only attributes that load nothing; on
 * one line, since a blockquote's or list's markers inside a tag are not in its HTML node's value.
 */
const PLAIN_TAG = /<\/?(?:span|abbr|sub|sup|b|i|em|strong|small|mark|q|s|u|kbd|code|cite|dfn|var|samp|bdi|bdo|br|wbr)(?:[ \t]+(?:lang|dir|class|title|translate)="[^"<>&\r\n]*")*[ \t]*\/?>/gy;

/**
 * Whether `source` may hold raw HTML that needs the parser: any `<` that could open a tag,
 * comment or declaration other than a PLAIN_TAG. Text outside tags creates no element, and
 * entities decode to text, so HTML made only of plain tags and text never reports anything.
 */
export function needsHtmlParser(source: string): boolean {
  for (let i = source.indexOf('<'); i !== -1; i = source.indexOf('<', i + 1)) {
    if (!/[A-Za-z/!?]/.test(source.charAt(i + 1))) continue;
    PLAIN_TAG.lastIndex = i;
    if (!PLAIN_TAG.test(source)) return true;
  }
  return false;
}

/** What the sanitizer will remove from `html`, reported at `place`. Call loadHtmlParser() first unless !needsHtmlParser(source of html). */
export function checkRawHtml({ html, place, reporter }: { html: string; place: Place; reporter: Reporter }): void {
  if (!fromHtml) {
    if (!needsHtmlParser(html)) return;
    throw new Error('checkRawHtml: call loadHtmlParser() first');
  }
  const tree = fromHtml(html, { fragment: true });
  visit(tree, 'element', (el: Element) => {
    if (FORBIDDEN.has(el.tagName)) reporter.report(place, 'html-removed', { what: `<${el.tagName}>` });
    // The sanitizer drops raw <img> (its path would escape the checks): say so, and point to markdown.
    if (el.tagName === 'img' && !isRemote(String(el.properties?.src ?? ''))) reporter.report(place, 'html-removed', { what: '<img>' });
    for (const [name, value] of Object.entries(el.properties ?? {})) {
      if (/^on/i.test(name)) reporter.report(place, 'html-removed', { what: `${name.toLowerCase()}= on <${el.tagName}>` });
      if (name === 'style' && /url\(/i.test(String(value))) reporter.report(place, 'html-removed', { what: `style with url() on <${el.tagName}>` });
      if (!URL_ATTRIBUTES.includes(name)) continue;
      const url = String(Array.isArray(value) ? value.join(' ') : value);
      if (isScriptUrl(url)) reporter.report(place, 'link-javascript');
      else if (isRemote(url) && el.tagName !== 'a') reporter.report(place, 'remote-resource', { url });
      else if (name === 'href' && badLinkScheme(url)) reporter.report(place, 'link-scheme', { url });
    }
  });
}
