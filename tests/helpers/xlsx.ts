// Small .xlsx workbooks made with exceljs for tests: what a user saves from Excel, cell by cell.
import ExcelJS from 'exceljs';

/** A cell: a plain value, a date (YYYY-MM-DD), a formula with or without its saved result, or an error value. */
export type CellSpec = string | number | boolean | null | { date: string } | { formula: string; result?: number | string | { error: string } } | { error: string };

export interface SheetSpec {
  name: string;
  rows: CellSpec[][];
  merges?: string[];
}

function cellValue(c: CellSpec): ExcelJS.CellValue {
  if (c === null || typeof c !== 'object') return c;
  if ('date' in c) return new Date(`${c.date}T00:00:00Z`);
  if ('formula' in c) return c.result === undefined ? ({ formula: c.formula } as ExcelJS.CellFormulaValue) : ({ formula: c.formula, result: c.result, date1904: false } as ExcelJS.CellFormulaValue);
  return { error: c.error as ExcelJS.ErrorValue };
}

export async function makeWorkbook(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  // Fixed dates, so a generated fixture is the same file every time.
  wb.created = wb.modified = new Date('2024-01-01T00:00:00Z');
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, i) =>
      row.forEach((c, j) => {
        const cell = ws.getCell(i + 1, j + 1);
        cell.value = cellValue(c);
        if (c !== null && typeof c === 'object' && 'date' in c) cell.numFmt = 'yyyy-mm-dd';
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
