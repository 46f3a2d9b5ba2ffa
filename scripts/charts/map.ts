// World choropleth: turns a spec marked `"briefkit": { "map": "world", "join": … }`
// into a plain layered Vega-Lite spec over world-atlas shapes, joined on
// ISO 3166-1 alpha-2 codes. The join runs here, not in Vega, so a country with
// several rows gets one documented value and unknown codes can be reported.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js'; // without the node entry's every-locale preload
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, Geometry, Position } from 'geojson';
import type { Row } from '../types.ts';
import type { MapOptions } from './spec.ts';
import { COLUMN_WIDTH, DIMMED, INK, NO_DATA } from './theme.ts';

const require = createRequire(import.meta.url);

type Spec = Record<string, any>;
type Country = Feature<Geometry, { name: string }> & { iso?: string };

const ANTARCTICA = '010';
// Shapes world-atlas leaves without an ISO numeric id but that have an alpha-2 code.
const BY_NAME: Record<string, string> = { Kosovo: 'XK' };

let world110: Country[] | undefined;
let points50: Map<string, [number, number]> | undefined;

function loadCountries(file: string): Country[] {
  const topo = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries);
  return (fc.features as Country[]).map((f) => ({ ...f, iso: f.id !== undefined ? countries.numericToAlpha2(String(f.id)) : BY_NAME[f.properties.name] }));
}

/** 1:110m country shapes, Antarctica dropped, each with its alpha-2 code when it has one. */
export function worldShapes(): Country[] {
  world110 ??= loadCountries('countries-110m.json').filter((f) => f.id !== ANTARCTICA);
  return world110;
}

/** A point for countries too small for the 1:110m shapes (Malta, Singapore…), from the 1:50m ones. */
function smallCountryPoint(iso: string): [number, number] | undefined {
  if (!points50) {
    points50 = new Map();
    for (const f of loadCountries('countries-50m.json')) if (f.iso && !points50.has(f.iso)) points50.set(f.iso, centre(f.geometry));
  }
  return points50.get(iso);
}

/** Mean vertex of the largest ring: good enough to place a dot on a small country. */
function centre(g: Geometry): [number, number] {
  const rings: Position[][] = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  const ring = rings.reduce((a, b) => (b.length > a.length ? b : a), [] as Position[]);
  if (!ring.length) return [0, 0];
  const sum = ring.reduce((s, p) => [s[0] + p[0], s[1] + p[1]], [0, 0]);
  return [Math.round((sum[0] / ring.length) * 100) / 100, Math.round((sum[1] / ring.length) * 100) / 100];
}

export interface JoinResult {
  spec: Spec;
  /** Codes in the data that match no country shape or point. */
  unknown: string[];
}

type Aggregate = 'count' | 'sum' | 'mean' | 'average' | 'min' | 'max' | 'distinct';

/** One value per country from its rows: the colour field, or an aggregate of it. */
function joinValues(rows: Row[], join: string, color: Spec | undefined, several: string): Map<string, string | number | null> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const code = r[join];
    if (code === null || code === undefined || code === '') continue;
    const iso = String(code).trim().toUpperCase();
    groups.get(iso)?.push(r) ?? groups.set(iso, [r]);
  }
  const out = new Map<string, string | number | null>();
  const field: string | undefined = typeof color?.field === 'string' ? color.field : undefined;
  const op = color?.aggregate as Aggregate | undefined;
  for (const [iso, rs] of groups) {
    const vals = field ? rs.map((r) => r[field]).filter((v) => v !== null && v !== undefined && v !== '') : [];
    if (op === 'count') out.set(iso, rs.length);
    else if (op === 'distinct') out.set(iso, new Set(vals.map(String)).size);
    else if (op) {
      const nums = vals.map(Number).filter((n) => Number.isFinite(n));
      if (!nums.length) out.set(iso, null);
      else if (op === 'sum') out.set(iso, nums.reduce((a, b) => a + b, 0));
      else if (op === 'mean' || op === 'average') out.set(iso, nums.reduce((a, b) => a + b, 0) / nums.length);
      else if (op === 'min') out.set(iso, Math.min(...nums));
      else out.set(iso, Math.max(...nums));
    } else if (field) {
      const distinct = [...new Set(vals.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))))];
      out.set(iso, distinct.length === 0 ? null : distinct.length === 1 ? (vals[0] as string | number) : several);
    } else out.set(iso, 1);
  }
  return out;
}

// Keys of the joined data that the colour value must not overwrite.
const RESERVED = new Set(['type', 'geometry', 'properties', 'id', '__iso', '__lon', '__lat']);

// Legends sit in the empty South Pacific, inside the map, so the map keeps the column's full width.
const LEGEND_SYMBOLS = { orient: 'bottom-left', direction: 'vertical', offset: 6 };
const LEGEND_GRADIENT = { orient: 'bottom-left', direction: 'horizontal', offset: 6, gradientLength: 160, gradientThickness: 9 };

/**
 * The layered spec: grey world, joined countries coloured by the author's
 * `color` encoding, dots for countries too small to see, the highlight outline.
 * Each joined datum is one country: its GeoJSON feature, `__iso`, and the colour value.
 */
export function expandMap({ spec, options, rows, highlight }: { spec: Spec; options: MapOptions; rows: Row[]; highlight?: string }): JoinResult {
  const { mark, encoding = {}, projection, width, height, ...top } = spec;
  const { color, ...otherChannels } = encoding as Spec; // checkSpec allows only values there
  const values = joinValues(rows, options.join, color, options.several);

  // The colour value sits under the author's field name (it titles the legend), unless that name is
  // taken by GeoJSON or by our own keys; an aggregate gets a name of its own.
  const wanted: string = color?.aggregate ? (color.field ? `${color.aggregate}_${color.field}` : String(color.aggregate)) : color?.field ?? 'data';
  const key = RESERVED.has(wanted) ? `${wanted}_value` : wanted;
  const shapes = worldShapes();
  const byIso = new Map(shapes.filter((f) => f.iso).map((f) => [f.iso!, f]));
  const filled: Spec[] = [];
  const dots: Spec[] = [];
  const unknown: string[] = [];
  for (const [iso, value] of [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value === null) continue;
    const shape = byIso.get(iso);
    if (shape) filled.push({ type: 'Feature', geometry: shape.geometry, properties: { iso, name: shape.properties.name }, __iso: iso, [key]: value });
    else {
      const at = countries.isValid(iso) ? smallCountryPoint(iso) : undefined;
      if (at) dots.push({ __iso: iso, __lon: at[0], __lat: at[1], [key]: value });
      else unknown.push(iso);
    }
  }

  const counted = color?.aggregate === 'count' || color?.aggregate === 'distinct';
  const nominal = !color?.aggregate && (color?.type === 'nominal' || color?.type === 'ordinal' || !color?.type);
  const categories = [...new Set([...filled, ...dots].map((d) => d[key]))].filter((v) => v !== options.several).sort(collate);
  if ([...filled, ...dots].some((d) => d[key] === options.several)) categories.push(options.several);
  const colorDef: Spec | undefined = color
    ? {
        ...Object.fromEntries(Object.entries(color).filter(([k]) => k !== 'aggregate')),
        field: key.replace(/[.[\]\\]/g, '\\$&'), // a dot in a column name is not a path here
        type: color.aggregate ? 'quantitative' : color.type ?? 'nominal',
        ...(color.title === undefined ? { title: color.aggregate ? (color.field ? `${color.aggregate} of ${color.field}` : 'count') : wanted } : {}),
        ...(nominal ? { scale: { domain: categories, ...(color.scale ?? {}) } } : {}),
        legend: color.legend === null ? null : { ...(nominal ? LEGEND_SYMBOLS : LEGEND_GRADIENT), ...(counted ? { format: 'd', tickMinStep: 1 } : {}), ...(color.legend ?? {}) },
      }
    : undefined;
  // A pack's country stays solid and outlined; the other countries with data fade.
  const target = highlight ? highlight.toUpperCase() : undefined;
  const fade =
    target && !otherChannels.opacity && [...filled, ...dots].some((d) => d.__iso === target)
      ? { opacity: { condition: { test: `datum.__iso === ${JSON.stringify(target)}`, value: 1 }, value: DIMMED } }
      : {};
  const markDef = typeof mark === 'string' ? { type: mark } : { ...(mark as Spec) };

  const layer: Spec[] = [
    { data: { values: shapes.map(plainFeature) }, mark: { type: 'geoshape', fill: NO_DATA, stroke: '#ffffff', strokeWidth: 0.5 } },
  ];
  if (filled.length)
    layer.push({ data: { values: filled }, mark: { ...markDef, type: 'geoshape' }, encoding: { ...otherChannels, ...fade, ...(colorDef ? { color: colorDef } : {}) } });
  if (dots.length)
    layer.push({
      data: { values: dots },
      mark: { type: 'circle', size: 22, opacity: 1, stroke: '#ffffff', strokeWidth: 0.75 },
      encoding: {
        longitude: { field: '__lon', type: 'quantitative' },
        latitude: { field: '__lat', type: 'quantitative' },
        ...fade,
        ...(colorDef ? { color: colorDef } : {}), // same field and scale: one merged legend
      },
    });
  const outline = target && byIso.get(target);
  if (outline) layer.push({ data: { values: [plainFeature(outline)] }, mark: { type: 'geoshape', filled: false, fill: null, stroke: INK, strokeWidth: 1.4 } });
  else if (target && dots.some((d) => d.__iso === target)) {
    const d = dots.find((x) => x.__iso === target)!;
    layer.push({
      data: { values: [{ __lon: d.__lon, __lat: d.__lat }] },
      mark: { type: 'circle', size: 90, filled: false, stroke: INK, strokeWidth: 1.4 },
      encoding: { longitude: { field: '__lon', type: 'quantitative' }, latitude: { field: '__lat', type: 'quantitative' } },
    });
  }

  const w = typeof width === 'number' ? width : COLUMN_WIDTH - 10;
  return {
    spec: {
      ...top,
      width: w,
      height: typeof height === 'number' ? height : Math.round(w * 0.445),
      projection: projection ?? { type: 'equalEarth' },
      layer,
    },
    unknown,
  };
}

function plainFeature(f: Country): Spec {
  return { type: 'Feature', geometry: f.geometry, properties: { iso: f.iso ?? null, name: f.properties.name } };
}

function collate(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
