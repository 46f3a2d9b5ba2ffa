// The redline's pure core: word diffs that keep inline markup, block alignment, footnote markers
// that may renumber, containers, tables.
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import type { Element } from 'hast';
import { describe, expect, it } from 'vitest';
import { Atoms, diffBlocks, emptyStats, footnoteMarker, wordDiff, type Redliner } from '../../scripts/edition/redline.ts';

const redliner = (): Redliner => ({ atoms: new Atoms(), stats: emptyStats() });
const html = (els: Element[]) => els.map((e) => toHtml(e)).join('');
const fn = (label: string, n: number) => footnoteMarker(label, n, `#note-${label}`);

describe('wordDiff', () => {
  it('joins a replacement that spans several words into one change', () => {
    expect(wordDiff('Freedonia counts four wells.', 'Freedonia counts five working wells.')).toEqual([
      { common: 'Freedonia counts ' },
      { del: 'four', ins: 'five working' },
      { common: ' ' },
      { common: 'wells.' },
    ]);
  });

  it('keeps pure insertions and deletions apart from the words around them', () => {
    const parts = wordDiff('The river feeds them.', 'The river Sylvan feeds them.');
    expect(parts.filter((p) => !('common' in p))).toEqual([{ del: '', ins: 'Sylvan ' }]);
  });
});

describe('diffBlocks', () => {
  it('leaves identical blocks alone and counts nothing', () => {
    const r = redliner();
    const blocks = [h('p', 'One.'), h('p', 'Two.')];
    expect(html(diffBlocks(blocks, [h('p', 'One.'), h('p', 'Two.')], r))).toBe('<p>One.</p><p>Two.</p>');
    expect(r.stats).toEqual(emptyStats());
  });

  it('marks the changed words of a changed paragraph, keeping its inline markup, and bars it', () => {
    const r = redliner();
    const out = diffBlocks([h('p', ['The ', h('em', 'old'), ' river runs dry in spring.'])], [h('p', ['The ', h('em', 'new'), ' river runs dry in summer.'])], r);
    expect(html(out)).toBe('<p class="rl-changed rl-mark">The <del><em>old</em></del><ins><em>new</em></ins> river runs dry in <del>spring</del><ins>summer</ins>.</p>');
    expect(r.stats).toMatchObject({ wordsInserted: 2, wordsDeleted: 2, blocksChanged: 1 });
  });

  it('does not call a renumbered footnote marker a change', () => {
    const r = redliner();
    const out = diffBlocks([h('p', ['Wells ran dry.', fn('dry', 3)])], [h('p', ['Wells ran dry.', fn('dry', 4)])], r);
    expect(html(out)).toBe('<p>Wells ran dry.<sup class="fnref" data-label="dry"><a href="#note-dry">4</a></sup></p>');
    expect(r.stats).toEqual(emptyStats());
  });

  it('marks a footnote marker that was added', () => {
    const out = diffBlocks([h('p', 'Wells ran dry.')], [h('p', ['Wells ran dry.', fn('dry', 1)])], redliner());
    expect(html(out)).toBe('<p class="rl-changed rl-mark">Wells ran dry.<ins><sup class="fnref" data-label="dry"><a href="#note-dry">1</a></sup></ins></p>');
  });

  it('inserts and deletes whole blocks that have no counterpart', () => {
    const r = redliner();
    const out = diffBlocks(
      [h('p', 'Kept paragraph about wells.'), h('h2', 'Old heading'), h('p', 'Another kept paragraph.')],
      [h('p', 'Kept paragraph about wells.'), h('p', 'Another kept paragraph.'), h('p', 'A new closing paragraph on pumps.')],
      r,
    );
    expect(html(out)).toBe(
      '<p>Kept paragraph about wells.</p><h2 class="rl-removed rl-mark"><del>Old heading</del></h2><p>Another kept paragraph.</p><p class="rl-added rl-mark"><ins>A new closing paragraph on pumps.</ins></p>',
    );
    expect(r.stats).toMatchObject({ blocksAdded: 1, blocksRemoved: 1, wordsInserted: 6, wordsDeleted: 2 });
  });

  it('aligns the blocks inside a callout and bars only the list item that changed, inside the item', () => {
    const callout = (items: string[]) => h('aside.callout.callout-note', [h('p.callout-title', 'Key points'), h('ul', items.map((i) => h('li', i)))]);
    const out = diffBlocks([callout(['Four wells.', 'Two pumps.'])], [callout(['Five wells.', 'Two pumps.'])], redliner());
    expect(html(out)).toBe(
      '<aside class="callout callout-note"><p class="callout-title">Key points</p><ul><li class="rl-changed"><div class="rl-mark rl-li"><del>Four</del><ins>Five</ins> wells.</div></li><li>Two pumps.</li></ul></aside>',
    );
  });

  it('compares tables row by row: a changed cell, an added row, a removed row; group headings are not rows', () => {
    const table = (rows: string[][]) =>
      h('figure.table', { id: 'tbl-wells' }, [
        h('table', [h('thead', h('tr', [h('th', 'Town'), h('th', 'Wells')])), h('tbody', [h('tr.group', h('th', { colSpan: 2 }, 'North')), ...rows.map(([t, n]) => h('tr', [h('th', t), h('td', n)]))])]),
      ]);
    const r = redliner();
    const [out] = diffBlocks([table([['Hilltown', '3'], ['Stonebridge', '1'], ['Oldford', '2']])], [table([['Hilltown', '4'], ['Stonebridge', '1'], ['Riverside', '1']])], r);
    expect(out.properties.className).toEqual(['table', 'rl-mark']);
    const body = html([out]);
    expect(body).toContain('<tr class="rl-row-changed"><th>Hilltown</th><td class="rl-cell-changed"><del>3</del><ins>4</ins></td></tr>');
    expect(body).toContain('<tr class="rl-row-removed"><th><del>Oldford</del></th><td><del>2</del></td></tr>');
    expect(body).toContain('<tr class="rl-row-added"><th><ins>Riverside</ins></th><td><ins>1</ins></td></tr>');
    expect(body).toContain('<tr class="group"><th colspan="2">North</th></tr>');
    expect(r.stats).toMatchObject({ cellsChanged: 1, rowsAdded: 1, rowsRemoved: 1 });
  });

  it('redraws a changed chart and says so, diffing its caption', () => {
    const chart = (svg: string, caption: string) => h('figure.chart', { id: 'fig-1' }, [{ type: 'raw', value: svg } as never, h('figcaption', caption)]);
    const [out] = diffBlocks([chart('<svg><rect width="1"/></svg>', 'Wells per town')], [chart('<svg><rect width="2"/></svg>', 'Wells per town and region')], redliner());
    expect(out.properties.className).toEqual(['chart', 'rl-changed', 'rl-mark']);
    expect(toHtml(out, { allowDangerousHtml: true })).toContain('<figcaption>Wells per town<ins> and region</ins></figcaption>');
    expect(toHtml(out)).toContain('Chart changed');
  });
});
