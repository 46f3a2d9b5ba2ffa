// The brief.yaml reference table, from the schema, so docs and validation cannot drift.
import { briefSchema } from './schema.ts';

type S = { type?: string; description?: string; properties?: Record<string, S>; items?: S; enum?: readonly string[]; default?: unknown; oneOf?: readonly S[]; additionalProperties?: S | boolean; required?: readonly string[] };

function typeOf(s: S): string {
  if (s.enum) return s.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (s.oneOf) return s.oneOf.map(typeOf).join(' or ');
  if (s.type === 'array') return `list of ${typeOf(s.items ?? {})}`;
  if (s.type === 'object' && typeof s.additionalProperties === 'object') return `map of name → ${typeOf(s.additionalProperties)}`;
  return s.type === 'object' ? 'mapping' : s.type ?? 'any';
}

export function referenceTable(): string {
  const rows: string[] = ['| key | type | required | description |', '| --- | --- | --- | --- |'];
  const walk = (s: S, prefix: string) => {
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const key = prefix + k;
      const def = v.default !== undefined ? ` Default: \`${String(v.default)}\`.` : '';
      rows.push(`| \`${key}\` | ${typeOf(v)} | ${s.required?.includes(k) ? 'yes' : ''} | ${(v.description ?? '').replace(/\|/g, '\\|')}${def} |`);
      if (v.type === 'object' && v.properties) walk(v, `${key}.`);
      if (v.type === 'array' && v.items?.properties) walk(v.items, `${key}[].`);
      if (typeof v.additionalProperties === 'object') {
        const obj = v.additionalProperties.oneOf?.find((o) => o.properties);
        if (obj) walk(obj, `${key}.<name>.`);
      }
    }
  };
  walk(briefSchema as S, '');
  return rows.join('\n');
}
