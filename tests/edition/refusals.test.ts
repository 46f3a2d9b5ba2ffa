// What release, verify and diff refuse: every folder under tests/fixtures/edition/ is a project and
// a command that must fail with exactly the located messages in its case.json, leaving no new
// release behind. UPDATE=1 rewrites the expected messages; review the diff like code.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, removeProject, runCli } from '../helpers/project.ts';

const DIR = path.join(import.meta.dirname, '../fixtures/edition');
const cases = readdirSync(DIR).filter((d) => existsSync(path.join(DIR, d, 'case.json'))).sort();

interface Case {
  description: string;
  args: string[];
  exit: number;
  expect: string[];
}

const releases = (root: string) => (existsSync(path.join(root, 'releases', 'fw')) ? readdirSync(path.join(root, 'releases', 'fw')).sort() : []);

describe('edition refusals', () => {
  it.each(cases)('%s', async (name) => {
    const file = path.join(DIR, name, 'case.json');
    const c = JSON.parse(readFileSync(file, 'utf8')) as Case;
    const root = copyProject(path.join(DIR, name, 'input'));
    try {
      const before = releases(root);
      const { code, err } = await runCli(['--root', root, ...c.args]);
      const lines = err.split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning) /.test(l));
      if (process.env.UPDATE) {
        writeFileSync(file, `${JSON.stringify({ ...c, exit: code, expect: lines }, null, 2)}\n`);
        return;
      }
      expect(lines).toEqual(c.expect);
      expect(code).toBe(c.exit);
      expect(err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
      expect(releases(root)).toEqual(before); // no release, no temp folder
      expect(existsSync(path.join(root, 'output'))).toBe(false); // no browser was started
    } finally {
      removeProject(root);
    }
  });
});
