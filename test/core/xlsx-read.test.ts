/**
 * The host-independent workbook reading of core/: the zip reader, the package reader and the
 * budget source, driven with fflate's inflate (as the Excel add-in does), never node:zlib, on
 * plain Uint8Arrays. Node is used here only to load the fixture files and to compare with the CLI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cellValue } from '../../core/cells.js';
import { BudgetSourceError, readBudgetSourceBytes } from '../../core/budget/source.js';
import { XlsxPackage } from '../../core/xlsx/workbook-read.js';
import { crc32, ZipError, ZipReader } from '../../core/xlsx/zip-read.js';
import { readBudgetSource } from '../../sync/io/budget-source.js';
import { ZipReader as NodeZipReader } from '../../sync/xlsx/zip.js';
import { inflateRaw as addinInflateRaw } from '../../addin/inflate.js';
import { FIDELITY_FILES, fidelityPath, type FidelityFile } from '../helpers/fidelity.js';

const CORE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'core');

/** The fixture's bytes as a plain Uint8Array (a copy, not a Buffer). */
function bytesOf(name: FidelityFile): Uint8Array {
  const bytes = new Uint8Array(readFileSync(fidelityPath(name)));
  expect(Buffer.isBuffer(bytes)).toBe(false);
  return bytes;
}

/** fflate's inflate, counting its calls. */
function fflateInflater(): { inflate: (data: Uint8Array) => Uint8Array; calls: () => number } {
  let calls = 0;
  return {
    inflate: (data) => {
      calls++;
      return inflateSync(data);
    },
    calls: () => calls,
  };
}

describe('core ZipReader with fflate', () => {
  it.each(FIDELITY_FILES)('reads every entry of %s as the node:zlib reader does', (file) => {
    const bytes = bytesOf(file);
    const { inflate, calls } = fflateInflater();
    const zip = ZipReader.open(bytes, inflate);
    const node = NodeZipReader.open(readFileSync(fidelityPath(file)));
    expect(zip.entries).toEqual(node.entries);
    expect(zip.comment).toEqual(new Uint8Array(node.comment));
    for (const e of zip.entries) {
      const data = zip.read(e.name);
      expect(Buffer.isBuffer(data)).toBe(false);
      expect(Buffer.from(data).equals(node.read(e.name))).toBe(true);
      expect(crc32(data)).toBe(e.crc32);
    }
    expect(calls()).toBe(zip.entries.filter((e) => e.method === 8).length);
    expect(calls()).toBeGreaterThan(0);
  });

  it('exposes what writeZip needs: raw central records and local record lengths', () => {
    const zip = ZipReader.open(bytesOf('lo_pivot_ext.xlsx'), addinInflateRaw);
    zip.entries.forEach((e, i) => {
      const record = zip.centralRecord(i);
      expect(new DataView(record.buffer, record.byteOffset).getUint32(0, true)).toBe(0x02014b50);
      expect(new TextDecoder().decode(zip.rawName(i))).toBe(e.name);
      // LibreOffice writes signed data descriptors: 16 bytes after the data.
      const dataEnd = zip.dataOffset(e) + e.compressedSize;
      expect(zip.localRecordLength(e)).toBe(dataEnd + 16 - e.localHeaderOffset);
    });
  });

  it('decodes text parts and keeps the same errors', () => {
    const zip = ZipReader.open(bytesOf('xw_full.xlsx'), addinInflateRaw);
    expect(zip.readText('xl/workbook.xml')).toMatch(/^<\?xml[^]*<sheet name="Plan"/);
    expect(() => zip.read('xl/nope.xml')).toThrow(ZipError);
    expect(() => ZipReader.open(new Uint8Array(0), addinInflateRaw)).toThrow(
      new ZipError('not a zip file'),
    );
    expect(() =>
      ZipReader.open(new TextEncoder().encode('not a zip archive at all, no'), addinInflateRaw),
    ).toThrow('not a zip file');
    const broken = ZipReader.open(bytesOf('ext_source.xlsx'), () => {
      throw new Error('invalid block type');
    });
    expect(() => broken.read('xl/workbook.xml')).toThrow(
      /^zip entry xl\/workbook.xml is corrupt: invalid block type$/,
    );
  });
});

describe('core XlsxPackage with fflate', () => {
  const pkg = XlsxPackage.open(bytesOf('xw_full.xlsx'), fflateInflater().inflate);

  it('lists the sheets and reads cells', () => {
    expect(pkg.sheets.map((s) => [s.name, s.kind, s.state])).toEqual([
      ['Plan', 'worksheet', 'visible'],
      ['Lists', 'worksheet', 'hidden'],
      ['Finance', 'worksheet', 'visible'],
      ['Charts', 'worksheet', 'visible'],
      ['ChartSheet', 'chartsheet', 'visible'],
    ]);
    const plan = pkg.readSheet('Plan');
    expect(cellValue(plan, 1, 1)).toBe('ID');
    expect(plan.cells[2][4]).toEqual({ value: 45295, numFmt: 'yyyy-mm-dd' }); // 2024-01-04
    expect(plan.cells[3][12]).toEqual({ value: 'Rich bold and red italic' });
    expect(pkg.readSheet('Finance').tables).toEqual([{ top: 1, left: 1, bottom: 11, right: 6 }]);
  });

  it('reads the defined names', () => {
    expect(pkg.definedNames).toContainEqual({ name: 'RagList', ref: 'Lists!$A$1:$A$3' });
    expect(pkg.definedNames).toContainEqual({
      name: 'LocalName',
      ref: 'Plan!$B$2',
      scope: 'Plan',
    });
    expect(pkg.definedNames).toHaveLength(6);
  });

  it('reads the macro-enabled and LibreOffice workbooks', () => {
    const vba = XlsxPackage.open(bytesOf('xw_vba.xlsm'), addinInflateRaw);
    expect(vba.isMacroEnabled).toBe(true);
    const lo = XlsxPackage.open(bytesOf('lo_pivot_ext.xlsx'), addinInflateRaw);
    const data = lo.readSheet('Data');
    expect([1, 2, 3].map((c) => cellValue(data, 1, c))).toEqual(['Workstream', 'Lead', 'Budget']);
    expect(data.cells[2][3]).toEqual({ value: 100 });
  });

  it('explains files that are not workbooks', () => {
    const open = (bytes: Uint8Array) => () => XlsxPackage.open(bytes, addinInflateRaw);
    expect(open(new TextEncoder().encode('ID,Task\n1,Plan\n'))).toThrow(
      expect.objectContaining({
        kind: 'csv',
        message:
          'this is a CSV file, not an Excel workbook; open it in Excel and save it as Excel Workbook (.xlsx)',
      }),
    );
    const cfb = new Uint8Array(1024);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(open(cfb)).toThrow(/^this is an old Office file/);
  });
});

describe('core budget source from bytes', () => {
  it('reads a CSV file', () => {
    const bytes = new TextEncoder().encode('Cost centre;2017-18\nFinance;-295\nAudit;"-75"\n');
    const source = readBudgetSourceBytes(bytes, 'table3.csv', null, addinInflateRaw);
    expect(source.label).toBe('table3.csv (UTF-8, semicolon-separated)');
    expect(source.defaultName).toBe('table3');
    expect(source.bytes).toBe(bytes);
    expect(source.table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['Cost centre', '2017-18'],
      ['Finance', '-295'],
      ['Audit', '-75'],
    ]);
    expect(source.table.rows[2][1].at).toEqual({ file: 'table3.csv', line: 3, column: 2 });
  });

  it('reads a workbook range, given only the bytes', () => {
    const { inflate, calls } = fflateInflater();
    const source = readBudgetSourceBytes(
      bytesOf('lo_pivot_ext.xlsx'),
      'lo_pivot_ext.xlsx',
      'Data!A1:C3',
      inflate,
    );
    expect(calls()).toBeGreaterThan(0);
    expect(source.label).toBe('lo_pivot_ext.xlsx#Data!A1:C3');
    expect(source.defaultName).toBe('lo_pivot_ext');
    expect(source.table.rows).toHaveLength(3);
    expect(source.table.rows[0].map((c) => c.text)).toEqual(['Workstream', 'Lead', 'Budget']);
    expect(source.table.rows[1][2]).toEqual({
      text: '100',
      number: 100,
      at: { sheet: 'Data', cell: 'C2' },
    });
  });

  it.each([null, 'Finance', 'Finance!A1:F11', 'FinanceTbl', 'ragList'])(
    'selects %s in a workbook exactly as the command line does',
    (selector) => {
      const path = fidelityPath('xw_full.xlsx');
      const cli = readBudgetSource(selector === null ? path : `${path}#${selector}`);
      const core = readBudgetSourceBytes(bytesOf('xw_full.xlsx'), 'xw_full.xlsx', selector, (d) =>
        inflateSync(d),
      );
      expect(core.table).toEqual(cli.table);
      expect(core.label).toBe(cli.label);
      expect(core.defaultName).toBe(cli.defaultName);
      expect(core.table.rows.length).toBeGreaterThan(0);
    },
  );

  it('throws a one-line BudgetSourceError for what it cannot read', () => {
    const read = (bytes: Uint8Array, file: string, selector: string | null) => () =>
      readBudgetSourceBytes(bytes, file, selector, addinInflateRaw);
    expect(read(bytesOf('xw_full.xlsx'), 'xw_full.xlsx', 'NoSuchSheet')).toThrow(
      new BudgetSourceError(
        'xw_full.xlsx: no sheet, range, defined name or table called "NoSuchSheet" (sheets: Plan, Lists, Finance, Charts).',
      ),
    );
    expect(read(bytesOf('xw_full.xlsx'), 'xw_full.xlsx', 'Nope!A1:B2')).toThrow(BudgetSourceError);
    // The content decides: a CSV saved with an .xlsx name is read as the CSV it is.
    expect(read(new TextEncoder().encode('a,b\n1,2\n'), 'table.xlsx', null)().label).toBe(
      'table.xlsx (UTF-8, comma-separated)',
    );
    expect(read(new TextEncoder().encode('%PDF-1.4\n'), 'table.pdf', null)).toThrow(
      new BudgetSourceError(
        'table.pdf: this is a PDF, not an Excel workbook; use the Excel file (.xlsx) it was made from',
      ),
    );
    expect(read(Uint8Array.from([0x7f, 0x45, 0, 1]), 'table.bin', null)).toThrow(
      new BudgetSourceError('table.bin: not a CSV file or an Excel workbook (.xlsx/.xlsm)'),
    );
    expect(read(new TextEncoder().encode('a,"b\n1,2\n'), 'broken.csv', null)).toThrow(
      /^broken\.csv line \d+: /,
    );
  });
});

describe('core stays host-independent', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  walk(CORE);

  it('finds the core sources', () => {
    expect(files.map((f) => relative(CORE, f))).toEqual(
      expect.arrayContaining(['xlsx/zip-read.ts', 'xlsx/workbook-read.ts', 'budget/source.ts']),
    );
  });

  const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
  it.each(files.map((f) => [relative(CORE, f), f]))(
    '%s imports no Node module and uses no Buffer',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/from\s+['"]node:/);
      expect(text).not.toMatch(/\bimport\s*\(\s*['"]node:/);
      expect(text).not.toMatch(/\brequire\s*\(/);
      expect(text).not.toMatch(/\bBuffer\b/);
      for (const m of text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) {
        expect(builtins.has(m[1].split('/')[0]) ? m[1] : null).toBeNull();
      }
    },
  );
});
