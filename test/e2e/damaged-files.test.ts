/**
 * Damaged workbooks get the damaged-file words, naming the file, never "not an Excel workbook"
 * or a bare internal message: a cut-short .xlsx, a dangling styles relationship, duplicate part
 * names. Exit 2 and the file untouched.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../helpers/cli.js';
import { entriesOf, entryOf, examplePlan, rawZip, STYLES, withParts } from '../helpers/hostile.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { packageProblems } from '../helpers/package-check.js';
import { partText } from '../helpers/parts.js';

const REPORT = ['--report-date', '2020-11-13'];
let dir: string;
let base: Buffer;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-damaged-'));
  base = await examplePlan();
});

function folder(): string {
  return mkdtempSync(join(dir, `case${n++}-`));
}

function refused(run: CliRun, path: string, before: Buffer, reason: string | RegExp): void {
  expect(run.code, run.stderr || run.stdout).toBe(2);
  if (typeof reason === 'string') expect(run.stderr).toBe(reason);
  else expect(run.stderr).toMatch(reason);
  expect(run.stderr.split('\n')).toHaveLength(1);
  expect(readFileSync(path).equals(before)).toBe(true);
}

const CUT_SHORT =
  'plan-sync: plan.xlsx: this looks like an Excel workbook, but it is damaged or was cut short (not fully copied, downloaded or saved). Open it in Excel with Open and Repair (File > Open, pick the file, Open and Repair)';

describe('a truncated .xlsx', () => {
  it('is called damaged or cut short, not "not an Excel workbook"', async () => {
    for (const at of [100, 3000, base.length - 10]) {
      const path = join(folder(), 'plan.xlsx');
      const bytes = base.subarray(0, at);
      writeFileSync(path, bytes);
      refused(
        await cli(['validate', path, ...REPORT]),
        path,
        bytes,
        `${CUT_SHORT}, or use an earlier copy.`,
      );
      refused(
        await cli(['sync', path, ...REPORT]),
        path,
        bytes,
        `${CUT_SHORT}, or use an earlier copy.`,
      );
    }
  });

  it('names the backup plan-sync kept, when there is one', async () => {
    const at = folder();
    const path = join(at, 'plan.xlsx');
    const bytes = base.subarray(0, base.length - 10);
    writeFileSync(path, bytes);
    writeFileSync(join(at, 'plan.backup.xlsx'), base);
    refused(
      await cli(['sync', path, ...REPORT]),
      path,
      bytes,
      `${CUT_SHORT}, or use the backup plan-sync kept, plan.backup.xlsx.`,
    );
  });

  it('other bytes are still "not an Excel workbook"', async () => {
    const path = join(folder(), 'plan.xlsx');
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]);
    writeFileSync(path, bytes);
    refused(
      await cli(['validate', path]),
      path,
      bytes,
      'plan-sync: plan.xlsx: not an Excel workbook (.xlsx/.xlsm).',
    );
  });
});

describe('a styles relationship to a part that is missing', () => {
  const dangling = () => withParts(base, { [STYLES]: null });

  it('sync creates the part where the relationship points, with its content type once', async () => {
    const path = join(folder(), 'plan.xlsx');
    writeFileSync(path, dangling());
    const run = await cli(['sync', path, '--no-backup', ...REPORT]);
    expect(run.code, run.stderr).toBe(0);
    expect(packageProblems([path])).toEqual([[]]);
    const types = partText(path, '[Content_Types].xml');
    expect(types.match(/PartName="\/xl\/styles\.xml"/g)).toHaveLength(1);
    expect(partText(path, 'xl/_rels/workbook.xml.rels').match(/\/styles"/g)).toHaveLength(1);
    const plan = sheetOf(dumpWorkbook(path, { sheets: ['Plan'] }), 'Plan');
    expect(plan.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
    // The header's s="4" had no format to show: it keeps showing the default.
    expect(plan.cells.A1).toMatchObject({ value: 'ID', fill: null, bold: false });
  }, 60_000);

  it('with an Override giving it another type: refused, naming the file', async () => {
    const path = join(folder(), 'plan.xlsx');
    const bytes = withParts(base, {
      [STYLES]: null,
      '[Content_Types].xml': (x) =>
        x.replace(/(PartName="\/xl\/styles\.xml" ContentType=")[^"]*"/, '$1application/xml"'),
    });
    writeFileSync(path, bytes);
    refused(
      await cli(['sync', path, ...REPORT]),
      path,
      bytes,
      'plan-sync: plan.xlsx: [Content_Types].xml is damaged: it gives xl/styles.xml the wrong content type. Let Excel repair the file (File > Open, pick the file, Open and Repair), save it, then try again. Nothing was written.',
    );
  });

  it('import-budget too', async () => {
    const at = folder();
    const path = join(at, 'plan.xlsx');
    writeFileSync(path, dangling());
    const csv = join(at, 'table.csv');
    writeFileSync(csv, 'Item,2020-21\nStaff,10\nTotal,10\n');
    const run = await cli(['import-budget', path, csv, '--no-backup']);
    expect(run.code, run.stderr).toBe(0);
    expect(packageProblems([path])).toEqual([[]]);
    expect(
      partText(path, '[Content_Types].xml').match(/PartName="\/xl\/styles\.xml"/g),
    ).toHaveLength(1);
  }, 60_000);
});

describe('two zip entries with the same part name', () => {
  it('is a damaged workbook: refused, whichever host command, nothing copied', async () => {
    const cases: [string, string][] = [
      [STYLES, 'two parts named "xl/styles.xml"'],
      [
        'XL/Styles.xml',
        'two parts named "xl/styles.xml" and "XL/Styles.xml" (part names ignore case)',
      ],
    ];
    for (const [name, what] of cases) {
      const other = Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
      );
      const bytes = rawZip([...entriesOf(base), entryOf(name, other)]);
      const path = join(folder(), 'plan.xlsx');
      writeFileSync(path, bytes);
      const reason = `plan-sync: plan.xlsx: the workbook is damaged: it holds ${what}. Let Excel repair the file (File > Open, pick the file, Open and Repair), save it, then try again.`;
      refused(await cli(['validate', path, ...REPORT]), path, bytes, reason);
      refused(await cli(['sync', path, ...REPORT]), path, bytes, reason);
    }
  });
});
