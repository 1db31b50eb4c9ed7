import { describe, expect, it } from 'vitest';
import { absoluteRef, rangeA1, type WorkbookData } from '../../core/cells.js';
import { dayFromSerial, dayFromYMD, isoOf } from '../../core/dates.js';
import { RAG_COLOURS, NO_STATUS_BAR, REPORT_DATE_COLOUR } from '../../core/rag.js';
import { MILESTONE_MARKER, timelineRows, type SyncEdits } from '../../core/sync/edits.js';
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

  it('marks a milestone in its period and skips rows with errors', () => {
    const row = t.cells[4 - t.area.top];
    expect(row.filter((c) => c.value !== null)).toHaveLength(1);
    expect(row[7].value).toBe(MILESTONE_MARKER);
    expect(edits.styles[row[7].style]).toMatchObject({
      fill: RAG_COLOURS.complete.fill,
      fontColor: RAG_COLOURS.complete.text,
    });
    expect(filled(edits, 6)).toEqual([[8, undefined]].filter(() => false));
    expect(summary.skippedRows).toEqual([6]);
    expect(summary.bars).toBe(3);
    expect(summary.milestones).toBe(1);
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

  it('colours RAG cells of rows without errors, and can normalise their text', () => {
    expect(edits.ragCells.map((r) => [r.row, r.status, r.fill])).toEqual([
      [3, 'green', RAG_COLOURS.green.fill],
      [4, 'complete', RAG_COLOURS.complete.fill],
      [5, 'amber-red', RAG_COLOURS['amber-red'].fill],
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
    expect(s.edits.styles[timelineRows(s.edits.timeline!)[0][0].style]).toMatchObject({
      rotation: 90,
    });
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
