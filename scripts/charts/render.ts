// charts/ — a ::chart directive's Vega-Lite spec and rows → static, accessible,
// deterministic SVG, cached by content hash.
// Vega, Vega-Lite, fontkit and the world shapes load only on a cache miss:
// importing them costs ~0.6 s, more than `brief check` may take.
import { cacheKey, readCached, writeCached } from '../cache.ts';
import { chartColumns as fieldsOf } from './fields.ts';
import { checkSpec, readSpec, type ChartContext, type ChartRequest } from './spec.ts';
import { Reporter, type RuleCall } from '../messages.ts';
import { packageVersion } from '../version.ts';
import { limitsOf } from '../config/schema.ts';

export type { ChartContext, ChartRequest } from './spec.ts';

/** Bump when the look or the SVG post-processing changes, to invalidate caches. */
const RENDERER = 'charts-1';

/** The face the page loads for the script of `language` beyond Noto Sans's (see render/fonts.ts). */
const SCRIPT_FACE: Record<string, string> = { Hans: 'Noto Sans SC', Hant: 'Noto Sans TC', Arab: 'Amiri' };

/**
 * CSS font-family of chart text: Noto Sans (measured), with the face the page loads for a Chinese
 * or Arabic-script brief. Charts stay left to right (axes, legends) in every language.
 */
export function chartFont(language: string): string {
  let script: string | undefined;
  try {
    script = new Intl.Locale(language).maximize().script;
  } catch {
    script = undefined; // not a tag Intl knows: the config stage reports it
  }
  const face = script === undefined ? undefined : SCRIPT_FACE[script];
  return face ? `'Noto Sans', '${face}', sans-serif` : `'Noto Sans', sans-serif`;
}

/** Everything that changes the picture. */
function renderKey(req: ChartRequest, specText: string, font: string): string {
  return cacheKey([
    RENDERER, packageVersion('briefkit'), packageVersion('vega'), packageVersion('vega-lite'), packageVersion('world-atlas'), specText, req.dataset.columns.map((c) => c.name), req.rows,
    req.alt, req.highlight ?? '', req.width ?? '', req.height ?? '', font,
    req.brief.packs && req.brief.packs.dataset === req.dataset.name ? req.brief.packs.column : '',
  ]);
}

/** Static SVG markup for the chart; null after reporting located errors. */
export async function renderChart(req: ChartRequest, ctx: ChartContext): Promise<string | null> {
  const src = await readSpec(req, ctx.reporter);
  if (!src) return null;
  const font = chartFont(req.brief.language);
  const key = renderKey(req, src.text, font);
  const name = `${key}.svg`;
  const cached = await readCached(ctx.cacheDir, name);
  if (cached !== null) {
    // Warnings belong to the chart, not to the first build that drew it.
    const notes = await readCached(ctx.cacheDir, `${key}.warnings.json`);
    if (notes) report(JSON.parse(notes) as Warning[], src.rel, req, ctx);
    return cached;
  }

  const checked = await checkSpec(src, req, ctx);
  if (!checked) return null;
  // svg.ts brings the HTML parser (render/guard.ts): like vega, only for a chart that is drawn.
  const [{ assemble }, { drawSvg, DrawError, TooManyMarks }, { finishSvg }] = await Promise.all([import('./assemble.ts'), import('./draw.ts'), import('./svg.ts')]);
  const { spec, unknownCodes } = assemble(checked, req);
  const maxMarks = limitsOf(req.brief).chart_marks;
  let drawn;
  try {
    drawn = await drawSvg(spec, font, maxMarks);
  } catch (e) {
    if (e instanceof TooManyMarks) {
      ctx.reporter.report(req.place, 'chart-too-many-marks', { marks: e.marks, max: maxMarks, spec: src.rel });
      return null;
    }
    if (!(e instanceof DrawError)) throw e;
    ctx.reporter.report({ file: src.rel, line: 1, column: 1 }, 'chart-spec-invalid', { detail: e.message });
    return null;
  }
  const warnings: Warning[] = [
    ...unknownCodes.map((code): Warning => ({ rule: 'chart-country-unknown', at: 'directive', args: { code, column: checked.map!.join, spec: src.rel } })),
    ...drawn.warnings.map((detail): Warning => ({ rule: 'chart-spec-warning', at: 'spec', args: { detail } })),
  ];
  report(warnings, src.rel, req, ctx);
  const svg = finishSvg(drawn.svg, { alt: req.alt, idPrefix: `c${key.slice(0, 10)}`, font });
  // The warnings file first: whoever finds the SVG finds its warnings.
  if (warnings.length) await writeCached(ctx.cacheDir, `${key}.warnings.json`, JSON.stringify(warnings));
  await writeCached(ctx.cacheDir, name, svg);
  return svg;
}

type Warning = RuleCall<'chart-country-unknown' | 'chart-spec-warning'> & {
  /** At the ::chart directive, or at the top of the spec file. */
  at: 'directive' | 'spec';
};

function report(warnings: Warning[], specFile: string, req: ChartRequest, ctx: ChartContext): void {
  for (const w of warnings) ctx.reporter.reportCall(w.at === 'directive' ? req.place : { file: specFile, line: 1, column: 1 }, w);
}

/** Everything renderChart checks, without rendering: for `brief check`. */
export async function checkChart(req: Omit<ChartRequest, 'rows'> & { rows?: ChartRequest['rows'] }, ctx: ChartContext): Promise<boolean> {
  const full: ChartRequest = { ...req, rows: req.rows ?? [] };
  const src = await readSpec(full, ctx.reporter);
  if (!src) return false;
  return (await checkSpec(src, full, ctx)) !== null;
}

/**
 * The warnings only drawing finds (Vega's, countries off the map), repeated from the cache when
 * this very chart was drawn before: so `brief check` says what the build said, without drawing.
 */
export async function reportCachedWarnings(req: ChartRequest, ctx: ChartContext): Promise<void> {
  const src = await readSpec(req, new Reporter()); // its problems were reported by checkChart
  if (!src) return;
  const notes = await readCached(ctx.cacheDir, `${renderKey(req, src.text, chartFont(req.brief.language))}.warnings.json`);
  if (notes) report(JSON.parse(notes) as Warning[], src.rel, req, ctx);
}

/** The dataset fields a spec reads (encodings, transforms, map join): for tooling and docs. */
export function chartColumns(spec: Record<string, unknown>): string[] {
  const { briefkit, ...vl } = spec as { briefkit?: { join?: string; highlight?: string } };
  return [...new Set([...(briefkit?.join ? [briefkit.join] : []), ...fieldsOf(vl)])];
}
