/** Reading the table finance sends: a CSV file, or a range of another workbook (`file.xlsx#Sheet!A1:G20`). */

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { a1, parseRange, parseSheetRef, type CellRange, type SheetData } from '../../core/cells.js';
import { CsvError, parseCsv, type CsvTable } from '../../core/budget/csv.js';
import type { SourceCell, SourceTable } from '../../core/budget/table.js';
import { WorkbookReadError, XlsxPackage } from '../xlsx/package.js';
import { CannotProceed } from './load.js';

export interface BudgetSource {
  table: SourceTable;
  /** The file's bytes, for the fingerprint. */
  bytes: Uint8Array;
  /** How the source is named in the block and in messages, e.g. `table3.csv` or `plan.xlsx#Budget!A1:F9`. */
  label: string;
  /** The default name of the imported table. */
  defaultName: string;
}

const ENCODING_NAMES: Record<CsvTable['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'windows-1252': 'Windows-1252',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CannotProceed(
      code === 'ENOENT'
        ? `${path}: no such file.`
        : `${path}: cannot be read (${code ?? (e as Error).message}).`,
    );
  }
}

/** `table.xlsx#Budget!A1:F9` -> file and selector; a plain path has no selector. */
export function splitSelector(spec: string): { path: string; selector: string | null } {
  const hash = spec.lastIndexOf('#');
  if (hash > 0 && /\.(xlsx|xlsm)$/i.test(spec.slice(0, hash)))
    return { path: spec.slice(0, hash), selector: spec.slice(hash + 1) };
  return { path: spec, selector: null };
}

export function readBudgetSource(spec: string): BudgetSource {
  const { path, selector } = splitSelector(spec);
  const bytes = readBytes(path);
  const file = basename(path);
  const isZip = bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip && !/\.(xlsx|xlsm)$/i.test(path)) {
    try {
      const csv = parseCsv(bytes);
      const table: SourceTable = {
        rows: csv.rows.map((row) =>
          row.map((c) => ({ text: c.text, at: { file, line: c.line, column: c.column } })),
        ),
      };
      const separator =
        csv.separator === '\t' ? 'tab' : csv.separator === ';' ? 'semicolon' : 'comma';
      return {
        table,
        bytes,
        label: `${file} (${ENCODING_NAMES[csv.encoding]}, ${separator}-separated)`,
        defaultName: basename(file, extname(file)),
      };
    } catch (e) {
      if (e instanceof CsvError) throw new CannotProceed(`${file} line ${e.line}: ${e.message}`);
      throw e;
    }
  }
  let pkg: XlsxPackage;
  try {
    pkg = XlsxPackage.open(bytes);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw new CannotProceed(`${file}: ${e.message}`);
    throw e;
  }
  const { sheet, range, what } = selectRange(pkg, selector, file);
  const table: SourceTable = { rows: [] };
  for (let row = range.top; row <= range.bottom; row++) {
    const line: SourceCell[] = [];
    for (let col = range.left; col <= range.right; col++) {
      const cell = sheet.cells[row]?.[col];
      const value = cell?.value ?? null;
      const at = { sheet: sheet.name, cell: a1(row, col) };
      if (typeof value === 'number') line.push({ text: String(value), number: value, at });
      else if (value === null) line.push({ text: '', at });
      else line.push({ text: typeof value === 'object' ? value.error : String(value), at });
    }
    table.rows.push(line);
  }
  return {
    table,
    bytes,
    label: `${file}#${what}`,
    defaultName: selector && !selector.includes('!') ? selector : basename(file, extname(file)),
  };
}

function usedRange(sheet: SheetData): CellRange {
  return { top: 1, left: 1, bottom: Math.max(sheet.maxRow, 1), right: Math.max(sheet.maxCol, 1) };
}

/** The range a selector names: a sheet, a sheet range, a defined name or an Excel table. */
function selectRange(
  pkg: XlsxPackage,
  selector: string | null,
  file: string,
): { sheet: SheetData; range: CellRange; what: string } {
  const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet');
  const read = (name: string) => pkg.readSheet(name);
  const findSheet = (name: string) =>
    worksheets.find((s) => s.name === name) ??
    worksheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!selector) {
    if (!worksheets.length) throw new CannotProceed(`${file} has no worksheet to import from.`);
    const sheet = read(worksheets[0].name);
    return { sheet, range: usedRange(sheet), what: worksheets[0].name };
  }
  const bang = selector.lastIndexOf('!');
  if (bang > 0) {
    const ref = parseSheetRef(selector);
    const target = ref && findSheet(ref.sheet);
    if (!ref || !target)
      throw new CannotProceed(
        `${file}: no sheet or range "${selector}" (sheets: ${worksheets.map((s) => s.name).join(', ')}).`,
      );
    return { sheet: read(target.name), range: ref.range, what: selector };
  }
  const bySheet = findSheet(selector.replace(/^'(.*)'$/, '$1'));
  if (bySheet) {
    const sheet = read(bySheet.name);
    return { sheet, range: usedRange(sheet), what: bySheet.name };
  }
  const name = pkg.definedNames.find(
    (n) => n.name.toLowerCase() === selector.toLowerCase() && !n.scope,
  );
  const named = name && parseSheetRef(name.ref);
  if (named && findSheet(named.sheet))
    return { sheet: read(findSheet(named.sheet)!.name), range: named.range, what: selector };
  for (const ref of worksheets) {
    for (const rel of pkg.relsOf(ref.path).filter((r) => r.type.endsWith('/table'))) {
      const xml = pkg.text(rel.path);
      const names = [/\bname="([^"]*)"/.exec(xml)?.[1], /\bdisplayName="([^"]*)"/.exec(xml)?.[1]];
      const range = parseRange(/\bref="([^"]*)"/.exec(xml)?.[1] ?? '');
      if (range && names.some((n) => n?.toLowerCase() === selector.toLowerCase()))
        return { sheet: read(ref.name), range, what: selector };
    }
  }
  throw new CannotProceed(
    `${file}: no sheet, range, defined name or table called "${selector}" (sheets: ${worksheets.map((s) => s.name).join(', ')}).`,
  );
}
