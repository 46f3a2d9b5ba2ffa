// The in-page paginator (print/paginate/) as one script for page.evaluate: bundled by esbuild on
// the first print, then kept in memory for the life of the process.
import path from 'node:path';
import { build, stop } from 'esbuild';

const ENTRY = path.join(import.meta.dirname, 'paginate', 'index.ts');
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
  // esbuild's service is a child process: stopped once the one bundle is made, so no process is left
  // behind (the printer promises that). This module's instance of esbuild is used for nothing else.
  const out = await build({
    entryPoints: [ENTRY],
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
