// What a kill -9 leaves (no signal handler runs): temp files beside outputs and in the caches,
// a printer's temp folder with its browser profile. The next build removes those whose process is
// gone, and leaves alone those of a process still running.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';

let root: string;
// A pid whose process has ended (its parent reaped it), and one that runs: our own parent's.
const dead = spawnSync(process.execPath, ['-e', '']).pid!;
const live = process.ppid;

const leftovers = (pid: number) => [
  `output/demo/1.0/demo-1.0.pdf.${pid}.3.tmp`,
  `.cache/mdast/0123abcd.json.${pid}.9f8e7d6c.tmp`,
  `output/.tmp/print-${pid}-aB3dE/profile-x1/Default/Preferences`,
];

beforeAll(() => {
  root = makeProject({
    'content/demo/brief.yaml': 'title: "Wells"\nchapters: [one.md]\neditions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First."\n',
    'content/demo/chapters/one.md': '# Wells\n\nFreedonia has four wells.\n',
  });
  for (const f of [...leftovers(dead), ...leftovers(live)]) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), 'half');
  }
});

afterAll(() => removeProject(root));

describe('leftovers of a killed run', () => {
  it('are removed by the next build when their process is gone, kept while it runs', async () => {
    const r = await runCli(['--root', root, 'build', 'demo']);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(path.join(root, 'output/demo/1.0/demo-1.0.pdf'))).toBe(true);
    for (const f of leftovers(dead)) expect(existsSync(path.join(root, f)), f).toBe(false);
    expect(existsSync(path.join(root, `output/.tmp/print-${dead}-aB3dE`))).toBe(false);
    for (const f of leftovers(live)) expect(existsSync(path.join(root, f)), f).toBe(true);
  });
});
