/**
 * The fidelity corpus: workbooks from XlsxWriter, openpyxl and LibreOffice full of features a
 * user's workbook carries. A sync must keep every part it does not own byte for byte.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { fidelityPath, type FidelityFile } from '../helpers/fidelity.js';
import { diffParts, listParts, partText } from '../helpers/parts.js';

function copy(name: FidelityFile): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plan-sync-fidelity-'));
  const file = join(dir, name);
  copyFileSync(fidelityPath(name), file);
  // A copy keeps the source's mode; the copy is a user's working file, so it is writable.
  chmodSync(file, 0o644);
  return { dir, file };
}

/** Everything in a worksheet part outside sheetData, cols, dimension and sheetViews. */
function foreignSections(xml: string): string {
  return xml
    .replace(/<sheetData[\s\S]*?<\/sheetData>|<sheetData\/>/, '')
    .replace(/<cols>[\s\S]*?<\/cols>/, '')
    .replace(/<dimension [^>]*\/>/, '')
    .replace(/<sheetViews>[\s\S]*?<\/sheetViews>/, '');
}

describe.each(['xw_full.xlsx', 'xw_vba.xlsm', 'openpyxl_full.xlsx'] as const)('%s', (name) => {
  it('syncs in place, changing only the plan sheet, styles and names', async () => {
    const { dir, file } = copy(name);
    const original = fidelityPath(name);
    const run = await cli(['sync', file, '--report-date', '2024-03-15']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const diff = diffParts(original, file);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.sort()).toEqual([
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    // Validation, conditional formats (incl. the 2010 data bar), hyperlinks, merges, sparklines, drawings:
    expect(foreignSections(partText(file, 'xl/worksheets/sheet1.xml'))).toBe(
      foreignSections(partText(original, 'xl/worksheets/sheet1.xml')),
    );
    // Only a name was added to workbook.xml.
    const names = (xml: string) =>
      xml.replace(/<definedName name="PlanSync_Timeline"[^>]*>[^<]*<\/definedName>/, '');
    expect(names(partText(file, 'xl/workbook.xml'))).toBe(partText(original, 'xl/workbook.xml'));
    // Every style that was there is still there, at the same index.
    const styles = partText(file, 'xl/styles.xml');
    const xfs = (xml: string) => /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)![1];
    expect(xfs(styles).startsWith(xfs(partText(original, 'xl/styles.xml')))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(
      [name.replace(/\.(xlsx|xlsm)$/, '.backup.$1'), name].sort(),
    );
  });

  it('reads back with openpyxl: RAG colours and the timeline present, everything else as before', async () => {
    const { file } = copy(name);
    await cli(['sync', file, '--report-date', '2024-03-15']);
    const before = dumpWorkbook(fidelityPath(name), { sheets: ['Plan'] });
    const after = dumpWorkbook(file, { sheets: ['Plan'] });
    const was = sheetOf(before, 'Plan');
    const now = sheetOf(after, 'Plan');
    expect(now.dataValidations).toEqual(was.dataValidations);
    expect(now.conditionalFormats).toEqual(was.conditionalFormats);
    expect(now.merged).toEqual(was.merged);
    expect(now.hyperlinks).toEqual(was.hyperlinks);
    expect(now.charts + now.images).toBe(was.charts + was.images);
    expect(after.sheets.map((s) => [s.name, s.kind, s.state, s.charts, s.images])).toEqual(
      before.sheets.map((s) => [s.name, s.kind, s.state, s.charts, s.images]),
    );
    const { PlanSync_Timeline: timeline, ...rest } = after.definedNames;
    expect(rest).toEqual(before.definedNames);
    // The periods R..Z, then the key's five columns (a gap, swatch, label and room for it).
    expect(timeline).toMatch(/^'?Plan'?!\$R\$1:\$AE\$41$/);
    expect(now.cells.F2.fill).not.toBe(was.cells.F2?.fill ?? null);
    expect(now.cells.R1.isDate).toBe(true);
    expect(now.cells.R1.value).toBe('2024-01-01');
    // Task 1 runs 4 Jan .. 6 Mar 2024: January to March filled, April empty.
    expect(['R2', 'S2', 'T2'].map((c) => now.cells[c]?.fill)).toEqual(
      Array(3).fill(now.cells.R2.fill),
    );
    expect(now.cells.R2.fill).toMatch(/^[0-9A-F]{6}$/);
    expect(now.cells.U2?.fill ?? null).toBeNull();
  });

  it('is idempotent: a second sync writes nothing', async () => {
    const { file } = copy(name);
    await cli(['sync', file, '--report-date', '2024-03-15']);
    const bytes = readFileSync(file);
    const run = await cli(['sync', file, '--report-date', '2024-03-15']);
    expect(run.stdout).toContain('already up to date');
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('macro-enabled workbooks', () => {
  it('keep their VBA project and content type', async () => {
    const { file } = copy('xw_vba.xlsm');
    await cli(['sync', file, '--report-date', '2024-03-15']);
    const before = listParts(fidelityPath('xw_vba.xlsm'));
    const after = listParts(file);
    expect(after.get('xl/vbaProject.bin')).toBe(before.get('xl/vbaProject.bin'));
    expect(after.get('[Content_Types].xml')).toBe(before.get('[Content_Types].xml'));
    expect(partText(file, '[Content_Types].xml')).toContain('macroEnabled');
  });
});

describe('a workbook with no plan', () => {
  it('is refused with exit 2 and left untouched', async () => {
    const { dir, file } = copy('lo_pivot_ext.xlsx');
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const run = await cli(['sync', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^plan-sync: No plan sheet found.*"Data", "Pivot".*Nothing was written\.$/,
    );
    expect(run.stderr).not.toContain('\n');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readdirSync(dir)).toEqual(['lo_pivot_ext.xlsx']);
    const validate = await cli(['validate', file, '--json']);
    expect(validate.code).toBe(2);
    expect(JSON.parse(validate.stdout).findings[0]).toMatchObject({
      severity: 'error',
      rule: 'plan-sheet',
    });
  });
});

describe('LibreOffice', () => {
  it('opens the synced xw_full.xlsx', async () => {
    const { dir, file } = copy('xw_full.xlsx');
    await cli(['sync', file, '--report-date', '2024-03-15']);
    const pdf = convertWithLibreOffice(file, 'pdf', join(dir, 'pdf'));
    expect(existsSync(pdf)).toBe(true);
    expect(statSync(pdf).size).toBeGreaterThan(1000);
  });
});
