/**
 * The engine's view of a workbook: plain data, no Office.js, no exceljs, no fs.
 * Rows and columns are 1-based, as Excel shows them.
 */

/** An Excel error value such as `#REF!`. */
export interface CellError {
  error: string;
}

/**
 * A cell's value as stored. Numbers stay numbers: a date is its serial number
 * (see `core/dates.ts`) and the cell's number format says whether it is shown as a date.
 */
export type CellValue = null | string | number | boolean | CellError;

/**
 * A cell as read. Never changed once read: a reader may give equal cells one object (a plan's
 * columns repeat the same leads, statuses and dates), hence `readonly`.
 */
export interface Cell {
  readonly value: CellValue;
  /** Number format code when it is not General, e.g. `dd/mm/yyyy`, `0%`, `mmm-yy`. */
  readonly numFmt?: string;
  /** True when the cell holds a formula (value is its cached result). */
  readonly formula?: boolean;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetData {
  name: string;
  /** cells[row][col], both 1-based; missing entries are empty cells. */
  cells: (Cell | undefined)[][];
  /** Last row and column holding a cell element (value or not). */
  maxRow: number;
  maxCol: number;
  merges: CellRange[];
  /** Ranges of Excel tables (ListObjects) on this sheet. */
  tables: CellRange[];
  /** Sheet protection is on. */
  protected: boolean;
}

export interface DefinedName {
  name: string;
  /** The formula text, e.g. `Plan!$A$1:$J$41` or `'My Plan'!$K$1:$Z$20`. */
  ref: string;
  /** Sheet name for sheet-scoped names. */
  scope?: string;
  hidden?: boolean;
  /** The name's comment (plan-sync keeps a fingerprint of an imported table there). */
  comment?: string;
}

export interface WorkbookData {
  /** Workbook uses the 1904 date system. */
  date1904: boolean;
  /** Worksheets in tab order (chart sheets excluded): the ones the host read. */
  sheets: SheetData[];
  /**
   * The names of all worksheets in tab order, read or not (see core/plan/locate.ts for which a
   * host reads); when absent, the names of `sheets`.
   */
  sheetNames?: readonly string[];
  names: DefinedName[];
}

/** Excel's grid: nothing may be written outside rows 1..1,048,576 and columns A..XFD. */
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;
/**
 * The numbers of the rows of `sheet` that hold cells, from `from` to `to`, in order. Costs what
 * the rows present cost, not the highest row number: a sheet with a cell in row 1,048,576 and
 * 60 rows of cells above it is 61 rows.
 */
export function* rowsWithCells(sheet: SheetData, from = 1, to = Infinity): Generator<number> {
  // for...in lists an array's indexes in increasing order, skipping the holes.
  for (const key in sheet.cells) {
    const row = Number(key);
    if (row > to) return;
    if (row >= from && sheet.cells[row]) yield row;
  }
}

export function getCell(sheet: SheetData, row: number, col: number): Cell | undefined {
  return sheet.cells[row]?.[col];
}

export function cellValue(sheet: SheetData, row: number, col: number): CellValue {
  return sheet.cells[row]?.[col]?.value ?? null;
}

export function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** 1 -> A, 27 -> AA. */
export function columnLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A -> 1, AA -> 27; case-insensitive. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1(row: number, col: number): string {
  return columnLetters(col) + row;
}

/** Excel's grid: rows 1 to 1,048,576, columns A to XFD (16,384). No cell lies outside it. */
export const MAX_ROW = 1_048_576;
export const MAX_COL = 16_384;

/** True when row and column are whole numbers inside Excel's grid. */
export function inGrid(row: number, col: number): boolean {
  return (
    Number.isInteger(row) &&
    Number.isInteger(col) &&
    row >= 1 &&
    row <= MAX_ROW &&
    col >= 1 &&
    col <= MAX_COL
  );
}

/** Parses `B7` or `$B$7` inside Excel's grid; returns null for anything else. */
export function parseA1(ref: string): { row: number; col: number } | null {
  // `$?` 1 to 3 letters `$?` 1 to 7 digits, read by hand: sorting 50,000 findings parses as many.
  const s = ref.trim();
  const n = s.length;
  let i = s.charCodeAt(0) === 36 /* $ */ ? 1 : 0;
  const lettersFrom = i;
  let col = 0;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32; // a-z as A-Z
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === lettersFrom || i - lettersFrom > 3) return null;
  if (s.charCodeAt(i) === 36) i++;
  const digitsFrom = i;
  let row = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    row = row * 10 + (c - 48);
  }
  if (i === digitsFrom || i - digitsFrom > 7 || i !== n) return null;
  return inGrid(row, col) ? { row, col } : null;
}

/** Parses `A1:C9` (or a single cell) into a range; null when malformed. */
export function parseRange(ref: string): CellRange | null {
  const [from, to = from] = ref.split(':');
  const a = parseA1(from);
  const b = parseA1(to);
  if (!a || !b) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

export function rangeA1(r: CellRange): string {
  const tl = a1(r.top, r.left);
  const br = a1(r.bottom, r.right);
  return tl === br ? tl : `${tl}:${br}`;
}

export function rangesIntersect(a: CellRange, b: CellRange): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** Quotes a sheet name for use in a formula when it needs it: `'My Plan'`. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** The parts of `a` outside `b`, as up to four rectangles. */
export function subtract(a: CellRange, b: CellRange): CellRange[] {
  if (!rangesIntersect(a, b)) return [a];
  const out: CellRange[] = [];
  if (a.top < b.top) out.push({ ...a, bottom: b.top - 1 });
  if (a.bottom > b.bottom) out.push({ ...a, top: b.bottom + 1 });
  const top = Math.max(a.top, b.top);
  const bottom = Math.min(a.bottom, b.bottom);
  if (a.left < b.left) out.push({ top, bottom, left: a.left, right: b.left - 1 });
  if (a.right > b.right) out.push({ top, bottom, left: b.right + 1, right: a.right });
  return out;
}

/** `'Transition Plan'!$K$4:$AV$28`: an absolute reference for a defined name. */
export function absoluteRef(sheet: string, area: CellRange): string {
  return `${quoteSheetName(sheet)}!${rangeA1(area).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}`;
}

/** The sheet and range of a defined name's reference; null when it is not a plain range. */
export function parseSheetRef(ref: string): { sheet: string; range: CellRange } | null {
  const bang = ref.lastIndexOf('!');
  if (bang <= 0) return null;
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const range = parseRange(ref.slice(bang + 1).replace(/\$/g, ''));
  return range && { sheet, range };
}

/** The range a workbook-scoped defined name points at on `sheet`, with the name's comment. */
export function namedRange(
  names: readonly DefinedName[],
  name: string,
  sheet: string,
): { range: CellRange | null; comment?: string } {
  const found = names.find(
    (n) => n.name.toLowerCase() === name.toLowerCase() && n.scope === undefined,
  );
  if (!found) return { range: null };
  const ref = parseSheetRef(found.ref);
  const range = ref && ref.sheet.toLowerCase() === sheet.toLowerCase() ? ref.range : null;
  return { range, comment: found.comment };
}
