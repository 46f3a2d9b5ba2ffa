// Chapter front matter: title, id, countries; in a translation, source and paragraphs (translate/drift.ts). Errors point into the chapter file.
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import countries from 'i18n-iso-countries/index.js'; // without the node entry's every-locale preload
import type { Yaml } from 'mdast';
import type { Reporter } from '../messages.ts';
import type { FrontMatter } from '../types.ts';
import { firstAlias } from '../config/yaml.ts';

const KEYS = new Set(['title', 'id', 'countries', 'source', 'paragraphs']);

export function readFrontMatter({ node, file, reporter }: { node: Yaml | undefined; file: string; reporter: Reporter }): FrontMatter {
  if (!node) return {};
  // The YAML starts on the line after the opening ---.
  const firstLine = (node.position?.start.line ?? 1) + 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(node.value.replace(/\r(?!\n)/g, '\n'), { lineCounter, prettyErrors: false, logLevel: 'error' }); // a lone CR ends a line (YAML 1.2)
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: firstLine + line - 1, column: col };
  };
  if (doc.errors.length) {
    for (const e of doc.errors) reporter.report(at(e.pos[0]), 'frontmatter-syntax', { detail: e.message.split('\n')[0] });
    return {};
  }
  if (doc.contents === null) return {};
  try {
    doc.toJS(); // an alias to no anchor (or one expanding too far) throws only when read
  } catch (e) {
    reporter.report(at(firstAlias(doc)?.range?.[0] ?? 0), 'frontmatter-syntax', { detail: (e as Error).message.split('\n')[0] });
    return {};
  }
  if (!isMap(doc.contents)) {
    reporter.report(at(0), 'frontmatter-type', { key: 'front matter', expected: 'a mapping (title: …)' });
    return {};
  }
  const out: FrontMatter = {};
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyAt = at((pair.key as YamlNode)?.range?.[0] ?? 0);
    const valueAt = at((pair.value as YamlNode)?.range?.[0] ?? (pair.key as YamlNode)?.range?.[0] ?? 0);
    const value = (pair.value as YamlNode | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : null);
    if (!KEYS.has(key)) {
      reporter.report(keyAt, 'frontmatter-key', { key });
      continue;
    }
    if (key === 'countries') {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
      if (!list || !list.every((c) => typeof c === 'string' && /^[A-Z]{2}$/.test(c))) {
        reporter.report(valueAt, 'frontmatter-type', { key, expected: 'a list of ISO 3166-1 alpha-2 codes, e.g. [IT, FR]' });
        continue;
      }
      // Only ISO codes get a pack: a chapter for "XX" would silently be in none.
      const items = isSeq(pair.value) ? pair.value.items : [pair.value];
      list.forEach((code: string, i: number) => {
        if (!countries.isValid(code)) reporter.report(at((items[i] as YamlNode | null)?.range?.[0] ?? (pair.value as YamlNode)?.range?.[0] ?? 0), 'country-code-unknown', { code });
      });
      out.countries = list;
    } else if (key === 'source') {
      if (typeof value !== 'string' || !/^[0-9a-f]{7,64}$/.test(value)) {
        reporter.report(valueAt, 'frontmatter-type', { key, expected: 'the hash of the source chapter, as `brief translate mark` writes it' });
        continue;
      }
      out.source = value;
    } else if (key === 'paragraphs') {
      if (!Array.isArray(value) || !value.every((h) => typeof h === 'string' && /^[0-9a-f]{4,64}$/.test(h))) {
        reporter.report(valueAt, 'frontmatter-type', { key, expected: 'the list of paragraph hashes `brief translate mark` writes' });
        continue;
      }
      out.paragraphs = value;
    } else if (key === 'id') {
      if (typeof value !== 'string' || !/^[a-z][\w-]*$/i.test(value)) {
        reporter.report(valueAt, 'frontmatter-type', { key, expected: 'a word of letters, digits and dashes, starting with a letter' });
        continue;
      }
      out.id = value;
    } else {
      if (typeof value !== 'string' || value.trim() === '') {
        reporter.report(valueAt, 'frontmatter-type', { key, expected: 'a line of text' });
        continue;
      }
      out.title = value;
    }
  }
  return out;
}
