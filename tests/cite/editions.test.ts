// Citations through editions: release 1.0, add a work and cite it, release 1.1. The revision log
// names the source added, and the redline shows the new citation as an added note.
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffEditions, type DiffResult } from '../../scripts/runs/diff.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { release } from '../../scripts/runs/release.ts';
import { openPrinter, type Printer } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { normalize, readPdf } from '../helpers/pdf.ts';
import { makeProject, removeProject } from '../helpers/project.ts';
import { selectAll } from '../edition/select.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cite/harbours/input');

let root: string;
let printer: Printer;
let log: string;
let diff: DiffResult;

beforeAll(async () => {
  root = makeProject({});
  cpSync(FIXTURE, root, { recursive: true });
  printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
  await release(pipelineContext(root), { name: 'harbours', printer });

  const brief = path.join(root, 'content/harbours');
  appendFileSync(path.join(brief, 'refs.bib'), '\n@book{hale2020,\n  author    = {Hale, Oda},\n  title     = {Harbour Charts},\n  publisher = {Map House},\n  location  = {Fredville},\n  year      = {2020}\n}\n');
  const annex = path.join(brief, 'chapters/annex.md');
  writeFileSync(annex, readFileSync(annex, 'utf8').replace('Berths were mapped again.[@lind2017, 8]', 'Berths were mapped again.[@lind2017, 8] The charts were redrawn.[@hale2020, 12]'));
  const yaml = path.join(brief, 'brief.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('packs:', '  - version: "1.1"\n    date: 2024-06-01\n    summary: "Cites the new harbour charts."\npacks:'));
  const r11 = await release(pipelineContext(root), { name: 'harbours', printer });
  log = normalize((await readPdf(readFileSync(path.join(r11.dir, 'harbours-1.1.pdf')))).pages.join('\n'));
  diff = await diffEditions(pipelineContext(root), { name: 'harbours', from: '1.0', to: '1.1' });
});

afterAll(async () => {
  await printer?.close();
  removeProject(root);
});

describe('a source added between releases', () => {
  it('is named in the revision log of the new edition', () => {
    expect(log).toContain('sources: 1 added — Hale 2020, Harbour Charts');
  });

  it('is cited in full in the new edition and listed in its bibliography', () => {
    expect(log).toContain('Oda Hale, Harbour Charts (Fredville: Map House, 2020), 12.');
    expect(log).toContain('Hale, Oda. Harbour Charts. Fredville: Map House, 2020.');
  });

  it('shows in the redline as an added note, the other notes unchanged', () => {
    const tree = fromHtml(readFileSync(diff.html, 'utf8'));
    const added = selectAll('.rl-note.rl-added', tree);
    expect(added.map((el) => normalize(toText(el)))).toEqual([expect.stringContaining('Oda Hale, Harbour Charts (Fredville: Map House, 2020), 12.')]);
    expect(selectAll('.rl-note.rl-changed', tree)).toEqual([]);
  });
});
