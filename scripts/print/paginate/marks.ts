// Structure the accessibility tree cannot say, passed from the paginator to print/tags.ts. Shared by
// both sides.
//
// Chromium's tagged PDF has no Note type, so the paginator labels each footnote as a figure whose
// name carries this mark and the note's id, and print/tags.ts turns every such Figure into a Note
// with that /ID.

export const NOTE_MARK = 'briefkit:note ';

/** The aria-label that makes a note's element a Note with /ID `id` in the PDF. */
export const noteLabel = (id: string): string => NOTE_MARK + id;

/** The note id a Figure's /Alt carries, or null when it is a real figure. */
export const noteIdOf = (alt: string): string | null => (alt.startsWith(NOTE_MARK) ? alt.slice(NOTE_MARK.length) : null);

/**
 * The structure type Chromium gives an element a page break split (printing/common/
 * metafile_utils.cc), so print/tags.ts can join its two parts: "" for what has no element of its
 * own in the tree print/tags.ts leaves (wrappers, NonStruct), "?" for what this does not know.
 */
export function structureType(el: Element): string {
  const role = el.getAttribute('role');
  if (role === 'none' || role === 'presentation' || role === 'note' || role === 'region') return '';
  if (role === 'group') return 'Div';
  if (role) return '?';
  const tag = el.tagName;
  if (/^H[1-6]$/.test(tag)) return '?'; // the level follows aria-level and the outline
  const known: Record<string, string> = { ARTICLE: 'Art', P: 'P', UL: 'L', OL: 'L', LI: 'LI', TABLE: 'Table', TR: 'TR', TD: 'TD', TH: 'TH', BLOCKQUOTE: 'BlockQuote', EM: 'Em', STRONG: 'Strong', CODE: 'Code', CAPTION: 'Caption', FIGCAPTION: 'Caption' };
  if (known[tag]) return known[tag];
  if (tag === 'A') return el.hasAttribute('href') ? 'Link' : '';
  if (['DIV', 'SECTION', 'SPAN', 'SUP', 'SUB', 'TBODY', 'THEAD', 'NAV', 'MAIN', 'ASIDE', 'HEADER', 'FOOTER', 'SMALL', 'B', 'I', 'U', 'MARK'].includes(tag)) return '';
  return '?';
}

/**
 * What an internal link leads to, for its annotation's /Contents: a note by its number, a heading
 * by its text, a figure or table by its caption; by the id itself otherwise.
 */
export function describeTarget(el: Element): string {
  const fn = el.getAttribute('data-fn');
  if (fn) return `note ${fn}`;
  const text = (e: Element | null) => (e?.textContent || '').replace(/\s+/g, ' ').trim();
  const named = /^H[1-6]$/.test(el.tagName) ? el : el.querySelector('h1, h2, h3, h4, h5, h6, figcaption, caption');
  const label = text(named) || el.getAttribute('aria-label') || el.id;
  return label.length > 120 ? label.slice(0, 119) + '…' : label;
}
