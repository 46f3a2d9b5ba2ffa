// brief.yaml `page` → CSS the paginator reads: page size and margins as custom properties and @page.
import type { PageSpec } from '../types.ts';

export function pageBox(page: PageSpec): { width: string; height: string; margins: [string, string, string, string] } {
  const [width, height] = page.size.split(/\s+/);
  const m = page.margins.split(/\s+/);
  const [top, right = top, bottom = top, left = right] = m;
  return { width, height, margins: [top, right, bottom, left] };
}

export function pageCss(page: PageSpec): string {
  const { width, height, margins: [t, r, b, l] } = pageBox(page);
  return `:root{--page-width:${width};--page-height:${height};--page-margin-top:${t};--page-margin-right:${r};--page-margin-bottom:${b};--page-margin-left:${l}}`;
}
