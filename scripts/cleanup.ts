// The one place that undoes half-done work when the process ends early: temp files of atomic
// writes, a printer's browser and temp folder, a release's dot folder. Each owner registers a
// synchronous cleanup and drops it once its work is finished or undone by the ordinary path.
//
// When the process exits (normally, by process.exit, or after an uncaught error) every registered
// cleanup runs. On SIGINT/SIGTERM:
// - if the program handles that signal itself (`brief dev` stops its server), it ends on its own
//   and the exit hook cleans up: removing files under work that is still running would only turn
//   an orderly stop into write errors;
// - otherwise every cleanup runs, the handlers are removed and the signal is raised again, so the
//   process ends the way it would have without us (a shell sees 130 for Ctrl-C).

const cleanups = new Set<() => void>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function runAll(): void {
  const all = [...cleanups];
  cleanups.clear();
  for (const fn of all) {
    try {
      fn();
    } catch {
      // one failed cleanup must not keep the others from running
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  // Prepended, so the program's own listeners are all still attached here, `once` ones included.
  if (process.listenerCount(signal) > 1) return;
  runAll();
  detach();
  process.kill(process.pid, signal);
}

function onExit(): void {
  runAll();
  detach();
}

function attach(): void {
  process.on('exit', onExit);
  for (const s of SIGNALS) process.prependListener(s, onSignal);
}

function detach(): void {
  process.off('exit', onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * Runs `cleanup` (synchronous) if the process exits or is interrupted before the returned
 * function is called; call that once the work is finished or undone. Calling it twice is harmless.
 */
export function onAbort(cleanup: () => void): () => void {
  if (cleanups.size === 0) attach();
  // A wrapper per registration, so registering one function twice needs two releases.
  const entry = () => cleanup();
  cleanups.add(entry);
  return () => {
    if (!cleanups.delete(entry)) return;
    if (cleanups.size === 0) detach();
  };
}
