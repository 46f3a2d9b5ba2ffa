// What a PDF as the browser made it gets before it is kept: the PDF/UA structure pass (tags.ts),
// the element ids renumbered so that the bytes are stable, and the metadata (metadata.ts). The
// printer runs it after each print; the printer thread leaves it to its caller, whose thread is idle
// by then and whose heap is warm (the pass took ~15% longer on the thread's fresh one).
import { roundMs } from '../timings.ts';
import type { StructElem, Structure } from '../pdfcheck/structure.ts';
import type { PrintOptions } from '../types.ts';
import type { TagOptions } from './tags.ts';

type Tools = typeof import('./tags.ts') & typeof import('./metadata.ts') & typeof import('./artifact-thread.ts');
let tools: Promise<Tools> | null = null;

/**
 * Loads the pass (the tagging code, pdf-lib) and starts the artifact thread, once: called while the
 * browser makes the PDF, when the caller has nothing else to do, so that neither holds up the pass.
 */
export function prepareFinish(): Promise<Tools> {
  if (!tools) {
    tools = Promise.all([import('./tags.ts'), import('./metadata.ts'), import('./artifact-thread.ts')]).then(([tags, metadata, thread]) => ({ ...tags, ...metadata, ...thread }));
    tools.then((t) => t.startArtifactThread(), () => undefined);
  }
  return tools;
}

/** The structure with each element's /ID as the renumbered file names it (in place: tags.ts made it for this print alone, and its attributes are read lazily). */
function renameIds(structure: Structure, renamed: Map<string, string>): Structure {
  const rename = (e: StructElem) => {
    if (e.id !== null) e.id = renamed.get(e.id) ?? e.id;
    e.kids.forEach(rename);
  };
  if (renamed.size) structure.tree?.forEach(rename);
  return structure;
}

/**
 * `raw` tagged (from the pagination's `paged`), renumbered and stamped with `options`' metadata,
 * with the structure tree as written (for the PDF check) and the milliseconds of each step.
 */
export async function finishPdf(raw: Uint8Array, paged: TagOptions, options: PrintOptions): Promise<{ pdf: Uint8Array; structure?: Structure; timings: { tags: number; metadata: number } }> {
  const t0 = performance.now();
  const { tagStructure, renumberNodeIds, stampMetadata } = await prepareFinish();
  const tagged = await tagStructure(raw, paged);
  const stable = renumberNodeIds(tagged.pdf);
  const structure = tagged.structure && renameIds(tagged.structure, stable.renamed);
  const t1 = performance.now();
  const pdf = await stampMetadata({ pdf: stable.pdf, options, idsStable: true });
  return { pdf, ...(structure ? { structure } : {}), timings: { tags: roundMs(t1 - t0), metadata: roundMs(performance.now() - t1) } };
}
