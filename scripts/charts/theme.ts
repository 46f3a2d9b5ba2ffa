// The briefkit chart look: a sober report figure. Authors may override any of
// it with a `config` block in their spec; theirs is merged over this one.
import type { Config } from 'vega-lite';

/** Muted categorical palette: dark blue, ochre, teal, grey, then lighter/darker partners. */
export const PALETTE = ['#1f3f66', '#c48b2a', '#2e8580', '#8a8f98', '#9b4a3c', '#6f93bd', '#dcb56b', '#86bfb6', '#4b4f57', '#c98f84'];
/** Countries without data on a map. */
export const NO_DATA = '#e6e5e1';
export const INK = '#2b2b2b';
const MUTED = '#5c5c5c';
const RULE = '#9a9a9a';
const GRID = '#e8e8e8';

/** Opacity of marks that are not the pack's country, when one is highlighted. */
export const DIMMED = 0.35;

/** Axis and legend labels, px. */
export const LABEL_SIZE = 10;

/** ~170 mm, an A4 text column, in CSS px: charts scale down from here, never up. */
export const COLUMN_WIDTH = 640;

export function theme(font: string): Config {
  const label = { labelFont: font, labelFontSize: LABEL_SIZE, labelColor: INK };
  const title = { titleFont: font, titleFontSize: 10, titleFontWeight: 'normal' as const, titleColor: MUTED };
  return {
    font,
    background: 'transparent',
    padding: 4,
    view: { stroke: null, continuousWidth: COLUMN_WIDTH, continuousHeight: 240, step: 22 },
    title: { font, fontSize: 11, fontWeight: 'bold', color: INK, anchor: 'start', offset: 8, subtitleFont: font, subtitleFontSize: 10, subtitleColor: MUTED },
    axis: {
      ...label,
      ...title,
      domainColor: RULE,
      tickColor: RULE,
      tickSize: 4,
      labelPadding: 4,
      titlePadding: 8,
      gridColor: GRID,
      gridWidth: 1,
      labelFlush: true,
      labelOverlap: true,
      labelLimit: 180,
    },
    axisBand: { ticks: false, domain: true, labelPadding: 6, grid: false },
    axisQuantitative: { domain: false, ticks: false, tickCount: 5 },
    // Time runs along x: a few labelled ticks, no vertical grid.
    axisTemporal: { grid: false, ticks: true, tickCount: 6, domain: true },
    legend: {
      ...label,
      ...title,
      titleFontWeight: 'bold',
      titleColor: INK,
      symbolType: 'square',
      symbolSize: 90,
      symbolStrokeWidth: 0,
      rowPadding: 4,
      labelLimit: 200,
    },
    header: { labelFont: font, labelFontSize: 10, labelColor: INK, titleFont: font, titleFontSize: 11, titleColor: INK },
    // Sequential colours start well clear of the no-data grey.
    range: { category: PALETTE, ordinal: { scheme: 'blues' }, ramp: ['#b7c9dd', '#1f3f66'], heatmap: ['#b7c9dd', '#1f3f66'] },
    scale: { bandPaddingInner: 0.25 },
    mark: { color: PALETTE[0], font },
    bar: { color: PALETTE[0] },
    line: { color: PALETTE[0], strokeWidth: 2 },
    point: { color: PALETTE[0], filled: true, size: 36 },
    rule: { color: RULE },
    text: { font, fontSize: 10, color: INK },
    geoshape: { stroke: '#ffffff', strokeWidth: 0.5 },
    arc: { stroke: '#ffffff', strokeWidth: 1 },
  };
}
