// brief new: in an empty folder, `brief new demo && brief build demo` gives a PDF with the
// footnotes, the table and the chart; the new brief checks clean; nothing is ever overwritten.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../helpers/pdf.ts';
import { removeProject, runCli } from '../helpers/project.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/brief.mjs');
const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'briefkit-new-'));
});
afterAll(() => removeProject(dir));

describe('brief new', () => {
  it('scaffolds a brief that builds at once (brief new demo && brief build demo)', async () => {
    const created = await run(process.execPath, [BIN, 'new', 'demo'], { cwd: dir });
    expect(created.stdout).toContain('content/demo/brief.yaml');
    const built = await run(process.execPath, [BIN, 'build', 'demo'], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
    expect(built.stderr).toBe('');
    expect(built.stdout).toMatch(/^demo 1\.0: output\/demo\/1\.0\/demo-1\.0\.html, output\/demo\/1\.0\/demo-1\.0\.pdf \(\d+ pages\)/);
    const pdf = await readPdf(readFileSync(path.join(dir, 'output/demo/1.0/demo-1.0.pdf')));
    const text = pdf.pages.join('\n').replace(/\s+/g, ' ');
    // footnotes (both chapters), the table's rows and caption, the chart's caption, the callout
    expect(text).toContain('Example Water Survey, Public Wells in Southern Europe, 2023.');
    expect(text).toContain('Counted from the survey');
    expect(text).toMatch(/Table 1\.? Public wells by country/);
    expect(text).toMatch(/France 12 2023/);
    expect(text).toMatch(/Portugal 5 2023/);
    expect(text).toMatch(/Figure 1\.? Public wells by country/);
    expect(text.toLowerCase()).toContain('adding a country');
    expect(text).toContain('public wells in 3 countries, 25 in all');
    const html = readFileSync(path.join(dir, 'output/demo/1.0/demo-1.0.html'), 'utf8');
    expect(html).toContain('<svg'); // the chart, drawn
    expect(existsSync(path.join(dir, 'output/.tmp'))).toBe(false);
  });

  it('checks clean: no error, no warning', async () => {
    const { code, err } = await runCli(['--root', dir, 'check', 'demo']);
    expect(err).toBe('0 errors, 0 warnings');
    expect(code).toBe(0);
  });

  it('explains every brief.yaml key in a comment', () => {
    const yaml = readFileSync(path.join(dir, 'content/demo/brief.yaml'), 'utf8');
    const lines = yaml.split('\n');
    for (const [i, line] of lines.entries()) {
      const key = /^\s*(-\s+)?([a-z_]+):/.exec(line);
      if (!key || line.trimStart().startsWith('#')) continue;
      if (key[1] || /^\s+(date|summary):/.test(line)) continue; // edition fields: explained above the list item
      expect(lines[i - 1], `comment above "${line}"`).toMatch(/^\s*#/);
    }
    expect(yaml).toContain('# packs:'); // optional keys shown commented out
  });

  it('refuses to overwrite an existing brief, and writes nothing', async () => {
    const file = path.join(dir, 'content/demo/chapters/introduction.md');
    writeFileSync(file, 'my own words\n');
    const { code, err } = await runCli(['--root', dir, 'new', 'demo']);
    expect(code).toBe(1);
    expect(err.split('\n')[0]).toBe('content/demo:1:1: error content/demo already exists: brief new demo writes nothing over it [brief-exists]');
    expect(readFileSync(file, 'utf8')).toBe('my own words\n');
  });

  it('refuses when only the dataset name is taken', async () => {
    writeFileSync(path.join(dir, 'data/other-sample.csv'), 'a\n1\n');
    const { code, err } = await runCli(['--root', dir, 'new', 'other']);
    expect(code).toBe(1);
    expect(err).toContain('data/other-sample.csv already exists');
    expect(existsSync(path.join(dir, 'content/other'))).toBe(false);
  });

  it('refuses a name that cannot be a folder', async () => {
    const { code, err } = await runCli(['--root', dir, 'new', '../escape']);
    expect(code).toBe(1);
    expect(err).toContain('"../escape" cannot name a brief [brief-name]');
    expect(existsSync(path.join(dir, '../escape'))).toBe(false);
  });
});
