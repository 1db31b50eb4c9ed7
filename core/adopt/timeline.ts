/**
 * Finding the painted timeline of a hand-drawn Gantt: a run of header cells that are periods
 * (`Mar-20`, `March 2020`, real dates, `Q3 2020`, `w/c 02/03/2020`, or `Apr`, `May` with the year
 * on a band above) in the sheet's first rows.
 */
import { a1, type Cell, type SheetData } from '../cells.js';
import {
  addMonths,
  dayFromSerial,
  dayFromYMD,
  isDateFormat,
  MONTH_NAMES,
  monthAbbr,
  parseTextDate,
  ukOf,
  ymdOf,
  type Day,
} from '../dates.js';
import { pushAll } from '../arrays.js';

/** How many rows from the top are searched for the timeline header. */
export const TIMELINE_SEARCH_ROWS = 20;
/** The fewest period headings in a row that make a timeline. */
export const MIN_TIMELINE_COLUMNS = 3;

export type AdoptScale = 'week' | 'month' | 'quarter' | 'day-range';

export interface TimelineColumn {
  col: number;
  start: Day;
  end: Day;
  /** The header as the sheet shows it, for messages (`Mar-20`). */
  label: string;
}

/** Which timetable a block of timeline columns shows, from the words above it. */
export type SeriesRole = 'baseline' | 'current';

export interface TimelineBlock {
  columns: TimelineColumn[];
  /** Named by a band above it (`Original planned timetable`, `Revised timetable`). */
  role: SeriesRole | null;
  /** The words that named it, and where. */
  roleLabel?: { text: string; cell: string };
}

export interface Timeline {
  /** The header row. */
  row: number;
  scale: AdoptScale;
  /** One block, or two (original and revised timetables side by side). */
  blocks: TimelineBlock[];
  /** Every column of every block, left to right. */
  columns: TimelineColumn[];
  /** Where the years of month-only headings came from (a band above), when they did. */
  yearBand?: number;
}

const MONTH_INDEX = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
  MONTH_INDEX.set(name.toLowerCase(), i + 1);
  MONTH_INDEX.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_INDEX.set('sept', 9);

const MONTH_WORD =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const MONTH_YEAR = new RegExp(`^${MONTH_WORD}\\.?[\\s\\-'’./]*(\\d{4}|\\d{2})$`, 'i');
const YEAR_MONTH = new RegExp(`^(\\d{4})[\\s\\-./]*${MONTH_WORD}\\.?$`, 'i');
const MONTH_ONLY = new RegExp(`^${MONTH_WORD}\\.?$`, 'i');
const QUARTER = /^q([1-4])[\s\-/]*(?:fy\s*)?(\d{4}|\d{2})(?:\s*[-/]\s*(\d{2}|\d{4}))?$/i;
const YEAR_QUARTER = /^(\d{4})[\s\-/]*q([1-4])$/i;
const WEEK_COMMENCING =
  /^(?:w\/?c|wc|w\/b|wb|week\s+(?:commencing|beginning|starting)|week\s+of)[\s:.]*(.+)$/i;

function twoDigitYear(text: string): number {
  const n = Number(text);
  return text.length === 2 ? (n < 30 ? 2000 + n : 1900 + n) : n;
}

function monthPeriod(y: number, m: number): { start: Day; end: Day } | null {
  const start = dayFromYMD(y, m, 1);
  if (start === null) return null;
  return { start, end: addMonths(start, 1) - 1 };
}

/** A header cell read on its own. */
export type HeaderCell =
  | { kind: 'month'; start: Day; end: Day }
  | { kind: 'quarter'; start: Day; end: Day }
  | { kind: 'date'; day: Day }
  | { kind: 'week'; day: Day }
  /** A month name without a year: the year comes from a band above, or from the months before. */
  | { kind: 'month-only'; month: number };

/** What one header cell says as a period; null when it is not one. */
export function readHeaderCell(cell: Cell | undefined, date1904: boolean): HeaderCell | null {
  if (!cell) return null;
  const v = cell.value;
  if (typeof v === 'number') {
    if (cell.numFmt === undefined || !isDateFormat(cell.numFmt)) return null;
    const day = dayFromSerial(v, date1904);
    return day === null ? null : { kind: 'date', day };
  }
  if (typeof v !== 'string') return null;
  const t = v.trim().replace(/\s+/g, ' ');
  if (t === '' || t.length > 40) return null;
  let m = MONTH_YEAR.exec(t);
  if (m) {
    const p = monthPeriod(twoDigitYear(m[2]), MONTH_INDEX.get(m[1].toLowerCase())!);
    return p && { kind: 'month', ...p };
  }
  if ((m = YEAR_MONTH.exec(t))) {
    const p = monthPeriod(Number(m[1]), MONTH_INDEX.get(m[2].toLowerCase())!);
    return p && { kind: 'month', ...p };
  }
  if ((m = MONTH_ONLY.exec(t)))
    return { kind: 'month-only', month: MONTH_INDEX.get(m[1].toLowerCase())! };
  if ((m = QUARTER.exec(t)) || (m = YEAR_QUARTER.exec(t))) {
    const yearFirst = /^\d{4}/.test(t);
    const q = Number(yearFirst ? m[2] : m[1]);
    const year = twoDigitYear(yearFirst ? m[1] : m[2]);
    // `Q1 2020-21` is a financial-year quarter: Q1 is April to June 2020.
    const financial = !yearFirst && m[3] !== undefined;
    const firstMonth = financial ? 4 + (q - 1) * 3 : 1 + (q - 1) * 3;
    const y = financial && firstMonth > 12 ? year + 1 : year;
    const start = dayFromYMD(y, ((firstMonth - 1) % 12) + 1, 1);
    return start === null ? null : { kind: 'quarter', start, end: addMonths(start, 3) - 1 };
  }
  const wc = WEEK_COMMENCING.exec(t);
  const dateText = wc ? wc[1] : t;
  const parsed = parseTextDate(dateText);
  if (parsed.kind === 'date')
    return wc ? { kind: 'week', day: parsed.day } : { kind: 'date', day: parsed.day };
  return null;
}

/** A year written in a band above month names: `2020`, `FY 2020-21`, `2020/21`. */
function yearOfBand(
  cell: Cell | undefined,
  date1904: boolean,
): { year: number; financial: boolean } | null {
  if (!cell) return null;
  const v = cell.value;
  if (typeof v === 'number') {
    if (
      Number.isInteger(v) &&
      v >= 1900 &&
      v <= 2200 &&
      (cell.numFmt === undefined || !isDateFormat(cell.numFmt))
    )
      return { year: v, financial: false };
    if (cell.numFmt !== undefined && isDateFormat(cell.numFmt)) {
      const day = dayFromSerial(v, date1904);
      return day === null ? null : { year: ymdOf(day).y, financial: false };
    }
    return null;
  }
  if (typeof v !== 'string') return null;
  const fy = /\b(\d{4})\s*[-/]\s*(\d{2}|\d{4})\b/.exec(v);
  if (fy) {
    const a = Number(fy[1]);
    const b = twoDigitYear(fy[2].length === 2 ? String(a).slice(0, 2) + fy[2] : fy[2]);
    if (b === a + 1) return { year: a, financial: true };
  }
  const y = /\b(19\d{2}|2[01]\d{2})\b/.exec(v);
  return y ? { year: Number(y[1]), financial: false } : null;
}

/** The cell at or left of `col` on `row` holding something (a band's text sits in its first cell). */
function bandCell(
  sheet: SheetData,
  row: number,
  col: number,
  from: number,
): { col: number; cell: Cell } | null {
  for (let c = col; c >= from; c--) {
    const cell = sheet.cells[row]?.[c];
    if (
      cell &&
      cell.value !== null &&
      !(typeof cell.value === 'string' && cell.value.trim() === '')
    )
      return { col: c, cell };
  }
  return null;
}

function startOf(h: HeaderCell): Day | null {
  return h.kind === 'month-only' ? null : h.kind === 'date' || h.kind === 'week' ? h.day : h.start;
}

/** A heading earlier than the one before it starts a new run (a second timetable). */
function goesBack(previous: HeaderCell, next: HeaderCell): boolean {
  const a = startOf(previous);
  const b = startOf(next);
  return a !== null && b !== null && b <= a;
}

interface RawRun {
  cols: number[];
  cells: HeaderCell[];
}

/** Runs of consecutive period headings on one row. */
function runsOnRow(sheet: SheetData, row: number, date1904: boolean): RawRun[] {
  const runs: RawRun[] = [];
  let current: RawRun | null = null;
  const cells = sheet.cells[row];
  if (!cells) return runs;
  for (let c = 1; c <= sheet.maxCol + 1; c++) {
    const h = c <= sheet.maxCol ? readHeaderCell(cells[c], date1904) : null;
    const sameKind =
      current !== null &&
      h !== null &&
      (h.kind === 'month-only') === (current.cells[0].kind === 'month-only') &&
      !goesBack(current.cells[current.cells.length - 1], h);
    if (h && (current === null || sameKind)) {
      current ??= { cols: [], cells: [] };
      current.cols.push(c);
      current.cells.push(h);
    } else {
      if (current && current.cols.length >= MIN_TIMELINE_COLUMNS) runs.push(current);
      current = h ? { cols: [c], cells: [h] } : null;
    }
  }
  return runs;
}

/**
 * The periods of a run: months and quarters as written; dates by their spacing (7 days: weeks,
 * about a month apart: calendar months, about three: quarters, else from one date to the next).
 * Null when the headings do not go forward in time.
 */
function periodsOfRun(
  sheet: SheetData,
  row: number,
  run: RawRun,
  date1904: boolean,
): { columns: TimelineColumn[]; scale: AdoptScale; yearBand?: number } | null {
  const label = (c: number) => {
    const v = sheet.cells[row]?.[c]?.value;
    return typeof v === 'number' ? '' : String(v ?? '').trim();
  };
  const out: TimelineColumn[] = [];
  let scale: AdoptScale;
  let yearBand: number | undefined;
  const first = run.cells[0];
  if (first.kind === 'month-only') {
    // The year from a band above (the nearest row with a year over the run's first column).
    let band: { row: number } | null = null;
    for (let r = row - 1; r >= Math.max(1, row - 3) && !band; r--) {
      const b = bandCell(sheet, r, run.cols[0], 1);
      if (b && yearOfBand(b.cell, date1904)) band = { row: r };
    }
    if (!band) return null;
    yearBand = band.row;
    let prevBandCol = -1;
    let year = 0;
    let prevMonth = 0;
    run.cells.forEach((h, i) => {
      const month = (h as { month: number }).month;
      const b = bandCell(sheet, band.row, run.cols[i], 1);
      const info = b ? yearOfBand(b.cell, date1904) : null;
      if (b && info && b.col !== prevBandCol) {
        year = info.financial && month < 4 ? info.year + 1 : info.year;
        prevBandCol = b.col;
      } else if (month < prevMonth) year += 1;
      prevMonth = month;
      const p = monthPeriod(year, month);
      if (p)
        out.push({ col: run.cols[i], ...p, label: `${monthAbbr(month)}-${String(year).slice(2)}` });
    });
    scale = 'month';
  } else if (run.cells.every((h) => h.kind === 'month' || h.kind === 'quarter')) {
    run.cells.forEach((h, i) => {
      const p = h as { start: Day; end: Day };
      out.push({ col: run.cols[i], start: p.start, end: p.end, label: label(run.cols[i]) });
    });
    scale = run.cells.every((h) => h.kind === 'month') ? 'month' : 'quarter';
  } else if (run.cells.every((h) => h.kind === 'date' || h.kind === 'week')) {
    const days = run.cells.map((h) => (h as { day: Day }).day);
    const gaps = days.slice(1).map((d, i) => d - days[i]);
    if (gaps.some((g) => g <= 0)) return null;
    const weekly = gaps.every((g) => g === 7);
    const monthly = gaps.every((g) => g >= 28 && g <= 31);
    const quarterly = gaps.every((g) => g >= 89 && g <= 92);
    scale = weekly ? 'week' : monthly ? 'month' : quarterly ? 'quarter' : 'day-range';
    days.forEach((day, i) => {
      let start = day;
      let end: Day;
      if (monthly || quarterly) {
        const { y, m } = ymdOf(day);
        start = dayFromYMD(y, m, 1)!;
        end = addMonths(start, monthly ? 1 : 3) - 1;
      } else if (weekly) end = day + 6;
      else end = i + 1 < days.length ? days[i + 1] - 1 : day + gaps[gaps.length - 1] - 1;
      // A date heading shows as its number format says; name the period the way people do.
      const { y, m } = ymdOf(start);
      const named = monthly
        ? `${monthAbbr(m)}-${String(y).slice(2)}`
        : quarterly
          ? `Q${Math.floor((m - 1) / 3) + 1} ${y}`
          : weekly
            ? `w/c ${ukOf(start)}`
            : ukOf(start);
      out.push({ col: run.cols[i], start, end, label: label(run.cols[i]) || named });
    });
  } else return null;
  for (let i = 1; i < out.length; i++) if (out[i].start <= out[i - 1].start) return null;
  for (const c of out) if (!c.label) c.label = ukOf(c.start);
  return { columns: out, scale, yearBand };
}

const BASELINE_WORDS = /\b(original|baseline|baselined)\b/i;
const CURRENT_WORDS = /\b(revised|current|latest|re-?planned|re-?baselined)\b/i;

/** The role words name: baseline for `Original planned timetable`, current for `Revised ...`. */
export function roleOfText(text: string): SeriesRole | null {
  if (BASELINE_WORDS.test(text)) return 'baseline';
  if (CURRENT_WORDS.test(text)) return 'current';
  return null;
}

/** The words above a block (up to three rows above its header) that say which timetable it is. */
function blockRole(
  sheet: SheetData,
  row: number,
  cols: number[],
): (TimelineBlock['roleLabel'] & { role: SeriesRole }) | undefined {
  for (let r = row - 1; r >= Math.max(1, row - 3); r--) {
    for (let c = cols[cols.length - 1]; c >= cols[0] - 1 && c >= 1; c--) {
      const v = sheet.cells[r]?.[c]?.value;
      if (typeof v !== 'string') continue;
      const role = roleOfText(v);
      if (role) return { role, text: v.trim(), cell: a1(r, c) };
    }
  }
  return undefined;
}

/**
 * The timeline header: the row in the first 20 with the most period headings (at least three in
 * a row), as one block, or two blocks when the sheet shows the original and revised timetables
 * side by side. Null when there is none.
 */
export function findTimeline(sheet: SheetData, date1904: boolean): Timeline | null {
  let best: Timeline | null = null;
  let bestCount = 0;
  const last = Math.min(sheet.maxRow, TIMELINE_SEARCH_ROWS);
  for (let row = 1; row <= last; row++) {
    const runs = runsOnRow(sheet, row, date1904);
    const blocks: TimelineBlock[] = [];
    let scale: AdoptScale | null = null;
    let yearBand: number | undefined;
    for (const run of runs) {
      const periods = periodsOfRun(sheet, row, run, date1904);
      if (!periods) continue;
      // A run that carries on where the one before ended (past a spacer column) is the same block.
      const previous = blocks[blocks.length - 1]?.columns;
      if (previous && periods.columns[0].start === previous[previous.length - 1].end + 1) {
        pushAll(previous, periods.columns);
        continue;
      }
      const named = blockRole(sheet, row, run.cols);
      blocks.push({
        columns: periods.columns,
        role: named?.role ?? null,
        roleLabel: named && { text: named.text, cell: named.cell },
      });
      scale ??= periods.scale;
      yearBand ??= periods.yearBand;
    }
    const count = blocks.reduce((n, b) => n + b.columns.length, 0);
    if (count > bestCount && scale) {
      // Two blocks are two timetables only when the words above tell them apart.
      const kept =
        blocks.length > 1 &&
        !(blocks[0].role && blocks[1].role && blocks[0].role !== blocks[1].role)
          ? [blocks.reduce((a, b) => (b.columns.length > a.columns.length ? b : a))]
          : blocks.slice(0, 2);
      if (kept.length === 1 && blocks.length === 1)
        kept[0] = { ...kept[0], role: null, roleLabel: undefined };
      best = {
        row,
        scale,
        blocks: kept,
        columns: kept.flatMap((b) => b.columns),
        yearBand,
      };
      bestCount = count;
    }
  }
  return best;
}

/** What was looked for, for the message when no timeline is found. */
export const TIMELINE_LOOKED_FOR = `a row of at least ${MIN_TIMELINE_COLUMNS} month, week or quarter headings (Mar-20, March 2020, real dates, Q3 2020, w/c 02/03/2020, or Apr, May with the year in a band above) in the first ${TIMELINE_SEARCH_ROWS} rows`;
