// The puppeteer-core the CLI runs with: the copy bin/compile.mjs bundled into dist/vendor/ when
// bin/brief.mjs runs the compiled dist/, else the package itself. A hook patches this one.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, distIsCurrent } from '../../../bin/sources.mjs';

export const { Page } = await import(distIsCurrent() ? pathToFileURL(path.join(DIST, 'vendor', 'puppeteer-core.js')).href : 'puppeteer-core');
