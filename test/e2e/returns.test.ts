/**
 * Returns as a programme office runs them: issued from a plan the tests did not make (an openpyxl
 * workbook with a chart, a status drop-down and text dates), edited and saved by other tools
 * (openpyxl, LibreOffice), merged while the master has changed too; read back with openpyxl.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, findingsOf } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixtures.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import { diffParts } from '../helpers/parts.js';
import { runPython } from '../helpers/python.js';
import { XlsxPackage } from '../../sync/xlsx/package.js';
import { patchSheet } from '../../sync/xlsx/sheet-patch.js';
import { writeZip } from '../../sync/xlsx/zip.js';
import { dayFromYMD, serialFromDay } from '../../core/dates.js';

const SHEET = 'Transition Plan';
let dir: string;
let master: string;
let returns: string;
let stale: string;

/** Runs Python with openpyxl on `args`; the script prints JSON. */
function py<T>(code: string, ...args: string[]): T {
  return JSON.parse(runPython(code, args)) as T;
}

/** The PMO edits a master cell meanwhile: one cell patched, every other byte kept. */
function setMasterDate(file: string, ref: string, iso: string): void {
  const pkg = XlsxPackage.open(readFileSync(file));
  const part = pkg.sheets.find((s) => s.name === SHEET)!.path;
  const xml = pkg.text(part);
  const s = Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(xml)![1]);
  const [y, m, d] = iso.split('-').map(Number);
  const serial = serialFromDay(dayFromYMD(y, m, d)!, false);
  const row = Number(ref.slice(1));
  const col = ref.charCodeAt(0) - 64;
  const patched = patchSheet(xml, {
    cells: new Map([[row, new Map([[col, { kind: 'set' as const, value: serial, s }]])]]),
    clearRanges: [],
  });
  writeFileSync(file, writeZip(pkg.zip, new Map([[part, Buffer.from(patched)]]), []));
}

const EDIT_GOVERNANCE = String.raw`
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Return']
rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value}
col = {ws.cell(5, c).value: c for c in range(1, 12)}
ws.cell(rows['1.2'], col['RAG']).value = 'R'
ws.cell(rows['1.3'], col['End']).value = datetime.datetime(2020, 12, 3)
ws.cell(rows['1.4'], col['Comments']).value = 'Awaiting Chief Executive sign-off'
ws.cell(rows['1.2'], col['Start']).value = '10/08/2020'
ws.cell(rows['1.1'], col['End']).value = '31/11/2020'
# A row copied from HR's return, and a new task.
ws.append(['2.b', 'HR and Consultation', 'Individual consultation', 'Anna Syson', None, None, None, datetime.datetime(2021, 2, 26), 'Red', 0.6, None])
ws.append(['1.5', 'Governance', 'Member briefing', 'Tricia Burningham', None, None, '04/01/2021', '08/01/2021', 'Green', 0, None])
# Sorted by ID, largest first; a wider Comments column.
data = [[c.value for c in ws[r]] for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value]
data.sort(key=lambda v: str(v[0]), reverse=True)
for r in range(6, ws.max_row + 1):
    for c in range(1, 12):
        ws.cell(r, c).value = None
for i, v in enumerate(data):
    for c, x in enumerate(v, start=1):
        ws.cell(6 + i, c).value = x
ws.column_dimensions['K'].width = 80
wb.save(sys.argv[2])
print('{}')
`;

const EDIT_ONE = String.raw`
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Return']
col = {ws.cell(5, c).value: c for c in range(1, 12)}
for r in range(6, ws.max_row + 1):
    if ws.cell(r, 1).value == sys.argv[3]:
        v = sys.argv[5]
        if sys.argv[4] in ('Start', 'End') and '-' in v:
            v = datetime.datetime.strptime(v, '%Y-%m-%d')
        ws.cell(r, col[sys.argv[4]]).value = v
wb.save(sys.argv[2])
print('{}')
`;

const READ_PLAN = String.raw`
import sys, json, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Transition Plan']
def v(x):
    return x.date().isoformat() if isinstance(x, datetime.datetime) else x
cells = {c.coordinate: v(c.value) for row in ws.iter_rows(min_row=5, max_row=30, max_col=11) for c in row if c.value is not None}
log = None
if 'Returns log' in wb.sheetnames:
    log = [[c.value for c in row] for row in wb['Returns log'].iter_rows()]
print(json.dumps({'cells': cells, 'sheets': wb.sheetnames, 'log': log}))
`;

interface PlanDump {
  cells: Record<string, string | number>;
  sheets: string[];
  log: (string | null)[][] | null;
}

const govFile = 'Governance return 2020-11-13.xlsx';
const hrFile = 'HR and Consultation return 2020-11-13.xlsx';
const finFile = 'Finance return 2020-10-30.xlsx';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-returns-'));
  master = join(dir, 'master.xlsx');
  copyFileSync(makeFixture('foreign-plan', dir), master);
  returns = join(dir, 'returns');
  stale = join(dir, 'stale');
}, 120_000);

describe('returns issue', () => {
  it('writes one protected return per workstream and leaves the master alone', async () => {
    const before = readFileSync(master);
    const run = await cli([
      'returns',
      'issue',
      master,
      '--out',
      returns,
      '--report-date',
      '13/11/2020',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Issued 7 returns for the report date 13 Nov 2020');
    expect(readFileSync(master).equals(before)).toBe(true);
    const facts = py<Record<string, unknown>>(
      String.raw`
import sys, json, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Return']
dv = {str(d.sqref): [d.type, d.formula1, d.errorStyle] for d in ws.data_validations.dataValidation}
rows = [[(c.value.date().isoformat() if isinstance(c.value, datetime.datetime) else c.value) for c in ws[r]] for r in range(5, 11)]
hidden = wb['PlanSync return']
print(json.dumps({'sheets': wb.sheetnames, 'states': [s.sheet_state for s in wb.worksheets],
  'protected': ws.protection.sheet, 'password': ws.protection.password,
  'sort': ws.protection.sort, 'locked': {a: ws[a].protection.locked for a in ('A6','C6','F6','G6','H6','I6','J6','K6','A11','C11')},
  'dv': dv, 'rows': rows, 'hidden': [[c.value for c in r] for r in hidden.iter_rows(max_row=13, max_col=3)]}))
`,
      join(returns, govFile),
    );
    expect(facts.sheets).toEqual(['Return', 'Highlight', 'PlanSync return']);
    expect(facts.states).toEqual(['visible', 'visible', 'veryHidden']);
    expect(facts.protected).toBe(true);
    expect(facts.password).toBeNull();
    expect(facts.sort).toBe(false); // openpyxl: false means sorting is allowed
    expect(facts.locked).toEqual({
      A6: true,
      C6: true,
      F6: true,
      G6: false,
      H6: false,
      I6: false,
      J6: false,
      K6: false,
      // The first spare row below the five tasks: a new task's ID and name may be typed there.
      A11: false,
      C11: false,
    });
    expect(facts.dv).toEqual({
      'G6:G15': ['date', expect.any(String), 'warning'],
      'H6:H15': ['date', expect.any(String), 'warning'],
      'I6:I15': ['list', '"Red,Amber/Red,Amber,Amber/Green,Green,Complete,Not started"', 'warning'],
      'J6:J15': ['decimal', '0', 'warning'],
    });
    expect(facts.rows).toEqual([
      [
        'ID',
        'Workstream',
        'Task',
        'Lead',
        'Baseline start',
        'Baseline end',
        'Start',
        'End',
        'RAG',
        '% complete',
        'Comments',
      ],
      [
        '1',
        'Governance',
        'Initiate business model programme transition governance',
        'Tricia Burningham',
        null,
        null,
        '2020-03-02',
        '2020-04-30',
        'Complete',
        1,
        null,
      ],
      [
        '1.1',
        'Governance',
        'Write Cabinet and Full Council papers x 3',
        'Tricia Burningham',
        null,
        null,
        '2020-05-01',
        '2020-07-31',
        'Complete',
        1,
        null,
      ],
      [
        '1.2',
        'Governance',
        'Develop Lead Authority governance',
        'Tricia Burningham',
        null,
        null,
        '2020-08-03',
        '2020-11-30',
        'Amber/Green',
        0.75,
        'LA Board ToR for sign off at LA Board 4/12/2020',
      ],
      [
        '1.3',
        'Governance',
        'Final Joint Committee meeting',
        'Tricia Burningham',
        null,
        null,
        '2020-11-26',
        '2020-11-26',
        'Green',
        0,
        null,
      ],
      [
        '1.4',
        'Governance',
        'Inaugural Lead Authority Board',
        'Tricia Burningham',
        null,
        null,
        '2020-12-04',
        '2020-12-04',
        'Green',
        0,
        null,
      ],
    ]);
    const hidden = facts.hidden as string[][];
    expect(hidden.slice(0, 3)).toEqual([
      ['Format', 'plan-sync return 1', null],
      ['Cycle', expect.stringMatching(/^2020-11-13-[0-9a-f]{8}$/), null],
      ['Report date', '2020-11-13', null],
    ]);
    expect(hidden[5]).toEqual(['Master file', 'master.xlsx', null]);
    expect(hidden[10]).toEqual(['1', 'start', '2020-03-02']);

    // An older cycle's Finance return, for the stale case below.
    const old = await cli([
      'returns',
      'issue',
      master,
      '--out',
      stale,
      '--report-date',
      '30/10/2020',
      '--workstream',
      'finance',
    ]);
    expect(old.code).toBe(0);
    expect(existsSync(join(stale, finFile))).toBe(true);
    expect(existsSync(join(stale, govFile))).toBe(false);
  }, 120_000);

  it('issuing again for the same report date replaces the files', async () => {
    const again = await cli([
      'returns',
      'issue',
      master,
      '--out',
      returns,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Governance',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(join(returns, govFile));
  });

  it('refuses an unknown workstream, naming the ones there are', async () => {
    const run = await cli([
      'returns',
      'issue',
      master,
      '--out',
      returns,
      '--workstream',
      'Estates',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no workstream "Estates"');
    expect(run.stderr).toContain('"Governance"');
  });
});

describe('returns merge', () => {
  let gov: string;
  let hr: string;
  let fin: string;
  let beforeMerge: string;

  beforeAll(() => {
    gov = join(dir, 'gov-edited.xlsx');
    py(EDIT_GOVERNANCE, join(returns, govFile), gov);
    // HR's lead moves 2.b's end in openpyxl, then the file goes through LibreOffice.
    const hrEdited = join(dir, 'hr-edited.xlsx');
    py(EDIT_ONE, join(returns, hrFile), hrEdited, '2.b', 'End', '2021-01-29');
    hr = resaveWithLibreOffice(hrEdited, join(dir, 'lo'));
    fin = join(dir, 'fin-edited.xlsx');
    py(EDIT_ONE, join(stale, finFile), fin, '3.b', 'RAG', 'Green');
    py(EDIT_ONE, fin, fin, '3.a', 'End', '11/12/2020');
    // Meanwhile the PMO moves 2.b's end in the master as well.
    setMasterDate(master, 'G12', '2021-01-15');
    beforeMerge = join(dir, 'before-merge.xlsx');
    copyFileSync(master, beforeMerge);
  }, 240_000);

  it('a dry run reports and writes nothing', async () => {
    const run = await cli(['returns', 'merge', master, gov, hr, fin, '--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Dry run: nothing was written. Would change 6 cells');
    expect(readFileSync(master).equals(readFileSync(beforeMerge))).toBe(true);
  });

  it('applies every change nobody else made, reports the rest, logs it all', async () => {
    const run = await cli(['returns', 'merge', master, gov, hr, fin, '--json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      summary: {
        returns: {
          file: string;
          applied: number;
          conflicts: number;
          rejected: number;
          stale: boolean;
        }[];
      };
      backup: string;
    };
    expect(
      out.summary.returns.map((r) => [r.file, r.applied, r.conflicts, r.rejected, r.stale]),
    ).toEqual([
      ['gov-edited.xlsx', 4, 0, 1, false],
      ['hr-edited.xlsx', 0, 1, 0, false],
      ['fin-edited.xlsx', 2, 0, 0, true],
    ]);
    expect(existsSync(out.backup)).toBe(true);
    const findings = findingsOf(run);
    const rule = (id: string) => findings.filter((f) => f.rule === id);
    expect(rule('return-conflict')).toMatchObject([
      { sheet: SHEET, cell: 'G12', severity: 'warning' },
    ]);
    expect(rule('return-conflict')[0].message).toContain(
      'from 31 Dec 2020 (issued) to 29 Jan 2021, but the master has since been changed to 15 Jan 2021',
    );
    expect(rule('return-other-workstream')).toHaveLength(1);
    expect(rule('return-other-workstream')[0].message).toContain(
      'task 2.b of the HR and Consultation workstream',
    );
    expect(rule('return-new-row')).toHaveLength(1);
    expect(rule('return-invalid-value')).toMatchObject([
      { sheet: '[gov-edited.xlsx]Return', severity: 'error' },
    ]);
    expect(rule('return-invalid-value')[0].message).toContain('31/11/2020');
    expect(rule('return-stale')).toHaveLength(1);
    expect(rule('return-stale')[0].message).toContain(
      'fin-edited.xlsx (Finance, report date 30 Oct 2020) is stale',
    );

    const plan = py<PlanDump>(READ_PLAN, master);
    // Governance: RAG, a moved end, a comment, a start typed as UK text; 1.1's impossible date not applied.
    expect(plan.cells.H7).toBe('Red');
    expect(plan.cells.G8).toBe('2020-12-03');
    expect(plan.cells.K9).toBe('Awaiting Chief Executive sign-off');
    expect(plan.cells.F7).toBe('2020-08-10');
    expect(plan.cells.G6).toBe('2020-07-31');
    // HR: the conflict keeps the master's value.
    expect(plan.cells.G12).toBe('2021-01-15');
    // Finance (stale): applied where the master still had the issued value; a text date stays text.
    expect(plan.cells.H15).toBe('Green');
    expect(plan.cells.G14).toBe('11/12/2020');
    // The new task was not added without --accept-new.
    expect(plan.cells.A29).toBeUndefined();
    expect(plan.sheets).toEqual(['Notes', SHEET, 'Dashboard', 'Returns log']);
    const log = plan.log!;
    expect(log[0][0]).toBe('Returns log');
    expect(log[3].slice(0, 8)).toEqual([
      'When',
      'Return file',
      'Workstream',
      'Report date',
      'Outcome',
      'Task ID',
      'Field',
      'Cell',
    ]);
    const outcomes = log.slice(4).map((r) => [r[1], r[4], r[5], r[6], r[7]]);
    expect(outcomes).toContainEqual(['gov-edited.xlsx', 'Applied', '1.2', 'RAG', `${SHEET}!H7`]);
    expect(outcomes).toContainEqual(['hr-edited.xlsx', 'Conflict', '2.b', 'End', `${SHEET}!G12`]);
    expect(outcomes).toContainEqual([
      'gov-edited.xlsx',
      'Rejected',
      '2.b',
      null,
      expect.stringMatching(/^Return!A\d+$/),
    ]);
    expect(outcomes).toContainEqual(['fin-edited.xlsx', 'Stale', null, null, null]);
    expect(outcomes.filter((o) => o[1] === 'Merged')).toHaveLength(3);

    // Only the parts a merge owns changed; everything else is byte for byte as it was.
    const diff = diffParts(beforeMerge, master);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual(['xl/worksheets/sheet4.xml']);
    expect(diff.changed.sort()).toEqual([
      '[Content_Types].xml',
      // (openpyxl's docProps/app.xml lists no sheet titles, so adding a sheet leaves it as it is)
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet2.xml',
    ]);
  }, 120_000);

  it('a second merge of the same returns changes nothing', async () => {
    const before = readFileSync(master);
    const run = await cli(['returns', 'merge', master, gov, hr, fin]);
    // The conflict and the rejected rows are still not applied.
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Nothing to merge: these returns were merged before');
    expect(readFileSync(master).equals(before)).toBe(true);
  });

  it('adds the new task with --accept-new', async () => {
    const run = await cli(['returns', 'merge', master, gov, '--accept-new']);
    expect(run.code).toBe(1);
    const plan = py<PlanDump>(READ_PLAN, master);
    expect([
      plan.cells.A29,
      plan.cells.B29,
      plan.cells.C29,
      plan.cells.F29,
      plan.cells.G29,
      plan.cells.H29,
    ]).toEqual(['1.5', 'Governance', 'Member briefing', '2021-01-04', '2021-01-08', 'Green']);
  });

  it('refuses a workbook that is not a return and writes nothing', async () => {
    const before = readFileSync(master);
    const run = await cli(['returns', 'merge', master, beforeMerge]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('before-merge.xlsx: it is not a return issued by plan-sync');
    expect(readFileSync(master).equals(before)).toBe(true);
  });
});

describe('the Highlight sheet, merged into the Workstreams sheet', () => {
  it('applies the lead narrative, keeps the master where both changed it', async () => {
    const hdir = mkdtempSync(join(tmpdir(), 'plan-sync-highlight-'));
    const plan = join(hdir, 'plan.xlsx');
    expect((await cli(['init', plan, '--example'])).code).toBe(0);
    // The programme office keeps the highlight narrative on the Workstreams sheet.
    py(
      String.raw`
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Workstreams']
# The example may already have these columns: reuse them, else add them.
head = [c.value for c in ws[1]]
for title in ['Progress to date', 'Next period', 'Risks and issues', 'Escalations']:
    if title not in head:
        ws.cell(1, len(head) + 1).value = title
        head.append(title)
col = head.index('Progress to date') + 1
nxt = head.index('Next period') + 1
for r in range(2, ws.max_row + 1):
    if ws.cell(r, 1).value == 'Governance':
        for title in ['Progress to date', 'Next period', 'Risks and issues', 'Escalations']:
            ws.cell(r, head.index(title) + 1).value = None
        ws.cell(r, col).value = 'Cabinet papers drafted'
        ws.cell(r, nxt).value = 'Cabinet decision'
wb.save(sys.argv[1])
print('{}')
`,
      plan,
    );
    const out = join(hdir, 'returns');
    expect(
      (
        await cli([
          'returns',
          'issue',
          plan,
          '--out',
          out,
          '--report-date',
          '13/11/2020',
          '--workstream',
          'Governance',
        ])
      ).code,
    ).toBe(0);
    const edited = join(hdir, 'gov.xlsx');
    const issued = py<{ labels: string[]; values: (string | null)[] }>(
      String.raw`
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Highlight']
labels = [ws.cell(r, 1).value for r in range(4, 9)]
values = [ws.cell(r, 2).value for r in range(4, 9)]
ws['B4'] = 'R'
ws['B5'] = 'Cabinet papers drafted\nCabinet approved the timetable'
ws['B6'] = 'Cabinet decision on 4 December'
ws['B8'] = 'Legal capacity for the Lead Authority agreement'
wb.save(sys.argv[2])
print(json.dumps({'labels': labels, 'values': values}))
`,
      join(out, 'Governance return 2020-11-13.xlsx'),
      edited,
    );
    expect(issued.labels).toEqual([
      'Overall RAG',
      'Progress to date',
      'Next period',
      'Risks and issues',
      'Escalations',
    ]);
    expect(issued.values.slice(1, 3)).toEqual(['Cabinet papers drafted', 'Cabinet decision']);
    // Meanwhile the programme office rewrites Next period in the master.
    py(
      String.raw`
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Workstreams']
col = [c.value for c in ws[1]].index('Next period') + 1
for r in range(2, ws.max_row + 1):
    if ws.cell(r, 1).value == 'Governance':
        ws.cell(r, col).value = 'Cabinet decision deferred to January'
wb.save(sys.argv[1])
print('{}')
`,
      plan,
    );
    const dry = await cli(['returns', 'merge', plan, edited, '--dry-run']);
    expect(dry.stdout).toContain('Would set Overall RAG of Governance (Workstreams!');
    expect(dry.stdout).not.toContain('(workstream)');
    const run = await cli(['returns', 'merge', plan, edited, '--json']);
    expect(run.code).toBe(1);
    const conflict = findingsOf(run).filter((f) => f.rule === 'return-conflict');
    expect(conflict).toMatchObject([{ sheet: 'Workstreams', severity: 'warning' }]);
    expect(conflict[0].message).toContain('Next period of Governance');
    const row = py<Record<string, string>>(
      String.raw`
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Workstreams']
head = [c.value for c in ws[1]]
for r in range(2, ws.max_row + 1):
    if ws.cell(r, 1).value == 'Governance':
        print(json.dumps({h: ws.cell(r, i + 1).value for i, h in enumerate(head) if h}, default=str))
`,
      plan,
    );
    expect(row.RAG).toBe('Red');
    expect(row['Progress to date']).toBe('Cabinet papers drafted\nCabinet approved the timetable');
    expect(row['Next period']).toBe('Cabinet decision deferred to January');
    expect(row.Escalations).toBe('Legal capacity for the Lead Authority agreement');
    expect(row['Risks and issues']).toBeNull();
  }, 120_000);
});
