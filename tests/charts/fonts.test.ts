// Label widths come from the Noto Sans files, so Vega lays out for the real font.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { measureText, useFontMetrics } from '../../scripts/charts/fonts.ts';

const require = createRequire(import.meta.url);
const file = (subset: string, weight = 400) => require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff`);
const font = (subset: string, weight = 400) => fontkit.create(readFileSync(file(subset, weight))) as fontkit.Font;

describe('measureText', () => {
  it('is the font advance width (with kerning) scaled to the font size', () => {
    const latin = font('latin');
    expect(measureText({ fontSize: 10 }, 'Ruritania')).toBeCloseTo((latin.layout('Ruritania').advanceWidth / latin.unitsPerEm) * 10, 6);
    expect(measureText({ fontSize: 10 }, 'AVAV')).toBeLessThan(((4 * latin.glyphForCodePoint(65).advanceWidth) / latin.unitsPerEm) * 10 + 10 * 2 * 0.7);
  });

  it('uses the bold file for bold text', () => {
    expect(measureText({ fontSize: 11, fontWeight: 'bold' }, 'Freedonia')).toBeGreaterThan(measureText({ fontSize: 11 }, 'Freedonia'));
    const bold = font('latin', 700);
    expect(measureText({ fontSize: 11, fontWeight: 700 }, 'Freedonia')).toBeCloseTo((bold.layout('Freedonia').advanceWidth / bold.unitsPerEm) * 11, 6);
  });

  it('measures letters from the other subset files, and CJK as one em each', () => {
    const ext = font('latin-ext');
    const o = (ext.layout('Ō').advanceWidth / ext.unitsPerEm) * 10;
    expect(measureText({ fontSize: 10 }, 'Ō')).toBeCloseTo(o, 6);
    expect(measureText({ fontSize: 10 }, '福州')).toBe(20);
  });

  it('truncates to the limit as Vega draws it', () => {
    const full = measureText({ fontSize: 10 }, 'Grand Duchy of Grand Fenwick');
    const cut = measureText({ fontSize: 10, limit: 60 }, 'Grand Duchy of Grand Fenwick');
    expect(full).toBeGreaterThan(60);
    expect(cut).toBeLessThanOrEqual(60);
    expect(measureText({ fontSize: 10 }, '  ')).toBe(0);
  });

  it('replaces Vega\'s estimate', () => {
    useFontMetrics();
    const tm = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics;
    expect(tm.width).toBe(measureText);
  });
});
