// The markdown dialect: CommonMark + GFM + YAML front matter + directives (README, "Markdown").
// The parser (parse/remark.ts, ~225 modules of unified, micromark and mdast utilities) loads only
// when some chapter's tree is not in .cache/mdast/: a repeated `brief check` reads trees as JSON.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import { packageVersion } from '../version.ts';
import { cacheKey, readCachedSync, writeCachedSync } from '../cache.ts';

let parser: ((source: string) => Root) | null = null;

/** Loads the parser; parseMarkdownCached needs it for a source whose tree is not cached. */
export async function loadMarkdownParser(): Promise<void> {
  parser ??= (await import('./remark.ts')).parseMarkdown;
}

/** Loads the parser unless the tree of `source` is cached. */
export async function markdownReady(source: string, cacheDir: string): Promise<void> {
  if (!parser && !existsSync(cachePath(source, cacheDir))) await loadMarkdownParser();
}

const PARSER = ['mdast-1', ...['micromark', 'mdast-util-from-markdown', 'remark-parse', 'remark-gfm', 'remark-directive', 'remark-frontmatter'].map(packageVersion)].join('\0');

/**
 * parseMarkdown through a cache of trees by content hash: micromark takes most of `brief check`
 * (and all of it before the JIT warms up), while reading a cached tree back is a JSON.parse.
 * Each call returns a fresh tree, since the stages after parsing change it in place.
 */
export function parseMarkdownCached(source: string, cacheDir: string): Root {
  const file = cachePath(source, cacheDir);
  const cached = readCachedSync(path.dirname(file), path.basename(file));
  if (cached !== null) return JSON.parse(cached) as Root;
  if (!parser) throw new Error('parseMarkdownCached: call loadMarkdownParser() or markdownReady() first');
  const tree = parser(source);
  writeCachedSync(path.dirname(file), path.basename(file), JSON.stringify(tree));
  return tree;
}

function cachePath(source: string, cacheDir: string): string {
  return path.join(cacheDir, 'mdast', `${cacheKey([PARSER, source])}.json`);
}
