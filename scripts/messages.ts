// Every user-facing message, keyed by rule id. Wording lives here only, so each
// rule can be tested with a fixture and listed in the docs.
import type { Diagnostic, Place, Severity } from './types.ts';

type Args = Record<string, string | number>;

interface Rule {
  severity: Severity;
  text: (a: Args) => string;
  hint: (a: Args) => string;
}

const rule = (severity: Severity, text: Rule['text'], hint: Rule['hint']): Rule => ({ severity, text, hint });

export const catalogue = {
  // config/ — brief.yaml
  'yaml-syntax': rule('error', (a) => `brief.yaml is not valid YAML: ${a.detail}`, () => 'fix the YAML syntax at this place (indentation, a missing colon or quote)'),
  'brief-missing': rule('error', (a) => `no brief named "${a.name}": ${a.path} does not exist`, (a) => `create ${a.path}, or run \`brief new ${a.name}\`; briefs found: ${a.found || 'none'}`),
  'brief-exists': rule('error', (a) => `${a.path} already exists: brief new ${a.name} writes nothing over it`, () => 'choose another name, or move the existing files away first'),
  'brief-name': rule('error', (a) => `"${a.name}" cannot name a brief`, () => 'use letters, digits, - and _ (it becomes the folder content/<name>/ and part of file names)'),
  'schema-unknown-key': rule('error', (a) => `unknown key "${a.key}" in ${a.where}`, (a) => `remove it or fix its spelling; allowed keys: ${a.allowed}`),
  'schema-type': rule('error', (a) => `"${a.key}" must be ${a.expected}, got ${a.actual}`, (a) => `write ${a.key} as ${a.expected}`),
  'schema-required': rule('error', (a) => `missing required key "${a.key}" in ${a.where}`, (a) => `add "${a.key}:" (${a.description})`),
  'schema-enum': rule('error', (a) => `"${a.key}" must be one of ${a.allowed}, got ${a.actual}`, (a) => `use one of ${a.allowed}`),
  'schema-pattern': rule('error', (a) => `"${a.key}" has the wrong form: ${a.actual}`, (a) => `write it as ${a.expected}`),
  'schema-empty': rule('error', (a) => `"${a.key}" must not be empty`, (a) => `add at least one entry to ${a.key}`),
  'chapter-missing': rule('error', (a) => `chapter file ${a.path} does not exist`, (a) => `create it, or remove "${a.name}" from chapters; files in chapters/: ${a.found || 'none'}`),
  'chapter-duplicate': rule('error', (a) => `chapter "${a.name}" is listed twice`, () => 'list each chapter file once'),
  'dataset-missing': rule('error', (a) => `dataset file ${a.path} does not exist`, () => 'check the path: dataset paths are relative to the project root (e.g. data/stations.csv)'),
  'path-escape': rule('error', (a) => `path "${a.path}" goes up with ../ or leaves the project root`, () => 'keep every file inside the project folder and name it with a relative path without ../'),
  'path-absolute': rule('error', (a) => `path "${a.path}" is absolute`, () => 'use a path relative to the brief folder (or, for datasets, the project root)'),
  'edition-none': rule('error', () => 'brief.yaml lists no editions', () => 'add an edition: editions: [{ version: "1.0", date: 2024-01-31, summary: "First edition." }]'),
  'edition-duplicate': rule('error', (a) => `edition ${a.version} is listed twice`, () => 'give each edition its own version'),
  'edition-order': rule('error', (a) => `edition ${a.version} is not newer than ${a.previous}`, () => 'list editions oldest first, each with a higher version and a later or equal date'),
  'date-invalid': rule('error', (a) => `"${a.value}" is not a valid date`, () => 'write dates as YYYY-MM-DD, e.g. 2022-09-12'),
  'page-content-too-small': rule('error', (a) => `page ${a.size} with margins "${a.margins}" leaves ${a.width} × ${a.height} for text (across: ${a.across}; down: ${a.down})`, (a) => `the text needs at least ${a.min} × ${a.min}: choose a larger page.size or smaller page.margins`),
  'page-too-large': rule('error', (a) => `page size "${a.size}" is larger than a PDF page can be`, (a) => `keep each side of page.size at most ${a.max} (200 in)`),
  'css-import': rule('error', (a) => `@import ${a.url} in template CSS`, () => 'copy the rules into this file: template CSS loads no other stylesheet'),
  'css-url-local': rule('warning', (a) => `url(${a.url}) in template CSS is never loaded`, () => 'template CSS is inlined into the page, so relative files are not found: inline the file as a data: URL, or put images in the markdown'),
  'template-html': rule('error', (a) => `template ${a.what} is not allowed`, () => 'templates lay out the brief; they may not run scripts, handle events or load outside resources'),

  // parse/ — chapters
  'frontmatter-syntax': rule('error', (a) => `front matter is not valid YAML: ${a.detail}`, () => 'fix the YAML between the --- lines at the top of the chapter'),
  'frontmatter-key': rule('error', (a) => `unknown front matter key "${a.key}"`, () => 'allowed keys: title, id, countries'),
  'frontmatter-type': rule('error', (a) => `front matter "${a.key}" must be ${a.expected}`, (a) => `write ${a.key} as ${a.expected}`),
  'directive-unknown': rule('error', (a) => `unknown directive "${a.name}"`, () => 'use one of ::table, ::chart, :::callout, :::country, :ref[...]; to write a literal colon before a word, escape it as \\:'),
  'directive-unclosed': rule('error', (a) => `:::${a.name} is never closed`, () => 'end the block with a line holding only ::: (as many colons as it opened with)'),
  'directive-attribute': rule('error', (a) => `::${a.name} has no attribute "${a.attribute}"`, (a) => `allowed attributes: ${a.allowed}`),
  'country-code-unknown': rule('error', (a) => `"${a.code}" is not an ISO 3166-1 alpha-2 country code, so no country pack would hold this`, () => 'write the code of a country in capitals, e.g. IT, FR, DE (the United Kingdom is GB; XX and EU name no country)'),
  'directive-attribute-missing': rule('error', (a) => `::${a.name} needs ${a.attribute}="…"`, (a) => `add ${a.attribute}="…" (${a.description})`),
  'directive-attribute-value': rule('error', (a) => `::${a.name} ${a.attribute}="${a.value}" is not valid`, (a) => `${a.expected}`),
  'callout-kind': rule('error', (a) => `callout kind "${a.kind}" is not known`, (a) => `use kind=${a.allowed}`),
  'id-duplicate': rule('error', (a) => `id "#${a.id}" is used twice`, () => 'give each table, figure and chapter its own id'),
  'heading-footnote': rule('error', () => 'a footnote reference in a heading', () => 'move the footnote into the first sentence of the section; headings feed the table of contents and PDF bookmarks'),
  'heading-order': rule('warning', (a) => `heading level jumps from ${a.from} to ${a.to}`, (a) => `use a level-${a.expected} heading here, so the outline and table of contents nest correctly`),
  'html-removed': rule('error', (a) => `raw HTML ${a.what} is not allowed`, () => 'remove it: briefs may not run scripts, handle events or load outside resources; use markdown or a directive'),
  'remote-resource': rule('error', (a) => `remote resource ${a.url}`, () => 'briefs load nothing from the network: download the file into the brief folder and use a relative path'),
  'image-missing': rule('error', (a) => `image ${a.path} does not exist`, () => 'check the path: images are relative to the brief folder'),
  'image-alt-missing': rule('warning', (a) => `image ${a.path} has no alt text`, () => 'say what the image shows between the brackets, ![like this](images/map.png), for screen readers and the tagged PDF'),
  'link-missing': rule('error', (a) => `link to ${a.path}: no such file`, () => 'check the path, or link to a heading with #id'),
  'link-javascript': rule('error', () => 'a javascript: link', () => 'link to a web page (https://…) or a #heading instead'),
  'not-utf8': rule('error', () => 'file is not valid UTF-8', () => 're-save the file as UTF-8'),
  'chapter-too-large': rule('error', (a) => `chapter is ${a.size} MB; a chapter may be at most ${a.limit} MB`, () => 'split it into several chapter files listed under chapters: in brief.yaml, or move long tables into a dataset shown with ::table'),

  'markdown-too-deep': rule('error', (a) => `${a.what} are nested ${a.depth} levels deep here; at most ${a.max} are allowed`, () => 'flatten this part: close some quotes, lists, ::: blocks or emphasis before opening new ones (the limit is fixed: deeper nesting cannot be laid out on a page)'),

  // number/ — footnotes, figures, refs
  'footnote-undefined': rule('error', (a) => `footnote [^${a.label}] is referenced but never defined`, (a) => `add a definition "[^${a.label}]: …" in any chapter, or fix the label`),
  'footnote-duplicate': rule('error', (a) => `footnote [^${a.label}] is defined twice (also at ${a.other})`, () => 'footnote labels are global to the brief: rename one of them or delete the copy'),
  'footnote-unused': rule('warning', (a) => `footnote [^${a.label}] is defined but never referenced`, (a) => `cite it with [^${a.label}] or delete the definition`),
  'ref-unknown': rule('error', (a) => `:ref[${a.id}] points at no table, figure or chapter`, (a) => `known ids: ${a.known || 'none'}`),

  // data/
  'dataset-unknown': rule('error', (a) => `unknown dataset "${a.name}"`, (a) => `declare it under datasets: in brief.yaml; known datasets: ${a.known || 'none'}`),
  'column-unknown': rule('error', (a) => `dataset "${a.dataset}" has no column "${a.column}"`, (a) => `columns: ${a.known}`),
  'csv-syntax': rule('error', (a) => `CSV cannot be read: ${a.detail}`, () => 'fix the quoting or separators on this row (RFC 4180: fields with commas or quotes are wrapped in double quotes)'),
  'csv-ragged': rule('error', (a) => `row has ${a.actual} fields, the header has ${a.expected}`, () => 'add or remove fields so every row matches the header'),
  'cell-type': rule('error', (a) => `"${a.value}" in column "${a.column}" is not ${a.expected}`, (a) => `write ${a.expected} here, or change the column type in ${a.schema}`),
  'json-dataset': rule('error', (a) => `JSON dataset is not valid: ${a.detail}`, () => 'a JSON dataset is an array of flat objects'),
  'schema-file': rule('error', (a) => `dataset schema is not valid: ${a.detail}`, () => 'a dataset schema is a JSON Schema with properties: { column: { type, enum?, format? } }'),
  'where-syntax': rule('error', (a) => `where="${a.expr}" cannot be read: ${a.detail}`, () => "write comparisons like country == 'IT' and count > 2, joined with and/or/not"),
  'helper-unknown': rule('error', (a) => `unknown helper "${a.name}"`, () => 'use one of count, distinct, sum, min, max, format, country'),
  'helper-arguments': rule('error', (a) => `{{${a.name}}} ${a.detail}`, (a) => `${a.usage}`),
  'chart-too-many-rows': rule('error', (a) => `this chart would draw ${Number(a.rows).toLocaleString('en')} rows of "${a.dataset}"; a chart may draw at most ${Number(a.max).toLocaleString('en')}`, (a) => `choose fewer rows with where="…", or aggregate them in a smaller dataset; if the chart really needs them, raise the bound in brief.yaml: limits: { chart_rows: ${a.rows} }`),
  'chart-too-many-marks': rule('error', (a) => `${a.spec} draws ${Number(a.marks).toLocaleString('en')} marks; a chart may draw at most ${Number(a.max).toLocaleString('en')}`, (a) => `aggregate in the spec (e.g. "aggregate": "count" with a binned field) or choose fewer rows with where="…"; if the chart really needs them, raise the bound in brief.yaml: limits: { chart_marks: ${a.marks} }`),
  'chart-spec-missing': rule('error', (a) => `chart spec ${a.path} does not exist`, () => 'check the path: chart specs are relative to the brief folder'),
  'chart-spec-json': rule('error', (a) => `chart spec is not valid JSON: ${a.detail}`, () => 'fix the JSON syntax'),
  'chart-spec-invalid': rule('error', (a) => `chart spec is not valid Vega-Lite: ${a.detail}`, () => 'check the spec against the Vega-Lite documentation'),
  'chart-alt-missing': rule('error', () => '::chart needs alt="…"', () => 'describe what the chart shows in one sentence, for screen readers'),
  'chart-spec-warning': rule('warning', (a) => `Vega-Lite: ${a.detail}`, () => 'the chart still renders, but may not show what you meant; adjust the spec'),
  'chart-country-unknown': rule('warning', (a) => `map ${a.spec}: "${a.code}" in column "${a.column}" is not a country on the world map`, () => 'use ISO 3166-1 alpha-2 codes such as IT or FR; rows with this code are left off the map'),
  'cell-missing': rule('error', (a) => `column "${a.column}" is required but this row leaves it empty`, (a) => `fill in the cell, or remove "${a.column}" from "required" in ${a.schema}`),
  'cell-invalid': rule('error', (a) => `"${a.value}" in column "${a.column}" ${a.detail}`, (a) => `fix the value, or change the rule for "${a.column}" in ${a.schema}`),
  'cell-more': rule('error', (a) => `${a.count} more cells in column "${a.column}" have problems`, () => 'fix the cells listed above first; the rest are probably the same mistake'),
  'schema-column-missing': rule('error', (a) => `column "${a.column}" is required by ${a.schema} but the data has no such column`, (a) => `add "${a.column}" to the data, or remove it from "required"; columns in the data: ${a.known}`),
  'schema-column-extra': rule('error', (a) => `column "${a.column}" is not declared in ${a.schema}`, (a) => `declare it under "properties" in ${a.schema}, or remove the column ("additionalProperties": false allows no others)`),
  'key-duplicate': rule('error', (a) => `two rows have the same key ${a.key} (also at line ${a.other})`, (a) => `the key (${a.columns}) must identify one row, so the revision log can tell rows apart: correct the row, or add a column to key in brief.yaml`),
  'prose-syntax': rule('error', (a) => `{{…}} cannot be read: ${a.detail}`, () => 'write data values like {{count stations}} or {{sum stations "personnel" where="country == \'IT\'"}}'),
  'prose-template': rule('error', (a) => `${a.what} is not allowed in prose`, () => 'prose takes data values only ({{count stations}}); the result is always plain text — use markdown for formatting'),

  // print/ — rendering
  'browser-missing': rule('error', (a) => `no browser to print with: ${a.detail}`, () => 'run `npm ci` (it brings a Chromium), or set BRIEF_CHROME=/path/to/chrome'),
  'browser-failed': rule('error', (a) => `the browser failed on ${a.document}: ${a.detail}`, () => 'run again with --verbose; if it persists, set BRIEF_CHROME to another Chromium'),
  'request-blocked': rule('warning', (a) => `the renderer refused ${a.url}`, () => 'briefs load only files inside the project folder'),
  'page-overflow': rule('warning', (a) => `page ${a.page} of ${a.document}: a block taller than the page was cut off`, () => 'shorten it, or split it (a table splits between rows, a callout between paragraphs; a figure or a single row never splits)'),

  // packs/ — per-country briefing packs
  'packs-none': rule('error', () => 'brief.yaml has no packs: section', () => 'add packs: { by: dataset.column, include: [introduction.md] }, naming the column that holds ISO 3166-1 alpha-2 codes'),
  'pack-country-unknown': rule('error', (a) => `no pack for "${a.code}": ${a.by} has no rows for it`, (a) => `choose from the countries in the data: ${a.valid || 'none'}`),
  'pack-code-invalid': rule('error', (a) => `"${a.code}" in ${a.by} is not an ISO 3166-1 alpha-2 country code, so it gets no pack`, () => 'write the code of a country, e.g. IT or FR (ISO 3166-1 alpha-2, capitals)'),
  'pack-failed': rule('error', (a) => `pack ${a.code} (${a.country}) failed: ${a.detail}`, () => 'the other packs were written; run again with --country and --verbose to see more'),
  'shard-missing': rule('error', (a) => `shard index ${a.file} is missing (found ${a.found || 'none'})`, (a) => `run \`brief packs ${a.brief} --shard ${a.shard}\` and copy its packs/ folder here, then merge again`),
  'shard-mismatch': rule('error', (a) => `shard index ${a.file} ${a.detail}`, () => 'merge shard indexes of one edition and one split only: delete the stale files and render the shards again'),

  // edition/ — release, verify, diff
  'release-exists': rule('error', (a) => `edition ${a.version} is already released (${a.dir})`, (a) => `a release is never changed: add a newer edition to ${a.file} (version, date, summary, changes) and release that`),
  'release-not-newer': rule('error', (a) => `edition ${a.version} is not newer than the last release, ${a.last}`, (a) => `give the edition a version above ${a.last}, or add a new edition after it`),
  'release-summary-missing': rule('error', (a) => `edition ${a.version} has no summary`, () => 'add summary: "…" to the edition: one line saying what it is or what changed; it heads the revision log'),
  'release-version-not-newest': rule('error', (a) => `--version ${a.requested} is not the newest edition in brief.yaml (${a.newest})`, (a) => `release builds the newest edition only: run \`brief release ${a.brief}\` to release ${a.newest}, or add ${a.requested} as the last edition`),
  'release-sources-changed': rule('error', (a) => `${a.file} changed while the release was being built`, () => 'run the release again once nothing is editing the sources'),
  'release-manifest-invalid': rule('error', (a) => `manifest.json cannot be read: ${a.detail}`, () => 'restore the release folder from version control (git checkout -- releases/); releases are never edited by hand'),
  'release-file-modified': rule('error', (a) => `released file ${a.path} does not match its manifest: ${a.detail}`, () => 'released files are never changed: restore it from version control (git checkout -- <file>), and put the change in a new edition'),
  'release-file-missing': rule('error', (a) => `released file ${a.path} is missing`, () => 'restore it from version control (git checkout -- <file>)'),
  'release-file-extra': rule('error', (a) => `${a.path} is not part of the release (not in its manifest)`, () => 'remove it: a release folder holds only what `brief release` wrote'),
  'release-tampered': rule('error', (a) => `release ${a.version} was changed after it was archived: ${a.detail}; it is not used to ${a.use}`, (a) => `restore releases/${a.brief}/${a.version}/ from version control (git checkout -- releases/${a.brief}/${a.version}); \`brief verify ${a.brief}\` lists every changed file`),
  'diff-version-unknown': rule('error', (a) => `no release ${a.version} of ${a.brief}`, (a) => `released versions: ${a.known || 'none'}; use "draft" for the working sources`),

  // cli
  'usage': rule('error', (a) => `${a.detail}`, () => 'run `brief --help` for the commands and their options'),
} satisfies Record<string, Rule>;

export type RuleId = keyof typeof catalogue;

/** Collects located diagnostics until a stage ends, so authors see every problem at once. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(place: Place, rule: RuleId, args: Args = {}, related: Place[] = []): void {
    const r: Rule = catalogue[rule];
    this.diagnostics.push({ ...place, rule, severity: r.severity, message: r.text(args), hint: r.hint(args), related });
  }

  get errors(): Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === 'error');
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

/** `file:line:col: severity message [rule]` then the hint, like a compiler. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.rule}]\n  ${d.hint}`;
}

/** Thrown only to stop a stage when continuing makes no sense; carries what was collected. */
export class UserError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
  }
}

/** A rendering or browser failure (exit code 3), not the author's fault. */
export class RenderError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
  }
}
