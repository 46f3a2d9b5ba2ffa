// tests/fixtures/errors/README.md is generated from the cases' case.json and expected.json:
// `UPDATE=1 npx vitest run tests/errors` rewrites it; a test fails when it is out of date.
import path from 'node:path';
import type { CommandCase, CommandOutcome } from '../helpers/commands.ts';
import { caseNames, FIXTURES, readExpected, readFixture } from '../helpers/fixtures.ts';

export const README = path.join(FIXTURES, 'errors', 'README.md');

export function renderReadme(): string {
  const names = caseNames('errors');
  const rows = names.map((name) => {
    const c = readFixture<CommandCase>('errors', name).config;
    const e = readExpected<CommandOutcome>('errors', name);
    const rules = [...new Set(e.diagnostics.map((l) => /\[([\w-]+)\]$/.exec(l)?.[1]).filter(Boolean))];
    const outcome = e.exit === 0 ? (e.diagnostics.length ? `exit 0, ${rules.map((r) => `\`${r}\``).join(', ')} warning` : 'exit 0, accepted') : `exit ${e.exit}: ${rules.map((r) => `\`${r}\``).join(', ')}`;
    return `| [${name}](${name}/) | ${c.description.replace(/\|/g, '\\|')} | \`brief ${c.args.join(' ')}\` | ${outcome} |`;
  });
  return [
    '# Bad-input suite',
    '',
    `${names.length} projects a user can get wrong (or that look wrong and are fine). Each folder holds an`,
    '`input/` project, a `case.json` with the command and an `expected.json` with the exit code and the',
    'exact diagnostics (first line of each). The test runs every case in a temp copy and also checks: no',
    'stack trace, and nothing written to `output/` when the command fails. Inputs too big to commit are',
    'generated from `case.json` "generate" (see `tests/errors/generate.ts`).',
    '',
    '`UPDATE=1 npx vitest run tests/errors` rewrites the expected files and this file; review the diff.',
    '',
    '| case | what is wrong | command | outcome |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
