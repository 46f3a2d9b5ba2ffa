// A fixture case that is a command run on a project: case.json names the args (and inputs too big
// to commit, made by tests/errors/generate.ts); the outcome is the exit code and the located lines.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { generate, type Recipe } from '../errors/generate.ts';
import type { FixtureCase, Outcome } from './fixtures.ts';
import { locatedLines } from './fixtures.ts';
import { copyProject, removeProject, runCli } from './project.ts';

/** Every file under a folder with its size, or null when the folder does not exist ('file' when a file has its name). */
function listing(dir: string): string[] | 'file' | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory()) return 'file';
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !statSync(path.join(dir, f)).isDirectory());
  return files.sort().map((f) => `${f} ${statSync(path.join(dir, f)).size}`);
}

export interface CommandCase {
  description: string;
  args: string[];
  generate?: Recipe[];
  /** Environment for the run; "{root}" in a value (and in the expected lines) is the temp copy. */
  env?: Record<string, string>;
}

export interface CommandOutcome {
  exit: number;
  diagnostics: string[];
}

/**
 * Runs the case's command in a temp copy of input/ and checks what holds for every command: a
 * failure says where, never a stack trace, and a failed command or a check writes no output.
 * `around(root)` may look at the project before the run and return a check for after it.
 */
export async function commandCase(c: FixtureCase<CommandCase>, around?: (root: string) => (root: string) => void): Promise<Outcome> {
  const root = copyProject(c.input);
  const env = c.config.env ?? {};
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  let undo = () => {};
  try {
    if (c.config.generate) undo = await generate(root, c.config.generate);
    const after = around?.(root);
    const outputBefore = listing(path.join(root, 'output'));
    for (const [k, v] of Object.entries(env)) process.env[k] = v.replaceAll('{root}', root);
    const { code, err } = await runCli(['--root', root, ...c.config.args]);
    const diagnostics = locatedLines(err).map((l) => l.replaceAll(root, '{root}'));
    if (code === 1) expect(diagnostics.length, 'a failure says where').toBeGreaterThan(0);
    expect(err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
    expect(err).not.toContain('internal error');
    if (code !== 0 || c.config.args[0] === 'check') expect(listing(path.join(root, 'output')), 'nothing half-written').toEqual(outputBefore);
    after?.(root);
    const expected: CommandOutcome = { exit: code, diagnostics };
    return { expected };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    undo();
    removeProject(root);
  }
}
