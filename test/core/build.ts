/** Builds the engine's plain workbook data from rows of values, for unit tests. */

import type { Cell, CellValue, DefinedName, SheetData, WorkbookData } from '../../core/cells.js';
import { dayFromYMD, serialFromDay } from '../../core/dates.js';

/** A real Excel date in a test grid: `d('2020-10-01')`. */
export interface DateMark {
  date: string;
}
export const d = (iso: string): DateMark => ({ date: iso });

export type Input = CellValue | DateMark | Cell;

function toCell(v: Input, date1904: boolean): Cell | undefined {
  if (v === undefined) return undefined;
  if (v !== null && typeof v === 'object' && 'date' in v) {
    const [y, m, dd] = v.date.split('-').map(Number);
    return { value: serialFromDay(dayFromYMD(y, m, dd)!, date1904), numFmt: 'dd/mm/yyyy' };
  }
  if (v !== null && typeof v === 'object' && 'value' in v) return v;
  return { value: v as CellValue };
}

export function sheet(
  name: string,
  rows: Input[][],
  extra: Partial<SheetData> = {},
  date1904 = false,
): SheetData {
  const cells: (Cell | undefined)[][] = [];
  let maxCol = 0;
  rows.forEach((row, r) => {
    const line: (Cell | undefined)[] = [];
    row.forEach((v, c) => {
      const cell = toCell(v, date1904);
      if (cell && !(cell.value === null && !cell.numFmt)) {
        line[c + 1] = cell;
        maxCol = Math.max(maxCol, c + 1);
      }
    });
    cells[r + 1] = line;
  });
  return {
    name,
    cells,
    maxRow: rows.length,
    maxCol,
    merges: [],
    tables: [],
    protected: false,
    ...extra,
  };
}

export function workbook(
  sheets: SheetData[],
  names: DefinedName[] = [],
  date1904 = false,
): WorkbookData {
  return { date1904, sheets, names };
}

export const HEADER = [
  'ID',
  'Workstream',
  'Task',
  'Lead',
  'Start',
  'End',
  'RAG',
  '% complete',
  'Depends on',
];
