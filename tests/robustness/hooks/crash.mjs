// Test-only hook (node --import): the browser process dies (SIGKILL) in the middle of the first
// print, as a crashed Chromium would; later prints run normally. Logged to $HOOK_LOG.
import { appendFileSync } from 'node:fs';
import { Page } from './puppeteer.mjs';

const evaluate = Page.prototype.evaluate;
let crashed = false;
// The paginator is the one script evaluated as a string that names __briefkitPaginate (print/bundle.ts).
Page.prototype.evaluate = function (fn, ...args) {
  if (!crashed && typeof fn === 'string' && fn.includes('__briefkitPaginate')) {
    crashed = true;
    if (process.env.HOOK_LOG) appendFileSync(process.env.HOOK_LOG, 'crashed\n');
    this.browser().process()?.kill('SIGKILL');
  }
  return evaluate.call(this, fn, ...args);
};
