// Runs a command as a child process and measures it from the outside: wall time, and the resident
// memory of its whole process tree (Chromium included) sampled from /proc while it runs.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const PAGE = 4096;

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The pid and every descendant (through /proc/<pid>/task/<tid>/children). */
export function treePids(root: number): number[] {
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone
    }
    for (const tid of tasks) {
      const kids = read(`/proc/${pid}/task/${tid}/children`);
      if (kids) for (const k of kids.trim().split(/\s+/)) if (k) stack.push(Number(k));
    }
  }
  return out;
}

/** Resident set of the whole tree in bytes (shared pages counted once per process, as `ps` does). */
export function treeRss(root: number): { bytes: number; procs: number } {
  let bytes = 0;
  let procs = 0;
  for (const pid of treePids(root)) {
    const statm = read(`/proc/${pid}/statm`);
    if (!statm) continue;
    bytes += Number(statm.split(' ')[1]) * PAGE;
    procs++;
  }
  return { bytes, procs };
}

/** Whether /proc can show children (Linux with CONFIG_PROC_CHILDREN); without it memory is not reported. */
export const canMeasureMemory = read(`/proc/${process.pid}/task/${process.pid}/children`) !== null;

export interface Measured {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Peak of the summed RSS of the tree, MiB; null where /proc is not available. */
  peakMiB: number | null;
  /** Most processes seen at once in the tree. */
  peakProcs: number;
  stdout: string;
  stderr: string;
  /** [ms since start, tree RSS MiB] every sample, for growth over a run. */
  timeline: [number, number][];
  /** Lines of stdout, and of stderr, with the ms at which each arrived. */
  lines: [number, string][];
  errLines: [number, string][];
  timedOut: boolean;
}

export async function measure({ cmd, args, cwd, env, timeoutMs = 300_000, sampleMs = 50 }: { cmd: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; sampleMs?: number }): Promise<Measured> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const lines: [number, string][] = [];
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    const now = Math.round(performance.now() - t0);
    const parts = (partial + s).split('\n');
    partial = parts.pop()!;
    for (const l of parts) lines.push([now, l]);
  });
  let errPartial = '';
  const errLines: [number, string][] = [];
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    const now = Math.round(performance.now() - t0);
    const parts = (errPartial + s).split('\n');
    errPartial = parts.pop()!;
    for (const l of parts) errLines.push([now, l]);
  });
  let peak = 0;
  let peakProcs = 0;
  const timeline: [number, number][] = [];
  const sample = () => {
    if (!child.pid || !canMeasureMemory) return;
    const { bytes, procs } = treeRss(child.pid);
    if (!procs) return;
    peak = Math.max(peak, bytes);
    peakProcs = Math.max(peakProcs, procs);
    timeline.push([Math.round(performance.now() - t0), Math.round((bytes / 2 ** 20) * 10) / 10]);
  };
  const timer = setInterval(sample, sampleMs);
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the child's own process group: Chromium goes too
    } catch {
      // already gone
    }
  }, timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  const ms = performance.now() - t0;
  clearInterval(timer);
  clearTimeout(killer);
  if (partial) lines.push([Math.round(ms), partial]);
  return { ms: Math.round(ms * 10) / 10, code, signal, peakMiB: canMeasureMemory ? Math.round((peak / 2 ** 20) * 10) / 10 : null, peakProcs, stdout, stderr, timeline, lines, errLines, timedOut };
}

/** Lines a worker prints as `@bench {json}`. */
export function reports<T>(m: Measured): T[] {
  return m.lines.filter(([, l]) => l.startsWith('@bench ')).map(([, l]) => JSON.parse(l.slice(7)) as T);
}
