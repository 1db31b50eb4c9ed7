/**
 * The timeline stores only the rows that get cells: a stray task in row 1,048,576 or a timeline
 * thousands of weeks wide costs what the table's rows cost, not width x the area's height.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, SheetData } from '../../core/cells.js';
import { dayFromYMD, serialFromDay } from '../../core/dates.js';
import { RAG_COLOURS } from '../../core/rag.js';
import { storedRowCount, timelineCell } from '../../core/sync/edits.js';
import { syncPlan } from '../../core/sync/plan-sync.js';
import { validateWorkbook } from '../../core/validate.js';
import { HEADER, workbook } from './build.js';

const REPORT = dayFromYMD(2020, 11, 13)!;
const LAST_ROW = 1_048_576;

const date = (y: number, m: number, d: number): Cell => ({
  value: serialFromDay(dayFromYMD(y, m, d)!, false),
  numFmt: 'dd/mm/yyyy',
});
const text = (v: string | number): Cell => ({ value: v });

/** 20 tasks on rows 2..21 within 2020, and one stray task on the last row of the sheet. */
function strayPlan(stray: { start: Cell; end: Cell }, extra: { start: Cell; end: Cell }[] = []) {
  // A sparse array: only the rows that hold something exist.
  const cells: (Cell | undefined)[][] = [];
  cells[1] = [undefined, ...HEADER.map(text)];
  const task = (row: number, id: number, start: Cell, end: Cell, rag: string) => {
    cells[row] = [
      undefined,
      text(id),
      text('Finance'),
      text(`Task ${id}`),
      text('JH'),
      start,
      end,
      text(rag),
    ];
  };
  for (let i = 0; i < 20; i++)
    task(2 + i, i + 1, date(2020, 1 + (i % 12), 1), date(2020, 12, 31), 'Green');
  extra.forEach((e, i) => task(22 + i, 100 + i, e.start, e.end, 'Amber'));
  task(LAST_ROW, 999, stray.start, stray.end, 'Red');
  const sheet: SheetData = {
    name: 'Plan',
    cells,
    maxRow: LAST_ROW,
    maxCol: HEADER.length,
    merges: [],
    tables: [],
    protected: false,
  };
  return workbook([sheet]);
}

function run(wb: ReturnType<typeof workbook>, scale: 'month' | 'week') {
  const v = validateWorkbook(wb, { reportDate: REPORT });
  if (!v.ok) throw new Error(v.reason);
  return syncPlan(wb, v.plan, v.findings, { scale, reportDate: REPORT });
}

describe('a sparse timeline', () => {
  it('a stray task in row 1,048,576 adds one stored row, not a million', () => {
    const { edits } = run(strayPlan({ start: date(2020, 6, 1), end: date(2020, 8, 31) }), 'month');
    const t = edits.timeline!;
    expect(t.area.bottom).toBe(LAST_ROW);
    expect(t.height).toBe(LAST_ROW - t.area.top + 1);
    // The header (row 1: no room for a band above it), 20 tasks and the stray one.
    expect(storedRowCount(t)).toBe(22);
    expect(t.styles.length).toBe(t.width * 22);
    expect(t.rows![t.rows!.length - 1]).toBe(LAST_ROW - t.area.top);
    // The stray task still gets its bar, June to August 2020, in its own row.
    const r = LAST_ROW - t.area.top;
    const fills = Array.from({ length: t.width }, (_, c) => timelineCell(t, r, c).style)
      .map((s) => (s >= 0 ? edits.styles[s].fill : undefined))
      .filter((f) => f === RAG_COLOURS.red.bar);
    expect(fills.length).toBe(3);
    // A row between holds nothing.
    expect(timelineCell(t, 500_000 - t.area.top, 3)).toEqual({ value: null, style: -1 });
  });

  it('a 2,000-week timeline down to row 1,048,576 stores 2,000 x 22 cells', () => {
    const { edits } = run(strayPlan({ start: date(1990, 1, 1), end: date(2028, 4, 30) }), 'week');
    const t = edits.timeline!;
    expect(t.width).toBe(2000);
    expect(storedRowCount(t)).toBe(22);
    expect(t.styles.length).toBe(t.width * 22);
    // Far fewer values than cells: the header dates, the band labels and a few markers.
    expect(t.values.size).toBeLessThan(t.width * 3);
    // The bar spans the whole timeline on the last row.
    const r = LAST_ROW - t.area.top;
    expect(edits.styles[timelineCell(t, r, 0).style].fill).toBe(RAG_COLOURS.red.bar);
    expect(edits.styles[timelineCell(t, r, t.width - 1).style].fill).toBe(RAG_COLOURS.red.bar);
  });
});
