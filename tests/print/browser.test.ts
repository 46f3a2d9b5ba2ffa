// print/ browser lifecycle: parallel prints in one browser, a crashed browser is relaunched, a hung
// print fails with the document's name after one retry, a BRIEF_CHROME naming no program is a
// browser-program error, and nothing is left running or lying around.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../scripts/messages.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { readPdf } from '../helpers/pdf.ts';
import { buildFixture, printOptions, projectRoot } from './fixture.ts';

const options = printOptions();
let printer: Printer;

/** Pids of this process's child processes (the browser), read from /proc. */
function children(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z') out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const tmpDirs = () => {
  const base = path.join(projectRoot, 'output', '.tmp');
  return existsSync(base) ? readdirSync(base).filter((d) => d.startsWith(`print-${process.pid}-`)) : [];
};

beforeAll(async () => {
  printer = await openPrinter({ allowedRoots: options.allowedRoots, concurrency: 3 });
});

afterAll(async () => {
  await printer?.close();
});

describe('browser', () => {
  it('prints several documents at once in one browser, each deterministic', async () => {
    const docs = [0.2, 0.3, 0.2, 0.25, 0.2].map((size, i) => buildFixture({ size, tableRows: 5 + i, title: `Pack ${i}` }));
    const results = await Promise.all(docs.map((fx, i) => printer.print({ html: fx.html, name: `pack-${i}.pdf`, options: { ...options, title: `Pack ${i}` } })));
    for (const [i, r] of results.entries()) {
      const doc = await readPdf(r.pdf);
      expect(doc.info.Title).toBe(`Pack ${i}`);
      expect(doc.pages.length).toBe(r.pages);
      expect(doc.pages[0]).toContain(`Pack ${i}`);
    }
    expect(await printer.openPages()).toBe(0); // pages are reused, none leaked
    // documents 0, 2 and 4 are the same document apart from the title
    const again = await printer.print({ html: docs[0].html, name: 'pack-0.pdf', options: { ...options, title: 'Pack 0' } });
    expect(Buffer.from(again.pdf).equals(Buffer.from(results[0].pdf))).toBe(true);
  });

  it('stays byte-identical across many concurrent prints while caches are trimmed', async () => {
    const fx = buildFixture({ size: 0.15, tableRows: 4, title: 'Same' });
    // More prints than the printer's trim interval (30), so caches are dropped in between.
    const results = await Promise.all(Array.from({ length: 36 }, (_, i) => printer.print({ html: fx.html, name: `same-${i}.pdf`, options })));
    for (const r of results) expect(Buffer.from(r.pdf).equals(Buffer.from(results[0].pdf))).toBe(true);
    expect(await printer.openPages()).toBe(0);
  });

  it('relaunches a crashed browser', async () => {
    const launches = printer.stats.launches;
    const kids = children();
    expect(kids.length).toBeGreaterThan(0);
    for (const pid of kids) process.kill(pid, 'SIGKILL');
    // The next print finds the browser dead (at once, or when its first attempt fails) and relaunches.
    const fx = buildFixture({ size: 0.2, tableRows: 4 });
    const r = await printer.print({ html: fx.html, name: 'after-crash.pdf', options });
    expect((await readPdf(r.pdf)).pages.length).toBe(r.pages);
    expect(printer.stats.launches).toBe(launches + 1);
  });

  it('fails a hung print after one retry, naming the document, and leaves nothing behind', async () => {
    const before = children().length;
    const slow = await openPrinter({ allowedRoots: options.allowedRoots, timeoutMs: 30, launchTimeoutMs: 60_000 });
    const fx = buildFixture({ size: 0.2, tableRows: 4 });
    const error = await slow.print({ html: fx.html, name: 'hung-brief.pdf', options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).diagnostic.rule).toBe('browser-failed');
    expect((error as RenderError).message).toContain('hung-brief.pdf');
    expect(slow.stats.retries).toBe(1);
    await slow.close(); // returns once its browser has exited
    expect(children().length).toBe(before);
  });

  it('reports a BRIEF_CHROME that names no file as browser-program', async () => {
    const saved = process.env.BRIEF_CHROME;
    process.env.BRIEF_CHROME = '/nonexistent/chrome';
    try {
      const error = await openPrinter({ allowedRoots: options.allowedRoots }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RenderError);
      expect((error as RenderError).diagnostic.rule).toBe('browser-program');
      expect((error as RenderError).message).toContain('BRIEF_CHROME=/nonexistent/chrome does not exist');
    } finally {
      if (saved === undefined) delete process.env.BRIEF_CHROME;
      else process.env.BRIEF_CHROME = saved;
    }
  });

  it('closes the browser and removes its temp folder', async () => {
    const own = await openPrinter({ allowedRoots: options.allowedRoots });
    const fx = buildFixture({ size: 0.2, tableRows: 4 });
    await own.print({ html: fx.html, name: 'tidy.pdf', options });
    const dirs = tmpDirs();
    await own.close();
    expect(tmpDirs().length).toBe(dirs.length - 1);
  });
});
