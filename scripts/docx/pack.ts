// The same sources must give the same .docx bytes. The docx library writes the clock into
// docProps/core.xml, random relationship ids for hyperlinks and images, and process-wide counters
// for drawing and bookmark ids and TOC bookmark names (so a second document in one process gets other numbers). This
// rewrites each of those to a value that depends only on the document, and zips the parts again in
// their order with one fixed date on every entry.
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { runIsRightToLeft } from './language.ts';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A local-time Date whose fields equal `date`'s UTC fields: zip entry times are local, so this makes them the same in any time zone. */
function zipTime(date: Date): Date {
  // Zip dates start in 1980.
  const d = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `word/_rels/document.xml.rels` → `word/document.xml`. */
function partOfRels(rels: string): string {
  return rels.replace(/_rels\/([^/]+)\.rels$/, '$1');
}

/** Renumbers `attr="…"` values in order of first appearance across `texts`, keeping pairs (start/end) together. */
function renumber(texts: Map<string, string>, pattern: RegExp, start: number): void {
  const ids = new Map<string, number>();
  for (const [name, text] of texts) {
    texts.set(
      name,
      text.replace(pattern, (_m, before: string, id: string, after: string) => {
        if (!ids.has(id)) ids.set(id, start + ids.size);
        return `${before}${ids.get(id)}${after}`;
      }),
    );
  }
}

/** Footnote references to mark as tracked (the docx library cannot put one inside w:ins/w:del). */
export interface TrackedRefs {
  inserted: Set<number>;
  deleted: Set<number>;
  author: string;
  date: string;
  /** Next free revision id. */
  nextId: number;
}

export function deterministicDocx(zip: Uint8Array, { date, language, tracked, rtl = false }: { date: Date; language: string; tracked?: TrackedRefs; rtl?: boolean }): Buffer {
  const entries = unzipSync(zip);
  const texts = new Map<string, string>();
  for (const [name, bytes] of Object.entries(entries)) if (/\.(xml|rels)$/.test(name)) texts.set(name, decoder.decode(bytes));

  // The clock → the edition's date; the language Word shows in File › Info.
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = texts.get('docProps/core.xml');
  if (core) {
    let fixed = core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
    if (!fixed.includes('<dc:language>')) fixed = fixed.replace('</cp:coreProperties>', `<dc:language>${escapeXml(language)}</dc:language></cp:coreProperties>`);
    texts.set('docProps/core.xml', fixed);
  }

  // A right-to-left document: every paragraph's default direction, so the ones Word makes itself
  // (the contents it fills in, footnote separators, a reviewer's new paragraphs) are too; the docx
  // library's document defaults have no such option.
  const styles = texts.get('word/styles.xml');
  if (rtl && styles) texts.set('word/styles.xml', rightToLeftDefaults(styles));
  const body = texts.get('word/document.xml');
  if (rtl && body) texts.set('word/document.xml', rightToLeftContents(body));

  // Relationship ids that are not already rIdN (random ones): rIdxN, per part, in order.
  for (const rels of [...texts.keys()].filter((n) => n.endsWith('.rels'))) {
    const map = new Map<string, string>();
    for (const m of texts.get(rels)!.matchAll(/Id="([^"]+)"/g)) if (!/^rId\d+$/.test(m[1]) && !map.has(m[1])) map.set(m[1], `rIdx${map.size + 1}`);
    if (!map.size) continue;
    const swap = (text: string) => text.replace(/"([^"]+)"/g, (whole, id: string) => (map.has(id) ? `"${map.get(id)}"` : whole));
    texts.set(rels, swap(texts.get(rels)!));
    const part = partOfRels(rels);
    if (texts.has(part)) texts.set(part, swap(texts.get(part)!));
  }

  if (tracked) {
    let id = tracked.nextId;
    const doc = texts.get('word/document.xml')!;
    texts.set(
      'word/document.xml',
      doc.replace(/<w:r>(<w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr>)?<w:footnoteReference w:id="(\d+)"\/><\/w:r>/g, (whole, _rpr, n: string) => {
        const kind = tracked.inserted.has(Number(n)) ? 'ins' : tracked.deleted.has(Number(n)) ? 'del' : null;
        return kind ? `<w:${kind} w:id="${id++}" w:author="${escapeXml(tracked.author)}" w:date="${tracked.date}">${whole}</w:${kind}>` : whole;
      }),
    );
  }

  // Process-wide counters → numbers in document order (drawing ids must be unique in the package).
  const content = new Map([...texts].filter(([n]) => /^word\/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$/.test(n)));
  renumber(content, /(<wp:docPr id=")(\d+)(")/g, 1);
  renumber(content, /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)(")/g, 1);
  // The TOC's own bookmarks are named from a counter too: _Toc8 → _Toc1…, wherever they are used.
  renumber(content, /(_Toc)(\d+)(\b)/g, 1);
  for (const [n, t] of content) texts.set(n, t);

  const mtime = zipTime(date);
  const files: Zippable = {};
  for (const name of Object.keys(entries)) files[name] = [texts.has(name) ? encoder.encode(texts.get(name)!) : entries[name], { mtime, level: 6 }];
  return Buffer.from(zipSync(files, { mtime }));
}

/** `<w:bidi/>` in the document defaults' paragraph properties (w:pPrDefault), made if missing. */
export function rightToLeftDefaults(styles: string): string {
  if (/<w:pPrDefault>\s*<w:pPr>/.test(styles)) return styles.replace(/(<w:pPrDefault>\s*<w:pPr>)/, '$1<w:bidi/>');
  if (styles.includes('<w:pPrDefault/>')) return styles.replace('<w:pPrDefault/>', '<w:pPrDefault><w:pPr><w:bidi/></w:pPr></w:pPrDefault>');
  if (styles.includes('<w:pPrDefault>')) return styles.replace('<w:pPrDefault>', '<w:pPrDefault><w:pPr><w:bidi/></w:pPr>');
  return styles.replace('</w:docDefaults>', '<w:pPrDefault><w:pPr><w:bidi/></w:pPr></w:pPrDefault></w:docDefaults>'); // after w:rPrDefault, as the schema orders them
}

/**
 * The contents' entries, which the docx library writes before Word refreshes the field, with their
 * right-to-left runs marked as the body's are (docx/language.ts runIsRightToLeft), for a reader that
 * shows them as written.
 */
function rightToLeftContents(xml: string): string {
  return xml.replace(/<w:sdt>[\s\S]*?<\/w:sdt>/g, (sdt) => sdt.replace(/<w:r>(<w:t(?: [^>]*)?>([^<]*)<\/w:t>)/g, (whole, t: string, text: string) => (runIsRightToLeft(text, true) ? `<w:r><w:rPr><w:rtl/></w:rPr>${t}` : whole)));
}
