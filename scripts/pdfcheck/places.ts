// Where a finding is: the PDF file and a page, or the document as a whole. A place's `cell`
// replaces line:column when shown, so a line reads `file.pdf:page 3: error … [rule]`.
import type { Place } from '../types.ts';
import type { StructElem } from './pdf.ts';

export interface Places {
  document(): Place;
  page(n: number): Place;
  element(e: StructElem): Place;
}

export function placesIn(file: string): Places {
  const page = (n: number): Place => ({ file, line: n, column: 1, cell: `page ${n}` });
  const document = (): Place => ({ file, line: 1, column: 1, cell: 'document' });
  return { document, page, element: (e) => (e.page ? page(e.page) : document()) };
}
