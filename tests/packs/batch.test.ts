// Packs in bulk: 100 packs in one run leave no browser page or process behind, and a browser
// that crashes mid-run is relaunched while every pack still gets written.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPacks } from '../../scripts/runs/packs.ts';
import { pipelineContext } from '../../scripts/pipeline.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { fontDirs } from '../../scripts/render/fonts.ts';
import { removeProject } from '../helpers/project.ts';
import { BRIEF, childProcesses, FIVE, packsProject } from './fixture.ts';

const parent = mkdtempSync(path.join(tmpdir(), 'briefkit-packs-'));
afterAll(() => removeProject(parent));

const browsers = () => childProcesses().filter((p) => /chrom/i.test(p.name));

describe('packs in bulk', () => {
  it('renders 100 packs in one browser and leaves no page or process behind', { timeout: 600_000 }, async () => {
    const root = packsProject({ parent, countries: 100 });
    expect(browsers()).toEqual([]);
    const printer = await openPrinter({ allowedRoots: [parent, ...fontDirs()], concurrency: 2 });
    let peak = 0;
    const sampler = setInterval(() => void printer.openPages().then((n) => (peak = Math.max(peak, n)), () => undefined), 100);
    try {
      const result = await buildPacks(pipelineContext(root), { name: BRIEF, printer, concurrency: 2 });
      expect(result.failed).toEqual([]);
      expect(result.built.length).toBe(100);
    } finally {
      clearInterval(sampler);
    }
    expect(printer.stats.launches).toBe(1);
    expect(printer.stats.prints).toBe(100);
    // Never more than the lanes, plus one page whose close lagged behind its print: no build-up.
    expect(peak, 'pages open at once').toBeLessThanOrEqual(3);
    expect(await printer.openPages(), 'pages left open').toBe(0);
    expect(browsers().length, 'one browser while the printer is open').toBe(1);
    await printer.close();
    expect(childProcesses(), 'processes left after close()').toEqual([]);
    const tmp = path.join(parent, 'output', '.tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  });

  it('relaunches a browser that crashes mid-run, and every pack is still written', async () => {
    const root = packsProject({ parent });
    const printer = await openPrinter({ allowedRoots: [parent, ...fontDirs()], concurrency: 2 });
    let killed = false;
    const crashing: Printer = {
      stats: printer.stats,
      close: () => printer.close(),
      openPages: () => printer.openPages(),
      warm: (text, languages) => printer.warm(text, languages),
      print(input) {
        if (!input.name.endsWith('-CL.pdf')) return printer.print(input);
        // Killed once the browser is making this pack's PDF (the printer's cue), not after a fixed
        // time: on a busy machine the print had sometimes ended by then, and no print was retried.
        const whilePrinting = () => {
          if (!killed) {
            killed = true;
            browsers().forEach((p) => process.kill(p.pid, 'SIGKILL'));
          }
          input.whilePrinting?.();
        };
        return printer.print({ ...input, whilePrinting });
      },
    };
    try {
      const result = await buildPacks(pipelineContext(root), { name: BRIEF, printer: crashing, concurrency: 2 });
      expect(killed).toBe(true);
      expect(result.failed).toEqual([]);
      expect(result.built.map((b) => b.country)).toEqual(FIVE);
      expect(printer.stats.launches).toBe(2);
      expect(printer.stats.retries).toBeGreaterThanOrEqual(1);
    } finally {
      await printer.close();
    }
    expect(childProcesses()).toEqual([]);
  });
});
