// What release, verify and diff refuse: every folder under tests/fixtures/edition/ is a project and
// a command that must fail with exactly the located messages in its expected.json, leaving no new
// release behind.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { fixtureSuite } from '../helpers/fixtures.ts';
import { commandCase, type CommandCase } from '../helpers/commands.ts';

const releases = (root: string) => (existsSync(path.join(root, 'releases', 'fw')) ? readdirSync(path.join(root, 'releases', 'fw')).sort() : []);

fixtureSuite<CommandCase>('edition', (c) =>
  commandCase(c, (root) => {
    const before = releases(root);
    return (after) => {
      expect(releases(after)).toEqual(before); // no release, no temp folder
      expect(existsSync(path.join(after, 'output'))).toBe(false); // no browser was started
    };
  }),
);
