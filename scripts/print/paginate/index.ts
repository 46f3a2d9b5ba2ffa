// The paginator's entry in the page (bundled into one script by print/bundle.ts). It lays the
// document out once as a galley at the width of the content area, measures blocks, line boxes,
// note references and note heights in one batch (measure), fills pages in pure JS (fill), and
// only then moves the content into explicit `.page` boxes (move). Chromium prints one box per page.
import { fitTables } from './fit.ts';
import { liftLandscapes } from './landscape.ts';
import { fill } from './fill.ts';
import { measure } from './measure.ts';
import { anchor, move } from './move.ts';
import { checkOverflow } from './overflow.ts';
import { describeTarget } from './marks.ts';
import { prepare } from './prepare.ts';
import type { PaginateResult } from './types.ts';

const EPS = 1; // px of slack against rounding of line-box estimates

export async function paginate(): Promise<PaginateResult> {
  const t0 = performance.now();
  const prepared = await prepare();
  const tPrep = performance.now();
  const area = prepared.probeBody.getBoundingClientRect().height - EPS;
  const refWidths = prepared.pagerefs.map((r) => r.getBoundingClientRect().width);
  const landscapes = liftLandscapes(prepared.units, EPS);
  fitTables(area, landscapes.area);
  const { measured, galley } = measure(prepared, area, landscapes);
  const tMeasure = performance.now();
  const plan = fill(measured);
  const anchors = anchor(plan, galley); // while the galley layout is still valid
  const tLayout = performance.now();
  const pageEls = move(plan, galley, anchors, prepared, refWidths);
  const tFill = performance.now();
  const flagged = new Set(plan.pages.flatMap((p, i) => (p.overflow ? [i + 1] : [])));
  const overflow = checkOverflow(pageEls, flagged);
  return {
    pages: plan.pages.length,
    timings: { prepare: tPrep - t0, measure: tMeasure - tPrep, layout: tLayout - tMeasure, fill: tFill - tLayout, check: performance.now() - tFill },
    overflow,
    notes: plan.pages.reduce((n, p) => n + p.notes.length, 0),
    targets: linkTargets(),
    continues: pageEls.map((page) => (page.getAttribute('data-continues') || '').split(' ').filter((t) => t !== '')),
  };
}

/** The description of every element an internal link leads to, by id. */
function linkTargets(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of Array.from(document.querySelectorAll('a[href^="#"]'))) {
    const id = decodeURIComponent((a.getAttribute('href') || '').slice(1));
    const target = id && !(id in out) ? document.getElementById(id) : null;
    if (target) out[id] = describeTarget(target);
  }
  return out;
}
