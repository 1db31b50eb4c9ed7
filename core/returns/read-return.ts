/**
 * Reading the rows of a return's Return sheet with the plan's own rules (UK text dates, RAG
 * abbreviations, progress as 0.5 or 50%), wherever the lead's tool moved them: the header is
 * found by its titles and rows are matched by ID, so sorting, filters, widths and re-saving in
 * another program change nothing.
 */

import { a1, cellValue, getCell, rowsWithCells, type SheetData } from '../cells.js';
import { findHeaderRow } from '../plan/read.js';
import {
  progressUsesHundredScale,
  readDate,
  readProgress,
  readRag,
  textOf,
} from '../plan/fields.js';
import {
  commentValue,
  commentsColumnOf,
  dateValue,
  progressValue,
  ragValue,
  RETURN_FIELDS,
  type ReadValue,
  type ReturnField,
} from './fields.js';

export interface ReturnRow {
  row: number;
  /** The row's ID cell on the Return sheet. */
  idCell: string;
  id: string | null;
  workstream: string | null;
  task: string | null;
  lead: string | null;
  values: Record<ReturnField, ReadValue | null>;
  /** Each field's cell on the Return sheet; '' when the sheet has no such column. */
  cells: Record<ReturnField, string>;
}

export type ReturnSheetRead =
  { ok: true; rows: ReturnRow[]; headerRow: number } | { ok: false; reason: string };

export function readReturnSheet(sheet: SheetData | undefined, date1904: boolean): ReturnSheetRead {
  if (!sheet) return { ok: false, reason: 'it has no "Return" sheet' };
  const header = findHeaderRow(sheet);
  if (!header || header.columns.id === undefined)
    return {
      ok: false,
      reason: `its sheet "${sheet.name}" has no header row with an ID column in its first 20 rows`,
    };
  const known = new Set(Object.values(header.columns));
  const commentsCol = commentsColumnOf(
    new Map([...header.titles].filter(([col]) => !known.has(col))),
  );
  const columns: Record<ReturnField, number | undefined> = {
    start: header.columns.start,
    end: header.columns.end,
    rag: header.columns.rag,
    progress: header.columns.progress,
    comments: commentsCol,
  };
  const progressCol = columns.progress;
  const hundredScale =
    progressCol !== undefined &&
    progressUsesHundredScale(
      [...rowsWithCells(sheet, header.row + 1)].map((r) => sheet.cells[r][progressCol]),
    );
  const text = (row: number, col: number | undefined) =>
    col === undefined ? null : textOf(cellValue(sheet, row, col));
  const rows: ReturnRow[] = [];
  for (const row of rowsWithCells(sheet, header.row + 1)) {
    const at = (field: ReturnField) => {
      const col = columns[field];
      return col === undefined ? undefined : getCell(sheet, row, col);
    };
    const id = text(row, header.columns.id);
    const anything = RETURN_FIELDS.some((f) => text(row, columns[f]) !== null);
    if (id === null && !anything && text(row, header.columns.task) === null) continue;
    const read = (field: ReturnField): ReadValue | null => {
      if (columns[field] === undefined) return null;
      const cell = at(field);
      if (field === 'start' || field === 'end') return dateValue(readDate(cell, date1904));
      if (field === 'rag') return ragValue(readRag(cell));
      if (field === 'progress') return progressValue(readProgress(cell, hundredScale));
      return commentValue(cell, date1904);
    };
    const cells = {} as Record<ReturnField, string>;
    const values = {} as Record<ReturnField, ReadValue | null>;
    for (const field of RETURN_FIELDS) {
      const col = columns[field];
      cells[field] = col === undefined ? '' : a1(row, col);
      values[field] = read(field);
    }
    rows.push({
      row,
      idCell: a1(row, header.columns.id),
      id,
      workstream: text(row, header.columns.workstream),
      task: text(row, header.columns.task),
      lead: text(row, header.columns.lead),
      values,
      cells,
    });
  }
  return { ok: true, rows, headerRow: header.row };
}
