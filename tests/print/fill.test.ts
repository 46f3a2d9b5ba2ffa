// Page filling without a browser: measured records in (tests/fixtures/paginate/<case>/case.json),
// a page plan out (expected.json). Besides the exact plan, every case must keep the promises a
// reader sees on paper: pages advance, every note prints once and in order, nothing unflagged
// exceeds the page.
import { expect } from 'vitest';
import { fill } from '../../scripts/print/paginate/fill.ts';
import type { Measured, NoteRecord, Plan } from '../../scripts/print/paginate/types.ts';
import { fixtureSuite } from '../helpers/fixtures.ts';

interface Case {
  description: string;
  measured: Measured;
}

fixtureSuite<Case>(
  'paginate',
  async (c) => ({ expected: fill(c.config.measured) }),
  (got, c) => checkPlan(got.expected as Plan, c.config.measured),
);

function checkPlan(plan: Plan, m: Measured) {
  // Content pages of a unit end at ever later breaks, the last at the unit's end.
  m.units.forEach((unit, u) => {
    const ends = plan.pages.filter((p) => p.unit === u && p.end !== null).map((p) => p.end!);
    expect(ends, `unit ${u}`).toEqual([...ends].sort((a, b) => a - b));
    expect(new Set(ends).size).toBe(ends.length);
    if (unit.kind !== 'cover') expect(ends.at(-1)).toBe(unit.breaks.length - 1);
  });
  // Every note prints whole: its pieces follow on from each other.
  for (const note of m.notes) {
    const pieces = plan.pages.flatMap((p) => p.notes.filter((n) => n.note === note.id));
    expect(pieces[0]?.from, `note ${note.id}`).toBeNull();
    expect(pieces.at(-1)?.to, `note ${note.id}`).toBeNull();
    for (let i = 1; i < pieces.length; i++) expect(pieces[i].from).toBe(pieces[i - 1].to);
  }
  // A page not flagged as overflowing holds its content and notes.
  plan.pages.forEach((p, i) => {
    if (p.overflow || p.kind === 'cover') return;
    const unit = m.units[p.unit];
    const previous = plan.pages.slice(0, i).filter((q) => q.unit === p.unit && q.end !== null).at(-1);
    const from = unit.breaks[previous ? previous.end! : 0];
    const content = p.end === null ? 0 : unit.breaks[p.end].yEnd - (from.yStart - (from.repeat ?? 0));
    const notes = p.notes.reduce((h, n) => h + pieceHeight(m.notes.find((x) => x.id === n.note)!, n.from, n.to), 0);
    expect(content + (p.notes.length ? m.notesPad : 0) + notes, `page ${i + 1}`).toBeLessThanOrEqual(unit.landscape?.area ?? m.area);
    // A lifted table's pages, and only they, are landscape.
    expect(!!p.landscape, `page ${i + 1}`).toBe(!!unit.landscape);
  });
}

function pieceHeight(note: NoteRecord, from: number | null, to: number | null): number {
  const top = from === null ? note.top : note.breaks[from].yStart - note.gap;
  return (to === null ? note.bottom : note.breaks[to].yEnd) - top;
}
