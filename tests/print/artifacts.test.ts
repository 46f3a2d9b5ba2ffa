// The artifact pass of print/tags.ts on content streams written the way Skia writes them, and
// its refusal to touch files of another shape. (No browser: the tagged PDFs themselves are
// checked in tags.test.ts.)
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { tagStructure, wrapUnmarked } from '../../scripts/print/tags.ts';

/** Marked-content operators in order, as a short string: B(egin) and E(nd), A for an artifact. */
const nesting = (s: string) => Array.from(s.matchAll(/\/Artifact BMC|BDC|BMC|EMC/g), (m) => (m[0] === '/Artifact BMC' ? 'A' : m[0] === 'EMC' ? 'E' : 'B')).join('');

describe('wrapUnmarked', () => {
  it('wraps a rule drawn outside marked content, path and all, and closes before the next marked content', () => {
    const src = 'q\n.5 .5 .5 rg\n76 2304 642 1 re\nf\nQ\n/NonStruct <</MCID 0 >>BDC\nBT\n/F4 8 Tf\n<0041> Tj\nET\nEMC\n';
    const out = wrapUnmarked(src)!;
    expect(out).toBe('q\n.5 .5 .5 rg\n/Artifact BMC\n76 2304 642 1 re\nf\nQ\nEMC\n/NonStruct <</MCID 0 >>BDC\nBT\n/F4 8 Tf\n<0041> Tj\nET\nEMC\n');
  });

  it('wraps unmarked text inside its text object, from its operand, and around /ActualText spans', () => {
    const src = 'BT\n/F4 8 Tf\n1 0 0 -1 75 2299 Tm\n<00F3> Tj\n/Span<</ActualText (v) >> BDC\n6.9 0 Td <0039> Tj\nEMC\n[<0001> 3 <0002>] TJ\nET\n';
    const out = wrapUnmarked(src)!;
    expect(out).toBe('BT\n/F4 8 Tf\n1 0 0 -1 75 2299 Tm\n/Artifact BMC\n<00F3> Tj\n/Span<</ActualText (v) >> BDC\n6.9 0 Td <0039> Tj\nEMC\n[<0001> 3 <0002>] TJ\nEMC\nET\n');
    expect(nesting(out)).toBe('ABEE');
  });

  it('leaves clipping paths and marked content alone, and reads no operator inside a string', () => {
    const src = 'q\n0 0 2480 3507 re\nW* n\n/P <</MCID 3 >>BDC\nBT\n(f S re Tj) Tj\nET\nEMC\nQ\n';
    expect(wrapUnmarked(src)).toBeNull();
  });

  it('keeps artifacts inside one text object and properly nested', () => {
    const src = 'BT\n<0001> Tj\nET\nBT\n/P <</MCID 0 >>BDC\n<0002> Tj\nEMC\n<0003> Tj\nET\n0 0 1 1 re\nf\n';
    const out = wrapUnmarked(src)!;
    expect(nesting(out)).toBe('AEBEAEAE');
    expect(out.endsWith('0 0 1 1 re\nf\n\nEMC\n')).toBe(true);
    expect(out).toContain('/Artifact BMC\n<0001> Tj\nEMC\nET\n');
  });

  it('refuses streams with inline images', () => {
    expect(wrapUnmarked('q\nBI /W 1 /H 1 ID x EI\nQ\n')).toBeNull();
  });
});

describe('tagStructure', () => {
  it('returns a file of another shape (object streams, no structure tree) as it came', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]).drawText('x');
    const bytes = await doc.save({ useObjectStreams: true });
    const out = tagStructure(bytes);
    expect(out.pdf).toBe(bytes);
    expect(out.stats).toEqual({ before: 0, after: 0 });
  });
});
