// number/ stage: footnotes, tables, figures and refs across the chosen chapters.
import type { Reporter } from '../messages.ts';
import type { Chapter, Numbering } from '../types.ts';
import { numberFootnotes } from './footnotes.ts';
import { numberTargets } from './targets.ts';

export function numberAll({ chapters, reporter }: { chapters: Chapter[]; reporter: Reporter }): Numbering {
  const { footnotes, order } = numberFootnotes({ chapters, reporter });
  const targets = numberTargets({ chapters, reporter });
  return { footnotes, footnoteOrder: order, targets };
}
