// Stamp Chromium's PDF with the brief's metadata and a fixed date, so the same sources give the
// same bytes. The structure tree, outline, links and fonts are carried over untouched.
//
// Every PDF gets the document-level parts of PDF/UA-1: an XMP packet (pdfuaid:part 1, dc:title,
// dc:language…), /Lang, DisplayDocTitle (with /Direction /R2L for a right-to-left language, so
// viewers lay out two-page spreads right to left) and /MarkInfo. `pdfa` (a released edition) adds what
// PDF/A-2u asks of the document: pdfaid in the XMP and an sRGB output intent.
//
// Fast path: Chromium (Skia) writes a classic xref table and an uncompressed Info dictionary, so we
// overwrite its two clock dates in place (same length) and append an incremental update with a new
// Info dictionary, the XMP stream, a catalog revision and a content-derived /ID. That
// costs microseconds where re-serialising with pdf-lib costs more than the print itself. Any other
// shape of file falls back to pdf-lib.
import { ParseSpeeds, PDFArray, PDFBool, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, ReadingDirection } from 'pdf-lib';
import type { PrintOptions } from '../types.ts';
import { sha256 } from '../hash.ts';
import { textDirection } from '../render/direction.ts';
import { srgbProfile, SRGB_IDENTIFIER } from './icc.ts';
import { xmpPacket, type XmpFields } from './xmp.ts';

export type Metadata = Pick<PrintOptions, 'title' | 'authors' | 'subject' | 'keywords' | 'language' | 'date'> & Pick<PrintOptions, 'pdfa'>;

const CREATOR = 'briefkit';

function xmpFields(o: Metadata, engine: string | undefined): XmpFields {
  return {
    title: o.title,
    author: o.authors.join('; '),
    subject: o.subject,
    keywords: o.keywords.join(', '),
    language: o.language,
    creatorTool: CREATOR,
    producer: engine ? `${CREATOR} (${engine})` : CREATOR,
    date: o.date,
    pdfa: !!o.pdfa,
  };
}

/** `idsStable`: the node ids were already renumbered (renumberNodeIds), so the file need not be scanned again. */
export async function stampMetadata({ pdf, options, idsStable = false }: { pdf: Uint8Array; options: Metadata; idsStable?: boolean }): Promise<Uint8Array> {
  const stable = idsStable ? pdf : stableNodeIds(pdf);
  return incremental(stable, options) ?? (await rewrite(stable, options));
}

/**
 * Tagged PDFs name structure elements after Chromium's DOM node ids (`/ID (node00000276)`, used by
 * table /Headers and the /IDTree), a counter shared by every page the browser ever opened. Renumber
 * them 0, 1, 2 … in their original order and at the same width: the name tree stays sorted and every
 * byte offset stays valid.
 */
export function stableNodeIds(pdf: Uint8Array): Uint8Array {
  return renumberNodeIds(pdf).pdf;
}

/** stableNodeIds, with the new name of each old one (`node00000276` → `node00000000`). */
export function renumberNodeIds(pdf: Uint8Array): { pdf: Uint8Array; renamed: Map<string, string> } {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const pattern = /\(node(\d{8})\)/g;
  const ids = [...new Set(Array.from(text.matchAll(pattern), (m) => m[1]))].sort();
  if (!ids.length) return { pdf, renamed: new Map() };
  const renamed = new Map(ids.map((id, i) => [`node${id}`, `node${String(i).padStart(8, '0')}`]));
  return { pdf: new Uint8Array(Buffer.from(text.replace(pattern, (_, id: string) => `(${renamed.get(`node${id}`)})`), 'latin1')), renamed };
}

/** D:YYYYMMDDHHmmSS+00'00' in UTC: the same 23 characters Skia writes, so it can replace them in place. */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/** A PDF text string: literal when printable ASCII, else UTF-16BE with a byte-order mark. */
function pdfText(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => '\\' + c)})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function fileId(bytes: Uint8Array, o: Metadata): string {
  const meta = JSON.stringify([o.title, o.authors, o.subject, o.keywords, o.language, o.date.toISOString(), !!o.pdfa]);
  return sha256(bytes, meta).slice(0, 32).toUpperCase();
}

function incremental(pdf: Uint8Array, o: Metadata): Uint8Array | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const tail = text.slice(-2048);
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const tr = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(tail);
  if (!sx || !tr) return null;
  const prev = Number(sx[1]);
  const trailer = tr[1];
  if (!text.startsWith('xref', prev) || /\/(Encrypt|Prev|XRefStm)\b/.test(trailer)) return null;
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const root = /\/Root\s+(\d+)\s+0\s+R/.exec(trailer);
  const info = /\/Info\s+(\d+)\s+0\s+R/.exec(trailer);
  if (!size || !root || !info) return null;

  const object = (num: string) => {
    const m = new RegExp(`(?:^|[\\r\\n])${num} 0 obj\\s*(<<[\\s\\S]*?>>)\\s*endobj`).exec(text);
    return m ? { dict: m[1], at: m.index + m[0].indexOf('<<') } : null;
  };
  const infoObj = object(info[1]);
  const catalog = object(root[1]);
  if (!infoObj || !catalog || !/\/Type\s*\/Catalog/.test(catalog.dict)) return null;

  // Overwrite the clock dates in the old Info dictionary, byte for byte.
  const out = Buffer.from(pdf);
  const date = pdfDate(o.date);
  for (const m of infoObj.dict.matchAll(/\/(?:CreationDate|ModDate)\s*\((D:[^)]*)\)/g)) {
    if (m[1].length !== date.length) return null;
    out.write(date, infoObj.at + m.index! + m[0].indexOf('D:'), 'latin1');
  }
  const producer = /\/Producer\s*\(([^)]*)\)/.exec(infoObj.dict)?.[1];

  const id = fileId(out, o);
  const meta = xmpFields(o, producer);
  const n = Number(size[1]);
  const [infoNum, xmpNum, iccNum] = [n, n + 1, n + 2];
  const fields = [
    `/Title ${pdfText(meta.title)}`,
    `/Author ${pdfText(meta.author)}`,
    `/Subject ${pdfText(meta.subject)}`,
    `/Keywords ${pdfText(meta.keywords)}`,
    `/Creator ${pdfText(meta.creatorTool)}`,
    `/Producer ${pdfText(meta.producer)}`,
    `/CreationDate (${date})`,
    `/ModDate (${date})`,
  ];
  let cat = catalog.dict.slice(0, -2).replace(/\/(Metadata|OutputIntents)\s+\d+\s+0\s+R/g, '');
  if (!/\/Lang\b/.test(cat)) cat += `\n/Lang ${pdfText(o.language)}`;
  const rtl = textDirection(o.language) === 'rtl';
  if (!/\/ViewerPreferences\b/.test(cat)) cat += `\n/ViewerPreferences <</DisplayDocTitle true${rtl ? ' /Direction /R2L' : ''}>>`;
  else if (rtl && !/\/Direction\b/.test(cat)) {
    if (!/\/ViewerPreferences\s*<</.test(cat)) return null; // an indirect dictionary: pdf-lib edits it
    cat = cat.replace(/\/ViewerPreferences\s*<</, (m) => `${m}/Direction /R2L `);
  }
  if (!/\/MarkInfo\b/.test(cat)) cat += '\n/MarkInfo <</Marked true>>';
  cat += `\n/Metadata ${xmpNum} 0 R`;
  if (o.pdfa) cat += `\n/OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier ${pdfText(SRGB_IDENTIFIER)} /Info ${pdfText(SRGB_IDENTIFIER)} /DestOutputProfile ${iccNum} 0 R>>]`;
  cat += '>>';

  let body = '\n';
  const offsets: [number, number][] = [];
  const add = (num: number, dict: string, stream?: Uint8Array) => {
    offsets.push([num, out.length + Buffer.byteLength(body, 'latin1')]);
    // A stream's bytes travel as latin1 characters, one per byte.
    const data = stream ? `\nstream\n${Buffer.from(stream).toString('latin1')}\nendstream` : '';
    body += `${num} 0 obj\n${dict}${data}\nendobj\n`;
  };
  add(Number(root[1]), cat);
  add(infoNum, `<<${fields.join('\n')}>>`);
  const xmp = Buffer.from(xmpPacket(meta), 'utf8');
  add(xmpNum, `<</Type /Metadata /Subtype /XML /Length ${xmp.length}>>`, xmp);
  if (o.pdfa) {
    const icc = srgbProfile();
    add(iccNum, `<</N 3 /Length ${icc.length}>>`, icc);
  }
  const last = o.pdfa ? iccNum : xmpNum;
  const xrefAt = out.length + Buffer.byteLength(body, 'latin1');
  body += 'xref\n';
  for (const [num, off] of offsets.sort((a, b) => a[0] - b[0])) body += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<</Size ${last + 1}\n/Root ${root[1]} 0 R\n/Info ${infoNum} 0 R\n/ID [<${id}> <${id}>]\n/Prev ${prev}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([out, Buffer.from(body, 'latin1')]));
}

async function rewrite(pdf: Uint8Array, o: Metadata): Promise<Uint8Array> {
  // updateMetadata: false, or pdf-lib stamps its own Producer and the current time.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const meta = xmpFields(o, doc.getProducer());
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords([meta.keywords]);
  doc.setCreator(meta.creatorTool);
  doc.setProducer(meta.producer);
  doc.setCreationDate(o.date);
  doc.setModificationDate(o.date);
  if (!doc.catalog.get(PDFName.of('Lang'))) doc.setLanguage(o.language);
  if (!doc.catalog.get(PDFName.of('MarkInfo'))) doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: PDFBool.True }));
  const xmp = doc.context.stream(Buffer.from(xmpPacket(meta), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  if (o.pdfa) {
    const icc = doc.context.register(doc.context.stream(srgbProfile(), { N: PDFNumber.of(3) }));
    const intent = doc.context.obj({ Type: 'OutputIntent', S: 'GTS_PDFA1', OutputConditionIdentifier: PDFString.of(SRGB_IDENTIFIER), Info: PDFString.of(SRGB_IDENTIFIER), DestOutputProfile: icc });
    doc.catalog.set(PDFName.of('OutputIntents'), doc.context.obj([intent]));
  }
  if (textDirection(o.language) === 'rtl') doc.catalog.getOrCreateViewerPreferences().setReadingDirection(ReadingDirection.R2L);
  const id = fileId(pdf, o);
  const ids = PDFArray.withContext(doc.context);
  ids.push(PDFHexString.of(id));
  ids.push(PDFHexString.of(id));
  doc.context.trailerInfo.ID = ids;
  return doc.save({ useObjectStreams: true, objectsPerTick: Infinity });
}
