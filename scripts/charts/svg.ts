// Vega's SVG made fit to inline in a page: accessible as one image, scalable,
// ids unique per chart, no interactivity leftovers, fewer digits.
import { activeSvgContent } from '../render/guard.ts';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface FinishOptions {
  alt: string;
  /** Prefix for ids, unique to the chart's content, so two charts in one page never share an id. */
  idPrefix: string;
  font: string;
}

export function finishSvg(svg: string, { alt, idPrefix, font }: FinishOptions): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('vega returned no <svg> element');
  const width = Number(/\bwidth="([\d.]+)"/.exec(open[0])?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(open[0])?.[1]);
  let body = svg.slice(open[0].length, svg.lastIndexOf('</svg>'));

  // The figure is one image to assistive technology; per-mark roles would be hidden anyway.
  body = body.replace(/ (?:role|aria-roledescription|aria-label|aria-hidden|pointer-events)="[^"]*"/g, '');
  // Empty hit-area and focus paths Vega draws for interaction.
  body = body.replace(/<path class="(?:background|foreground)" d="(?:M0,0h0v0h0Z)?"(?: display="none")?\/>/g, '');
  body = body.replace(/ transform="translate\(0,0\)"/g, '');
  body = body.replace(/<rect width="[\d.]+" height="[\d.]+" fill="transparent"\/>/, '');
  // Digits below 0.1 unit (0.03 mm in print) are noise.
  body = body.replace(/ d="([^"]*)"/g, (_, d: string) => ` d="${d.replace(/-?\d*\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10))}"`);
  // Vega numbers clip paths and gradients per process: make them unique per chart.
  const ids = new Set([...body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  for (const id of ids) {
    const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    body = body.replace(new RegExp(`( id="|url\\(#|href="#)${esc}(?=[")])`, 'g'), `$1${idPrefix}-${id}`);
  }
  const active = activeSvgContent(`<svg>${body}</svg>`);
  if (active.length) throw new Error(`chart SVG holds active or external content: ${active[0]}`);

  const label = escapeXml(alt);
  const xlink = body.includes('xlink:') ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${xlink} class="bk-chart" role="img" aria-label="${label}" ` +
    `viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px;height:auto" font-family="${escapeXml(font)}">` +
    `<title>${label}</title>${body}</svg>`
  );
}
