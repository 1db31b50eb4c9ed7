import { describe, expect, it } from 'vitest';
import { isoOf } from '../../core/dates.js';
import { matchColumns, normaliseHeader } from '../../core/plan/columns.js';
import { readPlan } from '../../core/plan/read.js';
import { d, HEADER, sheet, workbook } from './build.js';

describe('header matching', () => {
  it.each([
    ['% Complete', 'percentcomplete'],
    ['Start-Date', 'startdate'],
    ['  Work  stream ', 'workstream'],
    ['#', 'number'],
    ['Actions / Deliverables / Activities', 'actionsdeliverablesactivities'],
  ])('normalises %s', (text, expected) => {
    expect(normaliseHeader(text)).toBe(expected);
  });

  it('maps aliases in any order, the best alias winning', () => {
    const cols = matchColumns(
      new Map([
        [1, 'Description'],
        [2, 'Ref'],
        [3, 'Task'],
        [4, 'Due date'],
        [5, 'Begin'],
        [6, 'Current Status'],
        [7, '% Done'],
        [8, 'Predecessors'],
        [9, 'Original end'],
        [10, 'My notes'],
      ]),
    );
    expect(cols).toEqual({
      task: 3,
      id: 2,
      end: 4,
      start: 5,
      rag: 6,
      progress: 7,
      dependencies: 8,
      baselineEnd: 9,
    });
  });
});

describe('readPlan', () => {
  it('finds the plan sheet by name, the header under title rows, tasks and headings', () => {
    const plan = sheet('Transition Plan', [
      ['LGSS Business Transition Programme'],
      ['Version 24 September 2020'],
      [],
      [
        'Ref',
        'Project work stream',
        'Actions / Deliverables / Activities',
        'Project lead',
        'Start date',
        'Target date',
        'RAG status',
      ],
      ['Governance'],
      [
        '1',
        'Governance',
        'Write Cabinet paper x 3',
        'Tricia Burningham',
        d('2020-03-02'),
        d('2020-04-30'),
        'Green',
      ],
      [2, 'Governance', 'Final Joint Committee', 'Tricia Burningham', '26/11/2020', null, 'A/R'],
    ]);
    const result = readPlan(workbook([sheet('Notes', [['hello']]), plan]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const p = result.plan;
    expect(p.sheet.name).toBe('Transition Plan');
    expect(p.headerRow).toBe(4);
    expect(p.headingRows).toEqual([5]);
    expect(p.tasks.map((t) => t.id)).toEqual(['1', '2']);
    expect(p.tasks[0].start).toEqual({ kind: 'date', day: expect.any(Number), source: 'date' });
    const second = p.tasks[1];
    expect(second.start.kind === 'date' && isoOf(second.start.day)).toBe('2020-11-26');
    expect(second.start.kind === 'date' && second.start.source).toBe('text');
    expect(second.end).toEqual({ kind: 'blank' });
    expect(second.rag?.parse).toEqual({ kind: 'status', status: 'amber-red' });
  });

  it('reads progress as fractions or as 0..100 per column', () => {
    const fractions = readPlan(
      workbook([
        sheet('Plan', [
          HEADER,
          [1, 'W', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G', 0.5],
          [2, 'W', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G', 1],
        ]),
      ]),
    );
    const hundreds = readPlan(
      workbook([
        sheet('Plan', [
          HEADER,
          [1, 'W', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G', 50],
          [2, 'W', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G', '75%'],
        ]),
      ]),
    );
    if (!fractions.ok || !hundreds.ok) throw new Error('plan not read');
    expect(fractions.plan.tasks.map((t) => t.progress)).toEqual([
      { kind: 'value', percent: 50 },
      { kind: 'value', percent: 100 },
    ]);
    expect(hundreds.plan.tasks.map((t) => t.progress)).toEqual([
      { kind: 'value', percent: 50 },
      { kind: 'value', percent: 75 },
    ]);
  });

  it('uses the only sheet with a plan header when none has a plan name', () => {
    const result = readPlan(workbook([sheet('Timeline 2020', [HEADER, [1, 'W', 'T']])]));
    expect(result.ok && result.plan.sheet.name).toBe('Timeline 2020');
    expect(result.findings[0]).toMatchObject({ severity: 'info', rule: 'plan-sheet' });
  });

  it('refuses a workbook with no plan sheet, and a plan sheet with no header', () => {
    const none = readPlan(workbook([sheet('Data', [['Workstream', 'Lead', 'Budget']])]));
    expect(none.ok).toBe(false);
    expect(none.findings[0]).toMatchObject({ rule: 'plan-sheet', severity: 'error' });
    expect(!none.ok && none.reason).toMatch(/No plan sheet found.*"Data"/);
    const headless = readPlan(workbook([sheet('Plan', [['just a title'], ['and notes']])]));
    expect(!headless.ok && headless.findings[0].rule).toBe('header-row');
  });

  it('reports missing required columns at the header row', () => {
    const result = readPlan(
      workbook([sheet('Plan', [[], ['ID', 'Task', 'Start', 'Owner', 'Status']])]),
    );
    expect(result.ok && result.findings).toEqual([
      expect.objectContaining({
        rule: 'required-columns',
        cell: 'A2',
        message: expect.stringContaining('End'),
      }),
    ]);
  });

  it('honours --sheet and names the sheets it has when the name is wrong', () => {
    const wb = workbook([sheet('Plan', [HEADER]), sheet('Old plan', [HEADER, [1, 'W', 'T']])]);
    const chosen = readPlan(wb, { sheetName: 'old plan' });
    expect(chosen.ok && chosen.plan.sheet.name).toBe('Old plan');
    const wrong = readPlan(wb, { sheetName: 'Nope' });
    expect(!wrong.ok && wrong.reason).toBe(
      'No sheet named "Nope" in this workbook (it has "Plan", "Old plan").',
    );
  });

  it('reads Settings and Workstreams sheets', () => {
    const wb = workbook([
      sheet('Plan', [HEADER, [1, 'Governance', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G']]),
      sheet('Workstreams', [
        ['Workstream', 'Lead', 'RAG'],
        ['Project work stream 1: Governance', 'Tricia Burningham', 'AMBER/RED'],
      ]),
      sheet('Settings', [
        ['Programme name', 'LGSS Business Transition'],
        ['Report date', d('2020-11-13')],
        ['Timeline scale', 'Quarterly'],
        ['Programme end', 'thirty-first'],
      ]),
    ]);
    const result = readPlan(wb);
    if (!result.ok) throw new Error(result.reason);
    expect(result.plan.settings.programmeName).toBe('LGSS Business Transition');
    expect(isoOf(result.plan.settings.reportDate!)).toBe('2020-11-13');
    expect(result.plan.settings.scale).toBe('quarter');
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'settings', sheet: 'Settings', cell: 'B4' }),
    ]);
    expect(result.plan.workstreams).toEqual([
      {
        name: 'Project work stream 1: Governance',
        lead: 'Tricia Burningham',
        rag: { kind: 'status', status: 'amber-red' },
        row: 2,
        ragText: 'AMBER/RED',
        sheet: 'Workstreams',
        cells: { name: 'A2', lead: 'B2', rag: 'C2' },
      },
    ]);
  });
});
