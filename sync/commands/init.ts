import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
// Types only: exceljs (hundreds of modules) is loaded when a workbook is built, not at start-up.
import type ExcelJS from 'exceljs';
import { ymdOf, type Day } from '../../core/dates.js';
import { RAG_COLOURS, RAG_DEFINITIONS, RAG_LABEL, RAG_STATUSES } from '../../core/rag.js';
import {
  exampleProgramme,
  PLAN_HEADERS,
  SETTINGS_DEFAULTS,
  SETTINGS_LABELS,
  WORKSTREAM_HEADERS,
  type TemplateTask,
  type TemplateWorkstream,
} from '../../core/template.js';
import { CannotProceed } from '../io/load.js';
import { typed } from '../io/not-a-workbook.js';
import { safeWrite } from '../io/safe-write.js';
import { sniffFileKind } from '../../core/xlsx/file-kind.js';
import { parseCommandLine } from './args.js';
import { EXIT_OK, type CommandIO } from './context.js';
import {
  HEADER_FILL,
  NOTE_COLOUR,
  PLAN_WIDTHS,
  RAG_KEY_NOTE,
  SETTINGS_NOTES,
  templateValidations,
  validationAddress,
  WORKSTREAM_WIDTHS,
  type TemplateValidation,
} from '../../core/template-layout.js';
import { exceljsBytes } from '../xlsx/exceljs-bytes.js';

export const INIT_HELP = `Usage: plan-sync init FILE [--example] [--force [--no-backup]]

Creates a new plan workbook FILE (.xlsx) with the sheets plan-sync reads:
  Plan         the task table (ID, Workstream, Task, ... Start, End, RAG, % complete, Depends on)
  Workstreams  each workstream with its lead, RAG status, date of report and highlight-report
               narrative (progress to date, next period, risks and issues, escalations)
  Settings     programme name, report date, timeline scale, programme start and end, RAG
               roll-up, RAG scale and report period (for plan-sync report), and
               where to map a column plan-sync does not know (Column: Start)
  RAG key      the seven statuses, their colours and what each means

Options:
  --example    fill the plan with a worked example (a real transition programme, 2020-21)
  --force      replace FILE if it already exists (even when it is read-only); the file
               replaced is kept as FILE.backup.xlsx
  --no-backup  with --force, do not keep FILE.backup.xlsx

Then run 'plan-sync sync FILE' to colour the statuses and draw the timeline.
Exit codes: 0 created, 2 nothing was written (FILE exists or is open, is not .xlsx, or cannot be
written: disk full, folder not writable).`;

const DATE_FORMAT = 'dd/mm/yyyy';

/** A Day as the JS Date exceljs writes as that calendar date (UTC midnight, so no zone shift). */
export function excelDate(day: Day): Date {
  const { y, m, d } = ymdOf(day);
  return new Date(Date.UTC(y, m - 1, d));
}

function argb(hex: string): string {
  return `FF${hex}`;
}

function solid(hex: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(hex) } };
}

/** A fresh header style object for every cell: exceljs shares style objects between cells otherwise. */
function headerStyle(numFmt?: string): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {
    font: { bold: true },
    fill: solid(HEADER_FILL),
    alignment: { vertical: 'middle' },
    border: { bottom: { style: 'thin', color: { argb: argb('B1B4B6') } } },
  };
  if (numFmt) style.numFmt = numFmt;
  return style;
}

/** A template validation (core/template-layout.ts, shared with the add-in's New plan) for exceljs. */
function excelValidation(v: TemplateValidation): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showErrorMessage: true,
    // A warning, not a stop: abbreviations such as A/R or G are still read by plan-sync.
    errorStyle: 'warning' as const,
    errorTitle: v.error.title,
    error: v.error.message,
    ...(v.prompt
      ? { showInputMessage: true, promptTitle: v.prompt.title, prompt: v.prompt.message }
      : {}),
  };
  return v.rule.type === 'list'
    ? { type: 'list', formulae: [`"${v.rule.values.join(',')}"`], ...common }
    : { type: 'decimal', operator: 'between', formulae: [v.rule.min, v.rule.max], ...common };
}

/** exceljs 4.4 has `worksheet.dataValidations` but does not declare it. */
function addValidation(
  ws: ExcelJS.Worksheet,
  range: string,
  validation: ExcelJS.DataValidation,
): void {
  (
    ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations.add(range, validation);
}

function writeHeader(
  ws: ExcelJS.Worksheet,
  headers: readonly string[],
  numFmts: (string | undefined)[] = [],
): void {
  const row = ws.getRow(1);
  headers.forEach((title, i) => {
    const cell = row.getCell(i + 1);
    cell.value = title;
    cell.style = headerStyle(numFmts[i]);
  });
  row.height = 20;
}

function addPlanSheet(wb: ExcelJS.Workbook, tasks: readonly TemplateTask[]): void {
  const ws = wb.addWorksheet('Plan', {
    views: [{ state: 'frozen', xSplit: 3, ySplit: 1, topLeftCell: 'D2', activeCell: 'D2' }],
  });
  const col = (title: string) => PLAN_HEADERS.indexOf(title) + 1;
  const dateCols = ['Start', 'End', 'Baseline start', 'Baseline end'].map(col);
  const progressCol = col('% complete');
  const idCol = col('ID');
  const dependsCol = col('Depends on');
  // IDs and dependency lists are text: 1.10 must not become the number 1.1.
  const textCols = [idCol, dependsCol];

  // Column formats, so what people type later below the table is formatted too.
  ws.columns = PLAN_HEADERS.map((title, i) => {
    const c = i + 1;
    const style: Partial<ExcelJS.Style> = {};
    if (dateCols.includes(c)) style.numFmt = DATE_FORMAT;
    else if (c === progressCol) style.numFmt = '0%';
    else if (textCols.includes(c)) style.numFmt = '@';
    return { key: title, width: PLAN_WIDTHS[title] ?? 14, style };
  });
  writeHeader(ws, PLAN_HEADERS);

  tasks.forEach((t, i) => {
    const row = ws.getRow(i + 2);
    const values: Record<string, ExcelJS.CellValue> = {
      ID: t.id,
      Workstream: t.workstream,
      Task: t.task,
      Stakeholders: t.stakeholders,
      Lead: t.lead,
      Start: excelDate(t.start),
      End: excelDate(t.end),
      RAG: t.rag,
      '% complete': t.progress,
      'Depends on': t.dependsOn === '' ? null : t.dependsOn,
      'Baseline start': t.baselineStart === undefined ? null : excelDate(t.baselineStart),
      'Baseline end': t.baselineEnd === undefined ? null : excelDate(t.baselineEnd),
      Comments: t.comments ?? null,
    };
    PLAN_HEADERS.forEach((title, j) => {
      const value = values[title];
      if (value === null || value === undefined) return;
      const cell = row.getCell(j + 1);
      cell.value = value;
      // A whole new style per cell (never a shared object), keeping the column's number format.
      const c = j + 1;
      const numFmt = dateCols.includes(c)
        ? DATE_FORMAT
        : c === progressCol
          ? '0%'
          : textCols.includes(c)
            ? '@'
            : undefined;
      cell.style = numFmt ? { numFmt } : {};
    });
  });

  for (const v of templateValidations().Plan)
    addValidation(ws, validationAddress(v), excelValidation(v));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PLAN_HEADERS.length } };
}

function addWorkstreamsSheet(
  wb: ExcelJS.Workbook,
  workstreams: readonly TemplateWorkstream[],
): void {
  const ws = wb.addWorksheet('Workstreams', {
    views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  // The narrative columns wrap, so a paragraph stays readable in its column.
  ws.columns = WORKSTREAM_WIDTHS.map((width, i) => ({
    width,
    style:
      i === 3
        ? { numFmt: DATE_FORMAT }
        : i > 3
          ? { alignment: { wrapText: true, vertical: 'top' } }
          : {},
  }));
  writeHeader(ws, WORKSTREAM_HEADERS);
  workstreams.forEach((w, i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = w.name;
    row.getCell(2).value = w.lead;
    row.getCell(3).value = w.rag;
    if (w.reportDate !== undefined) {
      const cell = row.getCell(4);
      cell.value = excelDate(w.reportDate);
      cell.style = { numFmt: DATE_FORMAT };
    }
    const narrative = [w.progressToDate, w.nextPeriod, w.risksAndIssues, w.escalations];
    narrative.forEach((text, j) => {
      if (text === undefined) return;
      const cell = row.getCell(5 + j);
      cell.value = text;
      cell.style = { alignment: { wrapText: true, vertical: 'top' } };
    });
  });
  for (const v of templateValidations().Workstreams)
    addValidation(ws, validationAddress(v), excelValidation(v));
}

export interface SettingsValues {
  programmeName?: string;
  reportDate?: Day;
  programmeStart?: Day;
  programmeEnd?: Day;
}

function addSettingsSheet(wb: ExcelJS.Workbook, values: SettingsValues): void {
  const ws = wb.addWorksheet('Settings');
  ws.columns = [{ width: 20 }, { width: 36 }, { width: 90 }];
  writeHeader(ws, ['Setting', 'Value', 'Notes']);
  const rows: [string, ExcelJS.CellValue, string, string | undefined][] = [
    [
      SETTINGS_LABELS.programmeName,
      values.programmeName ?? null,
      SETTINGS_NOTES.programmeName,
      undefined,
    ],
    [
      SETTINGS_LABELS.reportDate,
      values.reportDate === undefined ? null : excelDate(values.reportDate),
      SETTINGS_NOTES.reportDate,
      DATE_FORMAT,
    ],
    [SETTINGS_LABELS.scale, SETTINGS_DEFAULTS.scale ?? null, SETTINGS_NOTES.scale, undefined],
    [
      SETTINGS_LABELS.windowStart,
      values.programmeStart === undefined ? null : excelDate(values.programmeStart),
      SETTINGS_NOTES.windowStart,
      DATE_FORMAT,
    ],
    [
      SETTINGS_LABELS.windowEnd,
      values.programmeEnd === undefined ? null : excelDate(values.programmeEnd),
      SETTINGS_NOTES.windowEnd,
      DATE_FORMAT,
    ],
    [
      SETTINGS_LABELS.ragRollup,
      SETTINGS_DEFAULTS.ragRollup ?? null,
      SETTINGS_NOTES.ragRollup,
      undefined,
    ],
    [
      SETTINGS_LABELS.ragScale,
      SETTINGS_DEFAULTS.ragScale ?? null,
      SETTINGS_NOTES.ragScale,
      undefined,
    ],
    [
      SETTINGS_LABELS.reportPeriod,
      SETTINGS_DEFAULTS.reportPeriod ?? null,
      SETTINGS_NOTES.reportPeriod,
      undefined,
    ],
    [SETTINGS_LABELS.columnStart, null, SETTINGS_NOTES.columnStart, undefined],
  ];
  rows.forEach(([label, value, note, numFmt], i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(1).style = { font: { bold: true } };
    const cell = row.getCell(2);
    if (value !== null) cell.value = value;
    cell.style = numFmt
      ? { numFmt, alignment: { horizontal: 'left' } }
      : { alignment: { horizontal: 'left' } };
    row.getCell(3).value = note;
    row.getCell(3).style = { font: { italic: true, color: { argb: argb(NOTE_COLOUR) } } };
  });
}

function addRagKeySheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet('RAG key');
  ws.columns = [{ width: 16 }, { width: 100 }];
  writeHeader(ws, ['Status', 'Meaning']);
  RAG_STATUSES.forEach((status, i) => {
    const row = ws.getRow(i + 2);
    const label = row.getCell(1);
    label.value = RAG_LABEL[status];
    label.style = {
      fill: solid(RAG_COLOURS[status].fill),
      font: { bold: true, color: { argb: argb(RAG_COLOURS[status].text) } },
    };
    row.getCell(2).value = RAG_DEFINITIONS[status];
    row.getCell(2).style = { alignment: { wrapText: true, vertical: 'top' } };
  });
  const note = ws.getRow(RAG_STATUSES.length + 3).getCell(1);
  note.value = RAG_KEY_NOTE;
  note.style = { font: { italic: true, color: { argb: argb(NOTE_COLOUR) } } };
}

/** What goes into a new plan workbook (init's example, or a generated plan for benchmarks). */
export interface PlanWorkbookContent {
  tasks: readonly TemplateTask[];
  workstreams: readonly TemplateWorkstream[];
  settings: SettingsValues;
}

/** A new workbook with Plan, Workstreams, Settings and RAG key sheets holding `content`, as .xlsx bytes. */
export async function buildPlanWorkbook(content: PlanWorkbookContent): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'plan-sync';
  wb.lastModifiedBy = 'plan-sync';
  addPlanSheet(wb, content.tasks);
  addWorkstreamsSheet(wb, content.workstreams);
  addSettingsSheet(wb, content.settings);
  addRagKeySheet(wb);
  return exceljsBytes(wb);
}

/** The workbook `init` writes: empty, or filled with the worked example. */
export async function buildTemplateWorkbook(example: boolean): Promise<Buffer> {
  if (!example) return buildPlanWorkbook({ tasks: [], workstreams: [], settings: {} });
  const data = exampleProgramme();
  return buildPlanWorkbook({
    tasks: data.tasks,
    workstreams: data.workstreams,
    settings: {
      programmeName: data.programmeName,
      reportDate: data.reportDate,
      programmeStart: data.programmeStart,
      programmeEnd: data.programmeEnd,
    },
  });
}

function isCsvFile(path: string): boolean {
  try {
    return statSync(path).isFile() && sniffFileKind(readFileSync(path), path) === 'csv';
  } catch {
    return false;
  }
}

export async function runInit(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'init',
      positionals: ['FILE'],
      options: {
        example: { type: 'boolean' },
        force: { type: 'boolean' },
        'no-backup': { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(INIT_HELP);
    return EXIT_OK;
  }
  const file = positionals[0];
  if (!/\.xlsx$/i.test(file)) {
    const example = `${basename(file).replace(/\.[^.]*$/, '') || 'plan'}.xlsx`;
    const csv = /\.(csv|tsv|txt)$/i.test(file) || isCsvFile(file);
    throw new CannotProceed(
      `${file}: init creates a new plan workbook, so FILE must end .xlsx (e.g. ${example})${
        csv
          ? `; to import a CSV file as a budget table, use plan-sync import-budget WORKBOOK ${typed(file)}`
          : ''
      }. Nothing was written.`,
    );
  }
  if (existsSync(file)) {
    if (statSync(file).isDirectory())
      throw new CannotProceed(`${file} is a folder. Nothing was written.`);
    if (!values.force) {
      throw new CannotProceed(
        `${file} already exists. Choose another name, or add --force to replace it. Nothing was written.`,
      );
    }
  }
  const folder = dirname(resolve(file));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CannotProceed(
      `the folder ${dirname(file)} does not exist. Create it first; nothing was written.`,
    );
  }

  const example = values.example ?? false;
  const bytes = await buildTemplateWorkbook(example);
  // Replacing a workbook (--force) keeps it as NAME.backup.xlsx, as every other write does.
  const { backup } = safeWrite(file, bytes, {
    backup: !values['no-backup'],
    force: values.force,
  });

  const what = example
    ? (() => {
        const data = exampleProgramme();
        return `with the example programme (${data.tasks.length} tasks in ${data.workstreams.length} workstreams)`;
      })()
    : 'with an empty plan';
  io.stdout(
    `Created ${file} ${what}.${backup ? ` Backup of the file it replaced: ${backup}.` : ''} Next: plan-sync sync ${file}`,
  );
  return EXIT_OK;
}
