// A BibTeX file is parsed once and then read from .cache/bib/: the same syntax error (or the same
// entries) on the second check as on the first.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { copyProject, removeProject, runCli } from '../helpers/project.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/errors');
const roots: string[] = [];
afterAll(() => roots.forEach(removeProject));

const located = (err: string) => err.split('\n').filter((l) => /\[[\w-]+\]$/.test(l));

it.each(['bib-syntax', 'cite-unused', 'cite-key-duplicate'])('%s: the same diagnostics parsed and from .cache/bib/', async (fixture) => {
  const root = copyProject(path.join(FIXTURES, fixture, 'input'));
  roots.push(root);
  rmSync(path.join(root, '.cache'), { recursive: true, force: true });
  const first = await runCli(['check', 'demo', '--root', root]);
  expect(readdirSync(path.join(root, '.cache', 'bib'))).toHaveLength(1);
  const second = await runCli(['check', 'demo', '--root', root]);
  expect(located(first.err).length).toBeGreaterThan(0);
  expect(second.code).toBe(first.code);
  expect(located(second.err)).toEqual(located(first.err));
  expect(existsSync(path.join(root, '.cache', 'bib'))).toBe(true);
});
