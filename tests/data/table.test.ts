import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { tableToHast } from '../../scripts/render/table.ts';
import type { TableModel } from '../../scripts/types.ts';

const model: TableModel = {
  id: 'tbl-x',
  caption: 'Outposts by agency',
  notes: ['Source: fictional.', '† Agency certain: no.'],
  columns: [{ name: 'city', label: 'City', numeric: false }, { name: 'n', label: 'Outposts', numeric: true }],
  groups: [{ label: 'Marsh', rows: [['Port Rhyme', '2'], ['Lowtide†', '1']] }, { label: 'Hill', rows: [['Vasko', '3']] }],
  rowCount: 3,
  flagged: 1,
  empty: 'No rows.',
};

describe('tableToHast', () => {
  it('renders a semantic, numbered table with groups and notes', () => {
    expect(toHtml(tableToHast({ model, label: 'Table 2' }))).toBe(
      '<figure class="table" id="tbl-x"><table><caption><span class="label">Table 2.</span> Outposts by agency</caption>' +
        '<thead><tr><th scope="col">City</th><th scope="col" class="num">Outposts</th></tr></thead>' +
        '<tbody><tr class="group"><th scope="rowgroup" colspan="2">Marsh</th></tr>' +
        '<tr><th scope="row">Port Rhyme</th><td class="num">2</td></tr><tr><th scope="row">Lowtide†</th><td class="num">1</td></tr></tbody>' +
        '<tbody><tr class="group"><th scope="rowgroup" colspan="2">Hill</th></tr><tr><th scope="row">Vasko</th><td class="num">3</td></tr></tbody>' +
        '</table><p class="table-notes">Source: fictional.</p><p class="table-notes">† Agency certain: no.</p></figure>',
    );
  });

  it('escapes cell text and shows the empty text when no rows match', () => {
    const empty: TableModel = { ...model, id: undefined, caption: undefined, notes: [], groups: [], rowCount: 0, empty: '<none>' };
    expect(toHtml(tableToHast({ model: empty }))).toBe(
      '<figure class="table"><table><thead><tr><th scope="col">City</th><th scope="col" class="num">Outposts</th></tr></thead>' +
        '<tbody><tr><td class="empty" colspan="2">&#x3C;none></td></tr></tbody></table></figure>',
    );
  });
});
