// The in-page paginator (print/paginate/) as one script for page.evaluate: bundled by esbuild on
// the first print (or, in the compiled CLI, read from the bundle bin/compile.mjs made), then kept
// in memory for the life of the process.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const ENTRY = path.join(import.meta.dirname, 'paginate', 'index.ts');
/** Where the compiled CLI (dist/print/) keeps the script bundled at compile time. */
export const PREBUILT = path.join(import.meta.dirname, 'paginate.script.js');
const GLOBAL = '__briefkitPaginate';

let script: Promise<string> | null = null;

/** An expression that paginates the loaded document and evaluates to its PaginateResult. */
export function paginateScript(): Promise<string> {
  script ??= bundle().catch((e: unknown) => {
    script = null; // let a later print try again
    throw e;
  });
  return script;
}

async function bundle(): Promise<string> {
  return (await readFile(PREBUILT, 'utf8').catch(() => null)) ?? bundleSources();
}

/** The script bundled from the paginator's sources (`entry`: its index.ts). */
export async function bundleSources(entry = ENTRY): Promise<string> {
  const { build, stop } = await import('esbuild'); // not loaded at all when the bundle is prebuilt
  // esbuild's service is a child process: stopped once the one bundle is made, so no process is left
  // behind (the printer promises that). This module's instance of esbuild is used for nothing else.
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: GLOBAL,
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).finally(() => stop());
  // A function scope keeps the bundle's names out of the page's globals.
  return `(() => { ${out.outputFiles[0].text}; return ${GLOBAL}.paginate(); })()`;
}
