// A pack whose content cannot be made to fit its pages says where (page-overflow); under --strict
// that pack fails with the warning as an error, and neither of its files is written.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPacks } from '../../scripts/runs/packs.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { removeProject } from '../helpers/project.ts';
import { BRIEF, packFile, packsProject } from './fixture.ts';

const parent = mkdtempSync(path.join(tmpdir(), 'briefkit-packs-strict-'));
let printer: Printer;

beforeAll(async () => {
  printer = await openPrinter({ allowedRoots: [parent, ...fontDirs()] });
});
afterAll(async () => {
  await printer?.close();
  removeProject(parent);
});

/** The fixture with template CSS that makes every chapter's heading taller than a page. */
function tallHeadings(): string {
  const root = packsProject({ parent });
  const templates = path.join(root, 'content', BRIEF, 'templates');
  mkdirSync(templates, { recursive: true });
  writeFileSync(path.join(templates, 'tall.css'), '.chapter h1 { min-height: 320mm; }\n');
  return root;
}

describe('packs and content that does not fit', () => {
  it('warns with the source line and page, and still writes the pack', async () => {
    const root = tallHeadings();
    const r = await buildPacks(pipelineContext(root), { name: BRIEF, printer, countries: ['AT'] });
    expect(r.failed).toEqual([]);
    const overflow = r.warnings.filter((w) => w.rule === 'page-overflow');
    // The pack's two chapters, at their first line; the revision log (made from brief.yaml) too.
    expect(overflow.map((w) => `${w.file}:${w.line}`)).toEqual(expect.arrayContaining(['content/trade-offices/chapters/summary.md:1', 'content/trade-offices/chapters/annex.md:1']));
    for (const w of overflow) {
      expect(w.severity).toBe('warning');
      expect(w.file).toMatch(/^content\/trade-offices\/(chapters\/\w+\.md|brief\.yaml)$/);
      expect(w.message).toMatch(/on page \d+ of trade-offices-1\.1-AT\.pdf$/);
    }
    expect(existsSync(packFile(root, 'AT', 'pdf'))).toBe(true);
  });

  it('under strict, fails that pack with the warnings as errors and writes neither file', async () => {
    const root = tallHeadings();
    const r = await buildPacks(pipelineContext(root), { name: BRIEF, printer, countries: ['AT'], strict: true });
    expect(r.built).toEqual([]);
    expect(r.failed.map((f) => [f.country, f.kind])).toEqual([['AT', 'content']]);
    expect(r.failed[0].diagnostics.length).toBeGreaterThan(0);
    expect(r.failed[0].diagnostics.every((d) => d.rule === 'page-overflow' && d.severity === 'error')).toBe(true);
    expect(existsSync(packFile(root, 'AT', 'pdf'))).toBe(false);
    expect(existsSync(packFile(root, 'AT', 'html'))).toBe(false);
  });
});
