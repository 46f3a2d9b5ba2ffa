// Printer.warm: the faces a document draws with are loaded into the first tab while the pipeline
// still renders it (render/fonts.ts faceSampleHtml, pipeline.ts warmPrinter). Asserted on what a
// caller gets: the warm-up page names the faces the text needs and nothing of the text unescaped;
// a print after a warm-up sent while the printer was still opening is the same PDF as one without,
// and what the warm-up was refused is not reported as the print's.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openPrinterThread } from '../../scripts/print/printer-thread.ts';
import { faceSampleHtml } from '../../scripts/render/fonts.ts';
import { readPdf } from '../helpers/pdf.ts';
import { makeProject } from '../helpers/project.ts';
import { buildFixture, printedHere, printOptions } from './fixture.ts';

const options = printOptions();
const html = buildFixture().html;
const roots: string[] = [];

afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
/** The woff2 files a page's @font-face rules load. */
const faceFiles = (page: string) => [...page.matchAll(/url\("file:[^"]*\/([^/"]+\.woff2)"\)/g)].map((m) => m[1]);

describe('the warm-up page', () => {
  it('links the faces the text needs, draws it in each style of the document\'s serif and sans stacks, and escapes it', () => {
    const page = faceSampleHtml('Harbour <b>dues</b> & “levies” – 港口', new Set(['en']));
    const files = faceFiles(page);
    expect(files).toContain('noto-serif-latin-400-normal.woff2');
    expect(files).toContain('noto-sans-latin-700-normal.woff2');
    expect(files.some((f) => f.startsWith('noto-serif-sc-'))).toBe(true); // 港口
    expect(files.some((f) => f.includes('cyrillic'))).toBe(false); // no character needs it
    // The stacks of brief.css, so that the browser takes the faces the document will take.
    expect(page).toContain("font-family:'Noto Serif','Noto Serif SC','Noto Serif TC','Amiri',serif;font-style:italic;font-weight:700");
    expect(page).toContain("font-family:'Noto Sans','Noto Sans SC','Noto Sans TC','Amiri',sans-serif;font-style:normal;font-weight:600");
    const body = page.slice(page.indexOf('<body>'));
    expect(body).not.toMatch(/<b>|<script/);
    expect(body).toContain('&lt;');
    expect(body).toContain('&amp;');
    expect(body).toContain('港');
    expect(page).toContain("default-src 'none'");
    // A Chinese edition sets its Latin letters in the Chinese faces too (brief.css :lang(zh)).
    expect(faceSampleHtml('港口 harbour', new Set(['zh-hans']))).toContain("font-family:'Noto Serif SC','Noto Serif',");
  });
});

describe('a print after a warm-up', () => {
  it('is the PDF a print without one makes; what the warm-up was refused is not the print\'s', async () => {
    // The fonts' folders and a project of its own: Amiri's package is not among them.
    const root = makeProject({});
    roots.push(root);
    const opening = openPrinterThread({ allowedRoots: [root, ...options.allowedRoots.slice(1)] });
    // Sent before the printer has opened, as a build sends it. Its Arabic needs Amiri, whose faces
    // the print sandbox refuses.
    opening.warm('Freedonia 港口 مرفأ', ['en']);
    const warmed = await opening;
    let out;
    try {
      out = await warmed.print({ html, name: 'freedonia.pdf', options });
      expect(await warmed.openPages()).toBe(0);
    } finally {
      await warmed.close();
    }
    expect(out.refused).toEqual([]);
    expect((await readPdf(out.pdf)).pages[0]).toContain('Freedonia');
    expect(Buffer.from(out.pdf).equals(Buffer.from(await printedHere(html, options)))).toBe(true);
  });
});
