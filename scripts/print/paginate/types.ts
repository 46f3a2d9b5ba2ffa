// Shapes shared by the in-page paginator's stages: measure (DOM → records), fill (records → page
// plan, pure), move (plan → page boxes) and overflow (the check), and by the Node-side fixtures
// that test fill without a browser. Records are plain JSON: y in CSS px of the galley.

/**
 * How bad a break is, best first. widow: it leaves a line alone at the foot or the top of a page
 * (or a table's first or last row alone); keep: it parts a heading, or a block with
 * `break-after: avoid`, from what follows; never: it falls inside a table row span.
 */
export type Penalty = 'ok' | 'widow' | 'keep' | 'never';

/** A place where a page may end: between blocks, between lines, between table rows. */
export interface Break {
  /** Where the next page's content starts if the page breaks here. */
  yStart: number;
  /** Where this page's content ends if it breaks here. */
  yEnd: number;
  penalty: Penalty;
  /** Height of a table header repeated at the top of the next page. */
  repeat?: number;
  /** The page must end here (`break-before: page`, or the end of its unit). */
  forced?: boolean;
}

export type UnitKind = 'cover' | 'nav' | 'notes' | 'chapter';

/** A flow unit (cover, contents, chapter…): starts a page; its breaks run from its top to its bottom. */
export interface UnitRecord {
  kind: UnitKind;
  /** In order: the unit's top, every break inside it, its bottom (forced). */
  breaks: Break[];
  /** Note references in the unit, by y: each note at its first reference only. */
  refs: { y: number; note: string }[];
  /**
   * A table lifted out of unit `host` onto landscape pages of its own (content area `area` high):
   * they follow the host's page on which `anchor` (its place in the host) falls.
   */
  landscape?: { host: number; anchor: number; area: number };
}

/** A page-bottom note as laid out in the notes galley. */
export interface NoteRecord {
  id: string;
  top: number;
  bottom: number;
  /** Top padding of the note, dropped where a continued piece starts. */
  gap: number;
  /** Breaks inside the note (between its lines and paragraphs). */
  breaks: Break[];
}

/** All that page filling needs: measured once, in the galley. */
export interface Measured {
  /** Height of a page's content area (content and notes). */
  area: number;
  /** Padding and rule above a page's notes area. */
  notesPad: number;
  units: UnitRecord[];
  notes: NoteRecord[];
}

/** Part of a note on one page: from break `from` (null: its top) to break `to` (null: its end). */
export interface NotePiece {
  note: string;
  from: number | null;
  to: number | null;
}

export interface PagePlan {
  /** Index into Measured.units. */
  unit: number;
  kind: UnitKind;
  /** Break where this page's content ends; null on a cover and on a page of carried-over notes only. */
  end: number | null;
  /** Break where the unit is cut after this page; null when the unit ends on (or before) it. */
  cut: number | null;
  notes: NotePiece[];
  /** Content or notes could not be made to fit: the page is clipped. */
  overflow: boolean;
  /** A landscape page (its unit is a lifted wide table). */
  landscape?: boolean;
}

export interface Plan {
  pages: PagePlan[];
}

export interface PaginateResult {
  pages: number;
  /** ms: prepare (DOM set-up, first layout, fonts), measure (with fitting wide tables and tall rows), layout (page filling), fill (moving content, numbers), check (anything off a page). */
  timings: { prepare: number; measure: number; layout: number; fill: number; check: number };
  /** Content that could not be made to fit its page, with the source place of the block (data-src), if known. */
  overflow: Overflow[];
  /** Page-bottom notes placed (0 in endnotes mode). */
  notes: number;
  /**
   * Per page (index 0 = page 1): the structure types of the elements its content continues from
   * the page before, outermost first (paginate/marks.ts); [] when it starts afresh.
   */
  continues: string[][];
  /** What each internal link leads to, by target id (paginate/marks.ts), for the link annotations' /Contents. */
  targets: Record<string, string>;
}

export interface Overflow {
  /** 1-based page. */
  page: number;
  /** `file:line:col` of the block, from the nearest data-src; null when no block carries one. */
  src: string | null;
  /** tall: cut off at the foot of the page; wide: runs off its side. */
  kind: 'tall' | 'wide';
}
