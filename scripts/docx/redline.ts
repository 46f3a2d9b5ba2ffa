// `brief diff … --docx`: the redline (edition/redline.ts's hast, with <ins>/<del>, added and
// removed blocks, rows and notes) as Word tracked changes on the newer edition's document, by
// author "briefkit" at the newer edition's date. Accept all gives the newer text, Reject all the older.
import type { Element } from 'hast';
import { Paragraph } from 'docx';
import type { Brief, Edition } from '../types.ts';
import { block, type ConvertContext, type Tracking } from './convert.ts';
import { chartFontFiles } from './image.ts';
import { packDocument } from './index.ts';
import { docxLanguage } from './language.ts';

export const REVISION_AUTHOR = 'briefkit';

const classes = (e: Element): string[] => (Array.isArray(e.properties?.className) ? (e.properties.className as string[]) : []);
const isElement = (n: unknown): n is Element => (n as Element)?.type === 'element';

export interface RedlineDocxInput {
  brief: Brief; // the newer edition's
  edition: Edition;
  draft: string | null;
  /** The redline's chapters: article.rl-chapter elements, notes in their section.rl-notes. */
  chapters: Element[];
  /** The newer and the older edition's footnote number of a label. */
  numberOf: (label: string) => number | undefined;
  oldNumberOf: (label: string) => number | undefined;
  date: Date;
  cache: string;
}

export async function redlineDocx(input: RedlineDocxInput): Promise<Buffer> {
  const date = input.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Revision ids start above the bookmark ids pack.ts gives (annotation ids share one space in Word).
  let nextRevision = 100000;
  // Notes only the older edition had get ids above every number of the newer one.
  const removedIds = new Map<string, number>();
  let nextRemoved = 90000;
  const track: Tracking = {
    author: REVISION_AUTHOR,
    date,
    revision: () => ({ id: nextRevision++, author: REVISION_AUTHOR, date }),
    footnoteOf: (label) => input.numberOf(label) ?? removedIds.get(label) ?? (removedIds.set(label, nextRemoved++), removedIds.get(label)),
    oldNumberOf: input.oldNumberOf,
    insertedRefs: new Set(),
    deletedRefs: new Set(),
  };
  const ctx: ConvertContext = { cited: new Set(), lists: 0, fontFiles: await chartFontFiles(input.cache, JSON.stringify(input.chapters), input.brief.language), track, rtl: docxLanguage(input.brief.language).rtl };

  const body: ReturnType<typeof block> = [];
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  for (const article of input.chapters) {
    const notes: Element[] = [];
    article.children.filter(isElement).forEach((child, i) => {
      if (child.tagName === 'section' && classes(child).includes('rl-notes')) return void notes.push(...child.children.filter(isElement).filter((n) => classes(n).includes('rl-note')));
      const options = i === 0 ? { pageBreakBefore: true } : {};
      // A chapter added or removed whole: its heading is tracked with it.
      const whole = classes(article).includes('rl-added') ? 'rl-added' : classes(article).includes('rl-removed') ? 'rl-removed' : null;
      const el = whole && child.tagName === 'h1' ? { ...child, properties: { ...child.properties, className: [...classes(child), whole] } } : child;
      body.push(...block(el, options, ctx));
    });
    for (const note of notes) {
      const id = track.footnoteOf(String(note.properties?.dataLabel ?? ''));
      if (id === undefined) continue;
      const mark = classes(note).includes('rl-added') ? 'rl-added' : classes(note).includes('rl-removed') ? 'rl-removed' : null;
      const paragraphs = note.children
        .filter(isElement)
        .filter((b) => !classes(b).includes('rl-fn-num'))
        .flatMap((b) => block(mark ? { ...b, properties: { ...b.properties, className: [...classes(b), mark] } } : b, { style: 'FootnoteText' }, ctx))
        .filter((b): b is Paragraph => b instanceof Paragraph);
      footnotes[id] = { children: paragraphs };
    }
  }
  return packDocument({
    input: { brief: input.brief, edition: input.edition, revisions: [], draft: input.draft, date: input.date, cache: input.cache },
    body,
    footnotes,
    tracked: { inserted: track.insertedRefs, deleted: track.deletedRefs, author: REVISION_AUTHOR, date, nextId: nextRevision + 1000000 },
  });
}
