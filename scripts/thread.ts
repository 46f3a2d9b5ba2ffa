// Starting a worker thread on one of our own modules: the compiled .js as it is, or (tests,
// development) the TypeScript through tsx. A worker must register tsx's loader itself: on Node 20
// an `--import tsx` in its execArgv does not reach its entry module, which then fails to load.
// tsx's loader runs an esbuild process while the thread lives; it ends by itself a moment after.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startThread(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // tsx's ESM API, beside the CommonJS file require() resolves to.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  // Without tsx's cache in the temp folder: a thread must start wherever the process can (a TMPDIR
  // the CLI cannot use is reported by what needs it, not by the loader).
  return new Worker(boot, { ...options, eval: true, env: { ...process.env, TSX_DISABLE_CACHE: '1' } });
}
