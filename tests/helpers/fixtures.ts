// The one fixture harness. Every stage keeps its cases under tests/fixtures/<stage>/<case>/:
//   case.json      what to run (a command's args, a chart's dataset…), optional
//   input/         the files the case reads, optional
//   expected.json  what came out; expected.<ext> for outputs kept as files (an SVG)
// `UPDATE=1 npm test` rewrites the expected files; review the diff like code.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../scripts/messages.ts';
import type { Diagnostic } from '../../scripts/types.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

export interface FixtureCase<C> {
  name: string;
  dir: string;
  /** case.json, or {} when the case has none. */
  config: C;
  /** The case's input/ folder. */
  input: string;
}

export interface Outcome {
  /** Compared with expected.json. */
  expected: unknown;
  /** Outputs kept beside it as expected.<key>; null: the case has no such file. */
  files?: Record<string, string | null>;
}

const updating = () => !!process.env.UPDATE;

export function caseNames(stage: string): string[] {
  const dir = path.join(FIXTURES, stage);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (existsSync(path.join(dir, d.name, 'case.json')) || existsSync(path.join(dir, d.name, 'input'))))
    .map((d) => d.name)
    .sort();
}

export function readFixture<C>(stage: string, name: string): FixtureCase<C> {
  const dir = path.join(FIXTURES, stage, name);
  const file = path.join(dir, 'case.json');
  const config = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as C;
  return { name, dir, config, input: path.join(dir, 'input') };
}

export function readExpected<T>(stage: string, name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, stage, name, 'expected.json'), 'utf8')) as T;
}

/** One test per case folder of `stage`: run it, then compare with (or, under UPDATE, rewrite) the expected files. */
export function fixtureSuite<C>(stage: string, run: (c: FixtureCase<C>) => Promise<Outcome>, check?: (got: Outcome, c: FixtureCase<C>) => void | Promise<void>): void {
  describe(`${stage} fixtures`, () => {
    it.each(caseNames(stage))('%s', async (name) => {
      const c = readFixture<C>(stage, name);
      const got = await run(c);
      const expectedFile = path.join(c.dir, 'expected.json');
      if (updating()) {
        writeFileSync(expectedFile, `${JSON.stringify(got.expected, null, 2)}\n`);
        for (const [ext, text] of Object.entries(got.files ?? {})) {
          const file = path.join(c.dir, `expected.${ext}`);
          if (text === null) rmSync(file, { force: true });
          else writeFileSync(file, text);
        }
      } else {
        if (!existsSync(expectedFile)) throw new Error(`${stage}/${name}: no expected.json yet; run UPDATE=1 npx vitest run and review it`);
        expect(got.expected).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
        for (const [ext, text] of Object.entries(got.files ?? {})) {
          const file = path.join(c.dir, `expected.${ext}`);
          expect(existsSync(file) ? readFileSync(file, 'utf8') : null, `expected.${ext}`).toBe(text);
        }
      }
      await check?.(got, c);
    });
  });
}

/** Each diagnostic as an author reads its first line: `file:line:col: severity text [rule]`. */
export function diagnosticLines(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => formatDiagnostic(d).split('\n')[0]);
}

/** The located diagnostic lines of a command's stderr: `file:line:col: …`, or `file:Sheet!C14: …` for a workbook cell. */
export function locatedLines(stderr: string): string[] {
  // line:col in a text file, Sheet!C14 in a spreadsheet, `page N` or `document` in a PDF.
  return stderr.split('\n').filter((l) => /^\S+?:(\d+:\d+|.+?![A-Z]+\d+|page \d+|document): (error|warning) /.test(l));
}
