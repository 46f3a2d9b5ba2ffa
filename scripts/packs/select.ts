// Which content goes into one country's pack. Pure: parsed chapters in, a pack's chapters out;
// numbering, data binding and rendering then run on that list as they do for the full brief.
//
//   - the `packs.include` chapters and those whose front matter `countries` names the country,
//     whole, minus other countries' `:::country` blocks;
//   - from every other chapter, only the country's own `:::country` blocks, under the chapter's
//     title (their headings raised so the shallowest is a section, level 2);
//   - exactly the footnotes this content cites, wherever their definitions sit (labels are
//     global to the brief), so numbering gives 1..k and no note of another country appears;
//   - a `:ref` to a table, figure, chapter or section the pack leaves out becomes plain text
//     naming it in the full brief ("Table 4 of the full brief"), never a dangling link.
import { wordsFor } from '../words/index.ts';
import type { FootnoteDefinition, Heading, Nodes, Parent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { visit, SKIP } from 'unist-util-visit';
import { refTarget } from '../parse/directives.ts';
import type { Brief, Chapter, Pack, Target } from '../types.ts';

const isCountryBlock = (n: Nodes): n is ContainerDirective => n.type === 'containerDirective' && n.name === 'country';
const codeOf = (n: ContainerDirective) => n.attributes?.code ?? '';

export function selectPack({ chapters, brief, country, targets }: { chapters: Chapter[]; brief: Brief; country: string; targets: Map<string, Target> }): Pack {
  const include = new Set(brief.packs?.include ?? []);
  const selected: Chapter[] = [];
  for (const ch of chapters) {
    const whole = include.has(ch.file) || (ch.frontMatter.countries ?? []).includes(country);
    const tree = whole ? withoutOtherCountries(ch.tree, country) : ownBlocks(ch.tree, country);
    if (tree) selected.push({ ...ch, tree });
  }
  attachFootnotes(selected, definitions(chapters));
  resolveRefs(selected, targets, brief.language);
  return { country, chapters: selected };
}

/**
 * A copy of the tree with every other country's blocks (and their footnote definitions) left out.
 * Only what the pack keeps is copied (a chapter with a block per country would otherwise be cloned
 * whole for each pack): the other blocks are detached from the shared tree for the synchronous
 * copy and put back at once.
 */
function withoutOtherCountries(tree: Root, country: string): Root {
  const other = (n: RootContent) => isCountryBlock(n) && codeOf(n) !== country;
  const detached: [Parent, RootContent[]][] = [];
  visit(tree, (node) => {
    if (!('children' in node)) return;
    const parent = node as Parent;
    if (!parent.children.some(other)) return;
    detached.push([parent, parent.children]);
    parent.children = parent.children.filter((c) => !other(c));
  });
  try {
    return structuredClone(tree);
  } finally {
    for (const [parent, children] of detached.reverse()) parent.children = children;
  }
}

/** The country's own blocks of a chapter the pack does not take whole, or null when there are none. */
function ownBlocks(tree: Root, country: string): Root | null {
  const blocks: ContainerDirective[] = [];
  visit(tree, (node) => {
    if (!isCountryBlock(node)) return;
    if (codeOf(node) === country) blocks.push(structuredClone(node));
    return SKIP;
  });
  if (!blocks.length) return null;
  const root: Root = { type: 'root', children: blocks };
  // A block may sit in a section of its chapter (### under ##); here it follows the chapter title.
  let shallowest = Infinity;
  visit(root, 'heading', (h: Heading) => void (shallowest = Math.min(shallowest, h.depth)));
  if (shallowest > 2 && shallowest !== Infinity) visit(root, 'heading', (h: Heading) => void (h.depth = (h.depth - (shallowest - 2)) as Heading['depth']));
  return root;
}

/** Every footnote definition in the brief, by identifier (duplicates were refused by `prepare`). */
function definitions(chapters: Chapter[]): Map<string, FootnoteDefinition> {
  const defs = new Map<string, FootnoteDefinition>();
  for (const ch of chapters) visit(ch.tree, 'footnoteDefinition', (d: FootnoteDefinition) => void (defs.has(d.identifier) || defs.set(d.identifier, d)));
  return defs;
}

/**
 * Drops the definitions the pack's text does not cite and adds those it cites but that lived
 * elsewhere, each to the chapter that first cites it (a note citing a note pulls that one in too).
 */
function attachFootnotes(selected: Chapter[], defs: Map<string, FootnoteDefinition>): void {
  const cited = new Set<string>();
  for (const ch of selected) {
    const needed: FootnoteDefinition[] = [];
    const cite = (id: string) => {
      const def = defs.get(id);
      if (cited.has(id) || !def) return;
      cited.add(id);
      needed.push(structuredClone(def));
      visit(def, 'footnoteReference', (r) => cite(r.identifier));
    };
    visit(ch.tree, (node, index, parent) => {
      if (node.type === 'footnoteDefinition' && parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      if (node.type === 'footnoteReference') cite(node.identifier);
    });
    ch.tree.children.push(...needed);
  }
}

/** Ids a `:ref` can reach inside the pack: its chapters, their headings, its tables and figures. */
function packTargets(selected: Chapter[]): Set<string> {
  const ids = new Set<string>();
  for (const ch of selected) {
    ids.add(ch.id);
    visit(ch.tree, (node) => {
      const hid = node.type === 'heading' ? (node.data?.hProperties?.id as string | undefined) : undefined;
      if (hid) ids.add(hid);
      const d = node as LeafDirective;
      if (d.type === 'leafDirective' && (d.name === 'table' || d.name === 'chart' || d.name === 'figure') && d.attributes?.id) ids.add(d.attributes.id);
    });
  }
  return ids;
}

function resolveRefs(selected: Chapter[], targets: Map<string, Target>, language: string): void {
  const inPack = packTargets(selected);
  for (const ch of selected) {
    visit(ch.tree, 'textDirective', (d: TextDirective, index, parent: Parent | undefined) => {
      const id = d.name === 'ref' ? refTarget(d) : '';
      if (!id || inPack.has(id) || !parent || index === undefined) return;
      const text: Text = { type: 'text', value: elsewhere(targets.get(id), id, language), ...(d.position ? { position: d.position } : {}) };
      parent.children.splice(index, 1, text as RootContent as never);
    });
  }
}

/** How a pack names what only the full brief holds. */
function elsewhere(t: Target | undefined, id: string, language: string): string {
  if (!t) return id;
  const words = wordsFor(language);
  return t.kind === 'table' || t.kind === 'figure' ? words.t('packTargetElsewhere', { label: t.label }) : words.t('packSectionElsewhere', { title: t.label });
}
