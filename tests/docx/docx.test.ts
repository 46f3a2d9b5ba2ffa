// brief build --docx on a fixture brief: the real .docx opened as a zip. Headings carry Word's
// Heading styles, footnotes match the PDF's numbers and texts, tables repeat their header row,
// charts are PNG images with the chart's alt text, and a second build gives the same bytes.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/runs/build.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { openPrinter, type Printer } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { compact, readPdf, type PdfReport } from '../helpers/pdf.ts';
import { ALT, briefFiles, footnotes, paragraphs, readDocx, textOf, type Parts } from './fixture.ts';

let root: string;
let printer: Printer;
let result: BuildResult;
let bytes: Buffer;
let docx: Parts;
let pdf: PdfReport;

beforeAll(async () => {
  root = makeProject(briefFiles());
  printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
  result = await build(pipelineContext(root), { name: 'fw', printer, docx: true });
  bytes = readFileSync(result.docx!);
  docx = readDocx(bytes);
  pdf = await readPdf(readFileSync(result.pdf!));
});

afterAll(async () => {
  await printer?.close();
  removeProject(root);
});

describe('the Word edition', () => {
  it('is written beside the PDF', () => {
    expect(result.docx).toMatch(/output\/fw\/1\.0\/fw-1\.0\.docx$/);
  });

  it('has the headings under Heading1/Heading2 styles and the paragraph text', () => {
    const paras = paragraphs(docx['word/document.xml']);
    const headings = paras.filter((p) => /^Heading\d$/.test(p.style ?? '')).map((p) => [p.style, p.text]);
    expect(headings).toEqual([
      ['Heading1', 'Wells of Freedonia'],
      ['Heading2', 'Northern wells'],
      ['Heading1', 'Sylvania'],
      ['Heading2', 'Depth by region'],
      ['Heading1', 'Revision log'],
    ]);
    const text = paras.map((p) => p.text);
    expect(text).toContain('Freedonia has four wells, listed in Table 1, and a water board that publishes its survey.');
    expect(text).toContain('The northern wells are dry. The board says so again.1'); // a second citation repeats the number, as in the PDF
    expect(text).toContain('North is the oldest well.');
    expect(text).toContain('Two wells are in the Upper region.');
    expect(paras.find((p) => p.style === 'Title')?.text).toBe('Wells of Freedonia');
    expect(docx['word/document.xml']).toMatch(/<w:instrText[^>]*>TOC [^<]*<\/w:instrText>/); // a real TOC field
  });

  it('keeps emphasis, links and lists as Word formatting', () => {
    const xml = docx['word/document.xml'];
    expect(xml).toMatch(/<w:r><w:rPr><w:i\/><w:iCs\/><\/w:rPr><w:t[^>]*>four<\/w:t>/);
    expect(xml).toMatch(/<w:hyperlink [^>]*r:id="rIdx\d+"[^>]*>(?:(?!<\/w:hyperlink>)[\s\S])*publishes its survey/);
    expect(docx['word/_rels/document.xml.rels']).toContain('Target="https://example.org/survey"');
    expect((xml.match(/<w:numPr>/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });

  it('has every footnote with the number and text the PDF gives it', () => {
    const notes = footnotes(docx['word/footnotes.xml']);
    expect([...notes.entries()]).toEqual([
      [1, 'Freedonia Water Board, Annual Survey, 2023.'],
      [2, 'Field notes, 2023.'],
      [3, 'Sylvanian Trade Office, Imports, 2022.'],
    ]);
    const pdfText = compact(pdf.pages.join('\n'));
    for (const [n, text] of notes) expect(pdfText).toContain(compact(`${n}${text}`));
    // The references in the text point at those notes, first citations only.
    expect([...docx['word/document.xml'].matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3]);
  });

  it('has tables as Word tables whose first row repeats as a header', () => {
    const tables = [...docx['word/document.xml'].matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(1);
    const rows = [...tables[0].matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows.slice(1).some((r) => r.includes('<w:tblHeader/>'))).toBe(false);
    expect(rows.map((r) => [...r.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])))).toEqual([
      ['Well', 'Region', 'Depth'],
      ['South', 'Lower', '30'],
      ['West', 'Lower', '18'],
      ['North', 'Upper', '12'],
      ['East', 'Upper', '7'],
    ]);
  });

  it('has the chart as a print-resolution PNG carrying the alt text', () => {
    const docPr = [...docx['word/document.xml'].matchAll(/<wp:docPr [^>]*>/g)].map((m) => m[0]);
    expect(docPr).toHaveLength(1);
    expect(docPr[0]).toContain(`descr="${ALT}"`);
    const pngs = Object.entries(unzipSync(bytes)).filter(([name]) => name.startsWith('word/media/'));
    expect(pngs.map(([name]) => name)).toEqual(['word/media/image1.png']);
    const png = Buffer.from(pngs[0][1]);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // 300 dpi: the bitmap has 300/96 pixels for every CSS pixel the picture is shown at.
    const shownPx = Number(/<wp:extent cx="(\d+)"/.exec(docx['word/document.xml'])![1]) / 9525;
    expect(png.readUInt32BE(16) / shownPx).toBeCloseTo(300 / 96, 1);
  });

  it('has the document properties', () => {
    const core = docx['docProps/core.xml'];
    expect(core).toContain('<dc:title>Wells of Freedonia</dc:title>');
    expect(core).toContain('<dc:creator>R. Firefly; T. Teasdale</dc:creator>');
    expect(core).toContain('<cp:keywords>water, Freedonia</cp:keywords>');
    expect(core).toContain('<dc:language>en</dc:language>');
    expect(core).toMatch(/<dcterms:created[^>]*>2024-03-01T00:00:00Z<\/dcterms:created>/);
  });

  it('is byte-identical when built again', async () => {
    const again = await build(pipelineContext(root), { name: 'fw', printer, docx: true });
    expect(Buffer.compare(readFileSync(again.docx!), bytes)).toBe(0);
  });
});
