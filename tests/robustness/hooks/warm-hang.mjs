// Test-only hook (node --import): the warm-up page (Printer.warm, render/fonts.ts faceSampleHtml)
// never finishes loading, as a renderer stuck on it would. Loaded into a `brief build` child process;
// production code is untouched. Each hang is logged to $HOOK_LOG.
import { appendFileSync } from 'node:fs';
import { Page } from './puppeteer.mjs';

const setContent = Page.prototype.setContent;
// The warm-up is the one document whose paragraphs are classed f0, f1… (fonts.ts faceSampleHtml).
Page.prototype.setContent = function (html, ...args) {
  if (typeof html === 'string' && html.includes('<p class="f0">')) {
    if (process.env.HOOK_LOG) appendFileSync(process.env.HOOK_LOG, 'warm-up hung\n');
    return new Promise(() => {});
  }
  return setContent.call(this, html, ...args);
};
