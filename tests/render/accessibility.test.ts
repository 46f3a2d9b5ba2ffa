// WCAG 2.1 AA for every HTML a reader gets from the sample brief: the HTML edition, a country
// pack, the packs index and a redline, each opened in the project's Chromium and checked by
// axe-core (rule sets wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice), which must find
// nothing at any impact. The product HTML carries no script and a policy that refuses them: axe
// goes in through the DevTools protocol (page.evaluate), which that policy does not govern, in
// this test only; the page may load nothing but itself.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AxeResults } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Browser } from '../../scripts/print/browser.ts';
import { wordsFor } from '../../scripts/words/index.ts';
import { removeProject, runCliOk } from '../helpers/project.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const NAME = '110-overseas';
const ARABIC = path.join(REPO, 'tests/fixtures/languages/arabic'); // a right-to-left brief, 'hawa'
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let parent: string;
let root: string;
let arabicRoot: string;
let browser: Browser;

const cli = (args: string[]) => runCliOk(root, args);

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'briefkit-a11y-'));
  root = path.join(parent, 'project');
  for (const dir of [`content/${NAME}`, `releases/${NAME}`, 'data', '.cache']) {
    if (existsSync(path.join(REPO, dir))) cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  await cli(['build', NAME, '--html-only']);
  await cli(['packs', NAME, '--country', 'IT', '--concurrency', '1']);
  await cli(['diff', NAME, '1.1', 'draft', '--html-only']);
  arabicRoot = path.join(parent, 'arabic');
  cpSync(ARABIC, arabicRoot, { recursive: true });
  await runCliOk(arabicRoot, ['build', 'hawa', '--html-only']);
  browser = await launchBrowser({ protocolTimeout: 120_000, userDataDir: mkdtempSync(path.join(parent, 'profile-')) });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (parent) removeProject(parent);
});

/** One line per violation: rule id, impact, how many elements, and the first of them. */
function describeViolations(results: AxeResults): string[] {
  return results.violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
}

/** Opens `file` with only the file itself allowed to load, then runs axe in it. */
async function audit(file: string): Promise<{ violations: string[]; passes: number; blocked: string[] }> {
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  const blocked: string[] = [];
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const u = req.url();
      if (u === url || u.startsWith('data:')) return void req.continue().catch(() => undefined);
      blocked.push(u);
      void req.abort('blockedbyclient').catch(() => undefined);
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate(
      (tags) => (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    return { violations: describeViolations(results), passes: results.passes.length, blocked };
  } finally {
    await page.close();
  }
}

async function expectAccessible(file: string): Promise<void> {
  const { violations, passes, blocked } = await audit(file);
  expect(blocked).toEqual([]);
  expect(violations).toEqual([]);
  expect(passes).toBeGreaterThan(10); // axe really ran its rules on a real page
}

/** What a keyboard user meets first, and what the page marks as written in another language. */
async function firstTabAndLanguages(file: string): Promise<{ focused: string; onScreen: boolean; target: boolean; spans: [string, string][] }> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    return await page.evaluate(() => {
      const el = document.activeElement as HTMLAnchorElement;
      const r = el.getBoundingClientRect();
      const pageLang = document.documentElement.lang;
      return {
        focused: el.textContent ?? '',
        onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
        target: document.getElementById(el.hash.slice(1))?.tagName === 'MAIN',
        spans: Array.from(document.body.querySelectorAll('[lang]')).filter((e) => e.getAttribute('lang') !== pageLang).map((e): [string, string] => [e.getAttribute('lang') ?? '', e.textContent ?? '']),
      };
    });
  } finally {
    await page.close();
  }
}

describe('WCAG 2.1 AA (axe-core) in the HTML the sample brief writes', () => {
  const out = () => path.join(root, 'output', NAME);

  it('the HTML edition', async () => {
    await expectAccessible(path.join(out(), '1.2', `${NAME}-1.2.html`));
  });

  it('a country pack', async () => {
    await expectAccessible(path.join(out(), '1.2', 'packs', `${NAME}-1.2-IT.html`));
  });

  it('the packs index', async () => {
    await expectAccessible(path.join(out(), '1.2', 'packs', 'index.html'));
  });

  it('the redline from 1.1 to the draft', async () => {
    await expectAccessible(path.join(out(), 'diff-1.1-draft.html'));
  });

  it('an Arabic HTML edition, right to left', async () => {
    const file = path.join(arabicRoot, 'output', 'hawa', '1.0', 'hawa-1.0.html');
    await expectAccessible(file);
    expect(await firstTabAndLanguages(file)).toMatchObject({ focused: wordsFor('ar').t('skipToContent'), onScreen: true, target: true });
  });

  it('the first Tab shows a skip link to the content; the Chinese name is marked zh-Hans', async () => {
    for (const file of [path.join(out(), '1.2', `${NAME}-1.2.html`), path.join(out(), 'diff-1.1-draft.html')]) {
      const seen = await firstTabAndLanguages(file);
      expect(seen, file).toMatchObject({ focused: 'Skip to content', onScreen: true, target: true });
      expect(seen.spans, file).toContainEqual(['zh-Hans', '海外110']);
    }
  });
});
