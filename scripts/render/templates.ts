// Handlebars layouts: templates/ holds the defaults; a brief's own templates/ overrides any partial
// (same file name) and adds CSS.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Brief } from '../types.ts';
import { wordsFor, type WordArgs, type WordKey } from '../words/index.ts';
import { pluralText, selectText } from '../words/plural.ts';

export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

export interface Templates {
  layout: Handlebars.TemplateDelegate;
  hb: typeof Handlebars;
  css: { brief: string; print: string; overrides: string };
  /** Partials the brief overrides, with both files, for --verbose. */
  overridden: { partial: string; file: string }[];
}

const read = (p: string) => readFileSync(p, 'utf8');
const cssFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.css')).sort() : []);

/**
 * Message arguments every document has, given to {{t}} unless the call names them: a brief's own
 * colophon.hbs written before `colophonBuilt` took {fonts} still renders, with the fonts named.
 */
function documentArgs(options: Handlebars.HelperOptions): WordArgs {
  const fonts = (options.data as { root?: { fonts?: unknown } } | undefined)?.root?.fonts;
  return typeof fonts === 'string' ? { fonts } : {};
}

export function loadTemplates({ brief }: { brief: Brief }): Templates {
  const hb = Handlebars.create();
  hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // {{t "contents"}}, {{t "edition" version=edition.version}}: the document's words in its language.
  const words = wordsFor(brief.language);
  // A key no catalogue has is reported by config/templates.ts when written; one computed at run time prints as itself.
  hb.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => (words.has(String(key)) ? words.t(String(key) as WordKey, { ...documentArgs(options), ...(options.hash as WordArgs) }) : String(key)));
  // {{plural datasetCount one="# dataset" other="# datasets"}}, {{select mode print="…" other="…"}}:
  // as in prose; a missing other= is reported by config/templates.ts before anything renders.
  hb.registerHelper('plural', (n: unknown, options: Handlebars.HelperOptions) => {
    const value = Number(n);
    return pluralText(brief.language, value, new Intl.NumberFormat(brief.language).format(value), options.hash as Record<string, string>);
  });
  hb.registerHelper('select', (v: unknown, options: Handlebars.HelperOptions) => selectText(String(v), options.hash as Record<string, string>));
  const overridden: Templates['overridden'] = [];
  const own = path.join(brief.dir, 'templates');
  for (const dir of [path.join(TEMPLATES_DIR, 'partials'), own]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
      const name = f.replace(/\.hbs$/, '');
      if (name === 'layout') continue;
      if (dir === own) overridden.push({ partial: name, file: path.join(own, f) });
      hb.registerPartial(name, read(path.join(dir, f)));
    }
  }
  const layoutFile = existsSync(path.join(own, 'layout.hbs')) ? path.join(own, 'layout.hbs') : path.join(TEMPLATES_DIR, 'layout.hbs');
  return {
    hb,
    layout: hb.compile(read(layoutFile), { strict: false, noEscape: false }),
    css: {
      brief: read(path.join(TEMPLATES_DIR, 'brief.css')),
      print: existsSync(path.join(TEMPLATES_DIR, 'print.css')) ? read(path.join(TEMPLATES_DIR, 'print.css')) : '',
      overrides: cssFiles(own).map((f) => read(path.join(own, f))).join('\n'),
    },
    overridden,
  };
}
