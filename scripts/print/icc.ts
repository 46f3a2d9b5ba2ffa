// The sRGB ICC profile a PDF/A output intent names (Chromium paints in DeviceRGB, i.e. sRGB).
// It comes from the pdfkit npm package, which ships the ICC's sRGB IEC61966-2.1 profile for its
// own PDF/A output, so no colour profile is copied into this repository.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

let profile: Uint8Array | null = null;

export const SRGB_IDENTIFIER = 'sRGB IEC61966-2.1';

export function srgbProfile(): Uint8Array {
  // pdfkit's exports hide package.json; its CommonJS entry sits in js/, beside data/.
  return (profile ??= new Uint8Array(readFileSync(path.join(path.dirname(require.resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc'))));
}
