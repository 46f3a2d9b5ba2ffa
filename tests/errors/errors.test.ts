// The bad-input suite: every folder under tests/fixtures/errors/ is a project a user got wrong.
// case.json names the command, the exit code and the exact diagnostics (first line of each).
// UPDATE=1 npm test rewrites the expected diagnostics and the README; review the diff like code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, removeProject, runCli } from '../helpers/project.ts';
import { generate, type Recipe } from './generate.ts';
import { caseNames, FIXTURES, README, readCase, renderReadme } from './readme.ts';

const cases = caseNames();

describe('bad inputs', () => {
  it.each(cases)('%s', async (name) => {
    const file = path.join(FIXTURES, name, 'case.json');
    const c = readCase(name);
    const root = copyProject(path.join(FIXTURES, name, 'input'));
    try {
      if (c.generate) await generate(root, c.generate as Recipe[]);
      const { code, err } = await runCli(['--root', root, ...c.args]);
      // A place is file:line:col, or file:Sheet!C14 for a workbook cell.
      const lines = err.split('\n').filter((l) => /^\S+?:(\d+:\d+|.+?![A-Z]+\d+): (error|warning) /.test(l));
      if (process.env.UPDATE) {
        writeFileSync(file, `${JSON.stringify({ ...c, exit: code, expect: lines }, null, 2)}\n`);
        return;
      }
      expect(lines).toEqual(c.expect);
      expect(code).toBe(c.exit);
      if (c.exit === 1) expect(lines.length).toBeGreaterThan(0); // a failure always says where
      expect(err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
      expect(err).not.toContain('internal error');
      if (c.exit !== 0 || c.args[0] === 'check') expect(existsSync(path.join(root, 'output'))).toBe(false); // nothing half-written
    } finally {
      removeProject(root);
    }
  });

  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it('lists every case in README.md', () => {
    const want = renderReadme();
    if (process.env.UPDATE) writeFileSync(README, want);
    expect(existsSync(README) ? readFileSync(README, 'utf8') : '').toBe(want);
  });
});
