// Every folder under tests/fixtures/charts/ is one ::chart: case.json (dataset, alt, highlight),
// input/spec.vl.json, and what must come out: expected.json (the diagnostics, first line each) and,
// when it renders, expected.svg — or, for maps (~125 kB of country outlines), only the SVG's
// sha256 in expected.json.
import { expect } from 'vitest';
import { checkChart, renderChart } from '../../scripts/charts/render.ts';
import { Reporter } from '../../scripts/messages.ts';
import { diagnosticLines, fixtureSuite } from '../helpers/fixtures.ts';
import { request, tempCache, type Case } from './helpers.ts';
import { sha256 } from '../../scripts/hash.ts';

interface Expected {
  diagnostics: string[];
  renders: boolean;
  sha256?: string;
}

const SNAPSHOT_LIMIT = 20_000;

fixtureSuite<Case>('charts', async ({ name, config }) => {
  const { cacheDir, dispose } = tempCache();
  try {
    const reporter = new Reporter();
    const svg = await renderChart(request(name, config), { reporter, cacheDir });
    const big = svg !== null && svg.length > SNAPSHOT_LIMIT;
    const expected: Expected = { diagnostics: diagnosticLines(reporter.diagnostics), renders: svg !== null, ...(big ? { sha256: sha256(svg) } : {}) };
    // `brief check` finds the same errors without rendering (warnings need the rows and a render).
    const checker = new Reporter();
    const ok = await checkChart(request(name, config), { reporter: checker, cacheDir });
    expect(diagnosticLines(checker.diagnostics)).toEqual(expected.diagnostics.filter((d) => / error /.test(d)));
    expect(ok).toBe(!expected.diagnostics.some((d) => / error /.test(d)));
    return { expected, files: { svg: svg && !big ? svg : null } };
  } finally {
    dispose();
  }
});
