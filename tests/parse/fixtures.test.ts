// A chapter as the parse stage reads it: every folder under tests/fixtures/parse/ holds
// input/chapter.md; expected.json is its title and id, front matter, headings with their anchors,
// the footnote labels it cites, and the diagnostics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FootnoteReference, Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { Reporter } from '../../scripts/messages.ts';
import { chapterFromSource } from '../../scripts/parse/chapters.ts';
import { fakeBrief } from '../helpers/chapters.ts';
import { diagnosticLines, fixtureSuite } from '../helpers/fixtures.ts';
import { copyProject, removeProject } from '../helpers/project.ts';

fixtureSuite('parse', async ({ input }) => {
  const reporter = new Reporter();
  const root = copyProject(input); // the parse cache goes into the copy, not into tests/
  const brief = fakeBrief({ root, dir: root });
  const source = readFileSync(path.join(root, 'chapter.md'), 'utf8');
  const chapter = chapterFromSource({ brief, file: 'chapter.md', source, reporter });
  const headings: { depth: number; id: string; text: string }[] = [];
  const cites: string[] = [];
  visit(chapter.tree, (node) => {
    if (node.type === 'heading') headings.push({ depth: (node as Heading).depth, id: String(node.data?.hProperties?.id ?? ''), text: toString(node) });
    if (node.type === 'footnoteReference') cites.push((node as FootnoteReference).identifier);
  });
  removeProject(root);
  return { expected: { title: chapter.title, id: chapter.id, frontMatter: chapter.frontMatter, headings, cites, diagnostics: diagnosticLines(reporter.diagnostics) } };
});
