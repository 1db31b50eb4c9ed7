import { describe, expect, it } from 'vitest';
import type { WorkbookData } from '../../core/cells.js';
import { addDays, dayFromYMD, isoOf } from '../../core/dates.js';
import {
  axisX,
  dayWidth,
  layoutBoard,
  outlineFor,
  type BoardOptions,
} from '../../core/board/layout.js';
import { MIN_FONT_SIZE, type Shape } from '../../core/board/drawing.js';
import { fitText, textWidth, wrapText } from '../../core/board/text.js';
import { contrastRatio, NO_STATUS_BAR, RAG_COLOURS, RAG_STATUSES } from '../../core/rag.js';
import { validateWorkbook } from '../../core/validate.js';
import { d, sheet, workbook, type Input } from './build.js';

const REPORT = dayFromYMD(2020, 11, 13)!;
const day = (iso: string) => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromYMD(y, m, dd)!;
};

const HEADER = [
  'ID',
  'Workstream',
  'Task',
  'Start',
  'End',
  'RAG',
  'Baseline start',
  'Baseline end',
];
const rows: Input[][] = [
  ['Board timeline test plan'],
  HEADER,
  [
    1,
    'Governance',
    'Write Cabinet paper',
    d('2020-03-15'),
    d('2020-05-01'),
    'Green',
    d('2020-03-01'),
    d('2020-04-10'),
  ],
  [2, 'Governance', 'Cabinet decision', d('2020-10-01'), d('2020-10-01'), 'Complete'],
  [3, 'Finance', 'Realign budgets', d('2020-09-30'), d('2020-12-31'), 'A/R'],
  [4, 'Finance', 'Broken task', '31/11/2020', d('2020-12-31'), 'Red'],
  [5, 'IT', 'No status yet', d('2021-02-01'), d('2021-02-28'), null],
  [6, 'IT', 'Go live', null, d('2021-03-31'), 'Amber'],
];

function plan(wb: WorkbookData) {
  const v = validateWorkbook(wb, { reportDate: REPORT });
  if (!v.ok) throw new Error(v.reason);
  return v.plan;
}

function layout(wb: WorkbookData, options: Partial<BoardOptions> = {}) {
  return layoutBoard(plan(wb), { reportDate: REPORT, ...options });
}

const all = (shapes: Shape[], role: Shape['role']) => shapes.filter((s) => s.role === role);
const texts = (shapes: Shape[]) => shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));

describe('layoutBoard', () => {
  const wb = workbook([sheet('Plan', rows)]);
  const { document, summary, axis } = layout(wb);
  const page = document.pages[0];

  it('puts every bar from the left of its start day to the right of its end day on one linear axis', () => {
    const bars = all(page.shapes, 'bar');
    expect(bars.map((b) => b.data?.['task-id'])).toEqual(['1', '3', '5']);
    for (const bar of bars) {
      if (bar.kind !== 'rect') throw new Error('a bar is a rectangle');
      const start = day(bar.data!.start);
      const end = day(bar.data!.end);
      expect(Math.abs(bar.x - axisX(axis, start))).toBeLessThan(0.01);
      expect(Math.abs(bar.x + bar.w - axisX(axis, end + 1))).toBeLessThan(0.01);
      // Linear: the width is the number of days times one day's width.
      expect(bar.w / (end - start + 1)).toBeCloseTo(dayWidth(axis), 6);
    }
    const first = bars[0] as Extract<Shape, { kind: 'rect' }>;
    expect(first.data).toMatchObject({ start: '2020-03-15', end: '2020-05-01', status: 'Green' });
    expect(first.fill).toBe(RAG_COLOURS.green.bar);
  });

  it('snaps the axis to whole periods around the plan and picks a scale that labels every period', () => {
    expect(summary.scale).toBe('month');
    expect(summary.from).toBe('2020-03-01');
    expect(summary.to).toBe('2021-03-31');
    expect(isoOf(axis.from)).toBe('2020-03-01');
    const ticks = all(page.shapes, 'grid').flatMap((s) => (s.data?.tick ? [s.data.tick] : []));
    expect(ticks[0]).toBe('2020-03-01');
    expect(ticks).toHaveLength(13);
    for (const t of all(page.shapes, 'grid')) {
      if (t.kind !== 'line' || !t.data?.tick) continue;
      expect(Math.abs(t.x1 - axisX(axis, day(t.data.tick)))).toBeLessThan(0.01);
    }
    expect(texts(page.shapes)).toEqual(
      expect.arrayContaining(['2020', '2021', 'Mar', 'Nov', 'Jan']),
    );
  });

  it('draws milestones as diamonds in their status colour on the middle of their day, with the date', () => {
    const diamonds = all(page.shapes, 'milestone').filter((s) => s.kind === 'diamond');
    expect(diamonds.map((m) => [m.data?.['task-id'], m.data?.date])).toEqual([
      ['2', '2020-10-01'],
      ['6', '2021-03-31'],
    ]);
    const m = diamonds[0] as Extract<Shape, { kind: 'diamond' }>;
    expect(m.fill).toBe(RAG_COLOURS.complete.bar);
    expect(Math.abs(m.cx - axisX(axis, day('2020-10-01') + 0.5))).toBeLessThan(0.01);
    expect(texts(page.shapes)).toEqual(expect.arrayContaining(['1 Oct', '31 Mar']));
    expect(summary.milestones).toBe(2);
  });

  it('shows the baseline as a thin bar under the current one and lists it in the key', () => {
    const [base] = all(page.shapes, 'baseline');
    const [bar] = all(page.shapes, 'bar');
    if (base.kind !== 'rect' || bar.kind !== 'rect') throw new Error('rectangles');
    expect(base.data).toMatchObject({
      'task-id': '1',
      'baseline-start': '2020-03-01',
      'baseline-end': '2020-04-10',
    });
    expect(Math.abs(base.x - axisX(axis, day('2020-03-01')))).toBeLessThan(0.01);
    expect(Math.abs(base.x + base.w - axisX(axis, day('2020-04-11')))).toBeLessThan(0.01);
    expect(base.h).toBeLessThan(bar.h / 2);
    expect(base.y).toBeGreaterThanOrEqual(bar.y + bar.h);
    expect(texts(page.shapes)).toContain('Baseline (original dates)');
  });

  it('marks the report date with a labelled line', () => {
    const [line] = all(page.shapes, 'report-date').filter((s) => s.kind === 'line');
    if (line.kind !== 'line') throw new Error('line');
    expect(line.data).toEqual({ 'report-date': '2020-11-13' });
    expect(Math.abs(line.x1 - axisX(axis, REPORT + 0.5))).toBeLessThan(0.01);
    expect(texts(page.shapes)).toContain('Report date 13 Nov 2020');
  });

  it('lists a row that cannot be drawn in its place with the reason, and in the summary', () => {
    expect(summary.notDrawn).toEqual([
      { row: 6, id: '4', name: 'Broken task', reason: 'the start date is not a real date' },
    ]);
    expect(texts(page.shapes)).toContain('⚠ Not drawn: the start date is not a real date');
    expect(
      all(page.shapes, 'not-drawn').some((s) => s.kind === 'rect' && s.data?.row === '6'),
    ).toBe(true);
  });

  it('groups rows in labelled swimlanes in plan order, with the status written beside each task', () => {
    expect(summary.workstreams).toEqual(['Governance', 'Finance', 'IT']);
    const t = texts(page.shapes);
    for (const w of ['Governance', 'Finance', 'IT']) expect(t).toContain(w);
    expect(t).toEqual(
      expect.arrayContaining(['Green', 'Complete', 'Amber/Red', 'No status', 'Amber']),
    );
    const names = page.shapes.filter((s) => s.kind === 'text' && s.data?.['task-id']);
    expect(names.map((s) => (s.kind === 'text' ? s.text : ''))).toEqual([
      '1 Write Cabinet paper',
      '2 Cabinet decision',
      '3 Realign budgets',
      '4 Broken task',
      '5 No status yet',
      '6 Go live',
    ]);
  });

  it('has a key of exactly what appears', () => {
    const key = texts(all(page.shapes, 'legend'));
    expect(key).toEqual([
      'Key:',
      'Amber/Red',
      'Amber',
      'Green',
      'Complete',
      'No status',
      'Milestone (date beside it)',
      'Baseline (original dates)',
      'Report date 13 Nov 2020',
      'Not drawn (reason given)',
    ]);
  });

  it('never sets text below 9 pt and keeps every shape on the page', () => {
    for (const s of page.shapes) {
      if (s.kind === 'text') expect(s.size).toBeGreaterThanOrEqual(MIN_FONT_SIZE);
      if (s.kind === 'rect') {
        expect(s.x).toBeGreaterThanOrEqual(0);
        expect(s.x + s.w).toBeLessThanOrEqual(page.width + 0.01);
        expect(s.y + s.h).toBeLessThanOrEqual(page.height + 0.01);
      }
      if (s.kind === 'text' && s.anchor === 'start')
        expect(s.x + textWidth(s.text, s.size, s.bold)).toBeLessThanOrEqual(page.width);
    }
  });

  it('gives every bar, milestone and key symbol an outline at 3:1 against the white page', () => {
    for (const s of [...RAG_STATUSES.map((k) => RAG_COLOURS[k].bar), NO_STATUS_BAR])
      expect(contrastRatio(outlineFor(s), 'FFFFFF')).toBeGreaterThanOrEqual(3);
    for (const s of page.shapes)
      if ((s.role === 'bar' || s.role === 'milestone') && s.kind !== 'text' && s.kind !== 'line')
        expect(contrastRatio(s.stroke!, 'FFFFFF')).toBeGreaterThanOrEqual(3);
  });

  it('uses the programme name as the title, and the title given instead when asked', () => {
    const named = workbook([
      sheet('Plan', rows),
      sheet('Settings', [['Programme name', 'LGSS Transition']]),
    ]);
    expect(layout(named).document.title).toBe('LGSS Transition');
    expect(texts(layout(named).document.pages[0].shapes)).toContain('As at 13 Nov 2020');
    const titled = layout(named, { title: 'Board pack' }).document;
    expect(titled.title).toBe('Board pack');
    expect(texts(titled.pages[0].shapes)).toContain('As at 13 Nov 2020 · LGSS Transition');
  });
});

describe('layoutBoard paging and options', () => {
  const big: Input[][] = [HEADER];
  for (let i = 1; i <= 60; i++)
    big.push([
      i,
      i <= 30 ? 'Alpha' : 'Beta',
      `Task number ${i}`,
      d('2021-01-04'),
      d('2021-03-26'),
      'Green',
    ]);
  const wb = workbook([sheet('Plan', big)]);

  it('continues on further pages of at most 25 rows, repeating the axis and the lane label', () => {
    const { document, summary } = layout(wb);
    expect(summary.pages).toBe(3);
    expect(document.pages.map((p) => all(p.shapes, 'bar').length)).toEqual([25, 25, 10]);
    for (const [i, p] of document.pages.entries()) {
      const t = texts(p.shapes);
      expect(t).toContain(`Page ${i + 1} of 3`);
      expect(t).toEqual(expect.arrayContaining(['2021', 'Task', 'Status']));
    }
    expect(texts(document.pages[1].shapes)).toContain('Alpha (cont.)');
    expect(texts(document.pages[1].shapes)).toContain('Beta');
    expect(texts(document.pages[2].shapes)).toContain('Beta (cont.)');
  });

  it('uses weeks for a short plan and quarters when months would not be labelled', () => {
    expect(layout(wb).summary.scale).toBe('week');
    expect(texts(layout(wb).document.pages[0].shapes)).toContain('04');
    expect(layout(wb, { scale: 'quarter' }).summary).toMatchObject({
      scale: 'quarter',
      from: '2021-01-01',
      to: '2021-03-31',
    });
    const long = workbook([
      sheet('Plan', [HEADER, [1, 'A', 'Long', d('2015-01-01'), d('2030-12-31'), 'Green']]),
    ]);
    expect(layout(long).summary.scale).toBe('quarter');
  });

  it('narrows to the workstreams asked for', () => {
    const { summary } = layout(wb, { workstreams: ['beta'] });
    expect(summary.workstreams).toEqual(['Beta']);
    expect(summary.rows).toBe(30);
  });

  it('shows only the window asked for, clipping bars at its edges and listing tasks outside it', () => {
    const mixed = workbook([
      sheet('Plan', [
        HEADER,
        [1, 'A', 'Before', d('2020-01-01'), d('2020-02-01'), 'Green'],
        [2, 'A', 'Across', d('2020-03-01'), d('2020-06-30'), 'Green'],
        [3, 'A', 'After', d('2021-01-01'), d('2021-01-02'), 'Green'],
      ]),
    ]);
    const from = day('2020-04-01');
    const to = day('2020-09-30');
    const { document, summary, axis } = layout(mixed, { from, to });
    expect(summary).toMatchObject({ from: '2020-04-01', to: '2020-09-30', bars: 1 });
    const [bar] = all(document.pages[0].shapes, 'bar');
    if (bar.kind !== 'rect') throw new Error('rect');
    expect(bar.x).toBeCloseTo(axis.x0, 6);
    expect(bar.x + bar.w).toBeCloseTo(axisX(axis, day('2020-07-01')), 6);
    expect(bar.data).toMatchObject({ start: '2020-03-01', end: '2020-06-30' });
    expect(summary.notDrawn.map((n) => n.reason)).toEqual([
      'ends 1 Feb 2020, before the window',
      'starts 1 Jan 2021, after the window',
    ]);
    expect(summary.reportDateShown).toBe(false);
    expect(texts(document.pages[0].shapes)).toContain(
      'Report date 13 Nov 2020 (outside the window)',
    );
  });

  it('fits A4 and A3 pages and keeps rows tall enough for 9 pt text', () => {
    for (const page of ['a4', 'a3'] as const) {
      const { document } = layout(wb, { page });
      const p = document.pages[0];
      expect(p.width).toBeGreaterThan(p.height);
      const bars = all(p.shapes, 'bar') as Extract<Shape, { kind: 'rect' }>[];
      expect(bars[1].y - bars[0].y).toBeGreaterThanOrEqual(14);
    }
  });

  it('draws a plan with no dates at all as rows listed without bars', () => {
    const none = workbook([sheet('Plan', [HEADER, [1, 'A', 'Undated', null, null, 'Green']])]);
    const { summary, document } = layout(none);
    expect(summary.bars).toBe(0);
    expect(summary.notDrawn).toHaveLength(1);
    expect(texts(document.pages[0].shapes)).toContain('⚠ Not drawn: no start or end date');
  });

  it('keeps a one-day bar one day wide', () => {
    const one = workbook([
      sheet('Plan', [HEADER, [1, 'A', 'Two days', d('2020-06-01'), d('2020-06-02'), 'Red']]),
    ]);
    const { document, axis } = layout(one);
    const [bar] = all(document.pages[0].shapes, 'bar');
    if (bar.kind !== 'rect') throw new Error('rect');
    expect(bar.w).toBeCloseTo(2 * dayWidth(axis), 6);
    expect(bar.x).toBeCloseTo(axisX(axis, addDays(day('2020-06-01'), 0)), 6);
  });
});

describe('text fitting', () => {
  it('shortens with an ellipsis to fit and leaves short text alone', () => {
    expect(fitText('Short', 100, 9)).toBe('Short');
    const long = 'Implement the new governance arrangements across every partner council';
    const fitted = fitText(long, 120, 9);
    expect(fitted.endsWith('…')).toBe(true);
    expect(textWidth(fitted, 9)).toBeLessThanOrEqual(120);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
    expect(fitText(long, 1, 9)).toBe('');
  });

  it('wraps words into lines that fit, shortening the last', () => {
    const lines = wrapText('Project work stream 1: Governance and assurance', 80, 9, 2, true);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(textWidth(l, 9, true)).toBeLessThanOrEqual(80);
    expect(lines[1].endsWith('…')).toBe(true);
  });
});
