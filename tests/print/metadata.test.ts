// stampMetadata's pdf-lib path (a PDF not shaped as Chromium writes it): the same XMP, PDF/UA and
// PDF/A-2u entries as the fast path that every Chromium print takes (tests/pdfcheck covers that one).
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { stampMetadata } from '../../scripts/print/metadata.ts';
import { checkPdf } from '../../scripts/pdfcheck/index.ts';

const options = { title: 'Harbour dues — a review', authors: ['R. Firefly', 'A. Tern'], subject: 'Dues & fees', keywords: ['ports', 'fees'], language: 'fr', date: new Date('2024-03-01T00:00:00Z') };

async function plainPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]);
  // Object streams: not the classic xref table the fast path edits in place.
  return doc.save({ useObjectStreams: true });
}

describe('stampMetadata through pdf-lib', () => {
  it('writes the PDF/A-2u metadata and output intent, the same bytes twice', async () => {
    const raw = await plainPdf();
    const a = await stampMetadata({ pdf: raw, options: { ...options, pdfa: true } });
    const b = await stampMetadata({ pdf: raw, options: { ...options, pdfa: true } });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    const found = await checkPdf({ bytes: a, file: 'plain.pdf', pdfa: true, structure: false });
    // Only the tags are missing: pdf-lib wrote no structure tree.
    expect(found.map((d) => d.rule)).toEqual(['pdfua-tagged']);
    expect(found[0].message).toBe('the PDF is not tagged: there is no structure tree');
  });

  it('writes no PDF/A claim for a draft', async () => {
    const out = await stampMetadata({ pdf: await plainPdf(), options: { ...options, pdfa: false } });
    const found = await checkPdf({ bytes: out, file: 'plain.pdf', pdfa: true, structure: false });
    expect(found.map((d) => d.rule)).toEqual(['pdfua-tagged', 'pdfa-xmp', 'pdfa-output-intent']);
  });
});
