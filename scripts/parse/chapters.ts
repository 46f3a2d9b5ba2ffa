// parse/ stage: chapter files → mdast with front matter, checked directives, heading ids, checked resources.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import type { Heading, Image, Link, Root, Yaml } from 'mdast';
import type {} from 'mdast-util-to-hast'; // adds hProperties to mdast node data
import type { Reporter } from '../messages.ts';
import type { Brief, Chapter, Place } from '../types.ts';
import { cacheDir, resolveInside } from '../config/paths.ts';
import { decodeUtf8 } from '../config/text.ts';
import { markdownReady, parseMarkdownCached } from './markdown.ts';
import { readFrontMatter } from './frontmatter.ts';
import { checkDirectives, placeOf } from './directives.ts';
import { badLinkScheme, isScriptUrl, urlAsRead } from '../config/urls.ts';
import { checkRawHtml, isRemote, loadHtmlParser, needsHtmlParser } from './html.ts';
import { slugify } from './slug.ts';
import { liftFootnoteReferences } from './footnote-refs.ts';
import { cutTooDeep, MAX_BLOCK_NESTING, MAX_TREE_DEPTH, tooDeepBlocks } from './nesting.ts';

export async function parseChapters({ brief, reporter }: { brief: Brief; reporter: Reporter }): Promise<Chapter[]> {
  return Promise.all(brief.chapters.map(({ file }) => parseChapter({ brief, file, reporter }))).then((cs) => cs.filter((c): c is Chapter => c !== null));
}

export async function parseChapter({ brief, file, reporter }: { brief: Brief; file: string; reporter: Reporter }): Promise<Chapter | null> {
  const source = chapterText({ file, bytes: await readFile(path.join(brief.root, file)), reporter });
  if (source === null) return null;
  await markdownReady(source, cacheDir(brief.root));
  if (needsHtmlParser(source)) await loadHtmlParser();
  return chapterFromSource({ brief, file, source, reporter });
}

/**
 * Parsing takes seconds per megabyte and ~150 MB of memory per megabyte (a 500-page brief is
 * ~1.5 MB in all): a bigger chapter is refused at once rather than after minutes.
 */
export const MAX_CHAPTER_BYTES = 2 * 1024 * 1024;

/** A chapter file's text; null after reporting that it is too large or not UTF-8. */
export function chapterText({ file, bytes, reporter }: { file: string; bytes: Uint8Array; reporter: Reporter }): string | null {
  if (bytes.length > MAX_CHAPTER_BYTES) {
    reporter.report({ file, line: 1, column: 1 }, 'chapter-too-large', { size: (bytes.length / 1024 / 1024).toFixed(1), limit: MAX_CHAPTER_BYTES / 1024 / 1024 });
    return null;
  }
  const source = decodeUtf8(bytes);
  if (source === null) {
    reporter.report({ file, line: 1, column: 1 }, 'not-utf8');
    return null;
  }
  const deep = tooDeepBlocks(source);
  if (deep) {
    reporter.report({ file, line: deep.line, column: deep.column }, 'markdown-too-deep', { depth: deep.depth, max: MAX_BLOCK_NESTING, what: 'quotes, lists and ::: blocks' });
    return null;
  }
  return source;
}

/** Pure part of parsing, reused by `brief dev` for a chapter edited in memory (loadMarkdownParser() and loadHtmlParser() first). */
export function chapterFromSource({ brief, file, source, reporter }: { brief: Brief; file: string; source: string; reporter: Reporter }): Chapter {
  const tree = parseMarkdownCached(source, cacheDir(brief.root));
  const cut = cutTooDeep(tree);
  if (cut) reporter.report(placeOf(file, cut.node), 'markdown-too-deep', { depth: `more than ${cut.depth}`, max: MAX_TREE_DEPTH, what: 'blocks and inline marks such as emphasis' });
  const yamlNode = tree.children.find((n): n is Yaml => n.type === 'yaml');
  const frontMatter = readFrontMatter({ node: yamlNode, file, reporter });
  tree.children = tree.children.filter((n) => n.type !== 'yaml');

  // Without a front matter title, a leading `# Heading` is the chapter title; with one, a leading
  // heading that says the same is dropped, or the chapter would open with its title twice.
  let title = frontMatter.title;
  const first = tree.children[0];
  if (first?.type === 'heading' && first.depth === 1 && (!title || sameTitle(title, toString(first)))) {
    title ??= toString(first);
    tree.children.shift();
  }
  const base = path.basename(file, '.md').replace(/^\d+[-_]/, '');
  const id = frontMatter.id ?? slugify(base);
  title ??= base.replace(/[-_]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

  liftFootnoteReferences(tree, source);
  checkDirectives({ tree, file, source, reporter });
  assignHeadingIds({ tree, chapterId: id, file, reporter });
  checkResources({ tree, brief, file, reporter });
  return { file, source, frontMatter, id, title, tree };
}

/** Titles that read the same, whatever their case and spacing: "Summary" and "summary ". */
function sameTitle(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
  return norm(a) === norm(b);
}

function assignHeadingIds({ tree, chapterId, file, reporter }: { tree: Root; chapterId: string; file: string; reporter: Reporter }): void {
  const used = new Set<string>();
  let previous = 1; // the chapter title is the level-1 heading
  visit(tree, 'heading', (h: Heading) => {
    visit(h, 'footnoteReference', (ref) => reporter.report(placeOf(file, ref), 'heading-footnote'));
    if (h.depth > previous + 1) reporter.report(placeOf(file, h), 'heading-order', { from: previous, to: h.depth, expected: previous + 1 });
    previous = h.depth;
    let slug = `${chapterId}-${slugify(toString(h)) || 'section'}`;
    for (let i = 2; used.has(slug); i++) slug = `${chapterId}-${slugify(toString(h))}-${i}`;
    used.add(slug);
    h.data = { ...h.data, hProperties: { ...(h.data?.hProperties ?? {}), id: slug } };
  });
}

function checkResources({ tree, brief, file, reporter }: { tree: Root; brief: Brief; file: string; reporter: Reporter }): void {
  visit(tree, (node) => {
    const at = placeOf(file, node);
    if (node.type === 'html') return checkRawHtml({ html: node.value, place: at, reporter });
    if (node.type === 'image') {
      const rel = checkImage({ url: (node as Image).url, brief, at, reporter });
      if (rel !== null && !(node as Image).alt?.trim()) reporter.report(at, 'image-alt-missing', { path: rel });
    }
    // ::figure{src=…}: the same file checks (its missing src and alt are parse/directives.ts's)
    if (node.type === 'leafDirective' && node.name === 'figure' && node.attributes?.src?.trim()) checkImage({ url: node.attributes.src, brief, at, reporter });
    if (node.type === 'link') {
      const url = (node as Link).url;
      if (isScriptUrl(url)) return reporter.report(at, 'link-javascript');
      if (badLinkScheme(url)) return reporter.report(at, 'link-scheme', { url });
      // A web link, a place in the page: as the browser reads the URL (a tab inside "h\tttps:" is dropped).
      const read = urlAsRead(url);
      if (/^[a-z][a-z0-9+.-]*:/i.test(read) || read.startsWith('#') || read.startsWith('//')) return;
      const target = decodePath(url.split('#')[0]) ?? url.split('#')[0];
      if (!target) return;
      const r = resolveInside({ root: brief.root, base: path.join(brief.root, path.dirname(file)), p: target });
      if (!r.ok) return reporter.report(at, r.rule, { path: url });
      if (!existsSync(r.abs)) reporter.report(at, 'link-missing', { path: r.rel });
    }
  });
}

/** An image's path: inside the brief folder, a file; its path relative to the root, or null after reporting why not. */
function checkImage({ url, brief, at, reporter }: { url: string; brief: Brief; at: Place; reporter: Reporter }): string | null {
  if (isRemote(url)) return reporter.report(at, 'remote-resource', { url }), null;
  if (isScriptUrl(url)) return reporter.report(at, 'link-javascript'), null;
  const decoded = decodePath(url);
  // The renderer decodes the path too: a malformed %-escape names no file it could load.
  if (decoded === null) return reporter.report(at, 'image-missing', { path: url }), null;
  const r = resolveInside({ root: brief.root, base: brief.dir, p: decoded });
  if (!r.ok) return reporter.report(at, r.rule, { path: url }), null;
  // The renderer reads the file: a folder (an empty path names the brief's own) is no image.
  if (!existsSync(r.abs) || !statSync(r.abs).isFile()) return reporter.report(at, 'image-missing', { path: decoded.trim() === '' ? '""' : existsSync(r.abs) ? `${r.rel}/` : r.rel }), null;
  return r.rel;
}

/** `images/a%20b.png` → `images/a b.png`; null for a malformed %-escape (decodeURI would throw). */
function decodePath(url: string): string | null {
  try {
    return decodeURI(url);
  } catch {
    return null;
  }
}
