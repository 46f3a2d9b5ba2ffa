// Builds print HTML in the exact shape render/ hands to print/ (see the print/ contract), with a
// fictional brief about Freedonia: cover, contents, list of figures, chapters with footnotes in
// every chapter, a note cited twice, a long note, a page with many notes, a 200-row table, a
// callout, a chart, a CJK phrase and page references. Deterministic: same arguments, same HTML.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openPrinter } from '../../scripts/print/index.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** Font packages the browser may read, as absolute directories. */
export const fontRoots = ['noto-serif', 'noto-sans', 'noto-serif-sc', 'noto-sans-sc'].map((p) =>
  path.dirname(require.resolve(`@fontsource/${p}`)),
);

/**
 * @font-face rules from the @fontsource CSS, pointing at the woff2 files by file:// URL. Only the
 * rules whose unicode-range covers a character of `text` are kept: the ~400 CJK rules alone add
 * hundreds of milliseconds to every page load even when unused.
 */
export function fontFaces(text = ''): string {
  const want: [string, string[]][] = [
    ['noto-serif', ['400', '400-italic', '700', '700-italic']],
    ['noto-sans', ['400', '400-italic', '600', '700']],
    ['noto-serif-sc', ['400', '700']],
    ['noto-sans-sc', ['400', '700']],
  ];
  const used = new Set([...text].map((c) => c.codePointAt(0)!));
  const covers = (range: string) =>
    range.split(',').some((part) => {
      const [a, b] = part.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h, 16));
      for (const c of used) if (c >= a && c <= (b ?? a)) return true;
      return false;
    });
  let css = '';
  for (const [pkg, files] of want) {
    const dir = fontRoots.find((d) => d.endsWith(pkg))!;
    for (const f of files) {
      const blocks = readFileSync(path.join(dir, `${f}.css`), 'utf8').match(/@font-face\s*\{[^}]*\}/g) ?? [];
      for (const block of blocks) {
        const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
        if (range && !covers(range)) continue;
        css +=
          block.replace(/url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/g, (_, file: string) => `url(${pathToFileURL(path.join(dir, 'files', file)).href}) format('woff2')`) + '\n';
      }
    }
  }
  return css;
}

/** The stylesheets render/ puts in the print HTML, in its order: the house style, then print.css. */
export const printCss = () => ['brief.css', 'print.css'].map((f) => readFileSync(path.join(projectRoot, 'templates', f), 'utf8')).join('\n');

// ---- deterministic prose ----
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const SUBJECTS = ['The ministry', 'Freedonian police', 'The liaison office', 'Local authorities', 'The consulate', 'Community associations', 'Officials in Sylvania', 'The interior ministry', 'Investigators', 'Regional courts'];
const VERBS = ['reported', 'confirmed', 'denied', 'documented', 'expanded', 'questioned', 'announced', 'recorded', 'described', 'acknowledged'];
const OBJECTS = ['a network of service stations', 'the persuasion-to-return campaign', 'several bilateral agreements', 'the registration of residents abroad', 'a pilot programme in three provinces', 'new guidance for overseas offices', 'the number of returned nationals', 'a set of informal contacts', 'the funding of the outreach desks', 'complaints from the diaspora'];
const TAILS = ['in the first half of the year', 'despite repeated requests for comment', 'according to public statements', 'without notifying the host country', 'as part of a wider policy shift', 'in at least eleven cities', 'through intermediaries', 'before the end of the reporting period', 'in official media', 'with little public scrutiny'];

export function prose(seed: number, sentences: number): string {
  const r = rng(seed);
  const pick = <T,>(a: T[]) => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(`${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(TAILS)}.`);
  return out.join(' ');
}

// ---- the brief ----
export interface FixtureNote { n: number; text: string }
export interface Fixture {
  html: string;
  chapters: { id: string; title: string; sections: { id: string; title: string }[] }[];
  notes: FixtureNote[];
  /** Notes cited more than once: number → count of references. */
  recited: Map<number, number>;
  tableRows: string[][];
  tableHeader: string[];
}

export interface FixtureOptions {
  footnotes?: 'page' | 'endnotes';
  draft?: string;
  /** Extra HTML appended to the first chapter (e.g. resources the sandbox must refuse). */
  inject?: string;
  /** Scale the prose: 1 gives ~14 pages. */
  size?: number;
  tableRows?: number;
  title?: string;
  /** Extra chapters of plain prose with notes, to make long briefs (~3 pages each). */
  caseStudies?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function buildFixture(opts: FixtureOptions = {}): Fixture {
  const size = opts.size ?? 1;
  // References are tokens until the whole body is written, then numbered by first appearance.
  const noteText = new Map<string, string>();
  const ref = (label: string, text?: string) => {
    if (!noteText.has(label)) noteText.set(label, text ?? `Note ${label}.`);
    else if (text !== undefined) noteText.set(label, text);
    return `\u0001${label}\u0001`;
  };
  let seed = 1;
  const para = (sentences: number, note?: string) => {
    const text = prose(seed++, Math.max(1, Math.round(sentences * size)));
    const cut = text.indexOf('.', Math.floor(text.length / 2)) + 1 || text.length;
    if (!note) return `<p>${text}</p>`;
    return `<p>${text.slice(0, cut)}${note}${text.slice(cut)}</p>`;
  };
  const source = (i: number) => `Freedonia Ministry of Public Security, “Bulletin ${i} on overseas work”, <em>Freedonia Daily</em>, 12 March 2022, <a href="https://example.org/bulletin/${i}">example.org/bulletin/${i}</a>.`;

  const chapters: Fixture['chapters'] = [];
  const body: string[] = [];
  const chapter = (id: string, title: string, parts: [string, string, string][], extra = '') => {
    const sections = parts.map(([sid, stitle]) => ({ id: `${id}-${sid}`, title: stitle }));
    chapters.push({ id, title, sections });
    body.push(
      `<article class="chapter" id="${id}" data-title="${esc(title)}"><h1>${esc(title)}</h1>` +
        parts.map(([sid, stitle, html], i) => `<h2 id="${sections[i].id}">${esc(stitle)}</h2>${html}`).join('') +
        extra +
        `</article>`,
    );
  };

  // 1. Introduction
  chapter('introduction', 'Introduction', [
    [
      'key-points',
      'Key points',
      para(6, ref('campaign', source(1))) +
        `<aside class="callout callout-note"><p class="callout-title">At a glance</p><p>${prose(90, 3)}</p><p><em>Known locally</em> as <span lang="zh-Hans">海外110</span>, the stations answer to provincial bureaus.${ref('name', 'The name <span lang="zh-Hans">海外110</span> mirrors the domestic emergency number.')}</p></aside>` +
        para(7) +
        `<ul><li>${prose(91, 2)}</li><li>${prose(92, 2)}${ref('list', source(2))}</li><li>${prose(93, 3)}</li></ul>` +
        para(8, ref('figures', source(3))),
    ],
    ['background', 'Background', para(9, ref('history', source(4))) + para(6) + `<blockquote><p>${prose(94, 3)}</p></blockquote>` + para(10, ref('law', source(5)))],
    ['scope', 'Scope of this brief', para(8) + para(7, ref('method', source(6))) + `<p>See <a class="xref" href="#tbl-stations">Table 1</a><span class="pageref" data-page-of="tbl-stations"></span> and <a class="xref" href="#fig-map">Figure 1</a><span class="pageref" data-page-of="fig-map"></span>.</p>`],
  ], opts.inject ?? '');

  // 2. The station network, with a long table and a chart
  const header = ['No.', 'Station', 'City', 'Jurisdiction', 'Opened'];
  const cities = ['Marxburg', 'Sylvania City', 'Osterfeld', 'Port Rufus', 'Trentino', 'Vale', 'Brisk', 'Calder'];
  const juris = ['Fuzhou', 'Qingtian', 'Nantong', 'Wenzhou'];
  const rows: string[][] = [];
  const nRows = opts.tableRows ?? 200;
  let tbody = '';
  for (let i = 1; i <= nRows; i++) {
    const j = juris[Math.floor((i - 1) / Math.ceil(nRows / juris.length)) % juris.length];
    if ((i - 1) % Math.ceil(nRows / juris.length) === 0) tbody += `<tr class="group"><th scope="rowgroup" colspan="5">${j}</th></tr>`;
    const row = [`R${String(i).padStart(3, '0')}`, `Service desk ${i}`, cities[i % cities.length], j, String(2016 + (i % 7))];
    rows.push(row);
    tbody += `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  }
  const table = `<figure class="table" id="tbl-stations"><table><caption>Table 1. Overseas service stations by jurisdiction</caption><thead><tr>${header.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${tbody}</tbody></table><p class="table-notes">Source: public statements of Freedonian police bureaus, compiled by the authors.</p></figure>`;
  const chart = `<figure class="chart" id="fig-map"><svg role="img" aria-label="Stations by year opened" viewBox="0 0 400 160" width="400" height="160"><g fill="#1f3a5f">${[5, 9, 14, 22, 31, 40, 47].map((v, i) => `<rect x="${20 + i * 54}" y="${140 - v * 2.6}" width="36" height="${v * 2.6}"/>`).join('')}</g><line x1="10" y1="140" x2="390" y2="140" stroke="#333" stroke-width="1"/></svg><figcaption>Figure 1. Stations opened per year, 2016–2022.</figcaption></figure>`;
  chapter('network', 'The station network', [
    ['overview', 'Overview', para(8, ref('overview', source(7))) + para(6, ref('campaign')) + chart + para(5, ref('chart', source(8)))],
    ['table', 'Stations by jurisdiction', para(4, ref('table', source(9))) + table + para(6, ref('after-table', source(10)))],
  ]);

  // 3. Recommendations: a page dense with notes, and a very long note
  const many = Array.from({ length: 9 }, (_, i) => `<p>${prose(200 + i, 1)}${ref(`short-${i}`, `Interview ${i + 1}, Marxburg, May 2022.`)}</p>`).join('');
  const longNote = `${prose(300, 22)} ${prose(301, 22)} ${prose(302, 22)} ${prose(303, 20)} Finally, the long note closes with this sentence about Sylvania.`;
  chapter('recommendations', 'Recommendations', [
    ['governments', 'For host governments', para(6, ref('host', source(11))) + many + para(5)],
    ['ngos', 'For civil society', para(3, ref('long', longNote)) + para(8) + `<ol><li>${prose(95, 2)}</li><li>${prose(96, 2)}${ref('ol', source(12))}</li><li>${prose(97, 3)}</li></ol>` + para(7, ref('final', source(13)))],
  ]);

  for (let r = 1; r <= (opts.caseStudies ?? 0); r++) {
    chapter(
      `case-${r}`,
      `Case study ${r}`,
      Array.from({ length: 4 }, (_, k): [string, string, string] => [
        `s${k + 1}`,
        `Case ${r}, part ${k + 1}`,
        para(8, ref(`case-${r}-${k}-a`, source(100 + r * 10 + k))) + para(6) + para(7, ref(`case-${r}-${k}-b`, prose(5000 + r * 10 + k, 2))),
      ]),
    );
  }

  // the revision log (with the colophon) is a chapter too, in render's markup
  chapters.push({ id: 'revision-log', title: 'Revision log', sections: [] });
  const revisionLog = `<article class="chapter revision-log" id="revision-log" data-title="Revision log"><h1>Revision log</h1><ol class="editions"><li class="edition"><p class="edition-head"><span class="edition-version">Edition 1.0</span> <span class="edition-date">12 September 2022</span></p><p class="edition-summary">First edition.${ref('rev', 'Released to partners on 12 September 2022.')}</p></li></ol><section class="colophon" aria-label="Colophon"><p><strong>Freedonia Overseas</strong>. Freedonian policing abroad.</p><p>Edition 1.0, 12 September 2022. Published by Sylvania Rights Watch.</p><p>Source hash <code>3f2a9c1</code>. Set in Noto Serif and Noto Sans.</p></section></article>`;

  const notes: FixtureNote[] = [];
  const numbers = new Map<string, number>();
  const refCount = new Map<number, number>();
  const numbered = [...body, revisionLog].join('\n').replace(/\u0001([^\u0001]+)\u0001/g, (_, label: string) => {
    let n = numbers.get(label);
    if (n === undefined) {
      n = notes.length + 1;
      numbers.set(label, n);
      notes.push({ n, text: noteText.get(label)! });
    }
    const k = (refCount.get(n) ?? 0) + 1;
    refCount.set(n, k);
    const id = k === 1 ? `fnref-${n}` : `fnref-${n}-${k}`;
    return `<sup class="fnref"><a id="${id}" href="#fn-${n}" data-fn="${n}">${n}</a></sup>`;
  });
  const notesHtml = notes.map((n) => `<li id="fn-${n.n}" data-fn="${n.n}"><p>${n.text} <a class="fnback" href="#fnref-${n.n}">↩</a></p></li>`).join('');
  const toc = chapters
    .flatMap((c) => [
      `<li class="toc-level-1"><a href="#${c.id}"><span class="toc-title">${esc(c.title)}</span><span class="toc-page" data-page-of="${c.id}"></span></a></li>`,
      ...c.sections.map((s) => `<li class="toc-level-2"><a href="#${s.id}"><span class="toc-title">${esc(s.title)}</span><span class="toc-page" data-page-of="${s.id}"></span></a></li>`),
    ])
    .join('');
  const lof = `<li class="toc-level-2"><a href="#tbl-stations"><span class="toc-title"><span class="label">Table 1.</span> Overseas service stations by jurisdiction</span><span class="toc-page" data-page-of="tbl-stations"></span></a></li><li class="toc-level-2"><a href="#fig-map"><span class="toc-title"><span class="label">Figure 1.</span> Stations opened per year, 2016–2022</span><span class="toc-page" data-page-of="fig-map"></span></a></li>`;
  const title = opts.title ?? 'Freedonia Overseas';
  const html = documentShell({ title, footnotes: opts.footnotes, draft: opts.draft, toc: `<ol>${toc}</ol><p class="toc-heading lof-heading">Tables and figures</p><ol class="lof">${lof}</ol>`, body: numbered, notesHtml });
  const plain = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
  return {
    html,
    chapters,
    notes: notes.map((n) => ({ n: n.n, text: plain(n.text) })),
    recited: new Map([...refCount].filter(([, k]) => k > 1)),
    tableRows: rows,
    tableHeader: header,
  };
}

/**
 * The document frame render/ produces (templates/layout.hbs and partials): head with @font-face
 * rules, brief.css, print.css and the page variables; body with the cover, the contents (`toc`:
 * the lists inside nav.toc), then <main> holding the chapters (`body`) and the endnotes section.
 */
export function documentShell(o: { title: string; body: string; notesHtml: string; toc?: string; footnotes?: 'page' | 'endnotes'; draft?: string; css?: string }): string {
  const notes = o.notesHtml ? `<section class="footnotes" id="footnotes" role="doc-endnotes"><h2>Notes</h2><ol>${o.notesHtml}</ol></section>` : '';
  const toc = o.toc ? `<nav class="toc" id="toc" aria-label="Contents"><p class="toc-heading">Contents</p>${o.toc}</nav>` : '';
  // Endnotes come before the revision log, as in the layout.
  const cut = o.body.indexOf('<article class="chapter revision-log"');
  const main = cut < 0 ? o.body + notes : o.body.slice(0, cut) + notes + o.body.slice(cut);
  const cover = `<section class="cover"><div class="cover-band"><p class="cover-org">Sylvania Rights Watch</p></div><div class="cover-main"><p class="cover-kicker">Policy brief</p><p class="cover-title">${esc(o.title)}</p><p class="cover-subtitle">Freedonian policing abroad and the persuasion-to-return campaign</p><p class="cover-authors">A. Researcher · B. Analyst</p></div><div class="cover-foot"><p class="cover-edition">Edition 1.0 · 12 September 2022</p>${o.draft ? `<p class="cover-draft">${esc(o.draft)}</p>` : ''}</div></section>`;
  const text = cover + toc + main;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(o.title)}</title>
<style>${fontFaces(text)}
${printCss()}
${o.css ?? ''}
:root { --page-width: 210mm; --page-height: 297mm; --page-margin-top: 22mm; --page-margin-right: 20mm; --page-margin-bottom: 24mm; --page-margin-left: 20mm; }
</style></head>
<body class="brief print" data-footnotes="${o.footnotes ?? 'page'}" data-running-header="${esc(o.title)} — Freedonian policing abroad"${o.draft ? ` data-draft="${esc(o.draft)}"` : ''}>
${cover}
${toc}
<main>
${main}
</main>
</body></html>`;
}

/** A chapter of awkward blocks (tall callout, nested lists, quotes, code, a tall chart, a table after a heading, dense notes). */
export function buildEdgeCases(): string {
  let n = 0;
  const notes: string[] = [];
  const ref = (text: string) => {
    n++;
    notes.push(`<li id="fn-${n}" data-fn="${n}"><p>${text} <a class="fnback" href="#fnref-${n}">↩</a></p></li>`);
    return `<sup class="fnref"><a id="fnref-${n}" href="#fn-${n}" data-fn="${n}">${n}</a></sup>`;
  };
  const p = (seed: number, s: number, note?: string) => `<p>${prose(seed, s)}${note ? ref(note) : ''} ${prose(seed + 500, 2)}</p>`;
  const longUrl = 'https://example.org/' + 'very-long-path-segment/'.repeat(12) + 'report.pdf';
  const rows = Array.from({ length: 45 }, (_, i) => `<tr><td>City ${i + 1}</td><td>${i % 3 ? 'Open' : 'Closed'}${i === 20 ? ref('Status disputed by the embassy.') : ''}</td><td>${prose(700 + i, 1)}</td></tr>`).join('');
  const toc = `<ol>
  <li class="toc-level-1"><a href="#edge"><span class="toc-title">Edge cases</span><span class="toc-page" data-page-of="edge"></span></a></li>
  <li class="toc-level-2"><a href="#edge-lists"><span class="toc-title">Lists</span><span class="toc-page" data-page-of="edge-lists"></span></a></li>
  <li class="toc-level-2"><a href="#edge-dense"><span class="toc-title">Dense notes</span><span class="toc-page" data-page-of="edge-dense"></span></a></li>
  <li class="toc-level-1"><a href="#short"><span class="toc-title">Short</span><span class="toc-page" data-page-of="short"></span></a></li>
</ol>`;
  const body = `<article class="chapter" id="edge" data-title="Edge cases"><h1>Edge cases</h1>
  <h2 id="edge-callout">A callout taller than a page</h2>
  <aside class="callout callout-note"><p class="callout-title">Long box</p>${Array.from({ length: 11 }, (_, i) => p(800 + i, 4, i === 5 ? 'A note cited inside the box.' : undefined)).join('')}</aside>
  <h2 id="edge-lists">Lists</h2>
  <ol start="5">${Array.from({ length: 9 }, (_, i) => `<li><p>${prose(900 + i, 5)}${i % 3 === 1 ? ref(prose(950 + i, 2)) : ''}</p>${i === 3 ? `<ul>${Array.from({ length: 5 }, (_, j) => `<li>${prose(980 + j, 3)}</li>`).join('')}</ul>` : ''}</li>`).join('')}</ol>
  <blockquote>${Array.from({ length: 6 }, (_, i) => p(1000 + i, 4)).join('')}</blockquote>
  <pre>${Array.from({ length: 70 }, (_, i) => `line ${i + 1}: ${'x'.repeat((i * 7) % 40)}`).join('\n')}</pre>
  <figure class="chart" id="fig-tall"><svg role="img" aria-label="A tall chart" viewBox="0 0 100 400" width="300" height="1200"><rect x="10" y="10" width="80" height="380" fill="#1f3a5f"/></svg><figcaption>Figure 2. A chart taller than a page, scaled to fit.</figcaption></figure>
  ${p(1100, 3, `See ${longUrl} for the full report.`)}
  <h3>A heading just before a table</h3>
  <figure class="table" id="tbl-cities"><table><caption>Table 2. Cities</caption><thead><tr><th scope="col">City</th><th scope="col">Status</th><th scope="col">Remarks</th></tr></thead><tbody>${rows}</tbody></table></figure>
  <hr>
  <h2 id="edge-dense">Dense notes</h2>
  ${Array.from({ length: 14 }, (_, i) => `<p>${prose(1200 + i, 2)}${ref(prose(1300 + i, 3))} ${prose(1250 + i, 1)}${ref(prose(1350 + i, 2))}</p>`).join('')}
</article>
<article class="chapter" id="short" data-title="Short"><h1>Short</h1></article>`;
  return documentShell({ title: 'Freedonia Edge Cases', toc, body, notesHtml: notes.join('') });
}

export const printOptions = (date = new Date('2022-09-12T00:00:00Z')) => ({
  title: 'Freedonia Overseas',
  authors: ['A. Researcher', 'B. Analyst'],
  subject: 'Freedonian policing abroad',
  keywords: ['Freedonia', 'transnational repression', 'policing'],
  language: 'en',
  date,
  allowedRoots: [projectRoot, ...fontRoots],
});

/** The PDF of `html` from a printer in this thread, opened for it and closed after: what another printer's print is held against. */
export async function printedHere(html: string, options = printOptions()): Promise<Uint8Array> {
  const here = await openPrinter({ allowedRoots: options.allowedRoots });
  try {
    return (await here.print({ html, name: 'freedonia.pdf', options })).pdf;
  } finally {
    await here.close();
  }
}
