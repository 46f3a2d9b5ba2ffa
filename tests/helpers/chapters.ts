// The one fictional brief of the stage tests, and chapters parsed from strings by the production parser.
import { Reporter } from '../../scripts/messages.ts';
import { chapterFromSource } from '../../scripts/parse/chapters.ts';
import type { Brief, Chapter } from '../../scripts/types.ts';

export function fakeBrief(over: Partial<Brief> = {}): Brief {
  return {
    name: 'demo', root: '/nonexistent', dir: '/nonexistent/content/demo', file: 'content/demo/brief.yaml',
    title: 'Freedonia', authors: [], keywords: [], language: 'en', runningHeader: 'Freedonia',
    page: { size: '210mm 297mm', margins: '20mm' }, footnotes: 'page', chapters: [], datasets: [],
    editions: [{ version: '1.0', date: '2024-01-01', summary: 'First.', changes: [], place: { file: 'content/demo/brief.yaml', line: 1, column: 1 } }],
    listOfFigures: false, translations: [], ...over,
  };
}

export function chaptersFrom(sources: Record<string, string>, reporter = new Reporter()): Chapter[] {
  const brief = fakeBrief();
  return Object.entries(sources).map(([name, source]) => chapterFromSource({ brief, file: `content/demo/chapters/${name}`, source, reporter }));
}
