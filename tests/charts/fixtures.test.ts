// Every folder under tests/fixtures/charts/ is one ::chart: case.json (dataset,
// alt, highlight), spec.vl.json, and what must come out: expected.json (the
// diagnostics, first line each) and, when it renders, expected.svg — or, for
// maps (~125 kB of country outlines), only the SVG's sha256 in expected.json.
// UPDATE=1 npm test rewrites them; review the diff like code.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChart, renderChart } from '../../scripts/charts/render.ts';
import { Reporter } from '../../scripts/messages.ts';
import { FIXTURES, lines, request, tempCache, type Case } from './helpers.ts';

const cases = readdirSync(FIXTURES).filter((d) => existsSync(path.join(FIXTURES, d, 'case.json'))).sort();

interface Expected {
  diagnostics: string[];
  renders: boolean;
  sha256?: string;
}

const SNAPSHOT_LIMIT = 20_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('chart fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const dir = path.join(FIXTURES, name);
    const c = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
    const { cacheDir, dispose } = tempCache();
    try {
      const reporter = new Reporter();
      const svg = await renderChart(request(name, c), { reporter, cacheDir });
      const big = svg !== null && svg.length > SNAPSHOT_LIMIT;
      const got: Expected = { diagnostics: lines(reporter), renders: svg !== null, ...(big ? { sha256: sha256(svg) } : {}) };
      const svgFile = path.join(dir, 'expected.svg');
      if (process.env.UPDATE) {
        writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(got, null, 2)}\n`);
        if (svg && !big) writeFileSync(svgFile, svg);
        else rmSync(svgFile, { force: true });
        return;
      }
      const want = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
      expect(got).toEqual(want);
      if (svg && !big) expect(svg).toBe(readFileSync(svgFile, 'utf8'));

      // `brief check` finds the same errors without rendering (warnings need the rows and a render).
      const checker = new Reporter();
      const ok = await checkChart(request(name, c), { reporter: checker, cacheDir });
      expect(lines(checker)).toEqual(want.diagnostics.filter((d) => / error /.test(d)));
      expect(ok).toBe(!want.diagnostics.some((d) => / error /.test(d)));
    } finally {
      dispose();
    }
  });
});
