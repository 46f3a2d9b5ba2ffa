// One country's pack, from the work shared by every pack (parsed chapters, datasets, templates,
// revision log) to its HTML: select → bind data in the country's scope → number → render.
import type { Prepared } from '../build.ts';
import { currentEdition } from '../config/load.ts';
import { bindData } from '../data/bind.ts';
import { revisionLog } from '../edition/revision-log.ts';
import { isReleased } from '../edition/releases.ts';
import { hashSources } from '../edition/source-hash.ts';
import { Reporter, UserError } from '../messages.ts';
import { citeAndNumber, type CiteContext } from '../cite/index.ts';
import { renderHtml } from '../render/document.ts';
import { loadTemplates, type Templates } from '../render/templates.ts';
import type { Brief, Chapter, Datasets, Diagnostic, Edition, Numbering, RenderedDocument, RevisionEntry, Target } from '../types.ts';
import { selectPack } from './select.ts';

/** Everything packs share, computed once per run. */
export interface PackContext {
  brief: Brief;
  datasets: Datasets;
  /** Chapters before data binding. */
  parsed: Chapter[];
  /** The full brief's tables, figures and sections, to name what a pack leaves out. */
  targets: Map<string, Target>;
  templates: Templates;
  edition: Edition;
  revisions: RevisionEntry[];
  draft: string | null;
  sourceHash: string;
  cacheDir: string;
  cite: CiteContext | null;
}

export async function packContext({ prepared, cacheDir }: { prepared: Prepared; cacheDir: string }): Promise<PackContext> {
  const { brief, datasets } = prepared;
  const edition = currentEdition(brief);
  const { hash } = hashSources(brief);
  // The same draft mark and source hash as the full brief of this edition.
  const draft = isReleased(brief, edition.version, hash) ? null : `DRAFT ${edition.version}+${hash.slice(0, 7)}`;
  return {
    brief,
    datasets,
    parsed: prepared.parsed,
    targets: prepared.numbering.targets,
    templates: loadTemplates({ brief }),
    edition,
    revisions: await revisionLog({ brief, datasets }),
    draft,
    sourceHash: hash.slice(0, 12),
    cacheDir,
    cite: prepared.cite,
  };
}

/** The pack's HTML edition and print HTML. Throws UserError when its data or content has errors. */
export async function makePack({ ctx, country, name }: { ctx: PackContext; country: string; name: string }): Promise<{ doc: RenderedDocument; warnings: Diagnostic[]; chapters: Chapter[]; numbering: Numbering }> {
  const { brief, datasets } = ctx;
  const pack = selectPack({ chapters: ctx.parsed, brief, country, targets: ctx.targets });
  const reporter = new Reporter();
  const scope = { column: brief.packs!.column, value: country };
  const bound = await bindData({ brief, chapters: pack.chapters, datasets, reporter, scope, cacheDir: ctx.cacheDir });
  // The pack's own citations: first citations in full and a bibliography of its own works.
  const { chapters, numbering } = citeAndNumber({ cite: ctx.cite, chapters: bound, reporter });
  if (reporter.hasErrors) throw new UserError(reporter.diagnostics);
  const doc = renderHtml({ brief, chapters, numbering, templates: ctx.templates, edition: ctx.edition, revisions: ctx.revisions, draft: ctx.draft, sourceHash: ctx.sourceHash, packCountry: name, datasetCount: brief.datasets.length });
  return { doc, warnings: reporter.diagnostics, chapters, numbering };
}
