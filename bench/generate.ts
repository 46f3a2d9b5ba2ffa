// Writes the generated benchmark corpus into bench/corpus/ (a project root: content/ + data/) and the
// same text as plain pandoc markdown into bench/corpus/pandoc/. Fictional content from a seeded
// generator: the same code always writes the same bytes, so the committed corpus can be checked.
//
//   npx tsx bench/generate.ts            rewrite bench/corpus/
//   npx tsx bench/generate.ts --check    exit 1 if bench/corpus/ differs from what the code writes
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

/** The generated briefs and their sizes, as the harness and the tests know them. */
export const GENERATED = {
  long: { name: 'harbour-review', footnotes: 60, tableRows: 200, charts: 3 },
  packs50: { name: 'field-notes-50', countries: 50 },
  packs100: { name: 'field-notes-100', countries: 100 },
} as const;

// ---------- seeded randomness ----------

/** mulberry32: tiny, fast, and the same sequence on every platform. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    shuffle: <T>(xs: readonly T[]): T[] => {
      const out = xs.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}
type Rng = ReturnType<typeof rng>;

// ---------- vocabulary (fictional) ----------

const REGIONS = ['Amber Coast', 'Grey Straits', 'Isle Chain', 'Northern Reach', 'Southern Shelf', 'Western Sound'] as const;
const HEADS = ['Ash', 'Bel', 'Cor', 'Dun', 'Elm', 'Fal', 'Gar', 'Hol', 'Ist', 'Kel', 'Lor', 'Mar', 'Nor', 'Ost', 'Pen', 'Ryn', 'Sel', 'Tor', 'Ulm', 'Ves', 'Wyn'];
const TAILS = ['haven', 'mouth', 'port', 'wick', 'ford', 'bay', 'sund', 'strand', 'ness', 'holm'];
const RATINGS = ['A', 'B', 'C', 'D'] as const;
const ORGS = ['the Harbour Safety Office', 'the Coastal Works Board', 'the Maritime Inspectorate', 'the Port Users Council', 'the Estuary Trust', 'the Regional Audit Chamber'];
const DOCS = ['Annual inspection digest', 'Berth condition survey', 'Quay wall register', 'Incident returns', 'Dredging programme review', 'Capital plan', 'Storm season report', 'Pilotage statistics'];
const SUBJECTS = ['berth maintenance', 'quay wall inspections', 'dredging schedules', 'pilotage rosters', 'storm readiness', 'cargo handling rules', 'fire cover', 'tug availability', 'crane certification', 'lighting and marking'];
const VERBS = ['shows', 'suggests', 'confirms', 'indicates', 'records', 'makes clear'];
const ADJ = ['uneven', 'steady', 'patchy', 'measurable', 'modest', 'persistent', 'notable', 'slow'];
const ACTORS = ['harbour masters', 'port operators', 'regional boards', 'inspectors', 'pilots', 'terminal staff', 'insurers', 'local councils'];

const SENTENCES: ((r: Rng, s: Slots) => string)[] = [
  (r, s) => `The record for ${s.region} ${r.pick(VERBS)} ${r.pick(ADJ)} progress on ${r.pick(SUBJECTS)} since ${r.int(2014, 2019)}.`,
  (r, s) => `In ${s.harbour}, ${r.pick(ACTORS)} reported ${r.int(3, 40)} open items on ${r.pick(SUBJECTS)} at the last count.`,
  (r) => `Most ${r.pick(ACTORS)} interviewed for this review described the rules on ${r.pick(SUBJECTS)} as clear but thinly enforced.`,
  (r) => `Spending on ${r.pick(SUBJECTS)} rose by ${r.int(2, 19)} per cent over the period, though from a low base.`,
  (r, s) => `${cap(r.pick(ORGS))} counted ${r.int(12, 90)} inspections in ${s.region} in ${r.int(2019, 2023)}, against a plan of ${r.int(60, 120)}.`,
  (r) => `Where ${r.pick(ACTORS)} shared one duty roster, delays on ${r.pick(SUBJECTS)} fell by roughly a ${r.pick(['third', 'quarter', 'fifth'])}.`,
  (r) => `The gap between the best and the worst performers has ${r.pick(['narrowed', 'widened', 'barely moved'])} in the last ${r.int(3, 6)} years.`,
  (r, s) => `${s.harbour} stands out: its ${r.pick(SUBJECTS)} backlog is ${r.pick(['the longest', 'the shortest', 'among the oldest'])} in the region.`,
  (r) => `No single cause explains the pattern, but ${r.pick(SUBJECTS)} and ${r.pick(SUBJECTS)} recur in almost every file reviewed.`,
  (r) => `Smaller harbours depend on shared ${r.pick(['crews', 'vessels', 'budgets', 'inspectors'])}, which leaves little slack when demand peaks.`,
  (r) => `The figures are self-reported and were not audited, so they are best read as a lower bound.`,
  (r) => `Several ${r.pick(ACTORS)} asked for a single national register of ${r.pick(SUBJECTS)}, updated every quarter.`,
  (r, s) => `Throughput in ${s.region} recovered to ${r.int(80, 115)} per cent of its ${r.int(2015, 2019)} level by the end of the period.`,
  (r) => `A pilot scheme in ${r.int(3, 9)} harbours tied funding for ${r.pick(SUBJECTS)} to published targets, with ${r.pick(ADJ)} results.`,
];

interface Slots { region: string; harbour: string }

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------- the long brief: model shared by the briefkit and pandoc renderings ----------

type Block =
  | { kind: 'h2'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'callout'; title: string; items: string[] }
  | { kind: 'table'; id: string; caption: string }
  | { kind: 'chart'; id: string; spec: string; caption: string; alt: string };

interface ChapterModel { file: string; id: string; title: string; blocks: Block[]; notes: [string, string][] }

interface Harbour { id: string; harbour: string; region: string; berths: number; throughput_kt: number; incidents: number; inspected: string; rating: string }

function harbours(r: Rng): Harbour[] {
  const names = r.shuffle(HEADS.flatMap((h) => TAILS.map((t) => h + t))).slice(0, GENERATED.long.tableRows);
  return names.map((harbour, i) => {
    const berths = r.int(2, 48);
    return {
      id: `H${String(i + 1).padStart(3, '0')}`,
      harbour,
      region: REGIONS[i % REGIONS.length],
      berths,
      throughput_kt: berths * r.int(40, 260),
      incidents: r.int(0, 24),
      inspected: `${r.int(2021, 2023)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      rating: r.pick(RATINGS),
    };
  });
}

function incidentSeries(r: Rng): { year: number; region: string; incidents: number }[] {
  const out: { year: number; region: string; incidents: number }[] = [];
  for (const region of REGIONS) {
    let level = r.int(30, 90);
    for (let year = 2014; year <= 2023; year++) {
      level = Math.max(5, level + r.int(-12, 9));
      out.push({ year, region, incidents: level });
    }
  }
  return out;
}

const CHAPTER_PLAN: { file: string; title: string; sections: string[]; paragraphs: number }[] = [
  { file: 'summary.md', title: 'Summary', sections: ['What we reviewed', 'What we found'], paragraphs: 5 },
  { file: 'context.md', title: 'Context', sections: ['How harbours are governed', 'Money and people', 'Earlier reviews'], paragraphs: 8 },
  { file: 'findings.md', title: 'Findings', sections: ['Throughput', 'Incidents', 'Inspections'], paragraphs: 9 },
  { file: 'capacity.md', title: 'Capacity and condition', sections: ['Berths', 'Quay walls and dredging'], paragraphs: 8 },
  { file: 'recommendations.md', title: 'Recommendations', sections: ['For regional boards', 'For operators', 'For the inspectorate'], paragraphs: 7 },
  { file: 'annex.md', title: 'Annex: harbours reviewed', sections: [], paragraphs: 2 },
];

function longModel(): { chapters: ChapterModel[]; rows: Harbour[]; series: ReturnType<typeof incidentSeries> } {
  const r = rng(20240611);
  const rows = harbours(r);
  const series = incidentSeries(r);
  const slots = (): Slots => ({ region: r.pick(REGIONS), harbour: r.pick(rows).harbour });
  const sentences = (n: number) => Array.from({ length: n }, () => r.pick(SENTENCES)(r, slots()));
  const paragraph = (n: number) => sentences(n).join(' ');
  const noteText = () => `${cap(r.pick(ORGS))}, *${r.pick(DOCS)} ${r.int(2016, 2023)}*, ${r.pick(['table', 'section', 'page'])} ${r.int(2, 140)}${r.next() < 0.3 ? `; see also ${r.pick(ORGS)}, *${r.pick(DOCS)}*` : ''}.`;

  let noteNo = 0;
  const chapters: ChapterModel[] = [];
  const perChapter = [8, 12, 14, 12, 10, 4]; // 60 notes
  for (const [ci, plan] of CHAPTER_PLAN.entries()) {
    const id = plan.file.replace(/\.md$/, '');
    const blocks: Block[] = [];
    const notes: [string, string][] = [];
    const labels: string[] = [];
    for (let k = 0; k < perChapter[ci]; k++) labels.push(`n${String(++noteNo).padStart(2, '0')}`);
    // Paragraphs take the chapter's notes in order; a few cite an earlier one again (same number).
    let next = 0;
    const cite = () => {
      if (next < labels.length) {
        const label = labels[next++];
        notes.push([label, noteText()]);
        return `[^${label}]`;
      }
      return `[^${labels[r.int(0, labels.length - 1)]}]`;
    };
    // Note marks go after the sentence's full stop, spread evenly through the paragraph.
    const withNotes = (sents: string[], n: number) => {
      for (let k = 0; k < n; k++) {
        const at = Math.min(sents.length - 1, Math.floor(((k + 1) * sents.length) / (n + 1)));
        sents[at] += cite();
      }
      return sents.join(' ');
    };
    const sectionAt = new Set(plan.sections.map((_, k) => Math.floor(((k + 0.5) * plan.paragraphs) / Math.max(1, plan.sections.length))));
    let section = 0;
    for (let p = 0; p < plan.paragraphs; p++) {
      if (sectionAt.has(p) && section < plan.sections.length) blocks.push({ kind: 'h2', text: plan.sections[section++] });
      const remaining = labels.length - next;
      const left = plan.paragraphs - p;
      const n = Math.max(0, Math.ceil(remaining / left) + (r.next() < 0.15 ? 1 : 0));
      blocks.push({ kind: 'p', text: withNotes(sentences(r.int(5, 8)), n) });
      if (id === 'summary' && p === 0) blocks.push({ kind: 'callout', title: 'Key points', items: Array.from({ length: 4 }, () => paragraph(1)) });
      if (id === 'findings' && p === 2) blocks.push({ kind: 'chart', id: 'fig-throughput', spec: 'charts/throughput-by-region.vl.json', caption: 'Cargo throughput by region, thousand tonnes', alt: 'Bar chart of total cargo throughput for each of the six regions, largest first.' });
      if (id === 'findings' && p === 5) blocks.push({ kind: 'chart', id: 'fig-incidents', spec: 'charts/incidents-by-year.vl.json', caption: 'Reported incidents per year and region, 2014–2023', alt: 'Line chart of reported incidents per year from 2014 to 2023, one line per region.' });
      if (id === 'capacity' && p === 1) blocks.push({ kind: 'chart', id: 'fig-berths', spec: 'charts/berths-throughput.vl.json', caption: 'Berths and throughput of each harbour reviewed', alt: 'Scatter plot of the number of berths against cargo throughput for the 200 harbours, coloured by region.' });
      if (id === 'context' && p === 4) blocks.push({ kind: 'callout', title: 'How the figures were compiled', items: [paragraph(2), paragraph(2)] });
    }
    while (next < labels.length) blocks.push({ kind: 'p', text: withNotes(sentences(3), 1) });
    if (id === 'annex') blocks.push({ kind: 'table', id: 'tbl-harbours', caption: 'Harbours reviewed, by region' });
    chapters.push({ file: plan.file, id, title: plan.title, blocks, notes });
  }
  return { chapters, rows, series };
}

const TABLE_COLUMNS: [keyof Harbour, string][] = [
  ['id', 'No.'],
  ['harbour', 'Harbour'],
  ['region', 'Region'],
  ['berths', 'Berths'],
  ['throughput_kt', 'Throughput (kt)'],
  ['incidents', 'Incidents'],
  ['inspected', 'Last inspected'],
  ['rating', 'Rating'],
];

function csv(rows: Record<string, string | number | boolean>[], columns: string[]): string {
  const q = (v: string | number | boolean) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [columns.join(','), ...rows.map((row) => columns.map((c) => q(row[c])).join(','))].join('\n') + '\n';
}

function briefkitChapter(ch: ChapterModel): string {
  const out = [`---\ntitle: "${ch.title}"\nid: ${ch.id}\n---\n`];
  for (const b of ch.blocks) {
    if (b.kind === 'h2') out.push(`## ${b.text}\n`);
    else if (b.kind === 'p') out.push(`${b.text}\n`);
    else if (b.kind === 'callout') out.push(`:::callout{kind=summary title="${b.title}"}\n${b.items.map((i) => `- ${i}`).join('\n')}\n:::\n`);
    else if (b.kind === 'chart') out.push(`::chart{spec=${b.spec} data=${b.spec.includes('incidents') ? 'incidents' : 'harbours'} caption="${b.caption}" alt="${b.alt}" #${b.id}}\n`);
    else if (b.kind === 'table') {
      const cols = TABLE_COLUMNS.map(([c, l]) => `${c}:${l}`).join(',');
      out.push(`The table lists all harbours reviewed (:ref[tbl-harbours]).\n\n::table{data=harbours columns="${cols}" sort="region,harbour" caption="${b.caption}" notes="Source: fictional benchmark data generated by bench/generate.ts." #${b.id}}\n`);
    }
  }
  for (const [label, text] of ch.notes) out.push(`[^${label}]: ${text}\n`);
  return out.join('\n');
}

/** The same document as one pandoc markdown file: fenced divs, a pipe table, charts as SVG images. */
function pandocLong(chapters: ChapterModel[], rows: Harbour[]): string {
  const out = ['---\ntitle: "Harbour review"\nsubtitle: "A fictional benchmark brief"\nlang: en\n---\n'];
  let fig = 0;
  for (const ch of chapters) {
    out.push(`# ${ch.title}\n`);
    for (const b of ch.blocks) {
      if (b.kind === 'h2') out.push(`## ${b.text}\n`);
      else if (b.kind === 'p') out.push(`${b.text}\n`);
      else if (b.kind === 'callout') out.push(`::: {.callout}\n**${b.title}**\n\n${b.items.map((i) => `- ${i}`).join('\n')}\n:::\n`);
      else if (b.kind === 'chart') out.push(`![Figure ${++fig}: ${b.caption}](charts/${b.id}.svg)\n`);
      else if (b.kind === 'table') {
        const sorted = rows.slice().sort((a, b2) => a.region.localeCompare(b2.region) || a.harbour.localeCompare(b2.harbour));
        out.push('The table lists all harbours reviewed (Table 1).\n');
        out.push(`| ${TABLE_COLUMNS.map(([, l]) => l).join(' | ')} |\n| ${TABLE_COLUMNS.map(([c]) => (typeof rows[0][c] === 'number' ? '--:' : ':--')).join(' | ')} |`);
        out.push(sorted.map((row) => `| ${TABLE_COLUMNS.map(([c]) => String(row[c])).join(' | ')} |`).join('\n'));
        out.push(`\nTable: Table 1. ${b.caption}\n`);
      }
    }
    for (const [label, text] of ch.notes) out.push(`[^${label}]: ${text}\n`);
  }
  return out.join('\n');
}

/** Markdown prose (`*emphasis*`, `[^label]` note calls) as Typst markup, notes inline as `#footnote[…]`. */
function typstProse(text: string, note: (label: string) => string): string {
  const escaped = text.replace(/[\\#$@<>`~_\[\]]/g, (c) => `\\${c}`).replace(/\\\[\^([\w-]+)\\\]/g, (_, label: string) => note(label));
  return escaped.replace(/\*([^*]+)\*/g, '_$1_');
}

/**
 * The same document as one Typst file for the Typst peer: the page, running header and "x of y"
 * folio of the briefkit brief, a title page, an outline, headings, footnotes at the page foot
 * (`#footnote[…]`, a repeated call as `#footnote(<label>)`), the callouts, the 200-row table with a
 * repeating header, and the charts as the SVGs the harness extracts from briefkit's output.
 */
function typstLong(chapters: ChapterModel[], rows: Harbour[]): string {
  const out = [
    '#set document(title: "Harbour review")',
    '#set page(paper: "a4", margin: (top: 22mm, right: 20mm, bottom: 24mm, left: 20mm),',
    '  header: context if counter(page).get().first() > 1 [#set text(8pt, font: "Noto Sans", fill: rgb("#555")); #h(1fr) Harbour review — benchmark corpus #h(1fr)],',
    '  footer: context if counter(page).get().first() > 1 [#set text(8pt, font: "Noto Sans"); #h(1fr) #counter(page).display() of #counter(page).final().first() #h(1fr)])',
    '#set text(font: "Noto Serif", size: 10pt, lang: "en", hyphenate: true)',
    '#set par(justify: true, leading: 0.65em)',
    '#show heading: set text(font: "Noto Sans")',
    '#show heading.where(level: 1): it => { pagebreak(weak: true); text(18pt, it) }',
    '#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt))',
    '#show footnote.entry: set text(7.75pt)',
    '',
    '#v(60mm)',
    '#text(28pt, font: "Noto Sans", weight: "bold")[Harbour review]',
    '',
    '#text(14pt)[A fictional benchmark brief]',
    '#pagebreak()',
    '#outline()',
    '',
  ];
  let fig = 0;
  for (const ch of chapters) {
    const notes = new Map(ch.notes);
    const placed = new Set<string>();
    const note = (label: string) => {
      if (placed.has(label)) return `#footnote(<${label}>)`;
      placed.add(label);
      return `#footnote[${typstProse(notes.get(label) ?? '', () => '')}] <${label}>`;
    };
    out.push(`= ${ch.title}\n`);
    for (const b of ch.blocks) {
      if (b.kind === 'h2') out.push(`== ${b.text}\n`);
      else if (b.kind === 'p') out.push(`${typstProse(b.text, note)}\n`);
      else if (b.kind === 'callout') out.push(`#block(fill: rgb("#f4f1ea"), stroke: 0.5pt + rgb("#999"), inset: (x: 4mm, y: 3mm), breakable: false)[\n  *${b.title}*\n${b.items.map((i) => `  - ${typstProse(i, note)}`).join('\n')}\n]\n`);
      else if (b.kind === 'chart') out.push(`#figure(image("charts/${b.id}.svg", width: 100%), caption: [${b.caption}]) <${b.id}-${++fig}>\n`);
      else if (b.kind === 'table') {
        const sorted = rows.slice().sort((a, b2) => a.region.localeCompare(b2.region) || a.harbour.localeCompare(b2.harbour));
        const align = TABLE_COLUMNS.map(([c]) => (typeof rows[0][c] === 'number' ? 'right' : 'left')).join(', ');
        out.push('The table lists all harbours reviewed (Table 1).\n');
        out.push(`#figure(kind: table, caption: [${b.caption}], {\n  set text(8pt, font: "Noto Sans")\n  table(columns: ${TABLE_COLUMNS.length}, align: (${align}), stroke: (x: none, y: 0.25pt + rgb("#bbb")),`);
        out.push(`    table.header(${TABLE_COLUMNS.map(([, l]) => `[*${l}*]`).join(', ')}),`);
        out.push(sorted.map((row) => `    ${TABLE_COLUMNS.map(([c]) => `[${String(row[c])}]`).join(', ')},`).join('\n'));
        out.push('  )\n})\n');
      }
    }
  }
  return out.join('\n');
}

const CHART_SPECS: Record<string, object> = {
  'throughput-by-region.vl.json': {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Total throughput per region (fictional).',
    width: 420,
    mark: 'bar',
    encoding: {
      y: { field: 'region', type: 'nominal', title: null, sort: { op: 'sum', field: 'throughput_kt', order: 'descending' } },
      x: { aggregate: 'sum', field: 'throughput_kt', type: 'quantitative', title: 'Throughput (thousand tonnes)' },
    },
  },
  'incidents-by-year.vl.json': {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Reported incidents per year and region (fictional).',
    width: 420,
    height: 220,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: 'Year' },
      y: { field: 'incidents', type: 'quantitative', title: 'Incidents' },
      color: { field: 'region', type: 'nominal', title: 'Region' },
    },
  },
  'berths-throughput.vl.json': {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Berths against throughput for every harbour (fictional).',
    width: 420,
    height: 260,
    mark: 'point',
    encoding: {
      x: { field: 'berths', type: 'quantitative', title: 'Berths' },
      y: { field: 'throughput_kt', type: 'quantitative', title: 'Throughput (kt)' },
      color: { field: 'region', type: 'nominal', title: 'Region' },
    },
  },
};

const EDITIONS = `editions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First edition."\n`;

function longFiles(): Record<string, string> {
  const { chapters, rows, series } = longModel();
  const name = GENERATED.long.name;
  const files: Record<string, string> = {};
  files[`content/${name}/brief.yaml`] = [
    `title: "Harbour review"`,
    `subtitle: "Safety, capacity and inspection in 200 harbours — a fictional benchmark brief"`,
    `organization: "briefkit benchmark corpus (generated, fictional)"`,
    `authors: ["bench/generate.ts"]`,
    `keywords: ["benchmark", "harbours", "fictional"]`,
    `language: en`,
    `running_header: "Harbour review — benchmark corpus"`,
    `page: { size: A4, margins: "22mm 20mm 24mm 20mm" }`,
    `footnotes: page`,
    `list_of_figures: true`,
    `chapters: [${chapters.map((c) => c.file).join(', ')}]`,
    `datasets:`,
    `  harbours: { path: data/harbours.csv, key: [id] }`,
    `  incidents: { path: data/incidents.csv, key: [year, region] }`,
    EDITIONS,
  ].join('\n');
  for (const ch of chapters) files[`content/${name}/chapters/${ch.file}`] = briefkitChapter(ch);
  for (const [file, spec] of Object.entries(CHART_SPECS)) files[`content/${name}/charts/${file}`] = JSON.stringify(spec, null, 2) + '\n';
  files['data/harbours.csv'] = csv(rows as unknown as Record<string, string | number>[], TABLE_COLUMNS.map(([c]) => c));
  files['data/incidents.csv'] = csv(series, ['year', 'region', 'incidents']);
  files[`pandoc/${name}.md`] = pandocLong(chapters, rows);
  files[`typst/${name}.typ`] = typstLong(chapters, rows);
  return files;
}

// ---------- country packs ----------

// ISO 3166-1 alpha-2 codes and English short names: 100 countries, first 50 for the 50-pack brief.
const COUNTRIES: [string, string][] = [
  ['AR', 'Argentina'], ['AT', 'Austria'], ['AU', 'Australia'], ['BE', 'Belgium'], ['BG', 'Bulgaria'], ['BR', 'Brazil'], ['CA', 'Canada'], ['CH', 'Switzerland'], ['CL', 'Chile'], ['CO', 'Colombia'],
  ['CZ', 'Czechia'], ['DE', 'Germany'], ['DK', 'Denmark'], ['EE', 'Estonia'], ['EG', 'Egypt'], ['ES', 'Spain'], ['FI', 'Finland'], ['FR', 'France'], ['GB', 'United Kingdom'], ['GH', 'Ghana'],
  ['GR', 'Greece'], ['HR', 'Croatia'], ['HU', 'Hungary'], ['ID', 'Indonesia'], ['IE', 'Ireland'], ['IN', 'India'], ['IS', 'Iceland'], ['IT', 'Italy'], ['JP', 'Japan'], ['KE', 'Kenya'],
  ['KR', 'South Korea'], ['LT', 'Lithuania'], ['LU', 'Luxembourg'], ['LV', 'Latvia'], ['MA', 'Morocco'], ['MX', 'Mexico'], ['MY', 'Malaysia'], ['NG', 'Nigeria'], ['NL', 'Netherlands'], ['NO', 'Norway'],
  ['NZ', 'New Zealand'], ['PE', 'Peru'], ['PH', 'Philippines'], ['PL', 'Poland'], ['PT', 'Portugal'], ['RO', 'Romania'], ['RS', 'Serbia'], ['SE', 'Sweden'], ['SG', 'Singapore'], ['SI', 'Slovenia'],
  ['SK', 'Slovakia'], ['TH', 'Thailand'], ['TN', 'Tunisia'], ['TR', 'Türkiye'], ['TZ', 'Tanzania'], ['UA', 'Ukraine'], ['UG', 'Uganda'], ['US', 'United States'], ['UY', 'Uruguay'], ['VN', 'Viet Nam'],
  ['ZA', 'South Africa'], ['ZM', 'Zambia'], ['AL', 'Albania'], ['AM', 'Armenia'], ['AZ', 'Azerbaijan'], ['BA', 'Bosnia and Herzegovina'], ['BD', 'Bangladesh'], ['BO', 'Bolivia'], ['BW', 'Botswana'], ['CI', "Côte d'Ivoire"],
  ['CM', 'Cameroon'], ['CR', 'Costa Rica'], ['CY', 'Cyprus'], ['DO', 'Dominican Republic'], ['DZ', 'Algeria'], ['EC', 'Ecuador'], ['ET', 'Ethiopia'], ['GE', 'Georgia'], ['GT', 'Guatemala'], ['JM', 'Jamaica'],
  ['JO', 'Jordan'], ['KZ', 'Kazakhstan'], ['LB', 'Lebanon'], ['LK', 'Sri Lanka'], ['MD', 'Moldova'], ['ME', 'Montenegro'], ['MK', 'North Macedonia'], ['MN', 'Mongolia'], ['MT', 'Malta'], ['MU', 'Mauritius'],
  ['MZ', 'Mozambique'], ['NA', 'Namibia'], ['NP', 'Nepal'], ['PA', 'Panama'], ['PK', 'Pakistan'], ['PY', 'Paraguay'], ['RW', 'Rwanda'], ['SN', 'Senegal'], ['UZ', 'Uzbekistan'], ['ZW', 'Zimbabwe'],
];

interface Office { country_code: string; country: string; office: string; staff: number; opened: number; focus: string }

function packFiles(count: number, name: string, seed: number): Record<string, string> {
  const r = rng(seed);
  const countries = COUNTRIES.slice(0, count);
  const focus = ['water', 'schools', 'roads', 'clinics', 'courts', 'archives', 'markets', 'ports'];
  const offices: Office[] = [];
  for (const [code, country] of countries) {
    const n = r.int(2, 4);
    for (let k = 1; k <= n; k++) offices.push({ country_code: code, country, office: `${country} office ${k}`, staff: r.int(2, 40), opened: r.int(2005, 2023), focus: r.pick(focus) });
  }
  const para = (sentences: number) => Array.from({ length: sentences }, () => r.pick(SENTENCES)(r, { region: r.pick(REGIONS), harbour: `${r.pick(HEADS)}${r.pick(TAILS)}` })).join(' ');
  const note = () => `${cap(r.pick(ORGS))}, *${r.pick(DOCS)} ${r.int(2016, 2023)}*, page ${r.int(2, 90)}.`;

  const files: Record<string, string> = {};
  const dataset = `offices-${count}`;
  files[`content/${name}/brief.yaml`] = [
    `title: "Field notes"`,
    `subtitle: "Country notes of a fictional field organisation — benchmark corpus, ${count} countries"`,
    `organization: "briefkit benchmark corpus (generated, fictional)"`,
    `authors: ["bench/generate.ts"]`,
    `language: en`,
    `running_header: "Field notes — benchmark corpus"`,
    `page: { size: A4, margins: "22mm 20mm 24mm 20mm" }`,
    `footnotes: page`,
    `chapters: [notes.md]`,
    `datasets:`,
    `  offices: { path: data/${dataset}.csv, key: [country_code, office] }`,
    EDITIONS.trimEnd(),
    `packs:`,
    `  by: offices.country_code`,
    `  include: [notes.md]`,
    '',
  ].join('\n');
  const overviewParas = [para(5), para(4)];
  const overviewNotes = [note(), note()];
  const sections: string[] = [];
  const pandocSections = new Map<string, { text: string; note: string }>();
  for (const [code, country] of countries) {
    const text = para(r.int(5, 7));
    const n = note();
    pandocSections.set(code, { text, note: n });
    sections.push(`:::country{code=${code}}\n## ${country}\n\n${text}[^${code.toLowerCase()}-1]\n\n[^${code.toLowerCase()}-1]: ${n}\n:::\n`);
  }
  // One chapter, in every pack: the shortest pack briefkit makes (cover, contents, this, revision log).
  files[`content/${name}/chapters/notes.md`] = [
    `---\ntitle: Country note\nid: notes\n---\n`,
    `${overviewParas[0]}[^ov-1]\n`,
    `:::callout{kind=note title="About these notes"}\nEach country note holds this overview, the country's own section and its rows of the office table. The organisation and its figures are fictional.\n:::\n`,
    `${overviewParas[1]}[^ov-2]\n`,
    `::table{data=offices columns="country:Country,office:Office,staff:Staff,opened:Opened,focus:Focus" sort="country,office" caption="Field offices" #tbl-offices}\n`,
    ...sections,
    `[^ov-1]: ${overviewNotes[0]}\n`,
    `[^ov-2]: ${overviewNotes[1]}\n`,
  ].join('\n');
  files[`data/${dataset}.csv`] = csv(offices as unknown as Record<string, string | number>[], ['country_code', 'country', 'office', 'staff', 'opened', 'focus']);
  if (count === GENERATED.packs50.countries) {
    // The same packs as plain pandoc markdown, one file per country, for pandoc + weasyprint.
    for (const [code, country] of countries) {
      const s = pandocSections.get(code)!;
      const rows = offices.filter((o) => o.country_code === code).sort((a, b) => a.office.localeCompare(b.office));
      files[`pandoc/${name}/${code}.md`] = [
        `---\ntitle: "Field notes: ${country}"\nsubtitle: "Country note — benchmark corpus"\nlang: en\n---\n`,
        `# Country note\n`,
        `${overviewParas[0]}[^ov-1]\n`,
        `::: {.callout}\n**About these notes**\n\nEach country note holds this overview, the country's own section and its rows of the office table. The organisation and its figures are fictional.\n:::\n`,
        `${overviewParas[1]}[^ov-2]\n`,
        `| Country | Office | Staff | Opened | Focus |\n| :-- | :-- | --: | --: | :-- |`,
        rows.map((o) => `| ${o.country} | ${o.office} | ${o.staff} | ${o.opened} | ${o.focus} |`).join('\n'),
        `\nTable: Table 1. Field offices\n`,
        `## ${country}\n`,
        `${s.text}[^c-1]\n`,
        `[^ov-1]: ${overviewNotes[0]}\n`,
        `[^ov-2]: ${overviewNotes[1]}\n`,
        `[^c-1]: ${s.note}\n`,
      ].join('\n');
    }
  }
  return files;
}

const README = `# Benchmark corpus (generated)

Written by \`npx tsx bench/generate.ts\`; do not edit by hand (\`--check\` compares). Everything here
is fictional. A project root: \`brief build harbour-review --root bench/corpus\`.

- \`content/${GENERATED.long.name}/\`: about 20 pages, ${GENERATED.long.footnotes} footnotes, a ${GENERATED.long.tableRows}-row table, ${GENERATED.long.charts} charts.
- \`content/${GENERATED.packs50.name}/\`, \`content/${GENERATED.packs100.name}/\`: briefs with ${GENERATED.packs50.countries} and ${GENERATED.packs100.countries} countries for \`brief packs\` (short two-page country packs).
- \`pandoc/\`: the same text as plain pandoc markdown (charts as SVG images the harness extracts from
  briefkit's own output), for the pandoc + WeasyPrint comparison.
- \`typst/\`: the 20-page brief as Typst markup (the same charts as SVG), for the Typst comparison.
`;

/** Every file of the corpus, path relative to bench/corpus/ → content. Pure: same output every call. */
export function generateCorpus(): Record<string, string> {
  const files: Record<string, string> = { 'README.md': README, ...longFiles(), ...packFiles(GENERATED.packs50.countries, GENERATED.packs50.name, 50), ...packFiles(GENERATED.packs100.countries, GENERATED.packs100.name, 100) };
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function writeCorpus(dir: string): void {
  for (const sub of ['content', 'data', 'pandoc', 'typst']) rmSync(path.join(dir, sub), { recursive: true, force: true });
  for (const [rel, text] of Object.entries(generateCorpus())) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** Files that differ between `dir` and what the generator writes (missing ones included). */
export function diffCorpus(dir: string): string[] {
  return Object.entries(generateCorpus())
    .filter(([rel, text]) => !existsSync(path.join(dir, rel)) || readFileSync(path.join(dir, rel), 'utf8') !== text)
    .map(([rel]) => rel);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const diff = diffCorpus(CORPUS_DIR);
    if (diff.length) {
      console.error(`bench/corpus differs from bench/generate.ts in ${diff.length} file(s): ${diff.slice(0, 5).join(', ')}`);
      process.exit(1);
    }
    console.log('bench/corpus is up to date');
  } else {
    writeCorpus(CORPUS_DIR);
    console.log(`wrote ${Object.keys(generateCorpus()).length} files into ${path.relative(process.cwd(), CORPUS_DIR)}`);
  }
}
