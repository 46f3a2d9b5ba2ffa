// The structure tree Chromium writes, made what PDF/UA-1 asks for. Chromium maps the accessibility
// tree to tags (printing/common/metafile_utils.cc): every text run becomes a NonStruct of its own
// and every positioned or id-carrying box a NonStruct wrapper, a list item has no LBody, there is
// no Note type, and what is not in the accessibility tree (running header, folio, draft mark,
// rules, table borders) is drawn unmarked: neither content nor artifact. This pass, on the PDF:
//   - lifts every NonStruct's children into its parent (NonStruct means "no structure");
//   - turns the footnotes the paginator labelled (paginate/marks.ts) into Notes with an /ID;
//   - joins the two parts of what a page break split (a chapter's Art, a paragraph, a list), as
//     the paginator reports them (paginate/marks.ts), tables apart: their parts each keep a header row;
//   - gives each LI an LBody around what is not its Lbl;
//   - marks all unmarked page content as /Artifact (artifacts.ts, on a thread of its own);
//   - gives link annotations a /Contents;
// and rebuilds the ParentTree and IDTree from the new tree.
//
// It reads and writes Skia's file directly (one classic xref table, plain-text dictionaries): the
// unchanged objects are copied byte for byte, so it costs a fraction of a parse and re-serialise
// with pdf-lib. A file of any other shape is returned as it came. Deterministic: the same PDF in
// gives the same bytes out.
import { noteIdOf } from './paginate/marks.ts';
import type { ContentStream } from './artifacts.ts';
import { markContents } from './artifact-thread.ts';
import type { LinkAnnot, StructElem, Structure } from '../pdfcheck/structure.ts';

export interface TagStats {
  /** Structure elements before and after. */
  before: number;
  after: number;
}

/** A structure element while it is rebuilt; `dict` is its dictionary's entries, values as PDF text. */
interface Elem {
  num: number;
  dict: Map<string, string>;
  type: string;
  kids: Kid[];
}

/** Marked content on a page, an annotation (OBJR, kept as written), or a child element. */
type Kid = { elem: Elem } | { mcid: number; page: number } | { objr: string; annot: number };

export interface TagOptions {
  /** Per page (index 0 = page 1): the structure types its content continues, outermost first (PaginateResult.continues). */
  continues?: string[][];
  /** What each internal link leads to, by target id (PaginateResult.targets). */
  targets?: Record<string, string>;
}

/**
 * `structure`: the tree and link annotations as written, in the form the PDF/UA checker reads
 * (pdfcheck/structure.ts), so a build's own check need not parse them again; absent when the file
 * was returned as it came.
 */
export async function tagStructure(pdf: Uint8Array, options: TagOptions = {}): Promise<{ pdf: Uint8Array; stats: TagStats; structure?: Structure }> {
  const file = RawPdf.read(pdf);
  const none = { pdf, stats: { before: 0, after: 0 } };
  if (!file) return none;
  const catalog = file.dict(file.rootNum);
  const rootNum = refOf(catalog?.get('/StructTreeRoot'));
  const root = rootNum !== null ? file.dict(rootNum) : null;
  if (!root || rootNum === null) return none;

  const pages = file.pages();
  // The pages' content streams go to the artifact thread first: it marks them while this one
  // rebuilds the tree, and this one then takes those it has not started.
  const contents = pages.flatMap((page) => contentStreams(page, file));
  const marking = markContents(contents.map((c) => c.stream));

  const reader = new TreeReader(file);
  const top = reader.kidsOf(root.get('/K'), null);
  const notes = new Map<string, Elem>();
  const kids = top.flatMap((k) => restructure(k, notes)).filter((k): k is { elem: Elem } => 'elem' in k);
  if (options.continues) joinContinued(kids.length === 1 ? kids[0].elem.kids : kids, pages, options.continues);
  for (const k of kids) wrapListItems(k.elem, file);
  const kept = new Set(allElems(kids).map((e) => e.num));
  for (const num of reader.seen) if (!kept.has(num)) file.remove(num);

  const parents = writeTree(kids, rootNum, file);
  root.set('/K', kids.length === 1 ? ref(kids[0].elem.num) : `[${kids.map((k) => ref(k.elem.num)).join(' ')}]`);
  writeParentTree(root, parents, file);
  writeIdTree(root, notes, file);
  file.replace(rootNum, dictText(root));
  const links: LinkAnnot[] = [];
  const typeOf = new Map(allElems(kids).map((e) => [e.num, e.type]));
  pages.forEach((page, i) => {
    links.push(...describeLinks(page, i + 1, file, options.targets ?? {}, (annot) => typeOf.get(parents.annots.get(annot) ?? -1) ?? null));
  });
  const structure = { tree: writtenTree(kids, pages, roleMap(root, file), file), links };
  (await marking.finish()).forEach((data, i) => {
    if (data) replaceStream(file, contents[i], data);
  });
  return { pdf: file.write(), stats: { before: reader.seen.length, after: kept.size }, structure };
}

// ---- the file ----------------------------------------------------------------------------------

const ref = (num: number) => `${num} 0 R`;
function refOf(v: string | undefined): number | null {
  const m = v ? /^(\d+)\s+\d+\s+R$/.exec(v.trim()) : null;
  return m ? Number(m[1]) : null;
}

/** `N G obj` and the white space after it, where an object starts. */
const OBJECT_HEAD = /\s*\d+\s+\d+\s+obj\s*/y;

/** Skia's PDF as objects: byte ranges from the xref table, replaced or removed ones, new ones. */
class RawPdf {
  private changed = new Map<number, string | Buffer>();
  private size: number;

  private constructor(
    private bytes: Buffer,
    private text: string,
    private offsets: number[],
    private xrefAt: number,
    private trailer: Map<string, string>,
    readonly rootNum: number,
  ) {
    this.size = offsets.length;
  }

  static read(pdf: Uint8Array): RawPdf | null {
    const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    const text = bytes.toString('latin1');
    const tail = text.slice(-1024);
    const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!sx) return null;
    const xrefAt = Number(sx[1]);
    const head = /^xref\s+0\s+(\d+)\s+/.exec(text.slice(xrefAt, xrefAt + 64));
    if (!head) return null;
    const count = Number(head[1]);
    const rows = text.slice(xrefAt + head[0].length, xrefAt + head[0].length + count * 20);
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) {
      const row = rows.slice(i * 20, i * 20 + 18);
      offsets.push(row[17] === 'n' ? Number(row.slice(0, 10)) : -1);
    }
    const tr = /trailer\s*(<<[\s\S]*?>>)\s*startxref/.exec(text.slice(xrefAt));
    if (!tr) return null;
    const trailer = parseDict(tr[1], 0).dict;
    if (trailer.has('/Prev') || trailer.has('/Encrypt')) return null;
    const root = refOf(trailer.get('/Root'));
    if (root === null) return null;
    return new RawPdf(bytes, text, offsets, xrefAt, trailer, root);
  }

  /** The object's text after `N 0 obj` (its dictionary first), as written or as replaced. */
  body(num: number): string | null {
    const c = this.changed.get(num);
    if (typeof c === 'string') return c;
    const start = c === undefined ? this.bodyStart(num) : -1;
    return start >= 0 ? this.text.slice(start, this.end(num)) : null;
  }

  /** Where the object's text starts, after `N 0 obj`; -1 when it is not in the file. */
  private bodyStart(num: number): number {
    const at = this.offsets[num];
    if (at === undefined || at < 0) return -1;
    OBJECT_HEAD.lastIndex = at;
    return OBJECT_HEAD.test(this.text) ? OBJECT_HEAD.lastIndex : -1;
  }

  dict(num: number): Map<string, string> | null {
    const b = this.body(num);
    return b && b.startsWith('<<') ? parseDict(b, 0).dict : null;
  }

  /** A stream object's dictionary and raw (still encoded) data; null once it was replaced. */
  stream(num: number): { dict: Map<string, string>; data: Buffer } | null {
    if (this.changed.has(num)) return null;
    const start = this.bodyStart(num);
    const b = start >= 0 ? this.body(num) : null;
    if (!b || !b.startsWith('<<')) return null;
    const { dict, end } = parseDict(b, 0);
    const m = /^\s*stream\r?\n/.exec(b.slice(end, end + 16));
    const length = Number(dict.get('/Length'));
    if (!m || !Number.isInteger(length)) return null;
    const dataAt = start + end + m[0].length;
    return { dict, data: this.bytes.subarray(dataAt, dataAt + length) };
  }

  /** The objects in the order of their bytes, and where each one's bytes end (the next one's start, or the xref table). */
  private layout: { order: number[]; ends: number[] } | null = null;
  private objectLayout(): { order: number[]; ends: number[] } {
    if (!this.layout) {
      const order: number[] = [];
      for (let num = 0; num < this.offsets.length; num++) if (this.offsets[num] >= 0) order.push(num);
      order.sort((a, b) => this.offsets[a] - this.offsets[b]);
      const ends = new Array<number>(this.offsets.length).fill(-1);
      for (let i = 0; i < order.length; i++) ends[order[i]] = i + 1 < order.length ? this.offsets[order[i + 1]] : this.xrefAt;
      this.layout = { order, ends };
    }
    return this.layout;
  }

  /** Where the object's text ends: at its `endobj`. */
  private end(num: number): number {
    const e = this.objectLayout().ends[num];
    const endobj = this.text.lastIndexOf('endobj', e - 'endobj'.length);
    return endobj >= this.offsets[num] ? endobj : e;
  }

  replace(num: number, body: string | Buffer) {
    this.changed.set(num, body);
  }

  remove(num: number) {
    this.changed.set(num, '');
  }

  add(body: string): number {
    const num = this.size++;
    this.changed.set(num, body);
    return num;
  }

  /** Page objects in page-tree order. */
  pages(): number[] {
    const out: number[] = [];
    const walk = (num: number | null, depth: number) => {
      if (num === null || depth > 32) return;
      const d = this.dict(num);
      if (!d) return;
      if (d.get('/Type') === '/Page') out.push(num);
      else for (const kid of refsIn(d.get('/Kids'))) walk(kid, depth + 1);
    };
    walk(refOf(this.dict(this.rootNum)?.get('/Pages')), 0);
    return out;
  }

  write(): Uint8Array {
    const { order, ends } = this.objectLayout();
    const at = new Array<number>(this.size).fill(-1);
    const parts: Buffer[] = [];
    // Unchanged objects that follow each other are copied as one range of the file (the first
    // with the header before it), changed ones written as one string up to the next unchanged one:
    // a few dozen parts, not one or three per object.
    let from = 0;
    let to = order.length ? this.offsets[order[0]] : 0;
    let length = to;
    let text = '';
    const flushRange = () => {
      if (to > from) parts.push(this.bytes.subarray(from, to));
      from = to = 0;
    };
    const flushText = () => {
      if (text) parts.push(Buffer.from(text, 'latin1'));
      text = '';
    };
    const put = (num: number) => {
      const c = this.changed.get(num);
      if (c === '') return;
      at[num] = length;
      if (c === undefined) {
        const start = this.offsets[num];
        const end = ends[num];
        if (to !== start || to === 0) {
          flushText();
          flushRange();
          from = start;
        }
        to = end;
        length += end - start;
      } else if (typeof c === 'string') {
        flushRange();
        const obj = `${num} 0 obj\n${c}\nendobj\n`;
        text += obj;
        length += obj.length; // latin1: one byte a character
      } else {
        flushRange();
        flushText();
        const head = Buffer.from(`${num} 0 obj\n`, 'latin1');
        const tail = Buffer.from('\nendobj\n', 'latin1');
        parts.push(head, c, tail);
        length += head.length + c.length + tail.length;
      }
    };
    // Objects in their original order, then the new ones.
    for (const num of order) put(num);
    for (let num = this.offsets.length; num < this.size; num++) put(num);
    flushRange();
    flushText();
    // Free entries form a list through object 0, each naming the next.
    const pad = (n: number) => {
      const d = String(n);
      return '0000000000'.slice(d.length) + d;
    };
    const rows = new Array<string>(this.size);
    let nextFree = 0;
    for (let num = this.size - 1; num >= 0; num--) {
      if (at[num] >= 0) rows[num] = `${pad(at[num])} 00000 n \n`;
      else {
        rows[num] = `${pad(nextFree)} ${num === 0 ? '65535' : '00001'} f \n`;
        nextFree = num;
      }
    }
    this.trailer.set('/Size', String(this.size));
    parts.push(Buffer.from(`xref\n0 ${this.size}\n${rows.join('')}trailer\n${dictText(this.trailer)}\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
    const out = Buffer.concat(parts);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}

// ---- PDF object syntax (just what Skia writes in dictionaries) ----------------------------------

const WHITE = new Uint8Array(256);
for (const c of ' \t\r\n\f\0') WHITE[c.charCodeAt(0)] = 1;

function skipWhite(s: string, i: number): number {
  while (i < s.length && WHITE[s.charCodeAt(i) & 255]) i++;
  return i;
}

/**
 * The values most of Skia's dictionaries hold, each matched whole by the regular expression
 * engine: a name, a reference, a number (or other bare word), an array of those, a hex string.
 * Strings, dictionaries and nested arrays are read by valueEnd itself.
 */
const SIMPLE = String.raw`\/[^\s()<>[\]{}/%]*|(?:\d+\s+\d+\s+R|[^\s()<>[\]{}/%]+)(?![^\s()<>[\]{}/%])|\[[^[\]()<>]*\]|<(?!<)[0-9A-Fa-f\s]*>`;
const SIMPLE_VALUE = new RegExp(SIMPLE, 'y');
/** A dictionary entry whose value is SIMPLE, with the white space after it: one match an entry. */
const SIMPLE_ENTRY = new RegExp(String.raw`(\/[^\s()<>[\]{}/%]*)(?![^\s()<>[\]{}/%])[ \t\r\n\f\0]*(${SIMPLE})[ \t\r\n\f\0]*`, 'y');

/** Where the value starting at `i` ends (a reference `n g R` is one value). */
function valueEnd(s: string, i: number): number {
  SIMPLE_VALUE.lastIndex = i;
  if (SIMPLE_VALUE.test(s)) return SIMPLE_VALUE.lastIndex;
  const c = s[i];
  if (c === '(') {
    let depth = 0;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') i++;
      else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return i + 1;
    }
    return s.length;
  }
  if (c === '<' && s[i + 1] === '<') return parseDict(s, i).end;
  if (c === '<') return s.indexOf('>', i) + 1 || s.length;
  if (c === '[') {
    i = skipWhite(s, i + 1);
    while (i < s.length && s[i] !== ']') i = skipWhite(s, valueEnd(s, i));
    return i + 1;
  }
  return i + 1; // a stray delimiter (SIMPLE_VALUE took every name, reference and bare word)
}


/** The dictionary at `i` (`<<`): its entries in order, values as text, and where it ends. */
function parseDict(s: string, i: number): { dict: Map<string, string>; end: number } {
  const dict = new Map<string, string>();
  i = skipWhite(s, i + 2);
  while (i < s.length && !(s[i] === '>' && s[i + 1] === '>')) {
    SIMPLE_ENTRY.lastIndex = i;
    const entry = SIMPLE_ENTRY.exec(s);
    if (entry) {
      dict.set(entry[1], entry[2]);
      i = SIMPLE_ENTRY.lastIndex;
      continue;
    }
    const keyEnd = valueEnd(s, i);
    const key = s.slice(i, keyEnd);
    const v = skipWhite(s, keyEnd);
    const vEnd = valueEnd(s, v);
    dict.set(key, s.slice(v, vEnd));
    i = skipWhite(s, vEnd);
  }
  return { dict, end: i + 2 };
}

/** The values of an array (or the one value), as text. */
function items(v: string | undefined): string[] {
  if (v === undefined) return [];
  const s = v.trim();
  if (!s.startsWith('[')) return [s];
  const out: string[] = [];
  let i = skipWhite(s, 1);
  while (i < s.length && s[i] !== ']') {
    const e = valueEnd(s, i);
    out.push(s.slice(i, e));
    i = skipWhite(s, e);
  }
  return out;
}

const refsIn = (v: string | undefined) => items(v).flatMap((x) => (refOf(x) !== null ? [refOf(x)!] : []));

const dictText = (d: Map<string, string>) => `<<${[...d].map(([k, v]) => `${k} ${v}`).join('\n')}>>`;

/** A PDF text string: literal when printable ASCII, else UTF-16BE with a byte-order mark. */
function pdfText(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => '\\' + c)})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** The text of a PDF string value (literal or hex, PDFDocEncoding taken as Latin-1, or UTF-16BE). */
function textOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let bytes: string;
  if (v.startsWith('(')) {
    bytes = v.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_, e: string) => {
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
      if (e in map) return map[e];
      if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
      return '';
    });
  } else if (v.startsWith('<')) {
    const hex = v.slice(1, -1).replace(/\s+/g, '');
    bytes = '';
    for (let i = 0; i < hex.length; i += 2) bytes += String.fromCharCode(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
  } else return undefined;
  if (bytes.startsWith('\xfe\xff')) {
    let out = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
    return out;
  }
  return bytes;
}

// ---- the tree ------------------------------------------------------------------------------------

/**
 * A structure element as Skia writes nearly all of them: its entries in this order, the strings
 * without escapes, the attributes flat dictionaries. One match gives the entries parseDict gives, in
 * the same order (as text); a 20-page brief has ~4,500 elements, and the general parser read them in
 * ~30 ms of a cold build. Anything else goes to parseDict.
 */
const PLAIN_ELEM = new RegExp(
  [
    String.raw`^<</Type /StructElem\n/S (/[^\s()<>[\]{}/%]+)`,
    String.raw`(?:\n/Alt (\([^()\\]*\)))?(?:\n/Lang (\([^()\\]*\)))?`,
    String.raw`\n/P (\d+ 0 R)(?:\n/Pg (\d+ 0 R))?\n/K (\d+|\d+ 0 R|\[[\d R]*\])`,
    String.raw`(?:\n/A (<<[^<>]*>>|\[(?:<<[^<>]*>> ?)+\]))?(?:\n/ID (\([^()\\]*\)))?>>\s*$`,
  ].join(''),
);
const PLAIN_KEYS = ['/S', '/Alt', '/Lang', '/P', '/Pg', '/K', '/A', '/ID'];

/** Marked-content ids and references, the kids of an element that has no other kind. */
const PLAIN_KID = /(\d+)(\s+\d+\s+R)?/g;

/** Reads Skia's structure elements into Elems, remembering every one it saw. */
class TreeReader {
  readonly seen: number[] = [];
  constructor(private file: RawPdf) {}

  private elemDict(num: number): Map<string, string> | null {
    const body = this.file.body(num);
    const m = body ? PLAIN_ELEM.exec(body) : null;
    if (!m) return this.file.dict(num);
    const dict = new Map([['/Type', '/StructElem']]);
    for (let i = 0; i < PLAIN_KEYS.length; i++) if (m[i + 1] !== undefined) dict.set(PLAIN_KEYS[i], m[i + 1]);
    return dict;
  }

  kidsOf(k: string | undefined, page: number | null): Kid[] {
    const out: Kid[] = [];
    if (k !== undefined && /^[\s\d R[\]]*$/.test(k)) {
      for (const m of k.matchAll(PLAIN_KID)) {
        if (!m[2]) {
          if (page !== null) out.push({ mcid: Number(m[1]), page });
        } else this.elem(Number(m[1]), page, out);
      }
      return out;
    }
    for (const item of items(k)) {
      if (/^\d+$/.test(item)) {
        if (page !== null) out.push({ mcid: Number(item), page });
        continue;
      }
      if (item.startsWith('<<')) {
        const d = parseDict(item, 0).dict;
        const pg = refOf(d.get('/Pg')) ?? page;
        if (d.get('/Type') === '/MCR' && pg !== null) out.push({ mcid: Number(d.get('/MCID')), page: pg });
        else if (d.get('/Type') === '/OBJR') out.push({ objr: item, annot: refOf(d.get('/Obj')) ?? -1 });
        continue;
      }
      const num = refOf(item);
      if (num !== null) this.elem(num, page, out);
    }
    return out;
  }

  /** Element `num` (with its kids), onto `out`; nothing when it is not a dictionary. */
  private elem(num: number, page: number | null, out: Kid[]) {
    const dict = this.elemDict(num);
    if (!dict) return;
    this.seen.push(num);
    const s = dict.get('/S') ?? '/NonStruct';
    const elem: Elem = { num, dict, type: s.slice(1), kids: [] };
    elem.kids = this.kidsOf(dict.get('/K'), refOf(dict.get('/Pg')) ?? page);
    out.push({ elem });
  }
}

/** Every element under `kids`, depth first. */
function allElems(kids: Kid[], out: Elem[] = []): Elem[] {
  for (const k of kids) {
    if (!('elem' in k)) continue;
    out.push(k.elem);
    allElems(k.elem.kids, out);
  }
  return out;
}

/** The RoleMap's entries (type → the type it stands for), from the StructTreeRoot. */
function roleMap(root: Map<string, string>, file: RawPdf): Map<string, string> {
  const v = root.get('/RoleMap');
  const num = refOf(v);
  const dict = num !== null ? file.dict(num) : v?.startsWith('<<') ? parseDict(v, 0).dict : null;
  return new Map([...(dict ?? [])].map(([k, t]) => [k.slice(1), t.slice(1)]));
}

/** The tree as the checker reads it from a file (pdfcheck/pdf.ts structTree): standard types, pages, texts, attributes. */
function writtenTree(top: { elem: Elem }[], pages: number[], roles: Map<string, string>, file: RawPdf): StructElem[] {
  const pageNumber = new Map(pages.map((p, i) => [p, i + 1]));
  const standard = (type: string) => {
    let t = type;
    for (let i = 0; i < 8; i++) {
      const next = roles.get(t);
      if (!next || next === t) break;
      t = next;
    }
    return t;
  };
  const text = (v: string | undefined) => {
    const num = refOf(v);
    return textOf(num !== null ? (file.body(num)?.trim() ?? undefined) : v) ?? null;
  };
  const attributes = (v: string | undefined) =>
    items(v).flatMap((a) => {
      const num = refOf(a);
      const d = num !== null ? file.dict(num) : a.startsWith('<<') ? parseDict(a, 0).dict : null;
      return d ? [...d.keys()].map((k) => k.slice(1)) : [];
    });
  const convert = (e: Elem): StructElem => {
    const kids = e.kids.flatMap((k) => ('elem' in k ? [convert(k.elem)] : []));
    // Its own page (that of its first marked content), else the first its kids name, in order.
    let page = pageNumber.get(refOf(e.dict.get('/Pg')) ?? -1) ?? null;
    if (page === null) {
      let elemAt = 0;
      for (const k of e.kids) {
        if ('elem' in k) page = kids[elemAt++].page;
        else if ('objr' in k) page = pageNumber.get(refOf(parseDict(k.objr, 0).dict.get('/Pg')) ?? -1) ?? null;
        if (page !== null) break;
      }
    }
    const d = e.dict;
    const elem = { type: standard(e.type), page, kids, alt: text(d.get('/Alt')), actualText: text(d.get('/ActualText')), id: text(d.get('/ID')) };
    // Read when asked (the table rules ask a cell's): Chromium gives most elements attributes.
    let keys: string[] | null = null;
    return Object.defineProperty(elem, 'attributes', { enumerable: true, get: () => (keys ??= attributes(d.get('/A'))) }) as StructElem;
  };
  return top.map((k) => convert(k.elem));
}

/** The new kids that stand for `kid`: itself restructured, or its children when it is a NonStruct. */
function restructure(kid: Kid, notes: Map<string, Elem>): Kid[] {
  if (!('elem' in kid)) return [kid];
  const e = kid.elem;
  e.kids = e.kids.flatMap((k) => restructure(k, notes));
  // A link Chromium gave another role (a note reference, doc-noteref) is still a Link: PDF/UA
  // wants every link annotation inside one.
  if (e.type === 'NonStruct' && e.kids.some((k) => 'objr' in k)) e.type = 'Link';
  if (e.type === 'NonStruct') return e.kids;
  if (e.type === 'Figure') {
    const id = noteIdOf(textOf(e.dict.get('/Alt')) ?? '');
    if (id !== null) {
      e.type = 'Note';
      e.dict.delete('/Alt');
      const first = notes.get(id);
      // A note split over two pages is one Note.
      if (first) {
        first.kids.push(...e.kids);
        return [];
      }
      notes.set(id, e);
      e.dict.set('/ID', pdfText(id));
    }
  }
  return [kid];
}

/** Types whose parts stay apart: each part of a split table repeats the header row. */
const KEEP_APART = new Set(['Table', 'TR', 'TD', 'TH', 'Caption', '?']);

/**
 * Joins each page's first element to the last of the page before (Notes between them stay where
 * they are), level by level down the chain of types the paginator reports, as long as both sides
 * are elements of that type.
 */
function joinContinued(top: Kid[], pages: number[], continues: string[][]) {
  const firstPage = new Map<Elem, number | null>();
  const pageOf = (e: Elem): number | null => {
    if (firstPage.has(e)) return firstPage.get(e)!;
    let found: number | null = null;
    for (const k of e.kids) {
      found = 'mcid' in k ? k.page : 'elem' in k ? pageOf(k.elem) : null;
      if (found !== null) break;
    }
    firstPage.set(e, found);
    return found;
  };
  const isContent = (k: Kid): k is { elem: Elem } => 'elem' in k && k.elem.type !== 'Note';
  continues.forEach((chain, i) => {
    if (!chain.length || i === 0 || pages[i] === undefined) return;
    const ni = top.findIndex((k) => isContent(k) && pageOf(k.elem) === pages[i]);
    let pi = ni - 1;
    while (pi >= 0 && !isContent(top[pi])) pi--;
    if (ni < 0 || pi < 0) return;
    let holder = top;
    let prev = (top[pi] as { elem: Elem }).elem;
    let next = (top[ni] as { elem: Elem }).elem;
    for (const type of chain) {
      if (KEEP_APART.has(type) || prev.type !== type || next.type !== type) return;
      const last = prev.kids[prev.kids.length - 1];
      const first = next.kids[0];
      prev.kids.push(...next.kids);
      holder.splice(holder.findIndex((k) => 'elem' in k && k.elem === next), 1);
      if (!last || !first || !('elem' in last) || !('elem' in first)) return;
      holder = prev.kids;
      prev = last.elem;
      next = first.elem;
    }
  });
}

/** Every LI: its Lbl, then an LBody with the rest. */
function wrapListItems(e: Elem, file: RawPdf) {
  for (const k of e.kids) if ('elem' in k) wrapListItems(k.elem, file);
  if (e.type === 'LI') e.kids = listItemKids(e, file);
}

/** Lbl stays; the rest of the item goes into one LBody. */
function listItemKids(li: Elem, file: RawPdf): Kid[] {
  const labels = li.kids.filter((k) => 'elem' in k && k.elem.type === 'Lbl');
  const body = li.kids.filter((k) => !labels.includes(k));
  if (!body.length) return labels;
  const dict = new Map([['/Type', '/StructElem']]);
  const lbody: Elem = { num: file.add(''), dict, type: 'LBody', kids: body };
  return [...labels, { elem: lbody }];
}

/** Per page the element of each MCID; per annotation the element holding it. */
interface Parents {
  mcids: Map<number, number[]>;
  annots: Map<number, number>;
}

/** Writes every element with its /S, /P, /Pg and /K; returns what the ParentTree must say. */
function writeTree(top: { elem: Elem }[], rootNum: number, file: RawPdf): Parents {
  const parents: Parents = { mcids: new Map(), annots: new Map() };
  const write = (e: Elem, parent: number) => {
    const d = e.dict;
    d.set('/S', `/${e.type}`);
    d.set('/P', ref(parent));
    const pg = e.kids.find((k): k is { mcid: number; page: number } => 'mcid' in k)?.page;
    d.delete('/Pg');
    d.delete('/K');
    if (pg !== undefined) d.set('/Pg', ref(pg));
    const out: string[] = [];
    for (const k of e.kids) {
      if ('elem' in k) {
        write(k.elem, e.num);
        out.push(ref(k.elem.num));
      } else if ('mcid' in k) {
        const list = parents.mcids.get(k.page) ?? [];
        list[k.mcid] = e.num;
        parents.mcids.set(k.page, list);
        out.push(k.page === pg ? String(k.mcid) : `<</Type /MCR\n/Pg ${ref(k.page)}\n/MCID ${k.mcid}>>`);
      } else {
        parents.annots.set(k.annot, e.num);
        out.push(k.objr);
      }
    }
    if (out.length === 1) d.set('/K', out[0]);
    else if (out.length) d.set('/K', `[${out.join(' ')}]`);
    file.replace(e.num, dictText(d));
  };
  for (const k of top) write(k.elem, rootNum);
  return parents;
}

/** One flat number tree: each page's MCIDs (key /StructParents), each annotation (key /StructParent). */
function writeParentTree(root: Map<string, string>, parents: Parents, file: RawPdf) {
  const entries: [number, string][] = [];
  let next = 0;
  for (const [page, list] of parents.mcids) {
    const key = Number(file.dict(page)?.get('/StructParents'));
    if (!Number.isInteger(key)) continue;
    const arr = file.add(`[${Array.from(list, (n) => (n === undefined ? 'null' : ref(n))).join(' ')}]`);
    entries.push([key, ref(arr)]);
    next = Math.max(next, key + 1);
  }
  for (const [annot, elem] of parents.annots) {
    const key = Number(file.dict(annot)?.get('/StructParent'));
    if (!Number.isInteger(key)) continue;
    entries.push([key, ref(elem)]);
    next = Math.max(next, key + 1);
  }
  entries.sort((a, b) => a[0] - b[0]);
  removeTree(refOf(root.get('/ParentTree')), file, true);
  root.set('/ParentTree', ref(file.add(`<</Nums [${entries.map(([k, v]) => `${k} ${v}`).join(' ')}]>>`)));
  root.set('/ParentTreeNextKey', String(next));
}

/** A number or name tree's nodes (and, for the ParentTree, its per-page arrays). */
function removeTree(num: number | null, file: RawPdf, arrays: boolean) {
  if (num === null) return;
  const d = file.dict(num);
  if (!d) return;
  for (const kid of refsIn(d.get('/Kids'))) removeTree(kid, file, arrays);
  if (arrays) {
    const nums = items(d.get('/Nums'));
    for (let i = 1; i < nums.length; i += 2) {
      const r = refOf(nums[i]);
      if (r !== null && file.body(r)?.trimStart().startsWith('[')) file.remove(r);
    }
  }
  file.remove(num);
}

/** The IDTree names Chromium's table headers; the Notes join them. One flat, sorted name tree. */
function writeIdTree(root: Map<string, string>, notes: Map<string, Elem>, file: RawPdf) {
  const names = new Map<string, string>();
  const collect = (num: number | null, depth: number) => {
    const d = num !== null && depth < 32 ? file.dict(num) : null;
    if (!d) return;
    for (const kid of refsIn(d.get('/Kids'))) collect(kid, depth + 1);
    const pairs = items(d.get('/Names'));
    for (let i = 0; i + 1 < pairs.length; i += 2) names.set(textOf(pairs[i]) ?? '', pairs[i + 1]);
  };
  const old = refOf(root.get('/IDTree'));
  collect(old, 0);
  removeTree(old, file, false);
  for (const [id, e] of notes) names.set(id, ref(e.num));
  if (!names.size) {
    root.delete('/IDTree');
    return;
  }
  const sorted = [...names].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  root.set('/IDTree', ref(file.add(`<</Names [${sorted.map(([k, v]) => `${pdfText(k)} ${v}`).join(' ')}]>>`)));
}

// ---- artifacts ----------------------------------------------------------------------------------

/** A page content stream the artifact pass can read: FlateDecode or unfiltered. */
interface PageContent {
  num: number;
  dict: Map<string, string>;
  stream: ContentStream;
}

function contentStreams(page: number, file: RawPdf): PageContent[] {
  return refsIn(file.dict(page)?.get('/Contents')).flatMap((num) => {
    const s = file.stream(num);
    const filter = s?.dict.get('/Filter');
    if (!s || (filter !== undefined && filter !== '/FlateDecode')) return [];
    return [{ num, dict: s.dict, stream: { data: s.data, flate: filter !== undefined } }];
  });
}

/** The stream object with its data marked (artifacts.ts), its /Length to match. */
function replaceStream(file: RawPdf, { num, dict }: PageContent, data: Uint8Array) {
  dict.set('/Length', String(data.length));
  file.replace(num, Buffer.concat([Buffer.from(`${dictText(dict)} stream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
}

// ---- links --------------------------------------------------------------------------------------

/**
 * A link annotation says where it goes (PDF/UA: an annotation has a /Contents). Returns the page's
 * links as written, with the type of the element that holds each (`parentType`).
 */
function describeLinks(page: number, pageNumber: number, file: RawPdf, targets: Record<string, string>, parentType: (annot: number) => string | null): LinkAnnot[] {
  const links: LinkAnnot[] = [];
  for (const num of refsIn(file.dict(page)?.get('/Annots'))) {
    const a = file.dict(num);
    if (!a || a.get('/Subtype') !== '/Link') continue;
    const description = a.has('/Contents') ? null : linkDescription(a, targets);
    if (description) {
      a.set('/Contents', pdfText(description));
      file.replace(num, dictText(a));
    }
    const key = Number(a.get('/StructParent'));
    links.push({ page: pageNumber, contents: textOf(a.get('/Contents')) ?? null, parentType: Number.isInteger(key) ? parentType(num) : null });
  }
  return links;
}

function linkDescription(a: Map<string, string>, targets: Record<string, string>): string | null {
  const action = a.get('/A');
  const uri = action?.startsWith('<<') ? textOf(parseDict(action, 0).dict.get('/URI')) : undefined;
  if (uri) return `Link to ${uri}`;
  const dest = a.get('/Dest');
  const id = dest?.startsWith('/') ? decodeName(dest.slice(1)) : textOf(dest);
  return id ? `Go to ${targets[id] ?? id}` : null;
}

/** A name's bytes (#xx escapes decoded) read as UTF-8, as Chromium writes an id. */
const decodeName = (n: string) => Buffer.from(n.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
