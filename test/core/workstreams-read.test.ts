import { describe, expect, it } from 'vitest';
import { isoOf } from '../../core/dates.js';
import { parsePeriodWeeks, parseRollup, parseScale } from '../../core/plan/settings.js';
import { readPlan, type Plan } from '../../core/plan/read.js';
import { d, HEADER, sheet, workbook, type Input } from './build.js';

function planWith(workstreams: Input[][], settings: Input[][] = []): ReturnType<typeof readPlan> {
  return readPlan(
    workbook([
      sheet('Plan', [HEADER, [1, 'Governance', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G']]),
      sheet('Workstreams', workstreams),
      ...(settings.length ? [sheet('Settings', settings)] : []),
    ]),
  );
}

function plan(result: ReturnType<typeof readPlan>): Plan {
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

describe('the Workstreams sheet narrative', () => {
  it('reads date of report and the four narrative columns by their init titles', () => {
    const p = plan(
      planWith([
        [
          'Workstream',
          'Lead',
          'RAG',
          'Date of report',
          'Progress to date',
          'Next period',
          'Risks and issues',
          'Escalations',
        ],
        [
          'Governance',
          'Tricia Burningham',
          'AMBER/RED',
          d('2020-11-09'),
          'Joint Committee held\nForward plan developed',
          'Inaugural LA Board',
          'Resourcing',
          '  ',
        ],
      ]),
    );
    const [ws] = p.workstreams!;
    expect(ws.dateOfReport?.kind === 'date' && isoOf(ws.dateOfReport.day)).toBe('2020-11-09');
    expect(ws.progressToDate).toBe('Joint Committee held\nForward plan developed');
    expect(ws.nextPeriod).toBe('Inaugural LA Board');
    expect(ws.risksAndIssues).toBe('Resourcing');
    expect(ws.escalations).toBeNull();
    expect(ws.cells).toEqual({
      name: 'A2',
      lead: 'B2',
      rag: 'C2',
      dateOfReport: 'D2',
      progressToDate: 'E2',
      nextPeriod: 'F2',
      risksAndIssues: 'G2',
      escalations: 'H2',
    });
  });

  it("accepts the seed's own highlight-report headings, in any order, below a title", () => {
    const p = plan(
      planWith([
        ['Highlight report returns'],
        [],
        [
          'Any items requiring escalation to the Board:',
          'Project',
          'Current key risks and issues impacting on delivery',
          'Key milestones to be achieved during next 4 weeks',
          'Current Status (progress to date)',
          'Overall Project RAG status',
          'Project lead',
          'Date of report',
        ],
        [
          'None',
          'Finance',
          'Resourcing',
          'Closedown',
          'Budgets realigned',
          'AMBER',
          'JH',
          '4/11/20',
        ],
      ]),
    );
    const [ws] = p.workstreams!;
    expect(ws).toMatchObject({
      name: 'Finance',
      lead: 'JH',
      ragText: 'AMBER',
      rag: { kind: 'status', status: 'amber' },
      escalations: 'None',
      risksAndIssues: 'Resourcing',
      nextPeriod: 'Closedown',
      progressToDate: 'Budgets realigned',
      row: 4,
    });
    expect(ws.dateOfReport?.kind === 'date' && isoOf(ws.dateOfReport.day)).toBe('2020-11-04');
    expect(ws.cells?.rag).toBe('F4');
  });

  it('leaves narrative fields undefined when the sheet has no such columns', () => {
    const [ws] = plan(
      planWith([
        ['Workstream', 'RAG'],
        ['HR', 'Green'],
      ]),
    ).workstreams!;
    expect(ws.progressToDate).toBeUndefined();
    expect(ws.dateOfReport).toBeUndefined();
    expect(ws.lead).toBeNull();
  });

  it('keeps an impossible date of report as invalid, never guessed', () => {
    const [ws] = plan(
      planWith([
        ['Workstream', 'Date of report'],
        ['HR', '31/11/2020'],
      ]),
    ).workstreams!;
    expect(ws.dateOfReport).toMatchObject({ kind: 'invalid', text: '31/11/2020' });
  });
});

describe('report settings', () => {
  it('reads RAG roll-up, RAG scale and report period', () => {
    const p = plan(
      planWith(
        [['Workstream'], ['Governance']],
        [
          ['RAG roll-up', 'Mean'],
          ['RAG scale', 'three-point'],
          ['Report period', '2 weeks'],
        ],
      ),
    );
    expect(p.settings).toMatchObject({
      ragRollup: 'mean',
      ragScale: 'three-point',
      reportPeriodWeeks: 2,
    });
  });

  it('reports a value it cannot read at its cell', () => {
    const r = planWith(
      [['Workstream'], ['Governance']],
      [
        ['RAG roll-up', 'median'],
        ['RAG scale', 'seven'],
        ['Report period', '0'],
      ],
    );
    expect(r.ok && r.findings.map((f) => [f.cell, f.rule])).toEqual([
      ['B1', 'settings'],
      ['B2', 'settings'],
      ['B3', 'settings'],
    ]);
  });

  it.each([
    ['worst', 'worst'],
    ['Worst of', 'worst'],
    ['average', 'mean'],
    ['Judgement', 'manual'],
    ['median', null],
  ])('roll-up %s is %s', (text, expected) => expect(parseRollup(text)).toBe(expected));

  it.each([
    ['Five-point', 'five-point'],
    ['5 point', 'five-point'],
    ['IPA 3-point', 'three-point'],
    ['3', 'three-point'],
    ['4', null],
  ])('scale %s is %s', (text, expected) => expect(parseScale(text)).toBe(expected));

  it.each([
    ['4', 4],
    ['4 weeks', 4],
    ['2 wks', 2],
    ['1 month', 4],
    ['0', null],
    ['53', null],
    ['four', null],
    ['2.5', null],
  ])('period %s is %s weeks', (text, expected) => expect(parsePeriodWeeks(text)).toBe(expected));
});
