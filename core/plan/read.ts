/** Finding the plan in a workbook and reading its tasks, settings and workstreams as plain data. */

import {
  a1,
  cellValue,
  getCell,
  rowsWithCells,
  type Cell,
  type SheetData,
  type WorkbookData,
} from '../cells.js';
import type { Finding } from '../findings.js';
import { parseRag, type RagParse } from '../rag.js';
import { suggest } from '../suggest.js';
import {
  COLUMN_KEYS,
  COLUMN_TITLE,
  FIELD_NAME,
  matchColumns,
  normaliseHeader,
  optionFieldName,
  REQUIRED_COLUMNS,
  type ColumnKey,
  type ColumnMapping,
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

import {
  choosePlanSheet,
  findSheetName,
  PLAN_SHEET_NAMES,
  SETTINGS_SHEET,
  sheetNamesOf,
} from './locate.js';
import { readSettingsSheet, type Settings } from './settings.js';

export { PLAN_SHEET_NAMES } from './locate.js';
export type { Settings } from './settings.js';
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
  dependsOn: readonly string[];
}

export interface WorkstreamInfo {
  name: string;
  lead: string | null;
  rag: RagParse | null;
  row: number;
  /** The declared status as typed (`AMBER OLA / GREEN`); null when blank or no RAG column. */
  ragText?: string | null;
  /** The workstream's date of report; undefined when the sheet has no such column. */
  dateOfReport?: DateField;
  /** Highlight-report narrative, as typed (line breaks kept); null when blank, undefined when no column. */
  progressToDate?: string | null;
  nextPeriod?: string | null;
  risksAndIssues?: string | null;
  escalations?: string | null;
  /** The Workstreams sheet's name as the workbook spells it. */
  sheet?: string;
  /** A1 address of each of this row's cells that has a column, e.g. `{ rag: 'C4' }`. */
  cells?: Partial<Record<WorkstreamField, string>>;
}

/** The columns of the Workstreams sheet. */
export type WorkstreamField =
  | 'name'
  | 'lead'
  | 'rag'
  | 'dateOfReport'
  | 'progressToDate'
  | 'nextPeriod'
  | 'risksAndIssues'
  | 'escalations';

/** Header aliases of the Workstreams sheet, matched ignoring case, spaces and punctuation. */
export const WORKSTREAM_ALIASES: Record<WorkstreamField, readonly string[]> = {
  name: [
    'Workstream',
    'Workstreams',
    'Workstream name',
    'Project',
    'Project work stream',
    'Stream',
    'Name',
  ],
  lead: ['Lead', 'Project lead', 'Owner', 'Workstream lead'],
  rag: [
    'RAG',
    'RAG status',
    'Status',
    'Current status',
    'Overall RAG',
    'Overall RAG status',
    'Overall project RAG status',
    'Declared RAG',
  ],
  dateOfReport: [
    'Date of report',
    'Report date',
    'Reported',
    'Reported on',
    'Last report',
    'Last reported',
    'Last updated',
    'Updated',
    'As at',
  ],
  progressToDate: [
    'Progress to date',
    'Progress',
    'Current status (progress to date)',
    'Progress this period',
    'This period',
    'Achievements',
    'Update',
  ],
  nextPeriod: [
    'Next period',
    'Next steps',
    'Planned next period',
    'Key milestones in the next 4 weeks',
    'Key milestones to be achieved during next 4 weeks',
    'Key milestones next period',
    'Key milestones',
  ],
  risksAndIssues: [
    'Risks and issues',
    'Risks & issues',
    'Key risks and issues',
    'Current key risks and issues',
    'Current key risks and issues impacting on delivery',
    'Risks / issues',
    'Risks',
    'Issues',
  ],
  escalations: [
    'Escalations',
    'Escalation',
    'Items for escalation',
    'Items for escalation to the board',
    'Items requiring escalation',
    'Any items requiring escalation to the board',
    'Escalate',
    'Escalate to board',
  ],
};

const WORKSTREAM_ALIAS_INDEX: ReadonlyMap<string, WorkstreamField> = new Map(
  (Object.keys(WORKSTREAM_ALIASES) as WorkstreamField[]).flatMap((field) =>
    WORKSTREAM_ALIASES[field].map((alias) => [normaliseHeader(alias), field] as const),
  ),
);

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
  /**
   * Column titles mapped on the command line (`--column start=From`); they override the Settings
   * sheet's. A title the header row does not have means the plan cannot be read.
   */
  columns?: ColumnMapping;
}

export type ReadPlanResult =
  | { ok: true; plan: Plan; findings: Finding[] }
  /** The workbook cannot be read as a plan: nothing may be written. */
  | { ok: false; findings: Finding[]; reason: string };

function findSheet(wb: WorkbookData, name: string): SheetData | undefined {
  const found = findSheetName(
    wb.sheets.map((s) => s.name),
    name,
  );
  return wb.sheets.find((s) => s.name === found);
}

export interface HeaderRow {
  row: number;
  columns: PlanColumns;
  /** Every text title on the header row, by column. */
  titles: Map<number, string>;
}

/** The row, within the first 20, whose titles best match the plan's columns (mapped titles count). */
export function findHeaderRow(sheet: SheetData, mapping: ColumnMapping = {}): HeaderRow | null {
  let best: (HeaderRow & { score: number }) | null = null;
  const lastRow = Math.min(sheet.maxRow, HEADER_SEARCH_ROWS);
  for (let row = 1; row <= lastRow; row++) {
    const titles = new Map<number, string>();
    const cells = sheet.cells[row] ?? [];
    for (let col = 1; col < cells.length; col++) {
      const text = textOf(cells[col]?.value ?? null);
      if (text !== null && typeof cells[col]?.value === 'string') titles.set(col, text);
    }
    const columns = matchColumns(titles, mapping);
    const score =
      Object.keys(columns).length + REQUIRED_COLUMNS.filter((k) => columns[k] !== undefined).length;
    if (score >= 4 && (!best || score > best.score)) best = { row, columns, titles, score };
  }
  return best && { row: best.row, columns: best.columns, titles: best.titles };
}

function fatal(sheet: string, rule: string, message: string, cell = ''): ReadPlanResult {
  return {
    ok: false,
    reason: message,
    findings: [{ severity: 'error', rule, sheet, cell, message }],
  };
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** Up to 12 titles for a message, then how many more. */
function someTitles(titles: readonly string[]): string {
  const shown = titles.slice(0, 12).join(', ');
  return titles.length > 12 ? `${shown} and ${titles.length - 12} more` : shown;
}

/** How to map a column, said the same way wherever a column is missing. */
function howToMap(key: ColumnKey): string {
  return `on the Settings sheet put "Column: ${FIELD_NAME[key]}" in column A and the title in column B, or use --column ${optionFieldName(key)}=TITLE`;
}

export function readPlan(wb: WorkbookData, options: ReadPlanOptions = {}): ReadPlanResult {
  const findings: Finding[] = [];
  const settings = readSettings(wb, findings);
  const names = sheetNamesOf(wb);
  const mapping: ColumnMapping = {};
  for (const key of COLUMN_KEYS) {
    const title = options.columns?.[key] ?? settings.columns[key]?.title;
    if (title !== undefined) mapping[key] = title;
  }

  let sheet: SheetData | undefined;
  const choice = choosePlanSheet(names, options.sheetName, settings.planSheet);
  if (choice.kind === 'missing') {
    if (choice.from === 'settings')
      return fatal(
        settings.sheetName ?? SETTINGS_SHEET,
        'plan-sheet',
        `The Settings sheet names "${choice.wanted}" as the plan sheet (cell ${settings.planSheetCell}), but this workbook has no sheet called that (it has ${quoted(names)}). Correct the Settings sheet, or use --sheet NAME.`,
        settings.planSheetCell,
      );
    return fatal(
      choice.wanted,
      'plan-sheet',
      `No sheet named "${choice.wanted}" in this workbook (it has ${quoted(names)}).`,
    );
  }
  if (choice.kind === 'sheet') {
    sheet = wb.sheets.find((s) => s.name === choice.name);
    // A host that read what core/plan/locate.ts asked for always has it.
    if (!sheet) return fatal(choice.name, 'plan-sheet', `Sheet "${choice.name}" was not read.`);
  } else {
    // A plan sheet with another name is still found when it is the only sheet with a plan header.
    const candidates = wb.sheets.filter((s) => {
      const header = findHeaderRow(s, mapping);
      return header && REQUIRED_COLUMNS.every((k) => header.columns[k] !== undefined);
    });
    if (candidates.length !== 1)
      return fatal(
        '',
        'plan-sheet',
        `No plan sheet found: expected a sheet named ${quoted(PLAN_SHEET_NAMES)} (this workbook has ${quoted(names)}). Use --sheet NAME to choose one.`,
      );
    sheet = candidates[0];
    findings.push({
      severity: 'info',
      rule: 'plan-sheet',
      sheet: sheet.name,
      cell: '',
      message: `Using sheet "${sheet.name}" as the plan: it is the only sheet with ID, Task, Start and End columns. Rename it "Plan" or pass --sheet to be explicit.`,
    });
  }

  const header = findHeaderRow(sheet, mapping);
  if (!header) {
    return fatal(
      sheet.name,
      'header-row',
      `No header row found in the first ${HEADER_SEARCH_ROWS} rows of sheet "${sheet.name}": expected column titles such as ID, Task, Start, End. If your columns have other titles, map them: ${howToMap('start')}.`,
    );
  }

  // A mapped title the header row does not have: on the command line the plan cannot be read as
  // asked; on the Settings sheet it is an error at that cell.
  const titles = [...header.titles.values()];
  const unmapped = new Set<ColumnKey>();
  for (const key of COLUMN_KEYS) {
    const title = mapping[key];
    if (title === undefined || header.columns[key] !== undefined) continue;
    unmapped.add(key);
    const close = suggest(title, titles, normaliseHeader);
    const missing = `the header row (row ${header.row}) of sheet "${sheet.name}" has no column titled "${title}"${close ? `; did you mean "${close}"?` : '.'} Its columns are ${someTitles(titles)}.`;
    const fromSettings = settings.columns[key];
    if (options.columns?.[key] !== undefined || !fromSettings)
      return fatal(
        sheet.name,
        'column-mapping',
        `--column ${optionFieldName(key)}=${title}: ${missing}`,
      );
    findings.push({
      severity: 'error',
      rule: 'settings',
      sheet: settings.sheetName ?? SETTINGS_SHEET,
      cell: fromSettings.cell,
      message: `${fromSettings.label} is "${title}", but ${missing}`,
    });
  }

  const known = new Set(Object.values(header.columns));
  const others = [...header.titles].filter(([col]) => !known.has(col)).map(([, t]) => t);
  for (const key of REQUIRED_COLUMNS) {
    if (header.columns[key] !== undefined || unmapped.has(key)) continue;
    const title = COLUMN_TITLE[key];
    findings.push({
      severity: 'error',
      rule: 'required-columns',
      sheet: sheet.name,
      cell: a1(header.row, 1),
      message: others.length
        ? `The header row (row ${header.row}) has no ${title} column. If one of ${someTitles(others)} is it, map it: ${howToMap(key)}. Otherwise add a column titled "${title}".`
        : `The header row (row ${header.row}) has no ${title} column. Add a column titled "${title}".`,
    });
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

  const rows = [...rowsWithCells(sheet, headerRow + 1)];
  const progressCol = columns.progress;
  const hundredScale =
    progressCol !== undefined &&
    progressUsesHundredScale(rows.map((row) => sheet.cells[row][progressCol]));

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

  // What textOf would call text: numbers, booleans and errors always are (without making their
  // text); strings when not blank.
  const present = (cells: (Cell | undefined)[], col: number | undefined) => {
    if (col === undefined) return false;
    const v = cells[col]?.value ?? null;
    return typeof v === 'string' ? textOf(v) !== null : v !== null;
  };
  // Statuses repeat down a plan: each distinct text is parsed once (parses are plain data).
  const rags = new Map<string, RagField>();
  const rag = (cell: Cell | undefined): RagField => {
    const raw = cell?.value;
    if (typeof raw !== 'string') return readRag(cell);
    let known = rags.get(raw);
    if (!known) {
      known = readRag(cell);
      if (rags.size < 10_000) rags.set(raw, known);
    }
    return known;
  };
  // Dates and progress repeat too: equal cells are one object (see CellReader.finish), so each
  // distinct cell is read once. A formula's cell is its own, so it is not kept.
  const oncePerCell = <T>(read: (cell: Cell | undefined) => T) => {
    const known = new Map<Cell, T>();
    return (cell: Cell | undefined): T => {
      if (cell === undefined || cell.formula) return read(cell);
      let field = known.get(cell);
      if (field === undefined) {
        field = read(cell);
        if (known.size < 100_000) known.set(cell, field);
      }
      return field;
    };
  };
  const date = oncePerCell((cell) => readDate(cell, date1904));
  const progress = oncePerCell((cell) => readProgress(cell, hundredScale));

  for (const row of rows) {
    const cells = sheet.cells[row];
    let filledCount = 0;
    let firstFilled: number | undefined;
    for (const c of identity) {
      if (present(cells, c)) {
        if (filledCount++ === 0) firstFilled = c;
      }
    }
    let timedCount = 0;
    for (const c of timing) if (present(cells, c)) timedCount++;
    if (filledCount === 0 && timedCount === 0) continue;
    lastRow = row;
    // A lone label with no dates or status is a workstream or section heading, not a task.
    if (filledCount === 1 && timedCount === 0 && typeof at(row, firstFilled)?.value === 'string') {
      headingRows.push(row);
      sectionWorkstream = text(row, firstFilled);
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
      start: date(at(row, columns.start)),
      end: date(at(row, columns.end)),
      baselineStart: date(at(row, columns.baselineStart)),
      baselineEnd: date(at(row, columns.baselineEnd)),
      rag: columns.rag === undefined ? null : rag(at(row, columns.rag)),
      progress: progress(at(row, columns.progress)),
      dependsOn: splitDependencies(at(row, columns.dependencies)?.value ?? null),
    });
  }
  return { tasks, headingRows, lastRow };
}

/** The optional Settings sheet (see ./settings.ts). */
export function readSettings(wb: WorkbookData, findings: Finding[]): Settings {
  const sheet = findSheet(wb, SETTINGS_SHEET);
  return sheet ? readSettingsSheet(sheet, wb.date1904, findings) : { columns: {} };
}

/**
 * The optional Workstreams sheet: one row per workstream with its lead, declared status, date of
 * report and highlight-report narrative. The header is the first row (within 20) with a name column.
 */
export function readWorkstreams(wb: WorkbookData): WorkstreamInfo[] | null {
  const sheet = findSheet(wb, 'Workstreams');
  if (!sheet) return null;
  let headerRow = 0;
  let columns: Partial<Record<WorkstreamField, number>> = {};
  for (let row = 1; row <= Math.min(sheet.maxRow, HEADER_SEARCH_ROWS) && !headerRow; row++) {
    const found: Partial<Record<WorkstreamField, number>> = {};
    const cells = sheet.cells[row] ?? [];
    for (let col = 1; col < cells.length; col++) {
      const t = textOf(cells[col]?.value ?? null);
      if (t === null) continue;
      const field = WORKSTREAM_ALIAS_INDEX.get(normaliseHeader(t));
      // The leftmost column of each field wins.
      if (field && found[field] === undefined) found[field] = col;
    }
    if (found.name !== undefined) {
      headerRow = row;
      columns = found;
    }
  }
  if (!headerRow) return [];
  const nameCol = columns.name ?? 0;
  const text = (row: number, field: WorkstreamField) => {
    const col = columns[field];
    return col === undefined ? null : textOf(cellValue(sheet, row, col));
  };
  const optionalText = (row: number, field: WorkstreamField) =>
    columns[field] === undefined ? undefined : text(row, field);
  const result: WorkstreamInfo[] = [];
  for (const row of rowsWithCells(sheet, headerRow + 1)) {
    const name = textOf(cellValue(sheet, row, nameCol));
    if (name === null) continue;
    const ragText = text(row, 'rag');
    const cells: Partial<Record<WorkstreamField, string>> = {};
    for (const [field, col] of Object.entries(columns) as [WorkstreamField, number][])
      cells[field] = a1(row, col);
    const info: WorkstreamInfo = {
      name,
      lead: text(row, 'lead'),
      rag: ragText === null ? null : parseRag(ragText),
      row,
      ragText,
      sheet: sheet.name,
      cells,
    };
    if (columns.dateOfReport !== undefined)
      info.dateOfReport = readDate(getCell(sheet, row, columns.dateOfReport), wb.date1904);
    for (const field of [
      'progressToDate',
      'nextPeriod',
      'risksAndIssues',
      'escalations',
    ] as const) {
      const value = optionalText(row, field);
      if (value !== undefined) info[field] = value;
    }
    result.push(info);
  }
  return result;
}

/** Keys of the names seen: a plan repeats a handful of workstream names on every task row. */
const workstreamKeys = new Map<string, string>();
const WORKSTREAM_KEYS_KEPT = 4096;

/** `Project work stream 1: Governance` and `Governance` name the same workstream. */
export function workstreamKey(name: string): string {
  let key = workstreamKeys.get(name);
  if (key === undefined) {
    key = normaliseHeader(name.replace(/^\s*(project\s+)?work\s*stream\s*\d*\s*[:.\-–]\s*/i, ''));
    if (workstreamKeys.size >= WORKSTREAM_KEYS_KEPT) workstreamKeys.clear();
    workstreamKeys.set(name, key);
  }
  return key;
}
