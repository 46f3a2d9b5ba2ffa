// The PDF/A-2u (ISO 19005-2, level U) rules that can go wrong in what briefkit prints: the XMP
// claim, the output intent, no encryption, no forbidden actions, transparency with a blending
// colour space, Info and XMP in agreement. Fonts (embedded, ToUnicode) are checked by ua.ts's
// fontRules, which PDF/UA-1 asks for too.
import { PDFArray, PDFDict, PDFName, PDFStream } from 'pdf-lib';
import type { Reporter } from '../messages.ts';
import { PdfFile, xmpProperty } from './pdf.ts';
import type { Places } from './places.ts';

/** Does the file's XMP say it is PDF/A (any part)? Then its PDF/A rules apply. */
export function claimsPdfa(pdf: PdfFile): boolean {
  const xmp = pdf.xmp();
  return !!xmp && xmpProperty(xmp, 'pdfaid:part') !== null;
}

export function pdfaRules(pdf: PdfFile, reporter: Reporter, at: Places): void {
  const xmp = pdf.xmp();
  const part = xmp && xmpProperty(xmp, 'pdfaid:part');
  const conformance = xmp && xmpProperty(xmp, 'pdfaid:conformance');
  if (part !== '2' || conformance?.toUpperCase() !== 'U') reporter.report(at.document(), 'pdfa-xmp', { found: part ? `pdfaid:part ${part}, conformance ${conformance ?? 'none'}` : 'no pdfaid:part' });
  if (pdf.encrypted) reporter.report(at.document(), 'pdfa-encrypted');
  const intentProblem = outputIntent(pdf);
  if (intentProblem) reporter.report(at.document(), 'pdfa-output-intent', { problem: intentProblem });
  actions(pdf, reporter, at);
  annotationFlags(pdf, reporter, at);
  transparency(pdf, reporter, at, { hasIntent: intentProblem === null });
  if (xmp) infoAgrees(pdf, xmp, reporter, at);
}

/** What is wrong with the PDF/A output intent, or null. */
function outputIntent(pdf: PdfFile): string | null {
  const intents = (pdf.array(pdf.catalog, 'OutputIntents')?.asArray() ?? []).map((i) => pdf.resolve(i)).filter((i): i is PDFDict => i instanceof PDFDict);
  const pdfa = intents.find((i) => pdf.name(i, 'S') === 'GTS_PDFA1');
  if (!pdfa) return 'there is no PDF/A output intent (/OutputIntents with /S /GTS_PDFA1)';
  const profile = pdf.streamBytes(pdfa.get(PDFName.of('DestOutputProfile')));
  if (!profile) return 'the PDF/A output intent has no readable ICC profile (/DestOutputProfile)';
  // ICC header: the data colour space at bytes 16–19. briefkit paints in RGB.
  const space = Buffer.from(profile.subarray(16, 20)).toString('latin1');
  if (space !== 'RGB ') return `the output intent's ICC profile is for ${space.trim() || 'an unknown'} colour, not RGB`;
  return null;
}

/** Actions ISO 19005-2 6.5.1 forbids; GoTo, GoToR, URI, Named (with limits) and the like are allowed. */
const FORBIDDEN_ACTIONS = new Set(['JavaScript', 'Launch', 'Sound', 'Movie', 'ResetForm', 'ImportData', 'Hide', 'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView']);

function actions(pdf: PdfFile, reporter: Reporter, at: Places): void {
  const found = new Set<string>();
  for (const d of pdf.dictionaries()) {
    const s = pdf.name(d, 'S');
    if (s && FORBIDDEN_ACTIONS.has(s) && pdf.name(d, 'Type') !== 'StructElem') found.add(`a ${s} action`);
    if (d.has(PDFName.of('AA'))) found.add('an additional-actions dictionary (/AA)');
  }
  if (pdf.dict(pdf.dict(pdf.catalog, 'Names'), 'JavaScript')) found.add('document JavaScript (/Names /JavaScript)');
  for (const action of [...found].sort()) reporter.report(at.document(), 'pdfa-action', { action });
}

/** Annotation flags: Print (4) set; Invisible (1), Hidden (2), NoView (32), ToggleNoView (256) clear. */
function annotationFlags(pdf: PdfFile, reporter: Reporter, at: Places): void {
  for (const { page, node } of pdf.pageResources()) {
    let bad = 0;
    for (const a of pdf.array(node, 'Annots')?.asArray() ?? []) {
      const annot = pdf.resolve(a);
      if (!(annot instanceof PDFDict) || pdf.name(annot, 'Subtype') === 'Popup') continue;
      const flags = pdf.number(annot, 'F') ?? 0;
      if (!(flags & 4) || flags & (1 | 2 | 32 | 256)) bad++;
    }
    if (bad) reporter.report(at.page(page), 'pdfa-annotation-print', { count: bad });
  }
}

/** Where a page uses transparency, what kind; null when it draws opaquely. */
function transparencyOf(pdf: PdfFile, resources: PDFDict[]): string | null {
  for (const res of resources) {
    for (const [, v] of pdf.dict(res, 'ExtGState')?.entries() ?? []) {
      const gs = pdf.resolve(v);
      if (!(gs instanceof PDFDict)) continue;
      const smask = pdf.get(gs, 'SMask');
      if (smask && !(smask instanceof PDFName && smask.decodeText() === 'None')) return 'a soft mask';
      for (const k of ['CA', 'ca']) if ((pdf.number(gs, k) ?? 1) < 1) return 'opacity below 1';
      const bm = pdf.get(gs, 'BM');
      const mode = bm instanceof PDFName ? bm.decodeText() : bm instanceof PDFArray ? 'array' : 'Normal';
      if (mode !== 'Normal' && mode !== 'Compatible') return `blend mode ${mode}`;
    }
    for (const [, v] of pdf.dict(res, 'XObject')?.entries() ?? []) {
      const x = pdf.resolve(v);
      if (!(x instanceof PDFStream)) continue;
      if (x.dict.has(PDFName.of('SMask'))) return 'an image with a soft mask';
      if (pdf.name(pdf.dict(x.dict, 'Group'), 'S') === 'Transparency') return 'a transparency group';
    }
  }
  return null;
}

function transparency(pdf: PdfFile, reporter: Reporter, at: Places, { hasIntent }: { hasIntent: boolean }): void {
  // With a PDF/A output intent, that intent's colour space is the blending space (6.4).
  if (hasIntent) return;
  for (const { page, node, resources } of pdf.pageResources()) {
    if (pdf.get(pdf.dict(node, 'Group'), 'CS')) continue;
    const what = transparencyOf(pdf, resources);
    if (what) reporter.report(at.page(page), 'pdfa-transparency', { what });
  }
}

/** D:YYYYMMDDHHmmSS+HH'mm' → epoch ms (missing parts default as the PDF reference says). */
function infoDate(s: string): number | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', tz = 'Z'] = m;
  const zone = tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5)}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${se}${zone}`);
  return Number.isNaN(t) ? null : t;
}

const INFO_XMP: [string, string, 'text' | 'date'][] = [
  ['Title', 'dc:title', 'text'],
  ['Author', 'dc:creator', 'text'],
  ['Subject', 'dc:description', 'text'],
  ['Keywords', 'pdf:Keywords', 'text'],
  ['Creator', 'xmp:CreatorTool', 'text'],
  ['Producer', 'pdf:Producer', 'text'],
  ['CreationDate', 'xmp:CreateDate', 'date'],
  ['ModDate', 'xmp:ModifyDate', 'date'],
];

function infoAgrees(pdf: PdfFile, xmp: string, reporter: Reporter, at: Places): void {
  const info = pdf.info();
  for (const [field, property, kind] of INFO_XMP) {
    const value = info[field];
    if (value === undefined) continue;
    const other = xmpProperty(xmp, property);
    const same = other !== null && (kind === 'date' ? infoDate(value) === Date.parse(other) : value === other);
    if (!same) reporter.report(at.document(), 'pdfa-info-xmp', { field, info: JSON.stringify(value), xmp: other === null ? `no ${property}` : `${property} ${JSON.stringify(other)}` });
  }
}

