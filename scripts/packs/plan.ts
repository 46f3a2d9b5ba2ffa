// Which packs a run makes and how one that failed is told: the countries chosen by --country and
// --shard, and a failure sorted into content (exit 1) or render (exit 3).
import { RenderError, Reporter, UsageError, UserError, type RuleCall } from '../messages.ts';
import type { Brief, Diagnostic, Place } from '../types.ts';
import { by, inShard, type PackCountry, type Shard } from './countries.ts';
import type { PackFailureEntry } from './listing.ts';

export interface PackFailure extends PackFailureEntry {
  /** content: the sources or data (exit 1); render: the browser or the renderer (exit 3). */
  kind: 'content' | 'render';
  diagnostics: Diagnostic[];
}

export function packProblem(place: Place, call: RuleCall<'pack-country-unknown' | 'pack-code-invalid' | 'pack-failed'>): Diagnostic {
  const r = new Reporter();
  r.reportCall(place, call);
  return r.diagnostics[0];
}

/** --country codes → the data's countries; an unknown code is a usage error listing the valid ones. */
export function chooseCountries(all: PackCountry[], brief: Brief, only: string[] | undefined, shard: Shard | undefined): PackCountry[] {
  let chosen = all;
  if (only?.length) {
    const wanted = [...new Set(only.map((c) => c.trim().toUpperCase()).filter(Boolean))];
    const missing = wanted.filter((c) => !all.some((x) => x.code === c));
    if (missing.length) {
      const valid = all.map((c) => c.code).join(', ');
      throw new UsageError(missing.map((code) => packProblem({ file: 'brief', line: 0, column: 0 }, { rule: 'pack-country-unknown', args: { code, by: by(brief), valid } })));
    }
    chosen = all.filter((c) => wanted.includes(c.code));
  }
  return inShard(chosen, shard);
}

export function packFailure(country: PackCountry, e: unknown): PackFailure {
  const name = country.name ?? country.code;
  if (e instanceof UserError) {
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? e.diagnostics[0];
    return { country: country.code, name, kind: 'content', diagnostics: errors, reason: first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'content errors' };
  }
  if (e instanceof RenderError) return { country: country.code, name, kind: 'render', diagnostics: [e.diagnostic], reason: e.diagnostic.message };
  const detail = String((e as Error)?.message ?? e).split('\n')[0];
  const d = packProblem({ file: `pack ${country.code}`, line: 1, column: 1 }, { rule: 'pack-failed', args: { code: country.code, country: name, detail } });
  return { country: country.code, name, kind: 'render', diagnostics: [d], reason: detail };
}
