/**
 * Builds one workstream's return workbook with exceljs (a new file plan-sync owns, so nothing
 * of the lead's can be lost): the Return sheet, and the very hidden sheet holding what was
 * issued. exceljs is loaded only when a return is built, so other commands start fast.
 */

import type ExcelJS from 'exceljs';
import { dayFromYMD, ukOf } from '../../core/dates.js';
import { RAG_LABEL, RAG_STATUSES } from '../../core/rag.js';
import { RETURN_FIELD_LABEL, type ReturnField } from '../../core/returns/fields.js';
import { HIGHLIGHT_FIELDS, HIGHLIGHT_LABEL } from '../../core/returns/highlight.js';
import {
  HIGHLIGHT_SHEET,
  issuedSheetRows,
  ISSUED_SHEET,
  RETURN_SHEET,
  type ReturnIssue,
} from '../../core/returns/issue.js';
import { maxOf } from '../../core/arrays.js';
import { exceljsBytes } from '../xlsx/exceljs-bytes.js';

const DATE_FORMAT = 'dd/mm/yyyy';
/** The header row of the Return sheet; title and guidance sit above it. */
export const RETURN_HEADER_ROW = 5;
/** Blank rows below the tasks where a lead may add a new task (merged only with --accept-new). */
export const SPARE_ROWS = 5;

const LOCKED_FILL = 'F3F2F1';
const HEADER_FILL = 'DEE0E2';
const EDIT_HEADER_FILL = 'B8D3F0';
const EDIT_BORDER = 'B1B4B6';

interface Column {
  title: string;
  width: number;
  field?: ReturnField;
  /** Editable only in the spare rows (a new task's ID, name and lead). */
  newRowOnly?: boolean;
}

const COLUMNS: Column[] = [
  { title: 'ID', width: 8, newRowOnly: true },
  { title: 'Workstream', width: 18 },
  { title: 'Task', width: 42, newRowOnly: true },
  { title: 'Lead', width: 18, newRowOnly: true },
  { title: 'Baseline start', width: 12 },
  { title: 'Baseline end', width: 12 },
  { title: RETURN_FIELD_LABEL.start, width: 12, field: 'start' },
  { title: RETURN_FIELD_LABEL.end, width: 12, field: 'end' },
  { title: RETURN_FIELD_LABEL.rag, width: 13, field: 'rag' },
  { title: RETURN_FIELD_LABEL.progress, width: 11, field: 'progress' },
  { title: RETURN_FIELD_LABEL.comments, width: 48, field: 'comments' },
];

/** The columns whose long text wraps. */
function wrapped(c: Column): boolean {
  return c.title === 'Task' || c.field === 'comments';
}

function solid(hex: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${hex}` } };
}

/** A comparable value (core/returns/fields.ts) as the cell value a lead sees. */
function cellValueOf(field: ReturnField | 'baseline', value: string): ExcelJS.CellValue {
  if (value === '') return null;
  if (
    (field === 'start' || field === 'end' || field === 'baseline') &&
    /^\d{4}-\d{2}-\d{2}$/.test(value)
  ) {
    const [y, m, d] = value.split('-').map(Number);
    if (dayFromYMD(y, m, d) !== null) return new Date(Date.UTC(y, m - 1, d));
  }
  if (field === 'progress' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value) / 100;
  return value;
}

/** exceljs 4.4 has `worksheet.dataValidations` but does not declare it. */
function addValidation(ws: ExcelJS.Worksheet, range: string, v: ExcelJS.DataValidation): void {
  (
    ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations.add(range, v);
}

function letter(col: number): string {
  return String.fromCharCode(64 + col);
}

export function returnFileName(issue: ReturnIssue, iso: string): string {
  // Characters no file system (or Excel) accepts in a name become a dash.
  // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name
  const safe = issue.workstream.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').trim();
  return `${safe} return ${iso}.xlsx`;
}

export async function buildReturnWorkbook(issue: ReturnIssue): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'plan-sync';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(RETURN_SHEET, {
    views: [
      {
        state: 'frozen',
        xSplit: 3,
        ySplit: RETURN_HEADER_ROW,
        topLeftCell: `D${RETURN_HEADER_ROW + 1}`,
        activeCell: `G${RETURN_HEADER_ROW + 1}`,
      },
    ],
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      paperSize: 9,
    },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.pageSetup.printTitlesRow = `${RETURN_HEADER_ROW}:${RETURN_HEADER_ROW}`;

  const report = ukOf(issue.reportDate);
  ws.getCell('A1').value = `${issue.workstream}: return for the report date ${report}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value =
    `${issue.lead ? `${issue.lead}, please` : 'Please'} update the white cells (Start, End, RAG, % complete, Comments) and send this file back to the programme office unrenamed. Dates as dd/mm/yyyy.`;
  ws.getCell('A3').value =
    'The grey cells are locked to guide you: the sheet is protected without a password, so this is guidance, not security. New tasks go in the blank rows at the end; the programme office decides whether to add them.';
  ws.getCell('A3').font = { italic: true, color: { argb: 'FF505A5F' } };
  ws.getCell('A4').value =
    `Issued from ${issue.master} on ${issue.issuedAt.slice(0, 10)} (cycle ${issue.cycleId}).`;
  ws.getCell('A4').font = { color: { argb: 'FF505A5F' }, size: 9 };

  const header = ws.getRow(RETURN_HEADER_ROW);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.title;
    cell.font = { bold: true };
    // The columns a lead updates stand out from the locked ones.
    cell.fill = solid(c.field ? EDIT_HEADER_FILL : HEADER_FILL);
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF505A5F' } } };
  });
  header.height = 30;

  const first = RETURN_HEADER_ROW + 1;
  const last = first + issue.tasks.length + SPARE_ROWS - 1;
  issue.tasks.forEach((task, i) => {
    const row = ws.getRow(first + i);
    const values: ExcelJS.CellValue[] = [
      task.id,
      task.workstream,
      task.task,
      task.lead || null,
      cellValueOf('baseline', task.baselineStart),
      cellValueOf('baseline', task.baselineEnd),
      ...(['start', 'end', 'rag', 'progress', 'comments'] as const).map((f) =>
        cellValueOf(f, task.values[f]),
      ),
    ];
    values.forEach((v, c) => (row.getCell(c + 1).value = v));
    // Wrapped text needs a taller row: no program grows rows a file has already laid out.
    const lines = Math.max(
      1,
      maxOf(
        COLUMNS.map((c, i) => {
          const text = typeof values[i] === 'string' ? (values[i] as string) : '';
          return wrapped(c) ? Math.ceil((text.length * 1.15) / c.width) : 1;
        }),
      ),
    );
    if (lines > 1) row.height = 15 * Math.min(lines, 8);
  });
  // One style object per column for task rows and one for spare rows, shared by their cells:
  // exceljs then files each style once, not once per cell. Frozen, because exceljs's setters
  // (cell.font = ...) write into the cell's style object, which would restyle the whole column.
  const rowStyles = [false, true].map((spare) =>
    COLUMNS.map((c) => Object.freeze(returnCellStyle(c, spare))),
  );
  for (let r = first; r <= last; r++) {
    const spare = r >= first + issue.tasks.length;
    const styles = rowStyles[spare ? 1 : 0];
    for (let i = 0; i < COLUMNS.length; i++) ws.getCell(r, i + 1).style = styles[i];
    if (spare) ws.getCell(r, 2).value = issue.workstream;
  }

  const col = (f: ReturnField) => COLUMNS.findIndex((c) => c.field === f) + 1;
  const range = (f: ReturnField) => `${letter(col(f))}${first}:${letter(col(f))}${last}`;
  const warning = { allowBlank: true, showErrorMessage: true, errorStyle: 'warning' as const };
  for (const f of ['start', 'end'] as const)
    addValidation(ws, range(f), {
      type: 'date',
      operator: 'between',
      formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(9999, 11, 31))],
      ...warning,
      errorTitle: 'Not a date',
      error: 'Type a date as dd/mm/yyyy, for example 15/12/2020.',
      showInputMessage: true,
      promptTitle: RETURN_FIELD_LABEL[f],
      prompt: 'A date, dd/mm/yyyy.',
    });
  addValidation(ws, range('rag'), {
    type: 'list',
    formulae: [`"${RAG_STATUSES.map((s) => RAG_LABEL[s]).join(',')}"`],
    ...warning,
    errorTitle: 'Not a RAG status',
    error: 'Choose Red, Amber/Red, Amber, Amber/Green, Green, Complete or Not started.',
  });
  addValidation(ws, range('progress'), {
    type: 'decimal',
    operator: 'between',
    formulae: [0, 1],
    ...warning,
    errorTitle: 'Not a percentage',
    error: 'Type a percentage from 0% to 100%.',
  });
  ws.autoFilter = {
    from: { row: RETURN_HEADER_ROW, column: 1 },
    to: { row: last, column: COLUMNS.length },
  };
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    sort: true,
    autoFilter: true,
  });

  await addHighlightSheet(wb, issue);

  const hidden = wb.addWorksheet(ISSUED_SHEET, { state: 'veryHidden' });
  const text: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '@' }); // shared: filed once
  issuedSheetRows(issue).forEach((cells, r) => {
    cells.forEach((v, c) => {
      const cell = hidden.getCell(r + 1, c + 1);
      cell.value = v;
      cell.style = text;
    });
  });
  return exceljsBytes(wb);
}

/** The first row of the Highlight sheet's fields. */
export const HIGHLIGHT_FIRST_ROW = 4;

async function addHighlightSheet(wb: ExcelJS.Workbook, issue: ReturnIssue): Promise<void> {
  const ws = wb.addWorksheet(HIGHLIGHT_SHEET, {
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      paperSize: 9,
    },
  });
  ws.columns = [{ width: 22 }, { width: 100 }];
  ws.getCell('A1').value =
    `${issue.workstream}: highlight for the report date ${ukOf(issue.reportDate)}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value =
    'What the highlight report will say for your workstream: update the white cells. Press Alt+Enter for a new line within a cell.';
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF505A5F' } };
  const border = { style: 'thin' as const, color: { argb: `FF${EDIT_BORDER}` } };
  const box = { top: border, bottom: border, left: border, right: border };
  HIGHLIGHT_FIELDS.forEach((field, i) => {
    const row = ws.getRow(HIGHLIGHT_FIRST_ROW + i);
    const label = row.getCell(1);
    label.value = HIGHLIGHT_LABEL[field];
    label.font = { bold: true };
    label.fill = solid(EDIT_HEADER_FILL);
    label.alignment = { vertical: 'top' };
    label.border = box;
    const value = row.getCell(2);
    value.value = issue.highlight[field] || null;
    value.protection = { locked: false };
    value.alignment = { wrapText: true, vertical: 'top' };
    value.border = box;
    const lines =
      Math.ceil((issue.highlight[field].length * 1.1) / 100) +
      (issue.highlight[field].match(/\n/g)?.length ?? 0);
    row.height = field === 'rag' ? 20 : 15 * Math.min(Math.max(lines, 4), 12);
  });
  addValidation(ws, `B${HIGHLIGHT_FIRST_ROW}`, {
    type: 'list',
    formulae: [`"${RAG_STATUSES.map((s) => RAG_LABEL[s]).join(',')}"`],
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: 'Not a RAG status',
    error: 'Choose Red, Amber/Red, Amber, Amber/Green, Green, Complete or Not started.',
  });
  let r = HIGHLIGHT_FIRST_ROW + HIGHLIGHT_FIELDS.length + 1;
  ws.getCell(r, 1).value = 'Due in the next period';
  ws.getCell(r, 1).font = { bold: true };
  ws.getCell(r, 2).value = issue.due.length
    ? 'For reference: the tasks the plan has due, milestones (◆) first. Change their dates on the Return sheet.'
    : 'Nothing in the plan is due in the next period.';
  ws.getCell(r, 2).font = { italic: true, color: { argb: 'FF505A5F' } };
  for (const due of issue.due) {
    r++;
    const [y, m, d] = due.due.split('-').map(Number);
    const day = dayFromYMD(y, m, d);
    ws.getCell(r, 1).value = `${due.milestone ? '◆ ' : ''}${due.id}`;
    ws.getCell(r, 2).value =
      `${due.task}: due ${day === null ? due.due : ukOf(day)}${due.rag ? ` (${due.rag})` : ''}`;
  }
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
}

/** The style of a column's cells in the task rows (or the spare rows below them). */
function returnCellStyle(c: (typeof COLUMNS)[number], spare: boolean): Partial<ExcelJS.Style> {
  const editable = c.field !== undefined || (spare && c.newRowOnly);
  const side = { style: 'thin', color: { argb: `FF${EDIT_BORDER}` } } as const;
  const numFmt = ['Baseline start', 'Baseline end', 'Start', 'End'].includes(c.title)
    ? DATE_FORMAT
    : c.field === 'progress'
      ? '0%'
      : c.title === 'ID'
        ? '@'
        : undefined;
  return {
    protection: { locked: !editable },
    fill: solid(editable ? 'FFFFFF' : LOCKED_FILL),
    border: { top: side, bottom: side, left: side, right: side },
    ...(numFmt !== undefined && { numFmt }),
    alignment:
      c.title === 'Task' || c.field === 'comments'
        ? { wrapText: true, vertical: 'top' }
        : { vertical: 'top' },
  };
}
