// Shared by the data/ tests: briefs built directly, markdown parsed with the directive dialect,
// and a fixture case run end to end (load → bind → render tables) into comparable JSON.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { bindData } from '../../scripts/data/bind.ts';
import { loadDatasets } from '../../scripts/data/load.ts';
import { Reporter } from '../../scripts/messages.ts';
import { chapterFromSource } from '../../scripts/parse/chapters.ts';
import { tableToHast } from '../../scripts/render/table.ts';
import { diagnosticLines } from '../helpers/fixtures.ts';
import { fakeBrief } from '../helpers/chapters.ts';
import type { BoundDirective, Brief, Chapter, DatasetSpec, Diagnostic } from '../../scripts/types.ts';

export const BRIEF_FILE = 'content/demo/brief.yaml';

export function makeBrief({ root, datasets = [], language = 'en' }: { root: string; datasets?: { name: string; path: string; key?: string[] }[]; language?: string }): Brief {
  const place = (line: number) => ({ file: BRIEF_FILE, line, column: 3 });
  const specs: DatasetSpec[] = datasets.map((d, i) => ({ name: d.name, path: d.path, key: d.key ?? [], place: place(10 + i) }));
  return fakeBrief({
    root, dir: path.join(root, 'content/demo'), title: 'Freedonia Outposts', runningHeader: 'Freedonia Outposts', language, datasets: specs,
    page: { size: 'A4', margins: '20mm' }, editions: [{ version: '1.0', date: '2024-01-01', summary: 'First.', changes: [], place: place(20) }],
  });
}

/** A chapter parsed by the production parser, as `brief check` parses it. */
export function chapterFrom(source: string, file = 'content/demo/chapters/one.md'): Chapter {
  return chapterFromSource({ brief: fakeBrief(), file, source, reporter: new Reporter() });
}

export function formatDiagnostics(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}: ${d.message}`);
}

/** Text of every paragraph, heading and GFM table cell, after binding. */
export function proseOf(chapters: Chapter[]): string[] {
  const out: string[] = [];
  for (const c of chapters) visit(c.tree, (n) => (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell' ? (out.push(toString(n)), 'skip') : undefined));
  return out;
}

export function boundOf(chapters: Chapter[]): BoundDirective[] {
  const out: BoundDirective[] = [];
  for (const c of chapters) {
    visit(c.tree, 'leafDirective', (n) => {
      const b = (n.data as { briefkit?: BoundDirective } | undefined)?.briefkit;
      if (b) out.push(b);
    });
  }
  return out;
}

export function tableHtml(chapters: Chapter[]): string[] {
  let n = 0;
  return boundOf(chapters)
    .filter((b) => b.kind === 'table')
    .map((b) => toHtml(tableToHast({ model: (b as Extract<BoundDirective, { kind: 'table' }>).model, label: `Table ${++n}` })));
}

export interface CaseConfig {
  datasets?: Record<string, string | { path: string; key?: string[] }>;
  language?: string;
  scope?: { column: string; value: string };
}

/** Datasets named in case.json, or every data file in input/data named by its stem. */
function caseDatasets(input: string, config: CaseConfig): { name: string; path: string; key?: string[] }[] {
  if (config.datasets) return Object.entries(config.datasets).map(([name, d]) => (typeof d === 'string' ? { name, path: d } : { name, ...d }));
  const dir = path.join(input, 'data');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.schema.json') && /\.(csv|json)$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.(csv|json)$/, ''), path: `data/${f}` }));
}

export interface CaseResult {
  diagnostics: string[];
  prose: string[];
  tables: string[];
}

export async function runCase({ input, config }: { input: string; config: CaseConfig }): Promise<CaseResult> {
  const brief = makeBrief({ root: input, datasets: caseDatasets(input, config), language: config.language });
  const reporter = new Reporter();
  const datasets = await loadDatasets({ brief, reporter });
  const chapterFile = path.join(input, 'content/demo/chapters/one.md');
  const chapters = existsSync(chapterFile) ? [chapterFrom(readFileSync(chapterFile, 'utf8'))] : [];
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'briefkit-data-'));
  const bound = await bindData({ brief, chapters, datasets, reporter, scope: config.scope, cacheDir });
  return { diagnostics: diagnosticLines(reporter.diagnostics), prose: proseOf(bound), tables: tableHtml(bound) };
}
