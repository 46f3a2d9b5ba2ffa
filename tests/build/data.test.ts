// Data through the whole pipeline: a table's rows in the PDF text in order, a chart drawn from its
// spec in both editions, and `:ref` page numbers that match the pages the PDF really has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, type Built } from '../helpers/built.ts';
import { normalize, type PdfReport } from '../helpers/pdf.ts';
import { items, markGroups } from '../charts/helpers.ts';

// 30 fictional wells in three provinces of Freedonia.
const provinces = ['Upland', 'Valley', 'Coast'];
const rows = Array.from({ length: 30 }, (_, i) => ({ well: `Well${String(i + 1).padStart(2, '0')}`, province: provinces[i % 3], depth: 10 + ((i * 7) % 23) }));
const csv = `well,province,depth\n${rows.map((r) => `${r.well},${r.province},${r.depth}`).join('\n')}\n`;
const filler = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i + 1} of the survey notes the state of the pumps, the wells and the roads between the villages.`).join(' ');

const files = {
  'data/wells.csv': csv,
  'content/fw/charts/depth.vl.json': JSON.stringify({ mark: 'bar', encoding: { x: { field: 'province', type: 'nominal', title: 'Province' }, y: { aggregate: 'count', type: 'quantitative', title: 'Wells' } } }),
  'content/fw/brief.yaml': `title: "Wells of Freedonia"\nauthors: ["R. Firefly"]\nchapters: [survey.md, findings.md]\ndatasets:\n  wells: { path: data/wells.csv, key: [well] }\neditions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First edition."\n`,
  'content/fw/chapters/survey.md': `---\ntitle: Survey\n---\n\nThe survey counted {{count wells}} wells, {{count wells where="depth > 20"}} of them deeper than 20 metres.\n\n${filler(30)}\n\n::table{data=wells columns="well:Well,depth:Depth" where="province != 'Coast'" sort="-depth,well" group=province caption="Inland wells by depth" #tbl-inland}\n\n::chart{spec=charts/depth.vl.json data=wells caption="Wells per province" alt="Bar chart of the number of wells in each province" #fig-depth}\n`,
  'content/fw/chapters/findings.md': `---\ntitle: Findings\n---\n\n${filler(12)} The inland wells are listed in :ref[tbl-inland] and counted in :ref[fig-depth].\n`,
};

const expectedOrder = (province: string) =>
  rows.filter((r) => r.province === province).sort((a, b) => b.depth - a.depth || a.well.localeCompare(b.well)).map((r) => r.well);

let built: Built;
let pdf: PdfReport;
let html: string;

beforeAll(async () => {
  built = await buildProject(files, 'fw');
  ({ pdf, html } = built);
});

afterAll(() => built?.close());

describe('a table from a dataset', () => {
  it('shows exactly the selected rows, grouped and sorted, in the PDF text', () => {
    const text = pdf.pages.join('\n');
    const seen = [...text.matchAll(/Well\d\d/g)].map((m) => m[0]);
    // The groups appear in order of first appearance after sorting by depth.
    const firstGroup = rows.filter((r) => r.province !== 'Coast').sort((a, b) => b.depth - a.depth || a.well.localeCompare(b.well))[0].province;
    const secondGroup = firstGroup === 'Upland' ? 'Valley' : 'Upland';
    expect(seen).toEqual([...expectedOrder(firstGroup), ...expectedOrder(secondGroup)]);
    expect(text).toContain(firstGroup);
    expect(text).toContain(secondGroup);
  });

  it('shows the same rows in the HTML edition', () => {
    const seen = [...html.matchAll(/>(Well\d\d)</g)].map((m) => m[1]);
    expect(new Set(seen)).toEqual(new Set([...expectedOrder('Upland'), ...expectedOrder('Valley')]));
  });

  it('computes the figures in the prose from the CSV', () => {
    const deep = rows.filter((r) => r.depth > 20).length;
    expect(normalize(pdf.pages.join(' '))).toContain(`The survey counted 30 wells, ${deep} of them deeper than 20 metres.`);
  });
});

describe('a chart', () => {
  it('is a static SVG drawn from the spec: three bars, labelled with the provinces', () => {
    const svg = /<figure class="chart"[^>]*>([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Bar chart of the number of wells in each province"');
    const [bars] = markGroups(svg, 'mark-rect', 'role-mark');
    expect(items(bars, 'path')).toHaveLength(3);
    for (const p of provinces) expect(svg).toContain(`>${p}<`);
    expect(html).not.toMatch(/<script/i);
    const page = pdf.pages.find((t) => t.includes('Wells per province'))!;
    for (const p of provinces) expect(page).toContain(p);
  });
});

describe('cross-references', () => {
  it('name the number and the page the table and figure really start on', () => {
    const findings = normalize(pdf.pages.find((t) => t.includes('The inland wells are listed in'))!);
    const tablePage = Number(/Table 1, p\. (\d+)/.exec(findings)?.[1]);
    const figurePage = Number(/Figure 1, p\. (\d+)/.exec(findings)?.[1]);
    expect(pdf.pages[tablePage - 1]).toContain('Inland wells by depth');
    expect(pdf.pages[figurePage - 1]).toContain('Wells per province');
    expect(tablePage).toBeGreaterThan(2);
  });
});
