// Tables wider than the text column go onto landscape pages of their own. Each is lifted out of its
// chapter into a flow unit of its own, laid out at the width of a landscape page's column; a mark
// stays where it stood, and page filling (fill.ts) puts its pages after the page the mark falls on.
// The page boxes of those pages are printed on landscape paper (`@page landscape`, print.css).
import { make } from './dom.ts';

/** A table lifted onto landscape pages. */
export interface Landscape {
  /** Its flow unit, inserted after its chapter. */
  el: HTMLElement;
  /** The chapter it was lifted out of. */
  host: HTMLElement;
  /** The mark left where it stood in the chapter. */
  anchor: HTMLElement;
}

export interface Landscapes {
  lifted: Landscape[];
  /** Height of a landscape page's content area (0 when nothing was lifted). */
  area: number;
}

/** Content width of an element's box. */
function innerWidth(el: Element): number {
  const cs = getComputedStyle(el);
  return el.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
}

/**
 * `figure.table.landscape` (landscape=true), and any other table figure whose table is wider than
 * the column at its natural size, unless `figure.table.upright` (landscape=false).
 */
function wideTables(units: HTMLElement[]): { figure: HTMLElement; host: HTMLElement }[] {
  const found: { figure: HTMLElement; host: HTMLElement }[] = [];
  for (const host of units) {
    if (getComputedStyle(host).display === 'none') continue; // not printed: measure skips it
    for (const figure of Array.from(host.querySelectorAll('figure.table')) as HTMLElement[]) {
      if (figure.classList.contains('upright')) continue;
      const table = figure.querySelector('table');
      const wide = !!table && table.getBoundingClientRect().width > innerWidth(figure) + 0.5;
      if (figure.classList.contains('landscape') || wide) found.push({ figure, host });
    }
  }
  return found;
}

/** Lifts the wide tables out of `units` (which gains their units, each after its chapter's). */
export function liftLandscapes(units: HTMLElement[], edge: number): Landscapes {
  const found = wideTables(units); // every width read before the first move
  if (!found.length) return { lifted: [], area: 0 };
  const lifted: Landscape[] = [];
  const lastOf = new Map<HTMLElement, HTMLElement>();
  for (const { figure, host } of found) {
    const anchor = make('div', 'bk-landscape-anchor');
    figure.replaceWith(anchor);
    const el = make('div', 'bk-landscape');
    el.setAttribute('data-unit', '');
    el.setAttribute('data-title', host.getAttribute('data-title') || '');
    el.append(figure);
    const after = lastOf.get(host) ?? host;
    after.after(el);
    units.splice(units.indexOf(after) + 1, 0, el);
    lastOf.set(host, el);
    lifted.push({ el, host, anchor });
  }
  return { lifted, area: landscapeArea(edge) };
}

/** Height of the content area of a landscape page, from a probe page box. */
function landscapeArea(edge: number): number {
  const probe = make('div', 'page page-landscape bk-probe');
  const body = make('div', 'page-body');
  probe.append(body);
  document.body.append(probe);
  const height = body.getBoundingClientRect().height;
  probe.remove();
  return height - edge;
}
