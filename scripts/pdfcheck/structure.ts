// The structure tree and link annotations as the PDF/UA rules read them, whoever read them: pdf.ts
// from any PDF's bytes, or print/tags.ts from the tree it has just written (so a build's own check
// need not parse the structure tree a second time).

export interface StructElem {
  /** The standard type, after the RoleMap (H1, Figure, NonStruct…). */
  type: string;
  /** 1-based page of its first marked content, when it has any. */
  page: number | null;
  kids: StructElem[];
  /** The text of its /Alt, /ActualText and /ID, when it has them. */
  alt: string | null;
  actualText: string | null;
  id: string | null;
  /** The keys of its attribute dictionaries (/A): Scope, Headers… */
  attributes: string[];
}

export interface LinkAnnot {
  page: number;
  contents: string | null;
  /** The /S of the structure element its /StructParent names, if any. */
  parentType: string | null;
}

export interface Structure {
  /** The top elements in document order; null when there is no StructTreeRoot. */
  tree: StructElem[] | null;
  links: LinkAnnot[];
}

/** Every element of the tree, depth first, in document order. */
export function flatten(elems: StructElem[]): StructElem[] {
  return elems.flatMap((e) => [e, ...flatten(e.kids)]);
}
