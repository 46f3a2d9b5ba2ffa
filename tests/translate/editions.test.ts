// Translated editions (SPEC §13) on a fictional two-language brief (English, French): both PDFs and
// HTML files, the same footnote numbers beside the same sentences, the translation's own chart spec,
// column labels and title; drift (status, check, mark); one release holding both languages.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, removeProject, runCli, runCliOk } from '../helpers/project.ts';
import { normalize, readPdf, type PdfReport } from '../helpers/pdf.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/translate/two-languages');
const roots: string[] = [];
const project = () => {
  const root = copyProject(FIXTURE);
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach(removeProject));

// Each cited sentence in English and in French, in the order the chapters cite them.
const SENTENCES: [string, string][] = [
  ['rivers worth a survey.', 'rivières dignes d’une étude.'],
  ['The longest of them is the Marx.', 'La plus longue est la Marx.'],
  ['by boat, twice.', 'en bateau, deux fois.'],
  ['The Groucho floods every spring.', 'La Groucho déborde chaque printemps.'],
];

/** The footnote number printed right after `sentence` in the PDF. */
const noteAfter = (pdf: PdfReport, sentence: string) => Number(new RegExp(`${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)`).exec(normalize(pdf.pages.join(' ')))?.[1]);

describe('a two-language build', () => {
  let root: string;
  let en: PdfReport;
  let fr: PdfReport;
  const out = (file: string) => path.join(root, 'output/atlas/1.0', file);

  beforeAll(async () => {
    root = project();
    const r = await runCliOk(root, ['build', 'atlas']);
    expect(r.out).toContain('fr: ');
    en = await readPdf(readFileSync(out('atlas-1.0.pdf')));
    fr = await readPdf(readFileSync(out('atlas-1.0.fr.pdf')));
  });

  it('prints the same footnote numbers beside the same sentences, and the same notes at the foot of the same page', () => {
    SENTENCES.forEach(([english, french], i) => {
      expect(noteAfter(en, english), english).toBe(i + 1);
      expect(noteAfter(fr, french), french).toBe(i + 1);
    });
    const page = (pdf: PdfReport, text: string) => pdf.pages.findIndex((p) => normalize(p).includes(text));
    expect(page(fr, '2 Autorité de la rivière Marx')).toBe(page(fr, 'La plus longue est la Marx.2'));
    expect(page(en, '2 Marx River Authority')).toBe(page(en, 'the Marx.2'));
  });

  it('takes the title, column labels, caption and chart spec from the translation, the rows from the shared dataset', () => {
    expect(normalize(fr.pages[0])).toContain('Atlas des rivières de Freedonia');
    const text = normalize(fr.pages.join(' '));
    expect(text).toContain('Rivière Longueur (km) Marx 420 Groucho 310 Chico 150');
    expect(text).toContain('Longueur en kilomètres');
    expect(text).toContain('Longueur de chaque rivière');
    expect(text).toContain('Première édition.');
    expect(fr.lang).toBe('fr');
    const english = normalize(en.pages.join(' '));
    expect(english).toContain('River Length (km) Marx 420');
    expect(english).not.toContain('kilomètres');
  });

  it('links the HTML editions to each other: hreflang and a visible language switch', () => {
    const enHtml = readFileSync(out('atlas-1.0.html'), 'utf8');
    const frHtml = readFileSync(out('atlas-1.0.fr.html'), 'utf8');
    expect(frHtml).toMatch(/<html lang="fr">/);
    expect(enHtml).toContain('<link rel="alternate" hreflang="fr" href="./atlas-1.0.fr.html">');
    expect(frHtml).toContain('<link rel="alternate" hreflang="en" href="./atlas-1.0.html">');
    expect(frHtml).toMatch(/<nav class="language-switch"[^>]*>.*<a href="\.\/atlas-1\.0\.html" hreflang="en" lang="en">English<\/a>.*<span lang="fr" aria-current="page">français<\/span>/);
    expect(enHtml).toMatch(/<a href="\.\/atlas-1\.0\.fr\.html" hreflang="fr" lang="fr">français<\/a>/);
  });
});

describe('drift', () => {
  it('status shows a chapter stale once its source paragraph changes, check names the paragraph, mark clears both', async () => {
    const root = project();
    expect((await runCliOk(root, ['translate', 'status', 'atlas'])).out).toContain('0 current, 0 stale, 2 unmarked, 0 missing');
    await runCliOk(root, ['translate', 'mark', 'atlas', 'fr']);
    const marked = readFileSync(path.join(root, 'content/atlas/translations/fr/intro.md'), 'utf8');
    expect(marked).toMatch(/^---\ntitle: Introduction\nsource: [0-9a-f]{12}\nparagraphs: \[/);
    expect(marked).toContain('La Freedonia compte {{count rivers}} rivières'); // the translation itself untouched
    expect((await runCliOk(root, ['translate', 'status', 'atlas'])).out).toContain('2 current, 0 stale, 0 unmarked, 0 missing');
    expect((await runCliOk(root, ['check', 'atlas'])).err).not.toContain('translation-stale');

    const source = path.join(root, 'content/atlas/chapters/intro.md');
    writeFileSync(source, readFileSync(source, 'utf8').replace('by boat, twice.', 'by boat, three times.'));
    const status = (await runCliOk(root, ['translate', 'status', 'atlas'])).out;
    expect(status).toMatch(/fr\s+content\/atlas\/translations\/fr\/intro\.md\s+stale/);
    expect(status).toMatch(/fr\s+content\/atlas\/translations\/fr\/rivers\.md\s+current/);
    const check = (await runCliOk(root, ['check', 'atlas'])).err;
    expect(check).toContain('content/atlas/translations/fr/intro.md:3:1: warning content/atlas/chapters/intro.md changed since this translation was marked');
    expect(check).toContain('content/atlas/chapters/intro.md:7 “The survey counted every bend by boat, three times');
    expect(check).not.toContain('intro.md:5 '); // the unchanged paragraph is not named
    expect(check).toContain('brief translate mark atlas fr intro.md');

    await runCliOk(root, ['translate', 'mark', 'atlas', 'fr', 'intro.md']);
    expect((await runCliOk(root, ['translate', 'status', 'atlas'])).out).toContain('2 current, 0 stale');
    expect((await runCliOk(root, ['check', 'atlas'])).err).not.toContain('translation-stale');
  });

  it('a missing translated chapter: the draft build warns and prints the source chapter; a release refuses', async () => {
    const root = project();
    rmSync(path.join(root, 'content/atlas/translations/fr/rivers.md'));
    expect((await runCliOk(root, ['translate', 'status', 'atlas'])).out).toMatch(/rivers\.md\s+missing/);
    const built = await runCliOk(root, ['build', 'atlas', '--html-only']);
    expect(built.err).toContain('content/atlas/brief.yaml:5:16: warning content/atlas/chapters/rivers.md has no fr translation (content/atlas/translations/fr/rivers.md)');
    expect(readFileSync(path.join(root, 'output/atlas/1.0/atlas-1.0.fr.html'), 'utf8')).toContain('The Groucho floods every spring.');
    const released = await runCli(['--root', root, 'release', 'atlas']);
    expect(released.code).toBe(1);
    expect(released.err).toContain('error content/atlas/chapters/rivers.md has no fr translation');
    expect(existsSync(path.join(root, 'releases/atlas/1.0'))).toBe(false);
  });
});

describe('untranslated chapters listed in the translation\'s brief.yaml', () => {
  it('print in the source language without a warning in drafts; a release still refuses them', async () => {
    const root = project();
    rmSync(path.join(root, 'content/atlas/translations/fr/rivers.md'));
    const yaml = path.join(root, 'content/atlas/translations/fr/brief.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}untranslated: [rivers.md]\n`);
    const check = await runCliOk(root, ['check', 'atlas']);
    expect(check.err).toContain('0 errors, 0 warnings');
    const released = await runCli(['--root', root, 'release', 'atlas']);
    expect(released.code).toBe(1);
    expect(released.err).toContain('content/atlas/translations/fr/brief.yaml:7:16: error content/atlas/chapters/rivers.md has no fr translation');
  });
});

describe('--lang', () => {
  it('brief build --lang fr writes the French edition only; brief packs --lang fr writes French packs in packs/fr/', async () => {
    const root = project();
    const built = await runCliOk(root, ['build', 'atlas', '--lang', 'fr', '--html-only']);
    expect(built.out).toContain('atlas-1.0.fr.html');
    expect(existsSync(path.join(root, 'output/atlas/1.0/atlas-1.0.fr.html'))).toBe(true);
    expect(existsSync(path.join(root, 'output/atlas/1.0/atlas-1.0.html'))).toBe(false);

    await runCliOk(root, ['packs', 'atlas', '--lang', 'fr', '--country', 'FR']);
    const pack = await readPdf(readFileSync(path.join(root, 'output/atlas/1.0/packs/fr/atlas-1.0-FR.pdf')));
    const text = normalize(pack.pages.join(' '));
    expect(text).toContain('Atlas des rivières de Freedonia');
    expect(text).toContain('La Freedonia compte 2 rivières dignes d’une étude.1'); // the count recomputed for France
    expect(existsSync(path.join(root, 'output/atlas/1.0/packs/atlas-1.0-FR.pdf'))).toBe(false);

    for (const command of ['build', 'packs']) {
      const bad = await runCli(['--root', root, command, 'atlas', '--lang', 'de']);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('--lang must be a language of atlas (en, fr), got de [usage-option-value]');
    }
  });
});

describe('a release', () => {
  it('archives every language in one release, and brief verify checks them all', async () => {
    const root = project();
    const r = await runCliOk(root, ['release', 'atlas']);
    expect(r.out).toContain('en, fr');
    const dir = path.join(root, 'releases/atlas/1.0');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const files = manifest.files.map((f) => f.path);
    for (const f of ['atlas-1.0.pdf', 'atlas-1.0.html', 'atlas-1.0.fr.pdf', 'atlas-1.0.fr.html', 'sources/content/atlas/translations/fr/intro.md', 'sources/content/atlas/translations/fr/charts/length.vl.json']) expect(files).toContain(f);
    const fr = await readPdf(readFileSync(path.join(dir, 'atlas-1.0.fr.pdf')));
    expect(normalize(fr.pages.join(' '))).not.toContain('DRAFT');
    expect((await runCliOk(root, ['verify', 'atlas'])).out).toContain(`atlas 1.0: ${files.length} files match the manifest`);

    const frPdf = path.join(dir, 'atlas-1.0.fr.pdf');
    chmodSync(frPdf, 0o644);
    writeFileSync(frPdf, Buffer.concat([readFileSync(frPdf), Buffer.from('\n')]));
    const tampered = await runCli(['--root', root, 'verify', 'atlas']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain('released file atlas-1.0.fr.pdf does not match its manifest');
  });
});

describe('brief translate: usage', () => {
  it('refuses a language the brief does not list, a chapter it does not have, and a missing argument (exit 2)', async () => {
    const root = project();
    const lang = await runCli(['--root', root, 'translate', 'mark', 'atlas', 'de']);
    expect(lang.code).toBe(2);
    expect(lang.err).toContain("brief:0:0: error <language> must be one of atlas's translations (fr), got de [usage-option-value]");
    const chapter = await runCli(['--root', root, 'translate', 'mark', 'atlas', 'fr', 'lakes.md']);
    expect(chapter.code).toBe(2);
    expect(chapter.err).toContain('[chapters...] must be a chapter of atlas (intro.md, rivers.md), got lakes.md [usage-option-value]');
    expect((await runCli(['--root', root, 'translate', 'status'])).code).toBe(2);
    expect((await runCli(['--root', root, 'translate', 'frobnicate', 'atlas'])).code).toBe(2);
  });
});
