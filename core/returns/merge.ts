/**
 * Merging workstream leads' returns into the master plan: for every field of every task, the
 * three-way rule of ./merge3.ts between the value issued (base), the return (theirs) and the
 * master now (ours). Pure: returns in, cell writes, findings and Returns log entries out.
 */

import { a1, parseA1, rowsWithCells, type SheetData, type WorkbookData } from '../cells.js';
import { dayFromYMD, isoOf, ukOf, type Day } from '../dates.js';
import type { Finding, Severity } from '../findings.js';
import { fingerprintOf } from '../budget/import.js';
import { idKey, progressUsesHundredScale, textOf } from '../plan/fields.js';
import { workstreamKey, type Plan, type Task } from '../plan/read.js';
import {
  RETURN_FIELDS,
  RETURN_FIELD_LABEL,
  showValue,
  type ReadValue,
  type ReturnField,
} from './fields.js';
import {
  HIGHLIGHT_SHEET,
  ISSUED_SHEET,
  masterColumns,
  masterValues,
  planWorkstreams,
  readIssuedSheet,
  RETURN_SHEET,
  type MasterColumns,
  type ReturnIssue,
} from './issue.js';
import { merge3 } from './merge3.js';
import { duplicateIds } from './edited.js';
import {
  HIGHLIGHT_FIELDS,
  HIGHLIGHT_LABEL,
  highlightValues,
  readHighlightSheet,
  workstreamRow,
  type HighlightField,
  type HighlightRead,
} from './highlight.js';
import { readReturnSheet, type ReturnRow } from './read-return.js';
import { maxOf, pushAll } from '../arrays.js';

/** A return as read from its file: the file's name and the sheets plan-sync reads. */
export interface ReturnWorkbook {
  file: string;
  wb: WorkbookData;
  /**
   * From the `Returns issued.json` beside the return (./manifest.ts): the latest report date
   * issued for the same master after this return's, and that file's name; absent when none.
   */
  issuedLater?: { reportDate: Day; manifest: string };
}

/** A return merged before, from the master's Returns log. */
export interface MergedBefore {
  key: string;
  workstream: string;
  reportDate: Day;
  when: string;
}

export interface MergeOptions {
  /** The master's file name (a return issued from another file is noted); '' when unknown. */
  masterFile: string;
  acceptNew: boolean;
  /** When this merge happens, as the log shows it. */
  now: string;
  history: readonly MergedBefore[];
}

export type WriteValue =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'date'; day: Day }
  | { kind: 'number'; value: number };

export interface MasterWrite {
  /** The sheet, when not the plan sheet (the Workstreams sheet, for the Highlight narrative). */
  sheet?: string;
  row: number;
  col: number;
  value: WriteValue;
  /** Progress written as a fraction shown as a percentage (0.5 as 50%). */
  percent?: boolean;
}

export type LogOutcome =
  'Merged' | 'Applied' | 'Added' | 'Conflict' | 'Rejected' | 'Not applied' | 'Stale';

export interface LogEntry {
  when: string;
  file: string;
  workstream: string;
  reportDate: string;
  cycle: string;
  outcome: LogOutcome;
  id: string;
  field: string;
  cell: string;
  base: string;
  master: string;
  theirs: string;
  note: string;
  /** Identifies the return's content, so merging the same return again is recognised. */
  key: string;
}

export interface ReturnSummary {
  file: string;
  workstream: string;
  reportDate: Day;
  cycle: string;
  key: string;
  stale: boolean;
  alreadyMerged: boolean;
  applied: number;
  added: number;
  conflicts: number;
  rejected: number;
  notApplied: number;
}

export type MergeResult =
  | {
      ok: true;
      writes: MasterWrite[];
      findings: Finding[];
      log: LogEntry[];
      returns: ReturnSummary[];
      /** Workstreams with tasks in the master that no return (now or before) covers this cycle. */
      missing: string[];
    }
  | { ok: false; reason: string };

interface ReadReturn {
  file: string;
  issue: ReturnIssue;
  rows: ReturnRow[];
  highlight: HighlightRead;
  key: string;
  issuedLater?: { reportDate: Day; manifest: string };
}

function readReturn(input: ReturnWorkbook): ReadReturn | string {
  const sheetNamed = (name: string): SheetData | undefined =>
    input.wb.sheets.find((s) => s.name === name) ??
    input.wb.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const issued = readIssuedSheet(sheetNamed(ISSUED_SHEET));
  if (!issued.ok) return `${input.file}: ${issued.reason}.`;
  const sheet = readReturnSheet(sheetNamed(RETURN_SHEET), input.wb.date1904);
  if (!sheet.ok) return `${input.file}: ${sheet.reason}, so it cannot be merged.`;
  const parts: string[] = [issued.issue.cycleId, issued.issue.workstream];
  const sorted = [...sheet.rows].sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
  for (const row of sorted) {
    parts.push(row.id ?? '');
    for (const f of RETURN_FIELDS) {
      const v = row.values[f];
      parts.push(v === null ? '\u0000' : v.ok ? v.value : `!${v.text}`);
    }
  }
  const highlight = readHighlightSheet(sheetNamed(HIGHLIGHT_SHEET));
  for (const f of HIGHLIGHT_FIELDS) {
    const v = highlight.values[f];
    parts.push(v === undefined ? '\u0000' : v.ok ? v.value : `!${v.text}`);
  }
  return {
    file: input.file,
    issue: issued.issue,
    rows: sheet.rows,
    highlight,
    key: fingerprintOf(parts),
    issuedLater: input.issuedLater,
  };
}

/** The value a comparable form stands for, to write into the master cell `current` held. */
function writeValueOf(
  field: ReturnField,
  value: string,
  currentIsText: boolean,
  fraction: boolean,
): { value: WriteValue; percent?: boolean } {
  if (value === '') return { value: { kind: 'blank' } };
  if (field === 'start' || field === 'end') {
    const [y, m, d] = value.split('-').map(Number);
    const day = dayFromYMD(y, m, d);
    if (day === null) return { value: { kind: 'text', text: value } };
    // A plan that types its dates as text keeps doing so, in the UK form it reads.
    if (currentIsText) {
      return { value: { kind: 'text', text: isoOf(day).split('-').reverse().join('/') } };
    }
    return { value: { kind: 'date', day } };
  }
  if (field === 'progress') {
    const percent = Number(value);
    return fraction
      ? { value: { kind: 'number', value: Math.round(percent * 1e4) / 1e6 }, percent: true }
      : { value: { kind: 'number', value: percent } };
  }
  return { value: { kind: 'text', text: value } };
}

export function mergeReturns(
  plan: Plan,
  inputs: readonly ReturnWorkbook[],
  options: MergeOptions,
): MergeResult {
  const read: ReadReturn[] = [];
  for (const input of inputs) {
    const r = readReturn(input);
    if (typeof r === 'string') return { ok: false, reason: r };
    read.push(r);
  }
  const returned = new Set<string>();
  for (const r of read) for (const row of r.rows) if (row.id !== null) returned.add(idKey(row.id));
  const dups = duplicateIds(plan.tasks, plan.columns.id ?? 1, returned);
  if (dups.length)
    return {
      ok: false,
      reason: `Sheet "${plan.sheet.name}" uses the same ID for more than one task the returns update: ${dups.join('; ')}. The returns' rows are matched by ID, so they cannot be merged unambiguously; give each task its own ID (and issue the returns again).`,
    };
  const cols = masterColumns(plan);
  const masterSheet = plan.sheet.name;
  const tasks = new Map<string, Task>();
  for (const t of plan.tasks)
    if (t.id !== null && !tasks.has(idKey(t.id))) tasks.set(idKey(t.id), t);
  /** The master now, as the merge goes: a later return sees what an earlier one applied. */
  const ours = new Map<string, Record<ReturnField, string>>();
  const oursOf = (task: Task) => {
    let v = ours.get(idKey(task.id!));
    if (!v) ours.set(idKey(task.id!), (v = masterValues(plan, task, cols)));
    return v;
  };
  const oursHighlight = new Map<string, Record<HighlightField, string>>();
  const progressCol = cols.progress;
  const fraction =
    progressCol === undefined ||
    !progressUsesHundredScale(
      [...rowsWithCells(plan.sheet, plan.headerRow + 1)].map(
        (r) => plan.sheet.cells[r][progressCol],
      ),
    );

  const latest = Math.max(
    plan.settings.reportDate ?? -Infinity,
    maxOf(options.history.map((h) => h.reportDate)),
    maxOf(read.map((r) => r.issue.reportDate)),
  );
  const writes = new Map<string, MasterWrite>();
  const findings: Finding[] = [];
  const log: LogEntry[] = [];
  const summaries: ReturnSummary[] = [];
  let nextFreeRow = plan.lastRow + 1;

  for (const ret of read) {
    const { issue, file } = ret;
    const returnSheet = `[${file}]${RETURN_SHEET}`;
    const later = ret.issuedLater;
    const newest = Math.max(latest, later?.reportDate ?? -Infinity);
    const stale = issue.reportDate < newest;
    // How it is known that later returns exist, for the finding.
    const knownFrom =
      later && later.reportDate === newest
        ? `known from the ${later.manifest} beside it`
        : newest === plan.settings.reportDate
          ? `known from the master's report date`
          : read.some((r) => r.issue.reportDate === newest)
            ? `known from a return of that date in this merge`
            : `known from the Returns log`;
    const before = options.history.find((h) => h.key === ret.key);
    const summary: ReturnSummary = {
      file,
      workstream: issue.workstream,
      reportDate: issue.reportDate,
      cycle: issue.cycleId,
      key: ret.key,
      stale,
      alreadyMerged: before !== undefined,
      applied: 0,
      added: 0,
      conflicts: 0,
      rejected: 0,
      notApplied: 0,
    };
    const entries: LogEntry[] = [];
    const entry = (
      outcome: LogOutcome,
      e: Partial<Pick<LogEntry, 'id' | 'field' | 'cell' | 'base' | 'master' | 'theirs' | 'note'>>,
    ) =>
      entries.push({
        when: options.now,
        file,
        workstream: issue.workstream,
        reportDate: isoOf(issue.reportDate),
        cycle: issue.cycleId,
        outcome,
        id: e.id ?? '',
        field: e.field ?? '',
        cell: e.cell ?? '',
        base: e.base ?? '',
        master: e.master ?? '',
        theirs: e.theirs ?? '',
        note: e.note ?? '',
        key: ret.key,
      });
    const find = (
      severity: Severity,
      rule: string,
      sheet: string,
      cell: string,
      message: string,
      row?: number,
    ) => findings.push({ severity, rule, sheet, cell, message, ...(row ? { row } : {}) });
    const from = `${file} (${issue.workstream}, report date ${ukOf(issue.reportDate)})`;

    if (issue.master && options.masterFile && issue.master !== options.masterFile)
      find(
        'info',
        'return-other-master',
        '',
        '',
        `${from} was issued from "${issue.master}", not "${options.masterFile}"; it is merged by task ID all the same. Check it is meant for this plan.`,
      );
    if (stale) {
      find(
        'warning',
        'return-stale',
        returnSheet,
        '',
        `${from} is stale: returns have since been issued for ${ukOf(newest)} (${knownFrom}). Its changes are applied only where the master still has the value issued on ${ukOf(issue.reportDate)} (the three-way merge never overwrites a newer change); any other difference is reported as a conflict.`,
      );
      entry('Stale', { note: `issued for ${ukOf(issue.reportDate)}; latest ${ukOf(newest)}` });
    }

    const base = new Map(issue.tasks.map((t) => [idKey(t.id), t]));
    const seen = new Set<string>();
    const reject = (row: ReturnRow, rule: string, message: string, note: string) => {
      summary.rejected++;
      find('warning', rule, returnSheet, row.idCell, message);
      entry('Rejected', { id: row.id ?? '', cell: `${RETURN_SHEET}!${row.idCell}`, note });
    };
    const wsKey = workstreamKey(issue.workstream);
    for (const row of ret.rows) {
      const id = row.id;
      if (id === null) {
        reject(
          row,
          'return-no-id',
          `Row ${row.row} of ${from} has no ID, so it cannot be matched to a task; it was not merged. Give it the task's ID (or a new ID and merge with --accept-new).`,
          'no ID',
        );
        continue;
      }
      const key = idKey(id);
      if (seen.has(key)) {
        reject(
          row,
          'return-duplicate-id',
          `ID ${id} appears twice in ${from}; only its first row was merged (row ${row.row} was not).`,
          'ID repeated',
        );
        continue;
      }
      seen.add(key);
      const task = tasks.get(key);
      const issued = base.get(key);
      const rowWs = row.workstream !== null && workstreamKey(row.workstream) !== wsKey;
      const taskWs =
        task !== undefined && task.workstream !== null && workstreamKey(task.workstream) !== wsKey;
      if (rowWs || taskWs) {
        const other = rowWs ? row.workstream : task!.workstream;
        reject(
          row,
          'return-other-workstream',
          `Row ${row.row} of ${from} is task ${id} of the ${other} workstream, not ${issue.workstream}: a lead's return may only change their own workstream's tasks. It was not merged; ask ${other}'s lead to return it.`,
          `belongs to ${other}`,
        );
        continue;
      }
      if (!task) {
        if (issued) {
          reject(
            row,
            'return-unknown-id',
            `Task ${id} (row ${row.row} of ${from}) is no longer in the master plan (sheet "${masterSheet}"), so its changes were not merged.`,
            'no longer in the master',
          );
          continue;
        }
        if (!options.acceptNew) {
          summary.notApplied++;
          find(
            'warning',
            'return-new-row',
            returnSheet,
            row.idCell,
            `Row ${row.row} of ${from} is a new task, ${id}${row.task ? ` "${row.task}"` : ''}: it was not added. Merge again with --accept-new to add it to the end of the plan.`,
          );
          entry('Not applied', {
            id,
            cell: `${RETURN_SHEET}!${row.idCell}`,
            note: 'new task; use --accept-new',
          });
          continue;
        }
        const at = nextFreeRow++;
        const put = (col: number | undefined, value: WriteValue, percent?: boolean) => {
          if (col !== undefined && value.kind !== 'blank')
            writes.set(`${at}:${col}`, { row: at, col, value, ...(percent ? { percent } : {}) });
        };
        const text = (t: string | null): WriteValue =>
          t ? { kind: 'text', text: t } : { kind: 'blank' };
        put(plan.columns.id, { kind: 'text', text: id });
        put(plan.columns.workstream, text(issue.workstream));
        put(plan.columns.task, text(row.task));
        put(plan.columns.lead, text(row.lead));
        const skipped: string[] = [];
        for (const field of RETURN_FIELDS) {
          const v = row.values[field];
          if (!v) continue;
          if (!v.ok) {
            skipped.push(RETURN_FIELD_LABEL[field]);
            find(
              'error',
              'return-invalid-value',
              returnSheet,
              row.cells[field],
              `${RETURN_FIELD_LABEL[field]} of new task ${id} in ${from}: ${v.reason}; it was left blank in the master.`,
            );
            continue;
          }
          const w = writeValueOf(field, v.value, false, fraction);
          put(cols[field], w.value, w.percent);
        }
        summary.added++;
        find(
          'info',
          'return-added',
          masterSheet,
          a1(at, plan.columns.id ?? 1),
          `Task ${id} from ${from} was added to the plan in row ${at}.`,
          at,
        );
        entry('Added', {
          id,
          cell: `${masterSheet}!${a1(at, plan.columns.id ?? 1)}`,
          theirs: row.task ?? '',
          note: skipped.length ? `left blank: ${skipped.join(', ')}` : '',
        });
        continue;
      }
      if (!issued) {
        reject(
          row,
          'return-not-issued',
          `Task ${id} (row ${row.row} of ${from}) was not in this return when it was issued (it was added to the master since), so there is no issued value to merge against; it was not merged. Issue a new return to include it.`,
          'not in the return as issued',
        );
        continue;
      }
      const now = oursOf(task);
      for (const field of RETURN_FIELDS) {
        const v: ReadValue | null = row.values[field];
        if (v === null) continue;
        const baseValue = issued.values[field];
        const col = (cols as MasterColumns)[field];
        const masterCell = col === undefined ? '' : a1(task.row, col);
        const label = RETURN_FIELD_LABEL[field];
        if (!v.ok) {
          if (v.text === baseValue) continue;
          summary.notApplied++;
          find(
            'error',
            'return-invalid-value',
            returnSheet,
            row.cells[field],
            `${label} of task ${id} in ${from}: ${v.reason}. It was not merged; the master keeps ${showValue(field, now[field])}.`,
          );
          entry('Not applied', {
            id,
            field: label,
            cell: `${RETURN_SHEET}!${row.cells[field]}`,
            base: showValue(field, baseValue),
            master: showValue(field, now[field]),
            theirs: v.text,
            note: v.reason,
          });
          continue;
        }
        const theirs = v.value;
        const outcome = merge3(baseValue, theirs, now[field]);
        const shown = {
          base: showValue(field, baseValue),
          master: showValue(field, now[field]),
          theirs: showValue(field, theirs),
        };
        if (outcome === 'unchanged' || outcome === 'same') continue;
        if (outcome === 'conflict') {
          summary.conflicts++;
          find(
            'warning',
            'return-conflict',
            masterSheet,
            masterCell,
            `${label} of task ${id}: ${from} changed it from ${shown.base} (issued) to ${shown.theirs}, but the master has since been changed to ${shown.master}. The master keeps ${shown.master}; decide which is right and edit the cell.`,
            task.row,
          );
          entry('Conflict', {
            id,
            field: label,
            cell: `${masterSheet}!${masterCell}`,
            ...shown,
            note: 'master kept its value',
          });
          continue;
        }
        // apply
        const cell = col === undefined ? undefined : plan.sheet.cells[task.row]?.[col];
        if (col === undefined || cell?.formula) {
          summary.notApplied++;
          const why =
            col === undefined
              ? `the master has no ${label} column (sheet "${masterSheet}"${field === 'comments' ? '; add a column titled Comments' : ''})`
              : `the master cell ${masterCell} holds a formula, which a return does not overwrite`;
          find(
            'warning',
            col === undefined ? 'return-no-column' : 'return-formula',
            col === undefined ? returnSheet : masterSheet,
            col === undefined ? row.cells[field] : masterCell,
            `${label} of task ${id}: ${from} changed it from ${shown.base} to ${shown.theirs}, but ${why}. It was not merged.`,
            col === undefined ? undefined : task.row,
          );
          entry('Not applied', {
            id,
            field: label,
            cell: masterCell ? `${masterSheet}!${masterCell}` : '',
            ...shown,
            note: why,
          });
          continue;
        }
        const w = writeValueOf(field, theirs, typeof cell?.value === 'string', fraction);
        writes.set(`${task.row}:${col}`, {
          row: task.row,
          col,
          value: w.value,
          ...(w.percent ? { percent: true } : {}),
        });
        now[field] = theirs;
        summary.applied++;
        entry('Applied', { id, field: label, cell: `${masterSheet}!${masterCell}`, ...shown });
      }
    }
    // The Highlight sheet: the workstream's narrative, into its row of the Workstreams sheet.
    const info = workstreamRow(plan, issue.workstream);
    let nowHl = oursHighlight.get(wsKey);
    if (!nowHl) oursHighlight.set(wsKey, (nowHl = highlightValues(info)));
    const highlightSheet = `[${file}]${HIGHLIGHT_SHEET}`;
    for (const field of HIGHLIGHT_FIELDS) {
      const v = ret.highlight.values[field];
      if (v === undefined) continue;
      const label = HIGHLIGHT_LABEL[field];
      const baseValue = issue.highlight[field];
      const show = (x: string) => (x === '' ? '(blank)' : field === 'rag' ? x : `“${x}”`);
      const id = '(workstream)';
      if (!v.ok) {
        if (v.text === baseValue) continue;
        summary.notApplied++;
        find(
          'error',
          'return-invalid-value',
          highlightSheet,
          ret.highlight.cells[field] ?? '',
          `${label} in ${from}: ${v.reason}. It was not merged; the master keeps ${show(nowHl[field])}.`,
        );
        entry('Not applied', {
          id,
          field: label,
          cell: `${HIGHLIGHT_SHEET}!${ret.highlight.cells[field]}`,
          base: show(baseValue),
          master: show(nowHl[field]),
          theirs: v.text,
          note: v.reason,
        });
        continue;
      }
      const theirs = v.value;
      const outcome = merge3(baseValue, theirs, nowHl[field]);
      if (outcome === 'unchanged' || outcome === 'same') continue;
      const shown = { base: show(baseValue), master: show(nowHl[field]), theirs: show(theirs) };
      const masterCell = info?.cells?.[field];
      const wsSheet = info?.sheet ?? 'Workstreams';
      if (outcome === 'conflict') {
        summary.conflicts++;
        find(
          'warning',
          'return-conflict',
          wsSheet,
          masterCell ?? '',
          `${label} of ${issue.workstream}: ${from} changed it from ${shown.base} (issued) to ${shown.theirs}, but the master has since been changed to ${shown.master}. The master keeps its value; decide which is right and edit the cell.`,
        );
        entry('Conflict', {
          id,
          field: label,
          cell: masterCell ? `${wsSheet}!${masterCell}` : '',
          ...shown,
          note: 'master kept its value',
        });
        continue;
      }
      const at = masterCell ? parseA1(masterCell) : null;
      if (!at) {
        summary.notApplied++;
        const why = !plan.workstreams
          ? 'the master has no Workstreams sheet'
          : !info
            ? `the master's Workstreams sheet has no row for ${issue.workstream}`
            : `the master's Workstreams sheet has no ${label} column`;
        find(
          'warning',
          'return-no-column',
          highlightSheet,
          ret.highlight.cells[field] ?? '',
          `${label} of ${issue.workstream}: ${from} changed it, but ${why}. It was not merged; add it and merge again.`,
        );
        entry('Not applied', { id, field: label, ...shown, note: why });
        continue;
      }
      writes.set(`${wsSheet}!${at.row}:${at.col}`, {
        sheet: wsSheet,
        row: at.row,
        col: at.col,
        value: theirs === '' ? { kind: 'blank' } : { kind: 'text', text: theirs },
      });
      nowHl[field] = theirs;
      summary.applied++;
      entry('Applied', { id, field: label, cell: `${wsSheet}!${masterCell}`, ...shown });
    }

    // The summary line first, then what happened, field by field.
    const parts = [
      `${summary.applied} applied`,
      summary.added ? `${summary.added} added` : '',
      `${summary.conflicts} ${summary.conflicts === 1 ? 'conflict' : 'conflicts'}`,
      `${summary.rejected} rejected`,
      summary.notApplied ? `${summary.notApplied} not applied` : '',
    ].filter(Boolean);
    const changedSomething = summary.applied + summary.added > 0;
    // The same return merged again, with nothing left to apply, leaves no new trace.
    if (!summary.alreadyMerged || changedSomething) {
      log.push({
        ...entries[0],
        ...blankEntry(),
        when: options.now,
        file,
        workstream: issue.workstream,
        reportDate: isoOf(issue.reportDate),
        cycle: issue.cycleId,
        outcome: 'Merged',
        note: parts.join(', ') + (stale ? '; stale return' : ''),
        key: ret.key,
      });
      pushAll(log, entries);
    }
    summaries.push(summary);
  }

  const covered = new Set([
    ...read.map((r) => workstreamKey(r.issue.workstream)),
    ...options.history
      .filter((h) => h.reportDate >= latest)
      .map((h) => workstreamKey(h.workstream)),
  ]);
  const missing = planWorkstreams(plan)
    .filter((w) => !covered.has(w.key))
    .map((w) => w.name);
  if (missing.length && Number.isFinite(latest))
    findings.push({
      severity: 'info',
      rule: 'return-missing',
      sheet: '',
      cell: '',
      message: `No return merged yet for ${ukOf(latest)} from ${missing.join(', ')}.`,
    });
  return { ok: true, writes: [...writes.values()], findings, log, returns: summaries, missing };
}

function blankEntry(): Pick<LogEntry, 'id' | 'field' | 'cell' | 'base' | 'master' | 'theirs'> {
  return { id: '', field: '', cell: '', base: '', master: '', theirs: '' };
}

/** Text of a log cell (for reading the Returns log back). */
export function logText(sheet: SheetData, row: number, col: number): string {
  return textOf(sheet.cells[row]?.[col]?.value ?? null) ?? '';
}
