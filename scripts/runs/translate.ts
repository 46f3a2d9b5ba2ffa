// `brief translate status` and `brief translate mark`: where each translated chapter stands against
// its source, and recording that a translation is up to date (translate/drift.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Reporter, UserError } from '../messages.ts';
import type { Brief } from '../types.ts';
import { loadBrief } from '../config/load.ts';
import { writeAtomic } from '../write.ts';
import { chapterHash, markedText, paragraphsOf, translationStates, type ChapterState } from '../translate/drift.ts';
import { translatedChapterFile } from '../translate/paths.ts';
import type { PipelineContext } from '../pipeline.ts';

/** The brief's brief.yaml, loaded and checked (UserError with its problems otherwise). */
export async function sourceBrief(ctx: PipelineContext, name: string): Promise<Brief> {
  const reporter = new Reporter();
  const brief = await loadBrief({ root: ctx.root, name, reporter });
  if (!brief) throw new UserError(reporter.diagnostics);
  return brief;
}

export function translationStatus(brief: Brief): ChapterState[] {
  return translationStates(brief);
}

/** Writes the current source hash (and its paragraphs' hashes) into each named translated chapter (source chapter paths, relative to the root). */
export async function markTranslations(ctx: PipelineContext, { brief, language, chapters }: { brief: Brief; language: string; chapters: string[] }): Promise<{ chapter: string; file: string; hash: string }[]> {
  const out = [];
  for (const chapter of chapters) {
    const sourceText = readFileSync(path.join(brief.root, chapter), 'utf8');
    const file = translatedChapterFile(brief, language, chapter);
    const abs = path.join(brief.root, file);
    const hash = chapterHash(sourceText);
    await writeAtomic(abs, markedText(readFileSync(abs, 'utf8'), hash, paragraphsOf(sourceText, ctx.cacheDir)));
    out.push({ chapter, file, hash });
  }
  return out;
}
