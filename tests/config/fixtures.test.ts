// brief.yaml as the config stage reads it: every folder under tests/fixtures/config/ holds a
// project (input/) whose content/demo/brief.yaml resolves to expected.json — the Brief's fields an
// author set or left to their defaults, and the diagnostics.
import { loadBrief } from '../../scripts/config/load.ts';
import { Reporter } from '../../scripts/messages.ts';
import type { Brief } from '../../scripts/types.ts';
import { diagnosticLines, fixtureSuite } from '../helpers/fixtures.ts';

/** What an author controls, without absolute paths (the temp root differs per run). */
function authored(b: Brief) {
  return {
    title: b.title,
    subtitle: b.subtitle ?? null,
    authors: b.authors,
    language: b.language,
    runningHeader: b.runningHeader,
    page: b.page,
    footnotes: b.footnotes,
    chapters: b.chapters.map((c) => c.file),
    datasets: b.datasets.map((d) => ({ name: d.name, path: d.path, key: d.key })),
    editions: b.editions.map((e) => ({ version: e.version, date: e.date, summary: e.summary ?? null, changes: e.changes })),
    packs: b.packs ? { dataset: b.packs.dataset, column: b.packs.column, include: b.packs.include } : null,
    listOfFigures: b.listOfFigures,
  };
}

fixtureSuite('config', async ({ input }) => {
  const reporter = new Reporter();
  const brief = await loadBrief({ root: input, name: 'demo', reporter });
  return { expected: { diagnostics: diagnosticLines(reporter.diagnostics), brief: brief ? authored(brief) : null } };
});
