// runs/build.ts makes the HTML edition while the browser makes the PDF (printWhileMaking). Its
// guard error must still be the build's error, thrown only once the print is over: no page left
// open, nothing in flight when the command closes the printer and exits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../scripts/messages.ts';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { guardHtml } from '../../scripts/render/guard.ts';
import { printWhileMaking } from '../../scripts/runs/build.ts';
import { readPdf } from '../helpers/pdf.ts';
import { buildFixture, printOptions } from '../print/fixture.ts';

const options = printOptions();
const html = buildFixture().html;
const unsafe = '<!doctype html><html><head><title>x</title></head><body>\n<p><a href="javascript:x()">a</a></p></body></html>';
let printer: Printer;

beforeAll(async () => {
  printer = await openPrinter({ allowedRoots: options.allowedRoots });
});

afterAll(async () => {
  await printer?.close();
});

describe('the HTML edition made while the PDF prints', () => {
  it('is made once the browser is making the PDF, and both come back', async () => {
    const events: string[] = [];
    const { printed, made } = await printWhileMaking(
      (whilePrinting) => printer.print({ html, name: 'freedonia.pdf', options, whilePrinting: () => (events.push('pdf started'), whilePrinting()) }).finally(() => events.push('print over')),
      () => (events.push('edition'), 'the edition'),
    );
    expect(events).toEqual(['pdf started', 'edition', 'print over']);
    expect(made).toBe('the edition');
    expect((await readPdf(printed.pdf)).pages.join(' ')).toContain('Freedonia');
  });

  it('fails with the edition\'s guard error only after the print is over, with no page left open', async () => {
    const events: string[] = [];
    const failed = printWhileMaking(
      (whilePrinting) => printer.print({ html, name: 'freedonia.pdf', options, whilePrinting }).finally(() => events.push('print over')),
      () => guardHtml(unsafe, { output: 'demo-1.0.html' }),
    ).catch((e: unknown) => (events.push('failed'), e));
    const err = await failed;
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).diagnostic.rule).toBe('html-unsafe');
    expect(events).toEqual(['print over', 'failed']);
    expect(await printer.openPages()).toBe(0);
  });

  it('when the print fails before its PDF, still makes the edition; the print\'s error is thrown, unless the edition fails too', async () => {
    const closed = await openPrinter({ allowedRoots: options.allowedRoots });
    await closed.close();
    let made = false;
    await expect(printWhileMaking((whilePrinting) => closed.print({ html, name: 'freedonia.pdf', options, whilePrinting }), () => (made = true))).rejects.toThrow('print() after close()');
    expect(made).toBe(true);
    const both = printWhileMaking((whilePrinting) => closed.print({ html, name: 'freedonia.pdf', options, whilePrinting }), () => guardHtml(unsafe, { output: 'demo-1.0.html' }));
    await expect(both).rejects.toBeInstanceOf(RenderError);
  });
});
