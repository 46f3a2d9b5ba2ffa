// `brief translate status <brief>` and `brief translate mark <brief> <language> [chapters...]`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { globalOptions, usageError, type CommandContext } from './context.ts';

export function register(program: Command, ctx: CommandContext): void {
  const translate = globalOptions(program.command('translate')).description('where each translated chapter stands against its source; mark a translation up to date');

  globalOptions(translate.command('status'))
    .argument('<brief>', 'brief folder under content/')
    .description('list every chapter × translation as current, stale (its source changed since it was marked), unmarked or missing')
    .action(async (name: string) => {
      const { sourceBrief, translationStatus } = await import('../runs/translate.ts');
      const brief = await sourceBrief(ctx.pipeline, name);
      const states = translationStatus(brief);
      ctx.result(states);
      if (ctx.json || ctx.quiet) return;
      if (!states.length) return ctx.io.out(`${name}: no translations (add translations: [fr, …] to brief.yaml)`);
      const width = Math.max(...states.map((s) => s.file.length));
      for (const s of states) ctx.io.out(`${s.language.padEnd(8)} ${s.file.padEnd(width)}  ${s.state}`);
      const counts = ['current', 'stale', 'unmarked', 'missing'].map((k) => `${states.filter((s) => s.state === k).length} ${k}`);
      ctx.io.out(counts.join(', '));
    });

  globalOptions(translate.command('mark'))
    .argument('<brief>', 'brief folder under content/')
    .argument('<language>', 'one of the brief\'s translations:, e.g. zh-Hans')
    .argument('[chapters...]', 'chapter files as brief.yaml lists them (default: every translated chapter)')
    .description('record in translated chapters that they are up to date with their source (writes source: and paragraphs: into their front matter)')
    .action(async (name: string, language: string, named: string[]) => {
      const { sourceBrief, markTranslations } = await import('../runs/translate.ts');
      const { translatedChapterFile } = await import('../translate/paths.ts');
      const brief = await sourceBrief(ctx.pipeline, name);
      const languages = brief.translations.map((t) => t.language);
      if (!languages.includes(language)) throw usageError({ rule: 'usage-option-value', args: { option: '<language>', value: language, expected: languages.length ? `one of ${name}'s translations (${languages.join(', ')})` : `a language listed under translations: in ${brief.file} (none is)` } });
      const sourceOf = (c: string) => brief.chapters.find((ch) => path.basename(ch.file) === c || ch.file === c || path.relative(path.join(brief.dir, 'chapters'), path.join(brief.root, ch.file)) === c);
      const translated = (file: string) => existsSync(path.join(brief.root, translatedChapterFile(brief, language, file)));
      const chapters: string[] = [];
      for (const c of named) {
        const ch = sourceOf(c);
        if (!ch) throw usageError({ rule: 'usage-option-value', args: { option: '[chapters...]', value: c, expected: `a chapter of ${name} (${brief.chapters.map((x) => path.basename(x.file)).join(', ')})` } });
        if (!translated(ch.file)) throw usageError({ rule: 'usage-option-value', args: { option: '[chapters...]', value: c, expected: `a chapter translated into ${language} (${translatedChapterFile(brief, language, ch.file)} does not exist)` } });
        chapters.push(ch.file);
      }
      if (!named.length) chapters.push(...brief.chapters.map((ch) => ch.file).filter(translated));
      const marked = await markTranslations(ctx.pipeline, { brief, language, chapters });
      ctx.result(marked);
      if (!ctx.json && !ctx.quiet) for (const m of marked) ctx.io.out(`${m.file}: marked as translated from ${m.chapter} (source ${m.hash})`);
    });
}
