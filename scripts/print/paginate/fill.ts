// Page filling, pure: measured records in, a page plan out; no DOM. Greedy: each page takes the
// last break that fits with the notes it cites, preferring good breaks to widows, widows to
// broken keeps, and those to breaks inside row spans.
import type { Break, Measured, NotePiece, NoteRecord, PagePlan, Penalty, Plan, UnitRecord } from './types.ts';

const LEVEL: Record<Penalty, number> = { ok: 0, widow: 1, keep: 2, never: 3 };
/** Carried notes may keep at least this share of a page, so content still moves on. */
const CARRIED_NOTES_SHARE = 0.3;
/** A widow is better than a page filled less than this. */
const MIN_FILL_FOR_GOOD_BREAK = 0.6;

interface Note {
  record: NoteRecord;
  /** Height of the note down to its first good break: the least of it a page must hold. */
  minHeight: number;
}

/** A note piece while filling: the note itself rather than its id. */
interface Piece {
  note: Note;
  from: number | null;
  to: number | null;
}

interface Filler {
  units: UnitRecord[];
  area: number;
  notesPad: number;
  notes: Map<string, Note>;
  pages: PagePlan[];
}

export function fill(measured: Measured): Plan {
  const notes = new Map<string, Note>();
  for (const record of measured.notes) notes.set(record.id, { record, minHeight: minHeight(record) });
  const filler: Filler = { units: measured.units, area: measured.area, notesPad: measured.notesPad, notes, pages: [] };
  measured.units.forEach((unit, index) => {
    if (!unit.landscape) fillUnit(filler, unit, index, landscapesOf(measured.units, index));
  });
  return { pages: filler.pages };
}

/** The landscape units lifted out of unit `host`, by their place in it. */
function landscapesOf(units: UnitRecord[], host: number): number[] {
  return units
    .map((u, i) => ({ u, i }))
    .filter(({ u }) => u.landscape?.host === host)
    .sort((a, b) => a.u.landscape!.anchor - b.u.landscape!.anchor)
    .map(({ i }) => i);
}

function minHeight(note: NoteRecord): number {
  const firstGood = note.breaks.find((b) => b.penalty === 'ok');
  return firstGood ? firstGood.yEnd - note.top : note.bottom - note.top;
}

const startOf = (p: Piece) => (p.from !== null ? p.note.record.breaks[p.from].yStart - p.note.record.gap : p.note.record.top);
const endOf = (p: Piece) => (p.to !== null ? p.note.record.breaks[p.to].yEnd : p.note.record.bottom);
const pieceHeight = (p: Piece) => endOf(p) - startOf(p);
const whole = (note: Note): Piece => ({ note, from: null, to: null });
const planned = (p: Piece): NotePiece => ({ note: p.note.record.id, from: p.from, to: p.to });

/** The largest head of `p` that fits in `space`, and the rest (null when nothing fits). */
function fitPiece(p: Piece, space: number): [Piece | null, Piece | null] {
  if (pieceHeight(p) <= space) return [p, null];
  const { record } = p.note;
  const lo = p.from !== null ? record.breaks[p.from].yStart : record.top;
  const hi = endOf(p);
  const top = startOf(p);
  let best: number | null = null;
  let bestAny: number | null = null;
  for (let i = 0; i < record.breaks.length; i++) {
    const c = record.breaks[i];
    if (c.yEnd <= lo + 0.5 || c.yStart >= hi - 0.5) continue;
    if (c.yEnd - top > space) break;
    bestAny = i;
    if (c.penalty === 'ok') best = i;
  }
  const cut = best ?? bestAny;
  if (cut === null) return [null, p];
  return [
    { note: p.note, from: p.from, to: cut },
    { note: p.note, from: cut, to: p.to },
  ];
}

/** Notes in order into `space`: what fits (only the last may be split), and what carries over. */
function fillNotes(queue: Piece[], space: number): { pieces: Piece[]; carry: Piece[] } {
  const pieces: Piece[] = [];
  const carry: Piece[] = [];
  for (const p of queue) {
    if (carry.length) {
      carry.push(p);
      continue;
    }
    const [head, rest] = fitPiece(p, space);
    if (head) {
      pieces.push(head);
      space -= pieceHeight(head);
    }
    if (rest) carry.push(rest);
  }
  return { pieces, carry };
}

function fillUnit(filler: Filler, unit: UnitRecord, index: number, floats: number[] = []) {
  const { pages } = filler;
  if (unit.kind === 'cover') {
    pages.push({ unit: index, kind: 'cover', end: null, cut: null, notes: [], overflow: false });
    return;
  }
  const { breaks } = unit;
  let queue: Piece[] = [];
  let start = 0;
  let refsDone = 0; // refs before this index are on earlier pages
  while (start < breaks.length - 1) {
    const chosen = chooseBreak(filler, unit, start, refsDone, queue);
    const end = breaks[chosen.index];
    // The carried pieces first, then the notes cited on this page (only the last may split).
    const contentHeight = end.yEnd - pageTop(breaks[start]);
    const space = filler.area - contentHeight - filler.notesPad;
    const cited: Note[] = [];
    while (refsDone < unit.refs.length && unit.refs[refsDone].y < end.yEnd) cited.push(filler.notes.get(unit.refs[refsDone++].note)!);
    const { pieces, carry } = fillNotes([...queue, ...cited.map(whole)], space);
    const citedLeftOut = carry.length > 0 && cited.some((note) => !pieces.some((p) => p.note === note));
    const cut = chosen.index < breaks.length - 1 ? chosen.index : null;
    pages.push({ unit: index, kind: unit.kind, end: chosen.index, cut, notes: pieces.map(planned), overflow: chosen.overflow || citedLeftOut });
    queue = carry;
    start = chosen.index;
    // Landscape tables anchored on this page follow it, each on pages of its own.
    while (floats.length && filler.units[floats[0]].landscape!.anchor < end.yEnd) fillLandscape(filler, floats.shift()!);
  }
  for (const f of floats) fillLandscape(filler, f);
  notesOnlyPages(filler, index, unit, queue);
}

/** A lifted table on landscape pages: the same filling, with the landscape content area. */
function fillLandscape(filler: Filler, index: number) {
  const unit = filler.units[index];
  const first = filler.pages.length;
  fillUnit({ ...filler, area: unit.landscape!.area }, unit, index);
  for (let i = first; i < filler.pages.length; i++) filler.pages[i].landscape = true;
}

/** Notes still to print after the unit's content. */
function notesOnlyPages(filler: Filler, index: number, unit: UnitRecord, queue: Piece[]) {
  while (queue.length) {
    const { pieces, carry } = fillNotes(queue, filler.area - filler.notesPad);
    let overflow = false;
    if (!pieces.length) {
      pieces.push(carry.shift()!); // a single line taller than a page: cannot happen with sane CSS
      overflow = true;
    }
    filler.pages.push({ unit: index, kind: unit.kind, end: null, cut: null, notes: pieces.map(planned), overflow });
    queue = carry;
  }
}

/** Where a page starting at break `b` begins: above it by a repeated table header. */
const pageTop = (b: Break) => b.yStart - (b.repeat ?? 0);

/**
 * The break that ends the page starting at break `start`: the last one, per penalty level, where the
 * content and the notes it cites (the first good lines of the last one at least) fit.
 */
function chooseBreak(filler: Filler, unit: UnitRecord, start: number, refsDone: number, queue: Piece[]): { index: number; overflow: boolean } {
  const { breaks, refs } = unit;
  const top = pageTop(breaks[start]);
  const queueFull = queue.reduce((h, p) => h + pieceHeight(p), 0);
  const queueMin = queue.length ? Math.min(queueFull, Math.max(queue[0].note.minHeight, filler.area * CARRIED_NOTES_SHARE)) : 0;
  const lastFit = [-1, -1, -1, -1]; // per penalty level: the last break that fits at that level or better
  let ref = refsDone;
  let citedFull = 0; // cited notes before the last one, in full
  let lastCited: Note | null = null;
  for (let b = start + 1; b < breaks.length; b++) {
    const c = breaks[b];
    while (ref < refs.length && refs[ref].y < c.yEnd) {
      if (lastCited) citedFull += pieceHeight(whole(lastCited));
      lastCited = filler.notes.get(refs[ref].note)!;
      ref++;
    }
    const contentHeight = c.yEnd - top;
    const notesHeight = lastCited ? filler.notesPad + queueFull + citedFull + lastCited.minHeight : queue.length ? filler.notesPad + queueMin : 0;
    if (contentHeight + notesHeight > filler.area) break;
    for (let level = LEVEL[c.penalty]; level < 4; level++) lastFit[level] = b;
    if (c.forced) break;
  }
  let index = lastFit[0];
  if (lastFit[1] > index && (index < 0 || breaks[index].yEnd - top < MIN_FILL_FOR_GOOD_BREAK * (breaks[lastFit[1]].yEnd - top))) index = lastFit[1];
  if (index < 0) index = lastFit[2];
  if (index < 0) index = lastFit[3];
  // Nothing fits: an unbreakable block taller than a page, clipped.
  if (index < 0) return { index: start + 1, overflow: true };
  return { index, overflow: false };
}
