/**
 * The Returns log sheet, owned by plan-sync: one block of rows per merge (when, which return,
 * what was applied, what conflicted, what was rejected). Read back, it says which returns were
 * merged before, so merging the same return twice changes nothing the second time and an older
 * return is recognised as stale.
 */

import { rowsWithCells, type SheetData } from '../cells.js';
import { parseTextDate } from '../dates.js';
import type { CellStyle } from '../sync/edits.js';
import { textOf } from '../plan/fields.js';
import type { LogEntry, LogOutcome, MergedBefore } from './merge.js';

export const RETURNS_LOG_SHEET = 'Returns log';
export const LOG_TITLE = 'Returns log';
export const LOG_NOTE =
  'Written by plan-sync returns merge: one block per return merged. Conflicts name the master cell that kept its value. Please do not edit: plan-sync reads it to recognise returns already merged.';

export const LOG_COLUMNS = [
  { title: 'When', width: 18, of: (e: LogEntry) => e.when },
  { title: 'Return file', width: 34, of: (e: LogEntry) => e.file },
  { title: 'Workstream', width: 20, of: (e: LogEntry) => e.workstream },
  { title: 'Report date', width: 12, of: (e: LogEntry) => e.reportDate },
  { title: 'Outcome', width: 12, of: (e: LogEntry) => e.outcome },
  { title: 'Task ID', width: 9, of: (e: LogEntry) => e.id },
  { title: 'Field', width: 11, of: (e: LogEntry) => e.field },
  { title: 'Cell', width: 20, of: (e: LogEntry) => e.cell },
  { title: 'Issued', width: 13, of: (e: LogEntry) => e.base },
  { title: 'Master', width: 13, of: (e: LogEntry) => e.master },
  { title: 'Returned', width: 13, of: (e: LogEntry) => e.theirs },
  { title: 'Note', width: 48, of: (e: LogEntry) => e.note },
  { title: 'Cycle', width: 20, of: (e: LogEntry) => e.cycle },
  { title: 'Return key', width: 18, of: (e: LogEntry) => e.key },
] as const;

/** Header row of a new log; the title and note sit above it. */
export const LOG_HEADER_ROW = 4;

export interface ReturnsLogRead {
  history: MergedBefore[];
  /** The last row holding anything: new entries go below it. */
  lastRow: number;
}

export function readReturnsLog(sheet: SheetData | undefined): ReturnsLogRead {
  if (!sheet) return { history: [], lastRow: 0 };
  let header = 0;
  let lastRow = 0;
  for (const row of rowsWithCells(sheet)) {
    lastRow = row;
    if (!header && textOf(sheet.cells[row]?.[1]?.value ?? null) === 'When') header = row;
  }
  const history: MergedBefore[] = [];
  if (!header) return { history, lastRow };
  const col = (title: string, nth = 0) =>
    LOG_COLUMNS.map((c) => c.title as string).indexOf(title, nth) + 1;
  const text = (row: number, c: number) => textOf(sheet.cells[row]?.[c]?.value ?? null) ?? '';
  for (const row of rowsWithCells(sheet, header + 1)) {
    if (text(row, col('Outcome')) !== 'Merged') continue;
    const date = parseTextDate(text(row, col('Report date')));
    if (date.kind !== 'date') continue;
    history.push({
      key: text(row, col('Return key')),
      workstream: text(row, col('Workstream')),
      reportDate: date.day,
      when: text(row, 1),
    });
  }
  return { history, lastRow };
}

const OUTCOME_STYLE: Partial<Record<LogOutcome, CellStyle>> = {
  Merged: { bold: true },
  Applied: { fill: 'BFE0CC', fontColor: '005A30' },
  Added: { fill: 'BFE0CC', fontColor: '005A30' },
  Conflict: { fill: 'FFF2A8', fontColor: '4D4200', bold: true },
  Rejected: { fill: 'F5BFB5', fontColor: '2A0B06' },
  'Not applied': { fill: 'F5BFB5', fontColor: '2A0B06' },
  Stale: { fill: 'FDD5A5', fontColor: '5C2A00', bold: true },
};

/** The log's rows as a block: values and the style of each cell (an index into `styles`). */
export interface LogBlock {
  /** First row of the block. */
  top: number;
  width: number;
  height: number;
  values: Map<number, string>;
  styles: CellStyle[];
  /** Per cell, an index into `styles`; -1 for no cell. */
  styleOf: Int32Array;
}

export function logBlock(entries: readonly LogEntry[], top: number, withHeader: boolean): LogBlock {
  const width = LOG_COLUMNS.length;
  const rows: { cells: string[]; style: (c: number) => CellStyle | null }[] = [];
  if (withHeader) {
    rows.push({
      cells: [LOG_TITLE],
      style: (c) => (c === 0 ? { bold: true, fontSize: 14 } : null),
    });
    rows.push({
      cells: [LOG_NOTE],
      style: (c) => (c === 0 ? { italic: true, fontColor: '505A5F' } : null),
    });
    rows.push({ cells: [], style: () => null });
    rows.push({
      cells: LOG_COLUMNS.map((c) => c.title),
      style: () => ({ bold: true, fill: 'DEE0E2', borderBottom: '505A5F' }),
    });
  }
  for (const e of entries) {
    const merged = e.outcome === 'Merged';
    rows.push({
      cells: LOG_COLUMNS.map((c) => c.of(e)),
      style: (c) =>
        LOG_COLUMNS[c].title === 'Outcome'
          ? (OUTCOME_STYLE[e.outcome] ?? null)
          : merged
            ? { bold: true, borderTop: 'B1B4B6' }
            : null,
    });
  }
  const styles: CellStyle[] = [];
  const index = new Map<string, number>();
  const values = new Map<number, string>();
  const styleOf = new Int32Array(rows.length * width).fill(-1);
  rows.forEach((r, i) => {
    for (let c = 0; c < width; c++) {
      const v = r.cells[c] ?? '';
      if (v !== '') values.set(i * width + c, v);
      const style = r.style(c);
      if (!style) continue;
      const k = JSON.stringify(style);
      if (!index.has(k)) index.set(k, styles.push(style) - 1);
      styleOf[i * width + c] = index.get(k)!;
    }
  });
  return { top, width, height: rows.length, values, styles, styleOf };
}
