// Every user-facing message, keyed by rule id. Wording lives here only, so each
// rule can be tested with a fixture and listed in the docs.
import type { Diagnostic, Place, Severity } from './types.ts';
import { directiveUsages } from './directives.ts';

type Arg = string | number;

/** The arguments a rule reads: K always, O when the case needs it. */
type Args<K extends string, O extends string> = Record<K, Arg> & Partial<Record<O, Arg>>;

interface Rule<K extends string, O extends string = never> {
  severity: Severity;
  text: (a: Args<K, O>) => string;
  hint: (a: Args<K, O>) => string;
}

/** A rule whose message and hint read the arguments named K (and O when given): `report` is checked against them by tsc. */
const rule = <K extends string = never, O extends string = never>(severity: Severity, text: Rule<K, O>['text'], hint: Rule<K, O>['hint']): Rule<K, O> => ({ severity, text, hint });

/** How BRIEF_CHROME can fail to name a program (rule browser-program; the rule reference shows <problem>). */
export type ProgramProblem = 'missing' | 'folder' | 'not-file' | 'not-executable' | 'interpreter';
const programProblems: Record<ProgramProblem, (a: Partial<Record<'interpreter', Arg>>) => string> = {
  missing: () => 'does not exist',
  folder: () => 'is a folder, not a program',
  'not-file': () => 'is not a regular file',
  'not-executable': () => 'is not executable (chmod +x it, if it is the browser)',
  interpreter: (a) => `is a script whose interpreter ${a.interpreter} cannot be run`,
};

/** Why a file could not be written (rule write-denied): the cause's wording and what to do; the rule reference shows <cause>. */
export type WriteCause = 'denied' | 'read-only' | 'not-folder' | 'is-folder' | 'other';
type WriteArgs = Partial<Record<'blocker' | 'code', Arg>>;
const writeCauses: Record<WriteCause, { text: (a: WriteArgs) => string; hint: (a: WriteArgs) => string }> = {
  denied: { text: (a) => `permission denied on ${a.blocker}`, hint: (a) => `give yourself write permission on ${a.blocker} (or, if it is marked immutable, lift that with chattr -i), then run again` },
  'read-only': { text: (a) => `${a.blocker} is on a read-only file system`, hint: () => 'remount the disk read-write, or run from a copy of the project on a writable disk' },
  'not-folder': { text: (a) => `${a.blocker} is a file, not a folder`, hint: (a) => `move or delete the file ${a.blocker}: a folder of that name goes there` },
  'is-folder': { text: () => 'a folder of that name is in the way', hint: (a) => `move or delete the folder ${a.blocker}` },
  other: { text: (a) => `${a.code}`, hint: () => 'check that the folder exists and nothing else is changing it, then run again' },
};

/** Why a where="…" cannot be read (rule where-syntax): data/where.ts names the problem, the wording is here; the rule reference shows <problem>. */
export type WhereSyntax =
  | 'string-unclosed' | 'operator-foreign' | 'character-unexpected' | 'empty' | 'too-deep' | 'too-many-terms' | 'paren-unclosed' | 'list-unclosed' | 'list-column'
  | 'expected-end' | 'expected-paren' | 'expected-operand' | 'expected-value' | 'expected-list' | 'expected-list-value' | 'expected-list-separator';
/** `got`: the token found instead, as written; absent at the end of the expression. */
export type WhereSyntaxArgs = Partial<Record<'char' | 'column' | 'got' | 'max' | 'op' | 'quote', Arg>>;
const got = (a: WhereSyntaxArgs) => (a.got === undefined ? 'the end' : `"${a.got}"`);
// Operators authors bring from other languages, with what to write instead.
const foreignOperators = {
  '=~': 'there is no pattern matching; compare with == or list values with in [...]',
  '!~': 'there is no pattern matching; compare with != or use not in [...]',
  '===': 'write ==',
  '!==': 'write !=',
  '<>': 'write !=',
  '=>': 'write >=',
  '=<': 'write <=',
  '&&': 'write and',
  '||': 'write or',
  '=': 'write == to compare',
  '!': 'write not',
  '&': 'write and',
  '|': 'write or',
};
export const FOREIGN_OPERATORS: ReadonlySet<string> = new Set(Object.keys(foreignOperators));
const whereProblems: Record<WhereSyntax, (a: WhereSyntaxArgs) => string> = {
  'string-unclosed': (a) => `the string starting here is never closed: add a closing ${a.quote}`,
  'operator-foreign': (a) => `unknown operator "${a.op}": ${foreignOperators[a.op as keyof typeof foreignOperators]}`,
  'character-unexpected': (a) => `unexpected character "${a.char}"`,
  empty: () => 'the expression is empty',
  'too-deep': (a) => `more than ${a.max} levels of ( and not are nested here (a fixed limit)`,
  'too-many-terms': (a) => `more than ${a.max} conditions are joined with and/or (a fixed limit); test one column against many values with in [...]`,
  'paren-unclosed': () => 'this ( is never closed: add a )',
  'list-unclosed': () => 'this [ is never closed: add a ]',
  'list-column': (a) => `a list holds values, not columns: quote it as '${a.column}'`,
  'expected-end': (a) => `expected and, or, or the end of the expression, got ${got(a)}`,
  'expected-paren': (a) => `expected ), got ${got(a)}`,
  'expected-operand': (a) => `expected a column, value or (, got ${got(a)}`,
  'expected-value': (a) => `expected a value after ${a.op}, got ${got(a)}`,
  'expected-list': (a) => `expected a list after in, like ['IT', 'FR'], got ${got(a)}`,
  'expected-list-value': (a) => `expected a value in the list, got ${got(a)}`,
  'expected-list-separator': (a) => `expected , or ] in the list, got ${got(a)}`,
};

export const catalogue = {
  // config/ — brief.yaml
  'yaml-syntax': rule<'detail'>('error', (a) => `brief.yaml is not valid YAML: ${a.detail}`, () => 'fix the YAML syntax at this place (indentation, a missing colon or quote)'),
  'brief-missing': rule<'found' | 'name' | 'path'>('error', (a) => `no brief named "${a.name}": ${a.path} does not exist`, (a) => `create ${a.path}, or run \`brief new ${a.name}\`; briefs found: ${a.found || 'none'}`),
  'brief-exists': rule<'name' | 'path'>('error', (a) => `${a.path} already exists: brief new ${a.name} writes nothing over it`, () => 'choose another name, or move the existing files away first'),
  'brief-name': rule<'name'>('error', (a) => `"${a.name}" cannot name a brief`, () => 'use letters, digits, - and _ (it becomes the folder content/<name>/ and part of file names)'),
  'schema-unknown-key': rule<'allowed' | 'key' | 'where'>('error', (a) => `unknown key "${a.key}" in ${a.where}`, (a) => `remove it or fix its spelling; allowed keys: ${a.allowed}`),
  'schema-type': rule<'actual' | 'expected' | 'key'>('error', (a) => `"${a.key}" must be ${a.expected}, got ${a.actual}`, (a) => `write ${a.key} as ${a.expected}`),
  'schema-required': rule<'description' | 'key' | 'where'>('error', (a) => `missing required key "${a.key}" in ${a.where}`, (a) => `add "${a.key}:" (${a.description})`),
  'schema-enum': rule<'actual' | 'allowed' | 'key'>('error', (a) => `"${a.key}" must be one of ${a.allowed}, got ${a.actual}`, (a) => `use one of ${a.allowed}`),
  'schema-pattern': rule<'actual' | 'expected' | 'key'>('error', (a) => `"${a.key}" has the wrong form: ${a.actual}`, (a) => `write it as ${a.expected}`),
  'language-unknown': rule<'known' | 'language'>('error', (a) => `language "${a.language}" is not one briefkit can write a document in`, (a) => `use a BCP 47 tag of a language with a catalogue (${a.known}), e.g. fr or zh-Hant; a translator adds a language as scripts/words/locales/<lang>.json`),
  'schema-empty': rule<'key'>('error', (a) => `"${a.key}" must not be empty`, (a) => `add at least one entry to ${a.key}`),
  'chapter-missing': rule<'found' | 'name' | 'path'>('error', (a) => `chapter file ${a.path} does not exist`, (a) => `create it, or remove "${a.name}" from chapters; files in chapters/: ${a.found || 'none'}`),
  'chapter-duplicate': rule<'name'>('error', (a) => `chapter "${a.name}" is listed twice`, () => 'list each chapter file once'),
  'dataset-missing': rule<'path'>('error', (a) => `dataset file ${a.path} does not exist`, () => 'check the path: dataset paths are relative to the project root (e.g. data/stations.csv)'),
  'path-escape': rule<'path'>('error', (a) => `path "${a.path}" goes up with ../ or leaves the project root`, () => 'keep every file inside the project folder and name it with a relative path without ../'),
  'path-absolute': rule<'path'>('error', (a) => `path "${a.path}" is absolute`, () => 'use a path relative to the brief folder (or, for datasets, the project root)'),
  'edition-none': rule<never>('error', () => 'brief.yaml lists no editions', () => 'add an edition: editions: [{ version: "1.0", date: 2024-01-31, summary: "First edition." }]'),
  'edition-duplicate': rule<'version'>('error', (a) => `edition ${a.version} is listed twice`, () => 'give each edition its own version'),
  'edition-order': rule<'previous' | 'version'>('error', (a) => `edition ${a.version} is not newer than ${a.previous}`, () => 'list editions oldest first, each with a higher version and a later or equal date'),
  'date-invalid': rule<'value'>('error', (a) => `"${a.value}" is not a valid date`, () => 'write dates as YYYY-MM-DD, e.g. 2022-09-12'),
  'page-content-too-small': rule<'across' | 'down' | 'height' | 'margins' | 'min' | 'size' | 'width'>('error', (a) => `page ${a.size} with margins "${a.margins}" leaves ${a.width} × ${a.height} for text (across: ${a.across}; down: ${a.down})`, (a) => `the text needs at least ${a.min} × ${a.min}: choose a larger page.size or smaller page.margins`),
  'page-too-large': rule<'max' | 'size'>('error', (a) => `page size "${a.size}" is larger than a PDF page can be`, (a) => `keep each side of page.size at most ${a.max} (200 in)`),
  'css-import': rule<'url'>('error', (a) => `@import ${a.url} in template CSS`, () => 'copy the rules into this file: template CSS loads no other stylesheet'),
  'css-url-local': rule<'url'>('warning', (a) => `url(${a.url}) in template CSS is never loaded`, () => 'template CSS is inlined into the page, so relative files are not found: inline the file as a data: URL, or put images in the markdown'),
  'template-html': rule<'what'>('error', (a) => `template ${a.what} is not allowed`, () => 'templates lay out the brief; they may not run scripts, handle events or load outside resources'),

  // parse/ — chapters
  'frontmatter-syntax': rule<'detail'>('error', (a) => `front matter is not valid YAML: ${a.detail}`, () => 'fix the YAML between the --- lines at the top of the chapter'),
  'frontmatter-key': rule<'key'>('error', (a) => `unknown front matter key "${a.key}"`, () => 'allowed keys: title, id, countries; in a translated chapter also source and paragraphs (written by `brief translate mark`)'),
  'frontmatter-type': rule<'expected' | 'key'>('error', (a) => `front matter "${a.key}" must be ${a.expected}`, (a) => `write ${a.key} as ${a.expected}`),
  'directive-unknown': rule<'name'>('error', (a) => `unknown directive "${a.name}"`, () => `use one of ${directiveUsages()}; to write a literal colon before a word, escape it as \\:`),
  'directive-unclosed': rule<'name'>('error', (a) => `:::${a.name} is never closed`, () => 'end the block with a line holding only ::: (as many colons as it opened with)'),
  'directive-attribute': rule<'allowed' | 'attribute' | 'name'>('error', (a) => `::${a.name} has no attribute "${a.attribute}"`, (a) => `allowed attributes: ${a.allowed}`),
  'country-code-unknown': rule<'code'>('error', (a) => `"${a.code}" is not an ISO 3166-1 alpha-2 country code, so no country pack would hold this`, () => 'write the code of a country in capitals, e.g. IT, FR, DE (the United Kingdom is GB; XX and EU name no country)'),
  'directive-attribute-missing': rule<'attribute' | 'description' | 'name'>('error', (a) => `::${a.name} needs ${a.attribute}="…"`, (a) => `add ${a.attribute}="…" (${a.description})`),
  'directive-attribute-value': rule<'attribute' | 'expected' | 'name' | 'value'>('error', (a) => `::${a.name} ${a.attribute}="${a.value}" is not valid`, (a) => `${a.expected}`),
  'callout-kind': rule<'allowed' | 'kind'>('error', (a) => `callout kind "${a.kind}" is not known`, (a) => `use kind=${a.allowed}`),
  'id-duplicate': rule<'id'>('error', (a) => `id "#${a.id}" is used twice`, () => 'give each table, figure and chapter its own id'),
  'heading-footnote': rule<never>('error', () => 'a footnote reference in a heading', () => 'move the footnote into the first sentence of the section; headings feed the table of contents and PDF bookmarks'),
  'heading-order': rule<'expected' | 'from' | 'to'>('warning', (a) => `heading level jumps from ${a.from} to ${a.to}`, (a) => `use a level-${a.expected} heading here, so the outline and table of contents nest correctly`),
  'html-removed': rule<'what'>('error', (a) => `raw HTML ${a.what} is not allowed`, () => 'remove it: briefs may not run scripts, handle events or load outside resources; use markdown or a directive'),
  'remote-resource': rule<'url'>('error', (a) => `remote resource ${a.url}`, () => 'briefs load nothing from the network: download the file into the brief folder and use a relative path'),
  'image-missing': rule<'path'>('error', (a) => `image ${a.path} does not exist`, () => 'check the path: images are relative to the brief folder'),
  'figure-alt-missing': rule<never>('error', () => '::figure needs alt="…"', () => 'say in a sentence what the image shows, for screen readers and the tagged PDF: ::figure{src=images/map.png alt="…" caption="…"}'),
  'image-alt-missing': rule<'path'>('warning', (a) => `image ${a.path} has no alt text`, () => 'say what the image shows between the brackets, ![like this](images/map.png), for screen readers and the tagged PDF'),
  'link-missing': rule<'path'>('error', (a) => `link to ${a.path}: no such file`, () => 'check the path, or link to a heading with #id'),
  'link-scheme': rule<'url'>('error', (a) => `a link to ${a.url}, which a reader's browser cannot or may not open`, () => 'link to a web page (https://…), an e-mail address (mailto:), a phone (tel:), a #heading, or a file inside the brief folder by its relative path'),
  'link-javascript': rule<never>('error', () => 'a javascript: link', () => 'link to a web page (https://…) or a #heading instead'),
  'not-utf8': rule<never>('error', () => 'file is not valid UTF-8', () => 're-save the file as UTF-8'),
  'chapter-too-large': rule<'limit' | 'size'>('error', (a) => `chapter is ${a.size} MB; a chapter may be at most ${a.limit} MB`, () => 'split it into several chapter files listed under chapters: in brief.yaml, or move long tables into a dataset shown with ::table'),
  'markdown-too-deep': rule<'depth' | 'max' | 'what'>('error', (a) => `${a.what} are nested ${a.depth} levels deep here; at most ${a.max} are allowed`, () => 'flatten this part: close some quotes, lists, ::: blocks or emphasis before opening new ones (the limit is fixed: deeper nesting cannot be laid out on a page)'),

  // number/ — footnotes, figures, refs
  'footnote-undefined': rule<'label'>('error', (a) => `footnote [^${a.label}] is referenced but never defined`, (a) => `add a definition "[^${a.label}]: …" in any chapter, or fix the label`),
  'footnote-duplicate': rule<'label' | 'other'>('error', (a) => `footnote [^${a.label}] is defined twice (also at ${a.other})`, () => 'footnote labels are global to the brief: rename one of them or delete the copy'),
  'footnote-unused': rule<'label'>('warning', (a) => `footnote [^${a.label}] is defined but never referenced`, (a) => `cite it with [^${a.label}] or delete the definition`),
  'ref-unknown': rule<'id' | 'known'>('error', (a) => `:ref[${a.id}] points at no table, figure or chapter`, (a) => `known ids: ${a.known || 'none'}`),

  // cite/ — bibliography and citations
  'bib-missing': rule<'path'>('error', (a) => `bibliography file ${a.path} does not exist`, () => 'check the path: bibliography files are relative to the brief folder (e.g. references.bib)'),
  'bib-format': rule<'path'>('error', (a) => `${a.path} is not a bibliography format briefkit reads`, () => 'export the library as BibTeX/BibLaTeX (.bib), CSL-JSON (.json) or RIS (.ris)'),
  'bib-syntax': rule<'detail' | 'format'>('error', (a) => `${a.format} cannot be read: ${a.detail}`, () => 'fix the entry at or just before this place (a brace or quote left open runs on into the next entry), or export the library again from the reference manager'),
  'cite-key-duplicate': rule<'key' | 'other'>('error', (a) => `citation key "${a.key}" is defined twice (also at ${a.other})`, () => 'keys are global to the brief: rename one entry, or delete the copy from one of the files'),
  'cite-unknown': rule<'closest' | 'files' | 'key'>('error', (a) => `@${a.key} is not in the bibliography`, (a) => (a.closest ? `did you mean ${a.closest}? Fix the key, or add the work to ${a.files}` : `add the work to ${a.files}, or fix the key`)),
  'cite-unused': rule<'key'>('warning', (a) => `bibliography entry "${a.key}" is never cited`, (a) => `cite it with [@${a.key}], list it under nocite: in brief.yaml, or delete it`),
  'csl-style-unknown': rule<'closest' | 'name'>('error', (a) => `no citation style named "${a.name}"`, (a) => `use a style of the CSL styles repository${a.closest ? `, e.g. ${a.closest}` : ''}, or a .csl file of your own (citation_style: styles/house.csl)`),
  'csl-missing': rule<'path'>('error', (a) => `citation style file ${a.path} does not exist`, () => 'check the path: a .csl file is relative to the brief folder'),
  'csl-invalid': rule<'detail' | 'path'>('error', (a) => `${a.path} is not a CSL style: ${a.detail}`, () => 'a .csl file is the XML of a Citation Style Language 1.0 style, <style xmlns="http://purl.org/net/xbiblio/csl" class="note|in-text" …>; download one from the Zotero style repository or export it from the visual editor'),

  // data/
  'dataset-unknown': rule<'known' | 'name'>('error', (a) => `unknown dataset "${a.name}"`, (a) => `declare it under datasets: in brief.yaml; known datasets: ${a.known || 'none'}`),
  'column-unknown': rule<'column' | 'dataset' | 'known'>('error', (a) => `dataset "${a.dataset}" has no column "${a.column}"`, (a) => `columns: ${a.known}`),
  'column-format': rule<'column' | 'format' | 'max'>('error', (a) => `"${a.format}" is not a number format (column "${a.column}")`, (a) => `write 0 or #,##0 (thousands grouped), then .0 … for exactly that many decimals (at most ${a.max}), % right after the digits for a fraction shown as a percentage, and a unit if you like: fert:Fertility:0.00, pop:Population:#,##0, share:Share:0.0%, dist:Distance:0.0 km`),
  'column-format-type': rule<'column' | 'format' | 'type'>('error', (a) => `column "${a.column}" holds ${a.type} values, so number format "${a.format}" cannot apply`, (a) => `drop :${a.format} from this column, or type "${a.column}" as number in the dataset's schema`),
  'csv-syntax': rule<'detail'>('error', (a) => `CSV cannot be read: ${a.detail}`, () => 'fix the quoting or separators on this row (RFC 4180: fields with commas or quotes are wrapped in double quotes)'),
  'csv-ragged': rule<'actual' | 'expected'>('error', (a) => `row has ${a.actual} fields, the header has ${a.expected}`, () => 'add or remove fields so every row matches the header'),
  'cell-type': rule<'column' | 'expected' | 'schema' | 'value'>('error', (a) => `"${a.value}" in column "${a.column}" is not ${a.expected}`, (a) => `write ${a.expected} here, or change the column type in ${a.schema}`),
  'json-dataset': rule<'detail'>('error', (a) => `JSON dataset is not valid: ${a.detail}`, () => 'a JSON dataset is an array of flat objects'),
  'schema-file': rule<'detail'>('error', (a) => `dataset schema is not valid: ${a.detail}`, () => 'a dataset schema is a JSON Schema with properties: { column: { type, enum?, format? } }'),
  'where-syntax': rule<'expr' | 'problem', 'char' | 'column' | 'got' | 'max' | 'op' | 'quote'>('error', (a) => `where="${a.expr}" cannot be read: ${whereProblems[a.problem as WhereSyntax]?.(a) ?? a.problem}`, () => "write comparisons like country == 'IT' and count > 2, joined with and/or/not"),
  'helper-unknown': rule<'name'>('error', (a) => `unknown helper "${a.name}"`, () => 'use one of count, distinct, sum, min, max, format, country, plural, select'),
  'helper-arguments': rule<'detail' | 'name' | 'usage'>('error', (a) => `{{${a.name}}} ${a.detail}`, (a) => `${a.usage}`),
  'chart-too-many-rows': rule<'dataset' | 'max' | 'rows'>('error', (a) => `this chart would draw ${Number(a.rows).toLocaleString('en')} rows of "${a.dataset}"; a chart may draw at most ${Number(a.max).toLocaleString('en')}`, (a) => `choose fewer rows with where="…", or aggregate them in a smaller dataset; if the chart really needs them, raise the bound in brief.yaml: limits: { chart_rows: ${a.rows} }`),
  'chart-too-many-marks': rule<'marks' | 'max' | 'spec'>('error', (a) => `${a.spec} draws ${Number(a.marks).toLocaleString('en')} marks; a chart may draw at most ${Number(a.max).toLocaleString('en')}`, (a) => `aggregate in the spec (e.g. "aggregate": "count" with a binned field) or choose fewer rows with where="…"; if the chart really needs them, raise the bound in brief.yaml: limits: { chart_marks: ${a.marks} }`),
  'chart-spec-missing': rule<'path'>('error', (a) => `chart spec ${a.path} does not exist`, () => 'check the path: chart specs are relative to the brief folder'),
  'chart-spec-json': rule<'detail'>('error', (a) => `chart spec is not valid JSON: ${a.detail}`, () => 'fix the JSON syntax'),
  'chart-spec-invalid': rule<'detail'>('error', (a) => `chart spec is not valid Vega-Lite: ${a.detail}`, () => 'check the spec against the Vega-Lite documentation'),
  'chart-alt-missing': rule<never>('error', () => '::chart needs alt="…"', () => 'describe what the chart shows in one sentence, for screen readers'),
  'chart-spec-warning': rule<'detail'>('warning', (a) => `Vega-Lite: ${a.detail}`, () => 'the chart still renders, but may not show what you meant; adjust the spec'),
  'chart-country-unknown': rule<'code' | 'column' | 'spec'>('warning', (a) => `map ${a.spec}: "${a.code}" in column "${a.column}" is not a country on the world map`, () => 'use ISO 3166-1 alpha-2 codes such as IT or FR; rows with this code are left off the map'),
  'cell-missing': rule<'column' | 'schema'>('error', (a) => `column "${a.column}" is required but this row leaves it empty`, (a) => `fill in the cell, or remove "${a.column}" from "required" in ${a.schema}`),
  'cell-invalid': rule<'column' | 'detail' | 'schema' | 'value'>('error', (a) => `"${a.value}" in column "${a.column}" ${a.detail}`, (a) => `fix the value, or change the rule for "${a.column}" in ${a.schema}`),
  'cell-more': rule<'column' | 'count'>('error', (a) => `${a.count} more cells in column "${a.column}" have problems`, () => 'fix the cells listed above first; the rest are probably the same mistake'),
  'schema-column-missing': rule<'column' | 'known' | 'schema'>('error', (a) => `column "${a.column}" is required by ${a.schema} but the data has no such column`, (a) => `add "${a.column}" to the data, or remove it from "required"; columns in the data: ${a.known}`),
  'schema-column-extra': rule<'column' | 'schema'>('error', (a) => `column "${a.column}" is not declared in ${a.schema}`, (a) => `declare it under "properties" in ${a.schema}, or remove the column ("additionalProperties": false allows no others)`),
  'key-duplicate': rule<'columns' | 'key' | 'other'>('error', (a) => `two rows have the same key ${a.key} (also at line ${a.other})`, (a) => `the key (${a.columns}) must identify one row, so the revision log can tell rows apart: correct the row, or add a column to key in brief.yaml`),
  'template-word-unknown': rule<'key'>('error', (a) => `{{t "${a.key}"}} names no word of the catalogue`, () => 'use a key of scripts/words/locales/en.json, such as contents, revisionLog or editionDated (its arguments as version=… date=…)'),
  'plural-other-missing': rule<'forms' | 'name'>('error', (a) => `{{${a.name}}} has no other="…" form`, (a) => (a.name === 'plural' ? `add other="…", the form for every count the others do not take (in this language: ${a.forms}), e.g. {{plural (count stations) one="# station" other="# stations"}}` : 'add other="…", the text for any value the other options do not name')),
  'prose-syntax': rule<'detail'>('error', (a) => `{{…}} cannot be read: ${a.detail}`, () => 'write data values like {{count stations}} or {{sum stations "personnel" where="country == \'IT\'"}}'),
  'prose-template': rule<'what'>('error', (a) => `${a.what} is not allowed in prose`, () => 'prose takes data values only ({{count stations}}); the result is always plain text — use markdown for formatting'),

  // print/ — rendering
  'browser-missing': rule<'detail'>('error', (a) => `no browser to print with: ${a.detail}`, () => 'run `npm ci` (it brings a Chromium), or set BRIEF_CHROME=/path/to/chrome'),
  'browser-failed': rule<'detail' | 'document'>('error', (a) => `the browser failed on ${a.document}: ${a.detail}`, () => 'run again with --verbose; if it persists, set BRIEF_CHROME to another Chromium'),
  'browser-program': rule<'path' | 'problem', 'interpreter'>('error', (a) => `BRIEF_CHROME=${a.path} ${programProblems[a.problem as ProgramProblem]?.(a) ?? a.problem}`, () => 'set BRIEF_CHROME to the Chromium or Chrome program itself (e.g. /usr/bin/chromium), or unset it to print with the bundled Chromium'),
  'browser-launch': rule<'detail' | 'program'>('error', (a) => `the browser ${a.program} did not start: ${a.detail}`, (a) => `run \`${a.program} --headless --dump-dom about:blank\` to see why it does not start; BRIEF_CHROME must name a Chromium or Chrome (unset it to use the bundled one, which \`npm ci\` restores)`),
  'browser-timeout': rule<'program' | 'seconds'>('error', (a) => `the browser ${a.program} did not answer within ${a.seconds} s of starting, so it was stopped`, () => 'check that BRIEF_CHROME (if set) names a Chromium or Chrome; if the machine is only slow, allow more time with `brief build --timeout <seconds>`'),
  'request-blocked': rule<'url'>('warning', (a) => `the renderer refused ${a.url}`, () => 'briefs load only files inside the project folder'),
  'page-overflow': rule<'document' | 'kind' | 'page' | 'what'>('warning', (a) => `${a.what} on page ${a.page} of ${a.document}`, (a) =>
    a.kind === 'wide'
      ? 'shorten its long words or URLs, or give the table fewer columns (it was already set in type down to 60 %)'
      : 'shorten it, or split it into smaller blocks (a figure, or a block with break-inside: avoid, never splits)'),
  'glyph-missing': rule<'chars'>('warning', (a) => `no embedded font has a glyph for ${a.chars}: it would print as an empty box`, () => 'write the character another way (a word, or a common equivalent); the PDF embeds Noto Serif and Noto Sans, with Simplified Chinese'),

  // write.ts — output/, releases/, packs
  'write-denied': rule<'cause' | 'folder' | 'path', 'blocker' | 'code'>('error', (a) => `cannot write ${a.path}: ${writeCauses[a.cause as WriteCause]?.text(a) ?? a.cause}`, (a) => `${writeCauses[a.cause as WriteCause]?.hint(a) ?? `make ${a.folder} a folder you can write to`}; nothing was half-written`),
  'disk-full': rule<'folder' | 'path'>('error', (a) => `disk full while writing ${a.path}`, (a) => `free space on the disk that holds ${a.folder}, then run again; nothing was half-written`),

  // packs/ — per-country briefing packs
  'packs-none': rule<never>('error', () => 'brief.yaml has no packs: section', () => 'add packs: { by: dataset.column, include: [introduction.md] }, naming the column that holds ISO 3166-1 alpha-2 codes'),
  'pack-country-unknown': rule<'by' | 'code' | 'valid'>('error', (a) => `no pack for "${a.code}": ${a.by} has no rows for it`, (a) => `choose from the countries in the data: ${a.valid || 'none'}`),
  'pack-code-invalid': rule<'by' | 'code'>('error', (a) => `"${a.code}" in ${a.by} is not an ISO 3166-1 alpha-2 country code, so it gets no pack`, () => 'write the code of a country, e.g. IT or FR (ISO 3166-1 alpha-2, capitals)'),
  'pack-failed': rule<'code' | 'country' | 'detail'>('error', (a) => `pack ${a.code} (${a.country}) failed: ${a.detail}`, () => 'the other packs were written; run again with --country and --verbose to see more'),
  'shard-missing': rule<'brief' | 'file' | 'found' | 'shard'>('error', (a) => `shard index ${a.file} is missing (found ${a.found || 'none'})`, (a) => `run \`brief packs ${a.brief} --shard ${a.shard}\` and copy its packs/ folder here, then merge again`),
  'shard-mismatch': rule<'detail' | 'file'>('error', (a) => `shard index ${a.file} ${a.detail}`, () => 'merge shard indexes of one edition and one split only: delete the stale files and render the shards again'),

  // translate/ — translated editions
  'translation-unlisted': rule<'brief' | 'dir' | 'language' | 'listed'>('error', (a) => `${a.dir} holds a ${a.language} translation, but ${a.brief} does not list ${a.language} under translations:`, (a) => `add ${a.language} to translations: in brief.yaml (listed now: ${a.listed || 'none'}), or rename the folder to the language it holds`),
  'translation-missing': rule<'chapter' | 'language' | 'path'>('warning', (a) => `${a.chapter} has no ${a.language} translation (${a.path}); the ${a.language} edition prints the source chapter`, (a) => `translate it into ${a.path} (same file name) and run \`brief translate mark\`; to print it untranslated in drafts without this warning, list it under untranslated: in that folder's brief.yaml. A release needs every chapter translated`),
  'translation-footnote-missing': rule<'label' | 'source' | 'translation'>('error', (a) => `footnote [^${a.label}] of ${a.source} is not defined in its translation ${a.translation}`, (a) => `add "[^${a.label}]: …" to ${a.translation} and cite it where the source does: every language has the same notes, so note numbers match`),
  'translation-footnote-extra': rule<'label' | 'source' | 'translation'>('error', (a) => `footnote [^${a.label}] in ${a.translation} is not in its source chapter ${a.source}`, (a) => `use the source's labels in the translation (rename or remove [^${a.label}]); a new note goes into the source first`),
  'translation-footnote-order': rule<'before' | 'label' | 'source'>('error', (a) => `footnote [^${a.label}] is cited here before [^${a.before}], which ${a.source} cites first: notes are numbered by first citation, so their numbers would differ between languages`, (a) => `cite [^${a.before}] before [^${a.label}], as the source does (move the reference to the sentence that carries it), so each note keeps its number in every language`),
  'translation-stale': rule<'changed' | 'mark' | 'source' | 'was'>('warning', (a) => `${a.source} changed since this translation was marked (source ${a.was}): ${a.changed}`, (a) => `bring the translation up to date with those paragraphs, then run \`${a.mark}\``),

  // edition/ — release, verify, diff
  'release-exists': rule<'dir' | 'file' | 'version'>('error', (a) => `edition ${a.version} is already released (${a.dir})`, (a) => `a release is never changed: add a newer edition to ${a.file} (version, date, summary, changes) and release that`),
  'release-not-newer': rule<'last' | 'version'>('error', (a) => `edition ${a.version} is not newer than the last release, ${a.last}`, (a) => `give the edition a version above ${a.last}, or add a new edition after it`),
  'release-summary-missing': rule<'version'>('error', (a) => `edition ${a.version} has no summary`, () => 'add summary: "…" to the edition: one line saying what it is or what changed; it heads the revision log'),
  'release-version-not-newest': rule<'brief' | 'newest' | 'requested'>('error', (a) => `--version ${a.requested} is not the newest edition in brief.yaml (${a.newest})`, (a) => `release builds the newest edition only: run \`brief release ${a.brief}\` to release ${a.newest}, or add ${a.requested} as the last edition`),
  'release-sources-changed': rule<'file'>('error', (a) => `${a.file} changed while the release was being built`, () => 'run the release again once nothing is editing the sources'),
  'release-manifest-invalid': rule<'detail'>('error', (a) => `manifest.json cannot be read: ${a.detail}`, () => 'restore the release folder from version control (git checkout -- releases/); releases are never edited by hand'),
  'release-file-modified': rule<'detail' | 'path'>('error', (a) => `released file ${a.path} does not match its manifest: ${a.detail}`, () => 'released files are never changed: restore it from version control (git checkout -- <file>), and put the change in a new edition'),
  'release-file-missing': rule<'path'>('error', (a) => `released file ${a.path} is missing`, () => 'restore it from version control (git checkout -- <file>)'),
  'release-file-extra': rule<'path'>('error', (a) => `${a.path} is not part of the release (not in its manifest)`, () => 'remove it: a release folder holds only what `brief release` wrote'),
  'release-tampered': rule<'brief' | 'detail' | 'use' | 'version'>('error', (a) => `release ${a.version} was changed after it was archived: ${a.detail}; it is not used to ${a.use}`, (a) => `restore releases/${a.brief}/${a.version}/ from version control (git checkout -- releases/${a.brief}/${a.version}); \`brief verify ${a.brief}\` lists every changed file`),
  'diff-version-unknown': rule<'brief' | 'known' | 'version'>('error', (a) => `no release ${a.version} of ${a.brief}`, (a) => `released versions: ${a.known || 'none'}; use "draft" for the working sources`),

  // pdfcheck/ — `brief check --pdf` and every build's own PDF: PDF/UA-1 (Matterhorn checkpoints) and PDF/A-2u
  'pdf-unreadable': rule<'detail' | 'file'>('error', (a) => `${a.file} cannot be read as a PDF: ${a.detail}`, () => 'give --pdf the path of a PDF file, e.g. output/<brief>/<version>/<brief>-<version>.pdf'),
  'pdfua-tagged': rule<'missing'>('error', (a) => `the PDF is not tagged: ${a.missing}`, () => 'a PDF/UA file marks its content (/MarkInfo /Marked true) and has a structure tree (Matterhorn 01); print it with briefkit, which tags every PDF'),
  'pdfua-xmp': rule<'found'>('error', (a) => `the XMP metadata does not say the file is PDF/UA-1 (${a.found})`, () => 'the catalog needs an XMP /Metadata stream with pdfuaid:part 1 (Matterhorn 06); briefkit writes it on every print'),
  'pdfua-title': rule<never>('error', () => 'the XMP metadata has no dc:title', () => 'give the document a title in dc:title (Matterhorn 06); briefkit takes it from title: in brief.yaml'),
  'pdfua-display-title': rule<never>('error', () => 'a viewer is not told to show the document title (/ViewerPreferences /DisplayDocTitle is not true)', () => 'set /DisplayDocTitle true in the catalog\'s /ViewerPreferences (Matterhorn 07), so the title, not the file name, heads the window'),
  'pdfua-lang': rule<never>('error', () => 'the document names no natural language (/Lang in the catalog)', () => 'set /Lang (Matterhorn 11) so a screen reader speaks the right language; briefkit takes it from language: in brief.yaml'),
  'pdfua-figure-alt': rule<'figure'>('error', (a) => `${a.figure} has no alternative text (/Alt)`, () => 'give every figure, chart and map alt="…" in the markdown; its Figure tag must carry it as /Alt (Matterhorn 13)'),
  'pdfua-heading-nesting': rule<'from' | 'to'>('error', (a) => `${a.to} follows ${a.from}: a heading level is skipped`, () => 'headings nest H1 → H2 → H3 without skipping a level, starting at H1 (Matterhorn 14)'),
  'pdfua-table-header': rule<'problem' | 'table'>('error', (a) => `${a.table} ${a.problem}`, () => 'a table\'s header cells are TH with /Scope Column or Row (Matterhorn 15), so a screen reader can name the header of each cell'),
  'pdfua-note': rule<'problem'>('error', (a) => String(a.problem), () => 'tag each footnote as a Note with a unique /ID, linked from its reference (Matterhorn 19)'),
  'pdfua-nonstruct': rule<'count' | 'share' | 'total'>('error', (a) => `${a.count} of ${a.total} structure elements (${a.share} %) are NonStruct wrappers`, () => 'layout wrappers carry no meaning: make them artifacts or leave them untagged, so the tree holds the content (briefkit allows at most 5 %)'),
  'pdfua-link-contents': rule<'count'>('error', (a) => `${a.count} link annotation${Number(a.count) === 1 ? ' has' : 's have'} no /Contents describing ${Number(a.count) === 1 ? 'its' : 'their'} target`, () => 'give each link annotation a /Contents text (PDF/UA-1 7.18.5, Matterhorn 28)'),
  'pdfua-link-tagged': rule<'count'>('error', (a) => `${a.count} link annotation${Number(a.count) === 1 ? ' is' : 's are'} not inside a Link structure element`, () => 'each link annotation belongs to a Link tag through its /StructParent (Matterhorn 28), so it is read with its text'),
  'pdfua-font-embedded': rule<'font' | 'subtype'>('error', (a) => `font ${a.font} (${a.subtype}) is not embedded`, () => 'embed every font (Matterhorn 31; PDF/A-2 6.2.11.4); briefkit prints with the Noto fonts it embeds, so look for another font-family in templates/'),
  'pdfua-font-unicode': rule<'font' | 'subtype'>('error', (a) => `font ${a.font} (${a.subtype}) has no ToUnicode map: its text cannot be read aloud, searched or copied`, () => 'every font needs a Unicode mapping (Matterhorn 31; PDF/A-2u 6.2.11.7); Chromium writes one for the fonts it embeds'),
  'pdfa-xmp': rule<'found'>('error', (a) => `the XMP metadata does not claim PDF/A-2u (${a.found})`, () => 'a released edition carries pdfaid:part 2 and pdfaid:conformance U; `brief release` writes them'),
  'pdfa-output-intent': rule<'problem'>('error', (a) => String(a.problem), () => 'a PDF/A file names the colour space its colours mean: an /OutputIntents entry /S /GTS_PDFA1 with an RGB ICC profile (PDF/A-2 6.2.3); `brief release` adds sRGB'),
  'pdfa-encrypted': rule<never>('error', () => 'the PDF is encrypted', () => 'PDF/A forbids encryption (6.1.3): use the PDF as briefkit wrote it, without a password'),
  'pdfa-action': rule<'action'>('error', (a) => `${a.action} is not allowed in PDF/A`, () => 'PDF/A-2 allows links (GoTo, URI) but no JavaScript, Launch or other actions, and no /AA (6.5, 6.6)'),
  'pdfa-annotation-print': rule<'count'>('error', (a) => `${a.count} annotation${Number(a.count) === 1 ? ' is' : 's are'} not set to print, or hidden`, () => 'PDF/A-2 6.3.2: every annotation has /F with the Print flag set and Hidden, Invisible, NoView and ToggleNoView clear'),
  'pdfa-transparency': rule<'what'>('error', (a) => `the page uses transparency (${a.what}) but names no blending colour space`, () => 'give the page a /Group with /CS, or the document a PDF/A output intent (PDF/A-2 6.4)'),
  'pdfa-info-xmp': rule<'field' | 'info' | 'xmp'>('error', (a) => `the Info dictionary's /${a.field} (${a.info}) differs from the XMP metadata (${a.xmp})`, () => 'PDF/A-2 wants the Info dictionary and the XMP packet to agree (6.6.2.3); print the PDF again rather than editing one of them'),

  // cli
  'usage-option-value': rule<'expected' | 'option' | 'value'>('error', (a) => `${a.option} must be ${a.expected}, got ${a.value}`, (a) => `give ${a.option} ${a.expected}; \`brief <command> --help\` lists each option`),
  'usage-option-conflict': rule<'option' | 'others'>('error', (a) => `${a.option} cannot be combined with ${a.others}`, (a) => `run ${a.option} on its own, without ${a.others}`),
  'usage-no-briefs': rule<'dir'>('error', (a) => `no briefs found under ${a.dir}`, () => 'create one with `brief new <name>`, or pass --root <dir> naming the project folder that holds content/'),
  'usage-port-unavailable': rule<'code' | 'port'>('error', (a) => `port ${a.port} on 127.0.0.1 is not available (${a.code})`, () => 'pass --port N for another port, or --port 0 for any free port'),

  'template-raw': rule<'name'>('error', (a) => `{{{${a.name}}}} puts unescaped text into the page`, () => 'write {{name}} with two braces, which escapes it; only {{{css}}} inside the layout\'s <style> and {{{html}}} as the content of a chapter or footnote are inserted raw'),
  'template-url': rule<'attribute' | 'tag' | 'value'>('error', (a) => `${a.attribute}="${a.value}" on <${a.tag}> could become a remote or javascript: URL once {{…}} is filled in`, () => 'start the value with a fixed # or relative path before any {{…}}, e.g. href="#{{id}}"'),
  'template-css-value': rule<never>('error', () => '{{…}} inside CSS in a template', () => 'CSS cannot escape inserted text: pick a class with {{#if}} and style the classes in a .css file instead'),
  'template-syntax': rule<'detail'>('error', (a) => `template is not valid Handlebars: ${a.detail}`, () => 'fix the {{…}} at this place (an unclosed block or a stray brace)'),
  'css-breakout': rule<'what'>('error', (a) => `${a.what} in template CSS would end the <style> element`, () => 'template CSS holds style rules only; remove the markup'),
  'css-script': rule<'what'>('error', (a) => `${a.what} in template CSS`, () => 'template CSS may not run code: remove it'),
  'xlsx-only': rule<'option' | 'path'>('error', (a) => `"${a.option}" applies only to .xlsx workbooks, and ${a.path} is not one`, () => 'remove it, or point path at the .xlsx workbook'),
  'xlsx-read': rule<'detail'>('error', (a) => `workbook cannot be read: ${a.detail}`, () => 'save the file from Excel or LibreOffice as an Excel workbook (.xlsx); older .xls files and renamed CSVs are not workbooks'),
  'xlsx-sheet': rule<'known' | 'path' | 'sheet'>('error', (a) => `${a.path} has no sheet "${a.sheet}"`, (a) => `write the tab's name exactly; sheets in the workbook: ${a.known}`),
  'xlsx-range': rule<'detail' | 'range' | 'used'>('error', (a) => `range ${a.range} ${a.detail}`, (a) => `the sheet's cells span ${a.used}: give a range whose first row is the header, e.g. ${a.used}`),
  'xlsx-header': rule<'detail'>('error', (a) => `${a.detail}`, () => 'the range\'s first row names the columns: one unmerged cell per column, each with its own name'),
  'xlsx-formula': rule<'formula'>('error', (a) => `formula =${a.formula} has no saved result`, () => 'open the workbook in Excel or LibreOffice and save it, so each formula\'s result is stored; briefkit reads results and computes no formulas'),
  'xlsx-error': rule<'error' | 'formula'>('error', (a) => `cell holds the error ${a.error}${a.formula ? ` (formula =${a.formula})` : ''}`, () => 'fix the formula or the cells it uses in the workbook, then save it'),
  'html-unsafe': rule<'output' | 'what'>('error', (a) => `briefkit would write ${a.what} into ${a.output}; nothing was written`, () => 'an earlier check should have named the source file: please report this as a briefkit bug, with the brief; meanwhile remove the text that introduced it'),} satisfies Record<string, Rule<string, string>>;

export type RuleId = keyof typeof catalogue;
/** The arguments rule R's message reads, by name. */
export type RuleArgs<R extends RuleId> = Parameters<(typeof catalogue)[R]['text']>[0];
/** A rule and its arguments, for code that picks the rule at run time (one of `R`). */
export type RuleCall<R extends RuleId = RuleId> = { [K in R]: { rule: K; args: RuleArgs<K> } }[R];

/** A rule's message and hint in one line, for a problem raised before it has a place. */
export function describeRule<R extends RuleId>(rule: R, args: RuleArgs<R>): string {
  const r = catalogue[rule] as Rule<string, string>;
  const a = args as Record<string, Arg>;
  return `${r.text(a)} — ${r.hint(a)}`;
}

/** Collects located diagnostics until a stage ends, so authors see every problem at once. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report<R extends RuleId>(place: Place, rule: R, ...[args, related = []]: [keyof RuleArgs<R>] extends [never] ? [args?: RuleArgs<R>, related?: Place[]] : [args: RuleArgs<R>, related?: Place[]]): void {
    const r = catalogue[rule] as Rule<string, string>;
    const a = (args ?? {}) as Record<string, Arg>;
    this.diagnostics.push({ ...place, rule, severity: r.severity, message: r.text(a), hint: r.hint(a), related });
  }

  /** report() for a rule chosen at run time, carried with its arguments. */
  reportCall(place: Place, call: RuleCall, related: Place[] = []): void {
    const r = catalogue[call.rule] as Rule<string, string>;
    const a = call.args as Record<string, Arg>;
    this.diagnostics.push({ ...place, rule: call.rule, severity: r.severity, message: r.text(a), hint: r.hint(a), related });
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
  return `${d.file}:${d.cell ?? `${d.line}:${d.column}`}: ${d.severity} ${d.message} [${d.rule}]\n  ${d.hint}`;
}

/** Thrown only to stop a stage when continuing makes no sense; carries what was collected. */
export class UserError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
  }
}

/** A mistake in how the command was called (exit code 2), not in the brief. */
export class UsageError extends UserError {}

/** A rendering or browser failure (exit code 3), not the author's fault. */
export class RenderError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
  }
}
