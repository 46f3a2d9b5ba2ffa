// The markdown dialect: CommonMark + GFM + YAML front matter + directives (SPEC §3).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import type { Root } from 'mdast';
import { packageVersion } from '../version.ts';
import { sweepOnce } from '../write.ts';

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
  const key = createHash('sha256').update(PARSER).update('\0').update(source).digest('hex');
  const file = path.join(cacheDir, 'mdast', `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Root;
  } catch {
    // not cached yet, or unreadable: parse
  }
  const tree = parseMarkdown(source);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    sweepOnce(path.dirname(file));
    writeFileSync(tmp, JSON.stringify(tree));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true }); // a read-only cache only costs time
  }
  return tree;
}
