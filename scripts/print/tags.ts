// The structure tree Chromium writes, made what PDF/UA-1 asks for. Chromium maps the accessibility
// tree to tags (printing/common/metafile_utils.cc): every text run becomes a NonStruct of its own
// and every positioned or id-carrying box a NonStruct wrapper, a list item has no LBody, there is
// no Note type, and what is not in the accessibility tree (running header, folio, draft mark,
// rules, table borders) is drawn unmarked: neither content nor artifact. This pass, on the PDF:
//   - lifts every NonStruct's children into its parent (NonStruct means "no structure");
//   - turns the footnotes the paginator labelled (paginate/marks.ts) into Notes with an /ID;
//   - gives each LI an LBody around what is not its Lbl;
//   - marks all unmarked page content as /Artifact;
//   - gives link annotations a /Contents.
// It rebuilds the ParentTree from the new tree. Deterministic: the same PDF in gives the same bytes out.
import { inflateSync, deflateSync } from 'node:zlib';
import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFContext,
} from 'pdf-lib';
import { noteIdOf } from './paginate/marks.ts';

/** A structure element while it is rebuilt. */
interface Elem {
  ref: PDFRef;
  dict: PDFDict;
  type: string;
  kids: Kid[];
}

/** Marked content on a page, an annotation (OBJR), or a child element. */
type Kid = { elem: Elem } | { mcid: number; page: PDFRef } | { objr: PDFDict; annot: PDFRef; page: PDFRef | undefined };

const N = (s: string) => PDFName.of(s);

export interface TagStats {
  /** Structure elements before and after. */
  before: number;
  after: number;
}

export async function tagStructure(pdf: Uint8Array): Promise<{ pdf: Uint8Array; stats: TagStats }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const ctx = doc.context;
  const rootRef = doc.catalog.get(N('StructTreeRoot'));
  const root = rootRef ? ctx.lookup(rootRef) : undefined;
  if (!(root instanceof PDFDict)) return { pdf, stats: { before: 0, after: 0 } };

  const reader = new TreeReader(ctx);
  const top = reader.kidsOf(root.get(N('K')), undefined);
  const before = reader.count;

  const notes = new Map<string, Elem>();
  let kids = top.flatMap((k) => restructure(k, notes, ctx));
  kids = kids.flatMap((k) => ('elem' in k ? [k] : [])); // the root holds elements only
  const after = countElems(kids);

  const kept = new Set(elemRefs(kids));
  for (const ref of reader.all) if (!kept.has(ref)) ctx.delete(ref);
  const parents = writeTree(kids, rootRef as PDFRef, ctx);
  root.set(N('K'), kids.length === 1 ? (kids[0] as { elem: Elem }).elem.ref : ctx.obj(kids.map((k) => (k as { elem: Elem }).elem.ref)));
  writeParentTree(root, parents, ctx);
  writeIdTree(root, notes, ctx);
  for (const page of doc.getPages()) markArtifacts(page.node, ctx);
  describeLinks(doc);
  const bytes = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity, updateFieldAppearances: false });
  return { pdf: bytes, stats: { before, after } };
}

/** Reads Skia's structure elements into Elems, remembering every object it saw. */
class TreeReader {
  count = 0;
  readonly all: PDFRef[] = [];
  constructor(private ctx: PDFContext) {}

  kidsOf(k: PDFObject | undefined, page: PDFRef | undefined): Kid[] {
    if (k === undefined) return [];
    if (k instanceof PDFArray) return k.asArray().flatMap((x) => this.kidsOf(x, page));
    if (k instanceof PDFNumber) return page ? [{ mcid: k.asNumber(), page }] : [];
    const dict = k instanceof PDFRef ? this.ctx.lookup(k) : k;
    if (!(dict instanceof PDFDict)) return [];
    const type = dict.get(N('Type'));
    const pg = (dict.get(N('Pg')) as PDFRef | undefined) ?? page;
    if (type === N('MCR')) {
      const mcid = dict.get(N('MCID'));
      return mcid instanceof PDFNumber && pg ? [{ mcid: mcid.asNumber(), page: pg }] : [];
    }
    if (type === N('OBJR')) return [{ objr: dict, annot: dict.get(N('Obj')) as PDFRef, page: pg }];
    if (!(k instanceof PDFRef)) return [];
    this.count++;
    this.all.push(k);
    const s = dict.get(N('S'));
    const elem: Elem = { ref: k, dict, type: s instanceof PDFName ? s.decodeText() : 'NonStruct', kids: [] };
    elem.kids = this.kidsOf(dict.get(N('K')), pg);
    return [{ elem }];
  }
}

function elemRefs(kids: Kid[]): PDFRef[] {
  return kids.flatMap((k) => ('elem' in k ? [k.elem.ref, ...elemRefs(k.elem.kids)] : []));
}

function countElems(kids: Kid[]): number {
  let n = 0;
  for (const k of kids) if ('elem' in k) n += 1 + countElems(k.elem.kids);
  return n;
}

/** The new kids that stand for `kid`: itself restructured, or its children when it is a NonStruct. */
function restructure(kid: Kid, notes: Map<string, Elem>, ctx: PDFContext): Kid[] {
  if (!('elem' in kid)) return [kid];
  const e = kid.elem;
  e.kids = e.kids.flatMap((k) => restructure(k, notes, ctx));
  if (e.type === 'NonStruct') return e.kids;
  if (e.type === 'Figure') {
    const id = noteIdOf(textOf(e.dict.get(N('Alt'))) ?? '');
    if (id !== null) {
      e.type = 'Note';
      e.dict.delete(N('Alt'));
      const first = notes.get(id);
      // A note split over two pages is one Note.
      if (first) {
        first.kids.push(...e.kids);
        return [];
      }
      notes.set(id, e);
      e.dict.set(N('ID'), PDFString.of(id));
    }
  }
  if (e.type === 'LI') e.kids = listItemKids(e, ctx);
  return [kid];
}

/** Lbl stays; the rest of the item goes into one LBody. */
function listItemKids(li: Elem, ctx: PDFContext): Kid[] {
  const labels = li.kids.filter((k) => 'elem' in k && k.elem.type === 'Lbl');
  const body = li.kids.filter((k) => !labels.includes(k));
  if (!body.length) return labels;
  const dict = ctx.obj({ Type: 'StructElem' }) as PDFDict;
  const lbody: Elem = { ref: ctx.register(dict), dict, type: 'LBody', kids: body };
  return [...labels, { elem: lbody }];
}

const textOf = (o: PDFObject | undefined) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/** Per page (by its StructParents key) the element of each MCID; per annotation the element holding it. */
interface Parents {
  mcids: Map<PDFRef, PDFRef[]>;
  annots: Map<PDFRef, PDFRef>;
}

/** Writes every element's /S, /P, /Pg and /K; returns what the ParentTree must say. */
function writeTree(top: Kid[], rootRef: PDFRef, ctx: PDFContext): Parents {
  const parents: Parents = { mcids: new Map(), annots: new Map() };
  const write = (e: Elem, parent: PDFRef) => {
    const d = e.dict;
    d.set(N('S'), N(e.type));
    d.set(N('P'), parent);
    const firstMcid = e.kids.find((k): k is { mcid: number; page: PDFRef } => 'mcid' in k);
    const pg = firstMcid?.page;
    if (pg) d.set(N('Pg'), pg);
    else d.delete(N('Pg'));
    const out: PDFObject[] = [];
    for (const k of e.kids) {
      if ('elem' in k) {
        write(k.elem, e.ref);
        out.push(k.elem.ref);
      } else if ('mcid' in k) {
        const list = parents.mcids.get(k.page) ?? [];
        list[k.mcid] = e.ref;
        parents.mcids.set(k.page, list);
        out.push(k.page === pg ? PDFNumber.of(k.mcid) : ctx.obj({ Type: 'MCR', Pg: k.page, MCID: k.mcid }));
      } else {
        parents.annots.set(k.annot, e.ref);
        out.push(k.objr);
      }
    }
    if (out.length === 1) d.set(N('K'), out[0]);
    else if (out.length) d.set(N('K'), ctx.obj(out));
    else d.delete(N('K'));
  };
  for (const k of top) if ('elem' in k) write(k.elem, rootRef);
  return parents;
}

/** One flat number tree: each page's MCIDs (key /StructParents), each annotation (key /StructParent). */
function writeParentTree(root: PDFDict, parents: Parents, ctx: PDFContext) {
  const entries: [number, PDFObject][] = [];
  let next = 0;
  for (const [pageRef, list] of parents.mcids) {
    const page = ctx.lookup(pageRef) as PDFDict;
    const key = page.get(N('StructParents'));
    if (!(key instanceof PDFNumber)) continue;
    const nulls = Array.from(list, (r) => r ?? ctx.obj(null));
    entries.push([key.asNumber(), ctx.register(ctx.obj(nulls))]);
    next = Math.max(next, key.asNumber() + 1);
  }
  for (const [annotRef, elem] of parents.annots) {
    const key = (ctx.lookup(annotRef) as PDFDict).get(N('StructParent'));
    if (!(key instanceof PDFNumber)) continue;
    entries.push([key.asNumber(), elem]);
    next = Math.max(next, key.asNumber() + 1);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const old = root.get(N('ParentTree'));
  if (old instanceof PDFRef) deleteTree(old, ctx);
  root.set(N('ParentTree'), ctx.register(ctx.obj({ Nums: entries.flat() })));
  root.set(N('ParentTreeNextKey'), PDFNumber.of(next));
}

/** A number or name tree's nodes and their value arrays (the per-page arrays are rebuilt). */
function deleteTree(ref: PDFRef, ctx: PDFContext) {
  const node = ctx.lookup(ref);
  if (!(node instanceof PDFDict)) return;
  const kids = node.get(N('Kids'));
  if (kids instanceof PDFArray) for (const k of kids.asArray()) if (k instanceof PDFRef) deleteTree(k, ctx);
  const nums = node.get(N('Nums'));
  if (nums instanceof PDFArray) {
    const a = nums.asArray();
    for (let i = 1; i < a.length; i += 2) if (a[i] instanceof PDFRef && ctx.lookup(a[i]) instanceof PDFArray) ctx.delete(a[i] as PDFRef);
  }
  ctx.delete(ref);
}

/** The IDTree names Chromium's table headers; the Notes join them. One flat, sorted name tree. */
function writeIdTree(root: PDFDict, notes: Map<string, Elem>, ctx: PDFContext) {
  const names = new Map<string, PDFObject>();
  const collect = (ref: PDFObject | undefined) => {
    const node = ref instanceof PDFRef ? ctx.lookup(ref) : ref;
    if (!(node instanceof PDFDict)) return;
    const kids = node.get(N('Kids'));
    if (kids instanceof PDFArray) for (const k of kids.asArray()) collect(k);
    const pairs = node.get(N('Names'));
    if (pairs instanceof PDFArray) {
      const a = pairs.asArray();
      for (let i = 0; i + 1 < a.length; i += 2) names.set(textOf(a[i]) ?? '', a[i + 1]);
    }
  };
  const old = root.get(N('IDTree'));
  collect(old);
  if (old instanceof PDFRef) deleteTree(old, ctx);
  for (const [id, e] of notes) names.set(id, e.ref);
  if (!names.size) {
    root.delete(N('IDTree'));
    return;
  }
  const sorted = [...names].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  root.set(N('IDTree'), ctx.register(ctx.obj({ Names: sorted.flatMap(([k, v]) => [PDFString.of(k), v]) })));
}

// ---- artifacts --------------------------------------------------------------------------------

const PAINT = new Set(['f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'BI']);
const PATH = new Set(['m', 're']);
const SHOW = new Set(['Tj', 'TJ', "'", '"']);

/** Wraps the page's unmarked drawing in /Artifact BMC … EMC. */
function markArtifacts(page: PDFDict, ctx: PDFContext) {
  const contents = page.get(N('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  for (const ref of refs) {
    if (!(ref instanceof PDFRef)) continue;
    const stream = ctx.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const filter = stream.dict.get(N('Filter'));
    if (filter !== undefined && filter !== N('FlateDecode')) continue;
    const text = Buffer.from(filter ? inflateSync(stream.contents) : stream.contents).toString('latin1');
    const marked = wrapUnmarked(text);
    if (marked === null) continue;
    const dict = stream.dict.clone(ctx);
    const bytes = Buffer.from(marked, 'latin1');
    const body = filter ? deflateSync(bytes) : bytes;
    dict.set(N('Length'), PDFNumber.of(body.length));
    ctx.assign(ref, PDFRawStream.of(dict, new Uint8Array(body.buffer, body.byteOffset, body.byteLength)));
  }
}

type Frame = 'mcid' | 'other' | 'artifact';

/**
 * The content stream with every painting operator outside marked content (MCID) put in an
 * /Artifact sequence, opened before its path or text show and closed before the next marked
 * content, text object boundary or the end of an enclosing sequence; null when it cannot be read.
 */
export function wrapUnmarked(src: string): string | null {
  const out: string[] = [];
  let copied = 0;
  const insertAt = (at: number, s: string) => {
    at = Math.max(at, copied);
    out.push(src.slice(copied, at), s);
    copied = at;
  };
  const stack: Frame[] = [];
  const inMarked = () => stack.includes('mcid') || stack.includes('artifact');
  const closeArtifact = (at: number) => {
    if (stack[stack.length - 1] === 'artifact') {
      insertAt(at, 'EMC\n');
      stack.pop();
    }
  };
  let pathStart = -1;
  let operandsStart = -1; // where the operands of the coming operator begin
  let lastDict = '';
  const lexer = new Lexer(src);
  for (let tok = lexer.next(); tok; tok = lexer.next()) {
    if (tok.kind !== 'op') {
      if (operandsStart < 0) operandsStart = tok.start;
      if (tok.kind === 'dict') lastDict = src.slice(tok.start, tok.end);
      continue;
    }
    const at = operandsStart >= 0 ? operandsStart : tok.start;
    operandsStart = -1;
    const op = tok.value;
    if (op === 'BI') return null; // inline images: Skia writes none; do not guess at their data
    if (op === 'BDC' || op === 'BMC') {
      const mcid = op === 'BDC' && /\/MCID\b/.test(lastDict);
      if (mcid) closeArtifact(at);
      else if (!inMarked()) {
        // An /ActualText span of unmarked text: the artifact goes around it.
        insertAt(at, '/Artifact BMC\n');
        stack.push('artifact');
      }
      stack.push(mcid ? 'mcid' : 'other');
    } else if (op === 'EMC') {
      closeArtifact(at);
      stack.pop();
    } else if (op === 'BT' || op === 'ET') {
      closeArtifact(at);
    } else if (PATH.has(op)) {
      if (pathStart < 0) pathStart = at;
    } else if (PAINT.has(op) || SHOW.has(op)) {
      if (!inMarked()) {
        insertAt(PAINT.has(op) && pathStart >= 0 && op !== 'Do' && op !== 'sh' ? pathStart : at, '/Artifact BMC\n');
        stack.push('artifact');
      }
      if (PAINT.has(op)) pathStart = -1;
    } else if (op === 'n') {
      pathStart = -1;
    }
    lastDict = '';
  }
  if (stack[stack.length - 1] === 'artifact') insertAt(src.length, '\nEMC\n');
  if (!out.length) return null;
  out.push(src.slice(copied));
  return out.join('');
}

interface Token {
  kind: 'op' | 'operand' | 'dict';
  value: string;
  start: number;
  end: number;
}

const WHITE = new Uint8Array(256);
for (const c of ' \t\r\n\f\0') WHITE[c.charCodeAt(0)] = 1;
const DELIM = new Uint8Array(256);
for (const c of ' \t\r\n\f\0()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

/** Just enough of the content stream grammar to find operators: strings, names, arrays, dicts. */
class Lexer {
  private i = 0;
  constructor(private s: string) {}

  next(): Token | null {
    const s = this.s;
    for (;;) {
      this.white();
      if (s[this.i] === '%') {
        while (this.i < s.length && s[this.i] !== '\n' && s[this.i] !== '\r') this.i++;
        continue;
      }
      break;
    }
    if (this.i >= s.length) return null;
    const start = this.i;
    const c = s[this.i];
    if (c === '(') {
      this.string();
      return { kind: 'operand', value: '', start, end: this.i };
    }
    if (c === '<' && s[this.i + 1] === '<') {
      this.dict();
      return { kind: 'dict', value: '', start, end: this.i };
    }
    if (c === '<') {
      this.i = s.indexOf('>', this.i) + 1 || s.length;
      return { kind: 'operand', value: '', start, end: this.i };
    }
    if (c === '[') {
      this.array();
      return { kind: 'operand', value: '', start, end: this.i };
    }
    if (c === '/') {
      this.i++;
      this.regular();
      return { kind: 'operand', value: '', start, end: this.i };
    }
    if (c === ']' || c === '>' || c === ')' || c === '{' || c === '}') {
      this.i++; // stray delimiter: skip it
      return this.next();
    }
    this.regular();
    const value = s.slice(start, this.i);
    const c0 = value.charCodeAt(0);
    const numeric = (c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46;
    return { kind: numeric || value === 'true' || value === 'false' || value === 'null' ? 'operand' : 'op', value, start, end: this.i };
  }

  private regular() {
    const s = this.s;
    while (this.i < s.length && !DELIM[s.charCodeAt(this.i) & 255]) this.i++;
  }

  private white() {
    const s = this.s;
    while (this.i < s.length && WHITE[s.charCodeAt(this.i) & 255]) this.i++;
  }

  private string() {
    const s = this.s;
    let depth = 0;
    for (; this.i < s.length; this.i++) {
      const c = s[this.i];
      if (c === '\\') this.i++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.i++;
        return;
      }
    }
  }

  private dict() {
    const s = this.s;
    this.i += 2;
    for (;;) {
      this.white();
      if (s.startsWith('>>', this.i)) {
        this.i += 2;
        return;
      }
      if (!this.next()) return;
    }
  }

  private array() {
    const s = this.s;
    this.i++;
    for (;;) {
      this.white();
      if (this.i >= s.length) return;
      if (s[this.i] === ']') {
        this.i++;
        return;
      }
      this.next();
    }
  }
}

// ---- links --------------------------------------------------------------------------------------

/** A link annotation says where it goes (PDF/UA: an annotation has a /Contents). */
function describeLinks(doc: PDFDocument) {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    for (const ref of annots.asArray()) {
      const a = doc.context.lookup(ref);
      if (!(a instanceof PDFDict) || a.get(N('Subtype')) !== N('Link') || a.get(N('Contents'))) continue;
      const description = linkDescription(a, doc.context);
      if (description) a.set(N('Contents'), PDFHexString.fromText(description));
    }
  }
}

function linkDescription(a: PDFDict, ctx: PDFContext): string | null {
  const action = ctx.lookup(a.get(N('A')));
  if (action instanceof PDFDict) {
    const uri = action.get(N('URI'));
    const text = textOf(uri);
    if (text) return `Link to ${text}`;
  }
  const dest = a.get(N('Dest'));
  if (dest instanceof PDFName) return `Go to ${dest.decodeText()}`;
  const named = textOf(dest);
  return named ? `Go to ${named}` : null;
}
