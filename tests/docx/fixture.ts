// A small fictional brief for the Word tests, and a reader for the .docx it becomes: the package's
// parts as text, and each paragraph's style and text read from word/document.xml.
import { unzipSync } from 'fflate';

const wells = ['name,region,depth', 'North,Upper,12', 'South,Lower,30', 'East,Upper,7', 'West,Lower,18'].join('\n') + '\n';

export const chartSpec = JSON.stringify({ mark: 'bar', encoding: { x: { field: 'region', type: 'nominal', title: 'Region' }, y: { aggregate: 'sum', field: 'depth', type: 'quantitative', title: 'Depth' } } });

export const ALT = 'Bar chart of the total depth of the wells in each region';

/** `editions`: more YAML list items after edition 1.0. */
export function briefFiles({ one = ONE, two = TWO, editions = '' }: { one?: string; two?: string; editions?: string } = {}): Record<string, string> {
  return {
    'data/wells.csv': wells,
    'content/fw/charts/depth.vl.json': chartSpec,
    'content/fw/brief.yaml': `title: "Wells of Freedonia"\nsubtitle: "A survey of the water supply"\nauthors: ["R. Firefly", "T. Teasdale"]\nkeywords: ["water", "Freedonia"]\nlanguage: en\nchapters: [one.md, two.md]\ndatasets:\n  wells: { path: data/wells.csv, key: [name] }\neditions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First edition."\n${editions}`,
    'content/fw/chapters/one.md': one,
    'content/fw/chapters/two.md': two,
  };
}

export const ONE = `---
title: Wells of Freedonia
---

Freedonia has *four* wells, listed in :ref[tbl-wells], and a **water board** that [publishes its survey](https://example.org/survey).[^board]

## Northern wells

The northern wells are dry.[^dry] The board says so again.[^board]

- North is the oldest well.
- East is the shallowest.

1. Measure the depth.
2. Report it.

:::callout{kind=note title="Key point"}
Two wells are in the Upper region.
:::

::table{data=wells columns="name:Well,region:Region,depth:Depth" sort="-depth" caption="Wells by depth" #tbl-wells}

[^board]: Freedonia Water Board, *Annual Survey*, 2023.
[^dry]: Field notes, 2023.
`;

export const TWO = `---
title: Sylvania
---

Sylvania buys water from Freedonia.[^buys]

## Depth by region

::chart{spec=charts/depth.vl.json data=wells caption="Depth by region" alt="${ALT}" #fig-depth}

[^buys]: Sylvanian Trade Office, *Imports*, 2022.
`;

export type Parts = Record<string, string>;

/** Every XML part of the package, as text. */
export function readDocx(bytes: Uint8Array): Parts {
  const parts: Parts = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) if (/\.(xml|rels)$/.test(name)) parts[name] = new TextDecoder().decode(data);
  return parts;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: w:t (and w:delText when asked), in order. */
export function textOf(xml: string, { deleted = false } = {}): string {
  const re = deleted ? /<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g : /<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g;
  return [...xml.matchAll(re)].map((m) => unescape(m[1])).join('');
}

/** Paragraphs of the body in order: style id and text. */
export function paragraphs(documentXml: string): { style: string | null; text: string }[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({ style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? null, text: textOf(m[0]) }));
}

/** Footnotes by id (the reserved separator notes, ids -1 and 0, left out). */
export function footnotes(footnotesXml: string): Map<number, string> {
  const notes = new Map<number, string>();
  for (const m of footnotesXml.matchAll(/<w:footnote [^>]*w:id="(-?\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)) if (Number(m[1]) > 0) notes.set(Number(m[1]), textOf(m[2]).trim());
  return notes;
}

/**
 * What Word's "Accept all" / "Reject all" leaves, done on the XML: the kept side's runs unwrapped,
 * the other side's removed, and paragraphs and table rows whose mark or row is tracked on the other
 * side removed (their content is all on that side, so merging them into the next leaves nothing).
 */
export function resolveChanges(xml: string, how: 'accept' | 'reject'): string {
  const [keep, drop] = how === 'accept' ? ['ins', 'del'] : ['del', 'ins'];
  let out = xml
    .replace(new RegExp(`<w:tr>(?:(?!<\\/w:tr>)[\\s\\S])*?<w:trPr>(?:(?!<\\/w:trPr>)[\\s\\S])*<w:${drop} [^>]*\\/>[\\s\\S]*?<\\/w:tr>`, 'g'), '')
    .replace(new RegExp(`<w:p>(?:(?!<\\/w:p>)[\\s\\S])*?<w:pPr>(?:(?!<\\/w:pPr>)[\\s\\S])*<w:rPr><w:${drop} [^>]*\\/>[\\s\\S]*?<\\/w:p>`, 'g'), '')
    .replace(new RegExp(`<w:${drop} [^>]*[^/]>[\\s\\S]*?<\\/w:${drop}>`, 'g'), '')
    .replace(new RegExp(`<w:${keep} [^>]*[^/]>|<\\/w:${keep}>`, 'g'), '');
  if (how === 'reject') out = out.replace(/<w:delText([ >])/g, '<w:t$1').replace(/<\/w:delText>/g, '</w:t>');
  return out;
}
