// Printer.warm: the faces a document draws with are loaded into the first tab while the pipeline
// still renders it (render/fonts.ts faceSampleHtml, pipeline.ts warmPrinter). Asserted on what a
// caller gets: the warm-up page names the faces the text needs and nothing of the text unescaped;
// a print after a warm-up sent while the printer was still opening is the same PDF as one without,
// and what the warm-up page was refused is not reported as the print's.
import { describe, expect, it } from 'vitest';
import { openPrinter } from '../../scripts/print/index.ts';
import { openPrinterThread } from '../../scripts/print/printer-thread.ts';
import { faceSampleHtml } from '../../scripts/render/fonts.ts';
import { readPdf } from '../helpers/pdf.ts';
import { buildFixture, printOptions } from './fixture.ts';

const options = printOptions();
const html = buildFixture().html;
/** The woff2 files a page's @font-face rules load. */
const faceFiles = (page: string) => [...page.matchAll(/url\("file:[^"]*\/([^/"]+\.woff2)"\)/g)].map((m) => m[1]);

describe('the warm-up page', () => {
  it('draws each face the text needs with the characters it covers, and escapes the text', () => {
    const page = faceSampleHtml('Harbour <b>dues</b> & “levies” – 港口', new Set(['en']));
    const files = faceFiles(page);
    expect(files).toContain('noto-serif-latin-400-normal.woff2');
    expect(files).toContain('noto-sans-latin-700-normal.woff2');
    expect(files.some((f) => f.startsWith('noto-serif-sc-'))).toBe(true); // 港口
    expect(files.some((f) => f.includes('cyrillic'))).toBe(false); // no character needs it
    const body = page.slice(page.indexOf('<body>'));
    expect(body).not.toMatch(/<b>|<script/);
    expect(body).toContain('&lt;');
    expect(body).toContain('&amp;');
    expect(page).toContain("default-src 'none'");
  });
});

describe('a print after a warm-up', () => {
  it('is the PDF a print without one makes; the warm-up page\'s refused request is not the print\'s', async () => {
    const opening = openPrinterThread({ allowedRoots: options.allowedRoots });
    // Sent before the printer has opened, as a build sends it; this one (without its CSP) also asks
    // for a file outside the allowed folders, which the print sandbox refuses.
    const page = faceSampleHtml('Freedonia 港口', new Set(['en'])).replace(/<meta http-equiv[^>]*>/, '');
    opening.warm(page.replace('</body>', '<img src="file:///etc/hostname"></body>'));
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

    const cold = await openPrinter({ allowedRoots: options.allowedRoots });
    try {
      const same = await cold.print({ html, name: 'freedonia.pdf', options });
      expect(Buffer.from(out.pdf).equals(Buffer.from(same.pdf))).toBe(true);
    } finally {
      await cold.close();
    }
  });
});
