// Nothing the author wrote is silently lost from a page: a long word or URL, a table of
// 40 columns, callouts six deep, a table row two pages tall and an image three pages tall all print
// every word inside the page box; what cannot be made to fit is a located page-overflow warning.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/runs/build.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { openPrinter, type Printer } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { compact, normalize, readPdf, type PdfReport } from '../helpers/pdf.ts';
import { makeProject, removeProject, runCli } from '../helpers/project.ts';

const yaml = (chapters: string[]) =>
  `title: "Overflow"\nlanguage: en\nchapters: [${chapters.join(', ')}]\neditions:\n  - version: "1.0"\n    date: 2024-03-01\n    summary: "First edition."\n`;
const chapter = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n${body}\n`;

const url = `https://example.org/${Array.from({ length: 26 }, (_, i) => `segment${i}x`).join('/')}`.padEnd(300, 'z');
const longWord = 'Floccinaucinihilipilification'.repeat(7).slice(0, 200);
const table = (cols: number, prefix: string) =>
  [
    `| ${Array.from({ length: cols }, (_, i) => `H${i + 1}`).join(' | ')} |`,
    `|${' --- |'.repeat(cols)}`,
    ...[1, 2].map((r) => `| ${Array.from({ length: cols }, (_, i) => `${prefix}${r}c${i + 1}`).join(' | ')} |`),
  ].join('\n');
const nested = (() => {
  let open = '';
  let close = '';
  for (let level = 1; level <= 6; level++) {
    const fence = ':'.repeat(10 - level);
    const words = Array.from({ length: 60 }, (_, i) => `deep${level}w${i}`).join(' ');
    open += `${fence}callout{kind=note title="Level ${level}"}\n${words}\n\n`;
    close = `${fence}\n\n${close}`;
  }
  return open + close;
})();
const rowWords = Array.from({ length: 1400 }, (_, i) => `cell${i}`);
const tallSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="3000" viewBox="0 0 300 3000"><rect width="300" height="3000" fill="#9ab"/></svg>';

const fits = {
  'content/demo/brief.yaml': yaml(['long.md', 'wide.md', 'nested.md', 'tall.md', 'image.md']),
  'content/demo/chapters/long.md': chapter('Long words', `A link ${url} ends here.\n\nA word ${longWord} ends here.`),
  'content/demo/chapters/wide.md': chapter('Wide table', table(40, 'r')),
  'content/demo/chapters/nested.md': chapter('Nested', nested),
  'content/demo/chapters/tall.md': chapter('Tall row', `| Name | Text |\n| --- | --- |\n| first | short |\n| second | ${rowWords.join(' ')} |\n| third | end |`),
  'content/demo/tall.svg': tallSvg,
  'content/demo/chapters/image.md': chapter('Tall image', '![A tall picture](tall.svg)\n\nAfter the image.'),
};

const tooWide = {
  'content/demo/brief.yaml': yaml(['one.md']),
  'content/demo/chapters/one.md': chapter('One', `Text before the table.\n\n${table(110, 'v')}`),
};

const roots: string[] = [];
const project = (files: Record<string, string>) => {
  const root = makeProject(files);
  roots.push(root);
  return root;
};

afterAll(() => {
  for (const r of roots) removeProject(r);
});

/** Builds `name` with a printer of its own (the project root must be allowed before it opens). */
async function buildWithPrinter(root: string): Promise<BuildResult> {
  const printer: Printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
  try {
    return await build(pipelineContext(root), { name: 'demo', printer });
  } finally {
    await printer.close();
  }
}

/** Text runs that lie, even in part, outside the paper. */
function offPaper(pdf: PdfReport): string[] {
  const { width, height } = pdf.size;
  return pdf.items.flatMap((page, i) =>
    page.filter((t) => t.x < -0.5 || t.y < -0.5 || t.x + t.width > width + 0.5 || t.y + t.height > height + 0.5).map((t) => `page ${i + 1}: ${t.str}`),
  );
}

describe('content that can be made to fit', () => {
  let result: BuildResult;
  let pdf: PdfReport;
  let all: string;
  beforeAll(async () => {
    result = await buildWithPrinter(project(fits));
    pdf = await readPdf(readFileSync(result.pdf!));
    all = compact(pdf.pages.join(''));
  });
  /** Words not found as whole words, in this order, in the PDF text. */
  const missing = (words: string[]) => {
    const text = ` ${pdf.pages.map(normalize).join(' ')} `;
    let at = 0;
    return words.filter((w) => {
      const i = text.indexOf(` ${w} `, at);
      if (i < 0) return true;
      at = i;
      return false;
    });
  };

  it('prints every text run inside the page box, and warns of nothing', () => {
    expect(offPaper(pdf)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('breaks a 300-character URL and a 200-character word instead of cutting them off', () => {
    expect(all).toContain(`Alink${url}endshere.`);
    // The long word is letters only, so the print hyphenates it (render/hyphenate.ts): line ends show a hyphen.
    expect(compact(pdf.pages.join('').replace(/-\n/g, ''))).toContain(`Aword${longWord}endshere.`);
    expect(pdf.pages.join('')).toMatch(/Floc[a-z]*-\n/);
  });

  it('keeps all 40 columns of a wide table', () => {
    for (const r of [1, 2]) for (let c = 1; c <= 40; c++) expect(all, `r${r}c${c}`).toContain(`r${r}c${c}`);
  });

  it('keeps the text of callouts nested six deep', () => {
    for (let level = 1; level <= 6; level++) {
      expect(all).toContain(`LEVEL${level}`); // the title, in capitals by CSS
      expect(missing(Array.from({ length: 60 }, (_, i) => `deep${level}w${i}`))).toEqual([]);
    }
  });

  it('splits a table row taller than a page across pages, every word in order', () => {
    expect(missing(rowWords)).toEqual([]);
    const pages = pdf.pages.map((p, i) => (p.includes('cell') ? i : -1)).filter((i) => i >= 0);
    expect(pages.length).toBeGreaterThan(1);
    expect(normalize(pdf.pages[pages[pages.length - 1]])).toContain('third end');
  });

  it('scales an image three pages tall down to the page, under its chapter heading', () => {
    const opening = pdf.outline.find((o) => o.title === 'Tall image')?.page;
    const after = pdf.pages.findIndex((p) => p.includes('After the image.')) + 1;
    expect(opening).toBeGreaterThan(0);
    // Unscaled, the picture alone would fill three pages after the heading.
    expect(after - opening!).toBeLessThanOrEqual(1);
  });
});

describe('content that cannot be made to fit', () => {
  it('reports a table too wide even at 60 % type with its source line and page', async () => {
    const result = await buildWithPrinter(project(tooWide));
    const pdf = await readPdf(readFileSync(result.pdf!));
    const page = pdf.pages.findIndex((p) => p.includes('Text before the table.')) + 1;
    expect(result.warnings.map((w) => [w.rule, w.file, w.line, w.column, w.severity])).toEqual([['page-overflow', 'content/demo/chapters/one.md', 7, 1, 'warning']]);
    expect(result.warnings[0].message).toContain(`on page ${page} of demo-1.0`);
  });

  it("reports a block the brief's own CSS makes taller than a page, at its source line", async () => {
    const result = await buildWithPrinter(
      project({
        'content/demo/brief.yaml': yaml(['one.md']),
        'content/demo/templates/tall.css': '.callout { min-height: 320mm; }\n',
        'content/demo/chapters/one.md': chapter('One', 'Text before.\n\n:::callout{kind=note title="Tall"}\nInside the tall box.\n:::\n\nText after.'),
      }),
    );
    const pdf = await readPdf(readFileSync(result.pdf!));
    const page = pdf.pages.findIndex((p) => p.includes('TALL')) + 1; // the callout's title (capitals by CSS) opens its first page
    expect(result.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.severity} ${w.message} [${w.rule}]`)).toEqual([
      `content/demo/chapters/one.md:7:1 warning this block is taller than the page and was cut off on page ${page} of demo-1.0 [page-overflow]`,
    ]);
    expect(normalize(pdf.pages.join(' '))).toContain('Text after.');
  });

  it('fails under --strict, with the warning as an error, and writes nothing', async () => {
    const root = project(tooWide);
    const { code, err } = await runCli(['--root', root, 'build', '--strict', 'demo']);
    expect(code).toBe(1);
    expect(err).toMatch(/^content\/demo\/chapters\/one\.md:7:1: error this block is wider than the page and runs off its edge on page \d+ of demo-1\.0 \[page-overflow\]$/m);
    expect(existsSync(path.join(root, 'output'))).toBe(false);
  });
});
