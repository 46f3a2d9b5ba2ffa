// The one way into the printer for every caller (build, release, packs, redline, dev): print, then
// turn what could not be made to fit and what the sandbox refused into located warnings: nothing the author wrote is silently lost from a page.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Reporter } from '../messages.ts';
import type { Brief, Diagnostic, Place } from '../types.ts';
import type { Overflow } from './paginate/types.ts';
import type { Printer, PrintInput, PrintResult } from './printer.ts';
import type { Structure } from '../pdfcheck/structure.ts';

export interface PrintedDocument {
  pdf: Uint8Array;
  pages: number;
  timings: Record<string, number>;
  /** `page-overflow` and `request-blocked` warnings, in page order. */
  warnings: Diagnostic[];
  /** The structure tree and links the printer wrote into `pdf` (PrintResult.structure). */
  structure?: Structure;
}

export async function printDocument({ printer, input, brief }: { printer: Printer; input: PrintInput; brief: Brief }): Promise<PrintedDocument> {
  const out = await printer.print(input);
  return { pdf: out.pdf, pages: out.pages, timings: out.timings, warnings: printWarnings({ brief, document: input.name, result: out }), structure: out.structure };
}

export function printWarnings({ brief, document, result }: { brief: Brief; document: string; result: Pick<PrintResult, 'overflow' | 'refused'> }): Diagnostic[] {
  const reporter = new Reporter();
  const fallback: Place = { file: brief.file, line: 1, column: 1 };
  // A block that runs over several pages is reported once, on its first.
  const seen = new Set<string>();
  for (const o of [...result.overflow].sort((a, b) => a.page - b.page)) {
    const key = `${o.src ?? ''} ${o.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reporter.report(placeOf(o) ?? fallback, 'page-overflow', { page: o.page, document, kind: o.kind, what: o.kind === 'wide' ? 'this block is wider than the page and runs off its edge' : 'this block is taller than the page and was cut off' });
  }
  for (const url of new Set(result.refused)) reporter.report(locateRequest(brief, url) ?? fallback, 'request-blocked', { url });
  return reporter.diagnostics;
}

/** data-src is `file:line:col`, the file relative to the project root. */
function placeOf(o: Overflow): Place | null {
  const m = o.src ? /^(.+):(\d+):(\d+)$/.exec(o.src) : null;
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : null;
}

/**
 * Where a refused URL came from: the first template file of the brief (CSS or partial) that names
 * its file. What the author wrote may differ from the resolved URL, so this is a best effort.
 */
function locateRequest(brief: Brief, url: string): Place | null {
  let name: string;
  try {
    name = url.startsWith('file:') ? path.basename(fileURLToPath(url)) : url;
  } catch {
    return null;
  }
  if (!name) return null;
  const dir = path.join(brief.dir, 'templates');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.(css|hbs)$/.test(f)).sort();
  } catch {
    return null;
  }
  for (const f of files) {
    const abs = path.join(dir, f);
    if (!statSync(abs).isFile()) continue;
    const lines = readFileSync(abs, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const col = lines[i].indexOf(name);
      if (col >= 0) return { file: path.relative(brief.root, abs).split(path.sep).join('/'), line: i + 1, column: col + 1 };
    }
  }
  return null;
}

/** --strict: every warning is an error, and says so. */
export function asErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, severity: 'error' }));
}
