import { describe, expect, it } from 'vitest';
import { rangeA1, type WorkbookData } from '../../core/cells.js';
import { dayFromYMD } from '../../core/dates.js';
import { NO_STATUS_BAR, RAG_COLOURS, REPORT_DATE_COLOUR } from '../../core/rag.js';
import { MILESTONE_MARKER, NOT_DRAWN_MARKER, timelineRows } from '../../core/sync/edits.js';
import { syncPlan } from '../../core/sync/plan-sync.js';
import { BASELINE_BORDER, KEY_COLUMNS } from '../../core/sync/timeline-key.js';
import { validateWorkbook } from '../../core/validate.js';
import { d, sheet, workbook, type Input } from './build.js';

const REPORT = dayFromYMD(2020, 11, 13)!;
const HEADER = [
  'ID',
  'Workstream',
  'Task',
  'Start',
  'End',
  'RAG',
  'Original start',
  'Original end',
];
const rows: Input[][] = [
  ['Programme plan'],
  HEADER,
  [
    1,
    'Gov',
    'Write paper',
    d('2020-03-15'),
    d('2020-05-01'),
    'Green',
    d('2020-02-03'),
    d('2020-03-20'),
  ],
  [2, 'Gov', 'Decision', d('2020-10-01'), d('2020-10-01'), 'Complete'],
  [3, 'Fin', 'Budgets', d('2020-09-30'), d('2020-12-31'), 'A/R'],
  [4, 'Fin', 'Broken', '31/11/2020', d('2020-12-31'), 'Red'],
  [5, 'IT', 'No status', d('2021-01-04'), d('2021-01-29'), null],
];

function run(wb: WorkbookData, key = true) {
  const v = validateWorkbook(wb, { reportDate: REPORT });
  if (!v.ok) throw new Error(v.reason);
  return syncPlan(wb, v.plan, v.findings, { reportDate: REPORT, key });
}

describe('the timeline key, report-date label and baselines in the workbook', () => {
  const wb = workbook([sheet('Plan', rows)]);
  const { edits, summary } = run(wb);
  const t = edits.timeline!;
  const cells = timelineRows(t);
  const periods = summary.periods;
  const swatch = periods + 1;
  const style = (r: number, c: number) => edits.styles[cells[r][c].style] ?? {};

  it('puts the key right of the periods, one blank column between, inside the owned area', () => {
    // Periods Mar 2020 to Jan 2021 (J..T), then the key's five columns; rows to the last entry.
    expect(summary.timelineRange).toBe('J1:T7');
    expect(rangeA1(t.area)).toBe('J1:Y10');
    expect(t.width).toBe(periods + KEY_COLUMNS);
    expect(cells.every((row) => row[periods].value === null || row[periods].value === ' ')).toBe(
      true,
    );
    const header = 1; // row 2
    expect(cells[header][swatch].value).toBe('Key');
    const entries = cells
      .slice(header + 1)
      .map((row) => [row[swatch].value, row[swatch + 1].value]);
    // Only statuses with a bar or milestone: the Red row cannot be drawn.
    expect(entries).toEqual([
      [null, 'Amber/Red'],
      [null, 'Green'],
      [null, 'Complete'],
      [null, 'No status'],
      [MILESTONE_MARKER, 'Milestone'],
      [null, 'Baseline (original dates)'],
      [null, 'Report date 13 Nov 2020'],
      [NOT_DRAWN_MARKER, 'Cannot be drawn (see the row)'],
    ]);
  });

  it('gives each swatch the look it explains', () => {
    const at = (label: string) => cells.findIndex((row) => row[swatch + 1].value === label);
    expect(style(at('Amber/Red'), swatch).fill).toBe(RAG_COLOURS['amber-red'].bar);
    expect(style(at('No status'), swatch).fill).toBe(NO_STATUS_BAR);
    expect(style(at('Milestone'), swatch)).toMatchObject({ fontSize: 14, bold: true });
    expect(style(at('Baseline (original dates)'), swatch)).toMatchObject({
      borderBottom: BASELINE_BORDER,
      borderBottomThick: true,
    });
    expect(style(at('Report date 13 Nov 2020'), swatch)).toMatchObject({
      borderLeft: REPORT_DATE_COLOUR,
      borderRight: REPORT_DATE_COLOUR,
    });
    expect(style(at('Cannot be drawn (see the row)'), swatch)).toMatchObject({
      pattern: 'lightUp',
    });
  });

  it('labels the report date in the band above its period', () => {
    // Nov 2020 is the ninth period (index 8) from Mar 2020.
    expect(cells[0][8].value).toBe('Report date 13 Nov 2020');
    expect(style(0, 8)).toMatchObject({ bold: true, fontColor: REPORT_DATE_COLOUR });
    expect(cells[0][0].value).toBe('2020');
    expect(cells[0][10].value).toBe('2021');
  });

  it('shows baseline periods as a thick dark bottom border without hiding the bar', () => {
    const row = cells[3 - t.area.top];
    const bordered = row
      .slice(0, periods)
      .map((c, i) => [i, edits.styles[c.style]?.borderBottomThick === true] as const)
      .filter(([, b]) => b)
      .map(([i]) => i);
    // Baseline 3 Feb to 20 Mar 2020: its March period (February is before the timeline starts).
    expect(bordered).toEqual([0]);
    expect(edits.styles[row[0].style]).toMatchObject({
      fill: RAG_COLOURS.green.bar,
      borderBottom: BASELINE_BORDER,
    });
    // No other row has a baseline.
    for (const r of [4, 5, 6, 7])
      expect(cells[r - t.area.top].some((c) => edits.styles[c.style]?.borderBottomThick)).toBe(
        false,
      );
  });

  it('is left out when the host does not ask for it, and then the timeline is as before', () => {
    const plain = run(wb, false);
    expect(rangeA1(plain.edits.timeline!.area)).toBe('J1:T7');
    expect(timelineRows(plain.edits.timeline!)[0][8].value).toBeNull();
  });

  it('re-runs over its own key and label without finding them in the way', () => {
    const area = t.area;
    const grid: Input[][] = rows.map((r) => [...r]);
    for (let r = 0; r < cells.length; r++) {
      const row = (grid[area.top - 1 + r] ??= []);
      for (let c = 0; c < t.width; c++) {
        const v = cells[r][c].value;
        if (v !== null) row[area.left - 1 + c] = v;
      }
    }
    const again = workbook(
      [sheet('Plan', grid)],
      [{ name: 'PlanSync_Timeline', ref: 'Plan!$J$1:$Y$10', hidden: true }],
    );
    const second = run(again);
    expect(second.refusal).toBeNull();
    expect(rangeA1(second.edits.timeline!.area)).toBe('J1:Y10');
    expect(second.edits.clear).toEqual([]);
  });
});
