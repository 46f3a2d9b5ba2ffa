// packs/select.ts: what one country's pack holds, as a pure function of the parsed chapters.
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Heading } from 'mdast';
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../scripts/messages.ts';
import { numberAll } from '../../scripts/number/index.ts';
import { selectPack } from '../../scripts/packs/select.ts';
import type { Chapter } from '../../scripts/types.ts';
import { chaptersFrom, fakeBrief } from '../helpers/chapters.ts';

const file = (name: string) => `content/demo/chapters/${name}`;

const sources = {
  'intro.md': `---
title: Introduction
---

Freedonia keeps missions abroad.[^general] See :ref[tbl-missions] and :ref[fig-staff] and :ref[missions].

:::country{code=AT}
Vienna hosts the oldest mission.[^at-vienna]

[^at-vienna]: Annual report, Vienna section.
:::

:::country{code=BE}
Brussels hosts two.[^be-brussels]

[^be-brussels]: Annual report, Brussels section.
:::

[^general]: Freedonian Foreign Office, list of missions.
`,
  'missions.md': `---
title: Missions
---

General text cites a note.[^missions-general]

::chart{spec=c.vl.json data=missions alt="Staff" #fig-staff}

## Europe

:::country{code=BE}
### Antwerp

Antwerp was opened in 1999.[^shared] Its staff is small.[^be-antwerp]

[^be-antwerp]: Antwerp consular register.
:::

:::country{code=CL}
### Santiago

Santiago is the only mission in South America.[^shared]
:::

[^shared]: A note defined outside any block, cited only from blocks.[^nested]

[^nested]: A note cited only by another note.

[^missions-general]: Cited from general text only.
`,
  'chile.md': `---
title: Chile in depth
countries: [CL]
---

A chapter only for Chile.[^cl-only] It cites a note of the introduction too.[^general]

[^cl-only]: Chilean press reports.
`,
  'annex.md': `---
title: Annex
---

::table{data=missions caption="Missions" #tbl-missions}
`,
};

function setup() {
  const reporter = new Reporter();
  const chapters = chaptersFrom(sources, reporter);
  expect(reporter.errors).toEqual([]);
  const brief = fakeBrief({ chapters: chapters.map((c) => ({ file: c.file, place: { file: c.file, line: 1, column: 1 } })), packs: { dataset: 'missions', column: 'country_code', include: [file('intro.md'), file('annex.md')], place: { file: 'content/demo/brief.yaml', line: 1, column: 1 } } });
  // Numbering marks the trees it numbers: give it a copy, as `prepare` gives it the bound copy.
  const targets = numberAll({ chapters: structuredClone(chapters), reporter: new Reporter() }).targets;
  return { chapters, brief, targets };
}

const text = (chs: Chapter[]) => chs.map((c) => `# ${c.title}\n${toString(c.tree)}`).join('\n');

function numbered(chapters: Chapter[]) {
  const reporter = new Reporter();
  const numbering = numberAll({ chapters, reporter });
  return { reporter, notes: numbering.footnoteOrder.map((l) => toString({ type: 'root', children: numbering.footnotes.get(l)!.children })), numbering };
}

describe('selectPack', () => {
  it('takes the include chapters whole, without other countries’ blocks', () => {
    const { chapters, brief, targets } = setup();
    const pack = selectPack({ chapters, brief, country: 'AT', targets });
    expect(pack.chapters.map((c) => c.title)).toEqual(['Introduction', 'Annex']);
    const t = text(pack.chapters);
    expect(t).toContain('Vienna hosts the oldest mission.');
    expect(t).not.toContain('Brussels');
    expect(t).not.toContain('Antwerp');
  });

  it('takes only the country’s own blocks from other chapters, headings raised to sections', () => {
    const { chapters, brief, targets } = setup();
    const pack = selectPack({ chapters, brief, country: 'BE', targets });
    expect(pack.chapters.map((c) => c.title)).toEqual(['Introduction', 'Missions', 'Annex']);
    const missions = pack.chapters[1];
    expect(toString(missions.tree)).toContain('Antwerp was opened in 1999.');
    expect(toString(missions.tree)).not.toContain('General text');
    expect(toString(missions.tree)).not.toContain('Santiago');
    const headings: [number, string][] = [];
    visit(missions.tree, 'heading', (h: Heading) => void headings.push([h.depth, toString(h)]));
    expect(headings).toEqual([[2, 'Antwerp']]);
  });

  it('takes a chapter whose front matter names the country, for that country only', () => {
    const { chapters, brief, targets } = setup();
    expect(selectPack({ chapters, brief, country: 'CL', targets }).chapters.map((c) => c.title)).toEqual(['Introduction', 'Missions', 'Chile in depth', 'Annex']);
    expect(selectPack({ chapters, brief, country: 'AT', targets }).chapters.map((c) => c.title)).not.toContain('Chile in depth');
  });

  it('keeps exactly the notes the pack cites, numbered from 1, with no warnings', () => {
    const { chapters, brief, targets } = setup();
    const be = numbered(selectPack({ chapters, brief, country: 'BE', targets }).chapters);
    expect(be.reporter.diagnostics).toEqual([]);
    expect(be.notes).toEqual([
      'Freedonian Foreign Office, list of missions.',
      'Annual report, Brussels section.',
      'A note defined outside any block, cited only from blocks.',
      'A note cited only by another note.',
      'Antwerp consular register.',
    ]);
    expect([...be.numbering.footnotes.values()].map((d) => d.number)).toEqual([1, 2, 3, 4, 5]);

    // AT: the shared note (cited only from BE's and CL's blocks) and BE's notes stay out.
    const at = numbered(selectPack({ chapters, brief, country: 'AT', targets }).chapters);
    expect(at.reporter.diagnostics).toEqual([]);
    expect(at.notes).toEqual(['Freedonian Foreign Office, list of missions.', 'Annual report, Vienna section.']);
  });

  it('brings in a note defined in a chapter the pack leaves out', () => {
    const { chapters, brief, targets } = setup();
    const ke = numbered(selectPack({ chapters, brief, country: 'KE', targets }).chapters);
    expect(ke.notes).toEqual(['Freedonian Foreign Office, list of missions.']);
    const cl = numbered(selectPack({ chapters, brief, country: 'CL', targets }).chapters);
    expect(cl.reporter.diagnostics).toEqual([]);
    expect(cl.notes).toEqual(['Freedonian Foreign Office, list of missions.', 'A note defined outside any block, cited only from blocks.', 'A note cited only by another note.', 'Chilean press reports.']);
  });

  it('turns a :ref to something the pack leaves out into plain text naming it in the full brief', () => {
    const { chapters, brief, targets } = setup();
    const pack = selectPack({ chapters, brief, country: 'AT', targets });
    const reporter = new Reporter();
    numberAll({ chapters: pack.chapters, reporter });
    expect(reporter.diagnostics).toEqual([]); // no ref-unknown
    const intro = toString(pack.chapters[0].tree);
    expect(intro).toContain('and Figure 1 of the full brief and “Missions” in the full brief.');
    const refs: string[] = [];
    visit(pack.chapters[0].tree, 'textDirective', (d) => void refs.push(toString(d)));
    expect(refs).toEqual(['tbl-missions']); // the annex table is in the pack: still a link
  });

  it('gives a country without content of its own the include chapters only', () => {
    const { chapters, brief, targets } = setup();
    const pack = selectPack({ chapters, brief, country: 'KE', targets });
    expect(pack.chapters.map((c) => c.title)).toEqual(['Introduction', 'Annex']);
    expect(text(pack.chapters)).not.toMatch(/Vienna|Brussels|Antwerp|Santiago/);
  });

  it('leaves its input untouched, so every pack starts from the same chapters', () => {
    const { chapters, brief, targets } = setup();
    const before = structuredClone(chapters);
    for (const country of ['AT', 'BE', 'CL', 'KE']) selectPack({ chapters, brief, country, targets });
    expect(chapters).toEqual(before);
  });
});
