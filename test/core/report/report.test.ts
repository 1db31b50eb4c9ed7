import { describe, expect, it } from 'vitest';
import { dayFromYMD, isoOf, type Day } from '../../../core/dates.js';
import { readPlan, type Plan } from '../../../core/plan/read.js';
import { buildHighlightReport } from '../../../core/report/build.js';
import { readHistory, type HistoryRow } from '../../../core/report/history.js';
import { reportJsonData } from '../../../core/report/json.js';
import { findRaidSheet, readRaidLog, type RaidLog } from '../../../core/report/raid.js';
import type { Finding } from '../../../core/findings.js';
import type { RagStatus } from '../../../core/rag.js';
import type { RagRollup, RagScale } from '../../../core/plan/settings.js';
import { rollUp, stepsBetter } from '../../../core/report/rollup.js';
import { trendOf } from '../../../core/report/history.js';
import { onScale } from '../../../core/report/scale.js';
import { readRating } from '../../../core/report/raid.js';
import { isPrompt } from '../../../core/report/rules/report-placeholder.js';
import type { WorkbookData } from '../../../core/cells.js';
import { d, sheet } from '../build.js';
import {
  PLAN_ROWS,
  programmeWorkbook,
  SETTINGS_ROWS,
  WORKSTREAM_ROWS,
} from '../../helpers/highlight-programme.js';

const day = (iso: string): Day => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromYMD(y, m, dd)!;
};

function load(wb: WorkbookData): { plan: Plan; raid: RaidLog | null; findings: Finding[] } {
  const read = readPlan(wb);
  if (!read.ok) throw new Error(read.reason);
  const findings: Finding[] = [];
  const raidName = findRaidSheet(wb.sheets.map((s) => s.name));
  const raidSheet = wb.sheets.find((s) => s.name === raidName);
  return { plan: read.plan, raid: raidSheet ? readRaidLog(raidSheet, findings) : null, findings };
}

function report(wb = programmeWorkbook(), reportDate = '2020-11-13', history: HistoryRow[] = []) {
  const { plan, raid } = load(wb);
  return buildHighlightReport({ plan, reportDate: day(reportDate), raid, history });
}

const at = (findings: Finding[], rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => `${f.sheet}!${f.cell}`);

describe('the highlight report of the seed programme (13 November 2020)', () => {
  const r = report();
  const json = reportJsonData(r) as {
    programme: Record<string, string>;
    workstreams: Record<string, unknown>[];
  };
  const ws = (name: string) => r.workstreams.find((w) => w.name.includes(name))!;

  it('rolls the tasks and their risks up to each workstream (worst of)', () => {
    expect(json.workstreams.map((w) => [w.name, w.declared, w.computed])).toEqual([
      ['Project work stream 1: Governance', 'Amber', 'Amber/Red'],
      ['HR and Consultation', 'Green', 'Green'],
      ['Finance', 'Amber', 'Amber'],
      ['Language Services', 'Green', 'Green'],
      ['IT Network & Infrastructure', 'Amber', 'Amber'],
      ['Communication and Engagement', 'Green', 'Green'],
      ['Schools and Academies', 'Green', 'Green'],
      ['Programme Management', 'Amber', 'Amber'],
    ]);
    expect(json.programme).toMatchObject({
      declared: 'Amber',
      computed: 'Amber/Red',
      trend: 'new',
    });
  });

  it('flags the declared Amber against tasks rolling up to Amber/Red at its cell', () => {
    expect(at(r.findings, 'rag-rollup-mismatch')).toEqual(['Workstreams!C2', 'Settings!B4']);
    const f = r.findings.find((x) => x.rule === 'rag-rollup-mismatch')!;
    expect(f.message).toContain('declared Amber, but its tasks roll up to Amber/Red');
    expect(ws('Governance').flags).toEqual(['rag-rollup-mismatch']);
  });

  it('flags the Green workstream with an overdue milestone as a watermelon', () => {
    expect(at(r.findings, 'rag-watermelon')).toEqual(['Workstreams!C7']);
    expect(r.findings.find((x) => x.rule === 'rag-watermelon')!.message).toContain(
      'overdue milestone 6.2 (due 30 Oct 2020)',
    );
    expect(ws('Communication').overdueMilestones.map((m) => m.id)).toEqual(['6.2']);
  });

  it('lists exactly the milestones due in the four weeks after the report date, not vesting day', () => {
    const due = r.workstreams.flatMap((w) => w.milestonesDue.map((m) => [m.task, isoOf(m.date)]));
    expect(due).toEqual([
      ['Final Joint Committee', '2020-11-26'],
      ['Inaugural Lead Authority Board', '2020-12-04'],
      ['Lead Authority go-live', '2020-12-01'],
    ]);
    expect(isoOf(r.periodEnd)).toBe('2020-12-11');
    expect(ws('Programme').nextMilestone?.task).toBe('Lead Authority go-live');
  });

  it('splits the compound AMBER OLA / GREEN and uses the worse part, with an info finding', () => {
    expect(ws('IT').declaredParts).toEqual(['amber', 'green']);
    expect(ws('IT').declared).toBe('amber');
    const info = r.findings.filter((f) => f.rule === 'rag-compound-split');
    expect(info.map((f) => [f.severity, f.cell])).toEqual([['info', 'C6']]);
  });

  it("flags the Finance return's template prompt and a workstream's missing escalations", () => {
    expect(at(r.findings, 'report-placeholder')).toEqual(['Workstreams!E4', 'Workstreams!H9']);
  });

  it('flags a date of report older than the period (4 weeks) before the report date', () => {
    expect(at(r.findings, 'report-stale')).toEqual(['Workstreams!D5']);
    // Dates written three ways are all read.
    expect(r.workstreams.map((w) => w.dateOfReport && isoOf(w.dateOfReport))).toEqual([
      '2020-11-09',
      '2020-11-04',
      '2020-11-04',
      '2020-10-01',
      '2020-11-04',
      '2020-11-04',
      '2020-11-05',
      '2020-11-12',
    ]);
  });

  it('finds overdue and slipped tasks, and open risks highest rated first', () => {
    expect(ws('Governance').slipped).toEqual([
      expect.objectContaining({ id: '1.9', days: 210 }),
      expect.objectContaining({ id: '1.2', days: 98 }),
    ]);
    expect(ws('IT').slipped.map((s) => [s.id, s.days])).toEqual([['5.1', 14]]);
    expect(ws('Governance').overdue).toEqual([]);
    // R1 by workstream, not D1 (a dependency) nor R4 (closed); I1 by its linked task.
    expect(ws('Governance').risks.map((x) => x.id)).toEqual(['R1']);
    expect(ws('IT').risks.map((x) => x.id)).toEqual(['I1']);
    expect(ws('Governance').escalations).toEqual([
      'Agree resourcing to complete the Governance project.',
      'Risk R1: Resourcing to complete the new governance framework',
    ]);
    expect(ws('IT').escalations).toEqual([]);
  });

  it('checks the RAID log against the plan', () => {
    expect(
      r.findings.filter((f) => f.rule.startsWith('raid-')).map((f) => [f.rule, f.cell]),
    ).toEqual([
      ['raid-owner-missing', 'E5'],
      ['raid-workstream-unknown', 'D6'],
      ['raid-task-unknown', 'I7'],
    ]);
  });

  it('records a history row for the programme, each workstream and each task', () => {
    const levels = r.history.map((h) => h.level);
    expect(levels.filter((l) => l === 'programme')).toHaveLength(1);
    expect(levels.filter((l) => l === 'workstream')).toHaveLength(8);
    expect(levels.filter((l) => l === 'task')).toHaveLength(23);
    expect(r.history.find((h) => h.key === '1.9')).toMatchObject({
      rag: 'Amber/Red',
      progress: 30,
    });
  });
});

describe('direction of travel and history', () => {
  it('gives worse for a workstream that went from Green to Amber, and never duplicates a date', () => {
    const green = WORKSTREAM_ROWS.map((row) => [...row]);
    const first = report(programmeWorkbook({ workstreams: green }), '2020-10-16');
    expect(first.workstreams.every((w) => w.trend === 'new')).toBe(true);

    const amber = WORKSTREAM_ROWS.map((row) => [...row]);
    amber[2][2] = 'Amber';
    const second = report(programmeWorkbook({ workstreams: amber }), '2020-11-13', first.history);
    const hr = second.workstreams.find((w) => w.name === 'HR and Consultation')!;
    expect(hr.trend).toBe('worse');
    expect(isoOf(second.previousReportDate!)).toBe('2020-10-16');
    expect(second.workstreams.find((w) => w.name === 'Finance')!.trend).toBe('same');

    // Run again for the same date: the same number of rows, that date's rows replaced.
    const again = report(programmeWorkbook({ workstreams: amber }), '2020-11-13', second.history);
    expect(again.history).toHaveLength(second.history.length);
    expect(again.history.filter((h) => isoOf(h.date) === '2020-11-13')).toHaveLength(32);
    expect(again.history.filter((h) => isoOf(h.date) === '2020-10-16')).toHaveLength(32);
    expect(again.workstreams.find((w) => w.name === 'HR and Consultation')!.trend).toBe('worse');
  });

  it('lists tasks completed since the previous report', () => {
    const plan = PLAN_ROWS.map((row) => [...row]);
    const row41 = plan.findIndex((row) => row[0] === '4.1');
    plan[row41][6] = 'Green';
    const first = report(programmeWorkbook({ plan }), '2020-10-16');
    const second = report(programmeWorkbook(), '2020-11-13', first.history);
    // 4.1 was Green at the 16 October report and is Complete now; the other Complete tasks were
    // already Complete then.
    expect(second.workstreams.flatMap((w) => w.completedSincePrevious.map((t) => t.id))).toEqual([
      '4.1',
    ]);
    // A first report lists what was completed in the period before it: 4.1 (ended 1 November).
    expect(report().workstreams.flatMap((w) => w.completedSincePrevious.map((t) => t.id))).toEqual([
      '4.1',
    ]);
  });

  it('reads the history back from a sheet as written', () => {
    const findings: Finding[] = [];
    const rows = readHistory(
      sheet('Status history', [
        [
          'Report date',
          'Level',
          'ID or workstream',
          'Name',
          'RAG',
          'Computed RAG',
          'Start',
          'End',
          'Progress',
        ],
        [
          { date: '2020-10-16' },
          'Workstream',
          'HR and Consultation',
          'Anna Syson',
          'Green',
          'Green',
          null,
          null,
          0.5,
        ],
        ['not a date', 'Task', '2.5'],
      ]),
      false,
      findings,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        level: 'workstream',
        key: 'HR and Consultation',
        rag: 'Green',
        progress: 50,
      }),
    ]);
    expect(findings.map((f) => [f.rule, f.cell])).toEqual([['history-row', 'A3']]);
  });
});

describe('roll-up settings', () => {
  const withSettings = (rows: [string, string][]) =>
    programmeWorkbook({
      settings: [
        ...SETTINGS_ROWS.filter((r) => !['RAG roll-up', 'RAG scale'].includes(String(r[0]))),
        ...rows,
      ],
    });

  it('mean rounds toward the worse status', () => {
    const r = report(withSettings([['RAG roll-up', 'mean']]));
    // Governance: Amber (3), Green (5), Green (5), Amber/Red (2), R1 Amber/Red (2): 17/5 = 3.4 -> Amber.
    expect(r.workstreams[0].computed).toBe('amber');
    expect(
      r.findings.filter((f) => f.rule === 'rag-rollup-mismatch').map((f) => f.cell),
    ).not.toContain('C2');
  });

  it('three-point reports Amber/Red as Amber', () => {
    const r = report(withSettings([['RAG scale', 'three-point']]));
    expect(r.workstreams[0].computed).toBe('amber');
    expect(r.programme.computed).toBe('amber');
  });

  it('three-point: a declared Amber/Green is still checked as Amber-Green for the watermelon', () => {
    const workstreams = WORKSTREAM_ROWS.map((r, i) =>
      i === 6 ? [r[0], r[1], 'Amber/Green', ...r.slice(3)] : r,
    );
    const r = report(
      programmeWorkbook({
        settings: [
          ...SETTINGS_ROWS.filter((x) => String(x[0]) !== 'RAG scale'),
          ['RAG scale', 'three-point'],
        ],
        workstreams,
      }),
    );
    expect(r.workstreams[5].declared).toBe('amber');
    const f = r.findings.filter((x) => x.rule === 'rag-watermelon');
    expect(f.map((x) => `${x.sheet}!${x.cell}`)).toEqual(['Workstreams!C7']);
    expect(f[0].message).toMatch(/is declared Amber\/Green despite overdue milestone/);
  });

  it('manual computes nothing and flags no mismatch, but still the watermelon evidence', () => {
    const r = report(withSettings([['RAG roll-up', 'manual']]));
    expect(r.workstreams.every((w) => w.computed === null)).toBe(true);
    expect(r.findings.filter((f) => f.rule === 'rag-rollup-mismatch')).toEqual([]);
    expect(r.findings.filter((f) => f.rule === 'rag-watermelon').map((f) => f.cell)).toEqual([
      'C7',
    ]);
  });
});

describe('a workstream of Complete and Not started tasks only', () => {
  const task = (id: string, ws: string, rag: string) => [
    id,
    ws,
    `Task ${id}`,
    'Sam Lead',
    d('2020-09-01'),
    d('2020-12-01'),
    rag,
    rag === 'Complete' ? 1 : 0,
    null,
  ];
  const r = report(
    programmeWorkbook({
      plan: [
        PLAN_ROWS[0],
        task('1', 'Estates', 'Complete'),
        task('2', 'Estates', 'Not started'),
        task('3', 'Estates', 'Not started'),
        task('4', 'Records', 'Not started'),
        task('5', 'Closure', 'Complete'),
      ],
      workstreams: [
        WORKSTREAM_ROWS[0],
        ['Estates', 'Sam Lead', 'Red'],
        ['Records', 'Sam Lead', 'Green'],
        ['Closure', 'Sam Lead', 'Green'],
      ],
    }),
  );

  it('computes nothing for the mix, Not started or Complete when every task is so', () => {
    expect(r.workstreams.map((w) => [w.name, w.computed])).toEqual([
      ['Estates', null],
      ['Records', 'not-started'],
      ['Closure', 'complete'],
    ]);
  });

  it('says at the declared cell why the declared Red could not be checked', () => {
    const f = r.findings.filter((x) => x.rule === 'rag-not-computed');
    expect(f.map((x) => [x.severity, `${x.sheet}!${x.cell}`])).toEqual([
      ['info', 'Workstreams!C2'],
      ['info', 'Settings!B4'],
    ]);
    expect(f[0].message).toBe(
      'Workstream "Estates" is declared Red, but nothing was computed to check it against: its tasks with a status are all Complete (1) or Not started (2), and those count only when every task is so. Check the status by hand.',
    );
    expect(f[1].message).toMatch(
      /^The programme is declared .*: its workstreams with a status are all Complete \(1\) or Not started \(1\)/,
    );
    expect(r.workstreams[0].flags).toContain('rag-not-computed');
    expect(r.workstreams[1].flags).not.toContain('rag-not-computed');
  });
});

describe('rollUp', () => {
  const cases: [string, (RagStatus | null)[], RagRollup, RagScale, RagStatus | null][] = [
    [
      'worst of open tasks',
      ['green', 'amber', 'complete', 'amber-red'],
      'worst',
      'five-point',
      'amber-red',
    ],
    [
      'Complete only when every task is',
      ['complete', 'complete', null],
      'worst',
      'five-point',
      'complete',
    ],
    [
      'Not started only when every task is',
      ['not-started', 'not-started'],
      'worst',
      'five-point',
      'not-started',
    ],
    [
      'a mix of Complete and Not started: nothing to roll up',
      ['complete', 'not-started'],
      'worst',
      'five-point',
      null,
    ],
    ['no statuses', [null, null], 'worst', 'five-point', null],
    ['Complete does not improve a Green', ['green', 'complete'], 'worst', 'five-point', 'green'],
    ['mean of Red and Green is Amber', ['red', 'green'], 'mean', 'five-point', 'amber'],
    ['mean 3.5 rounds toward worse', ['amber', 'amber-green'], 'mean', 'five-point', 'amber'],
    ['mean 4.5 rounds toward worse', ['green', 'amber-green'], 'mean', 'five-point', 'amber-green'],
    ['mean ignores Complete', ['green', 'complete', 'complete'], 'mean', 'five-point', 'green'],
    [
      'three-point: Amber/Green is Amber',
      ['amber-green', 'green'],
      'worst',
      'three-point',
      'amber',
    ],
    [
      'three-point mean of Red and Green is Amber',
      ['red', 'green'],
      'mean',
      'three-point',
      'amber',
    ],
    [
      'three-point mean 2.5 rounds to Amber',
      ['amber-red', 'green'],
      'mean',
      'three-point',
      'amber',
    ],
    ['manual computes nothing', ['red'], 'manual', 'five-point', null],
  ];
  it.each(cases)('%s', (_, children, rule, scale, expected) => {
    expect(rollUp(children, rule, scale)).toBe(expected);
  });

  it('counts steps on the scale', () => {
    expect(stepsBetter('green', 'amber', 'five-point')).toBe(2);
    expect(stepsBetter('green', 'amber', 'three-point')).toBe(1);
    expect(stepsBetter('amber', 'green', 'five-point')).toBe(-2);
    expect(stepsBetter('complete', 'green', 'five-point')).toBeNull();
  });
});

describe('trend', () => {
  it.each([
    ['green', 'amber', 'better'],
    ['amber', 'green', 'worse'],
    ['amber', 'amber', 'same'],
    ['complete', 'green', 'better'],
    ['green', null, 'new'],
    ['green', undefined, 'new'],
  ] as const)('%s after %s is %s', (now, before, expected) => {
    expect(trendOf(now, before, 'five-point')).toBe(expected);
  });
  it('three-point: Amber/Green after Amber is the same', () => {
    expect(trendOf(onScale('amber-green', 'three-point'), 'amber', 'three-point')).toBe('same');
  });
});

describe('RAID ratings and prompts', () => {
  it.each([
    ['Amber/Red', 'amber-red', null],
    ['High', 'red', null],
    ['medium', 'amber', null],
    ['Low', 'green', null],
    ['20', 'red', 20],
    ['12', 'amber-red', 12],
    ['6', 'amber', 6],
    ['4', 'green', 4],
    ['30', null, 30],
    ['soon', null, null],
  ] as const)('%s is %s', (text, status, score) => {
    expect(readRating(text)).toEqual({ text, status, score });
  });

  it.each([
    ['Please provide brief overview as to the current status', true],
    ['• Please identify any items that need to be escalated', true],
    ['Work done.\nPlease provide a brief overview of the key milestones', true],
    ['[Insert text]', true],
    ['We were pleased to provide the papers', false],
    ['None', false],
  ] as const)('%s is a prompt: %s', (text, expected) => expect(isPrompt(text)).toBe(expected));
});
