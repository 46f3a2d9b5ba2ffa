// Every directive of the markdown dialect: its name, its form, its attributes and what it is for.
// parse/directives.ts (known names, attributes checked without data), data/ (table and chart
// attributes) and the catalogue's hints read this list, so a new directive starts here.
// See CONTRIBUTING.md for the other places that give a directive its meaning.

/** How a directive is written: `::name` on its own line, `:::name` … `:::` around blocks, `:name[…]` in a sentence. */
export type DirectiveForm = 'leafDirective' | 'containerDirective' | 'textDirective';

export interface DirectiveSpec {
  form: DirectiveForm;
  /** What it makes, for docs and CONTRIBUTING. */
  description: string;
  /** Attribute names in the order messages list them, each with what it holds. */
  attributes: Record<string, string>;
  /** Which stage checks the attributes: `parse` needs no data; `data` checks them against the dataset. */
  checkedBy: 'parse' | 'data';
}

/** Kinds of :::callout; the first is the default. */
export const CALLOUT_KINDS = ['note', 'summary', 'warning', 'quote'];

export const DIRECTIVES = {
  table: {
    form: 'leafDirective',
    description: 'a table of a dataset’s rows, numbered across the brief',
    attributes: {
      data: 'the dataset, as named under datasets: in brief.yaml',
      columns: 'the columns to show, `column:Heading,…`',
      where: 'which rows, in the where language',
      sort: 'sort keys, `-column` for descending',
      group: 'a column whose values head groups of rows',
      caption: 'the caption',
      notes: 'a note under the table',
      flag: 'a where expression; matching rows are marked with †',
      'flag-note': 'what the † means',
      empty: 'the text shown when no row matches',
      'group-empty': 'the heading of rows without a group value',
      landscape: '`landscape=true` prints the table on landscape pages of its own; by default a table wider than the text column does, `landscape=false` forbids it',
      id: 'the target id (`#tbl-x`) for :ref',
    },
    checkedBy: 'data',
  },
  chart: {
    form: 'leafDirective',
    description: 'a Vega-Lite chart of a dataset, drawn to static SVG at build time',
    attributes: {
      spec: 'the Vega-Lite spec file, relative to the brief folder',
      data: 'the dataset, as named under datasets: in brief.yaml',
      where: 'which rows, in the where language',
      caption: 'the caption',
      alt: 'the text alternative read by screen readers',
      width: 'width in pixels',
      height: 'height in pixels',
      id: 'the target id (`#fig-x`) for :ref',
    },
    checkedBy: 'data',
  },
  figure: {
    form: 'leafDirective',
    description: 'an image from the brief folder with a caption, numbered with the charts',
    attributes: {
      src: 'the image file (PNG, JPEG, GIF, SVG or WebP), relative to the brief folder',
      caption: 'the caption',
      alt: 'the text alternative read by screen readers',
      id: 'the target id (`#fig-x`) for :ref',
    },
    checkedBy: 'parse',
  },
  callout: {
    form: 'containerDirective',
    description: `a boxed aside (kinds: ${CALLOUT_KINDS.join(', ')})`,
    attributes: { kind: `one of ${CALLOUT_KINDS.join(', ')}`, title: 'the heading of the box', keep: '`keep=true` keeps the box on one page (by default it may split between paragraphs)' },
    checkedBy: 'parse',
  },
  country: {
    form: 'containerDirective',
    description: 'prose that only one country’s pack shows',
    attributes: { code: 'the ISO 3166-1 alpha-2 code, e.g. code=IT' },
    checkedBy: 'parse',
  },
  ref: {
    form: 'textDirective',
    description: 'a cross-reference, `:ref[tbl-x]` → "Table 2"',
    attributes: {},
    checkedBy: 'parse',
  },
} satisfies Record<string, DirectiveSpec>;

export type DirectiveName = keyof typeof DIRECTIVES;

const MARKERS: Record<DirectiveForm, string> = { leafDirective: '::', containerDirective: ':::', textDirective: ':' };

/** The colons that open a directive of this form. */
export function marker(form: DirectiveForm): string {
  return MARKERS[form];
}

/** The directive of this name and form, if the dialect has one. */
export function directiveOf(name: string, form?: DirectiveForm): DirectiveSpec | undefined {
  const spec = (DIRECTIVES as Record<string, DirectiveSpec>)[name];
  return spec && (form === undefined || spec.form === form) ? spec : undefined;
}

/** Attribute names of a directive, in the order messages list them. */
export function attributesOf(name: DirectiveName): string[] {
  return Object.keys(DIRECTIVES[name].attributes);
}

/** Every directive as an author writes it: `::table, ::chart, :::callout, :::country, :ref[...]`. */
export function directiveUsages(): string {
  return Object.entries(DIRECTIVES as Record<string, DirectiveSpec>)
    .map(([name, d]) => `${marker(d.form)}${name}${d.form === 'textDirective' ? '[...]' : ''}`)
    .join(', ');
}
