import { describe, expect, it } from 'vitest';
import { dayFromYMD } from '../../../core/dates.js';
import { readPlan } from '../../../core/plan/read.js';
import { buildHighlightReport } from '../../../core/report/build.js';
import { highlightSheet, historySheet } from '../../../core/report/layout.js';
import { d, sheet, workbook, type Input } from '../build.js';

const HEAD = ['ID', 'Workstream', 'Task', 'Start', 'End', 'RAG'];

function sheetOf(rows: Input[][], settings: Input[][] = []) {
  const read = readPlan(
    workbook([
      sheet('Plan', [HEAD, ...rows]),
      ...(settings.length ? [sheet('Settings', settings)] : []),
    ]),
  );
  if (!read.ok) throw new Error(read.reason);
  const report = buildHighlightReport({ plan: read.plan, reportDate: dayFromYMD(2020, 11, 13)! });
  return { report, layout: highlightSheet(report, false) };
}

function texts(layout: ReturnType<typeof highlightSheet>): string[] {
  return [...layout.block.values.values()].filter((v): v is string => typeof v === 'string');
}

describe('the Highlight report layout', () => {
  it('lists at most 25 overdue tasks in a cell and counts the rest', () => {
    const rows: Input[][] = [];
    for (let i = 1; i <= 3000; i++)
      rows.push([`1.${i}`, 'Build', `Task ${i}`, d('2020-01-01'), d('2020-02-01'), 'Amber']);
    const { report, layout } = sheetOf(rows);
    expect(report.workstreams[0].overdue).toHaveLength(3000);
    const overdue = texts(layout).find((t) => t.startsWith('1.1 Task 1 (due'))!;
    expect(overdue.split('\n')).toHaveLength(26);
    expect(overdue.split('\n')[25]).toBe('… and 2975 more.');
    for (const t of texts(layout)) expect(t.length).toBeLessThanOrEqual(32_767);
  });

  it("shows the three-point scale's statuses and says how it maps the others", () => {
    const { layout } = sheetOf(
      [['1', 'Build', 'Task', d('2020-11-01'), d('2020-12-01'), 'Amber/Red']],
      [['RAG scale', 'three-point']],
    );
    const all = texts(layout);
    expect(all).not.toContain('Amber/Red');
    expect(all).toContain('Three-point scale: Amber/Green and Amber/Red are reported as Amber.');
    expect(
      all.filter((t) => ['Red', 'Amber', 'Green', 'Complete', 'Not started'].includes(t)).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('starts a printed page at each workstream and merges each text across the page', () => {
    const { layout } = sheetOf([
      ['1', 'Build', 'Task', d('2020-11-01'), d('2020-12-01'), 'Green'],
      ['2', 'Test', 'Task', d('2020-11-01'), d('2020-12-01'), 'Green'],
    ]);
    expect(layout.pageBreaks).toHaveLength(2);
    expect(layout.landscape).toBe(true);
    for (const m of layout.merges) expect(m.right).toBeLessThanOrEqual(10);
  });

  it('writes history dates as serials and progress as a fraction', () => {
    const h = historySheet(
      [
        {
          date: dayFromYMD(2020, 11, 13)!,
          level: 'task',
          key: '1.10',
          name: 'T',
          rag: 'Amber',
          computed: null,
          start: null,
          end: null,
          progress: 45,
        },
      ],
      false,
    );
    expect(h.block.values.get(9)).toBe(44148);
    expect(h.block.values.get(11)).toBe('1.10');
    expect(h.block.values.get(17)).toBe(0.45);
    expect(h.freezeRow).toBe(1);
  });
});
