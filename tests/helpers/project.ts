// Builds small fictional projects in a temp folder for tests.
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { scaffold } from '../../scripts/scaffold/new.ts';

export type Files = Record<string, string | Buffer>;

/** Writes `files` (paths relative to the project root) into a new temp project and returns its root. */
export function makeProject(files: Files): string {
  const root = mkdtempSync(path.join(tmpdir(), 'briefkit-test-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Files): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** Copies a fixture's input folder into a temp project (so builds never write into tests/). */
export function copyProject(dir: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'briefkit-test-'));
  cpSync(dir, root, { recursive: true, verbatimSymlinks: true });
  return root;
}

export function removeProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../../scripts/cli.ts');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the CLI on `root` and expects it to succeed, showing its stderr when it does not. */
export async function runCliOk(root: string, args: string[]): Promise<{ out: string; err: string }> {
  const r = await runCli(['--root', root, ...args]);
  expect(r.code, `brief ${args.join(' ')}\n${r.err}`).toBe(0);
  return r;
}

/** A new project holding the brief `brief new demo` writes (dated 2024-03-01); `roots` collects it for removal. */
export function demoProject(roots: string[]): string {
  const root = makeProject({});
  scaffold({ root, name: 'demo', date: '2024-03-01' });
  roots.push(root);
  return root;
}

/** brief.yaml of a one-edition brief (1.0 of 2024-03-01) in English by R. Firefly. */
export function briefYaml({ title, chapters, datasets = {} }: { title: string; chapters: string[]; datasets?: Record<string, string> }): string {
  const data = Object.entries(datasets).map(([name, file]) => `  ${name}: ${file}\n`).join('');
  return `title: "${title}"
authors: ["R. Firefly"]
language: en
chapters: [${chapters.join(', ')}]
${data ? `datasets:\n${data}` : ''}editions:
  - version: "1.0"
    date: 2024-03-01
    summary: "First edition."
`;
}
