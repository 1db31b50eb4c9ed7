/**
 * Reading the table finance sends, from the file's bytes: a CSV file, or a range of another
 * workbook (a sheet, `Sheet!A1:G20`, a defined name or an Excel table). Host-independent: the
 * command line reads the file from disk, the Excel add-in gets the bytes of the file the user picks.
 */

import { a1, parseRange, parseSheetRef, type CellRange, type SheetData } from '../cells.js';
import { CsvError, parseCsv, type CsvTable } from './csv.js';
import type { SourceCell, SourceTable } from './table.js';
import { sniffFileKind } from '../xlsx/file-kind.js';
import { WorkbookReadError, XlsxPackage } from '../xlsx/workbook-read.js';
import type { InflateRaw, ZipLimits } from '../xlsx/zip-read.js';
import { attrMap, firstElement, startTagOf } from '../xlsx/xml-scan.js';

export interface BudgetSource {
  table: SourceTable;
  /** The file's bytes, for the fingerprint. */
  bytes: Uint8Array;
  /** How the source is named in the block and in messages, e.g. `table3.csv` or `plan.xlsx#Budget!A1:F9`. */
  label: string;
  /** The default name of the imported table. */
  defaultName: string;
}

/** The source cannot be read or the selector names nothing: a one-line message for the user. */
export class BudgetSourceError extends Error {
  override name = 'BudgetSourceError';
  constructor(message: string) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

const ENCODING_NAMES: Record<CsvTable['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'windows-1252': 'Windows-1252',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

/** The largest range of a workbook read as a budget table: far beyond a real finance table. */
export const MAX_SOURCE_CELLS = 2_000_000;

/** A file name without its extension (`table3.csv` -> `table3`; `.csv` stays as it is). */
function stem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/**
 * The source table in `bytes`. `fileName` is the file's name without folders (it names the cells
 * of a CSV and the source in the label); `selector` picks the range of a workbook (null: the used
 * range of its first worksheet); `inflateRaw` decompresses the workbook's deflated parts.
 * Text is read as CSV; anything else as a workbook, or refused saying what it is (an .xls, a PDF...).
 */
export function readBudgetSourceBytes(
  bytes: Uint8Array,
  fileName: string,
  selector: string | null,
  inflateRaw: InflateRaw,
  limits?: ZipLimits,
): BudgetSource {
  const file = fileName;
  // The content decides, not the name: a CSV saved as `.xlsx` is still read as a CSV.
  const kind = sniffFileKind(bytes, file);
  if (kind === 'binary')
    throw new BudgetSourceError(`${file}: not a CSV file or an Excel workbook (.xlsx/.xlsm)`);
  if (kind === 'csv' || kind === 'text' || kind === 'empty') {
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
        defaultName: stem(file),
      };
    } catch (e) {
      if (e instanceof CsvError)
        throw new BudgetSourceError(`${file} line ${e.line}: ${e.message}`);
      throw e;
    }
  }
  // Parts are read as they are needed (sheets, strings, styles, tables): a damaged one can
  // show up at any step, and is reported like one found on opening.
  let selected: ReturnType<typeof selectRange>;
  try {
    selected = selectRange(XlsxPackage.open(bytes, inflateRaw, limits), selector, file);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw new BudgetSourceError(`${file}: ${e.message}`);
    throw e;
  }
  const { sheet, what } = selected;
  // Cells past the sheet's last filled row and column are empty: the range is cut there.
  const range = {
    ...selected.range,
    bottom: Math.min(selected.range.bottom, Math.max(sheet.maxRow, selected.range.top)),
    right: Math.min(selected.range.right, Math.max(sheet.maxCol, selected.range.left)),
  };
  const rows = range.bottom - range.top + 1;
  const cols = range.right - range.left + 1;
  if (rows * cols > MAX_SOURCE_CELLS) {
    throw new BudgetSourceError(
      `${file}#${what}: ${rows.toLocaleString('en-GB')} rows by ${cols.toLocaleString('en-GB')} columns is too large for a budget table (at most ${MAX_SOURCE_CELLS.toLocaleString('en-GB')} cells); choose a smaller range, e.g. ${file}#Sheet!A1:G20.`,
    );
  }
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
    defaultName: selector && !selector.includes('!') ? selector : stem(file),
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
    if (!worksheets.length) throw new BudgetSourceError(`${file} has no worksheet to import from.`);
    const sheet = read(worksheets[0].name);
    return { sheet, range: usedRange(sheet), what: worksheets[0].name };
  }
  const bang = selector.lastIndexOf('!');
  if (bang > 0) {
    const ref = parseSheetRef(selector);
    const target = ref && findSheet(ref.sheet);
    if (!ref || !target)
      throw new BudgetSourceError(
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
      const table = firstElement(xml, 'table');
      const a = table ? attrMap(startTagOf(xml, table)) : {};
      const names = [a.name, a.displayName];
      const range = parseRange(a.ref ?? '');
      if (range && names.some((n) => n?.toLowerCase() === selector.toLowerCase()))
        return { sheet: read(ref.name), range, what: selector };
    }
  }
  throw new BudgetSourceError(
    `${file}: no sheet, range, defined name or table called "${selector}" (sheets: ${worksheets.map((s) => s.name).join(', ')}).`,
  );
}
