// From the author's spec to the one Vega-Lite compiles: rows bound, maps
// expanded, the pack's country emphasised, dates in UTC, sized to the column.
import type { Row } from '../types.ts';
import { expandMap } from './map.ts';
import type { ChartRequest, CheckedSpec } from './spec.ts';
import { COLUMN_WIDTH, DIMMED, LABEL_SIZE } from './theme.ts';
import { measureText } from './fonts.ts';

type Spec = Record<string, any>;

export interface Assembled {
  spec: Spec;
  /** Country codes a map could not place. */
  unknownCodes: string[];
}

export function assemble(checked: CheckedSpec, req: ChartRequest): Assembled {
  const sized = withSize(checked.vl, req);
  if (checked.map) {
    const { spec, unknown } = expandMap({ spec: sized, options: checked.map, rows: req.rows, highlight: req.highlight });
    return { spec: utcDates(spec), unknownCodes: unknown };
  }
  let spec: Spec = { ...levelLabels(sized, req.rows), data: { values: req.rows.map(plainRow) } };
  if (req.highlight && checked.highlightColumn) spec = emphasise(spec, checked.highlightColumn, req.highlight, req.rows);
  return { spec: utcDates(spec), unknownCodes: [] };
}

// Cells are already JSON scalars (dates as YYYY-MM-DD strings); copy so Vega's tuple ids stay off the caller's rows.
const plainRow = (r: Row): Row => ({ ...r });

/** Single views fill the column unless the author sized them; composed views keep their own sizes. */
function withSize(vl: Spec, req: ChartRequest): Spec {
  const single = vl.mark !== undefined || Array.isArray(vl.layer);
  const out: Spec = { ...vl };
  if (req.width !== undefined) out.width = req.width;
  if (req.height !== undefined) out.height = req.height;
  if (single && out.width === undefined && !isGeo(vl)) {
    out.width = COLUMN_WIDTH;
    out.autosize ??= { type: 'fit-x', contains: 'padding' };
  }
  return out;
}

function isGeo(vl: Spec): boolean {
  const m = typeof vl.mark === 'string' ? vl.mark : vl.mark?.type;
  return m === 'geoshape' || (Array.isArray(vl.layer) && vl.layer.some(isGeo));
}

/**
 * Vega-Lite turns category labels under vertical bars on their side. Measured
 * with the real font, labels that fit their band stay level.
 */
function levelLabels(spec: Spec, rows: Row[]): Spec {
  const x = spec.encoding?.x;
  if (!x || typeof x.field !== 'string' || (x.type !== 'nominal' && x.type !== 'ordinal') || x.timeUnit) return spec;
  if (x.axis === null || x.axis?.labelAngle !== undefined || spec.config?.axis?.labelAngle !== undefined || spec.config?.axisX?.labelAngle !== undefined) return spec;
  const labels = [...new Set(rows.map((r) => r[x.field]).filter((v) => v !== null && v !== undefined).map(String))];
  if (!labels.length) return spec;
  const width = typeof spec.width === 'number' ? spec.width : COLUMN_WIDTH;
  const band = (width - 48) / labels.length; // less room for the y axis
  const widest = Math.max(...labels.map((l) => measureText({ fontSize: LABEL_SIZE }, l)));
  if (widest + 8 > band) return spec;
  return { ...spec, encoding: { ...spec.encoding, x: { ...x, axis: { ...(x.axis ?? {}), labelAngle: 0 } } } };
}

/**
 * Emphasise the pack's country: marks of its rows stay solid, the others fade
 * to DIMMED. The marks are found through the x, y or color field: the country
 * column itself, or a column that names one country per value (e.g. its name).
 * Charts with no such field are left as they are.
 */
function emphasise(spec: Spec, column: string, code: string, rows: Row[]): Spec {
  const enc: Spec | undefined = spec.encoding;
  if (!enc || enc.opacity || enc.fillOpacity) return spec;
  const isPack = (r: Row) => String(r[column] ?? '').toUpperCase() === code.toUpperCase();
  for (const ch of ['x', 'y', 'color']) {
    const def = enc[ch];
    if (typeof def?.field !== 'string' || (def.type !== 'nominal' && def.type !== 'ordinal') || def.aggregate || def.timeUnit) continue;
    const field: string = def.field;
    const mine = new Set(rows.filter(isPack).map((r) => r[field]));
    const theirs = new Set(rows.filter((r) => !isPack(r)).map((r) => r[field]));
    if (!mine.size || [...mine].some((v) => theirs.has(v))) continue; // this field does not tell the country apart
    const test = `indexof(${JSON.stringify([...mine])}, datum[${JSON.stringify(field)}]) >= 0`;
    return { ...spec, encoding: { ...enc, opacity: { condition: { test, value: 1 }, value: DIMMED } } };
  }
  return spec;
}

/** Temporal channels on UTC scales, so dates do not shift with the machine's time zone. */
function utcDates(node: Spec): Spec {
  if (!node || typeof node !== 'object') return node;
  const out: Spec = { ...node };
  if (out.encoding && typeof out.encoding === 'object') {
    out.encoding = Object.fromEntries(
      Object.entries(out.encoding as Spec).map(([ch, def]) => [ch, Array.isArray(def) ? def.map(utcChannel) : utcChannel(def)]),
    );
  }
  if (Array.isArray(out.transform)) out.transform = out.transform.map((t: Spec) => (t && typeof t.timeUnit === 'string' ? { ...t, timeUnit: utcUnit(t.timeUnit) } : t));
  for (const k of ['layer', 'concat', 'hconcat', 'vconcat']) if (Array.isArray(out[k])) out[k] = out[k].map(utcDates);
  if (out.spec) out.spec = utcDates(out.spec);
  return out;
}

function utcChannel(def: Spec): Spec {
  if (!def || typeof def !== 'object') return def;
  const temporal = def.type === 'temporal' || (typeof def.timeUnit === 'string' && def.type !== 'quantitative');
  if (!temporal) return def;
  const out: Spec = { ...def };
  if (typeof out.timeUnit === 'string') out.timeUnit = utcUnit(out.timeUnit);
  else if (out.timeUnit && typeof out.timeUnit === 'object') out.timeUnit = { utc: true, ...out.timeUnit };
  if (out.scale !== null && !out.scale?.type && !out.timeUnit) out.scale = { ...(out.scale ?? {}), type: 'utc' };
  return out;
}

const utcUnit = (u: string) => (u.startsWith('utc') || u.startsWith('binnedutc') ? u : u.startsWith('binned') ? `binnedutc${u.slice(6)}` : `utc${u}`);
