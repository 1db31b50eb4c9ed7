import { describe, expect, it } from 'vitest';
import type { Cell, SheetData } from '../../core/cells.js';
import { dayFromYMD, isoOf, serialFromDay } from '../../core/dates.js';
import { adoptPaintedSheet, readEnumerator, type AdoptedRow } from '../../core/adopt/adopt.js';
import { colourDistance, isPaint, ragOfColour } from '../../core/adopt/colours.js';
import { readLabel } from '../../core/adopt/labels.js';
import { adoptionSheets, freeSheetName, planRows } from '../../core/adopt/sheets.js';
import { findTimeline, readHeaderCell, roleOfText } from '../../core/adopt/timeline.js';
import { d, sheet, type Input } from './build.js';

const day = (iso: string) => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromYMD(y, m, dd)!;
};
const iso = (v: number | null) => (v === null ? null : isoOf(v));
const cell = (value: Cell['value'], numFmt?: string): Cell =>
  numFmt ? { value, numFmt } : { value };

describe('readHeaderCell', () => {
  const month = (text: string) => {
    const h = readHeaderCell(cell(text), false);
    return h && 'start' in h ? `${isoOf(h.start)}..${isoOf(h.end)}` : h;
  };
  it.each([
    ['Mar-20', '2020-03-01..2020-03-31'],
    ['March 2020', '2020-03-01..2020-03-31'],
    ["Mar '20", '2020-03-01..2020-03-31'],
    ['Feb 2021', '2021-02-01..2021-02-28'],
    ['2020 Sept', '2020-09-01..2020-09-30'],
    ['Q3 2020', '2020-07-01..2020-09-30'],
    ['2021 Q1', '2021-01-01..2021-03-31'],
    ['Q1 2020-21', '2020-04-01..2020-06-30'],
    ['Q4 2020/21', '2021-01-01..2021-03-31'],
  ])('%s is %s', (text, period) => {
    expect(month(text)).toBe(period);
  });
  it('reads month names alone, waiting for a year', () => {
    expect(readHeaderCell(cell('Apr'), false)).toEqual({ kind: 'month-only', month: 4 });
    expect(readHeaderCell(cell('September'), false)).toEqual({ kind: 'month-only', month: 9 });
  });
  it('reads real dates, UK text dates and week-commencing headings', () => {
    const serial = serialFromDay(day('2020-03-02'), false);
    expect(readHeaderCell(cell(serial, 'mmm-yy'), false)).toEqual({
      kind: 'date',
      day: day('2020-03-02'),
    });
    expect(readHeaderCell(cell('02/03/2020'), false)).toEqual({
      kind: 'date',
      day: day('2020-03-02'),
    });
    expect(readHeaderCell(cell('w/c 09/03/2020'), false)).toEqual({
      kind: 'week',
      day: day('2020-03-09'),
    });
  });
  it('is null for anything else', () => {
    for (const v of ['Task', 'Stakeholders', '2020', 'Mar-2', 'Q5 2020', '31/11/2020', ''])
      expect(readHeaderCell(cell(v), false)).toBeNull();
    expect(readHeaderCell(cell(43891), false)).toBeNull(); // a number without a date format
    expect(readHeaderCell(undefined, false)).toBeNull();
  });
});

const MONTHS = [
  'Mar-20',
  'Apr-20',
  'May-20',
  'Jun-20',
  'Jul-20',
  'Aug-20',
  'Sep-20',
  'Oct-20',
  'Nov-20',
  'Dec-20',
  'Jan-21',
  'Feb-21',
];

describe('findTimeline', () => {
  it('finds a month header below title rows', () => {
    const s = sheet('Plan', [
      ['Transition plan'],
      ['Version 24/09/2020'],
      [],
      ['Actions', 'Stakeholders', ...MONTHS],
    ]);
    const t = findTimeline(s, false)!;
    expect(t.row).toBe(4);
    expect(t.scale).toBe('month');
    expect(t.columns.map((c) => c.col)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(iso(t.columns[0].start)).toBe('2020-03-01');
    expect(iso(t.columns[11].end)).toBe('2021-02-28');
    expect(t.blocks).toHaveLength(1);
  });
  it('takes the year of month names from a band above, moving on at January', () => {
    const months = [
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
      'Jan',
      'Feb',
    ];
    const s = sheet('Plan', [
      [null, null, 2020, ...Array(9).fill(null), '2021'],
      ['Task', 'Who', ...months],
    ]);
    const t = findTimeline(s, false)!;
    expect(t.row).toBe(2);
    expect(t.yearBand).toBe(1);
    expect(t.columns.map((c) => c.label)).toEqual(MONTHS);
    expect(iso(t.columns[10].start)).toBe('2021-01-01');
  });
  it('reads a financial-year band (2020-21 over April to March) and a single year band that wraps', () => {
    const fy = sheet('Plan', [
      [null, 'FY 2020-21'],
      ['Task', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'],
    ]);
    const t = findTimeline(fy, false)!;
    expect(iso(t.columns[0].start)).toBe('2020-04-01');
    expect(iso(t.columns[11].start)).toBe('2021-03-01');
    const wrap = sheet('Plan', [
      [null, '2020'],
      ['Task', 'Nov', 'Dec', 'Jan', 'Feb'],
    ]);
    expect(findTimeline(wrap, false)!.columns.map((c) => iso(c.start))).toEqual([
      '2020-11-01',
      '2020-12-01',
      '2021-01-01',
      '2021-02-01',
    ]);
  });
  it('refuses month names with no year anywhere', () => {
    expect(findTimeline(sheet('Plan', [['Task', 'Apr', 'May', 'Jun']]), false)).toBeNull();
  });
  it('reads weekly dates as weeks and monthly dates as months', () => {
    const weeks = sheet('Plan', [
      ['Task', d('2020-03-02'), d('2020-03-09'), d('2020-03-16'), d('2020-03-23')],
    ]);
    const t = findTimeline(weeks, false)!;
    expect(t.scale).toBe('week');
    expect(iso(t.columns[1].end)).toBe('2020-03-15');
    const months = sheet('Plan', [['Task', d('2020-03-01'), d('2020-04-01'), d('2020-05-01')]]);
    const m = findTimeline(months, false)!;
    expect(m.scale).toBe('month');
    expect(iso(m.columns[2].end)).toBe('2020-05-31');
  });
  it('reads two blocks named Original and Revised as two timetables', () => {
    const s = sheet('Plan', [
      [
        null,
        'Original planned timetable',
        null,
        null,
        null,
        'Revised timetable as result of Covid-19',
      ],
      ['Task', 'Mar-20', 'Apr-20', 'May-20', null, 'Mar-20', 'Apr-20', 'May-20', 'Jun-20'],
    ]);
    const t = findTimeline(s, false)!;
    expect(t.blocks.map((b) => b.role)).toEqual(['baseline', 'current']);
    expect(t.blocks[1].roleLabel?.cell).toBe('F1');
    expect(t.columns).toHaveLength(7);
  });
  it('keeps the longer run when two runs are not told apart', () => {
    const s = sheet('Plan', [
      ['Task', 'Mar-20', 'Apr-20', 'May-20', null, 'Mar-20', 'Apr-20', 'May-20', 'Jun-20'],
    ]);
    const t = findTimeline(s, false)!;
    expect(t.blocks).toHaveLength(1);
    expect(t.columns[0].col).toBe(6);
  });
  it('reads a timeline split by a spacer column as one block', () => {
    const s = sheet('Plan', [
      ['Task', 'Mar-20', 'Apr-20', 'May-20', null, 'Jun-20', 'Jul-20', 'Aug-20'],
    ]);
    const t = findTimeline(s, false)!;
    expect(t.blocks).toHaveLength(1);
    expect(t.columns.map((c) => c.col)).toEqual([2, 3, 4, 6, 7, 8]);
  });
  it('looks only in the first 20 rows, and needs three headings', () => {
    const rows: Input[][] = Array.from({ length: 20 }, () => ['x']);
    rows.push(['Task', ...MONTHS]);
    expect(findTimeline(sheet('Plan', rows), false)).toBeNull();
    expect(findTimeline(sheet('Plan', [['Task', 'Mar-20', 'Apr-20']]), false)).toBeNull();
  });
  it('names timetables by their words', () => {
    expect(roleOfText('Original planned timetable')).toBe('baseline');
    expect(roleOfText('Baseline')).toBe('baseline');
    expect(roleOfText('Revised timetable as result of Covid-19 pandemic')).toBe('current');
    expect(roleOfText('New Programme Board')).toBeNull();
  });
});

describe('readLabel', () => {
  const nov20 = { start: day('2020-11-01'), end: day('2020-11-30'), year: 2020 };
  const dec20 = { start: day('2020-12-01'), end: day('2020-12-31'), year: 2020 };
  it('reads a day and month, the year from the column', () => {
    expect(readLabel('Go Live 1/11', nov20)).toEqual({
      kind: 'milestone',
      day: day('2020-11-01'),
      text: 'Go Live',
      yearFrom: 'column',
    });
    expect(readLabel('LA model go-live 1/12', nov20)).toMatchObject({
      day: day('2020-12-01'),
      text: 'LA model go-live',
    });
    expect(readLabel('Vesting day 1/1', dec20)).toMatchObject({ day: day('2021-01-01') });
    expect(readLabel('1/11', nov20)).toMatchObject({ day: day('2020-11-01'), text: '' });
  });
  it('reads a full date day-first, and a month name', () => {
    expect(readLabel('Sign off at LA Board 4/12/2020', nov20)).toMatchObject({
      kind: 'milestone',
      day: day('2020-12-04'),
      yearFrom: 'label',
    });
    expect(readLabel('Final JC 26th Nov', nov20)).toMatchObject({
      day: day('2020-11-26'),
      text: 'Final JC',
    });
    expect(readLabel('Inaugural board 4 December 2020', nov20)).toMatchObject({
      day: day('2020-12-04'),
    });
  });
  it('reports a day that does not exist rather than guessing', () => {
    const r = readLabel('Go live 31/11', nov20);
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.reason).toMatch(/November has 30 days/);
    expect(readLabel('Report 12/13/2020', nov20).kind).toBe('invalid');
  });
  it('takes a dotted number as a day only with a year or near its column', () => {
    expect(readLabel('Stage 2.3 sign-off', nov20)).toEqual({
      kind: 'note',
      text: 'Stage 2.3 sign-off',
      doubt:
        '2.3 is not read as a date (no year, and "Stage 2.3" is a number, not a day): kept as words',
    });
    // In the very column it names, still a section number after "Stage".
    const mar21 = { start: day('2021-03-01'), end: day('2021-03-31'), year: 2021 };
    expect(readLabel('Stage 2.3 sign-off', mar21).kind).toBe('note');
    expect(readLabel('Sign-off 2.3', mar21)).toMatchObject({
      kind: 'milestone',
      day: day('2021-03-02'),
    });
    expect(readLabel('Sign-off 2.3', nov20)).toMatchObject({
      kind: 'note',
      doubt:
        '2.3 is not read as a date (no year, and 2 Mar 2020 is not in its column): kept as words',
    });
    expect(readLabel('Release v1.2', nov20).kind).toBe('note');
    expect(readLabel('Board 4.12', nov20)).toMatchObject({
      kind: 'milestone',
      day: day('2020-12-04'),
      text: 'Board',
    });
    expect(
      readLabel('Board 4.12.2020', { ...nov20, start: day('2020-03-01'), end: day('2020-03-31') }),
    ).toMatchObject({
      kind: 'milestone',
      day: day('2020-12-04'),
      yearFrom: 'label',
    });
  });
  it("takes a missing year from the column's own period, rolling over only next to it", () => {
    const mar21 = { start: day('2021-03-01'), end: day('2021-03-31'), year: 2021 };
    const mar20 = { start: day('2020-03-01'), end: day('2020-03-31'), year: 2020 };
    const r = readLabel('Go live 29/2', mar21);
    expect(r).toEqual({ kind: 'invalid', reason: '29/2: 2021 is not a leap year' });
    expect(readLabel('Go live 29/2', mar20)).toMatchObject({ day: day('2020-02-29') });
    // Far from the column, the column's year still: no jump to the year before.
    expect(readLabel('Go live 1/11', mar20)).toMatchObject({ day: day('2020-11-01') });
    expect(
      readLabel('Year end 31/12', { start: day('2021-01-01'), end: day('2021-01-31'), year: 2021 }),
    ).toMatchObject({
      day: day('2020-12-31'),
    });
  });
  it('keeps other words as a note', () => {
    expect(readLabel('Consultation', nov20)).toEqual({ kind: 'note', text: 'Consultation' });
    expect(readLabel('Cabinet paper x 3', nov20).kind).toBe('note');
  });
});

describe('colours', () => {
  it('takes white and near-white as no paint', () => {
    expect(isPaint('FFFFFF')).toBe(false);
    expect(isPaint('F8F8F8')).toBe(false);
    expect(isPaint(null)).toBe(false);
    expect(isPaint('F2F2F2')).toBe(true);
  });
  it('matches RAG colours within the tolerance, and nothing else', () => {
    expect(ragOfColour('FF0000')?.status).toBe('red');
    expect(ragOfColour('FE0101')?.status).toBe('red');
    expect(ragOfColour('FFC000')?.status).toBe('amber');
    expect(ragOfColour('00B050')?.status).toBe('green');
    expect(ragOfColour('92D050')?.status).toBe('green');
    expect(ragOfColour('0070C0')?.status).toBe('complete');
    expect(ragOfColour('BFBFBF')?.status).toBe('not-started');
    expect(ragOfColour('7030A0')).toBeNull(); // purple
    expect(ragOfColour('5B9BD5')).toBeNull(); // the Office accent blue painters use for bars
  });
  it('measures colour difference', () => {
    expect(colourDistance('FF0000', 'FF0000')).toBe(0);
    expect(colourDistance('FF0000', '00FF00')).toBeGreaterThan(100);
  });
});

describe('readEnumerator', () => {
  it('reads numbers, letters and dotted numbers', () => {
    expect(readEnumerator('1. Initiate governance')).toEqual({
      kind: 'number',
      n: '1',
      rest: 'Initiate governance',
    });
    expect(readEnumerator('12) Close')).toMatchObject({ kind: 'number', n: '12' });
    expect(readEnumerator('a. Write Cabinet paper x 3')).toEqual({
      kind: 'letter',
      letter: 'a',
      rest: 'Write Cabinet paper x 3',
    });
    expect(readEnumerator('(b) Write paper')).toMatchObject({ kind: 'letter', letter: 'b' });
    expect(readEnumerator('2.3 Agree scope')).toEqual({
      kind: 'dotted',
      id: '2.3',
      rest: 'Agree scope',
    });
  });
  it('ignores text that only starts like one', () => {
    expect(readEnumerator('Implement new governance')).toBeNull();
    expect(readEnumerator('2020 review')).toBeNull();
    expect(readEnumerator('a')).toBeNull();
  });
});

// A painted sheet: rows of values and, per row, a paint string over the timeline columns
// (`.` none, a letter = a colour from the key).
const KEY: Record<string, string> = {
  G: '00B050',
  O: 'BFBFBF',
  R: 'FF0000',
  B: '5B9BD5',
  Y: 'FFFF00',
  // Excel's default bar colour (theme accent 1) and its standard Blue.
  E: '4472C4',
  U: '0070C0',
};

function painted(
  rows: Input[][],
  paint: Record<number, string>,
  firstCol: number,
  extra: Record<string, string> = {},
): { sheet: SheetData; date1904: boolean; fill: (r: number, c: number) => string | null } {
  const s = sheet('Gantt', rows);
  return {
    sheet: s,
    date1904: false,
    fill: (r, c) => {
      const at = extra[`${r},${c}`];
      if (at) return at;
      const p = paint[r];
      if (!p) return null;
      const ch = p[c - firstCol];
      return ch && ch !== '.' ? (KEY[ch] ?? null) : null;
    },
  };
}

function byId(rows: AdoptedRow[], id: string): AdoptedRow {
  const row = rows.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}: ${rows.map((r) => r.id).join(', ')}`);
  return row;
}

describe('adoptPaintedSheet', () => {
  // Columns: A actions, B stakeholders, C..N Mar-20..Feb-21.
  const rows: Input[][] = [
    ['LGSS Programme Review: Transition Plan'],
    ['Version date: 24th September 2020'],
    [],
    ['Actions / Deliverables / Activities', 'Stakeholders / Resources', ...MONTHS],
    ['Implement new governance arrangements'],
    ['1. Initiate business model programme transition governance', 'Partner CEXs'],
    ['2. Dissolve LGSS Joint Committee', 'Democratic Services x 3'],
    ['a. Write Cabinet paper x 3'],
    [
      'b. Write Full Council paper x 3',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'Go Live 1/11',
    ],
    ['3. Disband LGSS Management Board'],
    ['Agree target operating model'],
    ['1. Confirm services to be repatriated', null, null, null, 'Consultation'],
    ['2. Confirm service delivery structure'],
    [
      '3. Sign off',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'LA Board 4/12/2020',
    ],
    ['4. Agree service level agreements', null, null, null, null, null, 'Workshop'],
    [],
    [null, 'Original planned timetable'],
    [null, 'Revised timetable'],
  ];
  const paint: Record<number, string> = {
    6: 'GGG.........',
    7: 'OOOO........',
    9: '......GGG...',
    10: 'RR..RR......',
    12: '..OOO.......',
    13: 'GGBB........',
  };
  // Legend swatches in column A beside the words.
  const legend = { '17,1': 'BFBFBF', '18,1': '00B050' };

  const result = adoptPaintedSheet(painted(rows, paint, 3, legend));
  if (!result.ok) throw new Error(result.reason);

  it('finds the timeline, the task column, the headings and the legend', () => {
    expect(result.timeline.row).toBe(4);
    expect(result.taskColumn.col).toBe(1);
    expect(result.headings.map((h) => h.text)).toEqual([
      'Implement new governance arrangements',
      'Agree target operating model',
    ]);
    expect(result.legend.map((l) => [l.role, l.colour, l.cell])).toEqual([
      ['baseline', 'BFBFBF', 'B17'],
      ['current', '00B050', 'B18'],
    ]);
  });

  it('builds IDs from the numbering, prefixed by workstream when numbering starts again', () => {
    expect(result.prefixedIds).toBe(true);
    expect(result.rows.map((r) => r.id)).toEqual([
      '1.1',
      '1.2',
      '1.2.a',
      '1.2.b',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
    ]);
    expect(byId(result.rows, '1.2.a').task).toBe('Write Cabinet paper x 3');
    expect(byId(result.rows, '2.1').workstream).toBe('Agree target operating model');
    expect(byId(result.rows, '1.1').stakeholders).toBe('Partner CEXs');
  });

  it('reads a solid run as the start of its first month and the end of its last', () => {
    const r = byId(result.rows, '1.1');
    expect([iso(r.start), iso(r.end)]).toEqual(['2020-03-01', '2020-05-31']);
    expect(r.confidence).toBe('high');
    expect(r.segments[0].cells).toBe('C6:E6');
    expect(r.ragProposed).toBeNull(); // green here is the legend's revised timetable, not a status
  });

  it('reads the original-timetable colour as the baseline', () => {
    const r = byId(result.rows, '1.2');
    expect([iso(r.baselineStart), iso(r.baselineEnd)]).toEqual(['2020-03-01', '2020-06-30']);
    expect([iso(r.start), iso(r.end)]).toEqual(['2020-03-01', '2020-06-30']);
    expect(r.confidence).toBe('medium');
    expect(r.reasons.join(' ')).toMatch(/only the original timetable/);
  });

  it('makes a dated label a milestone with the year of its column', () => {
    const r = byId(result.rows, '1.2.b');
    expect([iso(r.start), iso(r.end)]).toEqual(['2020-09-01', '2020-11-30']);
    expect(r.milestones.map((m) => [iso(m.day), m.text, m.cell])).toEqual([
      ['2020-11-01', 'Go Live', 'K9'],
    ]);
    expect(r.confidence).toBe('high');
  });

  it('splits a row with a gap into segments and proposes the first start and last end', () => {
    const r = byId(result.rows, '1.3');
    expect(r.segments.map((s) => s.cells)).toEqual(['C10:D10', 'G10:H10']);
    expect([iso(r.start), iso(r.end)]).toEqual(['2020-03-01', '2020-08-31']);
    expect(r.confidence).toBe('medium');
    expect(r.notes.join(' ')).toMatch(
      /Split in the painted plan: Mar-20 to Apr-20; Jul-20 to Aug-20/,
    );
    expect(r.ragProposed).toBe('red');
  });

  it('keeps other labels as notes', () => {
    const r = byId(result.rows, '2.1');
    expect(r.notes[0]).toBe('Consultation (May-20)');
    expect([iso(r.baselineStart), iso(r.baselineEnd)]).toEqual(['2020-05-01', '2020-07-31']);
  });

  it('flags a colour outside the legend', () => {
    const r = byId(result.rows, '2.2');
    expect(r.confidence).toBe('medium');
    expect(r.reasons.join(' ')).toMatch(/#5B9BD5 is not in the legend/);
  });

  it('makes a row with only a dated label a milestone, and a row with an undated label low confidence', () => {
    const m = byId(result.rows, '2.3');
    expect([iso(m.start), iso(m.end)]).toEqual(['2020-12-04', '2020-12-04']);
    // Labels only, even dated ones: low, so the row is listed for review.
    expect(m.confidence).toBe('low');
    const w = byId(result.rows, '2.4');
    expect([iso(w.start), iso(w.end)]).toEqual(['2020-07-01', '2020-07-31']);
    expect(w.confidence).toBe('low');
  });

  it('marks rows with nothing painted', () => {
    const r = byId(result.rows, '1.2.a');
    expect(r.confidence).toBe('none');
    expect([r.start, r.end]).toEqual([null, null]);
  });

  it('writes a milestone of a painted row as a plan row of its own', () => {
    const plan = planRows(result.rows, (i) => i + 7);
    const ms = plan.find((p) => p.id === '1.2.b.M1')!;
    expect([iso(ms.start), iso(ms.end), ms.task]).toEqual(['2020-11-01', '2020-11-01', 'Go Live']);
    expect(plan.filter((p) => p.id === '2.3')).toHaveLength(1);
    expect(plan.find((p) => p.id === '1.3')!.rag).toBe('Red');
    expect(plan.find((p) => p.id === '1.3')!.comments).toMatch(/see Adoption review row 11/);
  });

  it('lays out the Plan and review sheets', () => {
    const sheets = adoptionSheets(result, {
      planSheet: 'Plan',
      reviewSheet: 'Adoption review',
      date1904: false,
      source: 'x.xlsx',
    });
    expect(sheets.plan.rows[0].map((c) => c?.value)).toEqual([
      'ID',
      'Workstream',
      'Task',
      'Stakeholders',
      'Lead',
      'Start',
      'End',
      'RAG',
      'Baseline start',
      'Baseline end',
      'Comments',
    ]);
    const first = sheets.plan.rows[1];
    expect(first[5]).toEqual({
      value: serialFromDay(day('2020-03-01'), false),
      style: { numFmt: 'dd/mm/yyyy', hAlign: 'left' },
    });
    expect(sheets.review.rows[5][0]?.value).toBe('Sheet row');
    expect(sheets.review.rows.slice(6).map((r) => r[3]?.value)).toContain(
      'Nothing inferred: review',
    );
  });

  it('explains when there is no timeline', () => {
    const none = adoptPaintedSheet(painted([['Task', 'Start', 'End']], {}, 1));
    expect(none.ok).toBe(false);
    expect(!none.ok && none.reason).toMatch(
      /no painted timeline found on sheet "Gantt": looked for a row of at least 3 month, week or quarter headings/,
    );
  });
});

describe('adoptPaintedSheet without a legend', () => {
  it('reads two colours as one current timetable, with medium confidence, and proposes RAG from a RAG colour', () => {
    const r = adoptPaintedSheet(
      painted(
        [['Task', 'Mar-20', 'Apr-20', 'May-20', 'Jun-20'], ['Build', null], ['Test']],
        { 2: 'GGYY', 3: '.YY.' },
        2,
      ),
    );
    if (!r.ok) throw new Error(r.reason);
    const build = r.rows[0];
    expect(build.id).toBe('R2');
    expect([iso(build.start), iso(build.end)]).toEqual(['2020-03-01', '2020-06-30']);
    expect(build.confidence).toBe('medium');
    expect(r.rows[1].ragProposed).toBe('amber');
    // A status guessed from a colour no legend explains is never high confidence.
    expect(r.rows[1].confidence).toBe('medium');
    expect(r.rows[1].reasons.join(' ')).toMatch(/no legend says what the colours mean/);
  });

  const tasks: Input[][] = [
    ['Task', 'Lead', 'Mar-20', 'Apr-20', 'May-20', 'Jun-20'],
    ['Build'],
    ['Test'],
    ['Train'],
    ['Go live'],
  ];
  it('flags labels that are not days, impossible days and days far from their column', () => {
    const r = adoptPaintedSheet(
      painted(
        [
          ['Task', 'Lead', 'Jan-21', 'Feb-21', 'Mar-21', 'Apr-21'],
          ['Sign off'],
          ['Go live', null, null, null, 'Go live 29/2'],
          ['Board', null, null, 'Board 1/11'],
          ['Stage', null, 'Stage 2.3 sign-off'],
        ],
        { 2: 'GG..', 4: '.G..', 5: 'G...' },
        3,
      ),
    );
    if (!r.ok) throw new Error(r.reason);
    const [, live, board, stage] = r.rows;
    // No day: dates from the column the label is in, low confidence.
    expect([iso(live.start), live.milestones, live.confidence]).toEqual(['2021-03-01', [], 'low']);
    expect(live.reasons.join(' ')).toMatch(
      /"Go live 29\/2" in E3 names no real date \(29\/2: 2021 is not a leap year\)/,
    );
    expect(board.milestones.map((m) => iso(m.day))).toEqual(['2021-11-01']);
    expect(board.confidence).toBe('medium');
    expect(board.reasons.join(' ')).toMatch(
      /names 1 Nov 2021, outside the timeline \(Jan-21 to Apr-21\)/,
    );
    expect([stage.milestones, stage.confidence, iso(stage.start)]).toEqual([
      [],
      'medium',
      '2021-01-01',
    ]);
    expect(stage.notes).toContain('Stage 2.3 sign-off (Jan-21)');
    expect(stage.reasons.join(' ')).toMatch(/2\.3 is not read as a date/);
  });
  it('reads a bar painted as one merged cell over every period it covers', () => {
    const input = painted(tasks, { 2: 'G...', 3: '.GG.' }, 3);
    // Only the top-left cell of C2:E2 carries the fill, as Excel stores a merged range.
    input.sheet.merges = [{ top: 2, left: 3, bottom: 2, right: 5 }];
    const r = adoptPaintedSheet(input);
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows[0].segments.map((x) => [iso(x.start), iso(x.end), x.cells])).toEqual([
      ['2020-03-01', '2020-05-31', 'C2:E2'],
    ]);
    expect(r.rows[0].confidence).toBe('high');
    expect(r.rows[1].segments.map((x) => x.cells)).toEqual(['D3:E3']);
  });
  it('proposes no status from the colour that paints most rows: it is the bar colour', () => {
    // Excel's default bar colour is close to its standard Blue (Complete).
    expect(ragOfColour('4472C4')?.status).toBe('complete');
    const r = adoptPaintedSheet(painted(tasks, { 2: 'EE..', 3: '.EE.', 4: '..EE', 5: '...R' }, 3));
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows.map((x) => [x.task, x.ragProposed, x.confidence])).toEqual([
      ['Build', null, 'high'],
      ['Test', null, 'high'],
      ['Train', null, 'high'],
      ['Go live', 'red', 'medium'],
    ]);
    expect(r.rows[0].reasons.join(' ')).toMatch(/#4472C4 paints most rows .* the bar colour/);
  });
  it('proposes Complete from blue only when a legend names it, and then at high confidence', () => {
    const rows: Input[][] = [...tasks, [], [null, 'Complete'], [null, 'Red']];
    const paint = { 2: 'GGG.', 3: '.UU.', 4: '..GG', 5: 'GG..' };
    const none = adoptPaintedSheet(painted(rows.slice(0, 5), paint, 3));
    if (!none.ok) throw new Error(none.reason);
    expect([none.rows[1].ragProposed, none.rows[1].confidence]).toEqual([null, 'high']);
    expect(none.rows[1].reasons.join(' ')).toMatch(
      /blue means Complete only where a legend says so/,
    );

    const legend = { '7,1': '0070C0', '8,1': 'FF0000' };
    const r = adoptPaintedSheet(painted(rows, { ...paint, 5: 'RR..' }, 3, legend));
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows.map((x) => [x.task, x.ragProposed, x.confidence])).toEqual([
      ['Build', 'green', 'medium'],
      ['Test', 'complete', 'high'],
      ['Train', 'green', 'medium'],
      ['Go live', 'red', 'high'],
    ]);
    expect(r.rows[1].reasons.join(' ')).toMatch(/"Complete" in the legend \(B7\)/);
  });
  it('takes the ID column when there is one, and a second block named Original as the baseline', () => {
    const r = adoptPaintedSheet(
      painted(
        [
          [null, null, 'Original', null, null, 'Revised'],
          ['Ref', 'Task', 'Mar-20', 'Apr-20', 'May-20', 'Mar-20', 'Apr-20', 'May-20'],
          ['T1', 'Build', null],
        ],
        { 3: 'BB..BB' },
        3,
      ),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.timeline.blocks.map((b) => b.role)).toEqual(['baseline', 'current']);
    const row = r.rows[0];
    expect(row.id).toBe('T1');
    expect([iso(row.baselineStart), iso(row.baselineEnd)]).toEqual(['2020-03-01', '2020-04-30']);
    expect([iso(row.start), iso(row.end)]).toEqual(['2020-04-01', '2020-05-31']);
  });
});

describe('adoptPaintedSheet with the workstream in a column of its own', () => {
  it('carries the workstream down its rows, as the seed plan writes it', () => {
    const r = adoptPaintedSheet(
      painted(
        [
          ['Work stream', 'Actions / Deliverables / Activities', 'Mar-20', 'Apr-20', 'May-20'],
          ['Implement new governance arrangements', '1. Initiate governance'],
          [null, '2. Dissolve the Joint Committee'],
          [null, '     a. Write Cabinet paper x 3'],
          ['Agree target operating model', '1. Confirm services'],
        ],
        { 2: 'GG.', 3: '.GG', 4: '..G', 5: 'GGG' },
        3,
      ),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.headings).toEqual([]);
    expect(r.rows.map((x) => [x.id, x.workstream])).toEqual([
      ['1.1', 'Implement new governance arrangements'],
      ['1.2', 'Implement new governance arrangements'],
      ['1.2.a', 'Implement new governance arrangements'],
      ['2.1', 'Agree target operating model'],
    ]);
    expect(r.rows.every((x) => x.confidence === 'high')).toBe(true);
  });

  it('finds a sparse untitled column left of the tasks as the workstream', () => {
    const r = adoptPaintedSheet(
      painted(
        [
          [null, 'Task', 'Mar-20', 'Apr-20', 'May-20'],
          ['Governance', 'Initiate governance'],
          [null, 'Dissolve the Joint Committee'],
          [null, 'Write Cabinet paper'],
          ['Finance', 'Budget build'],
        ],
        { 2: 'GG.', 3: '.GG', 4: '..G', 5: 'GGG' },
        3,
      ),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows.map((x) => x.workstream)).toEqual([
      'Governance',
      'Governance',
      'Governance',
      'Finance',
    ]);
  });
});

describe('freeSheetName', () => {
  it('keeps a free name and picks another when taken (ignoring case)', () => {
    expect(freeSheetName('Plan', ['Gantt'])).toBe('Plan');
    expect(freeSheetName('Plan', ['plan'])).toBe('Plan (adopted)');
    expect(freeSheetName('Plan', ['Plan', 'Plan (adopted)'])).toBe('Plan (adopted 2)');
  });
});
