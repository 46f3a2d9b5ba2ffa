// Editions end to end on a fictional brief, reading the real PDF and HTML: release and its refusals,
// an interrupted release, verify, the draft mark, the revision log with its data diff, rebuilding a
// release from its archived sources, byte-identical rebuilds, and the redline between two editions.
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { selectAll } from './select.ts';
import type { Element } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/runs/build.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { diffEditions, type DiffResult } from '../../scripts/runs/diff.ts';
import { release, type ReleaseResult } from '../../scripts/runs/release.ts';
import { verify } from '../../scripts/edition/verify.ts';
import { UserError } from '../../scripts/messages.ts';
import { openPrinter, type Printer } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';
import { normalize, readPdf, type PdfReport } from '../helpers/pdf.ts';
import { draft12, edition10, edition11, setState } from './freedonia.ts';
import { sha256 } from '../../scripts/hash.ts';

let root: string;
let printer: Printer;
const cleanup: string[] = [];

const sha = (file: string) => sha256(readFileSync(file));
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)).map((f) => `${n}/${f}`) : [n]));
}
const hashes = (dir: string) => Object.fromEntries(walk(dir).map((f) => [f, sha(path.join(dir, f))]));
const releases = () => readdirSync(path.join(root, 'releases', 'fw')).sort();

beforeAll(async () => {
  root = makeProject(edition10);
  printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
});

afterAll(async () => {
  await printer?.close();
  removeProject(root);
  for (const d of cleanup) removeProject(d);
});

describe('brief release', () => {
  let r10: ReleaseResult;
  let before: Record<string, string>;

  beforeAll(async () => {
    r10 = await release(pipelineContext(root), { name: 'fw', printer });
    before = hashes(r10.dir);
  });

  it('archives the PDF, the HTML, the sources and a manifest of every file', () => {
    expect(r10.dir).toBe(path.join(root, 'releases', 'fw', '1.0'));
    expect(walk(r10.dir).sort()).toEqual(
      ['fw-1.0.html', 'fw-1.0.pdf', 'manifest.json', 'sources/content/fw/brief.yaml', 'sources/content/fw/chapters/intro.md', 'sources/content/fw/chapters/wells.md', 'sources/data/wells.csv', 'sources/data/wells.schema.json'].sort(),
    );
    const manifest = JSON.parse(readFileSync(path.join(r10.dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: '1.0', date: '2024-03-01', tool: expect.any(String), sourceHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (const f of manifest.files) {
      expect(sha(path.join(r10.dir, f.path)), f.path).toBe(f.sha256);
      expect(statSync(path.join(r10.dir, f.path)).size).toBe(f.size);
    }
    expect(readFileSync(path.join(r10.dir, 'sources/data/wells.csv'), 'utf8')).toBe(edition10['data/wells.csv']);
    expect(releases()).toEqual(['1.0']); // no temp folder left beside it
  });

  it('refuses to release the same version twice, with a located message, and leaves the first untouched', async () => {
    const err = await release(pipelineContext(root), { name: 'fw', printer }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).diagnostics.map((d) => d.rule)).toEqual(['release-exists']);
    const cli = await runCli(['--root', root, 'release', 'fw']);
    expect(cli.code).toBe(1);
    expect(cli.err).toMatch(/^content\/fw\/brief\.yaml:9:5: error edition 1\.0 is already released \(releases\/fw\/1\.0\) \[release-exists\]/m);
    expect(hashes(r10.dir)).toEqual(before);
    expect(releases()).toEqual(['1.0']);
  });

  it('leaves no release and no temp folder when it fails half way through writing', async () => {
    setState(root, edition11);
    const failing = release(pipelineContext(root), {
      name: 'fw',
      printer,
      hooks: {
        afterWrite: (_file, i, total) => {
          if (i >= total / 2) throw new Error('simulated crash half way');
        },
      },
    });
    await expect(failing).rejects.toThrow('simulated crash half way');
    expect(existsSync(path.join(root, 'releases', 'fw', '1.1'))).toBe(false);
    expect(releases()).toEqual(['1.0']);
    expect(hashes(r10.dir)).toEqual(before);
  });

  /** A project holding a copy of the releases in which `change` altered the released file `rel`. */
  function tamperedCopy(rel: string, change: (bytes: Buffer) => void): string {
    const copy = mkdtempSync(path.join(tmpdir(), 'briefkit-verify-'));
    cleanup.push(copy);
    cpSync(path.join(root, 'releases'), path.join(copy, 'releases'), { recursive: true });
    const file = path.join(copy, rel);
    chmodSync(file, 0o644); // released files are read-only
    const bytes = readFileSync(file);
    change(bytes);
    writeFileSync(file, bytes);
    return copy;
  }

  it('verify passes on intact releases and names a file with one modified byte', () => {
    expect(verify({ root, name: 'fw' })).toMatchObject({ releases: [{ version: '1.0', files: 7, ok: true }], diagnostics: [] });
    const copy = tamperedCopy('releases/fw/1.0/sources/data/wells.csv', (bytes) => (bytes[bytes.length - 2] ^= 1)); // "2" → "3" in the last row
    const result = verify({ root: copy, name: 'fw' });
    expect(result.releases).toEqual([{ version: '1.0', files: 7, ok: false }]);
    expect(result.diagnostics.map((d) => [d.file, d.rule])).toEqual([['releases/fw/1.0/sources/data/wells.csv', 'release-file-modified']]);
  });

  it('verify exits 1 from the command line and names the file', async () => {
    const copy = tamperedCopy('releases/fw/1.0/fw-1.0.pdf', (bytes) => (bytes[100] ^= 0xff));
    const bad = await runCli(['--root', copy, 'verify', 'fw']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^releases\/fw\/1\.0\/fw-1\.0\.pdf:1:1: error released file fw-1\.0\.pdf does not match its manifest/m);
    const good = await runCli(['--root', root, 'verify', 'fw']);
    expect(good.code).toBe(0);
    expect(good.out).toContain('fw 1.0: 7 files match the manifest');
  });
});

describe('a second edition', () => {
  let r11: ReleaseResult;
  let pdf11: PdfReport;
  let html11: string;

  beforeAll(async () => {
    setState(root, edition11);
    r11 = await release(pipelineContext(root), { name: 'fw', version: '1.1', printer });
    pdf11 = await readPdf(readFileSync(path.join(r11.dir, 'fw-1.1.pdf')));
    html11 = readFileSync(path.join(r11.dir, 'fw-1.1.html'), 'utf8');
  });

  it('is released beside the first', () => {
    expect(releases()).toEqual(['1.0', '1.1']);
    expect(verify({ root, name: 'fw' }).diagnostics).toEqual([]);
  });

  it('carries no draft mark, in the PDF or the HTML, and its colophon names edition, date and source hash', () => {
    for (const page of pdf11.pages) expect(page).not.toMatch(/DRAFT/);
    expect(html11).not.toMatch(/data-draft=|<div class="draft-banner"|Unreleased draft/);
    const hash = JSON.parse(readFileSync(path.join(r11.dir, 'manifest.json'), 'utf8')).sourceHash as string;
    expect(normalize(pdf11.pages.at(-1)!)).toContain(`Edition 1.1, 15 April 2024. Source hash ${hash.slice(0, 12)}`);
  });

  it('has a revision log listing both editions, newest first, with the data changes and the added rows’ key fields', () => {
    const log = normalize(pdf11.pages.find((p) => p.includes('Revision log\nEdition'))!);
    expect(log.indexOf('Edition 1.1 15 April 2024')).toBeGreaterThan(-1);
    expect(log.indexOf('Edition 1.1 15 April 2024')).toBeLessThan(log.indexOf('Edition 1.0 1 March 2024'));
    expect(log).toContain('Corrects the well count and adds the southern wells. Corrected the number of wells in the northern hills.');
    expect(log).toContain('Data changes since edition 1.0: wells: 2 rows added — South, Riverside; East, Marxville wells: 1 row changed — North, Hilltown: wells 3 → 4');
  });

  it('is refused when --version is not the newest edition, pointing at that edition', async () => {
    const cli = await runCli(['--root', root, 'release', 'fw', '--version', '1.0']);
    expect(cli.code).toBe(1);
    expect(cli.err).toMatch(/^content\/fw\/brief\.yaml:9:5: error --version 1\.0 is not the newest edition in brief\.yaml \(1\.1\) \[release-version-not-newest\]/m);
  });

  it('is rebuilt byte for byte from its archived sources', async () => {
    const rebuilt = await build(pipelineContext(path.join(r11.dir, 'sources')), { name: 'fw', printer });
    expect(sha(rebuilt.pdf!)).toBe(sha(path.join(r11.dir, 'fw-1.1.pdf')));
    expect(sha(rebuilt.html)).toBe(sha(path.join(r11.dir, 'fw-1.1.html')));
    // The rebuild writes its output and caches into the project's folders, not into the release.
    expect(verify({ root, name: 'fw' }).diagnostics).toEqual([]);
  });

  it('a build of exactly the released sources is the release: no draft mark', async () => {
    const b = await build(pipelineContext(root), { name: 'fw', printer });
    expect(sha(b.pdf!)).toBe(sha(path.join(r11.dir, 'fw-1.1.pdf')));
    expect(sha(b.html)).toBe(sha(path.join(r11.dir, 'fw-1.1.html')));
  });
});

describe('drafts and determinism', () => {
  let first: BuildResult;
  let firstBytes: { pdf: Buffer; html: Buffer };
  let pdf: PdfReport;

  beforeAll(async () => {
    setState(root, draft12);
    first = await build(pipelineContext(root), { name: 'fw', printer });
    firstBytes = { pdf: readFileSync(first.pdf!), html: readFileSync(first.html) };
    pdf = await readPdf(firstBytes.pdf);
  });

  it('marks every page of an unreleased build "DRAFT <version>+<hash>", and the HTML', () => {
    const mark = /data-draft="(DRAFT 1\.2\+[0-9a-f]{7})"/.exec(firstBytes.html.toString())?.[1];
    expect(mark).toBeDefined();
    expect(pdf.pages.length).toBeGreaterThan(2);
    for (const page of pdf.pages) expect(page).toContain(mark);
    expect(firstBytes.html.toString()).toContain(`<div class="draft-banner" role="region" aria-label="Draft">${mark}</div>`);
  });

  it('lists all three editions in the draft’s revision log; 1.2 has no data changes against 1.1', () => {
    const log = normalize(pdf.pages.find((p) => p.includes('Revision log\nEdition'))!);
    expect(log).toMatch(/Edition 1\.2 1 June 2024 Draft of the summer update\. Edition 1\.1 15 April 2024 .* wells: 2 rows added — South, Riverside; East, Marxville .*Edition 1\.0 1 March 2024 First edition\./);
  });

  it('rebuilds byte-identical PDF and HTML from the same sources', async () => {
    const again = await build(pipelineContext(root), { name: 'fw', printer });
    expect(readFileSync(again.pdf!).equals(firstBytes.pdf)).toBe(true);
    expect(readFileSync(again.html).equals(firstBytes.html)).toBe(true);
  });

  it('changes the bytes when SOURCE_DATE_EPOCH or the edition date changes', async () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2024, 6, 1) / 1000);
      const stamped = await build(pipelineContext(root), { name: 'fw', printer });
      const bytes = readFileSync(stamped.pdf!);
      expect(bytes.equals(firstBytes.pdf)).toBe(false);
      expect((await readPdf(bytes)).info.CreationDate).toBe("D:20240701000000+00'00'");
      expect(readFileSync(stamped.html).equals(firstBytes.html)).toBe(true); // the HTML holds no clock time
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    expect((await readPdf(firstBytes.pdf)).info.CreationDate).toBe("D:20240601000000+00'00'"); // default: the edition date
    setState(root, { 'content/fw/brief.yaml': (draft12['content/fw/brief.yaml'] as string).replace('2024-06-01', '2024-06-02') });
    try {
      const redated = await build(pipelineContext(root), { name: 'fw', printer });
      expect(readFileSync(redated.pdf!).equals(firstBytes.pdf)).toBe(false);
      expect(readFileSync(redated.html).equals(firstBytes.html)).toBe(false);
    } finally {
      setState(root, draft12);
    }
  });
});

describe('brief diff', () => {
  let result: DiffResult;
  let tree: ReturnType<typeof fromHtml>;
  let pdf: PdfReport;
  const text = (els: Element[]) => els.map((e) => toText(e).trim());

  beforeAll(async () => {
    result = await diffEditions(pipelineContext(root), { name: 'fw', from: '1.0', to: '1.1', printer });
    tree = fromHtml(readFileSync(result.html, 'utf8'));
    pdf = await readPdf(readFileSync(result.pdf!));
  });

  it('writes output/<brief>/diff-<from>-<to>.html and .pdf', () => {
    expect(result.html).toBe(path.join(root, 'output', 'fw', 'diff-1.0-1.1.html'));
    expect(result.pdf).toBe(path.join(root, 'output', 'fw', 'diff-1.0-1.1.pdf'));
  });

  it('marks exactly the inserted and the deleted words', () => {
    const body = selectAll('article.rl-chapter', tree);
    expect(text(body.flatMap((a) => selectAll('del', a)))).toEqual(['four', '2023', '3']);
    expect(text(body.flatMap((a) => selectAll('ins', a)))).toEqual(['five working', 'Annual', '2024', '4', 'South', 'Riverside', '1', 'East', 'Marxville', '2']);
    const p = selectAll('article#intro > p', tree)[1];
    expect(toText(p)).toBe('Freedonia counts fourfive working wells in the northern hills.1 The river Sylvan feeds them all year.');
  });

  it('marks the changed table cell with its old and new value, and the added rows', () => {
    const cells = selectAll('td.rl-cell-changed, th.rl-cell-changed', tree);
    expect(cells).toHaveLength(1);
    expect(text(selectAll('del', cells[0]))).toEqual(['3']);
    expect(text(selectAll('ins', cells[0]))).toEqual(['4']);
    expect(text(selectAll('tr.rl-row-changed > th', tree))).toEqual(['North']);
    expect(selectAll('tr.rl-row-added', tree).map((tr) => text(selectAll('th, td', tr)))).toEqual([
      ['South', 'Riverside', '1'],
      ['East', 'Marxville', '2'],
    ]);
  });

  it('marks the changed footnote, and leaves the unchanged one alone', () => {
    expect(selectAll('.rl-note.rl-changed', tree).map((n) => n.properties.id)).toEqual(['rl-note-survey']);
    expect(selectAll('.rl-note:not(.rl-changed)', tree).map((n) => n.properties.id)).toEqual(['rl-note-register']);
  });

  it('puts a margin bar beside every changed block and no other', () => {
    const marked = selectAll('.rl-mark', tree);
    expect(marked.map((e) => `${e.tagName}${e.properties.id ? `#${e.properties.id}` : ''}`)).toEqual(['p', 'div#rl-note-survey', 'figure#tbl-wells']);
    for (const change of selectAll('article ins, article del', tree)) {
      expect(selectAll('.rl-mark', tree).some((m) => selectAll('ins, del', m).includes(change)), toText(change)).toBe(true);
    }
  });

  it('sums up the changes at the top', () => {
    expect(result.summary.slice(0, 6)).toEqual([
      'From edition 1.0, 1 March 2024 to edition 1.1, 15 April 2024.',
      'Chapters changed: 2 of 2 (Introduction; The wells).',
      'Words: 11 inserted, 3 deleted.',
      'Footnotes: 0 added, 1 changed, 0 removed.',
      'Data — wells: 2 rows added — South, Riverside; East, Marxville.',
      'Data — wells: 1 row changed — North, Hilltown: wells 3 → 4.',
    ]);
  });

  it('prints a PDF that opens and shows the summary on its first page', () => {
    const first = normalize(pdf.pages[0]);
    expect(first).toContain('Summary of changes');
    expect(first).toContain('Words: 11 inserted, 3 deleted.');
    expect(first).toContain('Data — wells: 2 rows added — South, Riverside; East, Marxville.');
    expect(normalize(pdf.pages.join(' '))).toMatch(/Freedonia counts four ?five working wells in the northern hills\.1 The river Sylvan/);
  });

  it('compares the last release with the working draft', async () => {
    const d = await diffEditions(pipelineContext(root), { name: 'fw', from: '1.1', to: 'draft' });
    expect(d.pdf).toBeNull();
    expect(d.summary[0]).toMatch(/^From edition 1\.1, 15 April 2024 to working draft of edition 1\.2 \([0-9a-f]{7}\)\.$/);
    const html = fromHtml(readFileSync(d.html, 'utf8'));
    expect(text(selectAll('article ins', html))).toEqual(['A summer survey is under way.']);
    expect(selectAll('article del', html)).toEqual([]);
  });

  it('refuses an unknown version with the released ones in the hint', async () => {
    const cli = await runCli(['--root', root, 'diff', 'fw', '0.9', 'draft']);
    expect(cli.code).toBe(2);
    expect(cli.err).toContain('error no release 0.9 of fw [diff-version-unknown]');
    expect(cli.err).toContain('released versions: 1.0, 1.1; use "draft" for the working sources');
  });
});
