// Shapes shared by the stages. Stages import these, not each other's internals.
import type { Root as Mdast } from 'mdast';
import type { RuleId } from './messages.ts';

/** A place in a source file, 1-based line and column. */
export interface Place {
  file: string; // path relative to the project root, with forward slashes
  line: number;
  column: number;
  /** A spreadsheet cell (`Deaths!C14`): shown instead of line:column; line/column then hold its row and column numbers. */
  cell?: string;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic extends Place {
  rule: RuleId;
  severity: Severity;
  message: string;
  hint: string;
  /** Other places involved (e.g. the first definition of a duplicate). */
  related: Place[];
}

export interface Edition {
  version: string;
  date: string; // YYYY-MM-DD
  summary: string;
  changes: string[];
  place: Place;
}

export interface DatasetSpec {
  name: string;
  path: string; // relative to the project root
  key: string[]; // columns identifying a row; [] = compare whole rows
  place: Place;
  /** .xlsx only: the worksheet and cell range to read, each with its place in brief.yaml. */
  sheet?: { name: string; place: Place };
  range?: { ref: string; place: Place };
}

export interface PacksSpec {
  dataset: string;
  column: string;
  include: string[];
  place: Place;
}

export interface PageSpec {
  size: string; // A4 | Letter | A5 | "210mm 297mm"
  margins: string; // CSS shorthand, e.g. "20mm 18mm 24mm"
}

/** brief.yaml after validation, with paths resolved. */
export interface Brief {
  name: string; // folder name under content/
  root: string; // absolute project root
  dir: string; // absolute brief folder
  file: string; // brief.yaml relative to root
  title: string;
  subtitle?: string;
  organization?: string;
  authors: string[];
  keywords: string[];
  language: string;
  runningHeader: string;
  page: PageSpec;
  footnotes: 'page' | 'endnotes';
  chapters: { file: string; place: Place }[]; // file relative to root
  datasets: DatasetSpec[];
  editions: Edition[]; // in brief.yaml order (oldest first)
  packs?: PacksSpec;
  listOfFigures: boolean;
  /** Present when brief.yaml names a bibliography. */
  citations?: CitationSpec;
  /** brief.yaml `translations:`, each with its place there. */
  translations: { language: string; place: Place }[];
  /**
   * Set on a translated edition's brief (translate/brief.ts): its folder, whose charts/ replace the
   * source's, and the source chapters it prints untranslated (each with the place to report it at).
   */
  translation?: { language: string; dir: string; missing: { chapter: string; path: string; place: Place }[] };
  /** brief.yaml `limits:`; unset ones take config/schema.ts DEFAULT_LIMITS (see chartLimits). */
  limits?: { chart_rows?: number; chart_marks?: number };
}

/** brief.yaml's bibliography, citation_style, bibliography_title and nocite, resolved. */
export interface CitationSpec {
  files: { path: string; place: Place }[]; // relative to the root
  /** A bundled CSL style by name, or the user's .csl file (relative to the root). */
  style: { name: string; place: Place } | { file: string; place: Place };
  /** Title of the bibliography chapter; null: the language's default; false: no bibliography chapter. */
  title: string | false | null;
  nocite: string[]; // keys listed although never cited; "*" = every entry
  nocitePlace: Place;
}

export interface FrontMatter {
  title?: string;
  id?: string;
  countries?: string[];
  /** A translated chapter: the hash of the source chapter it was translated from (translate/drift.ts). */
  source?: string;
  /** A translated chapter: hashes of the source's paragraphs then, so a check can name those changed since. */
  paragraphs?: string[];
}

export interface Chapter {
  file: string; // relative to root
  source: string;
  frontMatter: FrontMatter;
  id: string; // anchor id of the chapter, from front matter or file name
  title: string; // front matter title or first heading
  tree: Mdast;
}

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export type ColumnType = 'string' | 'number' | 'integer' | 'date' | 'boolean' | 'enum';

export interface Column {
  name: string;
  type: ColumnType;
  values?: string[]; // for enum
  label?: string; // header text, from the schema's "title"
  description?: string; // from the schema's "description"
}

export interface Dataset {
  name: string;
  file: string; // relative to root
  columns: Column[];
  rows: Row[];
  /** 1-based source line of each row, for located errors. */
  rowLines: number[];
  key: string[];
}

export type Datasets = Map<string, Dataset>;

/** A `::table` after data binding: every cell already a display string. */
export interface TableModel {
  id?: string;
  caption?: string;
  notes: string[]; // table notes, in order (the author's, then the † explanation)
  /** alignOn: for a number column without a format, the decimal separator its cells line up on (render pads the shorter decimals with hidden zeros). */
  columns: { name: string; label: string; numeric: boolean; alignOn?: string }[];
  groups: { label: string | null; rows: string[][] }[]; // ungrouped: one group, label null; no rows: []
  rowCount: number;
  flagged: number; // rows marked † by flag="…"
  empty: string; // shown in place of rows when rowCount is 0
  /** true: on landscape pages of its own; false: never; absent: when wider than the text column (the paginator decides). */
  landscape?: boolean;
}

/** What data/bind.ts leaves on a `::table`/`::chart` node as `node.data.briefkit`. */
export type BoundDirective =
  | { kind: 'table'; model: TableModel }
  | { kind: 'chart'; svg: string; id?: string; caption?: string; alt: string };

// What the stages attach to mdast nodes, typed where mdast declares node data.
declare module 'mdast' {
  interface Data {
    /** A `::table`/`::chart` with its data bound (data/bind.ts). */
    briefkit?: BoundDirective;
    /** A table's or figure's number and anchor (number/targets.ts). */
    number?: { label: string; id: string };
  }
}

/** A numbered thing a `:ref` can point at. */
export interface Target {
  id: string;
  kind: 'table' | 'figure' | 'chapter' | 'section';
  number: number; // 1-based across the brief (chapters: their order)
  label: string; // "Table 2", "Figure 3"
  caption: string;
  chapterId: string;
}

export interface FootnoteDef {
  label: string;
  number: number;
  place: Place;
  /** mdast children of the definition. */
  children: import('mdast').FootnoteDefinition['children'];
}

/** Result of numbering the chosen chapter list; numbering also writes each table's and chart's number into its directive node. */
export interface Numbering {
  footnotes: Map<string, FootnoteDef>; // by label
  footnoteOrder: string[]; // labels in number order
  targets: Map<string, Target>; // by id
}

/** One country's briefing pack: the chapters it holds, chosen by packs/select.ts. */
export interface Pack {
  country: string; // ISO 3166-1 alpha-2
  chapters: Chapter[];
}

export interface RevisionEntry {
  version: string;
  date: string;
  summary: string;
  changes: string[];
  dataChanges: string[]; // one line per dataset and kind of change, e.g. "stations: 2 rows added — Italy, Rome; …"
  /** The release the data changes are counted against. */
  dataSince?: string;
}

/** What the layouts receive. */
export interface RenderedDocument {
  /** Self-contained HTML edition (fonts inlined, endnotes). */
  html: string;
  /** HTML for the PDF: fonts by file:// URL, print CSS, marked up for the paginator. */
  printHtml: string;
}

export interface PrintOptions {
  title: string;
  authors: string[];
  subject: string;
  keywords: string[];
  language: string;
  /** Fixed creation/modification date for byte-identical output. */
  date: Date;
  /** PDF/A-2u as well as PDF/UA-1: a released edition, which is archived. */
  pdfa?: boolean;
  /** Absolute directories the browser may read from (project root, font packages). */
  allowedRoots: string[];
}
