// number/ stage: footnotes, tables, figures and refs across the chosen chapters.
import type { Reporter } from '../messages.ts';
import type { Chapter, Numbering } from '../types.ts';
import { numberFootnotes } from './footnotes.ts';
import { numberTargets } from './targets.ts';

/** `language`: the brief's, for the labels ("Table 2", "表 2"). */
export function numberAll({ chapters, reporter, language = 'en' }: { chapters: Chapter[]; reporter: Reporter; language?: string }): Numbering {
  const { footnotes, order } = numberFootnotes({ chapters, reporter });
  const targets = numberTargets({ chapters, reporter, language });
  return { footnotes, footnoteOrder: order, targets };
}
