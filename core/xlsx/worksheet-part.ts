/**
 * Reading step: a worksheet part (`xl/worksheets/sheetN.xml`): its cells, merged ranges and
 * protection. Cells are read with hand-written scanning (no regex and no allocation per tag):
 * a 5,000 x 60 sheet takes a small fraction of a second. A sheet of the plain shape is read in
 * the pass that checks it is well-formed (`readCheckedWorksheet`), each tag scanned once; any
 * other is checked, then read (`readWorksheet`).
 */
import type { Cell, CellValue, SheetData } from '../cells.js';
import { a1, columnLetters, MAX_COL, MAX_ROW, parseRange } from '../cells.js';
import { damaged as damagedPart, type WorkbookReadError } from './read-error.js';
import { decodeXString, stringItemText } from './shared-strings.js';
import { xmlProblem, type XmlVisitor } from './xml-check.js';
import {
  attrNameEnd,
  attrNameStart,
  attrValueEnd,
  attrValueStart,
  decodeXml,
  elements,
  findEndTag,
  firstElement,
  getAttr,
  isStartTag,
  isXmlSpace,
  markupEnd,
  scanned,
  scannedAttr,
  scannedAttrIndex,
  scannedNameExtends,
  scanStartTag,
  startTagOf,
} from './xml-scan.js';

/** What cell reading needs from the rest of the package. */
export interface CellContext {
  date1904: boolean;
  /** The shared strings (read when a `t="s"` cell is first met). */
  sharedStrings(): string[];
  /** Number format code of a cell format; undefined for General. */
  numFmtOfStyle(styleIndex: number): string | undefined;
}

const MS_PER_DAY = 86_400_000;

/** Excel serial for ISO 8601 text (`2024-01-04`, `2024-01-04T12:30:00`, `T12:30`); null if not one. */
function serialFromIso(text: string, date1904: boolean): number | null {
  const m =
    /^\s*(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$/.exec(
      text,
    );
  if (!m || (m[1] === undefined && m[4] === undefined)) return null;
  const fraction =
    m[4] === undefined
      ? 0
      : (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0) + Number(`0.${m[7] ?? 0}`)) /
        86400;
  if (m[1] === undefined) return fraction; // a time of day alone
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return null;
  }
  let days: number;
  if (date1904) {
    days = (ms - Date.UTC(1904, 0, 1)) / MS_PER_DAY;
  } else {
    days = (ms - Date.UTC(1899, 11, 30)) / MS_PER_DAY;
    if (days < 61) days -= 1; // before 1 Mar 1900: Excel's fictitious 29 Feb 1900 is not counted
  }
  return days + fraction;
}

let refRow = 0;
let refCol = 0;

/** Parses an A1 reference into refRow/refCol; false when it is not one. */
function parseCellRef(ref: string): boolean {
  return parseCellRefIn(ref, 0, ref.length);
}

/** `parseCellRef` of [from, to) of `text`, read in place. */
function parseCellRefIn(text: string, from: number, to: number): boolean {
  let i = from;
  let col = 0;
  if (i < to && text.charCodeAt(i) === 36) i++; // $
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  if (i < to && text.charCodeAt(i) === 36) i++;
  let row = 0;
  const digitsStart = i;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) row = row * 10 + (c - 48);
    else return false;
  }
  if (col === 0 || i === digitsStart || row === 0) return false;
  refRow = row;
  refCol = col;
  return true;
}

/** Row and column of a cell reference as the reader takes it (`B7`, also `b7`, `$B$7`); null if not one. */
export function cellRefPosition(ref: string): { row: number; col: number } | null {
  return parseCellRef(ref.trim()) ? { row: refRow, col: refCol } : null;
}

/** A short quote of what the file holds, for a message. */
function quote(text: string): string {
  return `"${text.length > 24 ? text.slice(0, 24) + '...' : text}"`;
}

/** The sheet's cells cannot be placed where Excel would: nothing can be read (or written) safely. */
function damaged(sheet: string, detail: string): WorkbookReadError {
  return damagedPart(`sheet "${sheet}"`, detail);
}

const GRID = `Excel's grid (rows 1 to 1,048,576, columns A to XFD)`;

/** Cells, merges and protection of a worksheet part (tables come from its relationships). */
export function readWorksheet(xml: string, name: string, ctx: CellContext): SheetData {
  const sheet = emptySheet(name);

  const dataEl = firstElement(xml, 'sheetData');
  // Merges and protection come before or after the cells: look there only (a regex search
  // given a range still runs on to the end of the text).
  const around = dataEl ? [xml.slice(0, dataEl.start), xml.slice(dataEl.end)] : [xml];
  if (dataEl) readCells(xml, dataEl.openEnd, dataEl.closeStart, sheet, ctx);
  for (const part of around) {
    for (const el of elements(part, 'mergeCell')) {
      const r = getAttr(startTagOf(part, el), 'ref');
      const range = r ? parseRange(r) : null;
      if (range) sheet.merges.push(range);
    }
    const prot = firstElement(part, 'sheetProtection');
    if (prot) {
      const s = getAttr(startTagOf(part, prot), 'sheet');
      if (s === '1' || s === 'true') sheet.protected = true;
    }
  }
  return sheet;
}

/**
 * `readWorksheet` of a part not yet checked, in the same pass as its well-formedness check
 * (`xmlProblem`): each tag is scanned once. Reads sheets of the plain shape every writer gives
 * (rows of cells holding <f>, <v> or <is>, no prefixed names or comments among the cells).
 * Null when the part is anything else, is not well-formed or breaks a rule of Positions: the
 * caller then checks and reads it the general way, which also words the problem.
 */
export function readCheckedWorksheet(
  xml: string,
  name: string,
  ctx: CellContext,
): SheetData | null {
  const sheet = emptySheet(name);
  const visitor = new PlainSheetReader(sheet, ctx);
  try {
    if (xmlProblem(xml, visitor) !== null) return null;
  } catch {
    return null; // not the plain shape, or a problem the general path words
  }
  sheet.maxRow = visitor.cell.maxRow;
  sheet.maxCol = visitor.cell.maxCol;
  return sheet;
}

/** Thrown by PlainSheetReader at anything the plain shape does not have. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain('not a plain sheet');

/** Where the reader is: before, inside or after the (first) <sheetData>. */
const BEFORE = 0;
const IN_DATA = 1;
const AFTER = 2;
/** The open child of a cell. */
const NO_CHILD = 0;
const FORMULA_CHILD = 1; // <f>
const VALUE_CHILD = 2; // <v>
const INLINE_CHILD = 3; // <is>

function isLocal(xml: string, from: number, len: number, local: string): boolean {
  return len === local.length && xml.startsWith(local, from);
}

/**
 * The visitor of `readCheckedWorksheet`: reads what `readWorksheet` reads, tag by tag, and
 * throws NOT_PLAIN where the two could differ. Depths are counted from the <sheetData>: its rows
 * at 1, their cells at 2, the cells' children at 3.
 */
class PlainSheetReader implements XmlVisitor {
  readonly cell: CellReader;
  private readonly at: Positions;
  private where = BEFORE;
  private dataDepth = 0;
  /** The first <sheetProtection> before (or after) the cells was read: later ones do not count. */
  private protectionSeen = false;
  private child = NO_CHILD;
  private childFrom = 0;

  constructor(
    private readonly sheet: SheetData,
    ctx: CellContext,
  ) {
    this.cell = new CellReader(sheet, ctx);
    this.at = new Positions((detail) => damaged(sheet.name, detail));
  }

  startTag(xml: string, lt: number, depth: number): void {
    const local = scanned.localStart;
    const len = scanned.nameEnd - local;
    const prefixed = local !== lt + 1;
    // `<sheetData\u3000>`: the general reader's element search takes it for a <sheetData>.
    if (
      len > 9 &&
      (scannedNameExtends(xml, 'sheetData') ||
        scannedNameExtends(xml, 'mergeCell') ||
        scannedNameExtends(xml, 'sheetProtection'))
    )
      throw NOT_PLAIN;
    if (this.where === IN_DATA) {
      if (prefixed) throw NOT_PLAIN;
      this.inData(xml, depth - this.dataDepth, local, len);
    } else if (isLocal(xml, local, len, 'sheetData')) {
      if (prefixed || this.where !== BEFORE || depth !== 1) throw NOT_PLAIN;
      this.where = scanned.selfClosing ? AFTER : IN_DATA;
      this.dataDepth = depth;
      this.protectionSeen = false;
    } else if (isLocal(xml, local, len, 'mergeCell')) {
      if (prefixed || !scanned.selfClosing) throw NOT_PLAIN;
      const r = scannedAttr(xml, 'ref');
      const range = r ? parseRange(r) : null;
      if (range) this.sheet.merges.push(range);
    } else if (isLocal(xml, local, len, 'sheetProtection')) {
      if (prefixed) throw NOT_PLAIN;
      if (this.protectionSeen) return;
      this.protectionSeen = true;
      const s = scannedAttr(xml, 'sheet');
      if (s === '1' || s === 'true') this.sheet.protected = true;
    }
  }

  /** A start tag inside the <sheetData>, `level` deep. */
  private inData(xml: string, level: number, local: number, len: number): void {
    const selfClosing = scanned.selfClosing;
    const cell = this.cell;
    if (level === 1) {
      if (!isLocal(xml, local, len, 'row')) throw NOT_PLAIN;
      this.at.startScannedRow(xml);
    } else if (level === 2) {
      if (len !== 1 || xml.charCodeAt(local) !== 99 /* c */) throw NOT_PLAIN;
      cell.start(xml);
      this.at.cellAt(xml, cell.rFrom, cell.rTo);
      if (selfClosing) cell.finish(xml, this.at.row, this.at.col);
    } else if (level === 3) {
      const ch = xml.charCodeAt(local);
      if (len === 1 && ch === 118 /* v */) {
        cell.vFrom = scanned.end;
        if (selfClosing) cell.vTo = scanned.end;
        else this.child = VALUE_CHILD;
      } else if (len === 1 && ch === 102 /* f */) {
        cell.hasFormula = true;
        if (!selfClosing) this.child = FORMULA_CHILD;
      } else if (isLocal(xml, local, len, 'is')) {
        if (selfClosing) cell.inline = '';
        else {
          this.child = INLINE_CHILD;
          this.childFrom = scanned.end;
        }
      } else throw NOT_PLAIN;
    } else if (this.child !== INLINE_CHILD || isLocal(xml, local, len, 'is')) {
      throw NOT_PLAIN; // markup inside <f> or <v>, or an <is> inside an <is>
    }
  }

  endTag(xml: string, lt: number, depth: number): void {
    if (this.where !== IN_DATA) return;
    const level = depth - this.dataDepth;
    if (level === 3) {
      const cell = this.cell;
      if (this.child === INLINE_CHILD) cell.inline = stringItemText(xml.slice(this.childFrom, lt));
      else if (this.child === VALUE_CHILD) cell.vTo = lt;
      this.child = NO_CHILD;
    } else if (level === 2) this.cell.finish(xml, this.at.row, this.at.col);
    else if (level === 1) this.at.endRow();
    else if (level === 0) {
      this.where = AFTER;
      this.protectionSeen = false;
    }
  }

  otherMarkup(): void {
    if (this.where === IN_DATA) throw NOT_PLAIN;
  }
}

function emptySheet(name: string): SheetData {
  return { name, cells: [], maxRow: 0, maxCol: 0, merges: [], tables: [], protected: false };
}

/**
 * Where rows and cells go, by the rules Excel writes them: rows in increasing order, each cell
 * inside its row, cells in increasing column order, all inside the grid. The reader and the
 * final check before writing follow these same rules, and the patchers find cells by them, so
 * what is read is exactly what would be rewritten. Breaking a rule throws WorkbookReadError.
 */
class Positions {
  row = 0;
  col = 0;
  private inRow = false;

  /** `fail` makes the error thrown for a broken rule, from its description. */
  constructor(private readonly fail: (detail: string) => Error) {}

  /**
   * `startRow` for the scanned `<row>` start tag: a plain row number in its place is taken
   * without copying it out of the text; anything else goes through `startRow`.
   */
  startScannedRow(xml: string): void {
    const k = scannedAttrIndex(xml, 'r');
    const n = k < 0 ? -1 : digitsAt(xml, attrValueStart[k], attrValueEnd[k], 7);
    if (n > this.row && n <= MAX_ROW) {
      this.row = n;
      this.col = 0;
      this.inRow = !scanned.selfClosing;
      return;
    }
    this.startRow(
      k < 0 ? undefined : xml.slice(attrValueStart[k], attrValueEnd[k]),
      scanned.selfClosing,
    );
  }

  /** A `<row>` start tag with its `r` attribute. */
  startRow(attrR: string | undefined, selfClosing: boolean): void {
    const r = attrR?.trim();
    if (r === undefined) {
      this.row += 1;
      if (this.row > MAX_ROW) throw this.fail(`it has rows past the last row of ${GRID}`);
    } else {
      const n = /^[0-9]+$/.test(r) ? Number(r) : NaN;
      if (!(n >= 1)) throw this.fail(`a row is numbered ${quote(r)}`);
      if (n > MAX_ROW) throw this.fail(`it has a row numbered ${quote(r)}, outside ${GRID}`);
      if (n <= this.row) throw this.fail(`row ${n} comes after row ${this.row}`);
      this.row = n;
    }
    this.col = 0;
    this.inRow = !selfClosing;
  }

  endRow(): void {
    this.inRow = false;
  }

  /**
   * `cell` for an `r` attribute given by its value's place in `xml` ([from, to); from < 0 when
   * there is none): a plain reference in its place (`B7`, `$B$7`) is taken without copying it out
   * of the text; anything else goes through `cell`, which words the problem.
   */
  cellAt(xml: string, from: number, to: number): void {
    if (
      from >= 0 &&
      this.inRow &&
      parseCellRefIn(xml, from, to) &&
      refRow === this.row &&
      refCol > this.col &&
      refCol <= MAX_COL
    ) {
      this.col = refCol;
      return;
    }
    this.cell(from < 0 ? undefined : xml.slice(from, to));
  }

  /** A `<c>` start tag with its `r` attribute: sets `col` (and checks `row`). */
  cell(attrR: string | undefined): void {
    const r = attrR?.trim();
    if (!this.inRow) throw this.fail(`a cell${r ? ` (${quote(r)})` : ''} is outside any row`);
    if (r !== undefined && r !== '') {
      if (!parseCellRef(r)) {
        throw this.fail(`row ${this.row} has a cell named ${quote(r)}, not a cell reference`);
      }
      if (refRow > MAX_ROW || refCol > MAX_COL) {
        throw this.fail(`row ${this.row} has a cell at ${quote(r)}, outside ${GRID}`);
      }
      if (refRow !== this.row) throw this.fail(`cell ${r} is inside row ${this.row}`);
      if (refCol <= this.col) throw this.fail(`cell ${r} comes after ${a1(this.row, this.col)}`);
      this.col = refCol;
    } else {
      this.col += 1;
      if (this.col > MAX_COL) {
        throw this.fail(
          `row ${this.row} has more cells than Excel's ${MAX_COL.toLocaleString('en-GB')} columns (A to ${columnLetters(MAX_COL)})`,
        );
      }
    }
  }
}

/** True when the markup at `lt` is the end tag of a row (`</row>`, `</x:row >`). */
function isRowEnd(xml: string, lt: number): boolean {
  if (xml.charCodeAt(lt + 1) !== 47) return false;
  let i = lt + 2;
  let local = i;
  for (
    let ch = xml.charCodeAt(i);
    ch !== 62 && !isXmlSpace(ch) && i < xml.length;
    ch = xml.charCodeAt(++i)
  ) {
    if (ch === 58) local = i + 1;
  }
  return i - local === 3 && xml.startsWith('row', local);
}

class PositionProblem extends Error {}

/**
 * Why the value of a number (`t` absent or "n") or true/false ("b") cell is not one; null when
 * it is (or for other types). Excel and other readers refuse such a cell.
 */
function valueProblem(t: string | undefined, v: string): string | null {
  const text = v.trim();
  if (t === undefined || t === 'n') {
    return text === '' || !Number.isNaN(Number(text))
      ? null
      : `holds ${quote(text)} where a number belongs`;
  }
  if (t === 'b') {
    return ['', '0', '1', 'true', 'false'].includes(text)
      ? null
      : `holds ${quote(text)} where true or false belongs`;
  }
  return null;
}

/** Why `v` is not the index of one of `count` shared strings; null when it is. */
function sharedIndexProblem(v: string, count: number): string | null {
  const text = v.trim();
  if (/^[0-9]{1,10}$/.test(text) && Number(text) < count) return null;
  return `refers to shared string ${quote(text)}, and the workbook has ${count.toLocaleString('en-GB')}`;
}

/**
 * Checks that every row and cell of a worksheet part is where Excel would put it (see
 * Positions), without reading any value: the last check on a sheet part before it is written.
 * Also checks the sheet's dimension, merged ranges and column ranges lie inside the grid, and,
 * given the number of shared strings, that every shared-string cell names one. Returns the
 * problem, or null. For a part already checked well-formed; `WorksheetPositions` checks the
 * same in the pass of the well-formedness check.
 */
export function worksheetPositionsProblem(xml: string, sharedStrings?: number): string | null {
  const check = new WorksheetPositions(sharedStrings);
  for (let i = xml.indexOf('<'); i >= 0 && check.problem === null; i = xml.indexOf('<', i)) {
    if (!isStartTag(xml, i)) {
      check.endTag(xml, i);
      i = markupEnd(xml, i);
      continue;
    }
    i = scanStartTag(xml, i);
    check.startTag(xml);
  }
  return check.problem;
}

/**
 * The checks of `worksheetPositionsProblem`, tag by tag: a visitor of `xmlProblem`, so that a
 * sheet about to be written is checked in one pass. `problem` is the first problem met. Given
 * `rootOnly`, checks only a part whose root element is a <worksheet>.
 */
export class WorksheetPositions implements XmlVisitor {
  problem: string | null = null;
  private readonly at = new Positions((detail) => new PositionProblem(detail));
  private cellType: string | undefined;
  private off = false;

  constructor(
    private readonly sharedStrings?: number,
    private readonly rootOnly = false,
  ) {}

  startTag(xml: string, _lt?: number, depth?: number): void {
    if (depth === 0 && this.rootOnly)
      this.off = !isLocal(
        xml,
        scanned.localStart,
        scanned.nameEnd - scanned.localStart,
        'worksheet',
      );
    if (this.problem !== null || this.off) return;
    try {
      this.problem = this.tag(xml);
    } catch (e) {
      if (!(e instanceof PositionProblem)) throw e;
      this.problem = e.message;
    }
  }

  endTag(xml: string, lt: number): void {
    if (isRowEnd(xml, lt)) this.at.endRow();
  }

  otherMarkup(): void {}

  /**
   * The start tag in `scanned`: its problem, or null. Rows, cells and values are read in place
   * (a 50,000-task sheet has two million tags, and a copy of each name and value is garbage);
   * anything not plain goes the general way, which words the problem.
   */
  private tag(xml: string): string | null {
    const at = this.at;
    const from = scanned.localStart;
    const len = scanned.nameEnd - from;
    if (isLocal(xml, from, len, 'c')) {
      const r = scannedAttrIndex(xml, 'r');
      const t = scannedAttrIndex(xml, 't');
      this.cellType = t < 0 ? undefined : cellType(xml, attrValueStart[t], attrValueEnd[t]);
      at.cellAt(xml, r < 0 ? -1 : attrValueStart[r], r < 0 ? -1 : attrValueEnd[r]);
    } else if (isLocal(xml, from, len, 'v') && !scanned.selfClosing) {
      const i = scanned.end;
      const end = xml.indexOf('<', i);
      const t = this.cellType;
      if (t === 's') {
        const index = digitsAt(xml, i, end, 10);
        if (index >= 0 && this.sharedStrings !== undefined && index < this.sharedStrings)
          return null;
      } else if ((t === undefined || t === 'n') && plainNumberAt(xml, i, end)) return null;
      const v = xml.slice(i, end);
      const problem =
        t === 's'
          ? v.trim() && this.sharedStrings !== undefined
            ? sharedIndexProblem(v, this.sharedStrings)
            : null
          : valueProblem(t, v);
      if (problem) return `cell ${a1(at.row, at.col)} ${problem}`;
    } else if (isLocal(xml, from, len, 'row')) at.startScannedRow(xml);
    else if (isLocal(xml, from, len, 'dimension') || isLocal(xml, from, len, 'mergeCell')) {
      const ref = scannedAttr(xml, 'ref') ?? '';
      if (!parseRange(ref)) {
        return `<${xml.slice(from, from + len)}> names ${quote(ref)}, not a range inside ${GRID}`;
      }
    } else if (isLocal(xml, from, len, 'col')) {
      const min = Number(scannedAttr(xml, 'min'));
      const max = Number(scannedAttr(xml, 'max'));
      if (!(
        Number.isInteger(min) &&
        Number.isInteger(max) &&
        min >= 1 &&
        min <= max &&
        max <= MAX_COL
      ))
        return `<col> covers columns ${min} to ${max}, outside ${GRID}`;
    }
    return null;
  }
}

/**
 * True when [from, to) of `xml` is a number written plainly: digits, optionally a '-' before and
 * a '.' between them (`45383`, `0.65`, `-37`). The caller reads anything else by Number.
 */
function plainNumberAt(xml: string, from: number, to: number): boolean {
  let i = from;
  if (xml.charCodeAt(i) === 45 /* - */) i++;
  let digits = 0;
  let point = -1;
  for (; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && point < 0 && digits > 0) point = i;
    else return false;
  }
  return digits > 0 && point !== to - 1;
}

/**
 * A run of 1 to `maxDigits` decimal digits, exactly [from, to) of `xml`, as a number; -1 when the
 * text is anything else (spaces, a sign, a point: the caller then reads it the general way).
 */
function digitsAt(xml: string, from: number, to: number, maxDigits: number): number {
  if (to <= from || to - from > maxDigits) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Cell types as written, kept once: copying `t="s"` out of the text for every cell is garbage. */
const CELL_TYPES = ['s', 'n', 'b', 'e', 'str', 'inlineStr', 'd'];

/** The `t` attribute's value at [from, to) of `xml`: one of CELL_TYPES, or a copy of the text. */
function cellType(xml: string, from: number, to: number): string {
  for (const t of CELL_TYPES) if (to - from === t.length && xml.startsWith(t, from)) return t;
  return xml.slice(from, to);
}

/**
 * One cell as it is read: where its attributes and value lie in the text, then the Cell made of
 * them. Attributes and values are read in place (positions in `xml`) and copied out only when
 * they are not plain digits. The general reader and the one-pass reader both fill it.
 */
class CellReader {
  /** The `r`, `s` attributes and the (last) `<v>`'s content: [from, to) of `xml`, from < 0 when absent. */
  rFrom = -1;
  rTo = -1;
  sFrom = -1;
  sTo = -1;
  vFrom = -1;
  vTo = -1;
  t: string | undefined;
  inline: string | undefined;
  hasFormula = false;
  maxRow = 0;
  maxCol = 0;
  private readonly fmtCache = new Map<string, string | undefined>();
  /** Number formats of styles given as plain digits, by style index (null: General). */
  private readonly fmtByIndex: (string | null)[] = [];
  private shared: string[] | undefined;
  /** Cells read so far with no formula, by number format and value (see `finish`). */
  private readonly sameCells = new Map<string | undefined, Map<CellValue, Cell>>();
  private lastFmt: string | undefined;
  private lastSame: Map<CellValue, Cell> | undefined;
  /** Cells holding each shared string, by index (sized once: filled out of order, it stays fast). */
  private sharedCells: (Cell | undefined)[] = [];
  /** The shared string the last value was, by index; -1 when it was not one. */
  private sharedIndex = -1;

  constructor(
    private readonly sheet: SheetData,
    private readonly ctx: CellContext,
  ) {}

  /** A `<c>` start tag, in `scanned`: its r, s and t attributes in one pass (the hot path). */
  start(xml: string): void {
    this.rFrom = this.rTo = this.sFrom = this.sTo = this.vFrom = this.vTo = -1;
    this.t = this.inline = undefined;
    this.hasFormula = false;
    for (let k = 0; k < scanned.attrCount; k++) {
      const ns = attrNameStart[k];
      if (attrNameEnd[k] - ns !== 1) continue;
      const n = xml.charCodeAt(ns);
      if (n === 114) {
        this.rFrom = attrValueStart[k];
        this.rTo = attrValueEnd[k];
      } else if (n === 115) {
        this.sFrom = attrValueStart[k];
        this.sTo = attrValueEnd[k];
      } else if (n === 116) this.t = cellType(xml, attrValueStart[k], attrValueEnd[k]);
    }
  }

  /** The cell is read whole: it goes into the sheet at (row, col). */
  finish(xml: string, row: number, col: number): void {
    const value = this.value(xml, row, col);
    const fmt = this.sFrom >= 0 ? this.numFmt(xml) : undefined;
    let cell: Cell;
    if (this.hasFormula) {
      cell = fmt === undefined ? { value, formula: true } : { value, numFmt: fmt, formula: true };
    } else if (value !== null && typeof value === 'object') {
      cell = fmt === undefined ? { value } : { value, numFmt: fmt };
    } else if (this.sharedIndex >= 0 && fmt === undefined) {
      // Cells are never changed once read, so equal ones are one object: a plan's columns
      // repeat the same leads, statuses and dates, and 50,000 rows would otherwise be half a
      // million objects for the collector to copy. A shared string's is found by its index.
      cell = this.sharedCells[this.sharedIndex] ??= { value };
    } else {
      if (fmt !== this.lastFmt || this.lastSame === undefined) {
        this.lastFmt = fmt;
        let same = this.sameCells.get(fmt);
        if (!same) this.sameCells.set(fmt, (same = new Map()));
        this.lastSame = same;
      }
      let known = this.lastSame.get(value);
      if (known === undefined) {
        known = fmt === undefined ? { value } : { value, numFmt: fmt };
        this.lastSame.set(value, known);
      }
      cell = known;
    }
    (this.sheet.cells[row] ??= [])[col] = cell;
    if (row > this.maxRow) this.maxRow = row;
    if (col > this.maxCol) this.maxCol = col;
  }

  private value(xml: string, row: number, col: number): CellValue {
    const { t, vFrom, vTo } = this;
    this.sharedIndex = -1;
    if (vFrom >= 0 && (t === undefined || t === 'n')) {
      // Plain digits (dates, whole numbers) need no copy; anything else is read by Number.
      const whole = digitsAt(xml, vFrom, vTo, 15);
      if (whole >= 0) return whole;
      const v = xml.slice(vFrom, vTo);
      if (v.trim() === '') return null;
      const problem = valueProblem(t, v);
      if (problem) throw this.bad(row, col, problem);
      return Number(v);
    }
    if (vFrom >= 0 && t === 's') {
      let shared = this.shared;
      if (shared === undefined) {
        shared = this.shared = this.ctx.sharedStrings();
        this.sharedCells = new Array<Cell | undefined>(shared.length);
      }
      const index = digitsAt(xml, vFrom, vTo, 10);
      if (index >= 0 && index < shared.length) {
        this.sharedIndex = index;
        return shared[index];
      }
      const v = xml.slice(vFrom, vTo);
      if (v.trim() === '') return null;
      const problem = sharedIndexProblem(v, shared.length);
      if (problem) throw this.bad(row, col, problem);
      return shared[Number(v)];
    }
    const v = vFrom >= 0 ? xml.slice(vFrom, vTo) : undefined;
    switch (t) {
      case 'str':
        return v !== undefined ? decodeXString(decodeXml(v)) : null;
      case 'inlineStr':
        if (this.inline !== undefined) return this.inline;
        return v !== undefined ? decodeXString(decodeXml(v)) : null;
      case 'b': {
        if (v === undefined || v.trim() === '') return null;
        const problem = valueProblem(t, v);
        if (problem) throw this.bad(row, col, problem);
        const b = v.trim();
        return b === '1' || b === 'true';
      }
      case 'e':
        return v !== undefined && v.trim() !== '' ? { error: decodeXml(v).trim() } : null;
      case 'd':
        if (v !== undefined && v.trim() !== '') {
          const text = decodeXml(v);
          return serialFromIso(text, this.ctx.date1904) ?? text;
        }
        return null;
      case undefined:
      case 'n':
      case 's':
        return null; // no <v>
      default:
        return v !== undefined ? decodeXml(v) : null;
    }
  }

  private bad(row: number, col: number, problem: string): WorkbookReadError {
    return damaged(this.sheet.name, `cell ${a1(row, col)} ${problem}`);
  }

  private numFmt(xml: string): string | undefined {
    const index = digitsAt(xml, this.sFrom, this.sTo, 9);
    if (index >= 0) {
      let known = this.fmtByIndex[index];
      if (known === undefined) {
        known = this.fmtByIndex[index] = this.ctx.numFmtOfStyle(index) ?? null;
      }
      return known ?? undefined;
    }
    const s = xml.slice(this.sFrom, this.sTo);
    if (this.fmtCache.has(s)) return this.fmtCache.get(s);
    const fmt = this.ctx.numFmtOfStyle(Number(s));
    this.fmtCache.set(s, fmt);
    return fmt;
  }
}

/**
 * Reads the <row>/<c> elements of the sheetData content, between `from` and `to`, of a part
 * already checked well-formed. The general path: any prefix, comments, elements in odd places.
 */
function readCells(xml: string, from: number, to: number, sheet: SheetData, ctx: CellContext) {
  const cell = new CellReader(sheet, ctx);
  const at = new Positions((detail) => damaged(sheet.name, detail));
  let i = from;

  while (i < to) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    if (!isStartTag(xml, lt)) {
      if (isRowEnd(xml, lt)) at.endRow();
      i = markupEnd(xml, lt);
      continue;
    }
    i = scanStartTag(xml, lt);
    const localStart = scanned.localStart;
    const localLen = scanned.nameEnd - localStart;
    if (localLen === 3 && xml.startsWith('row', localStart)) {
      at.startScannedRow(xml);
      continue;
    }
    if (localLen !== 1 || xml.charCodeAt(localStart) !== 99 /* c */) continue;

    cell.start(xml);
    at.cellAt(xml, cell.rFrom, cell.rTo);
    if (!scanned.selfClosing) {
      // Children until the cell's end tag; each child is consumed whole.
      for (;;) {
        const clt = xml.indexOf('<', i);
        if (clt < 0 || clt >= to) {
          i = to;
          break;
        }
        const k = xml.charCodeAt(clt + 1);
        if (k === 47) {
          i = markupEnd(xml, clt); // </c>
          break;
        }
        if (!isStartTag(xml, clt)) {
          i = markupEnd(xml, clt);
          continue;
        }
        i = scanStartTag(xml, clt);
        const childLocal = scanned.localStart;
        const childEnd = scanned.nameEnd;
        const childLen = childEnd - childLocal;
        const ch = xml.charCodeAt(childLocal);
        const isF = childLen === 1 && ch === 102;
        const isV = childLen === 1 && ch === 118;
        const isIs = childLen === 2 && ch === 105 && xml.charCodeAt(childLocal + 1) === 115;
        if (isF) cell.hasFormula = true;
        if (scanned.selfClosing) {
          if (isV) cell.vFrom = cell.vTo = i;
          else if (isIs) cell.inline = '';
          continue;
        }
        const endTag =
          childLocal !== clt + 1 || !(isV || isF)
            ? `</${xml.slice(clt + 1, childEnd)}`
            : isV
              ? '</v'
              : '</f';
        let closeAt = findEndTag(xml, endTag, i);
        if (closeAt >= to) closeAt = -1;
        const innerEnd = closeAt < 0 ? to : closeAt;
        if (isV) {
          cell.vFrom = i;
          cell.vTo = innerEnd;
        } else if (isIs) cell.inline = stringItemText(xml.slice(i, innerEnd));
        i = closeAt < 0 ? to : markupEnd(xml, closeAt);
      }
    }
    cell.finish(xml, at.row, at.col);
  }
  sheet.maxRow = cell.maxRow;
  sheet.maxCol = cell.maxCol;
}
