// What a link in a brief may point at — one rule for markdown, raw HTML, template partials and
// the final guard over every HTML the tool writes.
/** Schemes a reader's link may use; anything else (file:, ftp:, data:…) is refused at its place. */
const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];
/**
 * The URL as a browser reads it (WHATWG URL parsing): without leading and trailing controls and
 * spaces, and with every tab and line break removed, so "jav&#x09;ascript:" is javascript:.
 */
export function urlAsRead(url: string): string {
  return url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/** Whether the URL runs script when followed (javascript:, vbscript:, an HTML data: URL). */
export function isScriptUrl(url: string): boolean {
  return /^(javascript|vbscript|data:text\/html)/i.test(urlAsRead(url));
}

/** The URL's scheme when it is one a link may not use, else null (no scheme: a relative link). */
export function badLinkScheme(url: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(urlAsRead(url))?.[1]?.toLowerCase();
  return scheme !== undefined && !LINK_SCHEMES.includes(scheme) ? scheme : null;
}
