// brief.yaml's citation keys → CitationSpec: paths checked like every other path a brief names.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Reporter } from '../messages.ts';
import type { CitationSpec, Place } from '../types.ts';
import { resolveInside } from './paths.ts';

export type BibFormat = 'bibtex' | 'csljson' | 'ris';

/** A bibliography file's format, by its extension. */
export function formatOf(file: string): BibFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.bib' || ext === '.bibtex' || ext === '.biblatex') return 'bibtex';
  if (ext === '.json') return 'csljson';
  if (ext === '.ris') return 'ris';
  return null;
}

export const DEFAULT_STYLE = 'chicago-fullnote-bibliography';

interface RawCitations {
  bibliography?: string | string[];
  citation_style?: string;
  bibliography_title?: string | false;
  nocite?: string[];
}

export function resolveCitations({ root, dir, raw, place, reporter }: { root: string; dir: string; raw: RawCitations; place: (parts: (string | number)[]) => Place; reporter: Reporter }): CitationSpec | undefined {
  if (raw.bibliography === undefined) return undefined;
  const written = typeof raw.bibliography === 'string' ? [raw.bibliography] : raw.bibliography;
  const files: CitationSpec['files'] = [];
  written.forEach((p, i) => {
    const at = place(typeof raw.bibliography === 'string' ? ['bibliography'] : ['bibliography', i]);
    const r = resolveInside({ root, base: dir, p });
    if (!r.ok) return reporter.report(at, r.rule, { path: p });
    if (!formatOf(r.rel)) return reporter.report(at, 'bib-format', { path: r.rel });
    if (!existsSync(r.abs) || !statSync(r.abs).isFile()) return reporter.report(at, 'bib-missing', { path: r.rel });
    files.push({ path: r.rel, place: at });
  });
  const stylePlace = place(raw.citation_style === undefined ? ['bibliography'] : ['citation_style']);
  let style: CitationSpec['style'] = { name: raw.citation_style ?? DEFAULT_STYLE, place: stylePlace };
  if (raw.citation_style?.toLowerCase().endsWith('.csl')) {
    const r = resolveInside({ root, base: dir, p: raw.citation_style });
    if (!r.ok) reporter.report(stylePlace, r.rule, { path: raw.citation_style });
    else if (!existsSync(r.abs) || !statSync(r.abs).isFile()) reporter.report(stylePlace, 'csl-missing', { path: r.rel });
    else style = { file: r.rel, place: stylePlace };
  }
  return {
    files,
    style,
    title: raw.bibliography_title === undefined ? null : raw.bibliography_title,
    nocite: raw.nocite ?? [],
    nocitePlace: place(raw.nocite ? ['nocite'] : ['bibliography']),
  };
}
