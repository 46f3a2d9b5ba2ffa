// Charts (and SVG images) as PNG for Word: resvg rasterises the SVG at print resolution with the
// fonts the PDF uses. resvg reads only TrueType/OpenType files, and the Noto fonts come as WOFF2,
// so each face is decompressed once (wawoff2) into the project's .cache.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { decompress } from 'wawoff2';
import { CHART_FONT } from '../charts/fonts.ts';
import { cachedFile } from '../cache.ts';
import { scriptSansFaceFiles } from '../render/fonts.ts';

const require = createRequire(import.meta.url);
const filesDir = path.join(path.dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');

/** 300 dpi over CSS's 96 px per inch: what a printer needs from an image shown at its CSS size. */
export const PRINT_ZOOM = 300 / 96;

// The scripts chart labels are most likely to need, in the weights Vega draws (labels, titles).
const SUBSETS = ['latin', 'latin-ext', 'greek', 'cyrillic', 'vietnamese'];
const FACES = ['400-normal', '700-normal', '400-italic'];

/**
 * TrueType copies of the chart font's faces under `cache`, made on first need; and of the faces
 * the PDF draws `text`'s other scripts with (Amiri for Arabic labels, Noto Sans SC/TC for Chinese),
 * which resvg falls back on for the characters Noto Sans lacks.
 */
export async function chartFontFiles(cache: string, text = '', language = 'en'): Promise<string[]> {
  const files: string[] = [];
  for (const woff2 of scriptSansFaceFiles(text, new Set([language.toLowerCase()]))) {
    files.push(await cachedFile(path.join(cache, 'fonts'), path.basename(woff2).replace(/\.woff2$/, '.ttf'), async () => Buffer.from(await decompress(readFileSync(woff2)))));
  }
  for (const subset of SUBSETS) {
    for (const face of FACES) {
      const name = `noto-sans-${subset}-${face}`;
      const woff2 = path.join(filesDir, `${name}.woff2`);
      if (!existsSync(woff2)) continue;
      files.push(await cachedFile(path.join(cache, 'fonts'), `${name}.ttf`, async () => Buffer.from(await decompress(readFileSync(woff2)))));
    }
  }
  return files;
}

/** The PNG, and the size the SVG asks to be shown at (CSS px). */
export function svgToPng(svg: string, fontFiles: string[]): { png: Buffer; size: { width: number; height: number } } {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PRINT_ZOOM },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  const png = resvg.render().asPng();
  return { png, size: { width: resvg.width, height: resvg.height } };
}
