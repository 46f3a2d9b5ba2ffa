// A brief built once for a test file: the real pipeline and printer, the PDF read back as text.
import { readFileSync } from 'node:fs';
import { build, type BuildResult } from '../../scripts/runs/build.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { openPrinter } from '../../scripts/print/printer.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { copyProject, makeProject, removeProject, type Files } from './project.ts';
import { readPdf, type PdfReport } from './pdf.ts';

export interface Built {
  root: string;
  result: BuildResult;
  pdf: PdfReport;
  html: string;
  /** Closes the printer and removes the project. */
  close(): Promise<void>;
}

/** Writes `files` into a new project and builds the brief `name` in it. */
export async function buildProject(files: Files, name: string): Promise<Built> {
  return buildIn(makeProject(files), name);
}

/** Copies a fixture's project folder (content/, data/) and builds the brief `name` in the copy. */
export async function buildFixture(dir: string, name: string): Promise<Built> {
  return buildIn(copyProject(dir), name);
}

async function buildIn(root: string, name: string): Promise<Built> {
  const printer = await openPrinter({ allowedRoots: [root, ...fontDirs()] });
  const close = async () => {
    await printer.close();
    removeProject(root);
  };
  try {
    const result = await build(pipelineContext(root), { name, printer });
    return { root, result, pdf: await readPdf(readFileSync(result.pdf!)), html: readFileSync(result.html, 'utf8'), close };
  } catch (e) {
    await close();
    throw e;
  }
}
