#!/usr/bin/env node
// Compiles scripts/ to plain JavaScript in dist/ (git-ignored) so `brief` starts without compiling
// TypeScript: first one .js per .ts at the same depth (for the compile-time steps below), then the
// bundle that runs (dist/cli.js and chunks, packages with many files in dist/vendor/), in which each
// module keeps the import.meta.url of its per-module file, so the paths taken from it (templates/,
// package.json, redline.css) still resolve. Run by `npm ci` (prepare) and `npm run build`.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, STAMP, sourcesHash, sourcesStat } from './sources.mjs';

const SCRIPTS = path.join(ROOT, 'scripts');

const files = readdirSync(SCRIPTS, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.join(e.parentPath ?? e.path, e.name));

const stat = sourcesStat(); // before the content: a file edited meanwhile then fails the stat check
const hash = sourcesHash();
const out = `${DIST}.new-${process.pid}`;
rmSync(out, { recursive: true, force: true });

/**
 * Packages bundled into dist/vendor/, one ES module each (shared code in common chunks). Node
 * resolves, reads and links each file of a package on its own, and reads a CommonJS file twice (for
 * its export names, then to run it): hast-util-from-html (~60 files) loads in ~41 ms, ~16 ms as
 * one bundle; yaml (CommonJS, ~70 files) in ~24 ms, ~5 ms as one ES module.
 */
const VENDOR_ESM = ['unist-util-visit', 'hastscript', 'hast-util-from-html', 'mdast-util-to-string', 'hast-util-to-html', 'unified', 'remark-parse', 'remark-gfm', 'remark-frontmatter', 'remark-directive', 'property-information', 'parse5', 'mdast-util-to-hast', 'hast-util-sanitize', 'commander', 'intl-messageformat', 'csv-parse/sync', 'puppeteer-core'];
/** CommonJS packages: their bundle exports module.exports as the default and each of its keys by name. */
const VENDOR_CJS = ['yaml', 'i18n-iso-countries/index.js', 'pdf-lib', 'handlebars'];
const VENDOR = [...VENDOR_ESM, ...VENDOR_CJS];
const VENDOR_DIR = path.join(out, 'vendor');
const vendorName = (specifier) => specifier.replace(/\.js$/, '').replaceAll('/', '__');

/** Every relative import stays a separate module: `./x.ts` becomes `./x.js`; a VENDOR package becomes its bundle in dist/vendor/. */
const keepModules = {
  name: 'keep-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path.replace(/\.ts$/, '.js'), external: true }));
    b.onResolve({ filter: /^[^.]/ }, (a) => {
      if (!VENDOR.includes(a.path)) return undefined;
      const from = path.dirname(path.join(out, path.relative(SCRIPTS, a.importer)));
      return { path: `./${path.relative(from, path.join(VENDOR_DIR, `${vendorName(a.path)}.js`)).split(path.sep).join('/')}`.replace(/^\.\/\.\./, '..'), external: true };
    });
  },
};

const common = { bundle: true, packages: 'external', format: 'esm', platform: 'node', target: 'node20', outdir: out, logLevel: 'warning' };
{
  const stubs = path.join(out, 'vendor-entries');
  mkdirSync(stubs, { recursive: true });
  const require = createRequire(path.join(ROOT, 'package.json'));
  for (const spec of VENDOR_CJS) {
    const names = Object.keys(require(spec)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
    writeFileSync(path.join(stubs, `${vendorName(spec)}.mjs`), `import m from '${spec}';\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`);
  }
  await build({
    bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', outdir: VENDOR_DIR, logLevel: 'warning', chunkNames: 'chunk-[hash]', minifyWhitespace: true, minifySyntax: true, legalComments: 'none',
    entryPoints: { ...Object.fromEntries(VENDOR_ESM.map((p) => [vendorName(p), p])), ...Object.fromEntries(VENDOR_CJS.map((p) => [vendorName(p), path.join(stubs, `${vendorName(p)}.mjs`)])) },
    // Bundled CommonJS requires Node's own modules (yaml: process, buffer) through a real require.
    banner: { js: "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);" },
  });
  rmSync(stubs, { recursive: true, force: true });
}
await build({ ...common, entryPoints: files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), outbase: SCRIPTS, plugins: [keepModules] });
for (const f of files.filter((f) => !f.endsWith('.ts'))) cpSync(f, path.join(out, path.relative(SCRIPTS, f)));
// The in-page paginator is bundled now rather than on every cold print.
const { bundleSources, PREBUILT } = await import(pathToFileURL(path.join(out, 'print', 'bundle.js')).href);
writeFileSync(PREBUILT, await bundleSources(path.join(SCRIPTS, 'print', 'paginate', 'index.ts')));
// The font families' faces, read from their CSS now rather than on every build (render/fonts.ts).
(await import(pathToFileURL(path.join(out, 'render', 'fonts.js')).href)).prebuildFaces();
// The hyphenation patterns as JSON, which parses faster than their JavaScript compiles (render/hyphenate.ts).
(await import(pathToFileURL(path.join(out, 'render', 'hyphenate.js')).href)).prebuildPatterns();
// The default layout and partials, precompiled (render/templates.ts).
(await import(pathToFileURL(path.join(out, 'render', 'templates.js')).href)).precompileTemplates();
// brief.yaml's schema as ajv standalone code, so `brief check` loads no ajv (config/load.ts).
{
  const { Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const { briefSchema } = await import(pathToFileURL(path.join(out, 'config', 'schema.js')).href);
  const { BRIEF_AJV_OPTIONS } = await import(pathToFileURL(path.join(out, 'config', 'load.js')).href);
  const ajv = new Ajv({ ...BRIEF_AJV_OPTIONS, code: { source: true } });
  writeFileSync(path.join(out, 'config', 'brief-validator.cjs'), standaloneCode(ajv, ajv.compile(briefSchema)));
}
// What runs: cli.ts and everything it imports as one bundle, cli.js and shared chunk-*.js at the
// top of dist/ (each dynamic import() a chunk of its own): Node then reads, links and compiles ~10
// files for `brief check` instead of ~90 (~10 ms). The per-module files above served the steps
// before and are removed. Each module's import.meta.url is the URL its per-module file had, so the
// paths it finds beside itself (templates/, locales/, brief-validator.cjs) do not change.
{
  const metaUrl = {
    name: 'module-url',
    setup(b) {
      b.onResolve({ filter: /^[^.]/ }, (a) => (VENDOR.includes(a.path) ? { path: `./vendor/${vendorName(a.path)}.js`, external: true } : undefined));
      b.onLoad({ filter: /\.ts$/ }, async (a) => {
        const source = await readFile(a.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const rel = path.relative(SCRIPTS, a.path).replace(/\.ts$/, '.js').split(path.sep).join('/');
        const contents = source.replaceAll('import.meta.url', '__moduleUrl').replaceAll('import.meta.dirname', '__moduleDir');
        const head = `import { fileURLToPath as __moduleUrlToPath } from 'node:url';\nconst __moduleUrl = new URL(${JSON.stringify(`./${rel}`)}, import.meta.url).href;\nconst __moduleDir = __moduleUrlToPath(new URL('.', __moduleUrl)).replace(/[\\\\/]$/, '');\n`;
        return { contents: head + contents, loader: 'ts' };
      });
    },
  };
  for (const f of files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) rmSync(path.join(out, path.relative(SCRIPTS, f).replace(/\.ts$/, '.js')), { force: true });
  // The threads' entries (print/artifact-thread.ts, print/printer-worker.ts) are files of their own
  // where their module URLs say, for new Worker(); their code, shared with the CLI, lives in chunks
  // beside cli.js.
  await build({ ...common, splitting: true, chunkNames: 'chunk-[hash]', entryPoints: { cli: path.join(SCRIPTS, 'cli.ts'), 'print/artifact-thread': path.join(SCRIPTS, 'print', 'artifact-thread.ts'), 'print/printer-worker': path.join(SCRIPTS, 'print', 'printer-worker.ts') }, plugins: [metaUrl] });
}
writeFileSync(path.join(out, path.basename(STAMP)), `${hash}\n${stat}\n`);
rmSync(DIST, { recursive: true, force: true });
renameSync(out, DIST);
