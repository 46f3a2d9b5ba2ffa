// The references generated from the code are current: README's brief.yaml table and docs/rules.md.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeWithReference } from '../scripts/docs.ts';
import { ruleReference } from '../scripts/rules-reference.ts';

const REPO = path.resolve(import.meta.dirname, '..');

describe('generated references', () => {
  it('README.md holds the current brief.yaml reference (npm run docs)', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    expect(readmeWithReference(readme)).toBe(readme);
  });

  it('docs/rules.md lists every rule of the catalogue as it reads (npm run docs)', () => {
    const doc = readFileSync(path.join(REPO, 'docs/rules.md'), 'utf8');
    expect(doc).toBe(ruleReference());
    expect(doc).toContain('| `footnote-undefined` | error | footnote [^<label>] is referenced but never defined |');
  });
});
