// `brief diff <brief> <from> <to>`: the redline between two editions.
import type { Command } from 'commander';
import { globalOptions, rel, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  globalOptions(program.command('diff'))
    .argument('<brief>', 'brief folder under content/')
    .argument('<from>', 'a released version')
    .argument('<to>', 'a later released version, or "draft" for the working sources')
    .description('redline between two editions: output/<brief>/diff-<from>-<to>.html and .pdf')
    .option('--html-only', 'write the HTML redline only')
    .option('--docx', 'also write the redline as a Word document with tracked changes')
    .action(async (name: string, from: string, to: string, opts: { htmlOnly?: boolean; docx?: boolean }) => {
      const { diffEditions } = await import('../runs/diff.ts');
      const r = await diffEditions(ctx.pipeline, { name, from, to, printer: opts.htmlOnly ? undefined : ctx.printer(), docx: opts.docx });
      ctx.result({ brief: name, from, to, html: r.html, pdf: r.pdf, docx: r.docx, summary: r.summary, warnings: r.warnings, timings: r.timings });
      ctx.warnings(r.warnings);
      ctx.summary(`${name} ${from} → ${to}: ${rel(r.html)}${r.pdf ? `, ${rel(r.pdf)}` : ''}${r.docx ? `, ${rel(r.docx)}` : ''}`, r.timings, { more: r.summary });
    });
}
