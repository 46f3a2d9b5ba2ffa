// `brief dev` as a command: prints its local URL, serves the page and the PDF, stops cleanly on Ctrl-C
// (exit 0, no browser and no temp files left);
// a brief that does not exist is an error (exit 1) and a taken port a usage error (exit 2).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffold } from '../../scripts/scaffold/new.ts';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';
import { fetchText } from './sse.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/brief.mjs');
const root = makeProject({});
scaffold({ root, name: 'demo', date: '2024-03-01' });
afterAll(() => removeProject(root));

describe('brief dev (command)', () => {
  it('announces the URL, serves the brief and its PDF, and exits 0 on SIGINT leaving nothing behind', async () => {
    const child = spawn(process.execPath, [BIN, '--root', root, 'dev', 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL; stderr: ${err}`)), 60_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
    });
    const page = await fetchText(url);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('public wells in 3 countries');
    const pdf = await fetchText(`${url}pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    // The printer's browser runs with a profile under the project's output/.tmp/.
    expect(existsSync(path.join(root, 'output/.tmp'))).toBe(false);
    const browserLeft = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(root);
    for (const t0 = Date.now(); browserLeft() && Date.now() - t0 < 60_000; ) await new Promise((r) => setTimeout(r, 100)); // a killed process takes a moment to leave the table
    expect(browserLeft()).toBe(false);
    expect(err).toMatch(/first build in \d+ ms/);
  });

  it('refuses a brief that does not exist (exit 1) and a port in use (exit 2)', async () => {
    const missing = await runCli(['--root', root, 'dev', 'nope', '--port', '0']);
    expect(missing.code).toBe(1);
    expect(missing.err.split('\n')[0]).toBe('content/nope:1:1: error no brief named "nope": content/nope/brief.yaml does not exist [brief-missing]');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const taken = await runCli(['--root', root, 'dev', 'demo', '--port', String(port)]);
      expect(taken.code).toBe(2);
      expect(taken.err).toContain(`port ${port} on 127.0.0.1 is not available (EADDRINUSE) [usage-port-unavailable]`);
    } finally {
      blocker.close();
    }
  });
});
