// Inputs too big to commit, made in the test's temp copy from a line in case.json:
//   "generate": [{ "recipe": "chapter", "file": "content/demo/chapters/two.md", "megabytes": 10 }]
//   "generate": [{ "recipe": "csv", "file": "data/wells.csv", "rows": 100000, "badRow": 99998 }]
//   "generate": [{ "recipe": "xlsx", "file": "data/deaths.xlsx", "sheets": [{ "name": "Deaths", "rows": [["country"], ["Freedonia"]] }] }]
// (workbooks are made with exceljs here rather than committed as binaries, so case.json shows every cell)
//   "generate": [{ "recipe": "full-disk", "file": "output", "kilobytes": 64 }] — a real full disk:
//     a tmpfs of that size mounted there (the suite runs as root, as CI does); unmounted afterwards.
// Deterministic, so expected messages are stable.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeWorkbook, type SheetSpec } from '../helpers/xlsx.ts';

export type Recipe =
  | { recipe: 'chapter'; file: string; megabytes: number }
  | { recipe: 'csv'; file: string; rows: number; badRow?: number }
  | { recipe: 'xlsx'; file: string; sheets: SheetSpec[] }
  | { recipe: 'full-disk'; file: string; kilobytes: number };

const REGIONS = ['Upper', 'Lower'];

function chapter(megabytes: number): string {
  const parts = ['---\ntitle: Sylvania\n---\n\nSylvania buys water from Freedonia.[^wells]\n\n'];
  let size = parts[0].length;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const p = `${i % 40 === 0 ? `## Section ${i / 40 + 1}\n\n` : ''}Paragraph ${i} about the wells of *Sylvania* and [the survey](#one), with \`code\` and a number, ${i * 7}.\n\n`;
    parts.push(p);
    size += p.length;
  }
  return parts.join('');
}

/** name,region,depth,dug — the shape of the fixtures' wells.csv; row numbers are 1-based data rows. */
function csv(rows: number, badRow?: number): string {
  const out = ['name,region,depth,dug'];
  for (let i = 1; i <= rows; i++) {
    const depth = i === badRow ? 'deep' : String((i * 37) % 120 + 1);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    out.push(`Well ${i},${REGIONS[i % 2]},${depth},${2000 + (i % 24)}-${month}-${day}`);
  }
  return `${out.join('\n')}\n`;
}

/** Makes the inputs; returns what undoes the parts a folder removal cannot (mounts). */
export async function generate(root: string, recipes: Recipe[]): Promise<() => void> {
  const mounts: string[] = [];
  const undo = () => {
    for (const dir of mounts.reverse()) execFileSync('umount', [dir]);
  };
  try {
    for (const r of recipes) {
      const abs = path.join(root, r.file);
      if (r.recipe === 'full-disk') {
        mkdirSync(abs, { recursive: true });
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${r.kilobytes}k`, 'tmpfs', abs], { stdio: 'pipe' });
        mounts.push(abs);
        continue;
      }
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, r.recipe === 'chapter' ? chapter(r.megabytes) : r.recipe === 'csv' ? csv(r.rows, r.badRow) : await makeWorkbook(r.sheets));
    }
  } catch (e) {
    undo();
    throw e;
  }
  return undo;
}
