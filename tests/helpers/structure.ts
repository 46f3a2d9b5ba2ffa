// Read a PDF's structure tree (the tags a screen reader follows) and which text is tagged, which
// is an artifact and which is neither, for assertions. The tree is read with pdf-lib straight from
// the file's objects; the text with pdfjs-dist, as a reader would see it.
//
//   const root = await readStructure(bytes)
//   expect(all(root).filter((e) => e.type === 'NonStruct')).toEqual([])
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObject, PDFRef, PDFString } from 'pdf-lib';

export interface StructElem {
  type: string;
  alt?: string;
  id?: string;
  /** /Scope of a TH (Column, Row, Both). */
  scope?: string;
  kids: StructElem[];
  /** Marked-content sequences and annotations directly in this element. */
  content: number;
  /** Annotations (OBJR) directly in this element. */
  annots: number;
}

/** The root's children (usually one Document element) under a synthetic root of type "Root". */
export async function readStructure(bytes: Uint8Array): Promise<StructElem> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  const look = (o: PDFObject | undefined) => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const text = (o: PDFObject | undefined) => {
    const v = look(o);
    return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
  };
  const scopeOf = (a: PDFObject | undefined): string | undefined => {
    const v = look(a);
    if (v instanceof PDFArray) return v.asArray().map(scopeOf).find(Boolean);
    if (v instanceof PDFDict) return (v.get(PDFName.of('Scope')) as PDFName | undefined)?.decodeText();
    return undefined;
  };
  const into = (k: PDFObject | undefined, parent: StructElem) => {
    const v = look(k);
    if (v instanceof PDFArray) return v.asArray().forEach((x) => into(x, parent));
    if (v instanceof PDFNumber) return void parent.content++;
    if (!(v instanceof PDFDict)) return;
    const s = v.get(PDFName.of('S'));
    if (!(s instanceof PDFName)) {
      parent.content++; // MCR or OBJR
      if (v.get(PDFName.of('Type')) === PDFName.of('OBJR')) parent.annots++;
      return;
    }
    const e: StructElem = { type: s.decodeText(), kids: [], content: 0, annots: 0 };
    const alt = text(v.get(PDFName.of('Alt')));
    const id = text(v.get(PDFName.of('ID')));
    const scope = scopeOf(v.get(PDFName.of('A')));
    if (alt !== undefined) e.alt = alt;
    if (id !== undefined) e.id = id;
    if (scope !== undefined) e.scope = scope;
    parent.kids.push(e);
    into(v.get(PDFName.of('K')), e);
  };
  const root: StructElem = { type: 'Root', kids: [], content: 0, annots: 0 };
  const tree = look(doc.catalog.get(PDFName.of('StructTreeRoot')));
  if (tree instanceof PDFDict) into(tree.get(PDFName.of('K')), root);
  return root;
}

/** Every element under `e`, in document order, `e` itself excluded. */
export function all(e: StructElem): StructElem[] {
  return e.kids.flatMap((k) => [k, ...all(k)]);
}

export interface PageMarking {
  /** Text inside marked content that belongs to the structure tree (has an MCID). */
  tagged: string;
  /** Text inside /Artifact sequences. */
  artifact: string;
  /** Text that is neither. */
  unmarked: string;
}

/** Per page (index 0 = page 1): its text split by how it is marked. */
export async function readMarking(bytes: Uint8Array): Promise<PageMarking[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: PageMarking[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent({ includeMarkedContent: true });
      const out = { tagged: [] as string[], artifact: [] as string[], unmarked: [] as string[] };
      const stack: ('tagged' | 'artifact' | 'other')[] = [];
      for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          stack.push(item.tag === 'Artifact' ? 'artifact' : item.id ? 'tagged' : 'other');
        } else if (item.type === 'endMarkedContent') stack.pop();
        else if (item.str !== undefined) {
          const kind = stack.includes('artifact') ? 'artifact' : stack.includes('tagged') ? 'tagged' : 'unmarked';
          out[kind].push(item.str);
        }
      }
      pages.push({ tagged: out.tagged.join(' '), artifact: out.artifact.join(' '), unmarked: out.unmarked.join('').trim() });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The /Contents of every link annotation, page by page (null where it has none). */
export async function linkContents(bytes: Uint8Array): Promise<(string | null)[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: (string | null)[] = [];
  for (const page of doc.getPages()) {
    for (const ref of page.node.Annots()?.asArray() ?? []) {
      const a = doc.context.lookup(ref);
      if (!(a instanceof PDFDict) || a.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
      const c = a.get(PDFName.of('Contents'));
      out.push(c instanceof PDFString || c instanceof PDFHexString ? c.decodeText() : null);
    }
  }
  return out;
}
