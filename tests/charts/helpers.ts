// Fictional datasets and a fixture project for the chart tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reporter } from '../../scripts/messages.ts';
import { fakeBrief } from '../helpers/chapters.ts';
import { diagnosticLines } from '../helpers/fixtures.ts';
import type { ChartRequest } from '../../scripts/charts/render.ts';
import type { Brief, Column, Dataset, Place, Row } from '../../scripts/types.ts';

export const FIXTURES = path.join(import.meta.dirname, '../fixtures/charts');

function dataset(name: string, columns: [string, Column['type']][], rows: (string | number)[][]): Dataset {
  return {
    name,
    file: `data/${name}.csv`,
    columns: columns.map(([n, type]) => ({ name: n, type })),
    rows: rows.map((r) => Object.fromEntries(columns.map(([n], i) => [n, r[i]])) as Row),
    rowLines: rows.map((_, i) => i + 2),
    key: [],
  };
}

const STATION_COLUMNS: [string, Column['type']][] = [['country', 'string'], ['code', 'string'], ['stations', 'integer']];
const OFFICE_COLUMNS: [string, Column['type']][] = [['code', 'string'], ['network', 'string'], ['city', 'string']];

export const DATASETS: Record<string, Dataset> = {
  stations: dataset('stations', STATION_COLUMNS, [
    ['Freedonia', 'FR', 12],
    ['Sylvania', 'DE', 7],
    ['Ruritania', 'IT', 21],
    ['Grand Fenwick', 'BR', 4],
    ['Ōrsinia', 'PL', 9],
  ]),
  offices: dataset('offices', OFFICE_COLUMNS, [
    ['FR', 'Alpha', 'Port Ludlow'],
    ['FR', 'Alpha', 'Lesser Ludlow'],
    ['DE', 'Alpha', 'Strelsau'],
    ['BR', 'Beta', 'Zenda'],
  ]),
  'offices-mixed': dataset('offices-mixed', OFFICE_COLUMNS, [
    ['FR', 'Alpha', 'Port Ludlow'],
    ['IT', 'Alpha', 'Strelsau'],
    ['IT', 'Beta', 'Zenda'],
    ['MT', 'Beta', 'Valletta Nova'],
    ['BR', 'Beta', 'Hentzau'],
  ]),
  'offices-bad': dataset('offices-bad', OFFICE_COLUMNS, [
    ['FR', 'Alpha', 'Port Ludlow'],
    ['QQ', 'Beta', 'Nowhere'],
  ]),
  openings: dataset('openings', [['opened', 'date'], ['offices', 'integer']], [
    ['2021-01-01', 2],
    ['2021-02-01', 3],
    ['2021-03-01', 3],
    ['2021-04-01', 6],
    ['2021-05-01', 5],
    ['2021-06-01', 8],
  ]),
};

/** The fixtures folder is the project root; each case's input/ folder is a brief. */
export function fixtureBrief(caseName: string, over: Partial<Brief> = {}): Brief {
  return fakeBrief({ name: caseName, root: FIXTURES, dir: path.join(FIXTURES, caseName, 'input'), file: `${caseName}/input/brief.yaml`, page: { size: 'A4', margins: '20mm' }, editions: [], ...over });
}

export const DIRECTIVE: Place = { file: 'content/demo/chapters/figures.md', line: 7, column: 1 };

export interface Case {
  description: string;
  dataset: string;
  alt: string;
  spec?: string;
  highlight?: string;
}

export function request(caseName: string, c: Case): ChartRequest {
  const ds = DATASETS[c.dataset];
  return { brief: fixtureBrief(caseName), spec: c.spec ?? 'spec.vl.json', dataset: ds, rows: ds.rows, alt: c.alt, place: DIRECTIVE, highlight: c.highlight };
}

/** A fresh cache folder per test, removed afterwards. */
export function tempCache(): { cacheDir: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-charts-'));
  return { cacheDir: path.join(dir, 'charts'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function lines(reporter: Reporter): string[] {
  return diagnosticLines(reporter.diagnostics);
}

// Reading Vega's SVG: marks are <g class="mark-<type> role-<role> …"> groups of items.

/** The inner markup of each mark group whose class list holds all of `classes`. */
export function markGroups(svg: string, ...classes: string[]): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<g class="([^"]*)"[^>]*>/g)) {
    const list = m[1].split(' ');
    if (!classes.every((c) => list.includes(c))) continue;
    // The group's own content, up to its matching </g>.
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    const tag = /<(\/?)g\b[^>]*?(\/?)>/g;
    tag.lastIndex = i;
    for (let t = tag.exec(svg); t; t = tag.exec(svg)) {
      if (t[2]) continue;
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        i = t.index;
        break;
      }
    }
    out.push(svg.slice(start, i));
  }
  return out;
}

/** Elements of a kind (path, rect, text…) directly in a mark group. */
export function items(group: string, tag: string): string[] {
  return [...group.matchAll(new RegExp(`<${tag}\\b[^>]*?(?:/>|>[^<]*</${tag}>)`, 'g'))].map((m) => m[0]);
}

export const attr = (el: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(el)?.[1];
export const textOf = (el: string) => /<text\b[^>]*>([^<]*)<\/text>/.exec(el)?.[1];
