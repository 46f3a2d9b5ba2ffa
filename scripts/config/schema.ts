// The one description of brief.yaml: validation and the README's reference table both come from it.

const str = (description: string, extra: object = {}) => ({ type: 'string', description, ...extra });
const strList = (description: string) => ({ type: 'array', items: { type: 'string' }, description });

const datasetEntry = {
  description: 'A dataset: a path (rows then compare whole), or { path, key, sheet, range }.',
  oneOf: [
    str('Path to a .csv, .json or .xlsx file, relative to the project root.'),
    {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: str('Path to a .csv, .json or .xlsx file, relative to the project root.'),
        key: strList('Columns that identify a row, used by the revision log to tell changed rows from added ones.'),
        sheet: str('.xlsx only: the worksheet to read, by its tab name. Default: the first sheet.', { minLength: 1 }),
        range: str('.xlsx only: the cells to read, e.g. "A1:F200"; its first row is the header. Default: every used cell of the sheet.', {
          pattern: '^[A-Za-z]{1,3}[1-9]\\d*:[A-Za-z]{1,3}[1-9]\\d*$',
        }),
      },
    },
  ],
};

/** Built-in bounds on what one chart may draw; `limits:` in brief.yaml raises or lowers them. */
export const DEFAULT_LIMITS = { chart_rows: 20_000, chart_marks: 20_000 };
/** The limits in force for a brief: its own, else the defaults. */
export function limitsOf(brief: { limits?: { chart_rows?: number; chart_marks?: number } }): typeof DEFAULT_LIMITS {
  return { ...DEFAULT_LIMITS, ...brief.limits };
}
const limit = (description: string, fallback: number) => ({ type: 'integer', minimum: 1, maximum: 1_000_000, default: fallback, description: `${description} Default ${fallback.toLocaleString('en')}.` });

export const briefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'chapters', 'editions'],
  properties: {
    title: str('Title on the cover, in the PDF metadata and the HTML <title>.', { minLength: 1 }),
    subtitle: str('Subtitle on the cover.'),
    organization: str('Publishing organisation, on the cover and in the colophon.'),
    authors: strList('Authors, on the cover and in the PDF Author field.'),
    keywords: strList('PDF Keywords and HTML meta keywords.'),
    language: str('BCP 47 language tag of a language with a catalogue of document words (en, fr, es, de, ru, zh-Hans, zh-Hant, ar; regional tags such as fr-CA or zh-TW pick theirs): sets <html lang>, every word the tool writes (contents, labels, folio, revision log), plural forms, hyphenation, number and date formats, the direction (right to left for Arabic-script and Hebrew languages) and the fonts of its script.', {
      pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$',
      default: 'en',
    }),
    translations: {
      type: 'array',
      uniqueItems: true,
      items: str('BCP 47 language tag of a translation, e.g. zh-Hans or fr.', { pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$' }),
      description: 'Languages this brief is translated into: each has content/<brief>/translations/<lang>/ holding its chapters (same file names), an optional brief.yaml (title, subtitle, running_header, editions\' summary and changes) and optional charts/ replacing the source\'s. Each is built as <brief>-<version>.<lang>.pdf/.html.',
    },
    running_header: str('Text of the running header on every page after the cover. Default: the title.'),
    page: {
      type: 'object',
      additionalProperties: false,
      description: 'Paper size and margins of the PDF.',
      properties: {
        size: str('A4, A5, Letter, Legal, or "WIDTH HEIGHT" in mm/in (e.g. "170mm 240mm"). Default A4.', {
          pattern: '^(A3|A4|A5|B5|Letter|Legal|\\d+(\\.\\d+)?(mm|in|cm) \\d+(\\.\\d+)?(mm|in|cm))$',
        }),
        margins: str('CSS margin shorthand: 1 to 4 lengths in mm, cm or in (top right bottom left). Default "22mm 20mm 24mm". The page must leave at least 50mm × 50mm for text.', {
          pattern: '^\\d+(\\.\\d+)?(mm|cm|in)( \\d+(\\.\\d+)?(mm|cm|in)){0,3}$',
        }),
      },
    },
    footnotes: { enum: ['page', 'endnotes'], default: 'page', description: 'page: each note at the foot of the PDF page that cites it; endnotes: all notes in a Notes section. The HTML edition always has endnotes.' },
    list_of_figures: { type: 'boolean', default: false, description: 'Add a list of figures and tables after the table of contents.' },
    chapters: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Chapter files in reading order, relative to the brief\'s chapters/ folder.' },
    datasets: { type: 'object', additionalProperties: datasetEntry, description: 'Datasets by name, usable in ::table, ::chart and {{helpers}}.' },
    editions: {
      type: 'array',
      minItems: 1,
      description: 'Every edition, oldest first. The newest is the one built.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'date'],
        properties: {
          version: str('Edition number, e.g. "1.0" or "1.1" (quote it so YAML keeps it a string).', { pattern: '^\\d+(\\.\\d+){0,2}$' }),
          date: str('Publication date, YYYY-MM-DD.', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
          summary: str('One line for the revision log; required to release the edition.'),
          changes: strList('Change lines shown under the summary in the revision log.'),
        },
      },
    },
    bibliography: {
      description: 'Bibliography files the chapters cite with [@key]: BibTeX/BibLaTeX (.bib), CSL-JSON (.json) or RIS (.ris), as Zotero, Mendeley and EndNote export them; one path or a list, relative to the brief folder.',
      oneOf: [str('Path to a .bib, .json or .ris file, relative to the brief folder.'), { type: 'array', minItems: 1, items: str('Path to a .bib, .json or .ris file, relative to the brief folder.') }],
    },
    citation_style: str('CSL style of the citations: a style name from the CSL styles repository (chicago-fullnote-bibliography, chicago-note-bibliography, chicago-author-date, apa, …) or your own .csl file, relative to the brief folder.', {
      default: 'chicago-fullnote-bibliography',
    }),
    bibliography_title: {
      description: 'Title of the bibliography chapter that lists the works cited (default: "Bibliography" in the brief\'s language), or false for no bibliography chapter.',
      oneOf: [str('Title of the bibliography chapter.', { minLength: 1 }), { type: 'boolean', const: false }],
    },
    nocite: strList('Keys of works listed in the bibliography although the text never cites them; ["*"] lists every entry.'),
    limits: {
      type: 'object',
      additionalProperties: false,
      description: 'Bounds that keep a mistaken input from taking the machine; raise one when a real chart needs more.',
      properties: {
        chart_rows: limit('Most rows one ::chart may draw (after where=); 20,000 points draw in about a second.', DEFAULT_LIMITS.chart_rows),
        chart_marks: limit('Most marks (points, bars, lines, labels) one chart may draw.', DEFAULT_LIMITS.chart_marks),
      },
    },
    packs: {
      type: 'object',
      additionalProperties: false,
      required: ['by'],
      description: 'Per-country briefing packs.',
      properties: {
        by: str('dataset.column holding ISO 3166-1 alpha-2 country codes.', { pattern: '^[A-Za-z_][\\w-]*\\.[A-Za-z_]\\w*$' }),
        include: strList('Chapters every pack contains, besides those for the country.'),
      },
    },
  },
} as const;
