/** Merge a return in the task pane, against the fake Excel host: the same engine as the CLI. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommands } from '../../addin/commands.js';
import { dayFromYMD, serialFromDay } from '../../core/dates.js';
import { installFakeOffice, removeFakeOffice } from '../fake-excel/index.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { cli } from '../helpers/cli.js';
import { runPython } from '../helpers/python.js';

afterEach(removeFakeOffice);

const serial = (y: number, m: number, d: number) => serialFromDay(dayFromYMD(y, m, d)!, false);

const EDIT = String.raw`
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Return']
col = {ws.cell(5, c).value: c for c in range(1, 12)}
rows = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value}
ws.cell(rows['1'], col['RAG']).value = 'R'
ws.cell(rows['1.1'], col['End']).value = '15/01/2021'
ws.cell(rows['1.2'], col['Comments']).value = 'Waiting on legal'
ws.cell(rows['1.3'], col['End']).value = datetime.datetime(2020, 12, 31)
ws.append(['2', 'HR and Consultation', 'Not mine', None, None, None, None, None, 'Red'])
wb.save(sys.argv[2])
`;

describe('Merge a return (pane)', () => {
  it('applies the lead’s changes to the open workbook, with conflicts at their cells', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-returns-pane-'));
    const plan = join(dir, 'plan.xlsx');
    expect((await cli(['init', plan, '--example'])).code).toBe(0);
    const issued = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      dir,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Governance',
    ]);
    expect(issued.code).toBe(0);
    const edited = join(dir, 'gov.xlsx');
    runPython(EDIT, [join(dir, 'Governance return 2020-11-13.xlsx'), edited]);

    const init = fakeInitFromXlsx(plan);
    // Meanwhile, in Excel, the programme office moves 1.3's end too.
    const planSheet = init.sheets.find((s) => s.name === 'Plan')!;
    expect(planSheet.cells!.A5.value).toBe('1.3');
    planSheet.cells!.G5 = { ...planSheet.cells!.G5, value: serial(2020, 12, 24) };
    const fake = installFakeOffice(init);
    const commands = createCommands({ today: dayFromYMD(2020, 11, 13)! });

    const result = await commands.mergeReturn({ name: 'gov.xlsx', bytes: readFileSync(edited) });
    expect(result.summary).toMatch(
      /^Merged gov\.xlsx \(Governance, report date 13 Nov 2020\): 3 applied, 1 conflict, 1 rejected\. Logged on the Returns log sheet\./,
    );
    const sheet = fake.workbook.sheet('Plan');
    expect(sheet.cell('H2')?.value).toBe('Red');
    expect(sheet.cell('G3')?.value).toBe(serial(2021, 1, 15));
    expect(sheet.cell('G3')?.numberFormat).toBe('dd/mm/yyyy');
    expect(sheet.cell('M4')?.value).toBe('Waiting on legal');
    expect(sheet.cell('G5')?.value).toBe(serial(2020, 12, 24));
    const conflict = result.findings.filter((f) => f.rule === 'return-conflict');
    expect(conflict).toMatchObject([{ sheet: 'Plan', cell: 'G5', severity: 'warning' }]);
    expect(result.findings.filter((f) => f.rule === 'return-other-workstream')).toHaveLength(1);
    // The conflict's link goes to its cell.
    await commands.selectCell(conflict[0].sheet, conflict[0].cell);
    const log = fake.workbook.sheet('Returns log');
    expect(log.cell('A1')?.value).toBe('Returns log');
    expect(log.cell('E4')?.value).toBe('Outcome');
    const outcomes = Object.entries(log.cells())
      .filter(([ref]) => /^E\d+$/.test(ref) && Number(ref.slice(1)) > 4)
      .map(([, c]) => c.value);
    expect(outcomes.sort()).toEqual([
      'Applied',
      'Applied',
      'Applied',
      'Conflict',
      'Merged',
      'Rejected',
    ]);

    // The same return again: nothing changes.
    const before = JSON.stringify([sheet.cells(), log.cells()]);
    const again = await commands.mergeReturn({ name: 'gov.xlsx', bytes: readFileSync(edited) });
    expect(again.summary).toMatch(
      /^gov\.xlsx was merged before and nothing has changed since; nothing was written\./,
    );
    expect(JSON.stringify([sheet.cells(), log.cells()])).toBe(before);
  }, 120_000);

  it('refuses a workbook that is not a return, changing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-returns-pane-'));
    const plan = join(dir, 'plan.xlsx');
    expect((await cli(['init', plan, '--example'])).code).toBe(0);
    const fake = installFakeOffice(fakeInitFromXlsx(plan));
    const before = JSON.stringify(fake.workbook.sheet('Plan').cells());
    await expect(
      createCommands().mergeReturn({ name: 'plan.xlsx', bytes: readFileSync(plan) }),
    ).rejects.toThrow('plan.xlsx: it is not a return issued by plan-sync');
    expect(JSON.stringify(fake.workbook.sheet('Plan').cells())).toBe(before);
  }, 120_000);
});
