// Ending the browser: its process group, or every browser started with a given profile folder.
// Apart from the puppeteer-driven rest of print/, so the caller's side of the printer thread can
// kill what the thread launched without loading puppeteer.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';

/**
 * SIGKILL the browser and every process it started. Puppeteer spawns it as the leader of its own
 * process group, so the group outlives a crashed leader and a kill of the group reaches helpers
 * the leader left behind.
 */
export function killBrowserProcesses(b: Browser): void {
  const pid = b.process()?.pid;
  if (pid) killWithGroup(pid);
}

/** SIGKILL the process group `pid` leads, and the process itself. */
function killWithGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // not a group leader, or already gone
    }
  }
}

/**
 * SIGKILL every browser process started with `userDataDir` (and its group). While puppeteer is
 * still launching, the browser's process is not ours to kill yet; a Ctrl-C then must not leave it
 * running, writing into a profile folder that is being removed. Linux (/proc) only; elsewhere a
 * launching browser exits with its pipe when the process ends. `under`: every profile inside the
 * folder `userDataDir` instead.
 */
export function killProcessesWithProfile(userDataDir: string, { under = false }: { under?: boolean } = {}): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return;
  }
  const flag = `--user-data-dir=${userDataDir}`;
  const named = under ? (a: string) => a.startsWith(`${flag}${path.sep}`) : (a: string) => a === flag;
  for (const pid of pids) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.split('\0').some(named)) killWithGroup(Number(pid));
  }
}
