// Pandoc's citation syntax as the chapters write it, on parsed markdown.
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { chaptersFrom } from '../helpers/chapters.ts';
import { markCitations, parseBracket, splitSuffix, type Citation } from '../../scripts/cite/syntax.ts';

const KEYS = new Set(['ritchie2022', 'doe2023', 'kim:2020']);

function mark(source: string, noteStyle = true): { citations: Citation[]; tree: Root; headings: number } {
  const [{ tree }] = chaptersFrom({ 'a.md': source });
  let headings = 0;
  const citations = markCitations({ file: 'a.md', tree, noteStyle, known: (k) => KEYS.has(k), labels: new Map(), counter: { order: 0 }, onHeading: () => headings++ });
  return { citations, tree, headings };
}

describe('citation syntax', () => {
  it('reads locators with their labels, prefixes, suffixes and a suppressed author', () => {
    expect(parseBracket('@ritchie2022, p. 12')).toEqual([{ key: 'ritchie2022', locator: '12', label: 'page' }]);
    expect(parseBracket('see @ritchie2022, ch. 3; -@doe2023, 14, emphasis added')).toEqual([
      { key: 'ritchie2022', prefix: 'see', locator: '3', label: 'chapter' },
      { key: 'doe2023', suppressAuthor: true, locator: '14', label: 'page', suffix: ', emphasis added' },
    ]);
    expect(splitSuffix(', pp. 33–35, 38')).toEqual({ locator: '33–35, 38', label: 'page' });
    expect(splitSuffix(', para. 4')).toEqual({ locator: '4', label: 'paragraph' });
    expect(splitSuffix(', and elsewhere')).toEqual({ suffix: ', and elsewhere' });
    expect(parseBracket('not a citation')).toBeNull();
  });

  it('leaves e-mail addresses, code, links and unknown @handles alone', () => {
    const { citations } = mark('Mail jane@example.org or `@ritchie2022` or [the book](https://x.org/@ritchie2022); ask @someone.\n');
    expect(citations).toEqual([]);
  });

  it('finds bracketed and bare citations, keys with internal punctuation, and citations inside a note', () => {
    const { citations } = mark('As @kim:2020 says, harbours grow.[@ritchie2022] Really.[^n]\n\n[^n]: See [@doe2023].\n');
    expect(citations.map((c) => [c.items.map((i) => i.key).join(';'), c.inText, c.note])).toEqual([
      ['kim:2020', true, '@kim:2020'],
      ['ritchie2022', false, '@ritchie2022'],
      ['doe2023', false, 'n'],
    ]);
    expect(citations.map((c) => `${c.place.line}:${c.place.column}`)).toEqual(['1:4', '1:34', '3:11']);
  });

  it('labels a repeated citation apart, so the redline tells its notes apart', () => {
    const { citations } = mark('One.[@doe2023] Two.[@doe2023, 3]\n');
    expect(citations.map((c) => c.note)).toEqual(['@doe2023', '@doe2023#2']);
  });

  it('refuses a note citation in a heading, and allows an inline one', () => {
    expect(mark('# T\n\n## On harbours [@doe2023]\n').headings).toBe(1);
    expect(mark('# T\n\n## On harbours [@doe2023]\n', false).citations).toHaveLength(1);
  });
});
