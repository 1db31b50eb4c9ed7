/**
 * The pane's Highlight report against the fake Excel, on the seed programme written by openpyxl:
 * the same sheets, values and findings as `plan-sync report`, and a second report on the same date
 * replaces the history rather than adding to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommands } from '../../addin/commands.js';
import { dayFromSerial, dayFromYMD, isoOf } from '../../core/dates.js';
import { RAG_COLOURS } from '../../core/rag.js';
import { cli } from '../helpers/cli.js';
import { writeProgrammeXlsx } from '../helpers/highlight-programme.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { installFakeOffice, removeFakeOffice, type FakeWorkbookInit } from '../fake-excel/index.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-pane-report-'));
const source = join(dir, 'programme.xlsx');
const viaCli = join(dir, 'cli.xlsx');
let init: FakeWorkbookInit;

beforeAll(async () => {
  writeProgrammeXlsx(source, dir);
  init = fakeInitFromXlsx(source);
  expect((await cli(['report', source, '-o', viaCli, '--report-date', '2020-11-13'])).code).toBe(0);
});

afterEach(removeFakeOffice);

const today = dayFromYMD(2020, 11, 13)!;

describe('Highlight report in the pane', () => {
  it('shows the programme summary and the flags with their cells', async () => {
    installFakeOffice(init);
    const result = await createCommands({ today }).highlightReport({ reportDate: '2020-11-13' });
    expect(result.summary).toMatch(
      /^Built the "Highlight report" and "Status history" sheets for 2020-11-13: programme declared Amber, computed Amber\/Red; 6 workstreams flagged\./,
    );
    expect(result.report?.programme).toMatchObject({
      declared: 'Amber',
      computed: 'Amber/Red',
      trend: '● new',
      flags: ['rag-rollup-mismatch'],
      sheet: 'Settings',
      cell: 'B4',
    });
    expect(result.report?.workstreams[0]).toMatchObject({
      name: 'Project work stream 1: Governance',
      declared: 'Amber',
      computed: 'Amber/Red',
      flags: ['rag-rollup-mismatch'],
      sheet: 'Workstreams',
      cell: 'C2',
    });
    const at = (rule: string) =>
      result.findings.filter((f) => f.rule === rule).map((f) => `${f.sheet}!${f.cell}`);
    expect(at('rag-rollup-mismatch')).toEqual(['Workstreams!C2', 'Settings!B4']);
    expect(at('rag-watermelon')).toEqual(['Workstreams!C7']);
  });

  it('builds the same two sheets as plan-sync report', async () => {
    const fake = installFakeOffice(init);
    await createCommands({ today }).highlightReport({ reportDate: '2020-11-13' });
    expect(fake.workbook.sheetNames()).toEqual([
      'Plan',
      'Workstreams',
      'Settings',
      'RAID log',
      'Highlight report',
      'Status history',
    ]);
    const dump = dumpWorkbook(viaCli, { sheets: ['Highlight report', 'Status history'] });
    for (const name of ['Highlight report', 'Status history']) {
      const expected = sheetOf(dump, name);
      const got = fake.workbook.sheet(name);
      const gotValues: Record<string, unknown> = {};
      const wanted: Record<string, unknown> = {};
      for (const [ref, cell] of Object.entries(expected.cells))
        if (cell.value !== null && cell.value !== '') wanted[ref] = cell.value;
      for (const [ref, cell] of Object.entries(got.cells())) {
        if (cell.value === null || cell.value === '') continue;
        // openpyxl gives dates as ISO text; the fake keeps the serial number.
        gotValues[ref] =
          expected.cells[ref]?.isDate && typeof cell.value === 'number'
            ? isoOf(dayFromSerial(cell.value, false)!)
            : cell.value;
      }
      expect(gotValues).toEqual(wanted);
      expect(new Set(got.merges)).toEqual(new Set(expected.merged));
    }
    const report = fake.workbook.sheet('Highlight report');
    const row = Object.entries(report.cells())
      .find(([, c]) => c.value === 'Project work stream 1: Governance')![0]
      .slice(1);
    expect(report.cell(`D${row}`)?.format?.fill).toBe(`#${RAG_COLOURS['amber-red'].fill}`);
    expect(fake.workbook.sheet('Status history').freeze).toBe('1:1');
    // Printed on A4 landscape, one page wide, without grid lines on screen.
    expect(report.pageLayout).toEqual({
      orientation: 'Landscape',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
    });
    expect(report.showGridlines).toBe(false);
    expect(fake.workbook.sheet('Status history').showGridlines).toBe(true);
  });

  it('replaces the history rows of the same report date when run again', async () => {
    const fake = installFakeOffice(init);
    const commands = createCommands({ today });
    await commands.highlightReport({ reportDate: '2020-10-16' });
    await commands.highlightReport({ reportDate: '2020-11-13' });
    const count = () =>
      Object.keys(fake.workbook.sheet('Status history').cells()).filter((a) => /^A\d+$/.test(a))
        .length;
    expect(count()).toBe(1 + 2 * 32);
    const again = await commands.highlightReport({ reportDate: '2020-11-13' });
    expect(count()).toBe(1 + 2 * 32);
    expect(again.report?.workstreams.every((w) => w.trend === '► same')).toBe(true);
  });
  it("refuses to replace the user's own Status History sheet, changing nothing", async () => {
    const mine = join(dir, 'mine.xlsx');
    execFileSync('/usr/bin/python3', [
      '-c',
      "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nws = wb.create_sheet('Status History')\nws['A1'] = 'Week ending'\nws['A2'] = 'Kept by hand'\nwb.save(sys.argv[2])",
      source,
      mine,
    ]);
    const fake = installFakeOffice(fakeInitFromXlsx(mine));
    const sheets = () => fake.workbook.sheetNames();
    const before = sheets();
    await expect(
      createCommands({ today }).highlightReport({ reportDate: '2020-11-13' }),
    ).rejects.toThrow('Sheet "Status History" is not one plan-sync made');
    expect(sheets()).toEqual(before);
    expect(fake.workbook.sheet('Status History').cells().A2?.value).toBe('Kept by hand');
  });
});
