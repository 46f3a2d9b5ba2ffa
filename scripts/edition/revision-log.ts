// The revision log: every edition, newest first, with the author's change lines.
import type { Brief, Datasets, RevisionEntry } from '../types.ts';

export async function revisionLog({ brief }: { brief: Brief; datasets: Datasets }): Promise<RevisionEntry[]> {
  return [...brief.editions].reverse().map((e) => ({ version: e.version, date: e.date, summary: e.summary, changes: e.changes, dataChanges: [] }));
}
