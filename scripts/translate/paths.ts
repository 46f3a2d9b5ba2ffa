// Where a brief's translations live: content/<brief>/translations/<lang>/, one file per source
// chapter under the same name (SPEC §13), an optional brief.yaml and optional charts/.
import path from 'node:path';
import type { Brief } from '../types.ts';
import { relToRoot } from '../config/paths.ts';

export const TRANSLATIONS = 'translations';

/** content/<brief>/translations (absolute). */
export function translationsRoot(brief: Pick<Brief, 'dir'>): string {
  return path.join(brief.dir, TRANSLATIONS);
}

/** content/<brief>/translations/<lang> (absolute). */
export function translationDir(brief: Pick<Brief, 'dir'>, language: string): string {
  return path.join(translationsRoot(brief), language);
}

/** The translation of a source chapter (both relative to the root): its path under chapters/, in the language's folder. */
export function translatedChapterFile(brief: Pick<Brief, 'dir' | 'root'>, language: string, chapter: string): string {
  const under = path.relative(path.join(brief.dir, 'chapters'), path.join(brief.root, chapter));
  return relToRoot(brief.root, path.join(translationDir(brief, language), under));
}

/** The languages a brief is built in: its own first, then its translations. */
export function editionLanguages(brief: Pick<Brief, 'language' | 'translations'>): string[] {
  return [brief.language, ...brief.translations.map((t) => t.language)];
}
