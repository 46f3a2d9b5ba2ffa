// brief diff --docx between two released editions of a fixture brief: accepting every w:ins and
// dropping every w:del (done here on the XML) gives the newer edition's paragraphs, rejecting the
// older's; a changed table cell and a new footnote are tracked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, removeProject, runCliOk, writeFiles } from '../helpers/project.ts';
import { briefFiles, footnotes, ONE, paragraphs, readDocx, resolveChanges } from './fixture.ts';

let root: string;
let redline: string;

/** The chapters' non-empty paragraphs: from the first chapter heading to the revision log. */
function chapterTexts(xml: string): string[] {
  const ps = paragraphs(xml);
  const start = ps.findIndex((p) => p.style === 'Heading1');
  const end = ps.findIndex((p) => p.style === 'Heading1' && p.text === 'Revision log');
  return ps.slice(start, end < 0 ? undefined : end).map((p) => p.text).filter((t) => t.trim());
}

async function cli(args: string[]) {
  expect((await runCliOk(root, args)).err).toBe('');
}

const editionDocx = async (version: string) => {
  const src = path.join(root, 'releases/fw', version, 'sources');
  await runCliOk(src, ['build', 'fw', '--html-only', '--docx', '-q']);
  // A rebuild of a release writes into the project's output/, never into the release.
  return readDocx(readFileSync(path.join(root, 'output/fw', `${version}-rebuilt`, `fw-${version}.docx`)))['word/document.xml'];
};

beforeAll(async () => {
  root = makeProject(briefFiles());
  await cli(['release', 'fw', '-q']);
  const files = briefFiles({
    editions: '  - version: "1.1"\n    date: 2024-05-02\n    summary: "Corrects a depth and cites the survey."\n',
    one: ONE.replace('The northern wells are dry.[^dry]', 'The northern wells ran dry in 2023.[^dry] A new survey confirms it.[^survey]').replace('Two wells are in', 'Two of the wells are in') + '[^survey]: Freedonia Water Board, *Second Survey*, 2024.\n',
  });
  files['data/wells.csv'] = files['data/wells.csv'].replace('East,Upper,7', 'East,Upper,9');
  writeFiles(root, files);
  await cli(['release', 'fw', '-q']);
  await cli(['diff', 'fw', '1.0', '1.1', '--html-only', '--docx', '-q']);
  redline = readDocx(readFileSync(path.join(root, 'output/fw/diff-1.0-1.1.docx')))['word/document.xml'];
}, 300_000);

afterAll(() => removeProject(root));

describe('the redline as Word tracked changes', () => {
  it('tracks every change as briefkit on the newer edition\'s date', () => {
    const marks = [...redline.matchAll(/<w:(ins|del) ([^>]*)>/g)];
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m[2]).toMatch(/w:author="briefkit" w:date="2024-05-02T00:00:00Z"/);
  });

  it('gives the newer edition\'s paragraphs when every change is accepted', async () => {
    expect(chapterTexts(resolveChanges(redline, 'accept'))).toEqual(chapterTexts(await editionDocx('1.1')));
  });

  it('gives the older edition\'s paragraphs when every change is rejected', async () => {
    expect(chapterTexts(resolveChanges(redline, 'reject'))).toEqual(chapterTexts(await editionDocx('1.0')));
  });

  it('tracks the changed table cell', () => {
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(redline)![0];
    expect(table).toMatch(/<w:del [^>]*><w:r>(?:(?!<\/w:r>)[\s\S])*<w:delText[^>]*>7<\/w:delText>/);
    expect(table).toMatch(/<w:ins [^>]*><w:r>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>9<\/w:t>/);
  });

  it('tracks the new footnote: its reference inserted, its text inserted', () => {
    const notes = readDocx(readFileSync(path.join(root, 'output/fw/diff-1.0-1.1.docx')))['word/footnotes.xml'];
    expect(footnotes(resolveChanges(notes, 'accept')).get(3)).toBe('Freedonia Water Board, Second Survey, 2024.');
    expect(redline).toMatch(/<w:ins [^>]*><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="3"\/><\/w:r><\/w:ins>/);
    const note3 = /<w:footnote [^>]*w:id="3"[^>]*>[\s\S]*?<\/w:footnote>/.exec(notes)![0];
    expect(note3).toMatch(/<w:ins [^>]*>/);
    expect(footnotes(resolveChanges(notes, 'reject')).get(3) ?? '').toBe('');
  });
});
