// What a link in a brief may point at — one rule for markdown, raw HTML, template partials and
// the final guard over every HTML the tool writes.
/** Schemes a reader's link may use; anything else (file:, ftp:, data:…) is refused at its place. */
const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];
/** The URL's scheme when it is one a link may not use, else null (no scheme: a relative link). */
export function badLinkScheme(url: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && !LINK_SCHEMES.includes(scheme) ? scheme : null;
}
