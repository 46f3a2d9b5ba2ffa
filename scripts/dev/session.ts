// `brief dev`'s memory between saves: the brief, the datasets and, per chapter, its source, parse
// and bound tree, each with its own diagnostics. A change redoes only what depends on it — an
// edited chapter is parsed and bound again alone (charts come from their content-hash cache) —
// then numbering and rendering run over the whole brief, as in a build. While there are errors
// the last good page is kept.
import { since } from '../timings.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bindChapters, editionFrame, numberChapters, pipelineContext, renderBrief, renderPreview, type EditionFrame, type PipelineContext, type Prepared } from '../pipeline.ts';
import { currentEdition, loadBrief } from '../config/load.ts';
import { relToRoot } from '../config/paths.ts';
import { checkTemplates, templatesReady } from '../config/templates.ts';
import { loadDatasets } from '../data/load.ts';
import { Reporter, UserError } from '../messages.ts';
import { loadCitations, type CiteContext } from '../cite/index.ts';
import { chapterFromSource, chapterText } from '../parse/chapters.ts';
import { loadMarkdownParser } from '../parse/markdown.ts';
import { loadHtmlParser } from '../parse/html.ts';
import { TEMPLATES_DIR } from '../render/templates.ts';
import type { Brief, Chapter, Datasets, Diagnostic } from '../types.ts';
import { fontUrl } from './page.ts';

/** What a saved file invalidates. */
export type Change = 'brief' | 'chapter' | 'data' | 'template' | 'asset' | 'bibliography';

interface ChapterState {
  file: string; // relative to root
  source: string | null; // null: unreadable, too large or not UTF-8
  readDiagnostics: Diagnostic[];
  parsed: Chapter | null;
  parseDiagnostics: Diagnostic[];
  bound: Chapter | null; // null: to be bound (again)
  bindDiagnostics: Diagnostic[];
}

export interface Good {
  /** The HTML edition as the page shows it (fonts linked from this server); the print HTML is made when /pdf asks. */
  doc: { html: string };
  prepared: Prepared;
  /** Counts successful rebuilds; the page's reload events carry it. */
  generation: number;
}

export interface RebuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Milliseconds for the rebuild, by step. */
  timings: Record<string, number>;
  /** What was redone: 'chapter content/x/chapters/a.md', 'data', 'all'… */
  scope: string;
}


export class DevSession {
  readonly root: string;
  readonly name: string;
  readonly pipeline: PipelineContext;
  brief: Brief | null = null;
  private briefDiagnostics: Diagnostic[] = [];
  private templateDiagnostics: Diagnostic[] = [];
  private datasets: Datasets = new Map();
  private datasetDiagnostics: Diagnostic[] = [];
  private cite: CiteContext | null = null;
  private citeDiagnostics: Diagnostic[] = [];
  private chapters: ChapterState[] = [];
  /** Templates and revision log, kept until a template, brief.yaml or dataset changes. */
  private frameParts: Pick<EditionFrame, 'templates' | 'revisions'> | null = null;
  private printed: { good: Good; html: Promise<string> } | null = null;
  good: Good | null = null;
  diagnostics: Diagnostic[] = [];

  constructor({ root, name }: { root: string; name: string }) {
    this.root = root;
    this.name = name;
    this.pipeline = pipelineContext(root);
  }

  /** Which kind of change a saved file (absolute path) is, or null when the brief does not read it. */
  classify(abs: string): Change | null {
    const rel = relToRoot(this.root, abs);
    const briefDir = relToRoot(this.root, path.join(this.root, 'content', this.name));
    if (rel === `${briefDir}/brief.yaml`) return 'brief';
    if (this.chapters.some((c) => c.file === rel)) return 'chapter';
    if (rel.startsWith(`${briefDir}/chapters/`)) return rel.endsWith('.md') ? 'brief' : null; // a new or removed chapter: read brief.yaml again
    if (rel.startsWith(`${briefDir}/templates/`) || abs.startsWith(TEMPLATES_DIR + path.sep)) return 'template';
    const datasetFiles = new Set((this.brief?.datasets ?? []).flatMap((d) => [d.path, d.path.replace(/\.[^./]+$/, '') + '.schema.json']));
    if (datasetFiles.has(rel) || rel.startsWith('data/')) return 'data';
    const citationFiles = this.brief?.citations ? [...this.brief.citations.files.map((f) => f.path), ...('file' in this.brief.citations.style ? [this.brief.citations.style.file] : [])] : [];
    if (citationFiles.includes(rel)) return 'bibliography';
    if (rel.startsWith(`${briefDir}/`)) return 'asset'; // chart specs, images
    return null;
  }

  /** Redo what the changed files invalidate, then number and render; returns what happened. */
  async rebuild(changes: { kind: Change; file?: string }[] = [{ kind: 'brief' }]): Promise<RebuildResult> {
    await Promise.all([loadMarkdownParser(), loadHtmlParser()]); // an edited chapter is parsed at once, without a cached tree
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const timings: Record<string, number> = {};
    const kinds = new Set(changes.map((c) => c.kind));
    if (kinds.has('brief') || kinds.has('template') || kinds.has('data')) this.frameParts = null;
    let scope: string;
    let t = performance.now();
    if (kinds.has('brief') || !this.brief) {
      await this.loadAll();
      scope = 'all';
      timings.load = since(t);
    } else {
      const redo: string[] = [];
      if (kinds.has('template')) {
        this.templateDiagnostics = await this.templates(this.brief);
        redo.push('templates');
      }
      if (kinds.has('data')) {
        await this.loadData(this.brief);
        for (const c of this.chapters) c.bound = null;
        redo.push('data');
      }
      if (kinds.has('bibliography')) {
        await this.loadCites(this.brief);
        redo.push('bibliography');
      }
      if (kinds.has('asset')) {
        // A chart spec or an image: parse checks (image paths) and binding (charts) read them.
        for (const c of this.chapters) this.parse(this.brief, c);
        redo.push('assets');
      }
      for (const ch of changes) {
        if (ch.kind !== 'chapter' || !ch.file) continue;
        const rel = relToRoot(this.root, ch.file);
        const c = this.chapters.find((x) => x.file === rel);
        if (!c) continue;
        const before = c.source;
        this.read(c);
        if (c.source !== before || c.parsed === null) this.parse(this.brief, c);
        redo.push(`chapter ${rel}`);
      }
      scope = redo.join(', ') || 'nothing';
      timings.parse = since(t);
    }
    t = performance.now();
    const result = await this.finish(timings, t);
    timings.total = since(t0);
    // The process's CPU time for it: on a busy machine, what the rebuild itself costs.
    const cpu = process.cpuUsage(cpu0);
    timings.cpu = Math.round((cpu.user + cpu.system) / 100) / 10;
    return { ...result, timings, scope };
  }

  private async finish(timings: Record<string, number>, t: number): Promise<{ ok: boolean; diagnostics: Diagnostic[] }> {
    const brief = this.brief;
    if (!brief) return this.settle(this.briefDiagnostics);
    const upstream = [...this.briefDiagnostics, ...this.templateDiagnostics, ...this.datasetDiagnostics, ...this.citeDiagnostics, ...this.chapters.flatMap((c) => c.parseDiagnostics)];
    // As in prepare(): data is bound only into sources that check out.
    if (upstream.some((d) => d.severity === 'error')) return this.settle(upstream);
    for (const c of this.chapters) {
      if (c.bound || !c.parsed) continue;
      const reporter = new Reporter();
      [c.bound] = await bindChapters(this.pipeline, { brief, chapters: [c.parsed], datasets: this.datasets, reporter });
      c.bindDiagnostics = reporter.diagnostics;
    }
    timings.bind = since(t);
    t = performance.now();
    const reporter = new Reporter();
    const { chapters, numbering } = await numberChapters({ cite: this.cite, chapters: this.chapters.map((c) => c.bound!), reporter, whole: true, language: brief.language, cacheDir: this.pipeline.cacheDir });
    const diagnostics = [...upstream, ...this.chapters.flatMap((c) => c.bindDiagnostics), ...reporter.diagnostics];
    timings.number = since(t);
    if (diagnostics.some((d) => d.severity === 'error')) return this.settle(diagnostics);
    t = performance.now();
    const prepared: Prepared = { brief, datasets: this.datasets, chapters, parsed: this.chapters.map((c) => c.parsed!), numbering, cite: this.cite, warnings: diagnostics, timings: {} };
    let html;
    try {
      // The page alone: the print HTML waits for /pdf (printHtml()).
      const frame = await editionFrame(prepared, { reuse: this.frameParts ?? undefined });
      this.frameParts = { templates: frame.templates, revisions: frame.revisions };
      html = renderPreview(prepared, frame, fontUrl);
    } catch (e) {
      // The revision log refuses a release changed after it was archived (release-tampered): the author's to fix.
      if (e instanceof UserError) return this.settle([...diagnostics, ...e.diagnostics]);
      throw e;
    }
    timings.render = since(t);
    this.good = { doc: { html }, prepared, generation: (this.good?.generation ?? 0) + 1 };
    return this.settle(diagnostics);
  }

  private settle(diagnostics: Diagnostic[]): { ok: boolean; diagnostics: Diagnostic[] } {
    this.diagnostics = diagnostics;
    return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
  }

  private async loadAll(): Promise<void> {
    const reporter = new Reporter();
    const brief = await loadBrief({ root: this.root, name: this.name, reporter });
    this.briefDiagnostics = reporter.diagnostics;
    this.brief = brief;
    this.templateDiagnostics = [];
    this.datasetDiagnostics = [];
    this.citeDiagnostics = [];
    this.cite = null;
    this.chapters = [];
    if (!brief) return;
    this.templateDiagnostics = await this.templates(brief);
    await Promise.all([this.loadData(brief), this.loadCites(brief)]);
    this.chapters = brief.chapters.map(({ file }) => {
      const c: ChapterState = { file, source: null, readDiagnostics: [], parsed: null, parseDiagnostics: [], bound: null, bindDiagnostics: [] };
      this.read(c);
      this.parse(brief, c);
      return c;
    });
  }

  private async templates(brief: Brief): Promise<Diagnostic[]> {
    const reporter = new Reporter();
    await templatesReady(brief);
    checkTemplates({ brief, reporter });
    return reporter.diagnostics;
  }

  private async loadData(brief: Brief): Promise<void> {
    const reporter = new Reporter();
    this.datasets = await loadDatasets({ brief, reporter });
    this.datasetDiagnostics = reporter.diagnostics;
  }

  private async loadCites(brief: Brief): Promise<void> {
    const reporter = new Reporter();
    this.cite = await loadCitations({ brief, reporter, cacheDir: this.pipeline.cacheDir });
    this.citeDiagnostics = reporter.diagnostics;
  }

  /** Reads the chapter; a file that cannot be used (too large, not UTF-8) leaves its problem to parse(). */
  private read(c: ChapterState): void {
    const reporter = new Reporter();
    try {
      c.source = chapterText({ file: c.file, bytes: readFileSync(path.join(this.root, c.file)), reporter });
    } catch {
      c.source = null; // removed meanwhile: the brief.yaml reload that follows reports it
    }
    c.readDiagnostics = reporter.diagnostics;
  }

  private parse(brief: Brief, c: ChapterState): void {
    const reporter = new Reporter();
    c.bound = null;
    c.bindDiagnostics = [];
    if (c.source === null) {
      c.parsed = null;
      c.parseDiagnostics = c.readDiagnostics;
      return;
    }
    c.parsed = chapterFromSource({ brief, file: c.file, source: c.source, reporter });
    c.parseDiagnostics = reporter.diagnostics;
  }

  /** The print HTML of a good build, rendered on first ask (the PDF button) and kept with it. */
  printHtml(good: Good): Promise<string> {
    if (this.printed?.good !== good) this.printed = { good, html: renderBrief(good.prepared).then(({ doc }) => doc.printHtml) };
    return this.printed.html;
  }

  /** Title and version of the current good build, for the PDF's name. */
  get pdfName(): string {
    const brief = this.good?.prepared.brief ?? this.brief;
    return brief ? `${brief.name}-${currentEdition(brief).version}` : this.name;
  }
}
