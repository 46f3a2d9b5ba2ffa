// Drift between a source chapter and its translation. A translated chapter's front matter records
// the hash of the source chapter it was translated from (`source:`) and the hashes of that
// source's paragraphs then (`paragraphs:`). The paragraph hashes travel with the translation, so
// a check can name the source paragraphs changed since without git history (a project may be a
// zip, a release snapshot or a shallow CI clone) and without a copy of the old source text.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, parse as parseYaml, isSeq } from 'yaml';
import { toString } from 'mdast-util-to-string';
import type { Node, Parent } from 'unist';
import type { Brief } from '../types.ts';
import { sha256 } from '../hash.ts';
import { parseMarkdownCached } from '../parse/markdown.ts';
import { translatedChapterFile } from './paths.ts';

/** The hash `source:` records: of the source chapter's whole text, front matter included. */
export function chapterHash(text: string): string {
  return sha256(text).slice(0, 12);
}

export interface Paragraph {
  hash: string;
  line: number;
  column: number;
  /** Its first words, to name it in a message. */
  excerpt: string;
}

// Blocks that hold other blocks: a change is pinned to the paragraph, item or heading inside them.
const CONTAINERS = new Set(['root', 'containerDirective', 'list', 'listItem', 'blockquote', 'footnoteDefinition']);

/** The leaf blocks of a chapter (paragraphs, headings, table and chart directives…), in order. */
export function paragraphsOf(text: string, cacheDir: string): Paragraph[] {
  const out: Paragraph[] = [];
  const walk = (node: Node) => {
    if (node.type === 'yaml') return;
    if (CONTAINERS.has(node.type)) {
      for (const child of (node as Parent).children) walk(child);
      return;
    }
    const start = node.position?.start;
    const end = node.position?.end;
    if (start?.offset === undefined || end?.offset === undefined) return;
    // Whitespace and line wrapping are not changes a translator needs to look at.
    const slice = text.slice(start.offset, end.offset).replace(/\s+/g, ' ').trim();
    const words = toString(node).replace(/\s+/g, ' ').trim() || slice;
    out.push({ hash: sha256(slice).slice(0, 8), line: start.line, column: start.column, excerpt: words.length > 50 ? `${words.slice(0, 50)}…` : words });
  };
  walk(parseMarkdownCached(text, cacheDir));
  return out;
}

/** What a translated chapter's front matter says about its source, read leniently (the chapter's parse reports mistakes). */
export interface Marks {
  source?: string;
  paragraphs?: string[];
  /** 1-based line of `source:` in the file. */
  line?: number;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/;

export function readMarks(text: string): Marks {
  const m = FRONT_MATTER.exec(text);
  if (!m) return {};
  let data: unknown;
  try {
    data = parseYaml(m[1] ?? '');
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object') return {};
  const { source, paragraphs } = data as Record<string, unknown>;
  const lines = (m[1] ?? '').split(/\r?\n/);
  const at = lines.findIndex((l) => /^source\s*:/.test(l));
  return {
    ...(typeof source === 'string' ? { source } : {}),
    ...(Array.isArray(paragraphs) ? { paragraphs: paragraphs.map(String) } : {}),
    ...(at >= 0 ? { line: at + 2 } : {}),
  };
}

/** The chapter's text with `source:` and `paragraphs:` set in its front matter (added when it has none); the rest kept as written. */
export function markedText(text: string, hash: string, paragraphs: Paragraph[]): string {
  const m = FRONT_MATTER.exec(text);
  const doc = parseDocument(m?.[1] ?? '');
  doc.set('source', hash);
  const list = doc.createNode(paragraphs.map((p) => p.hash));
  if (isSeq(list)) list.flow = true;
  doc.set('paragraphs', list);
  const yamlText = doc.toString({ lineWidth: 100 });
  const rest = m ? text.slice(m[0].length) : `\n${text}`;
  return `---\n${yamlText}---\n${rest}`;
}

export type TranslationState = 'current' | 'stale' | 'unmarked' | 'missing';

export interface ChapterState {
  chapter: string; // the source chapter, relative to the root
  language: string;
  file: string; // the translation, relative to the root
  state: TranslationState;
}

/** Every chapter × translation of the brief, with its state. */
export function translationStates(brief: Brief): ChapterState[] {
  return brief.translations.flatMap(({ language }) =>
    brief.chapters.map(({ file: chapter }) => {
      const file = translatedChapterFile(brief, language, chapter);
      const abs = path.join(brief.root, file);
      if (!existsSync(abs)) return { chapter, language, file, state: 'missing' as const };
      const marks = readMarks(readFileSync(abs, 'utf8'));
      if (!marks.source) return { chapter, language, file, state: 'unmarked' as const };
      const current = chapterHash(readFileSync(path.join(brief.root, chapter), 'utf8'));
      return { chapter, language, file, state: marks.source === current ? ('current' as const) : ('stale' as const) };
    }),
  );
}
