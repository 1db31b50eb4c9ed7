/**
 * The sync engine: from a validated plan, the edits that colour RAG cells and draw the Gantt
 * timeline. Pure: the same workbook data always gives the same edits, whichever host applies them.
 */

import {
  a1,
  absoluteRef,
  isBlank,
  rangeA1,
  rangesIntersect,
  rowsWithCells,
  subtract,
  type CellRange,
  type WorkbookData,
} from '../cells.js';
import { isoOf, monthAbbr, serialFromDay, type Day } from '../dates.js';
import type { Finding } from '../findings.js';
import {
  chooseScale,
  overlapRange,
  periodIndex,
  periodsCovering,
  type Period,
  type Scale,
} from '../periods.js';
import type { Plan, Task } from '../plan/read.js';
import {
  NO_STATUS_BAR,
  RAG_COLOURS,
  RAG_LABEL,
  REPORT_DATE_COLOUR,
  type RagStatus,
} from '../rag.js';
import { firstDay, lastDay } from '../rules/dependency-overlap.js';
import { rowsWithErrors } from '../validate.js';
import {
  MILESTONE_MARKER,
  TIMELINE_NAME,
  StyleTable,
  type CellStyle,
  type RagCellEdit,
  type SyncEdits,
  type Timeline,
} from './edits.js';
import { previousTimeline } from './timeline-name.js';

export interface SyncOptions {
  scale?: 'auto' | Scale;
  reportDate: Day;
  /** Rewrite recognised statuses with their canonical label (`A/R` -> `Amber/Red`). */
  normaliseRag?: boolean;
}

export interface SyncSummary {
  ragCells: number;
  bars: number;
  milestones: number;
  skippedRows: number[];
  scale: Scale | null;
  periods: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
  timelineRange: string | null;
  reportDate: string;
}

export interface SyncPlanResult {
  edits: SyncEdits;
  findings: Finding[];
  summary: SyncSummary;
}

/** Narrow, but wide enough for a bold `May-20` in Excel's and LibreOffice's default fonts. */
const COLUMN_WIDTH: Record<Scale, number> = {
  week: 3.7109375,
  month: 7.7109375,
  quarter: 7.7109375,
};
const HEADER_FORMAT: Record<Scale, string> = {
  week: 'dd-mmm-yy',
  month: 'mmm-yy',
  quarter: 'mmm-yy',
};
const HEADER_FILL = 'F3F2F1';

function taskStatus(task: Task): RagStatus | null {
  const parse = task.rag?.parse;
  return parse?.kind === 'status' ? parse.status : null;
}

export function syncPlan(
  wb: WorkbookData,
  plan: Plan,
  findings: readonly Finding[],
  options: SyncOptions,
): SyncPlanResult {
  const sheet = plan.sheet;
  const errorRows = rowsWithErrors(findings);
  const extra: Finding[] = [];
  const syncable = plan.tasks.filter((t) => !errorRows.has(t.row));

  // RAG cells
  const ragCells: RagCellEdit[] = [];
  const ragCol = plan.columns.rag;
  if (ragCol !== undefined) {
    for (const task of syncable) {
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
      if (status && options.normaliseRag && task.rag!.text !== RAG_LABEL[status])
        edit.normalisedText = RAG_LABEL[status];
      ragCells.push(edit);
    }
  }

  // Timeline
  const styles = new StyleTable();
  const old = previousTimeline(wb.names, sheet.name);
  const dated = syncable.filter((t) => firstDay(t) !== null);
  let timeline: Timeline | null = null;
  let scale: Scale | null = null;
  let periods: Period[] = [];
  let bars = 0;
  let milestones = 0;
  const clear: CellRange[] = [];

  if (dated.length === 0) {
    extra.push({
      severity: 'info',
      rule: 'timeline',
      sheet: sheet.name,
      cell: '',
      message: 'No task has valid dates, so no timeline was drawn.',
    });
  } else {
    let first = Math.min(...dated.map((t) => firstDay(t)!));
    let last = Math.max(...dated.map((t) => lastDay(t)!));
    const { windowStart, windowEnd } = plan.settings;
    if (windowStart !== undefined) first = Math.min(first, windowStart);
    if (windowEnd !== undefined) last = Math.max(last, windowEnd);
    const wanted = options.scale ?? plan.settings.scale ?? 'auto';
    scale = wanted === 'auto' ? chooseScale(first, last) : wanted;
    periods = periodsCovering(first, last, scale);

    const placed = placeTimeline(wb, plan, old, periods.length);
    if ('blocked' in placed) {
      extra.push(...placed.blocked);
    } else {
      const { area, bandRow } = placed;
      const grid = drawTimeline(
        plan,
        syncable,
        periods,
        scale,
        area,
        bandRow,
        options.reportDate,
        wb.date1904,
        styles,
      );
      timeline = {
        area,
        headerRow: plan.headerRow,
        ...grid.block,
        columnWidth: COLUMN_WIDTH[scale],
        nameRef: absoluteRef(sheet.name, area),
      };
      bars = grid.bars;
      milestones = grid.milestones;
      if (old) clear.push(...subtract(old, area));
    }
  }

  const taskCol = plan.columns.task ?? plan.columns.id ?? 1;
  const edits: SyncEdits = {
    sheet: sheet.name,
    styles: styles.styles,
    ragCells,
    timeline,
    clear,
    freeze: { row: plan.headerRow + 1, col: taskCol + 1 },
    timelineName: TIMELINE_NAME,
  };
  const summary: SyncSummary = {
    ragCells: ragCells.filter((r) => r.status !== null).length,
    bars,
    milestones,
    skippedRows: plan.tasks.filter((t) => errorRows.has(t.row)).map((t) => t.row),
    scale,
    periods: timeline ? periods.length : 0,
    firstPeriod: timeline ? isoOf(periods[0].start) : null,
    lastPeriod: timeline ? isoOf(periods[periods.length - 1].start) : null,
    timelineRange: timeline ? rangeA1(timeline.area) : null,
    reportDate: isoOf(options.reportDate),
  };
  return { edits, findings: extra, summary };
}

function inRange(r: CellRange, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

/**
 * Where the timeline goes: right of the table with one blank column between, or where the
 * previous one was. Refuses (with findings) when a cell of the user's is in the way.
 */
function placeTimeline(
  wb: WorkbookData,
  plan: Plan,
  old: CellRange | null,
  width: number,
): { area: CellRange; bandRow: number | null } | { blocked: Finding[] } {
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
  const firstRow = plan.headerRow;
  for (const m of sheet.merges) {
    if (m.bottom >= firstRow && m.top <= plan.lastRow && !(old && m.left >= old.left))
      tableRight = Math.max(tableRight, m.right);
  }
  const left = old && tableRight < old.left ? old.left : tableRight + 2;
  const right = left + width - 1;
  const top = plan.headerRow;
  const bottom = Math.max(plan.lastRow, plan.headerRow + 1);

  // Is a cell ours? Empty cells are; inside the old timeline, so is what a sync writes there:
  // period dates on the header row, year or month labels above it, milestone markers below.
  const ours = (row: number, col: number): boolean => {
    const cell = sheet.cells[row]?.[col];
    if (cell?.formula) return false;
    const value = cell?.value ?? null;
    if (isBlank(value)) return true;
    if (!old || !inRange(old, row, col)) return false;
    if (row === plan.headerRow) return typeof value === 'number';
    if (row < plan.headerRow)
      return typeof value === 'string' && /^(\d{4}|[A-Z][a-z]{2} \d{4})$/.test(value);
    return value === MILESTONE_MARKER;
  };

  const blocked: Finding[] = [];
  const area: CellRange = { top, left, bottom, right };
  // The old timeline is checked too: it is cleared where the new one does not reach.
  const checked = old ? [area, ...subtract(old, area)] : [area];
  for (const r of checked) {
    // Only cells present can be in the way: walk the rows that have some (not every row).
    for (const row of rowsWithCells(sheet, r.top, r.bottom)) {
      if (blocked.length >= 20) break;
      for (let col = r.left; col <= r.right && blocked.length < 20; col++) {
        if (ours(row, col)) continue;
        blocked.push({
          severity: 'error',
          rule: 'timeline-blocked',
          sheet: sheet.name,
          cell: a1(row, col),
          message: `The timeline needs cell ${a1(row, col)}, which holds your data. Move or clear it, then sync again; the timeline was not redrawn.`,
        });
      }
    }
  }
  for (const m of sheet.merges) {
    if (rangesIntersect(m, area) && blocked.length < 20) {
      blocked.push({
        severity: 'error',
        rule: 'timeline-blocked',
        sheet: sheet.name,
        cell: a1(m.top, m.left),
        message: `The timeline needs cells merged in ${rangeA1(m)}. Unmerge or move them, then sync again; the timeline was not redrawn.`,
      });
    }
  }
  for (const t of sheet.tables) {
    if (rangesIntersect(t, area) && blocked.length < 20) {
      blocked.push({
        severity: 'error',
        rule: 'timeline-blocked',
        sheet: sheet.name,
        cell: a1(t.top, t.left),
        message: `The timeline would overlap the Excel table at ${rangeA1(t)}. Move the table, then sync again; the timeline was not redrawn.`,
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

function drawTimeline(
  plan: Plan,
  tasks: readonly Task[],
  periods: Period[],
  scale: Scale,
  area: CellRange,
  bandRow: number | null,
  reportDate: Day,
  date1904: boolean,
  styles: StyleTable,
): {
  block: Pick<Timeline, 'width' | 'height' | 'styles' | 'values'>;
  bars: number;
  milestones: number;
} {
  const width = periods.length;
  const height = area.bottom - area.top + 1;
  const reportCol = periodIndex(periods, reportDate);
  const withReport = (style: CellStyle, c: number): CellStyle =>
    c === reportCol
      ? { ...style, borderLeft: REPORT_DATE_COLOUR, borderRight: REPORT_DATE_COLOUR }
      : style;
  const styleIds = new Int32Array(width * height).fill(-1);
  const values = new Map<number, number | string>();
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

  const byRow = new Map(tasks.map((t) => [t.row, t]));
  let bars = 0;
  let milestones = 0;
  for (let row = area.top; row <= area.bottom; row++) {
    const r = row - area.top;
    if (row === bandRow) {
      let previous = '';
      for (let c = 0; c < width; c++) {
        const label = bandLabel(periods[c], scale);
        if (label !== previous) set(r, c, label, styles.id({ bold: true, hAlign: 'left' }));
        previous = label;
      }
      continue;
    }
    if (row === plan.headerRow) {
      for (let c = 0; c < width; c++) {
        const style: CellStyle = {
          numFmt: HEADER_FORMAT[scale],
          bold: true,
          hAlign: 'center',
          fill: HEADER_FILL,
        };
        if (scale === 'week') style.rotation = 90;
        set(r, c, serialFromDay(periods[c].start, date1904), styles.id(withReport(style, c)));
      }
      continue;
    }
    if (reportCol >= 0) set(r, reportCol, null, reportStyle);
    const task = byRow.get(row);
    const start = task ? firstDay(task) : null;
    if (!task || start === null) continue;
    const end = lastDay(task)!;
    const status = taskStatus(task);
    if (start === end) {
      const c = periodIndex(periods, start);
      const colours = RAG_COLOURS[status ?? 'not-started'];
      set(
        r,
        c,
        MILESTONE_MARKER,
        styles.id(
          withReport(
            { fill: colours.fill, fontColor: colours.text, bold: true, hAlign: 'center' },
            c,
          ),
        ),
      );
      milestones++;
    } else {
      const span = overlapRange(periods, start, end)!;
      const fill = status ? RAG_COLOURS[status].bar : NO_STATUS_BAR;
      for (let c = span.first; c <= span.last; c++) set(r, c, null, barStyle(fill, c));
      bars++;
    }
  }
  return { block: { width, height, styles: styleIds, values }, bars, milestones };
}
