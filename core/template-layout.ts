/**
 * The empty plan template as plain cells, styles and data validation: the sheets `New plan` adds
 * to a workbook in Excel, and `plan-sync init` writes (with exceljs) from the same definitions.
 */

import { RAG_COLOURS, RAG_DEFINITIONS, RAG_LABEL, RAG_STATUSES } from './rag.js';
import { columnLetters, type CellRange } from './cells.js';
import { StyleTable, type CellBlockData, type CellStyle } from './sync/edits.js';
import {
  PLAN_HEADERS,
  SETTINGS_DEFAULTS,
  SETTINGS_LABELS,
  WORKSTREAM_HEADERS,
} from './template.js';

export const HEADER_FILL = 'F3F2F1';
export const NOTE_COLOUR = '505A5F';

/** Column widths of the Plan sheet, by header. */
export const PLAN_WIDTHS: Record<string, number> = {
  ID: 7,
  Workstream: 26,
  Task: 52,
  Stakeholders: 40,
  Lead: 20,
  Start: 12,
  End: 12,
  RAG: 13,
  '% complete': 11,
  'Depends on': 12,
  'Baseline start': 14,
  'Baseline end': 14,
  Comments: 50,
};

export const SETTINGS_NOTES: Record<keyof typeof SETTINGS_LABELS, string> = {
  programmeName: 'Shown in reports.',
  reportDate:
    'The date the plan is reported at: marked on the timeline and used to find overdue tasks. Blank: today.',
  scale: 'Timeline columns: auto, week, month or quarter.',
  windowStart: 'Optional: the timeline starts no later than this date. Blank: the earliest task.',
  windowEnd: 'Optional: the timeline runs at least to this date. Blank: the latest task.',
  ragRollup:
    'Highlight report: how task statuses roll up to workstreams and the programme: worst (default), mean, or manual (nothing computed, only compared).',
  ragScale:
    'five-point (Red, Amber/Red, Amber, Amber/Green, Green) or three-point (Amber/Red and Amber/Green count as Amber).',
  reportPeriod:
    'Highlight report period in weeks (default 4): milestones due in the next period, and how old a date of report may be.',
  columnStart:
    'Optional: the title of your start-date column if plan-sync does not know it (e.g. From). Add a row like this for any column: Column: End, Column: RAG, Column: ID...',
};

export const RAG_KEY_NOTE =
  'Type the status as text in the RAG column: plan-sync colours the cell and keeps the word, so colour is never the only sign of a status.';

/** Column widths of the Workstreams sheet, in the order of its headers. */
export const WORKSTREAM_WIDTHS: number[] = [34, 22, 13, 15, 60, 60, 50, 40];

/** Rows below the header that get the template's drop-downs and checks. */
export const LAST_VALIDATED_ROW = 1000;
export const LAST_VALIDATED_WORKSTREAM_ROW = 100;

/**
 * A data validation rule: a drop-down list, or a decimal between two numbers. Both warn and
 * accept other input (abbreviations such as A/R or G are still read by plan-sync).
 */
export interface TemplateValidation {
  range: CellRange;
  rule: { type: 'list'; values: string[] } | { type: 'decimal'; min: number; max: number };
  prompt?: { title: string; message: string };
  error: { title: string; message: string };
}

export const RAG_LIST: readonly string[] = RAG_STATUSES.map((s) => RAG_LABEL[s]);

function ragValidation(range: CellRange): TemplateValidation {
  return {
    range,
    rule: { type: 'list', values: [...RAG_LIST] },
    prompt: {
      title: 'RAG status',
      message: 'Choose a status from the list. See the RAG key sheet for what each means.',
    },
    error: { title: 'Not a listed status', message: `Use one of: ${RAG_LIST.join(', ')}.` },
  };
}

/** The template's data validation: the RAG drop-downs and the progress check. */
export function templateValidations(): Record<'Plan' | 'Workstreams', TemplateValidation[]> {
  const col = (title: string) => PLAN_HEADERS.indexOf(title) + 1;
  const column = (c: number, last: number): CellRange => ({
    top: 2,
    bottom: last,
    left: c,
    right: c,
  });
  return {
    Plan: [
      ragValidation(column(col('RAG'), LAST_VALIDATED_ROW)),
      {
        range: column(col('% complete'), LAST_VALIDATED_ROW),
        rule: { type: 'decimal', min: 0, max: 1 },
        error: { title: 'Progress', message: 'Enter a percentage from 0% to 100%.' },
      },
    ],
    Workstreams: [
      ragValidation(column(WORKSTREAM_HEADERS.indexOf('RAG') + 1, LAST_VALIDATED_WORKSTREAM_ROW)),
    ],
  };
}

/** `H2:H1000`. */
export function validationAddress(v: TemplateValidation): string {
  const l = columnLetters(v.range.left);
  const r = columnLetters(v.range.right);
  return `${l}${v.range.top}:${r}${v.range.bottom}`;
}

export interface TemplateSheet {
  name: string;
  block: CellBlockData;
  styles: CellStyle[];
  widths: number[];
  freeze?: { row: number; col: number };
  validations: TemplateValidation[];
}

function sheetOf(
  name: string,
  rows: ({ value: string | number | null; style: CellStyle | null } | null)[][],
  widths: number[],
  freeze?: TemplateSheet['freeze'],
  validations: TemplateValidation[] = [],
): TemplateSheet {
  const table = new StyleTable();
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  const styles = new Int32Array(width * rows.length).fill(-1);
  const values = new Map<number, number | string>();
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      if (cell.style) styles[r * width + c] = table.id(cell.style);
      if (cell.value !== null) values.set(r * width + c, cell.value);
    }),
  );
  return {
    name,
    block: { width, height: rows.length, styles, values },
    styles: table.styles,
    widths,
    freeze,
    validations,
  };
}

const header = (titles: readonly string[]) =>
  titles.map((value) => ({ value, style: { bold: true, fill: HEADER_FILL } as CellStyle }));

export function templateSheets(): TemplateSheet[] {
  const validations = templateValidations();
  const plan = sheetOf(
    'Plan',
    [header(PLAN_HEADERS)],
    PLAN_HEADERS.map((h) => PLAN_WIDTHS[h] ?? 14),
    {
      row: 2,
      col: PLAN_HEADERS.indexOf('Task') + 2,
    },
    validations.Plan,
  );
  const workstreams = sheetOf(
    'Workstreams',
    [header(WORKSTREAM_HEADERS)],
    WORKSTREAM_WIDTHS,
    { row: 2, col: 1 },
    validations.Workstreams,
  );
  const settings = sheetOf(
    'Settings',
    [
      header(['Setting', 'Value', 'Notes']),
      ...(Object.keys(SETTINGS_LABELS) as (keyof typeof SETTINGS_LABELS)[]).map((key) => [
        { value: SETTINGS_LABELS[key], style: { bold: true } },
        { value: SETTINGS_DEFAULTS[key] ?? null, style: { hAlign: 'left' } as CellStyle },
        { value: SETTINGS_NOTES[key], style: { italic: true, fontColor: NOTE_COLOUR } },
      ]),
    ],
    [20, 36, 90],
  );
  const ragKey = sheetOf(
    'RAG key',
    [
      header(['Status', 'Meaning']),
      ...RAG_STATUSES.map((status) => [
        {
          value: RAG_LABEL[status],
          style: {
            bold: true,
            fill: RAG_COLOURS[status].fill,
            fontColor: RAG_COLOURS[status].text,
          },
        },
        { value: RAG_DEFINITIONS[status], style: { wrap: true } },
      ]),
      [],
      [{ value: RAG_KEY_NOTE, style: { italic: true, fontColor: NOTE_COLOUR } }],
    ],
    [16, 100],
  );
  return [plan, workstreams, settings, ragKey];
}
