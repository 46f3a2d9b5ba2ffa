// A small fictional brief in three states — edition 1.0, edition 1.1 (a corrected sentence, a
// changed note, a changed table cell, two new rows) and a 1.2 draft — for the edition tests.
import { writeFiles, type Files } from '../helpers/project.ts';

const yaml = (editions: string) => `title: "Wells of Freedonia"
subtitle: "A fictional brief"
authors: ["R. Firefly"]
language: en
chapters: [intro.md, wells.md]
datasets:
  wells: { path: data/wells.csv, key: [region, town] }
editions:
${editions}`;

const E10 = `  - version: "1.0"
    date: 2024-03-01
    summary: "First edition."
`;
const E11 = `  - version: "1.1"
    date: 2024-04-15
    summary: "Corrects the well count and adds the southern wells."
    changes: ["Corrected the number of wells in the northern hills."]
`;
const E12 = `  - version: "1.2"
    date: 2024-06-01
    summary: "Draft of the summer update."
`;

const intro = (count: string, note: string) => `---
title: Introduction
---

Freedonia counts ${count} wells in the northern hills.[^survey] The river Sylvan feeds them all year.

The water board meets every spring to weigh the wells and the pumps.

[^survey]: ${note}
`;

const wells = `---
title: The wells
---

Each well is listed below by region and town.[^register]

::table{data=wells columns="region:Region,town:Town,wells:Wells" caption="Wells by region and town" #tbl-wells}

[^register]: Ministry of Wells, *Register of Wells*, 2022.
`;

const SCHEMA = JSON.stringify({
  type: 'object',
  properties: { region: { type: 'string' }, town: { type: 'string' }, wells: { type: 'integer' } },
  required: ['region', 'town', 'wells'],
});

const CSV10 = 'region,town,wells\nNorth,Hilltown,3\nNorth,Stonebridge,1\nWest,Marsh End,2\n';
const CSV11 = 'region,town,wells\nNorth,Hilltown,4\nNorth,Stonebridge,1\nWest,Marsh End,2\nSouth,Riverside,1\nEast,Marxville,2\n';

export const edition10: Files = {
  'content/fw/brief.yaml': yaml(E10),
  'content/fw/chapters/intro.md': intro('four', 'Freedonia Water Board, *Survey*, 2023.'),
  'content/fw/chapters/wells.md': wells,
  'data/wells.csv': CSV10,
  'data/wells.schema.json': SCHEMA,
};

export const edition11: Files = {
  ...edition10,
  'content/fw/brief.yaml': yaml(E10 + E11),
  'content/fw/chapters/intro.md': intro('five working', 'Freedonia Water Board, *Annual Survey*, 2024.'),
  'data/wells.csv': CSV11,
};

export const draft12: Files = {
  ...edition11,
  'content/fw/brief.yaml': yaml(E10 + E11 + E12),
  'content/fw/chapters/wells.md': `${wells}\nA summer survey is under way.\n`,
};

export const setState = (root: string, files: Files) => writeFiles(root, files);
