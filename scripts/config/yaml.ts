// YAML helpers shared by brief.yaml and chapter front matter.
import { visit, type Document, type Node as YamlNode } from 'yaml';

/** The first *alias in the document: where an alias problem (no anchor, too many) is reported. */
export function firstAlias(doc: Document): YamlNode | null {
  let found: YamlNode | null = null;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}
