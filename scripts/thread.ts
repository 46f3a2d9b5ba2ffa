// Starting a worker thread on one of our own modules: the compiled .js as it is, or (tests,
// development) the TypeScript through tsx. A worker must register tsx's loader itself: on Node 20
// an `--import tsx` in its execArgv does not reach its entry module, which then fails to load.
// Such a thread is started from code (eval), which runs none of the process's `--import` modules
// (a test's fault hooks): it imports them itself first, as a thread from a file would.
// tsx's loader runs an esbuild process while the thread lives; it ends by itself a moment after.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startThread(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // tsx's ESM API, beside the CommonJS file require() resolves to.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const preloads = (options.execArgv ?? process.execArgv).flatMap((a, i, all) => (a === '--import' ? [all[i + 1]] : a.startsWith('--import=') ? [a.slice('--import='.length)] : [])).map((s) => (/^[./]/.test(s) ? pathToFileURL(path.resolve(s)).href : s));
  const boot = `(async () => { for (const p of ${JSON.stringify(preloads)}) await import(p); (await import(${JSON.stringify(api)})).register(); await import(${JSON.stringify(entry.href)}); })()`;
  // Without tsx's cache in the temp folder: a thread must start wherever the process can (a TMPDIR
  // the CLI cannot use is reported by what needs it, not by the loader).
  return new Worker(boot, { ...options, eval: true, env: { ...process.env, TSX_DISABLE_CACHE: '1' } });
}
