/**
 * Reading step: a worksheet part (`xl/worksheets/sheetN.xml`): its cells, merged ranges and
 * protection. Cells are read with hand-written scanning (no regex and no allocation per tag):
 * a 5,000 x 60 sheet takes a small fraction of a second.
 */
import type { Cell, CellValue, SheetData } from '../cells.js';
import { parseRange } from '../cells.js';
import { decodeXString, stringItemText } from './shared-strings.js';
import {
  decodeXml,
  elements,
  findEndTag,
  firstElement,
  getAttr,
  isStartTag,
  markupEnd,
  scanned,
  scannedAttr,
  scanStartTag,
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
  let i = 0;
  let col = 0;
  const n = ref.length;
  if (i < n && ref.charCodeAt(i) === 36) i++; // $
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  if (i < n && ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digitsStart = i;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 48 && c <= 57) row = row * 10 + (c - 48);
    else return false;
  }
  if (col === 0 || i === digitsStart || row === 0) return false;
  refRow = row;
  refCol = col;
  return true;
}

/** Cells, merges and protection of a worksheet part (tables come from its relationships). */
export function readWorksheet(xml: string, name: string, ctx: CellContext): SheetData {
  const sheet: SheetData = {
    name,
    cells: [],
    maxRow: 0,
    maxCol: 0,
    merges: [],
    tables: [],
    protected: false,
  };

  const dataEl = firstElement(xml, 'sheetData');
  const ranges: [number, number][] = [];
  if (dataEl) {
    readCells(xml, dataEl.openEnd, dataEl.closeStart, sheet, ctx);
    ranges.push([0, dataEl.start], [dataEl.end, xml.length]);
  } else {
    ranges.push([0, xml.length]);
  }
  for (const [from, to] of ranges) {
    for (const el of elements(xml, 'mergeCell', from, to)) {
      const r = getAttr(xml.slice(el.start, el.openEnd), 'ref');
      const range = r ? parseRange(r) : null;
      if (range) sheet.merges.push(range);
    }
    const prot = firstElement(xml, 'sheetProtection', from, to);
    if (prot) {
      const s = getAttr(xml.slice(prot.start, prot.openEnd), 'sheet');
      if (s === '1' || s === 'true') sheet.protected = true;
    }
  }
  return sheet;
}

/** Reads the <row>/<c> elements of the sheetData content, between `from` and `to`. */
function readCells(xml: string, from: number, to: number, sheet: SheetData, ctx: CellContext) {
  const cells = sheet.cells;
  const fmtCache = new Map<string, string | undefined>();
  let shared: string[] | undefined;
  let row = 0;
  let col = 0;
  let maxRow = 0;
  let maxCol = 0;
  let i = from;

  while (i < to) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    if (!isStartTag(xml, lt)) {
      i = markupEnd(xml, lt);
      continue;
    }
    i = scanStartTag(xml, lt);
    const localStart = scanned.localStart;
    const localLen = scanned.nameEnd - localStart;
    if (localLen === 3 && xml.startsWith('row', localStart)) {
      const attrR = scannedAttr(xml, 'r');
      const n = attrR === undefined ? NaN : Number(attrR);
      row = Number.isInteger(n) && n > 0 ? n : row + 1;
      col = 0;
      continue;
    }
    if (localLen !== 1 || xml.charCodeAt(localStart) !== 99 /* c */) continue;

    // A cell.
    const r = scannedAttr(xml, 'r');
    const s = scannedAttr(xml, 's');
    const t = scannedAttr(xml, 't');
    let cellRow = row;
    if (r !== undefined && parseCellRef(r)) {
      cellRow = refRow;
      col = refCol;
      if (row === 0) row = refRow;
    } else {
      col += 1;
      if (cellRow === 0) cellRow = row = 1;
    }

    let hasFormula = false;
    let v: string | undefined;
    let inline: string | undefined;
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
        if (isF) hasFormula = true;
        if (scanned.selfClosing) {
          if (isV) v = '';
          else if (isIs) inline = '';
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
        const inner = xml.slice(i, closeAt < 0 ? to : closeAt);
        if (isV) v = inner;
        else if (isIs) inline = stringItemText(inner);
        i = closeAt < 0 ? to : markupEnd(xml, closeAt);
      }
    }

    let value: CellValue = null;
    switch (t) {
      case undefined:
      case 'n':
        if (v !== undefined && v.trim() !== '') {
          const num = Number(v);
          value = Number.isNaN(num) ? decodeXml(v) : num;
        }
        break;
      case 's':
        if (v !== undefined && v.trim() !== '') {
          shared ??= ctx.sharedStrings();
          value = shared[Number(v)] ?? null;
        }
        break;
      case 'str':
        if (v !== undefined) value = decodeXString(decodeXml(v));
        break;
      case 'inlineStr':
        if (inline !== undefined) value = inline;
        else if (v !== undefined) value = decodeXString(decodeXml(v));
        break;
      case 'b':
        if (v !== undefined) {
          const b = v.trim();
          if (b === '1' || b === 'true') value = true;
          else if (b === '0' || b === 'false') value = false;
        }
        break;
      case 'e':
        if (v !== undefined && v.trim() !== '') value = { error: decodeXml(v).trim() };
        break;
      case 'd':
        if (v !== undefined && v.trim() !== '') {
          const text = decodeXml(v);
          value = serialFromIso(text, ctx.date1904) ?? text;
        }
        break;
      default:
        if (v !== undefined) value = decodeXml(v);
    }

    const cell: Cell = { value };
    if (s !== undefined) {
      let fmt: string | undefined;
      if (fmtCache.has(s)) fmt = fmtCache.get(s);
      else {
        fmt = ctx.numFmtOfStyle(Number(s));
        fmtCache.set(s, fmt);
      }
      if (fmt !== undefined) cell.numFmt = fmt;
    }
    if (hasFormula) cell.formula = true;

    (cells[cellRow] ??= [])[col] = cell;
    if (cellRow > maxRow) maxRow = cellRow;
    if (col > maxCol) maxCol = col;
  }
  sheet.maxRow = maxRow;
  sheet.maxCol = maxCol;
}
