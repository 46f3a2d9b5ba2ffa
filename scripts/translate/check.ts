// A translated edition's chapters against their sources: the same footnote labels (so note 14 is
// note 14 in every language), and drift since the translation was marked (translation-stale).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { visit } from 'unist-util-visit';
import type { FootnoteDefinition, FootnoteReference, Root } from 'mdast';
import type { Reporter } from '../messages.ts';
import type { Brief, Chapter, Place } from '../types.ts';
import { placeOf } from '../parse/directives.ts';
import { parseMarkdownCached } from '../parse/markdown.ts';
import { chapterHash, paragraphsOf } from './drift.ts';
import { translatedChapterFile } from './paths.ts';

/** The most changed paragraphs a message lists by name. */
const NAMED = 6;

/** `chapters`: the translated edition's, as parsed (a chapter not yet translated is the source's, and skipped). */
export function checkTranslation({ source, language, chapters, reporter, cacheDir }: { source: Brief; language: string; chapters: Chapter[]; reporter: Reporter; cacheDir: string }): void {
  const markCommand = (sourceFile: string) => `brief translate mark ${source.name} ${language} ${path.relative(path.join(source.dir, 'chapters'), path.join(source.root, sourceFile)).split(path.sep).join('/')}`;
  const byFile = new Map(chapters.map((c) => [c.file, c]));
  for (const { file: sourceFile } of source.chapters) {
    const chapter = byFile.get(translatedChapterFile(source, language, sourceFile));
    if (!chapter) continue;
    const text = readFileSync(path.join(source.root, sourceFile), 'utf8');
    const sourceTree = parseMarkdownCached(text, cacheDir);
    compareFootnotes({ sourceFile, sourceTree, chapter, reporter });
    compareOrder({ sourceFile, sourceTree, chapter, reporter });
    reportDrift({ sourceFile, text, chapter, reporter, cacheDir, mark: markCommand(sourceFile) });
  }
}

function definitions(file: string, tree: Root): Map<string, { label: string; place: Place }> {
  const out = new Map<string, { label: string; place: Place }>();
  visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
    if (!out.has(node.identifier)) out.set(node.identifier, { label: node.label ?? node.identifier, place: placeOf(file, node) });
  });
  return out;
}

function compareFootnotes({ sourceFile, sourceTree, chapter, reporter }: { sourceFile: string; sourceTree: Root; chapter: Chapter; reporter: Reporter }): void {
  const inSource = definitions(sourceFile, sourceTree);
  const inTranslation = definitions(chapter.file, chapter.tree);
  const names = { source: sourceFile, translation: chapter.file };
  for (const [id, def] of inSource) {
    if (!inTranslation.has(id)) reporter.report({ file: chapter.file, line: 1, column: 1 }, 'translation-footnote-missing', { label: def.label, ...names }, [def.place]);
  }
  for (const [id, def] of inTranslation) {
    if (!inSource.has(id)) reporter.report(def.place, 'translation-footnote-extra', { label: def.label, ...names });
  }
}

/** Labels in the order a chapter first cites them (outside note texts), each with the place of that citation. */
function citationOrder(file: string, tree: Root): { id: string; label: string; place: Place }[] {
  const out: { id: string; label: string; place: Place }[] = [];
  const seen = new Set<string>();
  visit(tree, (node) => {
    if (node.type === 'footnoteDefinition') return 'skip';
    if (node.type !== 'footnoteReference') return;
    const ref = node as FootnoteReference;
    if (seen.has(ref.identifier)) return;
    seen.add(ref.identifier);
    out.push({ id: ref.identifier, label: ref.label ?? ref.identifier, place: placeOf(file, ref) });
  });
  return out;
}

/**
 * Notes are numbered by first citation: a translation that cites two of the source's notes the other
 * way round would number them differently. The first such note is reported (one fix often cures the rest).
 */
function compareOrder({ sourceFile, sourceTree, chapter, reporter }: { sourceFile: string; sourceTree: Root; chapter: Chapter; reporter: Reporter }): void {
  const source = citationOrder(sourceFile, sourceTree);
  const inSource = new Set(source.map((r) => r.id));
  const translated = citationOrder(chapter.file, chapter.tree).filter((r) => inSource.has(r.id));
  const common = new Set(translated.map((r) => r.id));
  const expected = source.filter((r) => common.has(r.id));
  const at = translated.findIndex((r, i) => r.id !== expected[i].id);
  if (at < 0) return;
  const wanted = expected[at];
  reporter.report(translated[at].place, 'translation-footnote-order', { label: translated[at].label, before: wanted.label, source: sourceFile }, [wanted.place]);
}

function reportDrift({ sourceFile, text, chapter, reporter, cacheDir, mark }: { sourceFile: string; text: string; chapter: Chapter; reporter: Reporter; cacheDir: string; mark: string }): void {
  const was = chapter.frontMatter.source;
  if (!was || chapterHash(text) === was) return;
  const line = chapter.source.split(/\r?\n/).findIndex((l) => /^source\s*:/.test(l)) + 1 || 1;
  const at = { file: chapter.file, line, column: 1 };
  const marked = chapter.frontMatter.paragraphs;
  if (!marked) {
    reporter.report(at, 'translation-stale', { source: sourceFile, was, mark, changed: 'which paragraphs changed is not recorded (no paragraphs: list)' });
    return;
  }
  const now = paragraphsOf(text, cacheDir);
  const known = new Set(marked);
  const changed = now.filter((p) => !known.has(p.hash));
  const current = new Set(now.map((p) => p.hash));
  const removed = marked.filter((h) => !current.has(h)).length - changed.length;
  const named = changed.slice(0, NAMED).map((p) => `${sourceFile}:${p.line} “${p.excerpt}”`);
  if (changed.length > NAMED) named.push(`${changed.length - NAMED} more`);
  const parts = [changed.length ? `new or changed: ${named.join('; ')}` : '', removed > 0 ? `${removed} removed` : ''].filter(Boolean);
  reporter.report(at, 'translation-stale', { source: sourceFile, was, mark, changed: parts.join('; ') || 'paragraphs reordered' }, changed.map((p) => ({ file: sourceFile, line: p.line, column: p.column })));
}
