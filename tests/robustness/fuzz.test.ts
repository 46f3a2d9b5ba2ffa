// Fuzzing (fast-check): random markdown — footnotes, directives, headings, raw HTML, links, data
// values, front matter — random CSV bytes and random brief.yaml edits go through `prepare` (what
// `brief check` runs; with charts checked, not drawn) and, when that succeeds, `renderBrief`.
// Property: nothing crashes. Either it works, or it throws a UserError whose every diagnostic is
// located — a known rule, a file that exists under the root, a line and column inside that file.
//
// FUZZ_RUNS=n sets the cases per property (default 200, as in CI; the nightly-sized run is
// FUZZ_RUNS=10000). FUZZ_SEED=n replays a run; a failure prints its seed and shrunk input.
// Under CI a fixed seed is used (a failing CI run must be reproducible, and must not depend on luck).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineContext, prepare, renderBrief } from '../../scripts/pipeline.ts';
import { catalogue, UserError } from '../../scripts/messages.ts';
import type { Diagnostic } from '../../scripts/types.ts';
import { makeProject, removeProject } from '../helpers/project.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
// CI replays one fixed seed, so a run there is the same every time; elsewhere each run explores new cases.
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.CI ? 20261205 : undefined;
const TIMEOUT = 120_000 + RUNS * 400;

const BRIEF = `title: "Fuzz"
language: en
chapters: [one.md, two.md]
datasets:
  wells: { path: data/wells.csv, key: [name] }
editions:
  - version: "1.0"
    date: 2024-03-01
    summary: "First edition."
`;
const CSV = 'name,region,depth,dug\nNorth,Upper,12,2019-04-01\nSouth,Lower,30,2020-06-15\n';
const SCHEMA = JSON.stringify({ type: 'object', properties: { name: { type: 'string' }, region: { type: 'string', enum: ['Upper', 'Lower'] }, depth: { type: 'number' }, dug: { type: 'string', format: 'date' } } });
const CHART = JSON.stringify({ mark: 'bar', encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'depth', type: 'quantitative' } } });
const ONE = '---\ntitle: One\n---\n\nFreedonia has wells.[^a]\n\n[^a]: A note.\n';

let root: string;
// A user sees process warnings on the terminal: problems must come as diagnostics instead.
const processWarnings: string[] = [];
const onWarning = (w: Error) => processWarnings.push(`${w.name}: ${w.message}`);
const stats = { runs: 0, ok: 0, userErrors: 0, rules: new Map<string, number>() };

beforeAll(() => {
  process.on('warning', onWarning);
  root = makeProject({
    'content/fz/brief.yaml': BRIEF,
    'content/fz/chapters/one.md': ONE,
    'content/fz/chapters/two.md': 'Two.\n',
    'content/fz/charts/depth.vl.json': CHART,
    'content/fz/images/map.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    'data/wells.csv': CSV,
    'data/wells.schema.json': SCHEMA,
  });
});

afterAll(() => {
  process.off('warning', onWarning);
  const top = [...stats.rules].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
  console.log(`fuzz: ${stats.runs} cases, ${stats.ok} built, ${stats.userErrors} located user errors; rules seen: ${top}`);
  removeProject(root);
});

function reset(): void {
  writeFileSync(path.join(root, 'content/fz/brief.yaml'), BRIEF);
  writeFileSync(path.join(root, 'content/fz/chapters/one.md'), ONE);
  writeFileSync(path.join(root, 'content/fz/chapters/two.md'), 'Two.\n');
  writeFileSync(path.join(root, 'data/wells.csv'), CSV);
  rmSync(path.join(root, '.cache/mdast'), { recursive: true, force: true }); // keep the disk small on long runs
}

/** A diagnostic points into a real file under the root, at a line and column that file has. */
function assertLocated(d: Diagnostic): void {
  expect(Object.keys(catalogue), `rule ${d.rule}`).toContain(d.rule);
  expect(typeof d.message).toBe('string');
  expect(d.file, JSON.stringify(d)).not.toMatch(/^(\/|[A-Za-z]:\\|\.\.)/);
  const abs = path.join(root, d.file);
  expect(existsSync(abs), `${d.file} exists (${d.rule}: ${d.message})`).toBe(true);
  expect(d.line, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
  expect(d.column, JSON.stringify(d)).toBeGreaterThanOrEqual(1);
  if (d.file.endsWith('/')) return;
  try {
    const text = readFileSync(abs, 'latin1'); // line count only: any decoding will do
    const lines = text.split(/\r\n|\r|\n/);
    expect(d.line, `${d.file}:${d.line}:${d.column} within ${lines.length} lines (${d.rule})`).toBeLessThanOrEqual(lines.length + 1);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
  }
}

async function runOnce(): Promise<void> {
  stats.runs++;
  try {
    const p = await prepare(pipelineContext(root), { name: 'fz', charts: 'check' });
    for (const d of p.warnings) assertLocated(d);
    await renderBrief(p); // must not crash either
    stats.ok++;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    stats.userErrors++;
    expect(e.diagnostics.length).toBeGreaterThan(0);
    for (const d of e.diagnostics) {
      stats.rules.set(d.rule, (stats.rules.get(d.rule) ?? 0) + 1);
      assertLocated(d);
    }
  }
}

// ---- markdown ----
const word = fc.constantFrom('wells', 'Freedonia', 'north', 'a', 'b', 'x y', '水', 'é', 'ﬁ', '🙂', '', ' ', '\\', '*', '_', '`', '~', '|', '<', '>', '&amp;', '%', '%E0%A4%A', '"', "'", '{', '}', '[', ']', '(', ')', ':', '::', '#', '^', '\t', '\u0000', '\u202e', '\r');
const text = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(''));
const label = fc.constantFrom('a', 'b', 'c', 'A', 'note-1', 'x y', '', '^', ']', 'ünï', '1');
const url = fc.constantFrom('images/map.png', 'images/none.png', '../secret.png', '/etc/passwd', 'file:///etc/passwd', 'https://example.com/x.png', '//example.com/x', 'javascript:alert(1)', 'data:text/html,x', '%E0%A4%A', 'images/map%20x.png', '#one', 'two.md', 'two.md#x', '', ' ', 'mailto:x@y', '..', 'images/', '\\..\\x');
const attrValue = fc.oneof(
  fc.constantFrom('wells', 'none', 'name', 'name,depth', 'name,height', 'depth > 3', "region == 'Upper'", 'depth >> 3', 'not', "'", '"', '-depth', 'name:Name', 'charts/depth.vl.json', '../x.json', '/etc/passwd', 'note', 'shout', 'IT', 'it', 'xx', '{{count wells}}', '{{', '', 'tbl-1', 'fig-1', '640', '-1', '0'),
  text,
);
const attrName = fc.constantFrom('data', 'columns', 'where', 'sort', 'group', 'caption', 'notes', 'flag', 'flag-note', 'empty', 'spec', 'alt', 'width', 'height', 'kind', 'title', 'code', 'colour', '#tbl-1', '#fig-1', '.cls', 'id');
const attrs = fc
  .array(fc.tuple(attrName, attrValue, fc.constantFrom('"', "'", '', '"unbalanced')), { maxLength: 5 })
  .map((list) => list.map(([n, v, q]) => (n.startsWith('#') || n.startsWith('.') ? n : q === '"unbalanced' ? `${n}="${v}` : `${n}=${q}${v}${q}`)).join(' '));
const directiveName = fc.constantFrom('table', 'chart', 'callout', 'country', 'ref', 'graph', 'x', '');
const helper = fc.constantFrom('{{count wells}}', '{{count springs}}', '{{sum wells "depth"}}', '{{sum wells "height"}}', '{{distinct wells "region"}}', '{{count wells where="depth > 3"}}', '{{count wells where="depth >"}}', '{{format 1234.5}}', '{{nope}}', '{{#each wells}}x{{/each}}', '{{> partial}}', '{{{raw}}}', '{{', '}}', '{{count}}', '{{!-- c --}}', '{{count wells where=}}');
const html = fc.constantFrom('<script>alert(1)</script>', '<img src="images/map.png" onerror="x()">', '<img src="https://example.com/p.png">', '<span onclick="x()">s</span>', '<b>bold</b>', '<iframe src="x"></iframe>', '<a href="javascript:x()">l</a>', '<div style="background:url(x.png)">', '<!-- comment', '<style>@import url(//x)</style>', '<link rel=stylesheet href=//x>', '<svg><image href="//x"/></svg>', '</div>', '<p lang="zh">中文</p>', '<video poster="//x">', '<math><mi>x</mi></math>', '<object data="x">', '<base href="//x">', '<meta http-equiv="refresh" content="0">');

const block = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 7 }), text, fc.boolean(), label).map(([n, t, note, l]) => `${'#'.repeat(n)} ${t}${note ? `[^${l}]` : ''}`),
  fc.tuple(text, label, text).map(([a, l, b]) => `${a}[^${l}]${b}`),
  fc.tuple(label, text).map(([l, t]) => `[^${l}]: ${t}`),
  fc.tuple(fc.constantFrom('::', ':::', ':', '::::'), directiveName, fc.boolean(), text, attrs).map(([c, n, lab, t, a]) => `${c}${n}${lab ? `[${t}]` : ''}{${a}}`),
  fc.tuple(fc.constantFrom(':::', '::::'), fc.constantFrom('callout', 'country'), attrs, text, fc.boolean()).map(([c, n, a, t, close]) => `${c}${n}{${a}}\n${t}\n${close ? c : ''}`),
  fc.tuple(text, label).map(([t, l]) => `${t} :ref[${l}] ${t}`),
  fc.tuple(text, url).map(([t, u]) => `![${t}](${u})`),
  fc.tuple(text, url).map(([t, u]) => `[${t}](${u})`),
  fc.tuple(text, helper, text).map(([a, h, b]) => `${a}${h}${b}`),
  html,
  fc.constantFrom('```', '```js\ncode {{count wells}} [^a]', '    indented [^a]', '> quote [^b]', '- item\n  - nested [^a]', '| a | b |\n| - | - |\n| 1 | [^a] |', '***', '---', '<https://example.com>', 'www.example.com', '\\[^a]', '[^a]:', '[x]: /etc/passwd', '[x][]'),
  text,
);
const frontMatter = fc.oneof(
  fc.constant(''),
  fc.constantFrom('---\ntitle: Two\n---\n', '---\ntitle: [unclosed\n---\n', '---\nid: 1bad\n---\n', '---\nid: one\n---\n', '---\ncountries: [IT, xx]\n---\n', '---\nauthor: me\n---\n', '---\n- a list\n---\n', '---\n---\n', '---\ntitle: Two\n'),
  text.map((t) => `---\ntitle: ${t}\n---\n`),
);
const chapter = fc.tuple(frontMatter, fc.array(block, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([fm, blocks, eol]) => (fm + blocks.join('\n\n') + '\n').replace(/\n/g, eol));

// Well-formed chapters with hostile text, so rendering is exercised too (most random chapters stop at the check).
const prose = fc.array(fc.oneof(word, fc.string({ maxLength: 5 }), fc.constantFrom('<b>x</b>', '<sup>2</sup>', '**bold**', '_em_', '`code`', '&lt;', '&#0;', '&nbsp;', '\\{{', '$1', '\u00ad')), { maxLength: 10 }).map((ws) => ws.join(' ').replace(/[[\]{}:^#<>\\`*_|~]/g, (c) => (c === '<' || c === '>' ? '' : `\\${c}`)));
const goodBlock = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 3 }), prose).map(([n, t]) => `${'#'.repeat(n)} ${t || 'Section'}`),
  fc.tuple(prose, fc.constantFrom('a', 'b')).map(([t, l]) => `${t}[^${l}]`),
  fc.tuple(prose, prose).map(([c, a]) => `::table{data=wells caption="${c.replace(/"/g, '')}" notes="${a.replace(/"/g, '')}"}`),
  fc.tuple(prose, prose).map(([c, a]) => `::chart{spec=charts/depth.vl.json data=wells caption="${c.replace(/"/g, '')}" alt="${a.replace(/"/g, '') || 'alt'}"}`),
  fc.tuple(fc.constantFrom('note', 'summary', 'warning', 'quote'), prose, prose).map(([k, t, b]) => `:::callout{kind=${k} title="${t.replace(/"/g, '')}"}\n${b}\n:::`),
  fc.tuple(fc.constantFrom('IT', 'FR', 'CN'), prose).map(([c, b]) => `:::country{code=${c}}\n${b}\n:::`),
  fc.tuple(prose, fc.constantFrom('one', 'tbl-1', 'fig-1')).map(([t, r]) => `${t} :ref[${r}]`),
  fc.constantFrom('![A map](images/map.png)', '[Chapter one](#one)', '{{count wells}} wells, {{sum wells "depth"}} m', '- a\n- b\n  1. c', '> quoted', '| a | b |\n| - | - |\n| 1 | 2 |', '```\n<script>x</script> {{count wells}}\n```'),
  prose,
);
const goodChapter = fc.tuple(prose, fc.array(goodBlock, { maxLength: 10 })).map(([title, blocks]) => `---\ntitle: "${title.replace(/["\\]/g, '') || 'Two'}"\n---\n\n${blocks.join('\n\n')}\n\n[^a]: ${'Note a.'}\n[^b]: Note b with <em>html</em>.\n`);

// ---- CSV ----
const cell = fc.oneof(fc.constantFrom('North', 'Upper', 'Lower', '12', '3.5', '-1', '1e3', 'twelve', '2019-04-01', '2019-02-30', '', ' ', '"', '""', '"quoted, comma"', '"unclosed', 'a"b', '\u00e9', 'NaN', 'true', '0x10'), fc.string({ maxLength: 6 }));
const csvText = fc
  .tuple(fc.constantFrom('name,region,depth,dug', 'name,region,depth', 'name,height', '', 'name,name', '\ufeffname,region,depth,dug', ',,,', 'name;region;depth;dug'), fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([header, rows, eol]) => [header, ...rows.map((r) => r.join(','))].join(eol) + eol);
const csvBytes = fc.oneof(
  csvText.map((t) => Buffer.from(t, 'utf8')),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.tuple(csvText, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat()).map(([t, junk, at]) => {
    const b = Buffer.from(t, 'utf8');
    const i = b.length ? at % b.length : 0;
    return Buffer.concat([b.subarray(0, i), Buffer.from(junk), b.subarray(i)]);
  }),
);
const twoUsingData = '---\ntitle: Two\n---\n\nThere are {{count wells}} wells, {{sum wells "depth"}} m in all.\n\n::table{data=wells where="depth > 3" sort=-depth caption="Wells" #tbl-w}\n\n::chart{spec=charts/depth.vl.json data=wells alt="Depth" #fig-w}\n';

// ---- brief.yaml ----
const yamlEdit = fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.oneof(fc.constantFrom(':', '-', ' ', '\n', '"', "'", '[', ']', '{', '}', '#', '&a', '*a', '!!str', '\t', '../', '/etc/', '2024-13-01', '\ufeff', '? '), fc.string({ maxLength: 4 })));

describe('fuzz', () => {
  it(
    `random markdown through check and render (${RUNS} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(chapter, chapter, async (a, b) => {
          reset();
          writeFileSync(path.join(root, 'content/fz/chapters/one.md'), a);
          writeFileSync(path.join(root, 'content/fz/chapters/two.md'), b);
          await runOnce();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    `well-formed markdown with hostile text through check and render (${RUNS} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(goodChapter, async (b) => {
          reset();
          writeFileSync(path.join(root, 'content/fz/chapters/one.md'), ONE.replace('[^a]: A note.\n', ''));
          writeFileSync(path.join(root, 'content/fz/chapters/two.md'), b);
          await runOnce();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    `random CSV bytes through check and render (${RUNS} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(csvBytes, async (bytes) => {
          reset();
          writeFileSync(path.join(root, 'content/fz/chapters/two.md'), twoUsingData);
          writeFileSync(path.join(root, 'data/wells.csv'), bytes);
          await runOnce();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    `random edits of brief.yaml through check (${RUNS} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(yamlEdit, { minLength: 1, maxLength: 3 }), async (edits) => {
          reset();
          let y = BRIEF;
          for (const [at, cut, insert] of edits) {
            const i = at % (y.length + 1);
            y = y.slice(0, i) + insert + y.slice(i + cut);
          }
          mkdirSync(path.join(root, 'content/fz'), { recursive: true });
          writeFileSync(path.join(root, 'content/fz/brief.yaml'), y);
          await runOnce();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it('emitted no process warnings', () => {
    expect(processWarnings).toEqual([]);
  });
});
