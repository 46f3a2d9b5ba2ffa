// print/ sandbox: the renderer loads only files under the allowed roots; every network request and
// every file outside them is refused, recorded, and never leaves the machine.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrinter, type Printer } from '../../scripts/print/index.ts';
import { readPdf } from '../helpers/pdf.ts';
import { buildFixture, printOptions } from './fixture.ts';

let printer: Printer;
let server: Server;
let hits: string[] = [];
let port = 0;
const options = printOptions();

beforeAll(async () => {
  // A local server stands in for the network: any request that got out would show up here.
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  printer = await openPrinter({ allowedRoots: options.allowedRoots });
});

afterAll(async () => {
  await printer?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('sandbox', () => {
  it('refuses network and out-of-root files, and nothing reaches the network', async () => {
    const local = `http://127.0.0.1:${port}`;
    const urls = {
      img: 'https://example.com/x.png',
      css: `${local}/style.css`,
      localImg: `${local}/pixel.png`,
      passwd: 'file:///etc/passwd',
      frame: 'file:///etc/hostname',
      background: `${local}/background.png`,
      font: `${local}/font.woff2`,
    };
    const inject =
      `<p>Outside resources follow.</p><img src="${urls.img}" alt=""><link rel="stylesheet" href="${urls.css}">` +
      `<img src="${urls.localImg}" alt=""><img src="${urls.passwd}" alt=""><iframe src="${urls.frame}"></iframe>` +
      `<div style="background-image: url('${urls.background}'); height: 4px"></div>` +
      `<style>@font-face { font-family: Leak; src: url('${urls.font}') } .leak { font-family: Leak }</style><p class="leak">leak</p>`;
    const fx = buildFixture({ inject, size: 0.3, tableRows: 6 });
    const before = printer.stats.networkRequests;
    hits = [];
    const r = await printer.print({ html: fx.html, name: 'sandbox.pdf', options });
    for (const url of Object.values(urls)) expect(r.refused, url).toContain(url);
    expect(hits).toEqual([]);
    expect(printer.stats.networkRequests - before).toBeGreaterThanOrEqual(6);
    // the document still printed, from its own files
    const doc = await readPdf(r.pdf);
    expect(doc.pages.join('\n')).toContain('Outside resources follow.');
    expect(doc.pages.join('\n')).not.toContain('root:x:0:0');
  });

  it('loads fonts from the allowed package folders and nothing is refused for a clean brief', async () => {
    const fx = buildFixture({ size: 0.2, tableRows: 4 });
    const r = await printer.print({ html: fx.html, name: 'clean.pdf', options });
    expect(r.refused).toEqual([]);
    const doc = await readPdf(r.pdf);
    expect(doc.fonts.every((f) => f.startsWith('Noto'))).toBe(true);
  });

  it('refuses a file under the project when it is not an allowed root', async () => {
    const fx = buildFixture({ size: 0.2, tableRows: 4 });
    const narrow = await openPrinter({ allowedRoots: [options.allowedRoots[0] + '/output'] });
    try {
      const r = await narrow.print({ html: fx.html, name: 'narrow.pdf', options });
      // the fonts live in node_modules, outside output/: refused, named in the list
      expect(r.refused.some((u) => u.includes('/node_modules/@fontsource/'))).toBe(true);
      expect((await readPdf(r.pdf)).pages.length).toBeGreaterThan(1);
    } finally {
      await narrow.close();
    }
  });
});
