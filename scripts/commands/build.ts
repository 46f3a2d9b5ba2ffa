// `brief build [briefs...]`: the PDF and HTML (and, on request, .docx) of each brief's newest edition.
import type { Command } from 'commander';
import { globalOptions, rel, usageError, type CommandContext } from './context.ts';

/** --timeout in milliseconds, or null when it is not a number of seconds. */
const timeoutOf = (opts: { timeout: string }) => {
  const ms = Number(opts.timeout) * 1000;
  return ms > 0 ? ms : null;
};

export function register(program: Command, ctx: CommandContext): void {
  const command = globalOptions(program.command('build'))
    .argument('[briefs...]', 'brief folders under content/ (default: all)')
    .option('--html-only', 'write the HTML edition only (fast preview)')
    .option('--docx', 'also write a Word document (.docx) for reviewers')
    .option('--timeout <seconds>', 'seconds one PDF may take before its browser is killed and the print retried once; also the most the browser may take to start', '60')
    .option('--lang <languages>', 'only these editions, e.g. en or zh-Hans,fr (default: the brief\'s language and every translation)')
    .option('--strict', 'treat warnings (e.g. content that does not fit the page) as errors: exit 1 and write nothing')
    .description('write the PDF and HTML of the newest edition into output/')
    .action(async (names: string[], opts: { htmlOnly?: boolean; docx?: boolean; timeout: string; strict?: boolean; lang?: string }) => {
      const timeoutMs = timeoutOf(opts);
      if (timeoutMs === null) throw usageError({ rule: 'usage-option-value', args: { option: '--timeout', value: opts.timeout, expected: 'a number of seconds' } });
      const briefs = ctx.briefs(names);
      const printer = opts.htmlOnly ? undefined : ctx.printer({ timeoutMs }, { early: true });
      const { build } = await import('../runs/build.ts');
      const results = [];
      for (const [i, name] of briefs.entries()) {
        const languages = opts.lang === undefined ? undefined : await chosenLanguages(ctx, name, opts.lang);
        const r = await build(ctx.pipeline, { name, printer, htmlOnly: opts.htmlOnly, docx: opts.docx, strict: opts.strict, last: i === briefs.length - 1, ...(languages ? { languages } : {}) });
        results.push(r);
        ctx.warnings(r.warnings);
        const more = r.translations.map((t) => `${t.language}: ${rel(t.html)}${t.pdf ? `, ${rel(t.pdf)} (${t.pages} pages)` : ''}${t.docx ? `, ${rel(t.docx)}` : ''}`);
        ctx.summary(`${r.brief.name} ${r.version}: ${rel(r.html)}${r.pdf ? `, ${rel(r.pdf)} (${r.pages} pages)` : ''}${r.docx ? `, ${rel(r.docx)}` : ''}`, r.timings, { more });
      }
      ctx.result(results.map((r) => ({ brief: r.brief.name, version: r.version, html: r.html, pdf: r.pdf, docx: r.docx, pages: r.pages, translations: r.translations, warnings: r.warnings, timings: r.timings })));
    });
  // Chromium starts with the command: while the pipeline loads, reads and renders, it launches.
  ctx.printsFromStart(command, (opts) => {
    const timeoutMs = timeoutOf(opts as { timeout: string });
    return opts.htmlOnly || timeoutMs === null ? null : { timeoutMs };
  });
}

/** --lang's languages, each one of the brief's (its own or a translation), else a usage error. */
export async function chosenLanguages(ctx: CommandContext, name: string, lang: string): Promise<string[]> {
  const { sourceBrief } = await import('../runs/translate.ts');
  const brief = await sourceBrief(ctx.pipeline, name);
  const all = [brief.language, ...brief.translations.map((t) => t.language)];
  const asked = lang.split(',').map((l) => l.trim());
  for (const l of asked) if (!all.includes(l)) throw usageError({ rule: 'usage-option-value', args: { option: '--lang', value: l, expected: `a language of ${name} (${all.join(', ')})` } });
  return asked;
}
