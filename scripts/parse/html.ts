// Raw HTML in markdown: report what the sanitizer will refuse, so the author hears about it.
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import type { Reporter } from '../messages.ts';
import type { Place } from '../types.ts';
import { badLinkScheme, isScriptUrl, urlAsRead } from '../config/urls.ts';

const FORBIDDEN = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base', 'form', 'input', 'button', 'textarea', 'select', 'link', 'meta', 'style']);
const URL_ATTRIBUTES = ['src', 'href', 'srcSet', 'poster', 'data', 'action', 'formAction', 'xLinkHref'];

export const isRemote = (url: string) => /^(https?:|ftp:|wss?:)?\/\//i.test(urlAsRead(url));

export function checkRawHtml({ html, place, reporter }: { html: string; place: Place; reporter: Reporter }): void {
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
