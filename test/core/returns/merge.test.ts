import { describe, expect, it } from 'vitest';
import { dayFromYMD } from '../../../core/dates.js';
import { readPlan, type Plan } from '../../../core/plan/read.js';
import { showValue } from '../../../core/returns/fields.js';
import {
  issuedSheetRows,
  ISSUED_SHEET,
  planReturns,
  readIssuedSheet,
  RETURN_SHEET,
  type ReturnIssue,
} from '../../../core/returns/issue.js';
import { merge3 } from '../../../core/returns/merge3.js';
import { mergeReturns, type MergeOptions } from '../../../core/returns/merge.js';
import { readReturnSheet } from '../../../core/returns/read-return.js';
import { d, sheet, workbook, type Input } from '../build.js';

const day = (iso: string) => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromYMD(y, m, dd)!;
};

const HEADER = [
  'ID',
  'Workstream',
  'Task',
  'Lead',
  'Start',
  'End',
  'RAG',
  '% complete',
  'Comments',
];

/** A master plan: Governance (1, 1.1, 1.2) and HR (2, 2.a). */
function masterRows(over: Record<string, Partial<Record<string, Input>>> = {}): Input[][] {
  const rows: Input[][] = [
    [
      '1',
      'Governance',
      'Set up governance',
      'Tricia',
      d('2020-10-01'),
      d('2020-12-15'),
      'Amber',
      0.5,
      'On track',
    ],
    [
      '1.1',
      'Governance',
      'Cabinet paper',
      'Tricia',
      d('2020-10-05'),
      d('2020-11-30'),
      'G',
      0.25,
      null,
    ],
    [
      '1.2',
      'Governance',
      'Joint committee',
      'Tricia',
      d('2020-11-02'),
      d('2021-01-29'),
      'Green',
      0,
      null,
    ],
    ['2', 'HR', 'Consultation', 'Anna', d('2020-09-01'), d('2020-12-31'), 'A/R', 0.6, null],
    [
      '2.a',
      'HR',
      'Union engagement',
      'Anna',
      d('2020-09-01'),
      d('2020-10-30'),
      'Complete',
      1,
      null,
    ],
  ];
  return [
    HEADER,
    ...rows.map((r) => {
      const o = over[String(r[0])] ?? {};
      return HEADER.map((h, i) => (h in o ? o[h]! : r[i]));
    }),
  ];
}

function planOf(rows: Input[][]): Plan {
  const read = readPlan(workbook([sheet('Plan', rows)]));
  if (!read.ok) throw new Error(read.reason);
  return read.plan;
}

function issue(plan: Plan, reportDate = '2020-11-13'): ReturnIssue[] {
  const r = planReturns(plan, {
    reportDate: day(reportDate),
    master: 'plan.xlsx',
    issuedAt: '2020-11-13T09:00:00Z',
  });
  if (!r.ok) throw new Error(r.reason);
  return r.returns;
}

const RETURN_HEADER = [
  'ID',
  'Workstream',
  'Task',
  'Lead',
  'Start',
  'End',
  'RAG',
  '% complete',
  'Comments',
];

/** The return as the lead sends it back: its rows as issued, with `edit` applied. */
function returned(
  ret: ReturnIssue,
  edit: (rows: Input[][]) => Input[][] = (r) => r,
  file = `${ret.workstream} return.xlsx`,
) {
  const rows: Input[][] = ret.tasks.map((t) => [
    t.id,
    t.workstream,
    t.task,
    t.lead,
    t.values.start ? d(t.values.start) : null,
    t.values.end ? d(t.values.end) : null,
    t.values.rag || null,
    t.values.progress === '' ? null : { value: Number(t.values.progress) / 100, numFmt: '0%' },
    t.values.comments || null,
  ]);
  const grid: Input[][] = [['Title'], [], [], [], RETURN_HEADER, ...edit(rows)];
  return {
    file,
    wb: workbook([sheet(RETURN_SHEET, grid), sheet(ISSUED_SHEET, issuedSheetRows(ret))]),
  };
}

const OPTIONS: MergeOptions = {
  masterFile: 'plan.xlsx',
  acceptNew: false,
  now: '13 Nov 2020 10:00',
  history: [],
};

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error((r as unknown as { reason: string }).reason);
  return r as Extract<T, { ok: true }>;
}

/** Row index of task `id` in the return grid's task rows. */
const at = (rows: Input[][], id: string) => rows.findIndex((r) => r[0] === id);

describe('merge3: the three-way rule', () => {
  it.each([
    ['a', 'a', 'a', 'unchanged'],
    ['a', 'a', 'b', 'unchanged'],
    ['a', 'b', 'a', 'apply'],
    ['a', 'b', 'b', 'same'],
    ['a', 'b', 'c', 'conflict'],
    ['', 'b', '', 'apply'],
    ['a', '', 'a', 'apply'],
    ['a', '', 'c', 'conflict'],
  ])('base %j theirs %j ours %j -> %s', (base, theirs, ours, outcome) => {
    expect(merge3(base, theirs, ours)).toBe(outcome);
  });
});

describe('issuing returns', () => {
  it('gives each workstream its own tasks and every issued value', () => {
    const [gov, hr] = issue(planOf(masterRows()));
    expect(gov.workstream).toBe('Governance');
    expect(gov.tasks.map((t) => t.id)).toEqual(['1', '1.1', '1.2']);
    expect(hr.tasks.map((t) => t.id)).toEqual(['2', '2.a']);
    expect(gov.tasks[1].values).toEqual({
      start: '2020-10-05',
      end: '2020-11-30',
      rag: 'Green',
      progress: '25',
      comments: '',
    });
    expect(hr.tasks[0].values.rag).toBe('Amber/Red');
    expect(gov.cycleId).toMatch(/^2020-11-13-[0-9a-f]{8}$/);
  });

  it('round-trips through the hidden sheet', () => {
    const [gov] = issue(planOf(masterRows()));
    const back = readIssuedSheet(sheet(ISSUED_SHEET, issuedSheetRows(gov)));
    expect(back.ok && back.issue.tasks.map((t) => [t.id, t.values])).toEqual(
      gov.tasks.map((t) => [t.id, t.values]),
    );
    expect(back.ok && back.issue.reportDate).toBe(day('2020-11-13'));
  });

  it('refuses an unknown --workstream with the list of workstreams', () => {
    const r = planReturns(planOf(masterRows()), {
      reportDate: day('2020-11-13'),
      master: 'p.xlsx',
      issuedAt: '',
      workstreams: ['Finanse'],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('"Governance", "HR"');
  });

  it('leaves a task without an ID out, with a finding at its row', () => {
    const rows = masterRows();
    rows[2][0] = null;
    const r = ok(
      planReturns(planOf(rows), { reportDate: day('2020-11-13'), master: 'p', issuedAt: '' }),
    );
    expect(r.returns[0].tasks.map((t) => t.id)).toEqual(['1', '1.2']);
    expect(r.findings).toMatchObject([{ rule: 'return-no-id', cell: 'A3', row: 3 }]);
  });
});

describe('reading a return', () => {
  it('reads UK text dates, abbreviations and progress as 0.5 or 50%', () => {
    const s = sheet('Return', [
      RETURN_HEADER,
      ['1', 'G', 't', 'l', '01/12/2020', '31/11/2020', 'A/G', '50%', ' note '],
      ['2', 'G', 't', 'l', d('2020-12-01'), null, 'r', 0.5, null],
    ]);
    const [a, b] = ok(readReturnSheet(s, false)).rows;
    expect(a.values.start).toEqual({ ok: true, value: '2020-12-01' });
    expect(a.values.end).toMatchObject({ ok: false, text: '31/11/2020' });
    expect(a.values.rag).toEqual({ ok: true, value: 'Amber/Green' });
    expect(a.values.progress).toEqual({ ok: true, value: '50' });
    expect(a.values.comments).toEqual({ ok: true, value: 'note' });
    expect(a.cells.end).toBe('F2');
    expect(b.values.rag).toEqual({ ok: true, value: 'Red' });
    expect(b.values.progress).toEqual({ ok: true, value: '50' });
    expect(b.values.end).toEqual({ ok: true, value: '' });
  });
});

describe('merging returns', () => {
  it('applies what only the lead changed, in the master form of each cell', () => {
    const plan = planOf(masterRows());
    const [gov] = issue(plan);
    const ret = returned(gov, (rows) => {
      rows[at(rows, '1')][6] = 'R';
      rows[at(rows, '1.1')][5] = '18/12/2020';
      rows[at(rows, '1.2')][8] = 'Waiting on legal';
      rows[at(rows, '1.2')][7] = '40%';
      return rows;
    });
    const r = ok(mergeReturns(plan, [ret], OPTIONS));
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const byCell = Object.fromEntries(r.writes.map((w) => [`${w.row}:${w.col}`, w]));
    expect(byCell['2:7'].value).toEqual({ kind: 'text', text: 'Red' });
    expect(byCell['3:6'].value).toEqual({ kind: 'date', day: day('2020-12-18') });
    expect(byCell['4:9'].value).toEqual({ kind: 'text', text: 'Waiting on legal' });
    expect(byCell['4:8']).toMatchObject({ value: { kind: 'number', value: 0.4 }, percent: true });
    expect(r.writes).toHaveLength(4);
    expect(r.returns[0]).toMatchObject({ applied: 4, conflicts: 0, rejected: 0, stale: false });
    expect(r.log.map((e) => e.outcome)).toEqual([
      'Merged',
      'Applied',
      'Applied',
      'Applied',
      'Applied',
    ]);
    expect(r.missing).toEqual(['HR']);
  });

  it('reports a conflict at the master cell and keeps the master value', () => {
    const [gov] = issue(planOf(masterRows()));
    const now = planOf(masterRows({ '1.1': { End: d('2020-12-11') } }));
    const ret = returned(gov, (rows) => {
      rows[at(rows, '1.1')][5] = d('2020-12-18');
      return rows;
    });
    const r = ok(mergeReturns(now, [ret], OPTIONS));
    expect(r.writes).toEqual([]);
    const conflict = r.findings.find((f) => f.rule === 'return-conflict')!;
    expect(conflict).toMatchObject({ severity: 'warning', sheet: 'Plan', cell: 'F3', row: 3 });
    expect(conflict.message).toContain('from 30 Nov 2020 (issued) to 18 Dec 2020');
    expect(conflict.message).toContain('The master keeps 11 Dec 2020');
    expect(r.log.find((e) => e.outcome === 'Conflict')).toMatchObject({
      cell: 'Plan!F3',
      base: '30 Nov 2020',
      master: '11 Dec 2020',
      theirs: '18 Dec 2020',
    });
  });

  it("does nothing when the master already has the lead's value, or the lead changed nothing", () => {
    const [gov] = issue(planOf(masterRows()));
    const now = planOf(masterRows({ '1.1': { End: d('2020-12-18') }, '1': { RAG: 'Red' } }));
    const ret = returned(gov, (rows) => {
      rows[at(rows, '1.1')][5] = d('2020-12-18');
      return rows;
    });
    const r = ok(mergeReturns(now, [ret], OPTIONS));
    expect(r.writes).toEqual([]);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('puts an impossible date at the return cell and does not apply it', () => {
    const plan = planOf(masterRows());
    const [gov] = issue(plan);
    const ret = returned(gov, (rows) => {
      rows[at(rows, '1.1')][5] = '31/11/2020';
      rows[at(rows, '1.1')][6] = 'A';
      return rows;
    });
    const r = ok(mergeReturns(plan, [ret], OPTIONS));
    expect(r.findings.filter((f) => f.severity === 'error')).toMatchObject([
      { rule: 'return-invalid-value', sheet: '[Governance return.xlsx]Return', cell: 'F7' },
    ]);
    expect(r.writes.map((w) => [w.row, w.col])).toEqual([[3, 7]]);
  });

  it('rejects a row of another workstream, and one no longer in the master', () => {
    const [gov, hr] = issue(planOf(masterRows()));
    const without12 = masterRows();
    without12.splice(3, 1);
    const plan = planOf(without12);
    const ret = returned(gov, (rows) => [
      ...rows.map((r) => (r[0] === '1.2' ? [...r.slice(0, 5), d('2021-02-26'), ...r.slice(6)] : r)),
      ['2.a', 'HR', 'Union engagement', 'Anna', null, d('2020-11-30'), 'Complete', null, null],
    ]);
    const r = ok(mergeReturns(plan, [ret], OPTIONS));
    expect(r.writes).toEqual([]);
    expect(r.findings.map((f) => f.rule).sort()).toEqual([
      'return-missing',
      'return-other-workstream',
      'return-unknown-id',
    ]);
    expect(r.findings.find((f) => f.rule === 'return-other-workstream')!.cell).toBe('A9');
    expect(r.returns[0].rejected).toBe(2);
    // The same row in HR's own return is fine.
    expect(hr.tasks.map((t) => t.id)).toContain('2.a');
  });

  it('rejects a task the master moved to another workstream since', () => {
    const [gov] = issue(planOf(masterRows()));
    const plan = planOf(masterRows({ '1.2': { Workstream: 'HR' } }));
    const ret = returned(gov, (rows) =>
      rows.map((r) => (r[0] === '1.2' ? [r[0], null, ...r.slice(2, 6), 'Red', ...r.slice(7)] : r)),
    );
    const r = ok(mergeReturns(plan, [ret], OPTIONS));
    expect(r.writes).toEqual([]);
    expect(r.findings.find((f) => f.rule === 'return-other-workstream')!.message).toContain(
      'HR workstream',
    );
  });

  it('reports a new row and adds it only with --accept-new', () => {
    const plan = planOf(masterRows());
    const [gov] = issue(plan);
    const withNew = (rows: Input[][]) => [
      ...rows,
      [
        '1.3',
        'Governance',
        'Member briefing',
        'Tricia',
        '04/01/2021',
        d('2021-01-08'),
        'Green',
        null,
        null,
      ],
    ];
    const refused = ok(mergeReturns(plan, [returned(gov, withNew)], OPTIONS));
    expect(refused.writes).toEqual([]);
    expect(refused.findings.find((f) => f.rule === 'return-new-row')).toMatchObject({
      severity: 'warning',
      cell: 'A9',
    });
    const added = ok(mergeReturns(plan, [returned(gov, withNew)], { ...OPTIONS, acceptNew: true }));
    const row7 = added.writes.filter((w) => w.row === 7).map((w) => [w.col, w.value]);
    expect(row7).toEqual([
      [1, { kind: 'text', text: '1.3' }],
      [2, { kind: 'text', text: 'Governance' }],
      [3, { kind: 'text', text: 'Member briefing' }],
      [4, { kind: 'text', text: 'Tricia' }],
      [5, { kind: 'date', day: day('2021-01-04') }],
      [6, { kind: 'date', day: day('2021-01-08') }],
      [7, { kind: 'text', text: 'Green' }],
    ]);
    expect(added.findings.find((f) => f.rule === 'return-added')).toMatchObject({
      severity: 'info',
      cell: 'A7',
    });
  });

  it('flags a stale return and applies it only where the master still has the old value', () => {
    const old = planOf(masterRows());
    const [govOld] = issue(old, '2020-10-30');
    const [govNew] = issue(old, '2020-11-13');
    const stale = returned(
      govOld,
      (rows) => {
        rows[at(rows, '1')][6] = 'Red';
        return rows;
      },
      'old.xlsx',
    );
    const fresh = returned(
      govNew,
      (rows) => {
        rows[at(rows, '1.1')][5] = d('2020-12-18');
        return rows;
      },
      'new.xlsx',
    );
    // The newer return was merged first (the log says so); then the stale one arrives.
    const plan = planOf(masterRows({ '1.1': { End: d('2020-12-18') } }));
    const staleEdit = returned(
      govOld,
      (rows) => {
        rows[at(rows, '1')][6] = 'Red';
        rows[at(rows, '1.1')][5] = d('2020-12-04');
        return rows;
      },
      'old.xlsx',
    );
    const r = ok(
      mergeReturns(plan, [staleEdit], {
        ...OPTIONS,
        history: [{ key: 'x', workstream: 'Governance', reportDate: day('2020-11-13'), when: '' }],
      }),
    );
    const flag = r.findings.find((f) => f.rule === 'return-stale')!;
    expect(flag.severity).toBe('warning');
    expect(flag.message).toContain('never overwrites a newer change');
    expect(r.writes.map((w) => [w.row, w.col])).toEqual([[2, 7]]);
    expect(r.findings.find((f) => f.rule === 'return-conflict')!.cell).toBe('F3');
    expect(r.returns[0].stale).toBe(true);
    // Two returns in one merge: the older is stale against the newer.
    const both = ok(mergeReturns(planOf(masterRows()), [fresh, stale], OPTIONS));
    expect(both.returns.map((s) => s.stale)).toEqual([false, true]);
  });

  it('a second merge of the same return changes nothing and logs nothing', () => {
    const plan = planOf(masterRows());
    const [gov] = issue(plan);
    const ret = returned(gov, (rows) => {
      rows[at(rows, '1')][6] = 'Red';
      return rows;
    });
    const first = ok(mergeReturns(plan, [ret], OPTIONS));
    const after = planOf(masterRows({ '1': { RAG: 'Red' } }));
    const history = [
      {
        key: first.returns[0].key,
        workstream: 'Governance',
        reportDate: day('2020-11-13'),
        when: '',
      },
    ];
    const second = ok(mergeReturns(after, [ret], { ...OPTIONS, history }));
    expect(second.writes).toEqual([]);
    expect(second.log).toEqual([]);
    expect(second.returns[0].alreadyMerged).toBe(true);
  });

  it('does not overwrite a formula, and says when the master has no column for a field', () => {
    const rows = masterRows({
      '1.1': { End: { value: 44165, numFmt: 'dd/mm/yyyy', formula: true } },
    });
    const plan = planOf(rows.map((r) => r.slice(0, 8)));
    const [gov] = issue(planOf(rows));
    const ret = returned(gov, (rs) => {
      rs[at(rs, '1.1')][5] = d('2020-12-18');
      rs[at(rs, '1.2')][8] = 'A comment';
      return rs;
    });
    const r = ok(mergeReturns(plan, [ret], OPTIONS));
    expect(r.writes).toEqual([]);
    expect(
      r.findings
        .map((f) => f.rule)
        .filter((x) => x !== 'return-missing')
        .sort(),
    ).toEqual(['return-formula', 'return-no-column']);
  });

  it('refuses a workbook that is not a return', () => {
    const r = mergeReturns(
      planOf(masterRows()),
      [{ file: 'x.xlsx', wb: workbook([sheet('Plan', masterRows())]) }],
      OPTIONS,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('x.xlsx: it is not a return issued by plan-sync');
  });

  it('shows values as people read them', () => {
    expect(showValue('end', '2020-12-18')).toBe('18 Dec 2020');
    expect(showValue('progress', '50')).toBe('50%');
    expect(showValue('rag', '')).toBe('(blank)');
    expect(showValue('comments', 'x')).toBe('“x”');
  });
});

describe('the Highlight sheet', () => {
  const WS_HEADER = [
    'Workstream',
    'Lead',
    'RAG',
    'Progress to date',
    'Next period',
    'Risks and issues',
    'Escalations',
  ];
  function planWithWorkstreams(
    gov: Input[] = ['Governance', 'Tricia', 'Amber', 'Papers drafted', 'Cabinet', null, null],
  ) {
    const read = readPlan(
      workbook([
        sheet('Plan', masterRows()),
        sheet('Workstreams', [WS_HEADER, gov, ['HR', 'Anna', 'Green', null, null, null, null]]),
      ]),
    );
    if (!read.ok) throw new Error(read.reason);
    return read.plan;
  }
  function withHighlight(ret: ReturnType<typeof returned>, values: Record<string, Input>) {
    const hl = sheet('Highlight', [
      ['Governance: highlight'],
      [],
      [],
      ...Object.entries(values).map(([label, v]) => [label, v]),
    ]);
    return { ...ret, wb: workbook([...ret.wb.sheets, hl]) };
  }

  it('issues the narrative and the tasks due in the next period', () => {
    const [gov] = issue(planWithWorkstreams());
    expect(gov.highlight).toEqual({
      rag: 'Amber',
      progressToDate: 'Papers drafted',
      nextPeriod: 'Cabinet',
      risksAndIssues: '',
      escalations: '',
    });
    // Due after 13 Nov 2020 and within four weeks: 1.1 (30 Nov); 1.2 ends 29 Jan 2021.
    expect(gov.due.map((t) => [t.id, t.due, t.milestone])).toEqual([['1.1', '2020-11-30', false]]);
    const back = readIssuedSheet(sheet(ISSUED_SHEET, issuedSheetRows(gov)));
    expect(back.ok && back.issue.highlight).toEqual(gov.highlight);
  });

  it('merges the narrative into the Workstreams sheet three ways', () => {
    const [gov] = issue(planWithWorkstreams());
    const now = planWithWorkstreams([
      'Governance',
      'Tricia',
      'Amber',
      'Papers drafted',
      'Cabinet in December',
      null,
      null,
    ]);
    const ret = withHighlight(returned(gov), {
      'Overall RAG': 'A/R',
      'Progress to date': 'Papers drafted\nCabinet approved',
      'Next period': 'Cabinet in January',
      'Risks and issues': null,
      Escalations: 'Legal capacity',
    });
    const r = ok(mergeReturns(now, [ret], OPTIONS));
    const ws = r.writes
      .filter((w) => w.sheet === 'Workstreams')
      .map((w) => [w.row, w.col, w.value]);
    expect(ws).toEqual([
      [2, 3, { kind: 'text', text: 'Amber/Red' }],
      [2, 4, { kind: 'text', text: 'Papers drafted\nCabinet approved' }],
      [2, 7, { kind: 'text', text: 'Legal capacity' }],
    ]);
    expect(r.findings.filter((f) => f.rule === 'return-conflict')).toMatchObject([
      { sheet: 'Workstreams', cell: 'E2', severity: 'warning' },
    ]);
  });

  it('an unknown status on the Highlight sheet is a finding at its cell', () => {
    const [gov] = issue(planWithWorkstreams());
    const r = ok(
      mergeReturns(
        planWithWorkstreams(),
        [withHighlight(returned(gov), { 'Overall RAG': 'Purple' })],
        OPTIONS,
      ),
    );
    expect(r.writes).toEqual([]);
    expect(r.findings.filter((f) => f.severity === 'error')).toMatchObject([
      { rule: 'return-invalid-value', sheet: '[Governance return.xlsx]Highlight', cell: 'B4' },
    ]);
  });

  it('says when the master has nowhere to put the narrative', () => {
    const [gov] = issue(planOf(masterRows()));
    const r = ok(
      mergeReturns(
        planOf(masterRows()),
        [withHighlight(returned(gov), { Escalations: 'Legal' })],
        OPTIONS,
      ),
    );
    expect(r.findings.find((f) => f.rule === 'return-no-column')!.message).toContain(
      'the master has no Workstreams sheet',
    );
  });
});
