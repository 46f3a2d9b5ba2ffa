// The bad-input suite: every folder under tests/fixtures/errors/ is a project a user got wrong.
// case.json names the command; expected.json the exit code and the exact diagnostics (first line
// of each). UPDATE=1 npm test rewrites them and the README; review the diff like code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandCase, type CommandCase } from '../helpers/commands.ts';
import { caseNames, fixtureSuite } from '../helpers/fixtures.ts';
import { README, renderReadme } from './readme.ts';

fixtureSuite<CommandCase>('errors', (c) => commandCase(c));

describe('bad inputs', () => {
  it('has at least 60 cases', () => {
    expect(caseNames('errors').length).toBeGreaterThanOrEqual(60);
  });

  it('lists every case in README.md', () => {
    const want = renderReadme();
    if (process.env.UPDATE) writeFileSync(README, want);
    expect(existsSync(README) ? readFileSync(README, 'utf8') : '').toBe(want);
  });
});
