import { describe, expect, it } from 'vitest';
import { isoOf } from '../../core/dates.js';
import { fieldKeyOf, matchColumns, optionFieldName } from '../../core/plan/columns.js';
import { readPlan } from '../../core/plan/read.js';
import { validateWorkbook } from '../../core/validate.js';
import { d, sheet, workbook } from './build.js';

const FROM_TO = ['Ref', 'Activity', 'From', 'To', 'Status', 'Notes'];
const rows = [
  FROM_TO,
  ['1', 'Kick off', d('2020-10-01'), d('2020-10-30'), 'Green', ''],
  ['2', 'Build', d('2020-11-02'), d('2021-01-29'), 'Amber', 'late start'],
];
const settings = (...pairs: [string, string][]) =>
  sheet('Settings', [['Setting', 'Value'], ...pairs]);

describe('field names in a mapping', () => {
  it.each([
    ['start', 'start'],
    ['Start', 'start'],
    ['START DATE', 'start'],
    ['baseline-start', 'baselineStart'],
    ['Baseline start', 'baselineStart'],
    ['% complete', 'progress'],
    ['Progress', 'progress'],
    ['dependencies', 'dependencies'],
    ['Depends on', 'dependencies'],
    ['Due date', 'end'],
    ['RAG', 'rag'],
    ['id', 'id'],
  ])('%s is %s', (name, key) => {
    expect(fieldKeyOf(name)).toBe(key);
  });

  it('knows no other field', () => {
    expect(fieldKeyOf('strat')).toBeUndefined();
    expect(fieldKeyOf('Ending')).toBeUndefined();
    expect(optionFieldName('baselineEnd')).toBe('baseline-end');
  });
});

describe('matchColumns with a mapping', () => {
  const headers = new Map(FROM_TO.map((t, i) => [i + 1, t] as [number, string]));

  it('takes mapped titles as their fields, ignoring case, spaces and punctuation', () => {
    expect(matchColumns(headers)).toEqual({ id: 1, task: 2, rag: 5 });
    expect(matchColumns(headers, { start: 'from', end: ' TO ' })).toEqual({
      id: 1,
      task: 2,
      start: 3,
      end: 4,
      rag: 5,
    });
  });

  it('lets a mapped field ignore its usual aliases, and one title serve two fields', () => {
    const both = new Map([
      [1, 'ID'],
      [2, 'Start'],
      [3, 'Go live'],
    ]);
    expect(matchColumns(both, { start: 'Go live' })).toEqual({ id: 1, start: 3 });
    expect(matchColumns(both, { start: 'Go live', end: 'Go live' })).toEqual({
      id: 1,
      start: 3,
      end: 3,
    });
    // A title mapped to one field is no longer an alias of another.
    expect(matchColumns(new Map([[1, 'Status']]), { task: 'Status' })).toEqual({ task: 1 });
  });
});

describe('readPlan with mapped columns', () => {
  it('without a mapping says how to map the columns it does not know', () => {
    const result = readPlan(workbook([sheet('Plan', rows)]));
    expect(result.ok && result.findings.map((f) => [f.rule, f.cell, f.message])).toEqual([
      [
        'required-columns',
        'A1',
        'The header row (row 1) has no Start column. If one of From, To, Notes is it, map it: on the Settings sheet put "Column: Start" in column A and the title in column B, or use --column start=TITLE. Otherwise add a column titled "Start".',
      ],
      [
        'required-columns',
        'A1',
        'The header row (row 1) has no End column. If one of From, To, Notes is it, map it: on the Settings sheet put "Column: End" in column A and the title in column B, or use --column end=TITLE. Otherwise add a column titled "End".',
      ],
    ]);
  });

  it('reads the dates from the columns the Settings sheet maps', () => {
    const wb = workbook([
      sheet('Plan', rows),
      settings(['Column: Start', 'From'], ['Column - End', 'To'], ['Column widths', 'wide']),
    ]);
    const result = validateWorkbook(wb, { reportDate: 0 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.plan.columns).toEqual({ id: 1, task: 2, start: 3, end: 4, rag: 5 });
    const t = result.plan.tasks[1];
    expect([t.start, t.end].map((f) => f.kind === 'date' && isoOf(f.day))).toEqual([
      '2020-11-02',
      '2021-01-29',
    ]);
    expect(result.plan.settings.columns.start).toEqual({
      title: 'From',
      cell: 'B2',
      label: 'Column: Start',
    });
  });

  it('finds the header by mapped titles alone', () => {
    const plain = [
      ['Key', 'Name', 'From', 'To'],
      ['A', 'Kick off', d('2020-10-01'), d('2020-10-30')],
    ];
    const unmapped = readPlan(workbook([sheet('Plan', plain)]));
    expect(!unmapped.ok && unmapped.reason).toBe(
      'No header row found in the first 20 rows of sheet "Plan": expected column titles such as ID, Task, Start, End. If your columns have other titles, map them: on the Settings sheet put "Column: Start" in column A and the title in column B, or use --column start=TITLE.',
    );
    const mapped = readPlan(workbook([sheet('Plan', plain)]), {
      columns: { id: 'Key', task: 'Name', start: 'From', end: 'To' },
    });
    expect(mapped.ok && mapped.plan.tasks.map((t) => t.id)).toEqual(['A']);
  });

  it('reports a Settings title the header row lacks at its cell, with the close one', () => {
    const wb = workbook([
      sheet('Plan', rows),
      settings(['Column: Start', 'Frm'], ['Column: End', 'To']),
    ]);
    const result = readPlan(wb);
    expect(result.ok && result.findings).toEqual([
      {
        severity: 'error',
        rule: 'settings',
        sheet: 'Settings',
        cell: 'B2',
        message:
          'Column: Start is "Frm", but the header row (row 1) of sheet "Plan" has no column titled "Frm"; did you mean "From"? Its columns are Ref, Activity, From, To, Status, Notes.',
      },
    ]);
  });

  it('reports a label naming no field at the label', () => {
    const wb = workbook([
      sheet('Plan', rows),
      settings(['Column: Strat', 'From'], ['Column: End', 'To']),
    ]);
    const result = readPlan(wb);
    expect(result.ok && result.findings.map((f) => [f.rule, f.sheet, f.cell, f.message])).toEqual([
      [
        'settings',
        'Settings',
        'A2',
        '"Column: Strat": plan-sync has no column called "Strat"; did you mean "Column: Start"? The columns you can map are ID, Workstream, Task, Lead, Stakeholders, Start, End, RAG, Progress, Dependencies, Baseline start, Baseline end.',
      ],
      ['required-columns', 'Plan', 'A1', expect.stringContaining('has no Start column')],
    ]);
  });

  it('lets the command line override the Settings sheet, and refuses a title it lacks', () => {
    const wb = workbook([
      sheet('Plan', rows),
      settings(['Column: Start', 'To'], ['Column: End', 'To']),
    ]);
    const overridden = readPlan(wb, { columns: { start: 'From' } });
    expect(overridden.ok && overridden.plan.columns.start).toBe(3);
    const wrong = readPlan(wb, { columns: { start: 'Begins' } });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.findings).toEqual([
      {
        severity: 'error',
        rule: 'column-mapping',
        sheet: 'Plan',
        cell: '',
        message:
          '--column start=Begins: the header row (row 1) of sheet "Plan" has no column titled "Begins". Its columns are Ref, Activity, From, To, Status, Notes.',
      },
    ]);
  });
});
