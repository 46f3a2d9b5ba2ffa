// citeAndNumber on chapters parsed from strings: the bibliography chapter's title and switch,
// nocite, the brief's language in the CSL terms, and the caller's trees left as they were.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toString } from 'mdast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chapter, CitationSpec, Numbering } from '../../scripts/types.ts';
import { citeAndNumber, type CiteContext } from '../../scripts/cite/index.ts';
import { bundledStyle } from '../../scripts/cite/styles.ts';
import { loadCitationHtmlParser } from '../../scripts/cite/format.ts';
import { Reporter } from '../../scripts/messages.ts';
import { chaptersFrom } from '../helpers/chapters.ts';

const cache = mkdtempSync(path.join(tmpdir(), 'briefkit-cite-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
// citeAndNumber formats with the HTML parser loaded (pipeline.ts numberChapters loads it when needed).
beforeAll(() => loadCitationHtmlParser());

const at = { file: 'content/demo/brief.yaml', line: 1, column: 1 };
const item = (id: string, family: string, title: string, year: number) => ({ item: { id, type: 'book', title, author: [{ family, given: 'Ann' }, { family: 'Moss', given: 'Ben' }], publisher: 'Fictional Press', 'publisher-place': 'Lyon', issued: { 'date-parts': [[year]] } }, place: at });

function context(over: Partial<CitationSpec> = {}, language = 'en', style = 'chicago-fullnote-bibliography'): CiteContext {
  const spec: CitationSpec = { files: [{ path: 'content/demo/refs.bib', place: at }], style: { name: style, place: at }, title: null, nocite: [], nocitePlace: at, ...over };
  const bibliography = new Map([['a', item('a', 'Ritchie', 'The Harbour Book', 2022)], ['b', item('b', 'Olu', 'Quays', 2019)]]);
  const node = bundledStyle(style)!;
  return { spec, bibliography, style: node, noteStyle: node.attrs.class === 'note', language, cacheDir: cache };
}

const run = (cite: CiteContext, source: string) => {
  const reporter = new Reporter();
  const input = chaptersFrom({ 'one.md': source }, reporter);
  const before = JSON.stringify(input[0].tree);
  const out = citeAndNumber({ cite, chapters: input, reporter });
  expect(JSON.stringify(input[0].tree)).toBe(before); // the caller's tree is untouched
  return { ...out, reporter };
};
const notes = (r: { numbering: Numbering }) => r.numbering.footnoteOrder.map((l) => toString({ type: 'root', children: r.numbering.footnotes.get(l)!.children }));
const titles = (chapters: Chapter[]) => chapters.map((c) => c.title);

describe('the bibliography chapter', () => {
  it('is titled in the brief\'s language unless bibliography_title says otherwise, and false leaves it out', () => {
    expect(titles(run(context(), '# One\n\nText.[@a]\n').chapters)).toEqual(['One', 'Bibliography']);
    expect(titles(run(context({}, 'fr'), '# One\n\nText.[@a]\n').chapters)).toEqual(['One', 'Bibliographie']);
    expect(titles(run(context({ title: 'Works cited' }), '# One\n\nText.[@a]\n').chapters)).toEqual(['One', 'Works cited']);
    expect(titles(run(context({ title: false }), '# One\n\nText.[@a]\n').chapters)).toEqual(['One']);
  });

  it('lists the works cited, and those under nocite', () => {
    const listed = (r: { chapters: Chapter[] }) => r.chapters.at(-1)!.tree.children.map((p) => toString(p));
    expect(listed(run(context(), '# One\n\nText.[@a]\n'))).toEqual(['Ritchie, Ann, and Ben Moss. The Harbour Book. Lyon: Fictional Press, 2022.']);
    expect(listed(run(context({ nocite: ['b'] }), '# One\n\nText.[@a]\n'))).toHaveLength(2);
  });
});

describe('terms follow the language', () => {
  it('writes "and" and "Ibid." in French for a French brief', () => {
    const r = run(context({}, 'fr', 'chicago-note-bibliography-with-ibid'), '# Un\n\nTexte.[@a, p. 3] Suite.[@a, p. 4]\n');
    expect(notes(r)).toEqual([expect.stringContaining('Ritchie et Moss'), expect.stringMatching(/^Ibid\., 4\.$/)]);
  });
});
