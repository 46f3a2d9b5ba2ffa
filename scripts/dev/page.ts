// What `brief dev` adds to the page it serves (never to a built file): a live-reload client on
// Server-Sent Events, a PDF button, and an overlay listing the errors while the last good page stays.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { formatDiagnostic } from '../messages.ts';
import { cspMeta, EDITION_CSP } from '../render/guard.ts';
import type { Diagnostic } from '../types.ts';

export const EVENTS_PATH = '/__brief/events';
/** Where the page's font files are served (render/fonts.ts names the only files there). */
export const FONTS_PATH = '/__brief/fonts/';
export const fontUrl = (file: string) => FONTS_PATH + path.basename(file);

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
#brief-dev-overlay{position:fixed;inset:0;z-index:2147483646;overflow:auto;background:rgba(20,20,24,.92);color:#f4f4f4;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:32px}
#brief-dev-overlay h2{font:600 18px/1.3 system-ui,sans-serif;margin:0 0 16px;color:#ff8a80}
#brief-dev-overlay li{margin:0 0 12px;white-space:pre-wrap}
#brief-dev-overlay .warning{color:#ffd180}
#brief-dev-overlay small{display:block;margin-top:16px;font-family:system-ui,sans-serif;color:#bbb}
#brief-dev-pdf{position:fixed;right:16px;bottom:16px;z-index:2147483647;padding:6px 12px;border-radius:4px;background:#222;color:#fff;font:600 13px system-ui,sans-serif;text-decoration:none;opacity:.8}
#brief-dev-pdf:hover{opacity:1}`;

/** The overlay as HTML, for a page served while the brief has errors. */
export function overlayHtml(diagnostics: Diagnostic[], hasGoodPage: boolean): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const items = diagnostics.map((d) => `<li class="${d.severity}">${escape(formatDiagnostic(d))}</li>`).join('');
  return (
    `<div id="brief-dev-overlay" role="alert"><h2>${errors.length} error${errors.length === 1 ? '' : 's'} — the page is not updated</h2><ol>${items}</ol>` +
    `<small>${hasGoodPage ? 'Below is the last version that built. ' : ''}Fix the files and save: the page reloads by itself.</small></div>`
  );
}

// Runs in the browser. Builds the overlay with textContent, so no message can inject markup.
const CLIENT = `(() => {
  const show = (diagnostics) => {
    let o = document.getElementById('brief-dev-overlay');
    if (!o) { o = document.createElement('div'); o.id = 'brief-dev-overlay'; o.setAttribute('role', 'alert'); document.body.appendChild(o); }
    o.textContent = '';
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const h = document.createElement('h2'); h.textContent = errors + ' error' + (errors === 1 ? '' : 's') + ' — the page is not updated'; o.appendChild(h);
    const ol = document.createElement('ol');
    for (const d of diagnostics) { const li = document.createElement('li'); li.className = d.severity; li.textContent = d.text; ol.appendChild(li); }
    o.appendChild(ol);
    const s = document.createElement('small'); s.textContent = 'Fix the files and save: the page reloads by itself.'; o.appendChild(s);
  };
  const es = new EventSource(${JSON.stringify(EVENTS_PATH)});
  es.addEventListener('reload', () => location.reload());
  es.addEventListener('problems', (e) => show(JSON.parse(e.data).diagnostics));
})();`;

/**
 * The edition's policy plus what the dev page itself needs: its own client script (by a nonce no
 * document can guess), its event stream and its font files on this server.
 */
export const devCsp = (nonce: string) => `${EDITION_CSP.replace(/font-src data:/, "font-src 'self'")}; script-src 'nonce-${nonce}'; connect-src 'self'`;

/** The served page: the HTML edition plus the dev client, and the overlay while there are errors. */
export function devPage({ html, diagnostics }: { html: string | null; diagnostics: Diagnostic[] }): string {
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  const nonce = randomBytes(16).toString('base64');
  const extra = `<style>${STYLE}</style>${hasErrors ? overlayHtml(diagnostics, html !== null) : ''}<a id="brief-dev-pdf" href="/pdf" target="_blank" rel="noopener">PDF</a><script nonce="${nonce}">${CLIENT}</script>`;
  if (html === null) return `<!doctype html><html><head>${cspMeta(devCsp(nonce))}<meta charset="utf-8"><title>brief dev</title></head><body>${extra}</body></html>`;
  // The edition's policy comes first in its head (render/guard.ts put it there): widen that one only.
  const policy = cspMeta(EDITION_CSP);
  const page = html.includes(policy) ? html.replace(policy, () => cspMeta(devCsp(nonce))) : html;
  const at = page.lastIndexOf('</body>');
  return at < 0 ? page + extra : page.slice(0, at) + extra + page.slice(at);
}

/** One diagnostic as the client shows it. */
export function clientDiagnostic(d: Diagnostic): { severity: string; text: string } {
  return { severity: d.severity, text: formatDiagnostic(d) };
}
