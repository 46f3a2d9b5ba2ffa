// glyph-missing from the fonts, and the same warnings again when the answer comes from .cache/glyphs/
// (a second check reads no font file).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, removeProject, runCli } from '../helpers/project.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/errors/glyph-missing/input');
const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const warnings = (err: string) => err.split('\n').filter((l) => l.includes('[glyph-missing]'));

describe('glyph check cache', () => {
  it('reports the same characters with an empty cache and from the cache', async () => {
    const root = copyProject(FIXTURE);
    roots.push(root);
    rmSync(path.join(root, '.cache'), { recursive: true, force: true });
    const first = await runCli(['check', 'demo', '--root', root]);
    const cacheDir = path.join(root, '.cache', 'glyphs');
    expect(existsSync(cacheDir) && readdirSync(cacheDir).length).toBe(1);
    const second = await runCli(['check', 'demo', '--root', root]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(warnings(first.err)).toHaveLength(2);
    expect(warnings(first.err)[0]).toContain('"🚀" (U+1F680)');
    expect(warnings(second.err)).toEqual(warnings(first.err));
  });
});
