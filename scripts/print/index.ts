// print/: HTML → PDF (browser pool, pagination, metadata). The build and packs import from here.
export { openPrinter, type Printer, type PrintInput, type PrintResult, type PrinterStats } from './printer.ts';
export { stampMetadata } from './metadata.ts';
export { printDocument, printWarnings, asErrors, type PrintedDocument } from './document.ts';
export type { Overflow } from './paginate/types.ts';
