// The artifact pass of print/tags.ts on content streams written the way Skia writes them, and
// its refusal to touch files of another shape. (No browser: the tagged PDFs themselves are
// checked in tags.test.ts.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { tagStructure } from '../../scripts/print/tags.ts';
import { markContent, wrapUnmarked } from '../../scripts/print/artifacts.ts';
import { markContents } from '../../scripts/print/artifact-thread.ts';

/** Marked-content operators in order, as a short string: B(egin) and E(nd), A for an artifact. */
const nesting = (s: string) => Array.from(s.matchAll(/\/Artifact BMC|BDC|BMC|EMC/g), (m) => (m[0] === '/Artifact BMC' ? 'A' : m[0] === 'EMC' ? 'E' : 'B')).join('');

describe('wrapUnmarked', () => {
  it('wraps a rule drawn outside marked content, path and all, and closes before the next marked content', () => {
    const src = 'q\n.5 .5 .5 rg\n76 2304 642 1 re\nf\nQ\n/NonStruct <</MCID 0 >>BDC\nBT\n/F4 8 Tf\n<0041> Tj\nET\nEMC\n';
    const out = wrapUnmarked(src)!;
    expect(out).toBe('q\n.5 .5 .5 rg\n/Artifact BMC\n76 2304 642 1 re\nf\nQ\nEMC\n/NonStruct <</MCID 0 >>BDC\nBT\n/F4 8 Tf\n<0041> Tj\nET\nEMC\n');
  });

  it('wraps unmarked text inside its text object, from its operand, and around /ActualText spans', () => {
    const src = 'BT\n/F4 8 Tf\n1 0 0 -1 75 2299 Tm\n<00F3> Tj\n/Span<</ActualText (v) >> BDC\n6.9 0 Td <0039> Tj\nEMC\n[<0001> 3 <0002>] TJ\nET\n';
    const out = wrapUnmarked(src)!;
    expect(out).toBe('BT\n/F4 8 Tf\n1 0 0 -1 75 2299 Tm\n/Artifact BMC\n<00F3> Tj\n/Span<</ActualText (v) >> BDC\n6.9 0 Td <0039> Tj\nEMC\n[<0001> 3 <0002>] TJ\nEMC\nET\n');
    expect(nesting(out)).toBe('ABEE');
  });

  it('leaves clipping paths and marked content alone, and reads no operator inside a string', () => {
    const src = 'q\n0 0 2480 3507 re\nW* n\n/P <</MCID 3 >>BDC\nBT\n(f S re Tj) Tj\nET\nEMC\nQ\n';
    expect(wrapUnmarked(src)).toBeNull();
  });

  it('keeps artifacts inside one text object and properly nested', () => {
    const src = 'BT\n<0001> Tj\nET\nBT\n/P <</MCID 0 >>BDC\n<0002> Tj\nEMC\n<0003> Tj\nET\n0 0 1 1 re\nf\n';
    const out = wrapUnmarked(src)!;
    expect(nesting(out)).toBe('AEBEAEAE');
    expect(out.endsWith('0 0 1 1 re\nf\n\nEMC\n')).toBe(true);
    expect(out).toContain('/Artifact BMC\n<0001> Tj\nEMC\nET\n');
  });

  it('refuses streams with inline images', () => {
    expect(wrapUnmarked('q\nBI /W 1 /H 1 ID x EI\nQ\n')).toBeNull();
  });
});

describe('tagStructure', () => {
  it('returns a file of another shape (object streams, no structure tree) as it came', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]).drawText('x');
    const bytes = await doc.save({ useObjectStreams: true });
    const out = await tagStructure(bytes);
    expect(out.pdf).toBe(bytes);
    expect(out.stats).toEqual({ before: 0, after: 0 });
  });
});

describe('the artifact thread', () => {
  const page = (n: number) => `q\n.5 .5 .5 rg\n76 ${n} 642 1 re\nf\nQ\n/P <</MCID 0 >>BDC\nBT\n<0041> Tj\nET\nEMC\nBT\n<00${n % 90}> Tj\nET\n`;

  it("marks every stream as the caller's thread would, each in its own encoding", async () => {
    const streams = [
      { data: deflateSync(Buffer.from(page(10), 'latin1')), flate: true },
      { data: Buffer.from(page(20), 'latin1'), flate: false },
      { data: deflateSync(Buffer.from('/P <</MCID 0 >>BDC\nEMC\n', 'latin1')), flate: true }, // nothing to mark
      { data: Buffer.from('not deflate data'), flate: true }, // unreadable: left alone
    ];
    const here = streams.map(markContent);
    const there = await markContents(streams).finish({ help: false });
    const shared = await markContents(streams).finish(); // whichever thread is free takes the next
    const hex = (list: (Uint8Array | null)[]) => list.map((d) => (d ? Buffer.from(d).toString('hex') : null));
    expect(hex(there)).toEqual(hex(here));
    expect(hex(shared)).toEqual(hex(here));
    expect(inflateSync(there[0]!).toString('latin1')).toContain('/Artifact BMC\n76 10 642 1 re\nf\nQ\nEMC\n');
    expect(Buffer.from(there[1]!).toString('latin1')).toContain('/Artifact BMC\n<0020> Tj\nEMC\nET\n');
    expect(there.slice(2)).toEqual([null, null]);
  });

  it('never keeps a process alive: one that started the thread, used or not, exits by itself', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const thread = pathToFileURL(new URL('../../scripts/print/artifact-thread.ts', import.meta.url).pathname).href;
    for (const use of ['startArtifactThread()', 'await markContents([{ data: new TextEncoder().encode("0 0 1 1 re\\nf\\n"), flate: false }]).finish()']) {
      const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', `const { startArtifactThread, markContents } = await import(${JSON.stringify(thread)}); ${use}; console.log('done');`], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const [code] = await once(child, 'exit');
      expect({ use, code, out: out.trim() }).toEqual({ use, code: 0, out: 'done' });
    }
  });
});
