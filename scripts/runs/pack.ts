// One country's pack, from the work shared by every pack (parsed chapters, datasets, templates,
// revision log) to its HTML: select → bind data in the country's scope → number → render.
import { Reporter, UserError } from '../messages.ts';
import type { CiteContext } from '../cite/index.ts';
import type { Brief, Chapter, Datasets, Diagnostic, Numbering, RenderedDocument, Target } from '../types.ts';
import { selectPack } from '../packs/select.ts';
import { bindChapters, editionFrame, numberChapters, renderDocument, type EditionFrame, type PipelineContext, type Prepared } from '../pipeline.ts';

/** Everything packs share, computed once per run. */
export interface PackContext {
  pipeline: PipelineContext;
  brief: Brief;
  datasets: Datasets;
  /** Chapters before data binding. */
  parsed: Chapter[];
  /** The full brief's tables, figures and sections, to name what a pack leaves out. */
  targets: Map<string, Target>;
  /** The same draft mark and source hash as the full brief of this edition. */
  frame: EditionFrame;
  cite: CiteContext | null;
}

export async function packContext(pipeline: PipelineContext, prepared: Prepared): Promise<PackContext> {
  const { brief, datasets } = prepared;
  return { pipeline, brief, datasets, parsed: prepared.parsed, targets: prepared.numbering.targets, frame: await editionFrame(prepared), cite: prepared.cite };
}

/** The pack's HTML edition and print HTML. Throws UserError when its data or content has errors. */
export async function makePack({ ctx, country, name }: { ctx: PackContext; country: string; name: string }): Promise<{ doc: RenderedDocument; warnings: Diagnostic[]; chapters: Chapter[]; numbering: Numbering }> {
  const { brief, datasets } = ctx;
  const pack = selectPack({ chapters: ctx.parsed, brief, country, targets: ctx.targets });
  const reporter = new Reporter();
  const scope = { column: brief.packs!.column, value: country };
  const bound = await bindChapters(ctx.pipeline, { brief, chapters: pack.chapters, datasets, reporter, scope });
  // The pack's own citations: first citations in full and a bibliography of its own works.
  const { chapters, numbering } = numberChapters({ cite: ctx.cite, chapters: bound, reporter, whole: false });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  const doc = renderDocument({ brief, chapters, numbering }, ctx.frame, name);
  return { doc, warnings: reporter.diagnostics, chapters, numbering };
}
