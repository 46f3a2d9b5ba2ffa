// PDF/UA-1 and PDF/A-2u on the real artefacts: the sample brief's PDF carries the document-level
// metadata, a release's PDF passes the PDF/A-2u checks (and `brief verify`), and `brief check --pdf`
// finds each rule in a PDF derived from a real one with one thing taken away (pdf-lib).
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import { checkPdf } from '../../scripts/pdfcheck/index.ts';
import { PdfFile, type FontUse } from '../../scripts/pdfcheck/pdf.ts';
import { formatDiagnostic } from '../../scripts/messages.ts';
import { demoProject, removeProject, runCli, runCliOk } from '../helpers/project.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SAMPLE = '110-overseas';

const roots: string[] = [];
let sample: string; // project root holding a copy of the sample
let samplePdf: Uint8Array;
let sampleWarnings: string;
let demo: string;
let releasePdf: Uint8Array;
let releaseWarnings: string;

beforeAll(async () => {
  sample = mkdtempSync(path.join(tmpdir(), 'briefkit-pdfcheck-'));
  roots.push(sample);
  for (const dir of [`content/${SAMPLE}`, `releases/${SAMPLE}`, 'data', '.cache']) {
    if (existsSync(path.join(REPO, dir))) cpSync(path.join(REPO, dir), path.join(sample, dir), { recursive: true });
  }
  sampleWarnings = (await runCliOk(sample, ['build', SAMPLE])).err;
  samplePdf = readFileSync(path.join(sample, 'output', SAMPLE, '1.2', `${SAMPLE}-1.2.pdf`));
  demo = demoProject(roots);
  releaseWarnings = (await runCliOk(demo, ['release', 'demo'])).err;
  releasePdf = readFileSync(path.join(demo, 'releases', 'demo', '1.0', 'demo-1.0.pdf'));
}, 600_000);

afterAll(() => roots.forEach(removeProject));

async function xmpOf(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const stream = doc.context.lookup(doc.catalog.get(PDFName.of('Metadata')));
  if (!(stream instanceof PDFRawStream)) throw new Error('no XMP stream');
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
}

/** The `[rule-id]` of each finding. */
const rulesOf = async (bytes: Uint8Array, opts: { pdfa?: boolean } = {}) => (await checkPdf({ bytes, file: 'x.pdf', pdfa: opts.pdfa ?? 'auto' })).map((d) => `[${d.rule}]`);

/** The sample's PDF (or the release's) with `change` applied through pdf-lib. */
async function changed(from: Uint8Array, change: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(from, { updateMetadata: false });
  change(doc);
  return doc.save();
}

function structElems(doc: PDFDocument, type: string): PDFDict[] {
  const out: PDFDict[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('StructElem') && obj.get(PDFName.of('S')) === PDFName.of(type)) out.push(obj);
  }
  return out;
}

function linkAnnots(doc: PDFDocument): PDFDict[] {
  return doc.getPages().flatMap((p) => (p.node.Annots()?.asArray() ?? []).map((a) => doc.context.lookup(a)).filter((a): a is PDFDict => a instanceof PDFDict && a.get(PDFName.of('Subtype')) === PDFName.of('Link')));
}

function fontDicts(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font')) out.push(obj);
  return out;
}

describe('document metadata (PDF/UA-1) on every PDF', () => {
  it('gives the sample an XMP packet with pdfuaid part 1, its title and language, dated by the edition', async () => {
    const xmp = await xmpOf(samplePdf);
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toMatch(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">110 Overseas<\/rdf:li><\/rdf:Alt><\/dc:title>/);
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain('<xmp:CreateDate>2022-12-13T00:00:00+00:00</xmp:CreateDate>');
    expect(xmp).not.toContain('pdfaid'); // a draft is not archival
  });

  it('passes every document rule on the sample, and the build reports no PDF finding', async () => {
    const found = await checkPdf({ bytes: samplePdf, file: 'sample.pdf', structure: false });
    expect(found.map(formatDiagnostic)).toEqual([]);
    expect(sampleWarnings).not.toMatch(/\[pdfu?a-/);
  });

  it('finds the same fonts listed from the file as by walking every page and form', async () => {
    // The checker lists a Chromium PDF's font dictionaries directly (PdfFile.fonts) and walks the
    // pages only when one has a problem; the walk here is forced by a fully loaded document.
    const listed = (await PdfFile.load(samplePdf)).fonts();
    const walked = PdfFile.of(await PDFDocument.load(samplePdf, { updateMetadata: false })).fonts();
    const names = (fonts: FontUse[]) => fonts.map((f) => `${f.name} ${f.subtype} ${f.embedded} ${f.unicode}`).sort();
    expect(listed.length).toBeGreaterThan(3);
    expect(listed.every((f) => f.page === null)).toBe(true);
    expect(names(listed)).toEqual(names(walked));
    expect(walked.every((f) => f.page !== null)).toBe(true);
  });
});

describe('PDF/A-2u for a released edition', () => {
  it('passes the PDF/A-2u checks, and brief verify still passes', async () => {
    const xmp = await xmpOf(releasePdf);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>U</pdfaid:conformance>');
    const found = await checkPdf({ bytes: releasePdf, file: 'demo-1.0.pdf', pdfa: true, structure: false });
    expect(found.map(formatDiagnostic)).toEqual([]);
    const verify = await runCli(['--root', demo, 'verify', 'demo']);
    expect(verify.code, verify.err).toBe(0);
    expect(releaseWarnings).not.toMatch(/\[pdfu?a-/); // the release's own check found nothing
  });

  it('rebuilds the released sources byte for byte, as PDF/A-2u', async () => {
    await runCliOk(demo, ['build', 'demo']);
    const first = readFileSync(path.join(demo, 'output', 'demo', '1.0', 'demo-1.0.pdf'));
    await runCliOk(demo, ['build', 'demo']);
    const second = readFileSync(path.join(demo, 'output', 'demo', '1.0', 'demo-1.0.pdf'));
    expect(Buffer.compare(first, second)).toBe(0);
    expect(await rulesOf(first, { pdfa: true })).not.toContain('[pdfa-xmp]');
  });

  it('finds a draft PDF is not PDF/A when asked to check it as one (--pdfa), exit 1', async () => {
    const file = path.join(sample, 'draft.pdf');
    writeFileSync(file, samplePdf);
    const r = await runCli(['--root', sample, 'check', '--pdf', 'draft.pdf', '--pdfa']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('draft.pdf:document: error the XMP metadata does not claim PDF/A-2u (no pdfaid:part) [pdfa-xmp]');
    expect(r.err).toContain('[pdfa-output-intent]');
  });
});

describe('brief check --pdf usage', () => {
  it('refuses --pdfa without --pdf, and --pdf with brief names (exit 2)', async () => {
    const alone = await runCli(['--root', sample, 'check', '--pdfa']);
    expect(alone.code).toBe(2);
    expect(alone.err).toContain('[usage-option-value]');
    const both = await runCli(['--root', sample, 'check', SAMPLE, '--pdf', 'draft.pdf']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--pdf cannot be combined with brief names');
  });
});

describe('brief check --pdf on a PDF with one thing taken away', () => {
  it('reports the rule with its page, and exits 1', async () => {
    const bytes = await changed(samplePdf, (doc) => {
      for (const a of linkAnnots(doc)) a.set(PDFName.of('Contents'), PDFString.of('a link'));
      const font = fontDicts(doc).find((f) => f.get(PDFName.of('ToUnicode')));
      font!.delete(PDFName.of('ToUnicode'));
    });
    writeFileSync(path.join(sample, 'no-unicode.pdf'), bytes);
    const r = await runCli(['--root', sample, 'check', '--pdf', 'no-unicode.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^no-unicode\.pdf:page \d+: error font Noto\S+ \(Type0\) has no ToUnicode map: its text cannot be read aloud, searched or copied \[pdfua-font-unicode\]$/m);
  });

  const cases: [string, () => Uint8Array, (doc: PDFDocument) => void, { pdfa?: boolean }?][] = [
    ['[pdfua-tagged]', () => samplePdf, (doc) => doc.catalog.delete(PDFName.of('MarkInfo'))],
    ['[pdfua-xmp]', () => samplePdf, (doc) => doc.catalog.delete(PDFName.of('Metadata'))],
    [
      '[pdfua-title]',
      () => samplePdf,
      (doc) => {
        const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/></rdf:RDF></x:xmpmeta>';
        doc.catalog.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })));
      },
    ],
    ['[pdfua-display-title]', () => samplePdf, (doc) => doc.catalog.delete(PDFName.of('ViewerPreferences'))],
    ['[pdfua-lang]', () => samplePdf, (doc) => doc.catalog.delete(PDFName.of('Lang'))],
    ['[pdfua-figure-alt]', () => samplePdf, (doc) => structElems(doc, 'Figure').forEach((f) => f.delete(PDFName.of('Alt')))],
    ['[pdfua-heading-nesting]', () => samplePdf, (doc) => structElems(doc, 'H1').forEach((h) => h.set(PDFName.of('S'), PDFName.of('H3')))],
    ['[pdfua-table-header]', () => samplePdf, (doc) => structElems(doc, 'TH').forEach((h) => h.set(PDFName.of('S'), PDFName.of('TD')))],
    ['[pdfua-note]', () => samplePdf, (doc) => structElems(doc, 'Note').forEach((n) => n.delete(PDFName.of('ID')))],
    ['[pdfua-nonstruct]', () => samplePdf, (doc) => structElems(doc, 'P').forEach((p) => p.set(PDFName.of('S'), PDFName.of('NonStruct')))],
    ['[pdfua-link-contents]', () => samplePdf, (doc) => linkAnnots(doc).forEach((a) => a.delete(PDFName.of('Contents')))],
    ['[pdfua-link-tagged]', () => samplePdf, (doc) => linkAnnots(doc).forEach((a) => a.delete(PDFName.of('StructParent')))],
    [
      '[pdfua-font-embedded]',
      () => samplePdf,
      (doc) => {
        for (const [, obj] of doc.context.enumerateIndirectObjects()) if (obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) obj.delete(PDFName.of('FontFile2'));
      },
    ],
    ['[pdfa-xmp]', () => releasePdf, (doc) => doc.catalog.delete(PDFName.of('Metadata')), { pdfa: true }],
    ['[pdfa-output-intent]', () => releasePdf, (doc) => doc.catalog.delete(PDFName.of('OutputIntents'))],
    ['[pdfa-encrypted]', () => releasePdf, (doc) => (doc.context.trailerInfo.Encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2 })), { pdfa: true }],
    ['[pdfa-action]', () => releasePdf, (doc) => doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }))],
    [
      '[pdfa-transparency]',
      () => releasePdf,
      (doc) => {
        doc.catalog.delete(PDFName.of('OutputIntents'));
        const page = doc.getPage(0).node;
        const res = page.Resources()!;
        const gs = (res.lookup(PDFName.of('ExtGState')) as PDFDict | undefined) ?? doc.context.obj({});
        gs.set(PDFName.of('Half'), doc.context.obj({ ca: PDFNumber.of(0.5) }));
        res.set(PDFName.of('ExtGState'), gs);
      },
    ],
    ['[pdfa-annotation-print]', () => samplePdf, (doc) => linkAnnots(doc).forEach((a) => a.set(PDFName.of('F'), PDFNumber.of(0))), { pdfa: true }],
    ['[pdfa-info-xmp]', () => releasePdf, (doc) => doc.setTitle('Another title')],
  ];

  for (const [rule, from, change, opts] of cases) {
    it(`finds ${rule}`, async () => {
      expect(await rulesOf(await changed(from(), change), opts)).toContain(rule);
    });
  }

  it('passes the untouched release on every rule it checks there', async () => {
    const found = await rulesOf(releasePdf, { pdfa: true });
    for (const [rule, from] of cases) if (from() === releasePdf && rule.startsWith('[pdfa-')) expect(found).not.toContain(rule);
  });
});

