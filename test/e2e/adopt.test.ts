/**
 * `plan-sync adopt` as a new user tries it: a Gantt painted by hand (openpyxl fills as RGB and as
 * theme colours with tints, and the same workbook saved by LibreOffice with its own fills), read
 * back with openpyxl and LibreOffice, then validated and synced with the real command line.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, findingsOf } from '../helpers/cli.js';
import { dumpWorkbook, rowValues, sheetOf } from '../helpers/openpyxl.js';
import { diffParts } from '../helpers/parts.js';
import { runPython, runPythonScript } from '../helpers/python.js';
import {
  parseCsv,
  resaveWithLibreOffice,
  sheetCsvWithLibreOffice,
} from '../helpers/libreoffice.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

interface JsonRow {
  row: number;
  id: string;
  workstream: string | null;
  task: string;
  start: string | null;
  end: string | null;
  baselineStart: string | null;
  baselineEnd: string | null;
  segments: { start: string; end: string; cells: string }[];
  milestones: { date: string; text: string; label: string; cell: string }[];
  rag: string | null;
  confidence: 'high' | 'medium' | 'low' | 'none';
  needsReview: boolean;
  cells: string;
  reasons: string[];
  notes: string[];
}
interface Adoption {
  sheet: string;
  timeline: { row: number; first: string; last: string; columns: number };
  legend: { colour: string; role: string; cell: string }[];
  rows: JsonRow[];
  written: string;
  planSheet: string;
  reviewSheet: string;
  summary: { rows: number; high: number; medium: number; low: number; none: number };
}

const SCRIPT = join(FIXTURES_DIR, 'painted_plan.py');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-adopt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function painted(name: string, ...args: string[]): string {
  const file = join(dir, name);
  runPythonScript(SCRIPT, [file, ...args]);
  return file;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function byId(a: Adoption, id: string): JsonRow {
  const row = a.rows.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}: ${a.rows.map((r) => r.id).join(', ')}`);
  return row;
}

/** What every variant of the painted plan must give, whoever made its fills. */
function expectThePaintedPlan(a: Adoption): void {
  expect(a.sheet).toBe('Transition Plan');
  expect([a.timeline.row, a.timeline.first, a.timeline.last, a.timeline.columns]).toEqual([
    4,
    'Mar-20',
    'Feb-21',
    12,
  ]);
  expect(a.legend.map((l) => [l.role, l.cell])).toEqual([
    ['baseline', 'B20'],
    ['current', 'B21'],
  ]);
  expect(a.rows.map((r) => r.id)).toEqual([
    '1.1',
    '1.2',
    '1.2.a',
    '1.2.b',
    '1.2.c',
    '1.3',
    '2.1',
    '2.2',
    '2.3',
    '2.4',
    '2.5',
    '2.6',
  ]);
  const dates = (id: string) => {
    const r = byId(a, id);
    return [r.start, r.end, r.baselineStart, r.baselineEnd, r.confidence];
  };
  // Solid runs: the first day of the first month to the last day of the last.
  expect(dates('1.1')).toEqual(['2020-03-01', '2020-05-31', null, null, 'high']);
  expect(dates('1.2.a')).toEqual(['2020-06-01', '2020-06-30', null, null, 'high']);
  expect(dates('1.3')).toEqual(['2020-09-01', '2020-11-30', null, null, 'high']);
  expect(dates('2.5')).toEqual(['2020-11-01', '2020-12-31', null, null, 'high']);
  // The original timetable (a theme colour with a tint) is the baseline.
  expect(dates('1.2')).toEqual(['2020-06-01', '2020-08-31', '2020-03-01', '2020-05-31', 'high']);
  expect(dates('2.1')).toEqual(['2020-08-01', '2020-10-31', '2020-05-01', '2020-07-31', 'high']);
  // A gap: two segments, the first start and last end proposed, flagged.
  const gap = byId(a, '1.2.c');
  expect(dates('1.2.c')).toEqual(['2020-03-01', '2020-08-31', null, null, 'medium']);
  expect(gap.segments.map((s) => s.cells)).toEqual(['C10:D10', 'G10:H10']);
  // Labels with a day are milestones on the right day and year; others are notes.
  expect(byId(a, '1.3').milestones).toEqual([
    { date: '2020-11-01', text: 'Go Live', label: 'Go Live 1/11', cell: 'K11' },
  ]);
  expect(byId(a, '2.5').milestones.map((m) => m.date)).toEqual(['2020-12-04']);
  // Dated labels only: low confidence, listed for review.
  expect(dates('2.3')).toEqual(['2020-12-01', '2020-12-01', null, null, 'low']);
  expect(byId(a, '1.1').notes).toContain('Consultation (Apr-20)');
  expect(byId(a, '2.1').notes).toContain('Repatriation (Oct-20)');
  // Ambiguous rows are flagged for review.
  expect(dates('1.2.b')).toEqual([null, null, null, null, 'none']);
  expect(dates('2.2')).toEqual(['2020-07-01', '2020-07-31', null, null, 'low']);
  expect(a.rows.filter((r) => r.needsReview).map((r) => r.id)).toEqual(['1.2.b', '2.2', '2.3']);
  // A colour outside the legend: read as current, flagged; red is proposed as the status.
  const red = byId(a, '2.4');
  expect([red.confidence, red.rag]).toEqual(['medium', 'Red']);
  expect(red.reasons.join(' ')).toMatch(/is not in the legend/);
  // Legend colours are timetables, not statuses.
  expect(byId(a, '1.1').rag).toBeNull();
}

async function adopt(file: string, ...args: string[]): Promise<{ code: number; a: Adoption }> {
  const run = await cli(['adopt', file, '--json', ...args]);
  if (!run.stdout.startsWith('{')) throw new Error(`${run.code} ${run.stdout} ${run.stderr}`);
  return { code: run.code, a: JSON.parse(run.stdout) as Adoption };
}

describe('adopt a hand-painted Gantt', () => {
  it.each(['text', 'dates', 'band'])(
    'infers the plan from a month header written as %s',
    async (header) => {
      const file = painted(`painted-${header}.xlsx`, '--header', header);
      const { code, a } = await adopt(file);
      expect(code).toBe(1); // two rows need review
      expectThePaintedPlan(a);
    },
  );

  it('reads the fills LibreOffice writes for the same workbook', async () => {
    const original = painted('lo-source.xlsx');
    const lo = resaveWithLibreOffice(original, join(dir, 'lo'));
    // LibreOffice writes its own RGB fills where openpyxl wrote a theme colour and a tint.
    const styles = runPython(
      'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/styles.xml").decode())',
      [lo],
    );
    expect(styles).not.toMatch(/fgColor theme=/);
    const { a } = await adopt(lo);
    expectThePaintedPlan(a);
  });

  it('writes a new workbook: the original parts byte for byte, a Plan and a review sheet', async () => {
    const file = painted('fidelity.xlsx');
    const before = sha(file);
    const out = join(dir, 'fidelity.adopted.xlsx');
    const run = await cli(['adopt', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Wrote ${out}: sheet "Plan"`);
    expect(run.stdout).toMatch(
      /Needs review \(3 rows\):\n {2}row 9 \(1\.2\.b\) Write Full Council paper x 3: nothing painted/,
    );
    expect(sha(file)).toBe(before); // the input is never written

    const diff = diffParts(file, out);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
    ]);
    expect(diff.added).toEqual(['xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml']);

    const dump = dumpWorkbook(out, { sheets: ['Plan', 'Adoption review', 'Transition Plan'] });
    expect(dump.sheets.map((s) => s.name)).toEqual([
      'Transition Plan',
      'Plan',
      'Adoption review',
      'Notes',
    ]);
    expect(dump.definedNames.Owners).toBe('Notes!$B$1');
    const plan = sheetOf(dump, 'Plan');
    expect(rowValues(plan, 1)).toEqual([
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
    expect(rowValues(plan, 3).slice(0, 10)).toEqual([
      '1.2',
      'Implement new governance arrangements',
      'Dissolve LGSS Joint Committee and LGSS Scrutiny Committee',
      'Democratic Services x 3',
      null,
      '2020-06-01',
      '2020-08-31',
      null,
      '2020-03-01',
      '2020-05-31',
    ]);
    expect(plan.cells.F3.isDate).toBe(true);
    expect(plan.cells.F3.numFmt).toBe('dd/mm/yyyy');
    // The milestone of a painted row is a plan row of its own, on its day.
    const ids = Array.from({ length: plan.maxRow - 1 }, (_, i) => plan.cells[`A${i + 2}`]?.value);
    const m = ids.indexOf('1.3.M1') + 2;
    expect(rowValues(plan, m).slice(2, 7)).toEqual([
      'Go Live',
      null,
      null,
      '2020-11-01',
      '2020-11-01',
    ]);
    const review = sheetOf(dump, 'Adoption review');
    expect(review.cells.A1.value).toBe('Adoption review: sheet "Transition Plan" of fidelity.xlsx');
    expect(review.freezePanes).toBe('A7');
    expect(rowValues(review, 6).slice(0, 4)).toEqual(['Sheet row', 'ID', 'Task', 'Confidence']);
    const confidence = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        review.cells[`B${i + 7}`].value,
        review.cells[`D${i + 7}`].value,
      ]),
    );
    expect(confidence['1.2.b']).toBe('Nothing inferred: review');
    expect(confidence['2.2']).toBe('Low: review');
    expect(confidence['2.3']).toBe('Low: review');
    expect(confidence['1.1']).toBe('High');
    // The painted sheet itself is as it was.
    const src = dumpWorkbook(file, { sheets: ['Transition Plan'] });
    expect(sheetOf(dump, 'Transition Plan').cells).toEqual(sheetOf(src, 'Transition Plan').cells);

    // LibreOffice reads the dates as dates.
    const csv = parseCsv(
      readFileSync(sheetCsvWithLibreOffice(out, 'Plan', join(dir, 'csv')), 'utf8'),
    );
    expect(csv[1].slice(0, 7)).toEqual([
      '1.1',
      'Implement new governance arrangements',
      'Initiate business model programme transition governance',
      'Partner CEXs',
      '',
      '01/03/2020',
      '31/05/2020',
    ]);
  });

  it('validates and syncs: no errors on the rows adopted with high confidence', async () => {
    const file = painted('to-sync.xlsx');
    const { a } = await adopt(file);
    const out = a.written;
    const dump = dumpWorkbook(out, { sheets: ['Plan'] });
    const plan = sheetOf(dump, 'Plan');
    const confidenceOfPlanRow = (row: number) => {
      const id = String(plan.cells[`A${row}`]?.value);
      const base = a.rows.find((r) => r.id === id || id.startsWith(`${r.id}.M`));
      return base?.confidence;
    };

    const validated = await cli(['validate', out, '--json']);
    expect(validated.code).toBe(0);
    const findings = findingsOf(validated);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The row with nothing inferred has no dates: said, on that row only.
    const missing = findings.filter((f) => f.rule === 'date-missing');
    expect(missing.map((f) => confidenceOfPlanRow(f.row!))).toEqual(['none']);
    for (const f of findings) expect(f.sheet).toBe('Plan');

    const synced = join(dir, 'synced.xlsx');
    const run = await cli(['sync', out, '-o', synced, '--json']);
    const result = JSON.parse(run.stdout) as {
      findings: { severity: string; row?: number }[];
      summary: { notDrawn: { row: number }[] } | null;
    };
    expect(result.summary).not.toBeNull();
    expect(result.summary!.notDrawn.map((n) => confidenceOfPlanRow(n.row))).toEqual(['none']);
    for (const f of result.findings.filter((x) => x.severity === 'error'))
      expect(confidenceOfPlanRow(f.row!)).not.toBe('high');
    expect(run.code).toBe(0);
  });

  it('puts the plan on a free sheet name when the workbook already has a Plan sheet', async () => {
    const file = painted('has-plan.xlsx', '--plan-sheet');
    const run = await cli(['adopt', file]);
    expect(run.stdout).toContain(
      'The workbook already has a sheet "Plan", so the plan is on "Plan (adopted)": add --sheet "Plan (adopted)" to validate and sync.',
    );
    const out = join(dir, 'has-plan.adopted.xlsx');
    const dump = dumpWorkbook(out, { sheets: ['Plan'] });
    expect(dump.sheets.map((s) => s.name)).toEqual([
      'Transition Plan',
      'Plan (adopted)',
      'Adoption review',
      'Notes',
      'Plan',
    ]);
    expect(sheetOf(dump, 'Plan').cells.A1.value).toBe('An old plan nobody keeps');
    const validated = await cli(['validate', out, '--sheet', 'Plan (adopted)', '--json']);
    expect(validated.code).toBe(0);
    expect(
      findingsOf(validated)
        .filter((f) => f.rule === 'date-missing')
        .map((f) => [f.sheet, f.cell]),
    ).toEqual([['Plan (adopted)', 'F5']]);
  });

  it('exits 2 with one line naming what it looked for when nothing is painted', async () => {
    const file = join(dir, 'no-timeline.xlsx');
    runPython(
      'import sys, openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\nws.title = "Risks"\nws.append(["Risk", "Owner", "Score"])\nws.append(["Staff leave", "HR", 12])\nwb.save(sys.argv[1])',
      [file],
    );
    const run = await cli(['adopt', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'plan-sync: no-timeline.xlsx: no painted timeline found on sheet "Risks": looked for a row of at least 3 month, week or quarter headings (Mar-20, March 2020, real dates, Q3 2020, w/c 02/03/2020, or Apr, May with the year in a band above) in the first 20 rows. Nothing was written.',
    );
  });

  it('reads a bar painted as one merged cell over every month it covers', async () => {
    const file = painted('merged.xlsx', '--merged');
    const mergeXml = runPython(
      'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode())',
      [file],
    );
    expect(mergeXml).toContain('<mergeCell ref="I16:J16"/>');
    const { a } = await adopt(file);
    expectThePaintedPlan(a);
    const row = byId(a, '2.4');
    expect([row.start, row.end, row.cells]).toEqual(['2020-09-01', '2020-10-31', 'I16:J16']);
  });

  it("proposes no status from Excel's default bar colour (theme accent 1)", async () => {
    const file = painted('bar-blue.xlsx', '--bar-blue');
    const { code, a } = await adopt(file);
    expect(code).toBe(1);
    expect(a.legend).toEqual([]);
    const rag = (id: string) => [byId(a, id).rag, byId(a, id).confidence];
    // Every bar is accent 1, close to Excel's Blue: the bar colour, not "Complete".
    expect(a.rows.filter((r) => r.rag === 'Complete')).toEqual([]);
    expect(rag('1.1')).toEqual([null, 'high']);
    expect(rag('1.3')).toEqual([null, 'high']);
    expect(byId(a, '1.1').reasons.join(' ')).toMatch(
      /paints most rows of the sheet, so it is the bar colour/,
    );
    // Red is still a guess worth showing, but never a sure one without a legend.
    expect(rag('2.4')).toEqual(['Red', 'medium']);
  });

  it('refuses to replace an earlier adoption unless --force, and then keeps a backup', async () => {
    const file = painted('again.xlsx');
    const out = join(dir, 'again.adopted.xlsx');
    expect((await cli(['adopt', file])).code).toBe(1);
    // The user's review work in the first adoption must survive a second run.
    runPython(
      'import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); wb["Adoption review"]["A1"] = "checked by PMO"; wb.save(sys.argv[1])',
      [out],
    );
    const before = sha(out);
    const again = await cli(['adopt', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('again.adopted.xlsx already exists');
    expect(again.stderr).toContain('add --force to replace it');
    expect(sha(out)).toBe(before);
    const other = join(dir, 'other.xlsx');
    painted('other.xlsx');
    expect((await cli(['adopt', file, '-o', other])).code).toBe(2);
    expect(existsSync(join(dir, 'other.backup.xlsx'))).toBe(false);

    const forced = await cli(['adopt', file, '--force']);
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain('is kept as ' + join(dir, 'again.adopted.backup.xlsx'));
    const backup = join(dir, 'again.adopted.backup.xlsx');
    expect(sha(backup)).toBe(before);
    const kept = JSON.parse(
      runPython(
        'import sys, json, openpyxl; print(json.dumps([openpyxl.load_workbook(f)["Adoption review"]["A1"].value for f in sys.argv[1:]]))',
        [backup, out],
      ),
    ) as string[];
    expect(kept[0]).toBe('checked by PMO');
    expect(kept[1]).not.toBe('checked by PMO');
  });

  it('refuses to write over the painted workbook, and names a missing sheet', async () => {
    const file = painted('self.xlsx');
    const same = await cli(['adopt', file, '-o', file]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/-o names FILE itself; adopt never writes the painted workbook/);
    const missing = await cli(['adopt', file, '--sheet', 'Gantt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'has no sheet named "Gantt"; its sheets are "Transition Plan", "Notes"',
    );
  });
});
