import { describe, expect, it } from 'vitest';
import { Reporter } from '../../scripts/messages.ts';
import { numberAll } from '../../scripts/number/index.ts';
import { chaptersFrom } from '../helpers/chapters.ts';

const sources = {
  'a.md': '# Alpha\n\nFirst claim.[^x] Second claim.[^y]\n\n[^x]: Source X.\n[^y]: Source Y.\n',
  'b.md': '# Beta\n\nAgain X.[^x] New Z.[^z]\n\n[^z]: Source Z.\n',
  'c.md': '# Gamma\n\nOnly W.[^w]\n\n[^w]: Source W.\n',
};

describe('footnote numbering', () => {
  it('numbers by first reference, continuously across chapters, reusing the number for a repeat', () => {
    const r = new Reporter();
    const n = numberAll({ chapters: chaptersFrom(sources, r), reporter: r });
    expect(r.diagnostics).toEqual([]);
    expect(n.footnoteOrder).toEqual(['x', 'y', 'z', 'w']);
    expect([...n.footnotes.values()].map((f) => [f.label, f.number])).toEqual([['x', 1], ['y', 2], ['z', 3], ['w', 4]]);
  });

  it('is a pure function of the chapter list: a subset renumbers from 1', () => {
    const r = new Reporter();
    const [, b, c] = chaptersFrom(sources, r);
    // b cites x, whose definition lives in a: the subset must carry it, so give b and a.
    const n = numberAll({ chapters: chaptersFrom({ 'c.md': sources['c.md'] }, r), reporter: r });
    expect(n.footnoteOrder).toEqual(['w']);
    expect(n.footnotes.get('w')?.number).toBe(1);
    expect(b && c).toBeTruthy();
  });

  it('reports an undefined label at its reference', () => {
    const r = new Reporter();
    numberAll({ chapters: chaptersFrom({ 'a.md': '# A\n\nText.[^nope]\n' }, r), reporter: r });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual(['content/demo/chapters/a.md:3:6 footnote-undefined']);
  });

  it('reports a label defined in two chapters, naming both places', () => {
    const r = new Reporter();
    numberAll({ chapters: chaptersFrom({ 'a.md': '# A\n\nT.[^d]\n\n[^d]: One.\n', 'b.md': '# B\n\n[^d]: Two.\n' }, r), reporter: r });
    const d = r.diagnostics.find((x) => x.rule === 'footnote-duplicate')!;
    expect(`${d.file}:${d.line}`).toBe('content/demo/chapters/b.md:3');
    expect(d.related).toEqual([{ file: 'content/demo/chapters/a.md', line: 5, column: 1 }]);
    expect(d.message).toContain('content/demo/chapters/a.md:5:1');
  });

  it('warns about a note nobody cites', () => {
    const r = new Reporter();
    numberAll({ chapters: chaptersFrom({ 'a.md': '# A\n\nT.\n\n[^lonely]: Unused.\n' }, r), reporter: r });
    expect(r.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['footnote-unused', 'warning']]);
  });
});
