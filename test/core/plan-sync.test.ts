import { describe, expect, it } from 'vitest';
import { absoluteRef, rangeA1, type WorkbookData } from '../../core/cells.js';
import { dayFromSerial, dayFromYMD, isoOf } from '../../core/dates.js';
import { contrastRatio, RAG_COLOURS, NO_STATUS_BAR, REPORT_DATE_COLOUR } from '../../core/rag.js';
import {
  MILESTONE_MARKER,
  NOT_DRAWN_MARKER,
  OVERFLOW_STOP,
  timelineRows,
  type SyncEdits,
} from '../../core/sync/edits.js';
import { syncPlan } from '../../core/sync/plan-sync.js';
import { subtract } from '../../core/cells.js';
import { validateWorkbook } from '../../core/validate.js';
import { d, HEADER, sheet, workbook, type Input } from './build.js';

const REPORT = dayFromYMD(2020, 11, 13)!;

function run(wb: WorkbookData, scale: 'auto' | 'week' | 'month' | 'quarter' = 'auto') {
  const v = validateWorkbook(wb, { reportDate: REPORT });
  if (!v.ok) throw new Error(v.reason);
  return syncPlan(wb, v.plan, v.findings, { scale, reportDate: REPORT });
}

/** Which timeline columns of a row have a fill, as `[index, fill]`. */
function filled(edits: SyncEdits, row: number): [number, string | undefined][] {
  const t = edits.timeline!;
  const line = timelineRows(t)[row - t.area.top];
  return line
    .map(
      (c, i) =>
        [i, c.style >= 0 ? edits.styles[c.style].fill : undefined] as [number, string | undefined],
    )
    .filter(([, fill]) => fill !== undefined);
}

const rows: Input[][] = [
  ['Programme plan'],
  HEADER,
  [1, 'Governance', 'Write Cabinet paper', 'TB', d('2020-03-15'), d('2020-05-01'), 'Green'],
  [2, 'Governance', 'Repatriation of services', 'TB', d('2020-10-01'), d('2020-10-01'), 'Complete'],
  [3, 'Finance', 'Realign budgets', 'JH', d('2020-09-30'), d('2020-12-31'), 'A/R'],
  [4, 'Finance', 'Broken task', 'JH', '31/11/2020', d('2020-12-31'), 'Red'],
  [5, 'IT', 'No status yet', 'JW', d('2021-02-01'), d('2021-02-28'), null],
];

describe('syncPlan', () => {
  const wb = workbook([sheet('Plan', rows)]);
  const { edits, summary } = run(wb);
  const t = { ...edits.timeline!, cells: timelineRows(edits.timeline!) };

  it('places a monthly timeline right of the table with a year band above the header', () => {
    expect(summary.scale).toBe('month');
    expect(summary.firstPeriod).toBe('2020-03-01');
    expect(summary.lastPeriod).toBe('2021-02-01');
    expect(summary.periods).toBe(12);
    // Table ends at G (RAG); one blank column, then K... wait: HEADER has 9 columns (A..I), so K.
    expect(rangeA1(t.area)).toBe('K1:V7');
    expect(t.headerRow).toBe(2);
    expect(t.cells[0].map((c) => c.value)).toEqual([
      '2020',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      '2021',
      null,
    ]);
  });

  it('header cells hold real dates of each period’s first day, formatted for reading', () => {
    const header = t.cells[1];
    expect(header.map((c) => isoOf(dayFromSerial(c.value as number, false)!))).toEqual([
      '2020-03-01',
      '2020-04-01',
      '2020-05-01',
      '2020-06-01',
      '2020-07-01',
      '2020-08-01',
      '2020-09-01',
      '2020-10-01',
      '2020-11-01',
      '2020-12-01',
      '2021-01-01',
      '2021-02-01',
    ]);
    expect(edits.styles[header[0].style]).toMatchObject({ numFmt: 'mmm-yy', bold: true });
  });

  it('fills exactly the periods a task overlaps, in its status colour', () => {
    expect(filled(edits, 3)).toEqual([
      [0, RAG_COLOURS.green.bar],
      [1, RAG_COLOURS.green.bar],
      [2, RAG_COLOURS.green.bar],
    ]);
    expect(filled(edits, 5)).toEqual([6, 7, 8, 9].map((i) => [i, RAG_COLOURS['amber-red'].bar]));
    expect(filled(edits, 7)).toEqual([[11, NO_STATUS_BAR]]);
  });

  it('marks a milestone in its period', () => {
    const row = t.cells[4 - t.area.top];
    expect(row.filter((c) => c.value !== null && c.value !== OVERFLOW_STOP)).toHaveLength(1);
    expect(row[7].value).toBe(MILESTONE_MARKER);
    // The diamond itself in the status colour, large, readable on the white cell (3:1 at least).
    const style = edits.styles[row[7].style];
    expect(style).toMatchObject({ bold: true, fontSize: 14 });
    expect(style.fill).toBeUndefined();
    expect(contrastRatio(style.fontColor!, 'FFFFFF')).toBeGreaterThanOrEqual(3);
    expect(style.fontColor).toBe(RAG_COLOURS.complete.bar);
    expect(summary.bars).toBe(3);
    expect(summary.milestones).toBe(1);
  });

  it('marks a row whose dates cannot be drawn, in its first timeline cell, and lists it', () => {
    const row = t.cells[6 - t.area.top];
    expect(row[0].value).toBe(`${NOT_DRAWN_MARKER} No bar: the start date (E6) is not a real date`);
    expect(edits.styles[row[0].style]).toMatchObject({ pattern: 'lightUp', bold: true });
    expect(row.slice(1).filter((c) => c.value !== null)).toEqual([]);
    expect(filled(edits, 6)).toEqual([[0, edits.styles[row[0].style].fill]]);
    expect(summary.notDrawn).toEqual([
      { row: 6, cell: 'E6', reason: 'the start date (E6) is not a real date' },
    ]);
    expect(summary.errorRows).toBe(1);
  });

  it('stops text left of the timeline running over it: every row’s first cell holds something', () => {
    for (let r = 0; r < t.cells.length; r++) expect(t.cells[r][0].value, `row ${r}`).not.toBeNull();
    expect(t.cells[3 - t.area.top][0].value).toBe(OVERFLOW_STOP);
    expect(OVERFLOW_STOP.trim()).toBe('');
  });

  it('marks the report date’s period with a border on every row, keeping bars', () => {
    // 13 Nov 2020 is in the ninth period (Nov-20, index 8).
    for (let r = 1; r < t.cells.length; r++) {
      const style = edits.styles[t.cells[r][8].style];
      expect(style.borderLeft).toBe(REPORT_DATE_COLOUR);
      expect(style.borderRight).toBe(REPORT_DATE_COLOUR);
    }
    expect(edits.styles[t.cells[5 - 1][8].style].fill).toBe(RAG_COLOURS['amber-red'].bar);
  });

  it('colours every recognised status, rows with errors included, and can normalise the text', () => {
    expect(edits.ragCells.map((r) => [r.row, r.status, r.fill])).toEqual([
      [3, 'green', RAG_COLOURS.green.fill],
      [4, 'complete', RAG_COLOURS.complete.fill],
      [5, 'amber-red', RAG_COLOURS['amber-red'].fill],
      [6, 'red', RAG_COLOURS.red.fill],
      [7, null, null],
    ]);
    const v = validateWorkbook(wb, { reportDate: REPORT });
    if (!v.ok) throw new Error();
    const normalised = syncPlan(wb, v.plan, v.findings, { reportDate: REPORT, normaliseRag: true });
    expect(normalised.edits.ragCells.filter((r) => r.normalisedText)).toEqual([
      expect.objectContaining({ row: 5, normalisedText: 'Amber/Red' }),
    ]);
  });

  it('freezes panes below the header and right of the task column', () => {
    expect(edits.freeze).toEqual({ row: 3, col: 4 });
  });

  it('chooses weeks for short plans and quarters for long ones', () => {
    const short = workbook([
      sheet('Plan', [HEADER, [1, 'W', 'T', 'L', d('2020-03-04'), d('2020-04-20'), 'G']]),
    ]);
    const s = run(short);
    expect(s.summary.scale).toBe('week');
    expect(s.summary.firstPeriod).toBe('2020-03-02');
    // No band row above a header on row 1: day and month, never rotated, in a wide column.
    const header = s.edits.styles[timelineRows(s.edits.timeline!)[0][0].style];
    expect(header).toMatchObject({ numFmt: 'dd-mmm' });
    expect(header.rotation).toBeUndefined();
    expect(s.edits.timeline!.columnWidth).toBeGreaterThan(7);
    // Under a month band: the day alone, in a narrow column.
    const banded = run(
      workbook([
        sheet('Plan', [
          ['Plan'],
          HEADER,
          [1, 'W', 'T', 'L', d('2020-03-04'), d('2020-04-20'), 'G'],
        ]),
      ]),
    );
    const rows = timelineRows(banded.edits.timeline!);
    expect(rows[0].filter((c) => c.value !== null).map((c) => c.value)).toEqual([
      'Mar 2020',
      'Apr 2020',
    ]);
    expect(banded.edits.styles[rows[1][0].style]).toMatchObject({ numFmt: 'dd' });
    expect(banded.edits.styles[rows[1][0].style].rotation).toBeUndefined();
    expect(banded.edits.timeline!.columnWidth).toBeLessThan(4);
    const long = workbook([
      sheet('Plan', [HEADER, [1, 'W', 'T', 'L', d('2020-03-04'), d('2025-04-20'), 'G']]),
    ]);
    expect(run(long).summary.scale).toBe('quarter');
    expect(run(long, 'month').summary.periods).toBe(62);
  });

  it('replaces its previous timeline, even when the plan shrinks', () => {
    const previous = { top: 1, left: 11, bottom: 9, right: 30 };
    const again = workbook(
      [sheet('Plan', rows)],
      [{ name: 'PlanSync_Timeline', ref: absoluteRef('Plan', previous), hidden: true }],
    );
    const r = run(again);
    expect(rangeA1(r.edits.timeline!.area)).toBe('K1:V7');
    expect(r.edits.clear.map(rangeA1)).toEqual(['K8:AD9', 'W1:AD7']);
  });

  it('keeps the timeline where it was when the user adds a column inside the gap', () => {
    const withNote = rows.map((r, i) => (i === 2 ? [...r, null, null, 'note'] : r));
    const previous = { top: 1, left: 11, bottom: 7, right: 22 };
    const wb2 = workbook(
      [sheet('Plan', withNote)],
      [{ name: 'PlanSync_Timeline', ref: `Plan!$K$1:$V$7` }],
    );
    expect(rangeA1(run(wb2).edits.timeline!.area)).toBe(rangeA1(previous));
  });

  it('never overwrites a cell the user typed in the timeline area', () => {
    const typed = rows.map((r, i) =>
      i === 4 ? [...r, null, null, null, null, null, null, null, 'my note'] : r,
    );
    const wb3 = workbook(
      [sheet('Plan', typed)],
      [{ name: 'PlanSync_Timeline', ref: `Plan!$K$1:$V$7` }],
    );
    const r = run(wb3);
    expect(r.edits.timeline).toBeNull();
    expect(r.findings).toEqual([
      expect.objectContaining({ rule: 'timeline-blocked', severity: 'error', cell: 'O5' }),
    ]);
    // Nothing at all is applied: no RAG colour either, so no half-synced, stale timeline.
    expect(r.refusal?.reason).toBe(
      'The timeline needs cell O5, which holds your data: move or clear it, then try again; nothing was changed.',
    );
    expect(r.edits.ragCells).toEqual([]);
    expect(r.edits.clear).toEqual([]);
    expect(r.edits.freeze).toBeNull();
  });

  it('drops the band row under a merged title, and starts after cells merged in the table', () => {
    const title = workbook([
      sheet('Plan', rows, { merges: [{ top: 1, left: 1, bottom: 1, right: 12 }] }),
    ]);
    expect(rangeA1(run(title).edits.timeline!.area)).toBe('K2:V7');
    const inTable = workbook([
      sheet('Plan', rows, { merges: [{ top: 3, left: 3, bottom: 3, right: 12 }] }),
    ]);
    expect(rangeA1(run(inTable).edits.timeline!.area)).toBe('N1:Y7');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run(wb))).toBe(JSON.stringify(run(wb)));
  });
});

describe('rows with errors', () => {
  const plan: Input[][] = [
    ['Plan'],
    [...HEADER, 'Comments'],
    [1, 'Gov', 'Depends on a typo', 'TB', d('2020-10-01'), d('2020-10-20'), 'Red', null, '9x'],
    [2, 'Gov', 'Unknown status', 'TB', d('2020-10-05'), d('2020-11-20'), 'Purple'],
    [2, 'Gov', 'Duplicate ID, bad progress', 'TB', d('2020-10-12'), d('2020-10-30'), 'A', 'lots'],
    [4, 'Gov', 'Impossible end', 'TB', d('2020-10-01'), '31/11/2020', 'Red'],
    [5, 'Gov', 'Ends before it starts', 'TB', d('2020-11-10'), d('2020-11-02'), 'Green'],
    [6, 'Gov', 'No dates yet', 'TB', null, null, 'Not started', null, null, 'a long note'],
  ];
  const r = run(workbook([sheet('Plan', plan)]), 'month');
  const rows = timelineRows(r.edits.timeline!);
  const top = r.edits.timeline!.area.top;

  it('draws every bar whose own dates are valid, whatever else is wrong on the row', () => {
    expect(r.summary.errorRows).toBe(5);
    expect(filled(r.edits, 3).map(([, f]) => f)).toEqual([RAG_COLOURS.red.bar]);
    expect(filled(r.edits, 4).map(([, f]) => f)).toEqual([NO_STATUS_BAR, NO_STATUS_BAR]);
    expect(filled(r.edits, 5).map(([, f]) => f)).toEqual([RAG_COLOURS.amber.bar]);
    expect(r.summary.bars).toBe(3);
  });

  it('colours every recognised status on rows with errors', () => {
    expect(r.edits.ragCells.map((c) => [c.row, c.status])).toEqual([
      [3, 'red'],
      [4, null],
      [5, 'amber'],
      [6, 'red'],
      [7, 'green'],
      [8, 'not-started'],
    ]);
  });

  it('marks each row that cannot be drawn with the reason and the cell to correct', () => {
    const marks = [6, 7, 8].map((row) => rows[row - top][0].value);
    expect(marks).toEqual([
      '⚠ No bar: the end date (F6) is not a real date',
      '⚠ No bar: it ends (F7) before it starts (E7)',
      '⚠ No bar: no start or end date',
    ]);
    expect(r.summary.notDrawn.map((n) => [n.row, n.cell])).toEqual([
      [6, 'F6'],
      [7, 'F7'],
      [8, 'E8'],
    ]);
    const style = r.edits.styles[rows[6 - top][0].style];
    expect(style).toMatchObject({ pattern: 'lightUp', fontColor: '4D4200' });
    expect(contrastRatio(style.fill!, style.fontColor!)).toBeGreaterThanOrEqual(4.5);
  });

  it('handles a plan of 150,000 tasks (no argument-spread limits)', () => {
    const big: Input[][] = [HEADER];
    for (let i = 0; i < 150_000; i++)
      big.push([
        i + 1,
        'W',
        'T',
        'L',
        d('2020-01-06'),
        d(i % 2 ? '2020-03-20' : '2020-02-14'),
        'G',
      ]);
    const result = run(workbook([sheet('Plan', big)]), 'month');
    expect(result.summary.bars).toBe(150_000);
    expect(result.summary.periods).toBe(3);
  });
});

describe('a timeline that would not fit in Excel’s grid', () => {
  const far = (end: Input, settings: Input[][] = []) =>
    run(
      workbook([
        sheet('Plan', [
          HEADER,
          [1, 'Gov', 'Start', 'TB', d('2020-10-01'), d('2020-10-20'), 'G'],
          [2, 'Gov', 'Far', 'TB', d('2020-10-05'), end, 'G'],
          [3, 'Gov', 'Middle', 'TB', d('2020-11-05'), d('2020-12-20'), 'G'],
        ]),
        ...(settings.length ? [sheet('Settings', settings)] : []),
      ]),
      'week',
    );

  it('is refused with an error at the date that stretches it, and nothing planned', () => {
    const r = far(d('9999-12-31'));
    expect(r.refusal).not.toBeNull();
    expect(r.findings).toEqual([
      expect.objectContaining({ rule: 'timeline-too-wide', severity: 'error', cell: 'F3', row: 3 }),
    ]);
    expect(r.refusal!.reason).toBe(
      'Task 2 "Far" ends on 31 Dec 9999: a weekly timeline from 1 Oct 2020 to 31 Dec 9999 needs 416,338 columns, more than fit before Excel\'s last column (XFD). Correct the date in F3; nothing was changed.',
    );
    expect(r.edits).toMatchObject({ timeline: null, ragCells: [], clear: [], freeze: null });
  });

  it('suggests the coarser scales that would fit', () => {
    expect(far(d('2400-01-01')).refusal!.reason).toContain(
      'Correct the date in F3, or choose a coarser timeline scale (month or quarter)',
    );
  });

  it('names the Settings sheet when its timeline end stretches it', () => {
    const r = far(d('2020-12-01'), [['Timeline end', d('9000-01-01')]]);
    expect(r.findings).toEqual([
      expect.objectContaining({ rule: 'timeline-too-wide', sheet: 'Settings' }),
    ]);
    expect(r.refusal!.reason).toMatch(/^The Settings sheet's Timeline end is 1 Jan 9000: /);
  });

  it('fits right up to column XFD', () => {
    // 16,384 columns less the table (A..I) and the gap (J) leave 16,374 weeks from K to XFD.
    const start = dayFromYMD(2020, 9, 28)!;
    const endOf = (weeks: number) => isoOf(start + weeks * 7 - 1);
    const fits = far(d(endOf(16_374)));
    expect(fits.refusal).toBeNull();
    expect(rangeA1(fits.edits.timeline!.area)).toBe('K1:XFD4');
    expect(far(d(endOf(16_375))).refusal).not.toBeNull();
  });
});

describe('a timeline with nothing left to draw', () => {
  it('clears the previous timeline rather than leave bars that are no longer true', () => {
    const r = run(
      workbook(
        [sheet('Plan', [HEADER, [1, 'Gov', 'T', 'TB', null, null, 'G']])],
        [{ name: 'PlanSync_Timeline', ref: 'Plan!$K$1:$V$2', hidden: true }],
      ),
    );
    expect(r.refusal).toBeNull();
    expect(r.edits.timeline).toBeNull();
    expect(r.edits.clear.map(rangeA1)).toEqual(['K1:V2']);
    expect(r.summary.notDrawn).toEqual([{ row: 2, cell: 'E2', reason: 'no start or end date' }]);
  });
});

describe('subtract', () => {
  it('returns the parts of a range outside another', () => {
    const a = { top: 1, left: 1, bottom: 10, right: 10 };
    expect(subtract(a, { top: 20, left: 20, bottom: 30, right: 30 })).toEqual([a]);
    expect(subtract(a, a)).toEqual([]);
    expect(subtract(a, { top: 3, left: 3, bottom: 5, right: 5 }).map(rangeA1)).toEqual([
      'A1:J2',
      'A6:J10',
      'A3:B5',
      'F3:J5',
    ]);
  });
});
