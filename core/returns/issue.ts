/**
 * What a return is issued from: for each workstream, its tasks and every value a lead may change
 * (the merge base), with the cycle, report date, master file and a fingerprint of the plan. The
 * very hidden sheet of each return holds this, so the merge never depends on what the lead did
 * to the visible sheets.
 */

import { a1, cellValue, rowsWithCells, type SheetData } from '../cells.js';
import { isoOf, parseTextDate, type Day } from '../dates.js';
import type { Finding } from '../findings.js';
import { fingerprintOf } from '../budget/import.js';
import { idKey, readDate, textOf } from '../plan/fields.js';
import { workstreamKey, type Plan, type Task } from '../plan/read.js';
import {
  commentValue,
  commentsColumnOf,
  dateValue,
  masterValue,
  progressValue,
  ragValue,
  RETURN_FIELDS,
  type ReturnField,
} from './fields.js';
import {
  dueNextPeriod,
  emptyHighlight,
  HIGHLIGHT_FIELDS,
  highlightKey,
  highlightValues,
  workstreamRow,
  WORKSTREAM_ROW_ID,
  type DueTask,
  type HighlightField,
} from './highlight.js';

export const RETURN_SHEET = 'Return';
export const HIGHLIGHT_SHEET = 'Highlight';
/** Very hidden: the lead never sees it, and no tool's "unhide" menu lists it. */
export const ISSUED_SHEET = 'PlanSync return';
export const RETURN_FORMAT = 'plan-sync return 1';

export interface IssuedTask {
  id: string;
  workstream: string;
  task: string;
  lead: string;
  /** The master's row when issued (for messages only: the merge matches rows by ID). */
  row: number;
  baselineStart: string;
  baselineEnd: string;
  /** The merge base: each field as issued, in the comparable form of ./fields.ts. */
  values: Record<ReturnField, string>;
}

export interface ReturnIssue {
  workstream: string;
  lead: string;
  cycleId: string;
  reportDate: Day;
  /** The master workbook's file name. */
  master: string;
  /** Of every task's issued values, so a return can tell whether the master changed since. */
  fingerprint: string;
  issuedAt: string;
  tasks: IssuedTask[];
  /** The workstream's narrative as issued (the merge base of the Highlight sheet). */
  highlight: Record<HighlightField, string>;
  /** For the lead's reference on the Highlight sheet (not merged). */
  due: DueTask[];
}

/** Where each field of a task is in the master. */
export interface MasterColumns {
  start?: number;
  end?: number;
  rag?: number;
  progress?: number;
  comments?: number;
}

export function masterColumns(plan: Plan): MasterColumns {
  const titles = new Map<number, string>();
  const cells = plan.sheet.cells[plan.headerRow] ?? [];
  for (let col = 1; col < cells.length; col++) {
    const t = textOf(cells[col]?.value ?? null);
    if (t !== null && typeof cells[col]?.value === 'string') titles.set(col, t);
  }
  const known = new Set(Object.values(plan.columns));
  const comments = commentsColumnOf(new Map([...titles].filter(([col]) => !known.has(col))));
  return {
    start: plan.columns.start,
    end: plan.columns.end,
    rag: plan.columns.rag,
    progress: plan.columns.progress,
    comments,
  };
}

/** Each field of a master task in the comparable form (what cannot be read, as written). */
export function masterValues(
  plan: Plan,
  task: Task,
  cols: MasterColumns,
): Record<ReturnField, string> {
  const comments =
    cols.comments === undefined
      ? ''
      : masterValue(commentValue(plan.sheet.cells[task.row]?.[cols.comments], plan.date1904));
  return {
    start: masterValue(dateValue(task.start)),
    end: masterValue(dateValue(task.end)),
    rag: cols.rag === undefined ? '' : masterValue(ragValue(task.rag)),
    progress: masterValue(progressValue(task.progress)),
    comments,
  };
}

/** The workstreams of the plan, each under one display name (the Workstreams sheet's, if any). */
export function planWorkstreams(plan: Plan): { key: string; name: string; lead: string }[] {
  const out = new Map<string, { key: string; name: string; lead: string }>();
  for (const ws of plan.workstreams ?? []) {
    const key = workstreamKey(ws.name);
    if (!out.has(key)) out.set(key, { key, name: ws.name, lead: ws.lead ?? '' });
  }
  const withTasks = new Set<string>();
  for (const task of plan.tasks) {
    if (task.workstream === null) continue;
    const key = workstreamKey(task.workstream);
    withTasks.add(key);
    if (!out.has(key)) out.set(key, { key, name: task.workstream, lead: '' });
  }
  return [...out.values()].filter((w) => withTasks.has(w.key));
}

export interface IssueOptions {
  reportDate: Day;
  master: string;
  issuedAt: string;
  /** Only these workstreams (names as the user typed them); all when absent. */
  workstreams?: readonly string[];
}

export type IssueResult =
  { ok: true; returns: ReturnIssue[]; findings: Finding[] } | { ok: false; reason: string };

export function planReturns(plan: Plan, options: IssueOptions): IssueResult {
  const cols = masterColumns(plan);
  const findings: Finding[] = [];
  const all = planWorkstreams(plan);
  let chosen = all;
  if (options.workstreams?.length) {
    chosen = [];
    for (const wanted of options.workstreams) {
      const hit = all.find((w) => w.key === workstreamKey(wanted));
      if (!hit)
        return {
          ok: false,
          reason: `the plan has no workstream "${wanted}" with tasks; its workstreams are ${all.map((w) => `"${w.name}"`).join(', ') || 'none'}`,
        };
      if (!chosen.includes(hit)) chosen.push(hit);
    }
  }
  if (!chosen.length)
    return {
      ok: false,
      reason: `no task in sheet "${plan.sheet.name}" names a workstream, so there is nobody to issue a return to. Add a Workstream column`,
    };
  const everything: string[] = [];
  const byKey = new Map<string, IssuedTask[]>(chosen.map((w) => [w.key, []]));
  const seen = new Set<string>();
  for (const task of plan.tasks) {
    const values = masterValues(plan, task, cols);
    everything.push(task.id ?? '', task.workstream ?? '');
    for (const f of RETURN_FIELDS) everything.push(values[f]);
    if (task.workstream === null) continue;
    const list = byKey.get(workstreamKey(task.workstream));
    if (!list) continue;
    if (task.id === null || seen.has(idKey(task.id))) {
      findings.push({
        severity: 'warning',
        rule: 'return-no-id',
        sheet: plan.sheet.name,
        cell: a1(task.row, plan.columns.id ?? 1),
        row: task.row,
        message:
          task.id === null
            ? `Row ${task.row} has no ID, so it is not in the ${task.workstream} return (a return's rows are matched by ID). Give it an ID and issue again.`
            : `ID ${task.id} is used twice; only its first row (not row ${task.row}) is in the ${task.workstream} return.`,
      });
      continue;
    }
    seen.add(idKey(task.id));
    list.push({
      id: task.id,
      workstream: task.workstream,
      task: task.name ?? '',
      lead: task.lead ?? '',
      row: task.row,
      baselineStart: masterValue(dateValue(task.baselineStart)),
      baselineEnd: masterValue(dateValue(task.baselineEnd)),
      values,
    });
  }
  const fingerprint = fingerprintOf(everything);
  const cycleId = `${isoOf(options.reportDate)}-${fingerprint.slice(0, 8)}`;
  return {
    ok: true,
    findings,
    returns: chosen.map((w) => ({
      workstream: w.name,
      lead: w.lead,
      cycleId,
      reportDate: options.reportDate,
      master: options.master,
      fingerprint,
      issuedAt: options.issuedAt,
      tasks: byKey.get(w.key) ?? [],
      highlight: highlightValues(workstreamRow(plan, w.name)),
      due: dueNextPeriod(plan, w.name, options.reportDate),
    })),
  };
}

/** The plan fingerprint a return would get if issued from `plan` now. */
export function planFingerprint(plan: Plan): string {
  const cols = masterColumns(plan);
  const everything: string[] = [];
  for (const task of plan.tasks) {
    const values = masterValues(plan, task, cols);
    everything.push(task.id ?? '', task.workstream ?? '');
    for (const f of RETURN_FIELDS) everything.push(values[f]);
  }
  return fingerprintOf(everything);
}

// ---------------------------------------------------------------------------------------------
// The very hidden sheet: key/value rows, then one row per issued value. All text, so no tool
// that re-saves the file turns a value into something else.

const KEYS = {
  format: 'Format',
  cycle: 'Cycle',
  reportDate: 'Report date',
  workstream: 'Workstream',
  lead: 'Lead',
  master: 'Master file',
  fingerprint: 'Plan fingerprint',
  issuedAt: 'Issued at',
} as const;
const TABLE_HEADER = ['ID', 'Field', 'Issued value', 'Master row'];

export function issuedSheetRows(issue: ReturnIssue): string[][] {
  const rows: string[][] = [
    [KEYS.format, RETURN_FORMAT],
    [KEYS.cycle, issue.cycleId],
    [KEYS.reportDate, isoOf(issue.reportDate)],
    [KEYS.workstream, issue.workstream],
    [KEYS.lead, issue.lead],
    [KEYS.master, issue.master],
    [KEYS.fingerprint, issue.fingerprint],
    [KEYS.issuedAt, issue.issuedAt],
    [],
    TABLE_HEADER,
  ];
  for (const task of issue.tasks)
    for (const field of RETURN_FIELDS)
      rows.push([task.id, field, task.values[field], String(task.row)]);
  for (const field of HIGHLIGHT_FIELDS)
    rows.push([WORKSTREAM_ROW_ID, highlightKey(field), issue.highlight[field], '']);
  return rows;
}

/** What a return says it was issued from; `tasks` carry only IDs, rows and the base values. */
export type IssuedRead = { ok: true; issue: ReturnIssue } | { ok: false; reason: string };

export function readIssuedSheet(sheet: SheetData | undefined): IssuedRead {
  if (!sheet)
    return {
      ok: false,
      reason: `it is not a return issued by plan-sync (it has no "${ISSUED_SHEET}" sheet). Issue returns with plan-sync returns issue, and ask the lead to edit that file`,
    };
  const text = (row: number, col: number) => textOf(cellValue(sheet, row, col)) ?? '';
  const meta = new Map<string, string>();
  let tableRow = 0;
  for (const row of rowsWithCells(sheet)) {
    if (text(row, 1) === TABLE_HEADER[0] && text(row, 2) === TABLE_HEADER[1]) {
      tableRow = row;
      break;
    }
    meta.set(text(row, 1), text(row, 2));
  }
  if (meta.get(KEYS.format) !== RETURN_FORMAT || !tableRow)
    return {
      ok: false,
      reason: `its "${ISSUED_SHEET}" sheet is not one plan-sync wrote (${meta.get(KEYS.format) ? `format "${meta.get(KEYS.format)}"` : 'no format line'}), so what was issued is unknown`,
    };
  const date = parseTextDate(meta.get(KEYS.reportDate) ?? '');
  if (date.kind !== 'date')
    return { ok: false, reason: `its "${ISSUED_SHEET}" sheet has no readable report date` };
  const tasks = new Map<string, IssuedTask>();
  const highlight = emptyHighlight();
  for (const row of rowsWithCells(sheet, tableRow + 1)) {
    const id = text(row, 1);
    if (id === WORKSTREAM_ROW_ID) {
      const hf = HIGHLIGHT_FIELDS.find((f) => highlightKey(f) === text(row, 2));
      const raw = cellValue(sheet, row, 3);
      if (hf) highlight[hf] = typeof raw === 'string' ? raw.trim() : (textOf(raw) ?? '');
      continue;
    }
    const field = text(row, 2) as ReturnField;
    if (!id || !RETURN_FIELDS.includes(field)) continue;
    let task = tasks.get(idKey(id));
    if (!task) {
      task = {
        id,
        workstream: meta.get(KEYS.workstream) ?? '',
        task: '',
        lead: '',
        row: Number(text(row, 4)) || 0,
        baselineStart: '',
        baselineEnd: '',
        values: { start: '', end: '', rag: '', progress: '', comments: '' },
      };
      tasks.set(idKey(id), task);
    }
    // Stored as text; a tool that typed it as a number or date still reads back the same.
    const raw = cellValue(sheet, row, 3);
    task.values[field] =
      typeof raw === 'string'
        ? raw.trim()
        : field === 'start' || field === 'end'
          ? asIso(raw)
          : (textOf(raw) ?? '');
  }
  return {
    ok: true,
    issue: {
      workstream: meta.get(KEYS.workstream) ?? '',
      lead: meta.get(KEYS.lead) ?? '',
      cycleId: meta.get(KEYS.cycle) ?? '',
      reportDate: date.day,
      master: meta.get(KEYS.master) ?? '',
      fingerprint: meta.get(KEYS.fingerprint) ?? '',
      issuedAt: meta.get(KEYS.issuedAt) ?? '',
      tasks: [...tasks.values()],
      highlight,
      due: [],
    },
  };
}

function asIso(raw: ReturnType<typeof cellValue>): string {
  const d = readDate({ value: raw, numFmt: 'yyyy-mm-dd' }, false);
  return d.kind === 'date' ? isoOf(d.day) : (textOf(raw) ?? '');
}
