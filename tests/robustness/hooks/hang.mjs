// Test-only hook (node --import): the page's pagination script never finishes, as a page script
// stuck in a loop would. Loaded into a `brief build` child process; production code is untouched.
// Each hang is logged to $HOOK_LOG, so the test can count the tries.
import { appendFileSync } from 'node:fs';
import { Page } from './puppeteer.mjs';

const evaluate = Page.prototype.evaluate;
// The paginator is the one script evaluated as a string that names __briefkitPaginate (print/bundle.ts).
Page.prototype.evaluate = function (fn, ...args) {
  if (typeof fn === 'string' && fn.includes('__briefkitPaginate')) {
    if (process.env.HOOK_LOG) appendFileSync(process.env.HOOK_LOG, 'hung\n');
    return evaluate.call(this, 'new Promise(() => {})');
  }
  return evaluate.call(this, fn, ...args);
};
