/**
 * The Highlight sheet of a return: the workstream's narrative for the highlight report (overall
 * RAG, progress to date, next period, risks and issues, escalations), merged into the master's
 * Workstreams sheet with the same three-way rule as the tasks.
 */

import { a1, cellValue, rowsWithCells, type SheetData } from '../cells.js';
import { addDays, isoOf, type Day } from '../dates.js';
import { normaliseHeader } from '../plan/columns.js';
import { parseRag } from '../rag.js';
import { readRag, textOf } from '../plan/fields.js';
import { endDay, startDay } from '../plan/span.js';
import { workstreamKey, type Plan, type WorkstreamInfo } from '../plan/read.js';
import { masterValue, ragValue, type ReadValue } from './fields.js';

export type HighlightField =
  'rag' | 'progressToDate' | 'nextPeriod' | 'risksAndIssues' | 'escalations';

export const HIGHLIGHT_FIELDS: readonly HighlightField[] = [
  'rag',
  'progressToDate',
  'nextPeriod',
  'risksAndIssues',
  'escalations',
];

export const HIGHLIGHT_LABEL: Record<HighlightField, string> = {
  rag: 'Overall RAG',
  progressToDate: 'Progress to date',
  nextPeriod: 'Next period',
  risksAndIssues: 'Risks and issues',
  escalations: 'Escalations',
};

/** How the hidden sheet names a workstream field (its ID column holds WORKSTREAM_ROW_ID). */
export const WORKSTREAM_ROW_ID = '(workstream)';
export const highlightKey = (f: HighlightField) => `workstream:${f}`;

const BLANK: Record<HighlightField, string> = {
  rag: '',
  progressToDate: '',
  nextPeriod: '',
  risksAndIssues: '',
  escalations: '',
};

export function emptyHighlight(): Record<HighlightField, string> {
  return { ...BLANK };
}

/** The workstream's row of the Workstreams sheet, if it has one. */
export function workstreamRow(plan: Plan, name: string): WorkstreamInfo | undefined {
  return plan.workstreams?.find((w) => workstreamKey(w.name) === workstreamKey(name));
}

/** Each narrative field of the master in the comparable form. */
export function highlightValues(info: WorkstreamInfo | undefined): Record<HighlightField, string> {
  if (!info) return emptyHighlight();
  const ragText = info.ragText ?? null;
  return {
    rag: ragText === null ? '' : masterValue(ragValue({ text: ragText, parse: parseRag(ragText) })),
    progressToDate: info.progressToDate?.trim() ?? '',
    nextPeriod: info.nextPeriod?.trim() ?? '',
    risksAndIssues: info.risksAndIssues?.trim() ?? '',
    escalations: info.escalations?.trim() ?? '',
  };
}

export interface DueTask {
  id: string;
  task: string;
  /** `2020-12-04`. */
  due: string;
  rag: string;
  milestone: boolean;
}

/** The workstream's tasks due after the report date and within the report period, milestones first. */
export function dueNextPeriod(plan: Plan, workstream: string, reportDate: Day): DueTask[] {
  const until = addDays(reportDate, 7 * (plan.settings.reportPeriodWeeks ?? 4));
  const key = workstreamKey(workstream);
  const out: DueTask[] = [];
  for (const task of plan.tasks) {
    if (task.workstream === null || workstreamKey(task.workstream) !== key) continue;
    const due = endDay(task);
    if (due === null || due <= reportDate || due > until) continue;
    const rag = ragValue(task.rag);
    out.push({
      id: task.id ?? '',
      task: task.name ?? '',
      due: isoOf(due),
      rag: masterValue(rag),
      milestone: startDay(task) === due,
    });
  }
  return out.sort(
    (a, b) => Number(b.milestone) - Number(a.milestone) || a.due.localeCompare(b.due),
  );
}

export interface HighlightRead {
  values: Partial<Record<HighlightField, ReadValue>>;
  cells: Partial<Record<HighlightField, string>>;
}

const LABEL_INDEX = new Map(
  HIGHLIGHT_FIELDS.map((f) => [normaliseHeader(HIGHLIGHT_LABEL[f]), f] as const),
);

/** Labels in column A, values in column B (wherever the lead's tool moved the rows). */
export function readHighlightSheet(sheet: SheetData | undefined): HighlightRead {
  const read: HighlightRead = { values: {}, cells: {} };
  if (!sheet) return read;
  for (const row of rowsWithCells(sheet)) {
    const label = textOf(cellValue(sheet, row, 1));
    const field = label === null ? undefined : LABEL_INDEX.get(normaliseHeader(label));
    if (!field || read.values[field]) continue;
    const cell = sheet.cells[row]?.[2];
    read.cells[field] = a1(row, 2);
    read.values[field] =
      field === 'rag'
        ? ragValue(readRag(cell))
        : { ok: true, value: textOf(cell?.value ?? null) ?? '' };
  }
  return read;
}
