// pdfcheck/: what a PDF misses of PDF/UA-1 (the Matterhorn checkpoints a machine can decide and
// that apply to what briefkit prints) and, for an archived edition, of PDF/A-2u. Used by
// `brief check --pdf FILE` and on every print's own output (pipeline.ts).
import { Reporter } from '../messages.ts';
import type { Diagnostic } from '../types.ts';
import { PdfFile } from './pdf.ts';
import { claimsPdfa, pdfaRules } from './pdfa.ts';
import { placesIn } from './places.ts';
import type { Structure } from './structure.ts';
import { documentRules, structureRules } from './ua.ts';

export interface PdfCheckOptions {
  /** The PDF's bytes and the name its findings are placed in. */
  bytes: Uint8Array;
  file: string;
  /** PDF/A-2u rules: always, never, or when the file's XMP claims PDF/A ('auto', the default). */
  pdfa?: boolean | 'auto';
  /** The structure-tree rules (default: on). */
  structure?: boolean;
  /** The structure tree and links as print/tags.ts just wrote them into these bytes: not read again. */
  written?: Structure;
}

export async function checkPdf({ bytes, file, pdfa = 'auto', structure = true, written }: PdfCheckOptions): Promise<Diagnostic[]> {
  const reporter = new Reporter();
  const at = placesIn(file);
  let pdf: PdfFile;
  try {
    pdf = await PdfFile.load(bytes);
  } catch (e) {
    reporter.report(at.document(), 'pdf-unreadable', { file, detail: unreadable(e) });
    return reporter.diagnostics;
  }
  documentRules(pdf, reporter, at);
  if (structure) structureRules(pdf, reporter, at, written);
  if (pdfa === true || (pdfa === 'auto' && claimsPdfa(pdf))) pdfaRules(pdf, reporter, at);
  return reporter.diagnostics;
}

/** The check of a PDF just printed: its findings as warnings (the build goes on and says what its PDF misses). */
export async function checkPrinted({ bytes, name, pdfa, written }: { bytes: Uint8Array; name: string; pdfa: boolean; written?: Structure }): Promise<Diagnostic[]> {
  const found = await checkPdf({ bytes, file: name.endsWith('.pdf') ? name : `${name}.pdf`, pdfa, written });
  return found.map((d) => ({ ...d, severity: 'warning' }));
}

/** pdf-lib's parse error, without its parser position (which means nothing to the reader). */
function unreadable(e: unknown): string {
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  if (/No PDF header found/.test(message)) return 'it does not start with a PDF header (%PDF-)';
  return message.replace(/\s*\(line:\d+ col:\d+ offset=\d+\)/, '');
}
