/**
 * Workbooks plan-sync builds with exceljs (a new plan, the leads' returns) are stored by exceljs
 * and deflated by Node's zlib (sync/xlsx/exceljs-bytes.ts). Read back with Python's zipfile: the
 * same parts as exceljs's own zip, no folder entries, and none of the limits meant for files we
 * are given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { listParts } from '../helpers/parts.js';
import { runPython } from '../helpers/python.js';
import { exceljsBytes } from '../../sync/xlsx/exceljs-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-exceljs-bytes-'));

/** Each entry's name, compression method (8 = deflate) and size. */
const ENTRIES = String.raw`
import sys, json, zipfile
print(json.dumps([[i.filename, i.compress_type, i.file_size] for i in zipfile.ZipFile(sys.argv[1]).infolist()]))
`;

async function workbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Plan');
  ws.addRow(['ID', 'Task', 'Start', 'RAG']);
  for (let i = 1; i <= 300; i++)
    ws.addRow([`1.${i}`, `Task ${i} — café`, new Date(Date.UTC(2024, 3, i % 28)), 'Amber/Green']);
  ws.getCell('D2').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC000' } };
  ws.dataValidations.add('D2:D301', { type: 'list', formulae: ['"Red,Amber,Green"'] });
  return wb;
}

describe('a workbook built with exceljs', () => {
  const saved = process.env.PLAN_SYNC_MAX_PART_MB;
  afterEach(() => {
    if (saved === undefined) delete process.env.PLAN_SYNC_MAX_PART_MB;
    else process.env.PLAN_SYNC_MAX_PART_MB = saved;
  });

  it('has the parts exceljs zips itself, deflated, and no folder entries', async () => {
    const wb = await workbook();
    const ours = join(dir, 'ours.xlsx');
    const theirs = join(dir, 'theirs.xlsx');
    writeFileSync(ours, await exceljsBytes(wb));
    writeFileSync(theirs, Buffer.from(await wb.xlsx.writeBuffer()));
    const parts = listParts(ours);
    const expected = new Map([...listParts(theirs)].filter(([name]) => !name.endsWith('/')));
    expect(parts).toEqual(expected);
    const entries = JSON.parse(runPython(ENTRIES, [ours])) as [string, number, number][];
    expect(entries.map(([name]) => name)).toEqual([...expected.keys()]);
    for (const [, method] of entries) expect(method).toBe(8);
  });

  it('is written whatever PLAN_SYNC_MAX_PART_MB says: that limit is for files plan-sync reads', async () => {
    process.env.PLAN_SYNC_MAX_PART_MB = 'lots';
    const plan = join(dir, 'new.xlsx');
    const run = await cli(['init', plan, '--example']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect([...listParts(plan).keys()]).toContain('xl/worksheets/sheet1.xml');
  });
});
