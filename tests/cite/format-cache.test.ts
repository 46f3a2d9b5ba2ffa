// Formatted citations are kept in .cache/cite/ with their mdast phrasing, so a repeated check parses
// no HTML, and the named CSL style beside them: the chapters read back are the ones formatted anew,
// and a damaged entry is made again.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineContext, prepare } from '../../scripts/pipeline.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function sample(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'briefkit-cite-cache-'));
  roots.push(root);
  cpSync(path.join(REPO, 'content/110-overseas'), path.join(root, 'content/110-overseas'), { recursive: true });
  cpSync(path.join(REPO, 'data'), path.join(root, 'data'), { recursive: true });
  return root;
}

const prepared = async (root: string, language?: string) => {
  const p = await prepare(pipelineContext(root), { name: '110-overseas', charts: 'check', language });
  return { chapters: JSON.stringify(p.chapters.map((c) => c.tree)), footnotes: JSON.stringify([...p.numbering.footnotes]), warnings: p.warnings };
};

describe('the citation cache', () => {
  it('gives the same chapters, notes and warnings read back as formatted anew, in each language', async () => {
    const root = sample();
    for (const language of [undefined, 'zh-Hans']) {
      const fresh = await prepared(root, language);
      const cached = await prepared(root, language);
      expect(cached).toEqual(fresh);
      expect(fresh.chapters).toContain('Safeguard Defenders');
    }
    expect(readdirSync(path.join(root, '.cache/cite')).filter((e) => !e.startsWith('style-'))).toHaveLength(2);
  });

  it('formats again over a damaged or foreign entry instead of failing', async () => {
    const root = sample();
    const fresh = await prepared(root);
    const dir = path.join(root, '.cache/cite');
    const entries = readdirSync(dir); // the formatted citations, and the style (style-*.json)
    expect(entries.filter((e) => e.startsWith('style-'))).toHaveLength(1);
    for (const damage of ['{"citations": [', '{"citations": []}', 'null', '{"name": "style"}']) {
      for (const entry of entries) writeFileSync(path.join(dir, entry), damage);
      expect(await prepared(root)).toEqual(fresh);
    }
  });
});
