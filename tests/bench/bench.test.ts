// The benchmark's own guarantees, without timing anything: the corpus generator writes the same bytes
// every time (and the committed corpus is its output), the corpus has the sizes the performance targets name, and
// bench/results.json has the documented shape.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, GENERATED, diffCorpus, generateCorpus } from '../../bench/generate.ts';
import { report } from '../../bench/run.ts';
import { pagedHtml } from '../../bench/peers/peers.ts';
import type { Results } from '../../bench/lib/results.ts';
import { spread } from '../../bench/lib/results.ts';

const BENCH = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bench');
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

describe('bench corpus', () => {
  it('is generated deterministically', () => {
    const a = generateCorpus();
    const b = generateCorpus();
    expect(Object.keys(a).length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  });

  it('is committed as the generator writes it (npx tsx bench/generate.ts to refresh)', () => {
    expect(diffCorpus(CORPUS_DIR)).toEqual([]);
  });

  it('has the sizes the performance targets name: ~60 footnotes, a 200-row table, 3 charts; 50 and 100 countries', () => {
    const files = generateCorpus();
    const long = Object.entries(files).filter(([p]) => p.startsWith(`content/${GENERATED.long.name}/chapters/`));
    const defs = long.flatMap(([, text]) => text.match(/^\[\^[^\]]+\]:/gm) ?? []);
    expect(defs.length).toBe(GENERATED.long.footnotes);
    expect(new Set(defs).size).toBe(defs.length);
    expect(long.map(([, t]) => t.match(/^::chart\{/gm)?.length ?? 0).reduce((x, y) => x + y, 0)).toBe(GENERATED.long.charts);
    expect(files['data/harbours.csv'].trim().split('\n').length - 1).toBe(GENERATED.long.tableRows);
    for (const { name, countries } of [GENERATED.packs50, GENERATED.packs100]) {
      const notes = files[`content/${name}/chapters/notes.md`];
      expect(notes.match(/^:::country\{code=[A-Z]{2}\}$/gm)?.length).toBe(countries);
    }
    expect(Object.keys(files).filter((p) => p.startsWith(`pandoc/${GENERATED.packs50.name}/`)).length).toBe(GENERATED.packs50.countries);
  });

  it('has the 20-page brief as Typst markup: the same notes as #footnote, the 200-row table, the charts, an outline', () => {
    const typ = generateCorpus()[`typst/${GENERATED.long.name}.typ`];
    const notes = typ.match(/#footnote\[/g) ?? [];
    expect(notes.length).toBe(GENERATED.long.footnotes);
    // A note cited again refers to the first call's label, so it keeps its number.
    for (const [, label] of typ.matchAll(/#footnote\(<([\w-]+)>\)/g)) expect(typ).toContain(`] <${label}>`);
    const table = typ.slice(typ.indexOf('table.header('));
    expect(table.match(/^ {4}\[H\d{3}\],/gm)?.length).toBe(GENERATED.long.tableRows);
    expect(typ.match(/#figure\(image\("charts\/fig-[\w-]+\.svg"/g)?.length).toBe(GENERATED.long.charts);
    expect(typ).toContain('#outline()');
    expect(typ.match(/^= /gm)?.length).toBe(6);
    // Markdown note calls became footnotes; markdown emphasis in the notes became Typst's.
    expect(typ).not.toContain('[^');
    expect(typ).toMatch(/#footnote\[[^\]]*_[A-Z][^_]*_/);
  });
});

describe('bench results', () => {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(BENCH, 'results.schema.json'), 'utf8')));

  it.skipIf(!existsSync(path.join(BENCH, 'results.json')))('bench/results.json matches bench/results.schema.json and prints', () => {
    const results = JSON.parse(readFileSync(path.join(BENCH, 'results.json'), 'utf8')) as Results;
    expect(validate(results), ajv.errorsText(validate.errors)).toBe(true);
    expect(results.machine.cpus).toBeGreaterThan(0);
    for (const t of results.targets) if (t.met !== null) expect(t.met).toBe(t.value! <= t.limit!);
    const text = report(results);
    expect(text).toContain('Performance targets:');
  });

  it('rejects a results file missing what the schema requires', () => {
    expect(validate({ schema: 1, date: 'yesterday' })).toBe(false);
  });

  it('spread gives min, median and max', () => {
    expect(spread([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5 });
    expect(spread([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(spread([])).toBeNull();
  });

  it('pagedjs input: first note calls become float: footnote spans, the endnotes go', () => {
    const html = `<html><head></head><body class="brief print"><p>A<sup class="fnref"><a id="fnref-1" href="#fn-1" data-fn="1" role="doc-noteref">1</a></sup> B<sup class="fnref"><a id="fnref-1-2" href="#fn-1" data-fn="1" role="doc-noteref">1</a></sup></p>
<section class="footnotes" id="footnotes" role="doc-endnotes"><ol><li id="fn-1" data-fn="1"><p>Note <em>one</em>. <a class="fnback" href="#fnref-1">↩</a></p></li></ol></section></body></html>`;
    const out = pagedHtml(html, { size: 'A4', margins: '20mm', header: 'Head "quoted"' });
    expect(out).toContain('<span class="bk-fn">Note <em>one</em>.</span>');
    expect(out.match(/bk-fn">/g)?.length).toBe(1); // the repeat call stays a plain number
    expect(out).not.toContain('section class="footnotes"');
    expect(out).toContain('content: "Head \\"quoted\\""');
  });
});
