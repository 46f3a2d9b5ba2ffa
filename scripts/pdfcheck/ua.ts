// The machine-checkable PDF/UA-1 rules (Matterhorn protocol checkpoints) that apply to what
// briefkit prints. Document rules read the catalog, the XMP and the fonts; structure rules read
// the structure tree and the link annotations.
import type { Reporter } from '../messages.ts';
import { PdfFile, xmpProperty } from './pdf.ts';
import { flatten, type LinkAnnot, type StructElem, type Structure } from './structure.ts';
import type { Places } from './places.ts';

export function documentRules(pdf: PdfFile, reporter: Reporter, at: Places): void {
  const { catalog } = pdf;
  const markInfo = pdf.dict(catalog, 'MarkInfo');
  const missing = [...(pdf.bool(markInfo, 'Marked') === true ? [] : ['/MarkInfo /Marked is not true']), ...(pdf.dict(catalog, 'StructTreeRoot') ? [] : ['there is no structure tree'])];
  if (missing.length) reporter.report(at.document(), 'pdfua-tagged', { missing: missing.join('; ') });

  const xmp = pdf.xmp();
  const part = xmp === null ? null : xmpProperty(xmp, 'pdfuaid:part');
  if (part !== '1') reporter.report(at.document(), 'pdfua-xmp', { found: xmp === null ? 'the catalog has no /Metadata stream' : part === null ? 'no pdfuaid:part' : `pdfuaid:part ${part}` });
  if (!xmp || !xmpProperty(xmp, 'dc:title')) reporter.report(at.document(), 'pdfua-title');
  if (pdf.bool(pdf.dict(catalog, 'ViewerPreferences'), 'DisplayDocTitle') !== true) reporter.report(at.document(), 'pdfua-display-title');
  if (!pdf.text(catalog, 'Lang')?.trim()) reporter.report(at.document(), 'pdfua-lang');
  fontRules(pdf, reporter, at);
}

/** Embedded, with a Unicode mapping: PDF/UA-1 and PDF/A-2u ask the same of fonts. */
export function fontRules(pdf: PdfFile, reporter: Reporter, at: Places): void {
  for (const f of pdf.fonts()) {
    const where = f.page ? at.page(f.page) : at.document();
    if (!f.embedded) reporter.report(where, 'pdfua-font-embedded', { font: f.name, subtype: f.subtype });
    if (!f.unicode) reporter.report(where, 'pdfua-font-unicode', { font: f.name, subtype: f.subtype });
  }
}

/** Above this share of NonStruct elements the tree is mostly layout (the acceptance: ≤ 5 %). */
const NONSTRUCT_MAX = 0.05;

/** `structure`: the tree and links as print/tags.ts wrote them, when the PDF is a build's own; else read from the file. */
export function structureRules(pdf: PdfFile, reporter: Reporter, at: Places, structure?: Structure): void {
  const tree = structure ? structure.tree : pdf.structTree();
  if (tree) {
    const all = flatten(tree);
    figures(all, reporter, at);
    headings(all, reporter, at);
    tables(all, reporter, at);
    notes(pdf, all, reporter, at);
    const nonStruct = all.filter((e) => e.type === 'NonStruct').length;
    if (all.length && nonStruct / all.length > NONSTRUCT_MAX) reporter.report(at.document(), 'pdfua-nonstruct', { count: nonStruct, total: all.length, share: Math.round((nonStruct / all.length) * 100) });
  }
  links(structure ? structure.links : pdf.links(), reporter, at);
}

function figures(all: StructElem[], reporter: Reporter, at: Places): void {
  all
    .filter((e) => e.type === 'Figure')
    .forEach((e, i) => {
      // Alt, or ActualText for a figure that is really text: either gives a reader something to say.
      if (!e.alt?.trim() && !e.actualText?.trim()) reporter.report(at.element(e), 'pdfua-figure-alt', { figure: `Figure ${i + 1}` });
    });
}

function headings(all: StructElem[], reporter: Reporter, at: Places): void {
  let previous = 0;
  for (const e of all) {
    const m = /^H([1-6])$/.exec(e.type);
    if (!m) continue;
    const level = Number(m[1]);
    if (level > previous + 1) reporter.report(at.element(e), 'pdfua-heading-nesting', { from: previous ? `H${previous}` : 'the start of the document', to: e.type });
    previous = level;
  }
}

function tables(all: StructElem[], reporter: Reporter, at: Places): void {
  all
    .filter((e) => e.type === 'Table')
    .forEach((table, i) => {
      const cells = flatten(table.kids);
      const headers = cells.filter((c) => c.type === 'TH');
      const name = `Table ${i + 1}`;
      if (!headers.length) return reporter.report(at.element(table), 'pdfua-table-header', { table: name, problem: 'has no header cell (TH)' });
      // Without /Headers on the data cells, each TH must say what it heads.
      const usesHeaders = cells.some((c) => c.type === 'TD' && c.attributes.includes('Headers'));
      const unscoped = headers.filter((h) => !h.attributes.includes('Scope')).length;
      if (!usesHeaders && unscoped) reporter.report(at.element(table), 'pdfua-table-header', { table: name, problem: `has ${unscoped} header cell${unscoped === 1 ? '' : 's'} (TH) without /Scope` });
    });
}

function notes(pdf: PdfFile, all: StructElem[], reporter: Reporter, at: Places): void {
  const noteElems = all.filter((e) => e.type === 'Note');
  // briefkit names a footnote's target fn-N: a PDF with such targets has footnotes to tag. (Read
  // only when there is no Note: the named destinations are a dictionary of every target.)
  const footnotes = noteElems.length ? 0 : pdf.destinationNames().filter((n) => /^fn-/.test(n)).length;
  if (footnotes) reporter.report(at.document(), 'pdfua-note', { problem: `${footnotes} footnote${footnotes === 1 ? '' : 's'} but no Note element in the structure tree` });
  const ids = new Set<string>();
  for (const n of noteElems) {
    const id = n.id;
    if (!id) reporter.report(at.element(n), 'pdfua-note', { problem: 'a Note has no /ID' });
    else if (ids.has(id)) reporter.report(at.element(n), 'pdfua-note', { problem: `two Notes have the /ID ${id}` });
    else ids.add(id);
  }
}

function links(found: LinkAnnot[], reporter: Reporter, at: Places): void {
  const byPage = new Map<number, { contents: number; untagged: number }>();
  for (const l of found) {
    const p = byPage.get(l.page) ?? { contents: 0, untagged: 0 };
    if (!l.contents?.trim()) p.contents++;
    if (l.parentType !== 'Link') p.untagged++;
    byPage.set(l.page, p);
  }
  for (const [page, p] of byPage) {
    if (p.contents) reporter.report(at.page(page), 'pdfua-link-contents', { count: p.contents });
    if (p.untagged) reporter.report(at.page(page), 'pdfua-link-tagged', { count: p.untagged });
  }
}
