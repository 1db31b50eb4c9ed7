/** Finding the plan in a workbook and reading its tasks, settings and workstreams as plain data. */

import {
  a1,
  cellValue,
  getCell,
  rowsWithCells,
  type SheetData,
  type WorkbookData,
} from '../cells.js';
import type { Day } from '../dates.js';
import type { Finding } from '../findings.js';
import { parseRag, type RagParse } from '../rag.js';
import type { Scale } from '../periods.js';
import {
  COLUMN_TITLE,
  matchColumns,
  normaliseHeader,
  REQUIRED_COLUMNS,
  type PlanColumns,
} from './columns.js';
import {
  progressUsesHundredScale,
  readDate,
  readProgress,
  readRag,
  splitDependencies,
  textOf,
  type DateField,
  type ProgressField,
  type RagField,
} from './fields.js';

export const PLAN_SHEET_NAMES: readonly string[] = [
  'Plan',
  'Transition Plan',
  'Programme Plan',
  'Project Plan',
];
/** Title rows may sit above the table: the header is looked for in this many rows. */
export const HEADER_SEARCH_ROWS = 20;

export interface Task {
  row: number;
  id: string | null;
  workstream: string | null;
  name: string | null;
  lead: string | null;
  stakeholders: string | null;
  start: DateField;
  end: DateField;
  baselineStart: DateField;
  baselineEnd: DateField;
  /** Null when the plan has no RAG column. */
  rag: RagField | null;
  progress: ProgressField;
  dependsOn: string[];
}

export interface Settings {
  programmeName?: string;
  reportDate?: Day;
  scale?: Scale;
  windowStart?: Day;
  windowEnd?: Day;
  planSheet?: string;
}

export interface WorkstreamInfo {
  name: string;
  lead: string | null;
  rag: RagParse | null;
  row: number;
}

export interface Plan {
  sheet: SheetData;
  headerRow: number;
  columns: PlanColumns;
  tasks: Task[];
  /** Rows holding only a workstream or section heading. */
  headingRows: number[];
  /** Last row of the table (task or heading). */
  lastRow: number;
  settings: Settings;
  /** Null when the workbook has no Workstreams sheet. */
  workstreams: WorkstreamInfo[] | null;
  date1904: boolean;
}

export interface ReadPlanOptions {
  /** Plan sheet name chosen by the user (`--sheet`). */
  sheetName?: string;
}

export type ReadPlanResult =
  | { ok: true; plan: Plan; findings: Finding[] }
  /** The workbook cannot be read as a plan: nothing may be written. */
  | { ok: false; findings: Finding[]; reason: string };

function sameName(a: string, b: string): boolean {
  return normaliseHeader(a) === normaliseHeader(b);
}

function findSheet(wb: WorkbookData, name: string): SheetData | undefined {
  return wb.sheets.find((s) => s.name === name) ?? wb.sheets.find((s) => sameName(s.name, name));
}

export function findHeaderRow(sheet: SheetData): { row: number; columns: PlanColumns } | null {
  let best: { row: number; columns: PlanColumns; score: number } | null = null;
  const lastRow = Math.min(sheet.maxRow, HEADER_SEARCH_ROWS);
  for (let row = 1; row <= lastRow; row++) {
    const headers = new Map<number, string>();
    const cells = sheet.cells[row] ?? [];
    for (let col = 1; col < cells.length; col++) {
      const text = textOf(cells[col]?.value ?? null);
      if (text !== null && typeof cells[col]?.value === 'string') headers.set(col, text);
    }
    const columns = matchColumns(headers);
    const score =
      Object.keys(columns).length + REQUIRED_COLUMNS.filter((k) => columns[k] !== undefined).length;
    if (score >= 4 && (!best || score > best.score)) best = { row, columns, score };
  }
  return best && { row: best.row, columns: best.columns };
}

function fatal(sheet: string, rule: string, message: string): ReadPlanResult {
  return {
    ok: false,
    reason: message,
    findings: [{ severity: 'error', rule, sheet, cell: '', message }],
  };
}

export function readPlan(wb: WorkbookData, options: ReadPlanOptions = {}): ReadPlanResult {
  const findings: Finding[] = [];
  const settings = readSettings(wb, findings);
  const wanted = options.sheetName ?? settings.planSheet;

  let sheet: SheetData | undefined;
  if (wanted !== undefined) {
    sheet = findSheet(wb, wanted);
    if (!sheet) {
      const names = wb.sheets.map((s) => `"${s.name}"`).join(', ');
      return fatal(
        wanted,
        'plan-sheet',
        `No sheet named "${wanted}" in this workbook (it has ${names}).`,
      );
    }
  } else {
    for (const name of PLAN_SHEET_NAMES) {
      sheet = findSheet(wb, name);
      if (sheet) break;
    }
    if (!sheet) {
      // A plan sheet with another name is still found when it is the only sheet with a plan header.
      const candidates = wb.sheets.filter((s) => {
        const header = findHeaderRow(s);
        return header && REQUIRED_COLUMNS.every((k) => header.columns[k] !== undefined);
      });
      if (candidates.length === 1) {
        sheet = candidates[0];
        findings.push({
          severity: 'info',
          rule: 'plan-sheet',
          sheet: sheet.name,
          cell: '',
          message: `Using sheet "${sheet.name}" as the plan: it is the only sheet with ID, Task, Start and End columns. Rename it "Plan" or pass --sheet to be explicit.`,
        });
      } else {
        const names = wb.sheets.map((s) => `"${s.name}"`).join(', ');
        return fatal(
          '',
          'plan-sheet',
          `No plan sheet found: expected a sheet named ${PLAN_SHEET_NAMES.map((n) => `"${n}"`).join(', ')} (this workbook has ${names}). Use --sheet NAME to choose one.`,
        );
      }
    }
  }

  const header = findHeaderRow(sheet);
  if (!header) {
    return fatal(
      sheet.name,
      'header-row',
      `No header row found in the first ${HEADER_SEARCH_ROWS} rows of sheet "${sheet.name}": expected column titles such as ID, Task, Start, End.`,
    );
  }
  for (const key of REQUIRED_COLUMNS) {
    if (header.columns[key] === undefined) {
      findings.push({
        severity: 'error',
        rule: 'required-columns',
        sheet: sheet.name,
        cell: a1(header.row, 1),
        message: `The header row (row ${header.row}) has no ${COLUMN_TITLE[key]} column. Add a column titled "${COLUMN_TITLE[key]}".`,
      });
    }
  }

  const { tasks, headingRows, lastRow } = readTasks(sheet, header.row, header.columns, wb.date1904);
  const plan: Plan = {
    sheet,
    headerRow: header.row,
    columns: header.columns,
    tasks,
    headingRows,
    lastRow,
    settings,
    workstreams: readWorkstreams(wb),
    date1904: wb.date1904,
  };
  return { ok: true, plan, findings };
}

function readTasks(
  sheet: SheetData,
  headerRow: number,
  columns: PlanColumns,
  date1904: boolean,
): { tasks: Task[]; headingRows: number[]; lastRow: number } {
  const at = (row: number, col: number | undefined) =>
    col === undefined ? undefined : getCell(sheet, row, col);
  const text = (row: number, col: number | undefined) => textOf(at(row, col)?.value ?? null);

  const progressCol = columns.progress;
  const hundredScale =
    progressCol !== undefined &&
    progressUsesHundredScale(
      [...rowsWithCells(sheet, headerRow + 1)].map((row) => sheet.cells[row][progressCol]),
    );

  const tasks: Task[] = [];
  const headingRows: number[] = [];
  let lastRow = headerRow;
  let sectionWorkstream: string | null = null;
  const identity = [
    columns.id,
    columns.workstream,
    columns.task,
    columns.lead,
    columns.stakeholders,
  ];
  const timing = [columns.start, columns.end, columns.rag, columns.progress, columns.dependencies];

  for (const row of rowsWithCells(sheet, headerRow + 1)) {
    const filled = identity.filter((c) => text(row, c) !== null);
    const timed = timing.filter((c) => text(row, c) !== null);
    if (filled.length === 0 && timed.length === 0) continue;
    lastRow = row;
    // A lone label with no dates or status is a workstream or section heading, not a task.
    if (
      filled.length === 1 &&
      timed.length === 0 &&
      typeof at(row, filled[0])?.value === 'string'
    ) {
      headingRows.push(row);
      sectionWorkstream = text(row, filled[0]);
      continue;
    }
    tasks.push({
      row,
      id: text(row, columns.id),
      workstream:
        text(row, columns.workstream) ??
        (columns.workstream === undefined ? sectionWorkstream : null),
      name: text(row, columns.task),
      lead: text(row, columns.lead),
      stakeholders: text(row, columns.stakeholders),
      start: readDate(at(row, columns.start), date1904),
      end: readDate(at(row, columns.end), date1904),
      baselineStart: readDate(at(row, columns.baselineStart), date1904),
      baselineEnd: readDate(at(row, columns.baselineEnd), date1904),
      rag: columns.rag === undefined ? null : readRag(at(row, columns.rag)),
      progress: readProgress(at(row, columns.progress), hundredScale),
      dependsOn: splitDependencies(at(row, columns.dependencies)?.value ?? null),
    });
  }
  return { tasks, headingRows, lastRow };
}

const SETTING_KEYS: Record<string, keyof Settings> = {
  programme: 'programmeName',
  programmename: 'programmeName',
  reportdate: 'reportDate',
  dateofreport: 'reportDate',
  reportingdate: 'reportDate',
  timelinescale: 'scale',
  scale: 'scale',
  ganttscale: 'scale',
  programmestart: 'windowStart',
  timelinestart: 'windowStart',
  programmeend: 'windowEnd',
  timelineend: 'windowEnd',
  plansheet: 'planSheet',
};

/** The optional Settings sheet: labels in column A, values in column B. */
export function readSettings(wb: WorkbookData, findings: Finding[]): Settings {
  const sheet = findSheet(wb, 'Settings');
  const settings: Settings = {};
  if (!sheet) return settings;
  for (const row of rowsWithCells(sheet)) {
    const label = textOf(cellValue(sheet, row, 1));
    const key = label === null ? undefined : SETTING_KEYS[normaliseHeader(label)];
    if (!key) continue;
    const cell = getCell(sheet, row, 2);
    const value = textOf(cell?.value ?? null);
    if (value === null) continue;
    const problem = (message: string) =>
      findings.push({
        severity: 'error',
        rule: 'settings',
        sheet: sheet.name,
        cell: a1(row, 2),
        message,
      });
    if (key === 'reportDate' || key === 'windowStart' || key === 'windowEnd') {
      const date = readDate(cell, wb.date1904);
      if (date.kind === 'date') settings[key] = date.day;
      else if (date.kind === 'invalid')
        problem(`${label}: ${date.reason}. Enter a date such as 13/11/2020.`);
    } else if (key === 'scale') {
      const scale = value
        .toLowerCase()
        .replace(/s$/, '')
        .replace(/^weekly$/, 'week')
        .replace(/^monthly$/, 'month')
        .replace(/^quarterly$/, 'quarter');
      if (scale === 'week' || scale === 'month' || scale === 'quarter') settings.scale = scale;
      else if (scale !== 'auto')
        problem(`Timeline scale "${value}" is not one of auto, week, month, quarter.`);
    } else {
      settings[key] = value;
    }
  }
  return settings;
}

/** The optional Workstreams sheet: one row per workstream with its lead and status. */
export function readWorkstreams(wb: WorkbookData): WorkstreamInfo[] | null {
  const sheet = findSheet(wb, 'Workstreams');
  if (!sheet) return null;
  const isName = (t: string) =>
    [
      'workstream',
      'workstreams',
      'workstreamname',
      'project',
      'projectworkstream',
      'stream',
      'name',
    ].includes(normaliseHeader(t));
  let headerRow = 0;
  let nameCol = 0;
  let leadCol = 0;
  let ragCol = 0;
  for (let row = 1; row <= Math.min(sheet.maxRow, HEADER_SEARCH_ROWS) && !headerRow; row++) {
    const cells = sheet.cells[row] ?? [];
    for (let col = 1; col < cells.length; col++) {
      const t = textOf(cells[col]?.value ?? null);
      if (t === null) continue;
      const n = normaliseHeader(t);
      if (!nameCol && isName(t)) nameCol = col;
      else if (['lead', 'projectlead', 'owner', 'workstreamlead'].includes(n)) leadCol = col;
      else if (['rag', 'ragstatus', 'status', 'currentstatus', 'overallrag'].includes(n))
        ragCol = col;
    }
    if (nameCol) headerRow = row;
    else leadCol = ragCol = 0;
  }
  if (!headerRow) return [];
  const result: WorkstreamInfo[] = [];
  for (const row of rowsWithCells(sheet, headerRow + 1)) {
    const name = textOf(cellValue(sheet, row, nameCol));
    if (name === null) continue;
    const ragText = ragCol ? textOf(cellValue(sheet, row, ragCol)) : null;
    result.push({
      name,
      lead: leadCol ? textOf(cellValue(sheet, row, leadCol)) : null,
      rag: ragText === null ? null : parseRag(ragText),
      row,
    });
  }
  return result;
}

/** `Project work stream 1: Governance` and `Governance` name the same workstream. */
export function workstreamKey(name: string): string {
  return normaliseHeader(name.replace(/^\s*(project\s+)?work\s*stream\s*\d*\s*[:.\-–]\s*/i, ''));
}
