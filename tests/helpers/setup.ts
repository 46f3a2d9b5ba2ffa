// Before every test file: helpers parse chapters synchronously (chapterFromSource), which needs the
// markdown parser that the CLI loads only when a tree is not cached.
import { loadMarkdownParser } from '../../scripts/parse/markdown.ts';

await loadMarkdownParser();
