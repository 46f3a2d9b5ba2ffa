// Directive checks that need no data: known names, closed blocks, callout/country/ref attributes.
import { visit } from 'unist-util-visit';
import countries from 'i18n-iso-countries/index.js'; // without the node entry's every-locale preload
import type { Root } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import type { Reporter } from '../messages.ts';
import type { Place } from '../types.ts';
import { CALLOUT_KINDS, directiveOf, DIRECTIVES, marker } from '../directives.ts';

type Directive = ContainerDirective | LeafDirective | TextDirective;


export function placeOf(file: string, node: { position?: { start: { line: number; column: number } } }): Place {
  return { file, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

export function checkDirectives({ tree, file, source, reporter }: { tree: Root; file: string; source: string; reporter: Reporter }): void {
  // Lines as micromark counts them: a lone CR ends one too.
  const lines = source.split(/\r\n|\r|\n/);
  visit(tree, (node, index, parent) => {
    if (node.type !== 'containerDirective' && node.type !== 'leafDirective' && node.type !== 'textDirective') return;
    const d = node as Directive;
    const at = placeOf(file, d);
    // `:word` in running prose ("ratio 3:a") is text, not a directive, unless it has [label] or {attributes}.
    if (d.type === 'textDirective' && !directiveOf(d.name, 'textDirective') && d.children.length === 0 && Object.keys(d.attributes ?? {}).length === 0 && parent && index !== undefined) {
      parent.children.splice(index, 1, { type: 'text', value: `:${d.name}`, position: d.position } as never);
      return;
    }
    const spec = directiveOf(d.name, d.type);
    if (!spec) {
      const other = directiveOf(d.name);
      reporter.report(at, 'directive-unknown', { name: `${marker(d.type)}${d.name}${other ? ` (write it as ${marker(other.form)}${d.name})` : ''}` });
      return;
    }
    if (d.type === 'containerDirective') {
      const endLine = lines[(d.position?.end.line ?? 1) - 1] ?? '';
      if (!/^\s*:{3,}\s*$/.test(endLine) || d.position?.end.line === d.position?.start.line) reporter.report(at, 'directive-unclosed', { name: d.name });
    }
    if (spec.checkedBy === 'data') return; // checked with the dataset, in data/bind.ts
    const allowed = Object.keys(spec.attributes);
    for (const [k, v] of Object.entries(d.attributes ?? {})) {
      if (!allowed.includes(k)) reporter.report(at, 'directive-attribute', { name: d.name, attribute: k === 'id' ? `#${v}` : k, allowed: allowed.join(', ') || 'none' });
    }
    if (d.name === 'callout') {
      const kind = d.attributes?.kind ?? 'note';
      if (!CALLOUT_KINDS.includes(kind)) reporter.report(at, 'callout-kind', { kind, allowed: CALLOUT_KINDS.join('|') });
      const keep = d.attributes?.keep;
      if (keep !== undefined && keep !== null && keep !== 'true' && keep !== 'false') reporter.report(at, 'directive-attribute-value', { name: 'callout', attribute: 'keep', value: keep, expected: 'write keep=true to keep the box on one page, or leave it out' });
    }
    if (d.name === 'figure') {
      if (!d.attributes?.src?.trim()) reporter.report(at, 'directive-attribute-missing', { name: 'figure', attribute: 'src', description: DIRECTIVES.figure.attributes.src });
      if (!d.attributes?.alt?.trim()) reporter.report(at, 'figure-alt-missing');
    }
    if (d.name === 'country') {
      const code = d.attributes?.code;
      if (!code) reporter.report(at, 'directive-attribute-missing', { name: 'country', attribute: 'code', description: DIRECTIVES.country.attributes.code });
      else if (!/^[A-Z]{2}$/.test(code)) reporter.report(at, 'directive-attribute-value', { name: 'country', attribute: 'code', value: code, expected: 'use an ISO 3166-1 alpha-2 code in capitals, e.g. code=IT' });
      else if (!countries.isValid(code)) reporter.report(at, 'country-code-unknown', { code });
    }
    if (d.name === 'ref') {
      const id = refTarget(d as TextDirective);
      if (!id) reporter.report(at, 'directive-attribute-value', { name: 'ref', attribute: 'label', value: '', expected: 'write the id of a table, figure or chapter in brackets: :ref[tbl-stations]' });
    }
  });
}

/** The id a :ref[…] points at. */
export function refTarget(d: TextDirective): string {
  return d.children.map((c) => ('value' in c ? c.value : '')).join('').trim().replace(/^#/, '');
}
