// One test per folder in tests/fixtures/data: input/ (data, optional case.json, chapter) →
// expected.json (diagnostics, prose after binding, tables as HTML). UPDATE=1 rewrites expected.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCase } from './support.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/data');
const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('data fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const dir = path.join(FIXTURES, name);
    const actual = await runCase(dir);
    const expectedFile = path.join(dir, 'expected.json');
    if (process.env.UPDATE === '1') writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    if (!existsSync(expectedFile)) throw new Error(`${name}: no expected.json yet; run UPDATE=1 npx vitest run tests/data and review it`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});
