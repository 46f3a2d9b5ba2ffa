// The revision log: every edition, newest first, with the author's change lines and the data changes
// found by comparing each edition's datasets with those archived in the release before it.
import { Reporter } from '../messages.ts';
import type { Brief, Datasets, Edition, RevisionEntry } from '../types.ts';
import { currentEdition, loadBrief } from '../config/load.ts';
import { loadDatasets } from '../data/load.ts';
import { describeDataDiff, diffDatasets } from './data-diff.ts';
import path from 'node:path';
import { previousRelease, readManifest, releaseDir, releasesRoot, snapshotRoot } from './releases.ts';
import { assertSnapshotIntact } from './verify.ts';
import { citedWorks, sourceChangeLines } from '../cite/changes.ts';
import { wordsFor } from '../words/index.ts';

// Releases never change, so each archived dataset is read once per process.
const archived = new Map<string, Promise<Datasets | null>>();

/**
 * The datasets archived with a release, or null when its sources cannot be read. Throws UserError
 * (release-tampered) when they differ from the release's manifest: a false data diff is worse than none.
 */
export function releasedDatasets(brief: Brief, version: string): Promise<Datasets | null> {
  const project = path.dirname(path.dirname(releasesRoot(brief)));
  assertSnapshotIntact({ project, dir: releaseDir(brief, version), use: 'compute the data changes in the revision log' });
  const root = snapshotRoot(brief, version);
  const key = `${root}\0${readManifest(brief, version)?.sourceHash ?? ''}`;
  let found = archived.get(key);
  if (!found) {
    found = (async () => {
      const reporter = new Reporter();
      const old = await loadBrief({ root, name: brief.name, reporter });
      if (!old) return null;
      const datasets = await loadDatasets({ brief: old, reporter });
      return reporter.hasErrors ? null : datasets;
    })();
    archived.set(key, found);
  }
  return found;
}

/** One line per dataset and kind of change, datasets in the newer edition's order. */
export function dataChangeLines(before: Datasets, after: Datasets, language: string): string[] {
  const words = wordsFor(language);
  const lines: string[] = [];
  for (const [name, next] of after) {
    const old = before.get(name);
    if (!old) lines.push(words.t('dataNewDataset', { dataset: name, count: next.rows.length }));
    else lines.push(...describeDataDiff(diffDatasets(old, next), language));
  }
  for (const name of before.keys()) if (!after.has(name)) lines.push(words.t('dataDatasetRemoved', { dataset: name }));
  return lines;
}

/** Edition N's data against release N−1's: the working data for the edition being built, the archive for released ones. */
async function dataChanges(brief: Brief, edition: Edition, working: Datasets): Promise<Pick<RevisionEntry, 'dataChanges' | 'dataSince'>> {
  const previous = previousRelease(brief, edition.version);
  if (!previous) return { dataChanges: [] };
  const isCurrent = edition === currentEdition(brief);
  const after = isCurrent ? working : readManifest(brief, edition.version) ? await releasedDatasets(brief, edition.version) : null;
  const before = await releasedDatasets(brief, previous);
  const sources = await sourceChanges(brief, isCurrent ? brief : await releasedBrief(brief, edition.version), previous);
  return after && before ? { dataChanges: [...dataChangeLines(before, after, brief.language), ...sources], dataSince: previous } : { dataChanges: sources, ...(sources.length ? { dataSince: previous } : {}) };
}

/** The brief as archived with a release. */
async function releasedBrief(brief: Brief, version: string): Promise<Brief | null> {
  return loadBrief({ root: snapshotRoot(brief, version), name: brief.name, reporter: new Reporter() });
}

/**
 * Works cited by this edition and not the previous release, or the reverse. Only between two
 * editions that both keep a bibliography: before one, works were cited in plain notes.
 */
async function sourceChanges(brief: Brief, edition: Brief | null, previous: string): Promise<string[]> {
  if (!edition?.citations) return [];
  const old = await releasedBrief(brief, previous);
  if (!old?.citations) return [];
  return sourceChangeLines(await citedWorks(old), await citedWorks(edition), brief.language);
}

export async function revisionLog({ brief, datasets }: { brief: Brief; datasets: Datasets }): Promise<RevisionEntry[]> {
  const editions = [...brief.editions].reverse();
  return Promise.all(editions.map(async (e) => ({ version: e.version, date: e.date, summary: e.summary, changes: e.changes, ...(await dataChanges(brief, e, datasets)) })));
}
