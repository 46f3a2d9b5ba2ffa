// The markdown dialect: CommonMark + GFM + YAML front matter + directives (README, "Markdown").
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import type { Root } from 'mdast';
import { packageVersion } from '../version.ts';
import { cacheKey, readCachedSync, writeCachedSync } from '../cache.ts';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective);

export function parseMarkdown(source: string): Root {
  return processor.runSync(processor.parse(source)) as Root;
}

const PARSER = ['mdast-1', ...['micromark', 'mdast-util-from-markdown', 'remark-parse', 'remark-gfm', 'remark-directive', 'remark-frontmatter'].map(packageVersion)].join('\0');

/**
 * parseMarkdown through a cache of trees by content hash: micromark takes most of `brief check`
 * (and all of it before the JIT warms up), while reading a cached tree back is a JSON.parse.
 * Each call returns a fresh tree, since the stages after parsing change it in place.
 */
export function parseMarkdownCached(source: string, cacheDir: string): Root {
  const dir = path.join(cacheDir, 'mdast');
  const name = `${cacheKey([PARSER, source])}.json`;
  const cached = readCachedSync(dir, name);
  if (cached !== null) return JSON.parse(cached) as Root;
  const tree = parseMarkdown(source);
  writeCachedSync(dir, name, JSON.stringify(tree));
  return tree;
}
