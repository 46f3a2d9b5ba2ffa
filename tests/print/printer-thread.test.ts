// print/printer-thread.ts: the commands' printer, on a thread of its own. Asserted on what a caller
// gets: the same PDF as the printer in the caller's thread (finished on the caller's side, with its
// structure tree for the check), the cue to work while the browser prints, errors that keep their
// rule, and nothing left after close.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../scripts/messages.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { openPrinterThread } from '../../scripts/print/printer-thread.ts';
import { readPdf } from '../helpers/pdf.ts';
import { childProcesses } from '../packs/fixture.ts';
import { makeProject } from '../helpers/project.ts';
import { buildFixture, printedHere, printOptions } from './fixture.ts';

const options = printOptions();
const html = buildFixture().html;
let printer: Printer;
const roots: string[] = [];

beforeAll(async () => {
  printer = await openPrinterThread({ allowedRoots: options.allowedRoots });
});

afterAll(async () => {
  await printer?.close();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('the printer thread', () => {
  it('prints what the printer in the caller\'s thread prints, checked, with the cue while the PDF is made', async () => {
    const events: string[] = [];
    const printing = printer.print({ html, name: 'freedonia.pdf', options, whilePrinting: () => events.push('pdf started') }).then((r) => (events.push('printed'), r));
    const out = await printing;
    expect(events).toEqual(['pdf started', 'printed']);
    expect(printer.stats.prints).toBe(1);
    expect(out.unfinished).toBeUndefined(); // finished on this side: tagged, with its tree for the check
    expect(out.structure?.tree?.length).toBeGreaterThan(0);
    expect(out.timings.tags).toBeGreaterThan(0);
    const pdf = await readPdf(out.pdf);
    expect(pdf.pages[0]).toContain('Freedonia');

    expect(Buffer.from(out.pdf).equals(Buffer.from(await printedHere(html, options)))).toBe(true);
    expect(await printer.openPages()).toBe(0);
  });

  it('gives a browser that cannot start as the same rendering error, and leaves no temp folder', async () => {
    const root = makeProject({});
    roots.push(root);
    const saved = process.env.BRIEF_CHROME;
    process.env.BRIEF_CHROME = path.join(root, 'no-such-chrome');
    try {
      const failed = await openPrinterThread({ allowedRoots: [root] }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(RenderError);
      expect((failed as RenderError).diagnostic).toMatchObject({ rule: 'browser-program', file: path.join(root, 'no-such-chrome') });
    } finally {
      if (saved === undefined) delete process.env.BRIEF_CHROME;
      else process.env.BRIEF_CHROME = saved;
    }
    expect(existsSync(path.join(root, 'output'))).toBe(false);
  });

  it('closes: its browser and temp folder gone, and a print after close refused', async () => {
    const root = makeProject({});
    roots.push(root);
    const closing = await openPrinterThread({ allowedRoots: [root, ...options.allowedRoots.slice(1)] });
    const tmp = path.join(root, 'output', '.tmp');
    expect(readdirSync(tmp).filter((n) => n.startsWith(`print-${process.pid}-`))).toHaveLength(1);
    await closing.close();
    expect(existsSync(path.join(root, 'output'))).toBe(false);
    await expect(closing.print({ html, name: 'x.pdf', options })).rejects.toThrow('print() after close()');
    expect(await closing.openPages()).toBe(0);
  });
});

describe('the last print', () => {
  it('ends the browser once its PDF is made, before close(); a print after it starts another', async () => {
    const others = new Set(childProcesses().map((p) => p.pid)); // the other tests' printer's browser
    const browsers = () => childProcesses().filter((p) => /chrom/i.test(p.name) && !others.has(p.pid));
    const here = await openPrinter({ allowedRoots: options.allowedRoots });
    try {
      expect(browsers()).toHaveLength(1);
      const last = await here.print({ html, name: 'freedonia.pdf', options, last: true });
      expect((await readPdf(last.pdf)).pages[0]).toContain('Freedonia');
      expect(browsers()).toEqual([]);
      expect(await here.openPages()).toBe(0);
      const again = await here.print({ html, name: 'freedonia.pdf', options });
      expect(Buffer.from(again.pdf).equals(Buffer.from(last.pdf))).toBe(true);
      expect(here.stats.launches).toBe(2);
    } finally {
      await here.close();
    }
    expect(browsers()).toEqual([]);
  });
});
