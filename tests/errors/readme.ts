// tests/fixtures/errors/README.md is generated from the cases' case.json descriptions:
// `UPDATE=1 npx vitest run tests/errors` rewrites it; a test fails when it is out of date.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(import.meta.dirname, '../fixtures/errors');
export const README = path.join(FIXTURES, 'README.md');

export interface Case {
  description: string;
  args: string[];
  exit: number;
  expect: string[];
  generate?: unknown[];
}

export function caseNames(): string[] {
  return readdirSync(FIXTURES).filter((d) => existsSync(path.join(FIXTURES, d, 'case.json'))).sort();
}

export function readCase(name: string): Case {
  return JSON.parse(readFileSync(path.join(FIXTURES, name, 'case.json'), 'utf8')) as Case;
}

export function renderReadme(): string {
  const names = caseNames();
  const rows = names.map((name) => {
    const c = readCase(name);
    const rules = [...new Set(c.expect.map((l) => /\[([\w-]+)\]$/.exec(l)?.[1]).filter(Boolean))];
    const outcome = c.exit === 0 ? (c.expect.length ? `exit 0, ${rules.map((r) => `\`${r}\``).join(', ')} warning` : 'exit 0, accepted') : `exit ${c.exit}: ${rules.map((r) => `\`${r}\``).join(', ')}`;
    return `| [${name}](${name}/) | ${c.description.replace(/\|/g, '\\|')} | \`brief ${c.args.join(' ')}\` | ${outcome} |`;
  });
  return [
    '# Bad-input suite',
    '',
    `${names.length} projects a user can get wrong (or that look wrong and are fine). Each folder holds an`,
    '`input/` project and a `case.json` with the command, the exit code and the exact diagnostics',
    '(first line of each). The test runs every case in a temp copy and also checks: no stack trace,',
    'and nothing written to `output/` when the command fails. Inputs too big to commit are generated',
    'from `case.json` "generate" (see `tests/errors/generate.ts`).',
    '',
    '`UPDATE=1 npx vitest run tests/errors` rewrites the expected lines and this file; review the diff.',
    '',
    '| case | what is wrong | command | outcome |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
