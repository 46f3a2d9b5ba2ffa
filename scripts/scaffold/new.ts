// `brief new <name>`: a brief that builds at once and shows every feature an author starts with —
// brief.yaml explained line by line (from the schema's own descriptions, so it cannot drift), two
// chapters with footnotes, a ::table and a ::chart on a tiny dataset with a schema, a callout.
// It never overwrites: if any file it would write exists, it writes nothing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Reporter, UserError } from '../messages.ts';
import { briefSchema } from '../config/schema.ts';
import { relToRoot } from '../config/paths.ts';

const props = briefSchema.properties;

/** `# description` lines, wrapped at ~100 columns. */
function comment(text: string, indent = ''): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && `${indent}# ${line} ${w}`.length > 100) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}# ${l}`).join('\n');
}

function titleCase(name: string): string {
  return name.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export function briefYaml(name: string, date: string): string {
  const ed = props.editions.items.properties;
  const page = props.page.properties;
  const packs = props.packs.properties;
  const dataset = (props.datasets.additionalProperties.oneOf[1] as { properties: Record<'path' | 'key', { description: string }> }).properties;
  return `# brief.yaml of "${name}": every key is explained above it. Check it with \`brief check ${name}\`,
# preview it with \`brief dev ${name}\`, build the PDF and HTML with \`brief build ${name}\`.

${comment(props.title.description)}
title: "${titleCase(name)}"
${comment(props.subtitle.description)}
subtitle: "A brief to start from"
${comment(props.organization.description)}
organization: "Your organisation"
${comment(props.authors.description)}
authors: ["Your Name"]
${comment(props.keywords.description)}
keywords: ["example", "wells"]
${comment(props.language.description)}
language: en
${comment(props.running_header.description)}
running_header: "${titleCase(name)} — a briefkit brief"
${comment(props.page.description)}
page:
${comment(page.size.description, '  ')}
  size: A4
${comment(page.margins.description, '  ')}
  margins: "22mm 20mm 24mm"
${comment(props.footnotes.description)}
footnotes: page
${comment(props.list_of_figures.description)}
list_of_figures: true
${comment(props.chapters.description)}
chapters: [introduction.md, findings.md]
${comment(props.datasets.description)}
${comment(props.datasets.additionalProperties.description)}
datasets:
  # The name chapters use: ::table{data=sample}, {{count sample}}.
  sample:
${comment(dataset.path.description, '    ')}
    path: data/${name}-sample.csv
${comment(dataset.key.description, '    ')}
    key: [country_code]
${comment(props.editions.description)}
editions:
${comment(`version: ${ed.version.description}`, '  ')}
${comment(`date: ${ed.date.description}`, '  ')}
${comment(`summary: ${ed.summary.description}`, '  ')}
${comment(`changes: ${ed.changes.description}`, '  ')}
  - version: "1.0"
    date: ${date}
    summary: "First edition."
${comment(`${props.packs.description} by: ${packs.by.description} include: ${packs.include.description} For example:`)}
# packs:
#   by: sample.country_code
#   include: [introduction.md]
`;
}

const INTRODUCTION = (name: string) => `---
title: Introduction
---

This brief counts the public wells in {{count sample}} countries, {{sum sample "wells"}} in all.[^survey] It is a
starting point: replace the text, the data in \`data/${name}-sample.csv\` and the chart in \`charts/\`
with your own, and run \`brief dev ${name}\` to see the page change each time you save.

## What the brief shows

:ref[tbl-wells] lists the countries and :ref[fig-wells] compares them. Both come from one dataset,
so a corrected number changes the table, the chart and the figures in this paragraph together.

[^survey]: Example Water Survey, *Public Wells in Southern Europe*, 2023. Replace this note with your own source.
`;

const FINDINGS = (name: string) => `---
title: Findings
---

France has the most public wells of the countries surveyed; Portugal the fewest.[^method]

::table{data=sample columns="country:Country,wells:Wells,surveyed:Surveyed" sort=-wells caption="Public wells by country" notes="Source: Example Water Survey (2023)." #tbl-wells}

::chart{spec=charts/wells.vl.json data=sample caption="Public wells by country" alt="Bar chart of public wells per country: France 12, Italy 8, Portugal 5." #fig-wells}

:::callout{kind=note title="Adding a country"}
Add a row to \`data/${name}-sample.csv\`. The table, the chart and the counts in the introduction
update on the next build; the schema beside the file checks every cell.
:::

[^method]: Counted from the survey's country tables; a well shared by two villages counts once.
`;

const CSV = `country_code,country,wells,surveyed
FR,France,12,2023-05-02
IT,Italy,8,2023-06-12
PT,Portugal,5,2023-04-20
`;

const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Public wells',
  description: 'One row per country surveyed. Each column below says what it holds; brief check validates every cell against it.',
  type: 'object',
  properties: {
    country_code: { title: 'Country code', type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code; used for country packs.' },
    country: { title: 'Country', type: 'string', minLength: 1, description: 'English short name.' },
    wells: { title: 'Wells', type: 'integer', minimum: 0, description: 'Public wells counted.' },
    surveyed: { title: 'Surveyed', type: 'string', format: 'date', description: 'Date of the survey, YYYY-MM-DD.' },
  },
  required: ['country_code', 'country', 'wells'],
  additionalProperties: false,
};

const CHART = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  description: 'Public wells per country. The rows come from ::chart{data=…}; the spec names columns only.',
  mark: 'bar',
  encoding: {
    y: { field: 'country', type: 'nominal', title: null, sort: '-x' },
    x: { field: 'wells', type: 'quantitative', title: 'Wells', axis: { tickMinStep: 1, format: 'd' } },
  },
};

const README = (name: string) => `# ${titleCase(name)}

Made by \`brief new ${name}\`. The pieces:

- \`brief.yaml\` — title, chapters, datasets and editions, each key explained in a comment.
- \`chapters/\` — the chapters in markdown, with footnotes (\`[^label]\`), a \`::table\`, a \`::chart\`
  and a \`:::callout\`.
- \`charts/wells.vl.json\` — a Vega-Lite spec; its rows come from the \`::chart\` directive.
- \`../../data/${name}-sample.csv\` and its \`.schema.json\` — the dataset and the type of each column.

\`brief dev ${name}\` previews while you write; \`brief check ${name}\` lists every problem as
\`file:line:col\`; \`brief build ${name}\` writes the PDF and HTML into \`output/\`.
`;

export interface Scaffolded {
  files: string[]; // relative to the root
}

/** Writes the new brief under root; throws UserError (and writes nothing) if any of its files exist. */
export function scaffold({ root, name, date = new Date().toISOString().slice(0, 10) }: { root: string; name: string; date?: string }): Scaffolded {
  const reporter = new Reporter();
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) {
    reporter.report({ file: 'brief', line: 0, column: 0 }, 'brief-name', { name });
    throw new UserError(reporter.diagnostics);
  }
  const dir = path.join(root, 'content', name);
  const files: Record<string, string> = {
    [path.join(dir, 'brief.yaml')]: briefYaml(name, date),
    [path.join(dir, 'README.md')]: README(name),
    [path.join(dir, 'chapters', 'introduction.md')]: INTRODUCTION(name),
    [path.join(dir, 'chapters', 'findings.md')]: FINDINGS(name),
    [path.join(dir, 'charts', 'wells.vl.json')]: `${JSON.stringify(CHART, null, 2)}\n`,
    [path.join(root, 'data', `${name}-sample.csv`)]: CSV,
    [path.join(root, 'data', `${name}-sample.schema.json`)]: `${JSON.stringify(SCHEMA, null, 2)}\n`,
  };
  const taken = [existsSync(dir) ? dir : null, ...Object.keys(files).filter((f) => existsSync(f))].filter((f): f is string => f !== null);
  if (taken.length) {
    reporter.report({ file: relToRoot(root, taken[0]), line: 1, column: 1 }, 'brief-exists', { name, path: relToRoot(root, taken[0]) });
    throw new UserError(reporter.diagnostics);
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' }); // wx: fail rather than overwrite, should one appear meanwhile
  }
  return { files: Object.keys(files).map((f) => relToRoot(root, f)) };
}
