/**
 * "Adopt painted timeline" in the pane's commands, against the fake Excel loaded from a Gantt
 * painted by hand with openpyxl (fills as RGB and as a theme colour with a tint).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAINTED_CELLS } from '../../addin/adopt.js';
import { createCommands } from '../../addin/commands.js';
import { newHostState, withWorkbook } from '../../addin/excel-adapter.js';
import { dayFromYMD, dayFromSerial, isoOf } from '../../core/dates.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';
import { runPythonScript } from '../helpers/python.js';
import { fakeInitFromXlsx } from './from-xlsx.js';
import { installFakeOffice, removeFakeOffice, type FakeWorkbookInit } from './index.js';

let dir: string;
let painted: FakeWorkbookInit;
let withPlan: FakeWorkbookInit;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-adopt-pane-'));
  const file = join(dir, 'painted.xlsx');
  runPythonScript(join(FIXTURES_DIR, 'painted_plan.py'), [file]);
  painted = fakeInitFromXlsx(file);
  const second = join(dir, 'painted-with-plan.xlsx');
  runPythonScript(join(FIXTURES_DIR, 'painted_plan.py'), [second, '--plan-sheet']);
  withPlan = fakeInitFromXlsx(second);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(removeFakeOffice);

const today = dayFromYMD(2020, 11, 13)!;
const iso = (v: unknown) => (typeof v === 'number' ? isoOf(dayFromSerial(v, false)!) : v);

describe('Adopt painted timeline (pane)', () => {
  it('writes the Plan and Adoption review sheets into the open workbook, leaving the painted sheet as it was', async () => {
    const fake = installFakeOffice(painted);
    const before = fake.workbook.sheet('Transition Plan').cells();
    const commands = createCommands({ today });
    const result = await commands.adoptPaintedTimeline();
    expect(result.summary).toBe(
      'Adopted 12 rows from "Transition Plan" into sheet "Plan": 6 high, 3 medium, 2 low confidence, 1 with nothing inferred. 3 rows need review: see "Adoption review".',
    );
    // Rows to check are findings on the painted sheet: a click goes to the row.
    expect(result.findings.filter((f) => f.severity === 'warning').map((f) => f.cell)).toEqual([
      'A9',
      'A14',
      'A15',
    ]);
    expect(result.findings.every((f) => f.sheet === 'Transition Plan')).toBe(true);

    expect(fake.workbook.sheetNames()).toEqual([
      'Transition Plan',
      'Notes',
      'Plan',
      'Adoption review',
    ]);
    expect(fake.workbook.sheet('Transition Plan').cells()).toEqual(before);
    const plan = fake.workbook.sheet('Plan');
    expect(plan.cell('A1')?.value).toBe('ID');
    expect(plan.cell('K1')?.value).toBe('Comments');
    expect(['A3', 'C3', 'F3', 'G3', 'I3', 'J3'].map((a) => iso(plan.cell(a)?.value))).toEqual([
      '1.2',
      'Dissolve LGSS Joint Committee and LGSS Scrutiny Committee',
      '2020-06-01',
      '2020-08-31',
      '2020-03-01',
      '2020-05-31',
    ]);
    expect(plan.cell('F3')?.numberFormat).toBe('dd/mm/yyyy');
    const review = fake.workbook.sheet('Adoption review');
    expect(review.cell('A6')?.value).toBe('Sheet row');
    expect(review.cell('D10')?.value).toBe('Nothing inferred: review');

    // The adopted plan validates in the pane as it is.
    const validated = await commands.validate();
    expect(validated.summary).toMatch(/^14 tasks on sheet "Plan": 0 errors/);
  });

  it('reads a painted sheet too big for one response in row bands', async () => {
    const read = async (init: FakeWorkbookInit, budget?: number) => {
      installFakeOffice(init);
      const got = await withWorkbook(newHostState(budget), (session) =>
        session.readPaintedSheet(MAX_PAINTED_CELLS),
      );
      removeFakeOffice();
      return got;
    };
    const whole = await read(painted);
    // Excel on the web refuses a response over its limit: the painted sheet's values, formats
    // and fills (some 300 cells) take more than 12,000 bytes in one response. The session's budget
    // sits under the limit, as PAYLOAD_BUDGET sits under Excel's 5 MB.
    const banded = await read({ ...painted, payloadLimit: 12_000 }, 11_000);
    expect(banded.sheet?.cells).toEqual(whole.sheet?.cells);
    expect([...banded.fills].sort()).toEqual([...whole.fills].sort());
    expect(banded.fills.get('3,3')).toBe('FFFFFF'); // Excel's colour for no fill
    expect(banded.fills.get('6,3')).toBe('92D050');
    expect(banded.sheet?.cells[11]?.[11]?.value).toBe('Go Live 1/11');
  });

  it('reads a bar painted as one merged cell over every month it covers, as the CLI does', async () => {
    const file = join(dir, 'merged.xlsx');
    runPythonScript(join(FIXTURES_DIR, 'painted_plan.py'), [file, '--merged']);
    const merged = fakeInitFromXlsx(file);
    expect(merged.sheets.find((s) => s.name === 'Transition Plan')?.merges).toContain('I16:J16');
    const fake = installFakeOffice(merged);
    await createCommands({ today }).adoptPaintedTimeline();
    const plan = fake.workbook.sheet('Plan');
    const row = Array.from({ length: 20 }, (_, i) => i + 2).find(
      (r) => plan.cell(`A${r}`)?.value === '2.4',
    );
    // Start and End of 2.4: the whole merged bar, September and October, not only its first cell.
    expect([iso(plan.cell(`F${row}`)?.value), iso(plan.cell(`G${row}`)?.value)]).toEqual([
      '2020-09-01',
      '2020-10-31',
    ]);
  });

  it('never overwrites a sheet called Plan', async () => {
    const fake = installFakeOffice(withPlan);
    const old = fake.workbook.sheet('Plan').cells();
    const result = await createCommands({ today }).adoptPaintedTimeline();
    expect(result.summary).toMatch(
      /^Adopted 12 rows from "Transition Plan" into sheet "Plan \(adopted\)" \(the workbook already has a sheet "Plan"\)/,
    );
    expect(fake.workbook.sheet('Plan').cells()).toEqual(old);
    expect(fake.workbook.sheet('Plan (adopted)').cell('A2')?.value).toBe('1.1');
  });

  it('says what it looked for when the active sheet has no painted timeline', async () => {
    const fake = installFakeOffice({
      sheets: [{ name: 'Risks', cells: { A1: { value: 'Risk' }, B1: { value: 'Owner' } } }],
    });
    await expect(createCommands({ today }).adoptPaintedTimeline()).rejects.toThrow(
      /^No painted timeline found on sheet "Risks": looked for a row of at least 3 month, week or quarter headings .*\. Nothing was written\.$/,
    );
    expect(fake.workbook.sheetNames()).toEqual(['Risks']);
  });
});
