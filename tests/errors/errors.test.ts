// The bad-input suite: every folder under tests/fixtures/errors/ is a project a user got wrong.
// case.json names the command, the exit code and the exact diagnostics (first line of each).
// UPDATE=1 npm test rewrites the expected diagnostics; review the diff like code.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, removeProject, runCli } from '../helpers/project.ts';

const DIR = path.join(import.meta.dirname, '../fixtures/errors');
const cases = readdirSync(DIR).filter((d) => existsSync(path.join(DIR, d, 'case.json'))).sort();

interface Case {
  description: string;
  args: string[];
  exit: number;
  expect: string[];
}

describe('bad inputs', () => {
  it.each(cases)('%s', async (name) => {
    const file = path.join(DIR, name, 'case.json');
    const c = JSON.parse(readFileSync(file, 'utf8')) as Case;
    const root = copyProject(path.join(DIR, name, 'input'));
    try {
      const { code, err } = await runCli(['--root', root, ...c.args]);
      const lines = err.split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning) /.test(l));
      if (process.env.UPDATE) {
        writeFileSync(file, `${JSON.stringify({ ...c, exit: code, expect: lines }, null, 2)}\n`);
        return;
      }
      expect(lines).toEqual(c.expect);
      expect(code).toBe(c.exit);
      expect(err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
      if (c.exit !== 0) expect(existsSync(path.join(root, 'output'))).toBe(false); // nothing half-written
    } finally {
      removeProject(root);
    }
  });
});
