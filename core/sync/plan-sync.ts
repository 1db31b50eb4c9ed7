/**
 * The sync engine: from a validated plan, the edits that colour RAG cells and draw the Gantt
 * timeline. Pure: the same workbook data always gives the same edits, whichever host applies them.
 */

import {
  a1,
  absoluteRef,
  EXCEL_COLUMNS,
  EXCEL_ROWS,
  isBlank,
  rangeA1,
  rangesIntersect,
  rowsWithCells,
  subtract,
  type CellRange,
  type WorkbookData,
} from '../cells.js';
import { isoOf, monthAbbr, serialFromDay, ukOf, type Day } from '../dates.js';
import type { Finding } from '../findings.js';
import {
  chooseScale,
  overlapRange,
  periodCount,
  periodIndex,
  periodsCovering,
  type Period,
  type Scale,
} from '../periods.js';
import type { Plan, Task } from '../plan/read.js';
import { baselineSpan, taskSpan, type TaskSpan, type UndrawableReason } from '../plan/span.js';
import {
  NO_STATUS_BAR,
  RAG_COLOURS,
  RAG_LABEL,
  REPORT_DATE_COLOUR,
  type RagStatus,
} from '../rag.js';
import { taskLabel } from '../rules/rule.js';
import { rowsWithErrors } from '../validate.js';
import {
  MILESTONE_MARKER,
  NOT_DRAWN_MARKER,
  OVERFLOW_STOP,
  TIMELINE_NAME,
  StyleTable,
  type CellStyle,
  type RagCellEdit,
  type SyncEdits,
  type Timeline,
} from './edits.js';
import { previousTimeline } from './timeline-name.js';
import { printSetup } from './print-setup.js';
import {
  BASELINE_STYLE,
  isKeyText,
  KEY_COLUMNS,
  KEY_SWATCH,
  KEY_TITLE,
  keyEntries,
  milestoneStyle,
  reportDateLabel,
  type KeyEntry,
} from './timeline-key.js';
import { pushAll } from '../arrays.js';

export interface SyncOptions {
  scale?: 'auto' | Scale;
  reportDate: Day;
  /** Rewrite recognised statuses with their canonical label (`A/R` -> `Amber/Red`). */
  normaliseRag?: boolean;
  /** Place and draw the timeline (default true); false colours RAG cells only. */
  timeline?: boolean;
  /**
   * Draw the key right of the timeline (statuses, milestone, baseline, report date) and label
   * the report date in the band above it. Off by default; the CLI and the pane turn it on.
   */
  key?: boolean;
  /** Give the edits a page setup for printing to a board (see ./print-setup.ts). */
  print?: boolean;
}

/** A task row the timeline cannot draw, and why (marked in its timeline row). */
export interface NotDrawnRow {
  row: number;
  /** The cell to correct. */
  cell: string;
  /** Why, in a few words: `the end date (F5) is not a real date`. */
  reason: string;
}

export interface SyncSummary {
  ragCells: number;
  bars: number;
  milestones: number;
  /** Task rows with at least one error: still coloured and drawn as far as their own data allow. */
  errorRows: number;
  /** Task rows whose dates cannot be drawn, in row order. */
  notDrawn: NotDrawnRow[];
  scale: Scale | null;
  periods: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
  /** The timeline's period columns, e.g. `K1:V7`. */
  timelineRange: string | null;
  reportDate: string;
}

/** The sync must not be applied at all: something is in the way, or the timeline cannot fit. */
export interface SyncRefusal {
  /** One line saying what to do (the findings name each cell). */
  reason: string;
  findings: Finding[];
}

export interface SyncPlanResult {
  edits: SyncEdits;
  findings: Finding[];
  summary: SyncSummary;
  /** When set, hosts write nothing (the edits are empty). */
  refusal: SyncRefusal | null;
}

/** Narrow, but wide enough for a bold `May-20` (or `05` under a month band) in Excel's and LibreOffice's default fonts. */
const WIDE_COLUMN = 7.7109375;
const NARROW_COLUMN = 3.7109375;
const HEADER_FILL = 'F3F2F1';
/** A row that cannot be drawn: pale amber hatching behind dark amber text. */
const NOT_DRAWN_STYLE: CellStyle = {
  fill: 'FFF7D1',
  pattern: 'lightUp',
  patternColor: 'F0C419',
  fontColor: '4D4200',
  bold: true,
};
/** Findings about cells in the way are capped: the first ones are enough to act on. */
const MAX_BLOCKED = 20;

function taskStatus(task: Task): RagStatus | null {
  const parse = task.rag?.parse;
  return parse?.kind === 'status' ? parse.status : null;
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Why a row cannot be drawn, naming the cell to correct. */
function notDrawnRow(plan: Plan, task: Task, reason: UndrawableReason): NotDrawnRow {
  const at = (col: number | undefined) => (col === undefined ? '' : a1(task.row, col));
  const start = at(plan.columns.start);
  const end = at(plan.columns.end);
  switch (reason) {
    case 'no-dates':
      return { row: task.row, cell: start, reason: 'no start or end date' };
    case 'start-invalid':
      return { row: task.row, cell: start, reason: `the start date (${start}) is not a real date` };
    case 'end-invalid':
      return { row: task.row, cell: end, reason: `the end date (${end}) is not a real date` };
    case 'end-before-start':
      return { row: task.row, cell: end, reason: `it ends (${end}) before it starts (${start})` };
  }
}

/** Every recognised status is coloured, whatever else is wrong on its row. */
function ragEdits(plan: Plan, normalise: boolean): RagCellEdit[] {
  const ragCells: RagCellEdit[] = [];
  const ragCol = plan.columns.rag;
  if (ragCol === undefined) return ragCells;
  for (const task of plan.tasks) {
    const status = taskStatus(task);
    const edit: RagCellEdit = status
      ? {
          row: task.row,
          col: ragCol,
          status,
          fill: RAG_COLOURS[status].fill,
          fontColor: RAG_COLOURS[status].text,
        }
      : { row: task.row, col: ragCol, status: null, fill: null, fontColor: null };
    if (status && normalise && task.rag!.text !== RAG_LABEL[status])
      edit.normalisedText = RAG_LABEL[status];
    ragCells.push(edit);
  }
  return ragCells;
}

export function syncPlan(
  wb: WorkbookData,
  plan: Plan,
  findings: readonly Finding[],
  options: SyncOptions,
): SyncPlanResult {
  const sheet = plan.sheet;
  const extra: Finding[] = [];
  const ragCells = ragEdits(plan, options.normaliseRag ?? false);
  const spans = new Map<number, TaskSpan>();
  const notDrawn: NotDrawnRow[] = [];
  const drawable: { task: Task; first: Day; last: Day }[] = [];
  for (const task of plan.tasks) {
    const span = taskSpan(task);
    spans.set(task.row, span);
    if (span.kind === 'dated') drawable.push({ task, first: span.first, last: span.last });
    else notDrawn.push(notDrawnRow(plan, task, span.reason));
  }

  const styles = new StyleTable();
  const old = previousTimeline(wb.names, sheet.name);
  let timeline: Timeline | null = null;
  let scale: Scale | null = null;
  let periods: Period[] = [];
  let bars = 0;
  let milestones = 0;
  let refusal: SyncRefusal | null = null;
  const clear: CellRange[] = [];

  if (options.timeline === false) {
    // RAG colours only: the timeline is neither placed nor checked.
  } else if (drawable.length === 0) {
    extra.push({
      severity: 'info',
      rule: 'timeline',
      sheet: sheet.name,
      cell: '',
      message: 'No task has dates that can be drawn, so no timeline was drawn.',
    });
    // A timeline left from an earlier sync would now show bars that are no longer true.
    if (old) {
      const blocked = blockedCells(plan, old, [old]);
      if (blocked.length) refusal = blockedRefusal(blocked);
      else clear.push(old);
    }
  } else {
    // Loops, not Math.min(...): a spread of 130,000 values passes the engine's argument limit.
    let first = drawable[0].first;
    let last = drawable[0].last;
    for (const d of drawable) {
      if (d.first < first) first = d.first;
      if (d.last > last) last = d.last;
    }
    const { windowStart, windowEnd } = plan.settings;
    if (windowStart !== undefined) first = Math.min(first, windowStart);
    if (windowEnd !== undefined) last = Math.max(last, windowEnd);
    const wanted = options.scale ?? plan.settings.scale ?? 'auto';
    scale = wanted === 'auto' ? chooseScale(first, last) : wanted;

    const left = timelineLeft(plan, old);
    const fits = EXCEL_COLUMNS - left + 1;
    if (periodCount(first, last, scale) > fits) {
      refusal = tooWide(plan, drawable, first, last, scale, fits);
    } else {
      periods = periodsCovering(first, last, scale);
      // The key goes right of the periods when Excel's grid has room for it.
      const key =
        options.key && periods.length + KEY_COLUMNS <= fits
          ? timelineKey(plan, spans, options)
          : [];
      const placed = placeTimeline(
        plan,
        old,
        left,
        periods.length + (key.length ? KEY_COLUMNS : 0),
        key.length,
      );
      if ('blocked' in placed) {
        refusal = blockedRefusal(placed.blocked);
      } else {
        const { area, bandRow } = placed;
        const grid = drawTimeline(plan, spans, periods, scale, area, bandRow, options, styles, key);
        timeline = {
          area,
          headerRow: plan.headerRow,
          ...grid.block,
          columnWidth: scale === 'week' && bandRow !== null ? NARROW_COLUMN : WIDE_COLUMN,
          nameRef: absoluteRef(sheet.name, area),
        };
        bars = grid.bars;
        milestones = grid.milestones;
        if (old) pushAll(clear, subtract(old, area));
      }
    }
  }
  if (refusal) pushAll(extra, refusal.findings);

  const taskCol = plan.columns.task ?? plan.columns.id ?? 1;
  const freeze =
    plan.headerRow < EXCEL_ROWS && taskCol < EXCEL_COLUMNS
      ? { row: plan.headerRow + 1, col: taskCol + 1 }
      : null;
  const edits: SyncEdits = {
    sheet: sheet.name,
    styles: refusal ? [] : styles.styles,
    ragCells: refusal ? [] : ragCells,
    timeline: refusal ? null : timeline,
    clear: refusal ? [] : clear,
    freeze: refusal ? null : freeze,
    timelineName: TIMELINE_NAME,
  };
  if (options.print && timeline)
    edits.print = printSetup(plan, options.reportDate, timeline.area.top);
  const errorRows = rowsWithErrors(findings);
  const summary: SyncSummary = {
    ragCells: edits.ragCells.filter((r) => r.status !== null).length,
    bars,
    milestones,
    errorRows: plan.tasks.filter((t) => errorRows.has(t.row)).length,
    notDrawn,
    scale,
    periods: timeline ? periods.length : 0,
    firstPeriod: timeline ? isoOf(periods[0].start) : null,
    lastPeriod: timeline ? isoOf(periods[periods.length - 1].start) : null,
    timelineRange: timeline
      ? rangeA1({
          ...timeline.area,
          right: timeline.area.left + periods.length - 1,
          bottom: Math.min(Math.max(plan.lastRow, plan.headerRow + 1), EXCEL_ROWS),
        })
      : null,
    reportDate: isoOf(options.reportDate),
  };
  return { edits, findings: extra, summary, refusal };
}

/**
 * The timeline cannot fit left of column XFD: names the task (or setting) whose date stretches it,
 * the one farthest from the middle of the plan, and the coarser scales that would fit.
 */
function tooWide(
  plan: Plan,
  drawable: readonly { task: Task; first: Day; last: Day }[],
  first: Day,
  last: Day,
  scale: Scale,
  fits: number,
): SyncRefusal {
  const middles = drawable.map((d) => d.first).sort((a, b) => a - b);
  const middle = middles[middles.length >> 1];
  const late = last - middle >= middle - first;
  const needed = thousands(periodCount(first, last, scale));
  const coarser = (['month', 'quarter'] as const).filter(
    (s) =>
      (scale === 'week' || (scale === 'month' && s === 'quarter')) &&
      periodCount(first, last, s) <= fits,
  );
  const instead = coarser.length
    ? `, or choose a coarser timeline scale (${coarser.join(' or ')})`
    : '';
  const day = late ? last : first;
  const culprit = drawable.find((d) => (late ? d.last : d.first) === day);
  const width = `a ${scale}ly timeline from ${ukOf(first)} to ${ukOf(last)} needs ${needed} columns, more than fit before Excel's last column (XFD)`;
  let finding: Finding;
  if (culprit) {
    const task = culprit.task;
    const key = late
      ? task.end.kind === 'date'
        ? 'end'
        : 'start'
      : task.start.kind === 'date'
        ? 'start'
        : 'end';
    const col = plan.columns[key] ?? plan.columns.id ?? 1;
    const cell = a1(task.row, col);
    finding = {
      severity: 'error',
      rule: 'timeline-too-wide',
      sheet: plan.sheet.name,
      cell,
      row: task.row,
      message: `${taskLabel(task)} ${late ? 'ends' : 'starts'} on ${ukOf(day)}: ${width}. Correct the date in ${cell}${instead}; nothing was changed.`,
    };
  } else {
    const setting = late ? 'Timeline end' : 'Timeline start';
    finding = {
      severity: 'error',
      rule: 'timeline-too-wide',
      sheet: 'Settings',
      cell: '',
      message: `The Settings sheet's ${setting} is ${ukOf(day)}: ${width}. Correct it${instead}; nothing was changed.`,
    };
  }
  return { reason: finding.message, findings: [finding] };
}

function blockedRefusal(blocked: Finding[]): SyncRefusal {
  const cells = [...new Set(blocked.map((f) => f.cell))];
  const named =
    cells.length === 1
      ? `cell ${cells[0]}, which holds your data: move or clear it`
      : `cells ${cells.slice(0, 5).join(', ')}${cells.length > 5 ? ` and ${cells.length - 5} more` : ''}, which hold your data: move or clear them`;
  return {
    reason: `The timeline needs ${named}, then try again; nothing was changed.`,
    findings: blocked,
  };
}

function inRange(r: CellRange, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

/**
 * The first period column: right of the table with one blank column between, or where the
 * previous timeline was while the table still ends left of it.
 */
function timelineLeft(plan: Plan, old: CellRange | null): number {
  const sheet = plan.sheet;
  const tableRows = [plan.headerRow, ...plan.tasks.map((t) => t.row), ...plan.headingRows];
  let tableRight = 0;
  for (const row of tableRows) {
    const cells = sheet.cells[row] ?? [];
    for (let col = cells.length - 1; col > tableRight; col--) {
      if (old && col >= old.left) continue;
      if (!isBlank(cells[col]?.value ?? null) || cells[col]?.formula) {
        tableRight = col;
        break;
      }
    }
  }
  // Merged cells in the table's rows belong to the table too (a merged heading reaches its last column).
  for (const m of sheet.merges) {
    if (m.bottom >= plan.headerRow && m.top <= plan.lastRow && !(old && m.left >= old.left))
      tableRight = Math.max(tableRight, m.right);
  }
  return old && tableRight < old.left ? old.left : tableRight + 2;
}

/**
 * Cells of `ranges` holding something the tool did not write, as findings. Empty cells are ours;
 * inside the old timeline, so is what a sync writes there: period dates on the header row, year or
 * month labels above it, milestone and not-drawn markers below.
 */
function blockedCells(plan: Plan, old: CellRange | null, ranges: readonly CellRange[]): Finding[] {
  const sheet = plan.sheet;
  const ours = (row: number, col: number): boolean => {
    const cell = sheet.cells[row]?.[col];
    if (cell?.formula) return false;
    const value = cell?.value ?? null;
    if (isBlank(value)) return true;
    if (!old || !inRange(old, row, col)) return false;
    // The key's labels and marks, and the report date's label in the band.
    if (isKeyText(value)) return true;
    if (row === plan.headerRow) return typeof value === 'number';
    if (row < plan.headerRow)
      return typeof value === 'string' && /^(\d{4}|[A-Z][a-z]{2} \d{4})$/.test(value);
    return (
      value === MILESTONE_MARKER ||
      (typeof value === 'string' && value.startsWith(NOT_DRAWN_MARKER))
    );
  };
  const blocked: Finding[] = [];
  for (const r of ranges) {
    // Only cells present can be in the way: walk the rows that have some (not every row) and
    // their cells (not every column).
    for (const row of rowsWithCells(sheet, r.top, r.bottom)) {
      if (blocked.length >= MAX_BLOCKED) break;
      const cells = sheet.cells[row];
      const right = Math.min(r.right, cells.length - 1);
      for (let col = r.left; col <= right && blocked.length < MAX_BLOCKED; col++) {
        if (ours(row, col)) continue;
        blocked.push({
          severity: 'error',
          rule: 'timeline-blocked',
          sheet: sheet.name,
          cell: a1(row, col),
          message: `The timeline needs cell ${a1(row, col)}, which holds your data. Move or clear it, then try again; nothing was changed.`,
        });
      }
    }
  }
  return blocked;
}

/**
 * Where the timeline goes, from its first period column: the header row to the last row of the
 * table, with a band row above when that row is free. Refuses (with findings) when a cell, merged
 * area or Excel table of the user's is in the way.
 */
function placeTimeline(
  plan: Plan,
  old: CellRange | null,
  left: number,
  width: number,
  keyRows = 0,
): { area: CellRange; bandRow: number | null } | { blocked: Finding[] } {
  const sheet = plan.sheet;
  const right = left + width - 1;
  const top = plan.headerRow;
  const bottom = Math.min(
    Math.max(plan.lastRow, plan.headerRow + 1, plan.headerRow + keyRows),
    EXCEL_ROWS,
  );
  const area: CellRange = { top, left, bottom, right };
  // The old timeline is checked too: it is cleared where the new one does not reach.
  const blocked = blockedCells(plan, old, old ? [area, ...subtract(old, area)] : [area]);
  for (const m of sheet.merges) {
    if (rangesIntersect(m, area) && blocked.length < MAX_BLOCKED) {
      blocked.push({
        severity: 'error',
        rule: 'timeline-blocked',
        sheet: sheet.name,
        cell: a1(m.top, m.left),
        message: `The timeline needs cells merged in ${rangeA1(m)}. Unmerge or move them, then try again; nothing was changed.`,
      });
    }
  }
  for (const t of sheet.tables) {
    if (rangesIntersect(t, area) && blocked.length < MAX_BLOCKED) {
      blocked.push({
        severity: 'error',
        rule: 'timeline-blocked',
        sheet: sheet.name,
        cell: a1(t.top, t.left),
        message: `The timeline would overlap the Excel table at ${rangeA1(t)}. Move the table, then try again; nothing was changed.`,
      });
    }
  }
  if (blocked.length) return { blocked };

  // A band row (years or months) above the header, only where that row is free.
  let bandRow: number | null = null;
  if (plan.headerRow > 1) {
    const row = plan.headerRow - 1;
    let free = true;
    for (let col = left; col <= right && free; col++) {
      const value = sheet.cells[row]?.[col]?.value ?? null;
      free = isBlank(value) || (old !== null && inRange(old, row, col));
    }
    const mergedAbove = sheet.merges.some((m) =>
      rangesIntersect(m, { top: row, bottom: row, left, right }),
    );
    if (free && !mergedAbove) bandRow = row;
  }
  return { area: { ...area, top: bandRow ?? top }, bandRow };
}

function bandLabel(period: Period, scale: Scale): string {
  const [y, m] = isoOf(period.start).split('-');
  if (scale === 'week') {
    const month = monthAbbr(Number(m));
    return `${month} ${y}`;
  }
  return y;
}

/**
 * Header dates, never rotated (rotated text overflows the band above it in rows of fixed height):
 * under a month band a week shows its day (`05`), without one its day and month (`05-Oct`).
 */
function headerFormat(scale: Scale, band: boolean): string {
  if (scale !== 'week') return 'mmm-yy';
  return band ? 'dd' : 'dd-mmm';
}

/** Blank rows inside the table that still get the report-date line, so it reads as one line. */
const MAX_LINED_GAP = 3;

/**
 * The rows of the timeline that get cells: the band, the header, every task and heading row, and
 * short runs of blank rows between them. Costs what the table's rows cost, not the height of the
 * area: a stray task in row 1,048,576 adds one row, not a million lined blank ones.
 */
function timelineRows(plan: Plan, area: CellRange, bandRow: number | null): number[] {
  const table = [plan.headerRow, ...plan.tasks.map((t) => t.row), ...plan.headingRows];
  if (bandRow !== null) table.push(bandRow);
  table.sort((a, b) => a - b);
  const rows: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const row = table[i];
    if (row < area.top || row > area.bottom || row === rows[rows.length - 1]) continue;
    const previous = rows[rows.length - 1];
    if (previous !== undefined && row - previous - 1 <= MAX_LINED_GAP)
      for (let gap = previous + 1; gap < row; gap++) rows.push(gap);
    rows.push(row);
  }
  return rows;
}

/** The key's rows for what this timeline shows. */
function timelineKey(
  plan: Plan,
  spans: ReadonlyMap<number, TaskSpan>,
  options: SyncOptions,
): KeyEntry[] {
  const statuses = new Set<RagStatus | null>();
  let milestones = false;
  let notDrawn = false;
  let baselines = false;
  for (const task of plan.tasks) {
    const span = spans.get(task.row);
    if (span?.kind === 'dated') {
      statuses.add(taskStatus(task));
      if (span.first === span.last) milestones = true;
    } else notDrawn = true;
    if (baselineSpan(task)) baselines = true;
  }
  return keyEntries({
    statuses,
    milestones,
    baselines,
    notDrawn,
    reportDate: options.reportDate,
    notDrawnStyle: NOT_DRAWN_STYLE,
  });
}

function drawTimeline(
  plan: Plan,
  spans: ReadonlyMap<number, TaskSpan>,
  periods: Period[],
  scale: Scale,
  area: CellRange,
  bandRow: number | null,
  options: SyncOptions,
  styles: StyleTable,
  key: readonly KeyEntry[] = [],
): {
  block: Pick<Timeline, 'width' | 'height' | 'rows' | 'styles' | 'values'>;
  bars: number;
  milestones: number;
} {
  // Periods first, then the key's columns (when there is a key).
  const width = area.right - area.left + 1;
  const count = periods.length;
  const height = area.bottom - area.top + 1;
  const reportCol = periodIndex(periods, options.reportDate);
  const withReport = (style: CellStyle, c: number): CellStyle =>
    c === reportCol
      ? { ...style, borderLeft: REPORT_DATE_COLOUR, borderRight: REPORT_DATE_COLOUR }
      : style;
  // Only the rows that get cells are stored: memory follows the table, not the area's height.
  const table = timelineRows(plan, area, bandRow);
  // The key's rows below the header get the key's cells only (no outline, no overflow stop).
  const keyOnly = new Set<number>();
  for (let k = 1; k <= key.length; k++)
    if (!table.includes(plan.headerRow + k)) keyOnly.add(plan.headerRow + k);
  const stored = keyOnly.size ? [...table, ...keyOnly].sort((a, b) => a - b) : table;
  const styleIds = new Int16Array(width * stored.length).fill(-1);
  const values = new Map<number, number | string>();
  // `r` is the index of the stored row.
  const set = (r: number, c: number, value: number | string | null, style: number) => {
    styleIds[r * width + c] = style;
    if (value !== null) values.set(r * width + c, value);
  };
  const reportStyle = reportCol >= 0 ? styles.id(withReport({}, reportCol)) : -1;
  const barStyles = new Map<string, number[]>();
  const barStyle = (fill: string, c: number) => {
    let list = barStyles.get(fill);
    if (!list) barStyles.set(fill, (list = []));
    return (list[c === reportCol ? 1 : 0] ??= styles.id(withReport({ fill }, c)));
  };
  const headerStyle: CellStyle = {
    numFmt: headerFormat(scale, bandRow !== null),
    bold: true,
    hAlign: 'center',
    fill: HEADER_FILL,
  };

  const byRow = new Map(plan.tasks.map((t) => [t.row, t]));
  let bars = 0;
  let milestones = 0;
  for (let r = 0; r < stored.length; r++) {
    const row = stored[r];
    if (keyOnly.has(row)) continue;
    if (row === bandRow) {
      let previous = '';
      for (let c = 0; c < count; c++) {
        const label = bandLabel(periods[c], scale);
        if (label !== previous) set(r, c, label, styles.id({ bold: true, hAlign: 'left' }));
        previous = label;
      }
      // The report date named above its column (after the year when one starts there).
      if (reportCol >= 0 && options.key) {
        const year = values.get(r * width + reportCol);
        const text = reportDateLabel(options.reportDate);
        set(
          r,
          reportCol,
          year === undefined ? text : `${year} · ${text}`,
          styles.id(
            withReport({ bold: true, hAlign: 'left', fontColor: REPORT_DATE_COLOUR }, reportCol),
          ),
        );
      }
      continue;
    }
    if (row === plan.headerRow) {
      for (let c = 0; c < count; c++) {
        const date = serialFromDay(periods[c].start, plan.date1904);
        set(r, c, date, styles.id(withReport(headerStyle, c)));
      }
      continue;
    }
    if (reportCol >= 0) set(r, reportCol, null, reportStyle);
    const task = byRow.get(row);
    const span = task && spans.get(row);
    if (task && span?.kind === 'undrawable') {
      const { reason } = notDrawnRow(plan, task, span.reason);
      set(r, 0, `${NOT_DRAWN_MARKER} No bar: ${reason}`, styles.id(withReport(NOT_DRAWN_STYLE, 0)));
    } else if (task && span?.kind === 'dated') {
      const status = taskStatus(task);
      if (span.first === span.last) {
        const c = periodIndex(periods, span.first);
        set(r, c, MILESTONE_MARKER, styles.id(withReport(milestoneStyle(status), c)));
        milestones++;
      } else {
        const bar = overlapRange(periods, span.first, span.last)!;
        const fill = status ? RAG_COLOURS[status].bar : NO_STATUS_BAR;
        for (let c = bar.first; c <= bar.last; c++) set(r, c, null, barStyle(fill, c));
        bars++;
      }
    }
    // Baseline periods: a thick dark bottom border, over the bar or milestone already there.
    const base = task && baselineSpan(task);
    const baseCols = base && overlapRange(periods, base.first, base.last);
    if (baseCols)
      for (let c = baseCols.first; c <= baseCols.last; c++) {
        const i = r * width + c;
        const style = styleIds[i] >= 0 ? styles.styles[styleIds[i]] : withReport({}, c);
        styleIds[i] = styles.id({ ...style, ...BASELINE_STYLE });
      }
    // Text from the column left of the timeline stops here instead of running over the bars.
    if (!values.has(r * width)) values.set(r * width, OVERFLOW_STOP);
  }
  if (key.length) {
    const index = new Map(stored.map((row, r) => [row, r]));
    const at = (row: number) => index.get(row)!;
    set(
      at(plan.headerRow),
      count + KEY_SWATCH,
      KEY_TITLE,
      styles.id({ bold: true, hAlign: 'left' }),
    );
    key.forEach((entry, k) => {
      const r = at(plan.headerRow + 1 + k);
      set(r, count + KEY_SWATCH, entry.mark, styles.id(entry.swatch));
      set(r, count + KEY_SWATCH + 1, entry.label, styles.id({ hAlign: 'left' }));
    });
  }
  // Style indexes are 16 bits wide (see StyleIndexes): a timeline has a few dozen styles.
  if (styles.styles.length > 0x7fff) throw new Error('the timeline needs more than 32,767 styles');
  const rows = Int32Array.from(stored, (row) => row - area.top);
  return { block: { width, height, rows, styles: styleIds, values }, bars, milestones };
}
