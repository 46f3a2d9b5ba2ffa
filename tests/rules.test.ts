// Every rule in the message catalogue is shown to an author by at least one case: a rule nothing
// triggers is wording nobody has seen in context, or a check that never runs. A fixture's
// expected.json names it, or — for faults no fixture can stage (a browser that dies, a source
// saved mid-release) — a test asserts the located line that ends in `[rule-id]`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../scripts/messages.ts';
import { FIXTURES } from './helpers/fixtures.ts';

const TESTS = import.meta.dirname;

function filesNamed(dir: string, keep: (name: string) => boolean, skip: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return skip(e.name) ? [] : filesNamed(p, keep, skip);
    return keep(e.name) ? [p] : [];
  });
}

const named = (files: string[], pattern: RegExp) => new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(pattern)].map((m) => m[1])));

describe('the message catalogue', () => {
  it('has a fixture or a fault test for every rule', () => {
    const fixtures = named(filesNamed(FIXTURES, (n) => n === 'expected.json', (n) => n === 'input'), /\[([a-z0-9-]+)\]"/g);
    const faults = named(filesNamed(TESTS, (n) => n.endsWith('.test.ts'), (n) => n === 'fixtures'), /\\?\[([a-z0-9-]+)\\?\][$'"`/]/g);
    expect(Object.keys(catalogue).filter((id) => !fixtures.has(id) && !faults.has(id))).toEqual([]);
  });
});
