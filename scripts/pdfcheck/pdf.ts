// What the checks read from a PDF, through pdf-lib: the catalog, the XMP packet, the Info
// dictionary, the structure tree (with each element's page), the pages' fonts, link annotations
// and transparency. Read once; the rules in ua.ts and pdfa.ts only look.
//
// A file with classic xref tables (what Chromium writes, and our incremental update after it) is
// read lazily: each object is parsed the first time a rule looks it up, so the content streams,
// font files and images no rule reads are never parsed. Any other file is loaded whole.
import {
  decodePDFRawStream,
  ParseSpeeds,
  PDFArray,
  PDFBool,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { flatten, type LinkAnnot, type StructElem } from './structure.ts';

export type { LinkAnnot, StructElem } from './structure.ts';

export interface FontUse {
  name: string;
  subtype: string;
  /** The first page that uses it; null when not looked up (every font of the file is fine). */
  page: number | null;
  embedded: boolean;
  unicode: boolean;
}

export class PdfFile {
  readonly pageRefs: PDFRef[];
  private readonly pageOf = new Map<PDFRef, number>();

  private constructor(
    readonly doc: PDFDocument,
    /** Every font dictionary of the file, found without walking the pages; null when not known. */
    private readonly fontDicts: (() => PDFDict[] | null) | null = null,
  ) {
    this.pageRefs = doc.getPages().map((p) => p.ref);
    this.pageRefs.forEach((ref, i) => this.pageOf.set(ref, i + 1));
  }

  static async load(bytes: Uint8Array): Promise<PdfFile> {
    return lazyDocument(bytes) ?? new PdfFile(await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false, parseSpeed: ParseSpeeds.Fastest }));
  }

  /** @internal lazyDocument's way in. */
  static of(doc: PDFDocument, fontDicts?: () => PDFDict[] | null): PdfFile {
    return new PdfFile(doc, fontDicts ?? null);
  }

  get catalog(): PDFDict {
    return this.doc.catalog;
  }

  get encrypted(): boolean {
    return this.doc.context.trailerInfo.Encrypt !== undefined;
  }

  /** Follows references; undefined for a missing key or PDF null. */
  get(dict: PDFDict | undefined, key: string): PDFObject | undefined {
    const v = dict?.get(PDFName.of(key));
    return v instanceof PDFRef ? this.doc.context.lookup(v) : v;
  }

  dict(from: PDFDict | undefined, key: string): PDFDict | undefined {
    const v = this.get(from, key);
    return v instanceof PDFDict ? v : v instanceof PDFStream ? v.dict : undefined;
  }

  array(from: PDFDict | undefined, key: string): PDFArray | undefined {
    const v = this.get(from, key);
    return v instanceof PDFArray ? v : undefined;
  }

  name(from: PDFDict | undefined, key: string): string | undefined {
    const v = this.get(from, key);
    return v instanceof PDFName ? v.decodeText() : undefined;
  }

  text(from: PDFDict | undefined, key: string): string | undefined {
    const v = this.get(from, key);
    return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
  }

  bool(from: PDFDict | undefined, key: string): boolean | undefined {
    const v = this.get(from, key);
    return v instanceof PDFBool ? v.asBoolean() : undefined;
  }

  number(from: PDFDict | undefined, key: string): number | undefined {
    const v = this.get(from, key);
    return v instanceof PDFNumber ? v.asNumber() : undefined;
  }

  resolve(v: PDFObject | undefined): PDFObject | undefined {
    return v instanceof PDFRef ? this.doc.context.lookup(v) : v;
  }

  /** The decoded bytes of a stream (FlateDecode and the other filters pdf-lib knows). */
  streamBytes(stream: PDFObject | undefined): Uint8Array | null {
    const s = this.resolve(stream);
    if (!(s instanceof PDFRawStream)) return null;
    try {
      return decodePDFRawStream(s).decode();
    } catch {
      return null;
    }
  }

  /** The catalog's XMP packet, as text. */
  xmp(): string | null {
    const bytes = this.streamBytes(this.catalog.get(PDFName.of('Metadata')));
    return bytes ? Buffer.from(bytes).toString('utf8') : null;
  }

  info(): Record<string, string> {
    const info = this.resolve(this.doc.context.trailerInfo.Info);
    const out: Record<string, string> = {};
    if (!(info instanceof PDFDict)) return out;
    for (const [k, v] of info.entries()) {
      const r = this.resolve(v);
      if (r instanceof PDFString || r instanceof PDFHexString) out[k.decodeText()] = r.decodeText();
    }
    return out;
  }

  pageNumber(ref: PDFObject | undefined): number | null {
    return ref instanceof PDFRef ? (this.pageOf.get(ref) ?? null) : null;
  }

  /** The structure tree's top elements, in document order; null when there is no StructTreeRoot. */
  structTree(): StructElem[] | null {
    const root = this.dict(this.catalog, 'StructTreeRoot');
    if (!root) return null;
    const roles = this.dict(root, 'RoleMap');
    const standard = (type: string) => {
      // A role maps to another role or a standard type; follow a few steps, no cycles.
      let t = type;
      for (let i = 0; i < 8; i++) {
        const next = this.name(roles, t);
        if (!next || next === t) break;
        t = next;
      }
      return t;
    };
    const walk = (v: PDFObject | undefined, seen: Set<PDFObject>): { elems: StructElem[]; page: number | null } => {
      const obj = this.resolve(v);
      if (!obj || seen.has(obj)) return { elems: [], page: null };
      if (obj instanceof PDFArray) {
        const elems: StructElem[] = [];
        let page: number | null = null;
        for (const item of obj.asArray()) {
          const r = walk(item, seen);
          elems.push(...r.elems);
          page ??= r.page;
        }
        return { elems, page };
      }
      if (!(obj instanceof PDFDict)) return { elems: [], page: null };
      seen.add(obj);
      const own = this.pageNumber(obj.get(PDFName.of('Pg')));
      const s = this.name(obj, 'S');
      if (!s) return { elems: [], page: own }; // a marked-content or object reference
      const inner = walk(obj.get(PDFName.of('K')), seen);
      const page = own ?? inner.page;
      const elem: StructElem = { type: standard(s), page, kids: inner.elems, alt: this.text(obj, 'Alt') ?? null, actualText: this.text(obj, 'ActualText') ?? null, id: this.text(obj, 'ID') ?? null, attributes: this.attributeKeys(obj) };
      return { elems: [elem], page };
    };
    return walk(root.get(PDFName.of('K')), new Set()).elems;
  }

  /** Every element of the tree, depth first, in document order. */
  static flatten(elems: StructElem[]): StructElem[] {
    return flatten(elems);
  }

  /** The keys of an element's attribute dictionaries (/A: a dictionary or an array of them). */
  private attributeKeys(elem: PDFDict): string[] {
    const a = this.resolve(elem.get(PDFName.of('A')));
    const dicts = a instanceof PDFArray ? a.asArray().map((x) => this.resolve(x)) : [a];
    return dicts.flatMap((d) => (d instanceof PDFDict ? d.keys().map((k) => k.decodeText()) : []));
  }

  /** The ParentTree's entries (a number tree), by key. */
  parentTree(): Map<number, PDFObject> {
    const out = new Map<number, PDFObject>();
    const root = this.dict(this.dict(this.catalog, 'StructTreeRoot'), 'ParentTree');
    const walk = (node: PDFDict | undefined, depth: number) => {
      if (!node || depth > 32) return;
      const nums = this.array(node, 'Nums')?.asArray() ?? [];
      for (let i = 0; i + 1 < nums.length; i += 2) {
        const k = this.resolve(nums[i]);
        if (k instanceof PDFNumber) out.set(k.asNumber(), nums[i + 1]);
      }
      for (const kid of this.array(node, 'Kids')?.asArray() ?? []) {
        const d = this.resolve(kid);
        if (d instanceof PDFDict) walk(d, depth + 1);
      }
    };
    walk(root, 0);
    return out;
  }

  links(): LinkAnnot[] {
    const parents = this.parentTree();
    const out: LinkAnnot[] = [];
    this.doc.getPages().forEach((p, i) => {
      for (const a of this.array(p.node, 'Annots')?.asArray() ?? []) {
        const annot = this.resolve(a);
        if (!(annot instanceof PDFDict) || this.name(annot, 'Subtype') !== 'Link') continue;
        const key = this.number(annot, 'StructParent');
        const parent = key === undefined ? undefined : this.resolve(parents.get(key));
        out.push({ page: i + 1, contents: this.text(annot, 'Contents') ?? null, parentType: parent instanceof PDFDict ? (this.name(parent, 'S') ?? null) : null });
      }
    });
    return out;
  }

  /** The resource dictionaries a page draws with: its own, and those of its forms and Type 3 fonts. */
  private resourceTree(resources: PDFDict | undefined, seen: Set<PDFDict>): PDFDict[] {
    if (!resources || seen.has(resources)) return [];
    seen.add(resources);
    const out = [resources];
    for (const group of ['XObject', 'Font']) {
      const d = this.dict(resources, group);
      for (const [, v] of d?.entries() ?? []) {
        const x = this.resolve(v);
        const dict = x instanceof PDFStream ? x.dict : x instanceof PDFDict ? x : undefined;
        out.push(...this.resourceTree(this.dict(dict, 'Resources'), seen));
      }
    }
    return out;
  }

  pageResources(): { page: number; node: PDFDict; resources: PDFDict[] }[] {
    return this.doc.getPages().map((p, i) => {
      const own = p.node.Resources();
      return { page: i + 1, node: p.node, resources: this.resourceTree(own, new Set()) };
    });
  }

  /**
   * Each font once, on the first page that uses it. The walk through every page's resources and
   * forms is most of a check's time: when the file's font dictionaries can be listed directly and
   * all are fine, they are the answer, without pages.
   */
  fonts(): FontUse[] {
    const listed = this.fontDicts?.()
      // A descendant (CID) font is checked through the Type0 font that uses it.
      ?.filter((f) => !/^CIDFontType[02]$/.test(this.name(f, 'Subtype') ?? ''))
      .map((f) => ({ ...this.describeFont(f), page: null }));
    if (listed?.every((f) => f.embedded && f.unicode)) return listed;
    const seen = new Set<PDFObject>();
    const out: FontUse[] = [];
    for (const { page, resources } of this.pageResources()) {
      for (const res of resources) {
        for (const [, v] of this.dict(res, 'Font')?.entries() ?? []) {
          const font = this.resolve(v);
          if (!(font instanceof PDFDict) || seen.has(font)) continue;
          seen.add(font);
          out.push({ ...this.describeFont(font), page });
        }
      }
    }
    return out;
  }

  private describeFont(font: PDFDict): Omit<FontUse, 'page'> {
    const subtype = this.name(font, 'Subtype') ?? '?';
    const name = (this.name(font, 'BaseFont') ?? this.name(font, 'Name') ?? subtype).replace(/^[A-Z]{6}\+/, '');
    const descendant = this.resolve(this.array(font, 'DescendantFonts')?.get(0));
    const descriptor = this.dict(subtype === 'Type0' && descendant instanceof PDFDict ? descendant : font, 'FontDescriptor');
    // Type 3 glyphs are drawn by the file's own content streams: nothing to embed.
    const embedded = subtype === 'Type3' || ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)));
    // A simple font with a standard encoding maps to Unicode through its glyph names.
    const standardEncoding = subtype !== 'Type0' && subtype !== 'Type3' && ['WinAnsiEncoding', 'MacRomanEncoding', 'StandardEncoding'].includes(this.name(font, 'Encoding') ?? '');
    return { name, subtype, embedded, unicode: font.has(PDFName.of('ToUnicode')) || standardEncoding };
  }

  /** Every dictionary in the file (and every stream's dictionary), for scans such as actions. */
  *dictionaries(): Generator<PDFDict> {
    for (const [, obj] of this.doc.context.enumerateIndirectObjects()) {
      const d = obj instanceof PDFStream ? obj.dict : obj instanceof PDFDict ? obj : null;
      if (!d) continue;
      yield* this.nested(d, 0);
    }
  }

  private *nested(d: PDFDict, depth: number): Generator<PDFDict> {
    yield d;
    if (depth > 4) return;
    for (const [, v] of d.entries()) {
      if (v instanceof PDFDict) yield* this.nested(v, depth + 1);
      else if (v instanceof PDFArray) for (const item of v.asArray()) if (item instanceof PDFDict) yield* this.nested(item, depth + 1);
    }
  }

  /** Named destinations, from the catalog's /Dests and the /Names /Dests name tree. */
  destinationNames(): string[] {
    const names: string[] = [];
    for (const [k] of this.dict(this.catalog, 'Dests')?.entries() ?? []) names.push(k.decodeText());
    const walk = (node: PDFDict | undefined, depth: number) => {
      if (!node || depth > 32) return;
      const list = this.array(node, 'Names')?.asArray() ?? [];
      for (let i = 0; i < list.length; i += 2) {
        const k = this.resolve(list[i]);
        if (k instanceof PDFString || k instanceof PDFHexString) names.push(k.decodeText());
      }
      for (const kid of this.array(node, 'Kids')?.asArray() ?? []) walk(this.resolve(kid) as PDFDict | undefined, depth + 1);
    };
    walk(this.dict(this.dict(this.catalog, 'Names'), 'Dests'), 0);
    return names;
  }
}

/** The text of an XMP property: a simple element, an attribute, or the first rdf:li of an Alt/Seq/Bag. */
export function xmpProperty(xmp: string, name: string): string | null {
  const q = name.replace(':', '\\:');
  const element = new RegExp(`<${q}(?:\\s[^>]*)?>([\\s\\S]*?)</${q}>`).exec(xmp);
  const attribute = new RegExp(`\\s${q}\\s*=\\s*(["'])([\\s\\S]*?)\\1`).exec(xmp);
  const raw = element ? (/<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(element[1])?.[1] ?? element[1]) : (attribute?.[2] ?? null);
  if (raw === null) return null;
  return raw
    .trim()
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/**
 * The PDF as a pdf-lib document whose objects are parsed on first lookup, from the offsets of its
 * classic xref tables (newest first, following /Prev). Null for any other shape of file (an xref
 * stream, encryption, a table that does not point at objects), which is then loaded whole.
 */
function lazyDocument(bytes: Uint8Array): PdfFile | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const context = PDFContext.create();
  const offsets = new Map<number, number>();
  let trailer: PDFDict | null = null;
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
  let at = sx ? Number(sx[1]) : -1;
  for (let sections = 0; at >= 0; sections++) {
    if (sections > 64 || !text.startsWith('xref', at)) return null;
    const rows = /\s*(\d+)\s+(\d+)[ \t]*\r?\n/y;
    const row = /(\d{10}) (\d{5}) ([nf])[ \t\r\n]{1,2}/y;
    let i = at + 4;
    for (;;) {
      rows.lastIndex = i;
      const sub = rows.exec(text);
      if (!sub) break;
      i = rows.lastIndex;
      for (let n = 0; n < Number(sub[2]); n++) {
        row.lastIndex = i;
        const r = row.exec(text);
        if (!r) return null;
        i = row.lastIndex;
        const num = Number(sub[1]) + n;
        if (!offsets.has(num)) offsets.set(num, r[3] === 'n' ? Number(r[1]) : -1); // a newer section wins
      }
    }
    const tr = /\s*trailer\s*/y;
    tr.lastIndex = i;
    if (!tr.exec(text)) return null;
    let dict: PDFObject;
    try {
      dict = PDFObjectParser.forBytes(bytes.subarray(tr.lastIndex), context).parseObject();
    } catch {
      return null;
    }
    if (!(dict instanceof PDFDict) || dict.has(PDFName.of('XRefStm')) || dict.has(PDFName.of('Encrypt'))) return null;
    trailer ??= dict;
    const prev = dict.get(PDFName.of('Prev'));
    at = prev instanceof PDFNumber ? prev.asNumber() : -1;
  }
  if (!trailer) return null;

  const header = /\s*(\d+)\s+(\d+)\s+obj\s*/y;
  const parse = (num: number): PDFObject | undefined => {
    const offset = offsets.get(num);
    if (offset === undefined || offset < 0) return undefined;
    header.lastIndex = offset;
    const h = header.exec(text);
    if (!h || Number(h[1]) !== num) return undefined;
    try {
      return PDFObjectParser.forBytes(bytes.subarray(header.lastIndex), context).parseObject();
    } catch {
      return undefined; // as a full load with throwOnInvalidObject: false leaves it out
    }
  };
  // pdf-lib looks every indirect object up in this map: fill it as lookups come.
  class LazyObjects extends Map<PDFRef, PDFObject> {
    get(ref: PDFRef): PDFObject | undefined {
      if (!super.has(ref) && offsets.has(ref.objectNumber)) {
        const obj = ref.generationNumber === 0 ? parse(ref.objectNumber) : undefined;
        offsets.delete(ref.objectNumber);
        if (obj) super.set(ref, obj);
      }
      return super.get(ref);
    }
    // Enumerating (the PDF/A action scan) reads every object first.
    entries(): MapIterator<[PDFRef, PDFObject]> {
      for (const num of [...offsets.keys()]) this.get(PDFRef.of(num, 0));
      return super.entries();
    }
  }
  const objects = new LazyObjects();
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  context.largestObjectNumber = Math.max(0, ...offsets.keys());
  const get = (key: string) => trailer!.get(PDFName.of(key));
  context.trailerInfo = { Root: get('Root'), Info: get('Info'), ID: get('ID'), Encrypt: get('Encrypt') };
  if (!(context.lookup(context.trailerInfo.Root) instanceof PDFDict)) return null;
  // PDFDocument's constructor is private in its types; it only reads the context.
  const Doc = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return PdfFile.of(new Doc(context, true, false), () => fontDictionaries(text, offsets, context));
}

/**
 * The objects whose dictionary says /Type /Font, found in the file's text (a font is always an
 * indirect object of its own in what Chromium writes). Null when a match is not such an object
 * (a font dictionary nested in another object, or bytes of a stream): then only a walk finds them.
 */
function fontDictionaries(text: string, offsets: Map<number, number>, context: PDFContext): PDFDict[] | null {
  const starts = [...offsets].filter(([, at]) => at >= 0).sort((a, b) => a[1] - b[1]);
  const out: PDFDict[] = [];
  for (const m of text.matchAll(/\/Type\s*\/Font(?![^\s()<>[\]{}/%])/g)) {
    // The object the match is in: the last one starting before it.
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][1] <= m.index) lo = mid + 1;
      else hi = mid;
    }
    if (!lo) return null;
    const obj = context.lookup(PDFRef.of(starts[lo - 1][0], 0));
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) return null;
    out.push(obj);
  }
  return [...new Set(out)];
}
