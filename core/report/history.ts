/**
 * The `Status history` sheet, owned by plan-sync: one row per task, per workstream and for the
 * programme at each report date. A report for a date already there replaces that date's rows, so
 * re-running never duplicates history. The previous report date's rows give the trend.
 */

import { cellValue, getCell, rowsWithCells, type SheetData } from '../cells.js';
import type { Day } from '../dates.js';
import type { Finding } from '../findings.js';
import { normaliseHeader } from '../plan/columns.js';
import { idKey, readDate, textOf } from '../plan/fields.js';
import { workstreamKey } from '../plan/read.js';
import { parseRag, type RagStatus } from '../rag.js';
import type { RagScale } from '../plan/settings.js';
import { levelOf, readStatus } from './scale.js';

export const HISTORY_SHEET = 'Status history';

export type HistoryLevel = 'programme' | 'workstream' | 'task';

export const LEVEL_LABEL: Record<HistoryLevel, string> = {
  programme: 'Programme',
  workstream: 'Workstream',
  task: 'Task',
};

export const HISTORY_HEADERS = [
  'Report date',
  'Level',
  'ID or workstream',
  'Name',
  'RAG',
  'Computed RAG',
  'Start',
  'End',
  'Progress',
] as const;

export interface HistoryRow {
  date: Day;
  level: HistoryLevel;
  /** A task's ID, a workstream's name, or the programme's name. */
  key: string;
  /** A task's name, a workstream's lead; null when none. */
  name: string | null;
  /** The declared (task: typed) status as a label, e.g. `Amber/Red`; null when blank. */
  rag: string | null;
  computed: string | null;
  start: Day | null;
  end: Day | null;
  /** 0..100 */
  progress: number | null;
}

const LEVELS: Record<string, HistoryLevel> = {
  programme: 'programme',
  workstream: 'workstream',
  task: 'task',
};

/** How a row is matched across report dates: level and ID (case-insensitive) or workstream name. */
export function historyKey(level: HistoryLevel, key: string): string {
  return `${level}:${level === 'task' ? idKey(key) : level === 'workstream' ? workstreamKey(key) : ''}`;
}

/** The rows of an existing Status history sheet; rows it cannot read are a warning each. */
export function readHistory(
  sheet: SheetData,
  date1904: boolean,
  findings: Finding[],
): HistoryRow[] {
  let headerRow = 0;
  const cols = new Map<string, number>();
  for (let row = 1; row <= Math.min(sheet.maxRow, 20) && !headerRow; row++) {
    for (let col = 1; col <= sheet.maxCol; col++) {
      const t = textOf(cellValue(sheet, row, col));
      if (t !== null) cols.set(normaliseHeader(t), col);
    }
    if (cols.has('reportdate')) headerRow = row;
    else cols.clear();
  }
  if (!headerRow) return [];
  const col = (title: string) => cols.get(normaliseHeader(title));
  const text = (row: number, title: string) => {
    const c = col(title);
    return c === undefined ? null : textOf(cellValue(sheet, row, c));
  };
  const day = (row: number, title: string): Day | null => {
    const c = col(title);
    if (c === undefined) return null;
    const d = readDate(getCell(sheet, row, c), date1904);
    return d.kind === 'date' ? d.day : null;
  };
  const rows: HistoryRow[] = [];
  for (const row of rowsWithCells(sheet, headerRow + 1)) {
    const date = day(row, 'Report date');
    const level = LEVELS[normaliseHeader(text(row, 'Level') ?? '')];
    const key = text(row, 'ID or workstream');
    if (date === null || !level || key === null) {
      if ([...cols.values()].some((c) => textOf(cellValue(sheet, row, c)) !== null))
        findings.push({
          severity: 'warning',
          rule: 'history-row',
          sheet: sheet.name,
          cell: `A${row}`,
          message: `Row ${row} of "${sheet.name}" has no report date, level or ID, so it is left out of the trend (and dropped when the report rewrites the sheet).`,
        });
      continue;
    }
    const progressCol = col('Progress');
    const p = progressCol === undefined ? null : cellValue(sheet, row, progressCol);
    rows.push({
      date,
      level,
      key,
      name: text(row, 'Name'),
      rag: text(row, 'RAG'),
      computed: text(row, 'Computed RAG'),
      start: day(row, 'Start'),
      end: day(row, 'End'),
      progress: typeof p === 'number' ? Math.round(p * 100 * 1e6) / 1e6 : null,
    });
  }
  return rows;
}

/** The latest report date in the history before `reportDate`, or null for a first report. */
export function previousReportDate(rows: readonly HistoryRow[], reportDate: Day): Day | null {
  let previous: Day | null = null;
  for (const r of rows)
    if (r.date < reportDate && (previous === null || r.date > previous)) previous = r.date;
  return previous;
}

/** The history without `reportDate`'s rows, plus `fresh`, in date order (levels kept as written). */
export function mergeHistory(
  rows: readonly HistoryRow[],
  reportDate: Day,
  fresh: readonly HistoryRow[],
): HistoryRow[] {
  const kept = rows.filter((r) => r.date !== reportDate);
  // Stable: each date's rows keep their order.
  return [...kept, ...fresh].sort((a, b) => a.date - b.date);
}

/** The rows of one report date by `historyKey`. */
export function snapshotAt(rows: readonly HistoryRow[], date: Day | null): Map<string, HistoryRow> {
  const out = new Map<string, HistoryRow>();
  if (date === null) return out;
  for (const r of rows) if (r.date === date) out.set(historyKey(r.level, r.key), r);
  return out;
}

export type Trend = 'better' | 'same' | 'worse' | 'new';

/** The status a history row stands for: its RAG, else its computed RAG. */
export function historyStatus(row: HistoryRow, scale: RagScale): RagStatus | null {
  for (const text of [row.rag, row.computed])
    if (text !== null) {
      const s = readStatus(parseRag(text), scale).status;
      if (s !== null) return s;
    }
  return null;
}

/**
 * Direction of travel against the previous report: `new` when there was none (or it had no
 * status); Complete counts as better than Green; Not started is only `same` as itself.
 */
export function trendOf(
  now: RagStatus | null,
  before: RagStatus | null | undefined,
  scale: RagScale,
): Trend {
  if (before === undefined || before === null || now === null) return 'new';
  if (now === before) return 'same';
  const rank = (s: RagStatus) => (s === 'complete' ? 99 : levelOf(s, scale));
  const a = rank(now);
  const b = rank(before);
  if (a === null || b === null) return 'new';
  return a > b ? 'better' : a < b ? 'worse' : 'same';
}

export const TREND_ARROW: Record<Trend, string> = {
  better: '▲ better',
  same: '► same',
  worse: '▼ worse',
  new: '● new',
};
