// Handlebars layouts: templates/ holds the defaults; a brief's own templates/ overrides any partial
// (same file name) and adds CSS.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { sha256 } from '../hash.ts';
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

/** How the layout and partials compile: as Handlebars' defaults, said once for compile and precompile alike. */
const COMPILE_OPTIONS = { strict: false, noEscape: false };

/**
 * Where the compiled CLI (dist/render/) keeps the default layout and partials precompiled
 * (precompileTemplates, run by bin/compile.mjs), each with a hash of the text it was made from:
 * compiling them was ~25 ms of every build. A template whose text differs compiles as before.
 */
const PRECOMPILED = path.join(import.meta.dirname, 'templates.precompiled.cjs');
type Precompiled = Record<string, { sha256: string; spec: Parameters<typeof Handlebars.template>[0] }>;
let precompiled: Precompiled | null | undefined;

/** The default template `file` as its precompiled function, when it was precompiled from `text`. */
function precompiledTemplate(hb: typeof Handlebars, file: string, text: string): Handlebars.TemplateDelegate | null {
  if (path.dirname(file) !== TEMPLATES_DIR && path.dirname(file) !== path.join(TEMPLATES_DIR, 'partials')) return null;
  if (precompiled === undefined) {
    try {
      precompiled = createRequire(import.meta.url)(PRECOMPILED) as Precompiled;
    } catch {
      precompiled = null; // not compiled (tests, development)
    }
  }
  const entry = precompiled?.[path.relative(TEMPLATES_DIR, file)];
  return entry && entry.sha256 === sha256(text) ? hb.template(entry.spec) : null;
}

/** Writes the default layout and partials precompiled beside this module (bin/compile.mjs runs it). */
export function precompileTemplates(): void {
  const files = ['layout.hbs', ...readdirSync(path.join(TEMPLATES_DIR, 'partials')).filter((f) => f.endsWith('.hbs')).map((f) => `partials/${f}`)];
  const entries = files.map((f) => {
    const text = read(path.join(TEMPLATES_DIR, f));
    return `${JSON.stringify(f)}: { sha256: ${JSON.stringify(sha256(text))}, spec: ${Handlebars.precompile(text, COMPILE_OPTIONS)} }`;
  });
  writeFileSync(PRECOMPILED, `// Made by bin/compile.mjs from templates/ (render/templates.ts).\nmodule.exports = {\n${entries.join(',\n')}\n};\n`);
}

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
      const text = read(path.join(dir, f));
      hb.registerPartial(name, precompiledTemplate(hb, path.join(dir, f), text) ?? text);
    }
  }
  const layoutFile = existsSync(path.join(own, 'layout.hbs')) ? path.join(own, 'layout.hbs') : path.join(TEMPLATES_DIR, 'layout.hbs');
  const layoutText = read(layoutFile);
  return {
    hb,
    layout: precompiledTemplate(hb, layoutFile, layoutText) ?? hb.compile(layoutText, COMPILE_OPTIONS),
    css: {
      brief: read(path.join(TEMPLATES_DIR, 'brief.css')),
      print: existsSync(path.join(TEMPLATES_DIR, 'print.css')) ? read(path.join(TEMPLATES_DIR, 'print.css')) : '',
      overrides: cssFiles(own).map((f) => read(path.join(own, f))).join('\n'),
    },
    overridden,
  };
}
