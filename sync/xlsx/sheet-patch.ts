/**
 * Patches a worksheet part as text: only the rows and cells we change are rewritten, and only
 * `<dimension>`, `<cols>` and the sheet view's `<pane>` besides. Data validation, conditional
 * formatting, hyperlinks, merges, protection and anything else stay exactly as written.
 */

import { a1, columnLetters, parseRange, rangeA1, type CellRange } from '../../core/cells.js';
import {
  attrNameEnd,
  attrNameStart,
  attrValueEnd,
  attrValueStart,
  elements,
  findEndTag,
  firstElement,
  getAttr,
  innerOf,
  isStartTag,
  isXmlSpace,
  markupEnd,
  parseAttrs,
  scanned,
  scannedAttr,
  scanStartTag,
  startTagOf,
} from '../../core/xlsx/xml-scan.js';
import { cellRefPosition } from '../../core/xlsx/worksheet-part.js';
import { rootPrefix, setAttrs, textElement } from './xml.js';
import type { PiecedText } from './zip.js';
import type { StyleIndexes } from '../../core/sync/edits.js';
import { flatten } from '../../core/flat-text.js';
import { pushAll } from '../../core/arrays.js';

export type CellUpdate =
  /** Keep the cell, give it a new style computed from its current one; optionally new text. */
  | { kind: 'restyle'; restyle: (s: number) => number; text?: string }
  /** Replace the cell with this value and style (cells the tool owns). */
  | { kind: 'set'; value: number | string | null; s: number }
  | { kind: 'clear' };

/**
 * A rectangle of cells the tool owns, replaced whole: `xf[k * width + c]` for the k-th stored row,
 * -1 with no value = no cell. Rows the block does not store (`rows`, as in CellBlockData) hold none.
 */
export interface CellBlock {
  area: CellRange;
  width: number;
  /** Row offsets from `area.top` that hold cells, ascending; absent = every row. */
  rows?: Int32Array;
  /** Cell format index of each stored cell (with `xfOf`, its style's index); -1 = no cell. */
  xf: StyleIndexes;
  /**
   * The cell format of each style, when `xf` holds style indexes: a large timeline's grid is
   * then used as it is, not copied as formats.
   */
  xfOf?: Int32Array;
  values: ReadonlyMap<number, number | string>;
}

/** The cell format of the block's cell at `i` (-1: none). */
function xfAt(block: CellBlock, i: number): number {
  const s = block.xf[i];
  return block.xfOf && s >= 0 ? block.xfOf[s] : s;
}

export interface SheetPatch {
  /** By row, then column. A row's updates may be shared with other rows: read, never changed. */
  cells: ReadonlyMap<number, ReadonlyMap<number, CellUpdate>>;
  /** The timeline: every cell inside it is replaced; cells outside it are kept. */
  block?: CellBlock | null;
  /** Cells in these ranges are removed unless `cells` updates them. */
  clearRanges: CellRange[];
  columnWidths?: { min: number; max: number; width: number } | null;
  freeze?: { row: number; col: number } | null;
  /** Row heights in points for rows the block needs taller (a wrapped header). */
  rowHeights?: ReadonlyMap<number, number>;
}

interface RowSpan {
  r: number;
  start: number;
  end: number;
  tag: string;
  inner: string | null;
}

function scanRows(xml: string, from: number, to: number): RowSpan[] {
  const rows: RowSpan[] = [];
  let previous = 0;
  for (const el of elements(xml, 'row', from, to)) {
    const tag = startTagOf(xml, el);
    // As the reader numbers rows: an r missing or empty means the row after the previous one.
    const given = getAttr(tag, 'r')?.trim();
    const r = given ? Number(given) : previous + 1;
    previous = r;
    rows.push({
      r,
      start: el.start,
      end: el.end,
      tag,
      inner: el.selfClosing ? null : innerOf(xml, el),
    });
  }
  return rows;
}

interface CellSpan {
  col: number;
  xml: string;
}

function scanCells(inner: string, row: number): { cells: CellSpan[]; rest: string } {
  const cells: CellSpan[] = [];
  let previous = 0;
  let pos = 0;
  let rest = '';
  for (const el of elements(inner, 'c')) {
    rest += inner.slice(pos, el.start).trim();
    const tag = startTagOf(inner, el);
    // As the reader places cells: an r missing or empty means the column after the previous one.
    const given = getAttr(tag, 'r');
    const col = (given?.trim() && cellRefPosition(given)?.col) || previous + 1;
    previous = col;
    let xml = inner.slice(el.start, el.end);
    // A rewritten row gets every cell's reference in Excel's form (`B7`), set once.
    const ref = a1(row, col);
    if (given === undefined) xml = xml.replace(/^(<[^\s/>]+)/, `$1 r="${ref}"`);
    else if (given !== ref) xml = setAttrs(tag, { r: ref }) + xml.slice(tag.length);
    cells.push({ col, xml });
    pos = el.end;
  }
  rest += inner.slice(pos).trim();
  return { cells, rest };
}

/** A character that needs two bytes in a string (a milestone's ◆): the whole string then does. */
// eslint-disable-next-line no-control-regex -- the one-byte range starts at U+0000
const WIDE = /[^\u0000-\u00ff]/;

/** Set when a cell's new text has a character past U+00FF (see PieceBuffer); reset per row. */
let wroteWide = false;

/** Written `<t>` elements by text: a timeline repeats a few texts (◆, labels) thousands of times. */
const textCache = new Map<string, { xml: string; wide: boolean }>();
const TEXT_CACHE_MAX = 4096;

/** `textElement`, noting a wide character (tested on the short text, not the whole row). */
function cellText(p: string, text: string): string {
  const key = p + '\u0000' + text;
  let done = textCache.get(key);
  if (!done) {
    if (textCache.size >= TEXT_CACHE_MAX) textCache.clear();
    done = { xml: textElement(p, text), wide: WIDE.test(text) };
    textCache.set(key, done);
  }
  if (done.wide) wroteWide = true;
  return done.xml;
}

function ownedCell(p: string, ref: string, value: number | string | null, s: number): string {
  const style = s > 0 ? ` s="${s}"` : '';
  if (value === null) return `<${p}c r="${ref}"${style}/>`;
  if (typeof value === 'number') return `<${p}c r="${ref}"${style}><${p}v>${value}</${p}v></${p}c>`;
  return `<${p}c r="${ref}"${style} t="inlineStr"><${p}is>${cellText(p, value)}</${p}is></${p}c>`;
}

function restyleCell(
  p: string,
  cell: string,
  update: Extract<CellUpdate, { kind: 'restyle' }>,
  ref: string,
): string {
  const tagEnd = scanStartTag(cell, 0);
  const tag = cell.slice(0, tagEnd);
  const s = update.restyle(Number(scannedAttr(cell, 's') ?? 0));
  if (update.text !== undefined && !firstElement(cell, 'f')) {
    const attrs = parseAttrs(tag).filter((a) => !['r', 's', 't'].includes(a.name));
    const extra = attrs.map((a) => ` ${a.name}=${a.quote}${a.value}${a.quote}`).join('');
    return `<${p}c r="${ref}"${s > 0 ? ` s="${s}"` : ''}${extra} t="inlineStr"><${p}is>${cellText(p, update.text)}</${p}is></${p}c>`;
  }
  return withStyle(tag, s > 0 ? String(s) : null) + cell.slice(tagEnd);
}

/**
 * `setAttrs(tag, { s })` (null: no `s`), without taking the tag apart when it is written as
 * setAttrs writes tags (one space before each attribute, none around `=` or before the end, as
 * Excel writes cells): then only the value of `s` changes.
 */
export function withStyle(tag: string, s: string | null): string {
  scanStartTag(tag, 0);
  let at = scanned.nameEnd;
  let found = -1;
  for (let k = 0; k < scanned.attrCount; k++) {
    const name = attrNameStart[k];
    if (name !== at + 1 || tag.charCodeAt(at) !== 32 || attrValueStart[k] !== attrNameEnd[k] + 2)
      return setAttrs(tag, { s });
    if (attrNameEnd[k] - name === 1 && tag.charCodeAt(name) === 115 /* s */) {
      if (found >= 0) return setAttrs(tag, { s });
      found = k;
    }
    at = attrValueEnd[k] + 1;
  }
  if (scanned.malformed || !scanned.complete || scanned.end !== at + (scanned.selfClosing ? 2 : 1))
    return setAttrs(tag, { s });
  if (found < 0) return s === null ? tag : `${tag.slice(0, at)} s="${s}"${tag.slice(at)}`;
  const from = s === null ? attrNameStart[found] - 1 : attrValueStart[found] - 1;
  const text = s === null ? '' : `"${s}"`;
  return tag.slice(0, from) + text + tag.slice(attrValueEnd[found] + 1);
}

function inAny(ranges: readonly CellRange[], row: number, col: number): boolean {
  return ranges.some((r) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right);
}

function blockCells(
  p: string,
  block: CellBlock,
  k: number,
  r: number,
  letters: string[],
): CellSpan[] {
  const out: CellSpan[] = [];
  const offset = k * block.width;
  for (let c = 0; c < block.width; c++) {
    const xf = xfAt(block, offset + c);
    const value = block.values.get(offset + c) ?? null;
    if (xf < 0 && value === null) continue;
    out.push({ col: block.area.left + c, xml: ownedCell(p, letters[c] + r, value, xf) });
  }
  return out;
}

function rewriteRow(
  p: string,
  row: RowSpan | null,
  r: number,
  updates: ReadonlyMap<number, CellUpdate> | undefined,
  clears: CellRange[],
  block: { block: CellBlock; letters: string[]; k: number } | null,
  height: number | undefined,
): string {
  const { cells, rest } = row?.inner ? scanCells(row.inner, r) : { cells: [], rest: '' };
  const out: CellSpan[] = [];
  const done = new Set<number>();
  const inBlock = (col: number) =>
    block !== null && col >= block.block.area.left && col <= block.block.area.right;
  for (const cell of cells) {
    if (inBlock(cell.col)) continue;
    const update = updates?.get(cell.col);
    done.add(cell.col);
    const ref = a1(r, cell.col);
    if (!update) {
      if (!inAny(clears, r, cell.col)) out.push(cell);
    } else if (update.kind === 'clear') {
      continue;
    } else if (update.kind === 'set') {
      if (update.value === null && update.s <= 0) continue;
      out.push({ col: cell.col, xml: ownedCell(p, ref, update.value, update.s) });
    } else {
      out.push({ col: cell.col, xml: restyleCell(p, cell.xml, update, ref) });
    }
  }
  for (const [col, update] of updates ?? []) {
    if (done.has(col) || update.kind !== 'set' || inBlock(col)) continue;
    if (update.value === null && update.s <= 0) continue;
    out.push({ col, xml: ownedCell(p, a1(r, col), update.value, update.s) });
  }
  if (block && block.k >= 0) pushAll(out, blockCells(p, block.block, block.k, r, block.letters));
  out.sort((a, b) => a.col - b.col);
  const body = out.map((c) => c.xml).join('');
  return finishRow(
    p,
    row ? row.tag : null,
    r,
    height,
    out.length ? out[0].col : 0,
    out.length ? out[out.length - 1].col : 0,
    out.length,
    body,
    rest,
  );
}

/** The row's start tag (height, a true `spans`, its number) around its new cells and other content. */
function finishRow(
  p: string,
  rowTag: string | null,
  r: number,
  height: number | undefined,
  first: number,
  last: number,
  count: number,
  body: string,
  rest: string,
): string {
  let tag = rowTag ?? `<${p}row r="${r}">`;
  if (height !== undefined) tag = setAttrs(tag, { ht: String(height), customHeight: '1' });
  if (rowTag !== null) {
    // `spans` is only a hint for readers, but a wrong one is worse than none: keep it true.
    const spans = count ? ` spans="${first}:${last}"` : '';
    tag = replaceAttr(tag, 'spans', spans);
    if (getAttr(tag, 'r') !== String(r)) tag = setAttrs(tag, { r: String(r) });
  }
  if (!count && !rest) return tag.endsWith('/>') ? tag : tag.slice(0, -1).trimEnd() + '/>';
  const open = tag.endsWith('/>') ? tag.slice(0, -2).trimEnd() + '>' : tag;
  return `${open}${body}${rest}</${p}row>`;
}

/**
 * `tag` with its attribute `name` (and the white space character before it) replaced by `text`, found as
 * an attribute: never text inside another attribute's value. The tag as it is when it has none.
 */
function replaceAttr(tag: string, name: string, text: string): string {
  scanStartTag(tag, 0);
  for (let k = 0; k < scanned.attrCount; k++) {
    const start = attrNameStart[k];
    if (attrNameEnd[k] - start !== name.length || !tag.startsWith(name, start)) continue;
    const from = start > 0 && isXmlSpace(tag.charCodeAt(start - 1)) ? start - 1 : start;
    return tag.slice(0, from) + text + tag.slice(attrValueEnd[k] + 1);
  }
  return tag;
}

/** A row the sheet does not have yet, holding only timeline cells (the common case, built directly). */
function newBlockRow(p: string, cells: BlockCells, k: number, r: number): string {
  return `<${p}row r="${r}">${cells.row(k, r)}</${p}row>`;
}

/**
 * Writes the timeline's cells row by row, as `ownedCell` would, with what every row shares built
 * once: each column's `<c r="X` and each format's ending. Most timeline cells have no value.
 */
class BlockCells {
  private readonly opens: string[];
  private readonly endings: string[] = [];
  private readonly glues: string[] = [];
  private readonly parts: string[] = [];
  /** Stored rows that hold a value (a milestone's ◆, a label): only those look values up. */
  private readonly valueRows: Uint8Array;
  /** Columns of the first and last cell `row` wrote, and how many it wrote. */
  first = 0;
  last = 0;
  count = 0;

  constructor(
    private readonly p: string,
    private readonly block: CellBlock,
    private readonly letters: string[],
  ) {
    this.opens = letters.map((l) => `<${p}c r="${l}`);
    const width = Math.max(1, block.width);
    this.valueRows = new Uint8Array(Math.ceil(block.xf.length / width));
    for (const at of block.values.keys()) this.valueRows[Math.floor(at / width)] = 1;
  }

  /** The cells of the k-th stored row, row number `r`, in column order. */
  row(k: number, r: number): string {
    if (this.valueRows[k] === 1) return this.rowWithValues(k, r);
    // Only the row number differs between rows: the text around each occurrence of it is
    // built once (per format and column) and the row is one join, not a string per cell.
    const { width, area } = this.block;
    const offset = k * width;
    const parts = this.parts;
    parts.length = 0;
    let previous = 0;
    let count = 0;
    let first = 0;
    let last = 0;
    for (let c = 0; c < width; c++) {
      const s = xfAt(this.block, offset + c);
      if (s < 0) continue;
      if (!count) {
        parts.push(this.opens[c]);
        first = area.left + c;
      } else parts.push(this.glue(previous, c));
      previous = s;
      last = area.left + c;
      count++;
    }
    this.first = first;
    this.last = last;
    this.count = count;
    if (!count) return '';
    parts.push(this.ending(previous));
    return parts.join(String(r));
  }

  /** `row` for a row with values: each cell as `ownedCell` writes it. */
  private rowWithValues(k: number, r: number): string {
    const { width, values, area } = this.block;
    const offset = k * width;
    const number = String(r);
    let out = '';
    let count = 0;
    let first = 0;
    let last = 0;
    for (let c = 0; c < width; c++) {
      const s = xfAt(this.block, offset + c);
      const value = values.get(offset + c) ?? null;
      if (s < 0 && value === null) continue;
      out +=
        value === null
          ? this.opens[c] + number + this.ending(s)
          : ownedCell(this.p, this.letters[c] + r, value, s);
      if (!count) first = area.left + c;
      last = area.left + c;
      count++;
    }
    this.first = first;
    this.last = last;
    this.count = count;
    return out;
  }

  /** The end of a cell with format `s` and no value, then the start of column `c`'s cell. */
  private glue(s: number, c: number): string {
    return (this.glues[s * this.block.width + c] ??= this.ending(s) + this.opens[c]);
  }

  /** What follows the reference in a cell without a value (as `ownedCell` writes it). */
  private ending(s: number): string {
    if (s <= 0) return '"/>';
    return (this.endings[s] ??= `" s="${s}"/>`);
  }
}

/** Where the sheetData element is. `plain`: its content has no comment, CDATA or processing instruction. */
interface SheetDataSpan {
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
  plain: boolean;
}

let lastLocated: { xml: string; span: SheetDataSpan | null } | null = null;

/**
 * The first sheetData element (as `firstElement` finds it), with its end found by native string
 * search when nothing in between could hide or fake an end tag: no regular expression over rows.
 */
function locateSheetData(xml: string): SheetDataSpan | null {
  if (lastLocated?.xml === xml) return lastLocated.span;
  const span = locate(xml);
  lastLocated = { xml, span };
  return span;
}

function locate(xml: string): SheetDataSpan | null {
  let i = 0;
  let lt: number;
  for (;;) {
    lt = xml.indexOf('<', i);
    if (lt < 0) return null;
    if (!isStartTag(xml, lt)) {
      i = markupEnd(xml, lt);
      continue;
    }
    const end = scanStartTag(xml, lt);
    if (
      scanned.nameEnd - scanned.localStart === 9 &&
      xml.startsWith('sheetData', scanned.localStart) &&
      /[\s/>]/.test(xml[scanned.nameEnd] ?? '')
    )
      break;
    i = Math.max(end, lt + 1);
  }
  const openEnd = scanned.end;
  if (scanned.selfClosing)
    return {
      start: lt,
      openEnd,
      closeStart: openEnd,
      end: openEnd,
      selfClosing: true,
      plain: true,
    };
  const q = xml.slice(lt + 1, scanned.nameEnd);
  const close = findEndTag(xml, `</${q}`, openEnd);
  if (close >= 0) {
    const before = (at: number) => at >= 0 && at < close;
    if (
      !before(xml.indexOf('<!', openEnd)) &&
      !before(xml.indexOf('<?', openEnd)) &&
      !before(xml.indexOf(`<${q}`, openEnd))
    ) {
      let j = close + 2 + q.length;
      while (isXmlSpace(xml.charCodeAt(j))) j++;
      return { start: lt, openEnd, closeStart: close, end: j + 1, selfClosing: false, plain: true };
    }
  }
  const el = firstElement(xml, 'sheetData');
  return el ? { ...el, plain: false } : null;
}

/** A row of sheetData by position. */
interface RowAt {
  r: number;
  start: number;
  openEnd: number;
  closeStart: number;
  end: number;
  selfClosing: boolean;
}

/** The rows of plain sheetData, found by string search; null when anything else is there. */
function plainRows(xml: string, from: number, to: number): RowAt[] | null {
  const rows: RowAt[] = [];
  let previous = 0;
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) return rows;
    if (!isStartTag(xml, lt)) return null;
    const openEnd = scanStartTag(xml, lt);
    if (
      !scanned.complete ||
      scanned.nameEnd - scanned.localStart !== 3 ||
      !xml.startsWith('row', scanned.localStart)
    )
      return null;
    // As the reader numbers rows: an r missing or empty means the row after the previous one.
    const given = scannedAttr(xml, 'r')?.trim();
    const r = given ? Number(given) : previous + 1;
    previous = r;
    if (scanned.selfClosing) {
      rows.push({ r, start: lt, openEnd, closeStart: openEnd, end: openEnd, selfClosing: true });
      i = openEnd;
      continue;
    }
    const q = xml.slice(lt + 1, scanned.nameEnd);
    const close = findEndTag(xml, `</${q}`, openEnd);
    if (close < 0 || close >= to) return null;
    const nested = xml.indexOf(`<${q}`, openEnd);
    if (nested >= 0 && nested < close) return null;
    let j = close + 2 + q.length;
    while (isXmlSpace(xml.charCodeAt(j))) j++;
    rows.push({ r, start: lt, openEnd, closeStart: close, end: j + 1, selfClosing: false });
    i = j + 1;
  }
}

/** The rows as the element scanner finds them (sheetData with comments and the like). */
function scannedRows(xml: string, from: number, to: number): RowAt[] {
  return scanRows(xml, from, to).map((row) => ({
    r: row.r,
    start: row.start,
    openEnd: row.start + row.tag.length,
    closeStart: row.start + row.tag.length + (row.inner?.length ?? 0),
    end: row.end,
    selfClosing: row.inner === null,
  }));
}

/**
 * The column of the scanned cell tag when its `r` is exactly Excel's reference in row `r` (as a
 * rewritten row writes it); 0 otherwise.
 */
function exactRefColumn(xml: string, r: number): number {
  for (let k = 0; k < scanned.attrCount; k++) {
    if (attrNameEnd[k] - attrNameStart[k] !== 1 || xml.charCodeAt(attrNameStart[k]) !== 114)
      continue;
    const end = attrValueEnd[k];
    let i = attrValueStart[k];
    let col = 0;
    for (; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (c < 65 || c > 90) break;
      col = col * 26 + (c - 64);
    }
    if (i === end || xml.charCodeAt(i) === 48) return 0;
    let row = 0;
    for (; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (c < 48 || c > 57) return 0;
      row = row * 10 + (c - 48);
    }
    return row === r ? col : 0;
  }
  return 0;
}

/**
 * `rewriteRow` for the common row, straight from the text: cells in order, each with its own
 * reference, nothing else in the row. Kept cells are copied as written, the timeline's cells
 * merged in by column. Null when the row is anything else (`rewriteRow` handles it).
 */
function fastRow(
  p: string,
  xml: string,
  row: RowAt,
  r: number,
  updates: ReadonlyMap<number, CellUpdate> | undefined,
  clears: CellRange[],
  block: { block: CellBlock; letters: string[]; k: number; cells: BlockCells } | null,
  height: number | undefined,
): string | null {
  const left = block ? block.block.area.left : 0;
  const right = block ? block.block.area.right : -1;
  // Cells the updates set, in column order (those the row has are met on the way).
  let adds: number[] | null = null;
  if (updates)
    for (const [col, u] of updates)
      if (u.kind === 'set' && !(u.value === null && u.s <= 0) && !(col >= left && col <= right))
        (adds ??= []).push(col);
  adds?.sort((a, b) => a - b);
  let ai = 0;
  let blockDue = block !== null && block.k >= 0;
  let body = '';
  let count = 0;
  let first = 0;
  let last = 0;
  const emit = (col: number, text: string) => {
    if (!count) first = col;
    last = col;
    count++;
    body += text;
  };
  /** Emits the added and timeline cells left of `col`. */
  const flush = (col: number) => {
    for (;;) {
      const a = adds !== null && ai < adds.length ? adds[ai] : Infinity;
      const b = blockDue ? left : Infinity;
      if (Math.min(a, b) >= col) return;
      if (b < a) {
        const { cells, k } = block!;
        const text = cells.row(k, r);
        if (cells.count) {
          if (!count) first = cells.first;
          last = cells.last;
          count += cells.count;
          body += text;
        }
        blockDue = false;
      } else {
        const u = updates!.get(a) as Extract<CellUpdate, { kind: 'set' }>;
        emit(a, ownedCell(p, a1(r, a), u.value, u.s));
        ai++;
      }
    }
  };
  let i = row.openEnd;
  const to = row.closeStart;
  let previous = 0;
  for (;;) {
    const found = xml.indexOf('<', i);
    const lt = found < 0 || found >= to ? to : found;
    // Text between cells: rewriteRow keeps only what is not white space (after the cells).
    for (let k = i; k < lt; k++) if (!isXmlSpace(xml.charCodeAt(k))) return null;
    if (lt === to) break;
    if (!isStartTag(xml, lt)) return null;
    const tagEnd = scanStartTag(xml, lt);
    if (
      !scanned.complete ||
      scanned.nameEnd - scanned.localStart !== 1 ||
      xml.charCodeAt(scanned.localStart) !== 99
    )
      return null;
    const col = exactRefColumn(xml, r);
    if (col <= previous) return null;
    previous = col;
    let end = tagEnd;
    if (!scanned.selfClosing) {
      const q = xml.slice(lt + 1, scanned.nameEnd);
      const close = findEndTag(xml, `</${q}`, tagEnd);
      if (close < 0 || close >= to) return null;
      end = close + 2 + q.length;
      while (isXmlSpace(xml.charCodeAt(end))) end++;
      end++;
    }
    i = end;
    if (col >= left && col <= right) continue; // the timeline's: replaced
    flush(col);
    if (adds !== null && adds[ai] === col) ai++;
    const update = updates?.get(col);
    if (!update) {
      if (!inAny(clears, r, col)) emit(col, xml.slice(lt, end));
    } else if (update.kind === 'set') {
      if (update.value !== null || update.s > 0)
        emit(col, ownedCell(p, a1(r, col), update.value, update.s));
    } else if (update.kind === 'restyle') {
      emit(col, restyleCell(p, xml.slice(lt, end), update, a1(r, col)));
    }
  }
  flush(Infinity);
  return finishRow(p, xml.slice(row.start, row.openEnd), r, height, first, last, count, body, '');
}

/** The new content of sheetData in pieces; null when no row changes. */
function patchSheetData(
  xml: string,
  p: string,
  patch: SheetPatch,
  el: SheetDataSpan,
): string[] | null {
  const innerStart = el.openEnd;
  const innerEnd = el.closeStart;
  const fast = el.plain ? plainRows(xml, innerStart, innerEnd) : null;
  const rows = el.selfClosing ? [] : (fast ?? scannedRows(xml, innerStart, innerEnd));
  const block = patch.block ?? null;
  const heights = patch.rowHeights ?? new Map<number, number>();
  const inBlockRows = (r: number) =>
    block !== null && r >= block.area.top && r <= block.area.bottom;
  const touched = (r: number) =>
    patch.cells.has(r) ||
    heights.has(r) ||
    inBlockRows(r) ||
    patch.clearRanges.some((c) => r >= c.top && r <= c.bottom);
  if (!block && !patch.cells.size && !heights.size && !rows.some((row) => touched(row.r)))
    return null;

  const letters = block
    ? Array.from({ length: block.width }, (_, c) => columnLetters(block.area.left + c))
    : [];
  // Absolute row -> index of the stored row, for the rows the block stores.
  const slots = new Map<number, number>();
  if (block) {
    const count = block.rows ? block.rows.length : block.area.bottom - block.area.top + 1;
    for (let k = 0; k < count; k++) slots.set(block.area.top + (block.rows ? block.rows[k] : k), k);
  }
  const cells = block ? new BlockCells(p, block, letters) : null;
  const blockFor = (r: number) =>
    block && cells && inBlockRows(r) ? { block, letters, k: slots.get(r) ?? -1, cells } : null;
  // Rows to create: those that get cells (or a height) and have no row element yet, in increasing
  // order (rows are in order: the reader refuses a sheet whose rows are not).
  const byR = new Set(rows.map((row) => row.r));
  const fromCells = [...new Set([...patch.cells.keys(), ...heights.keys()])]
    .filter((r) => !byR.has(r))
    .sort((a, b) => a - b);
  const fromBlock: number[] = [];
  if (block) {
    const { xf, width, values } = block;
    for (const [r, k] of slots) {
      const offset = k * width;
      if (byR.has(r) || patch.cells.has(r) || heights.has(r)) continue;
      for (let c = 0; c < width; c++) {
        if (xf[offset + c] >= 0 || values.has(offset + c)) {
          fromBlock.push(r);
          break;
        }
      }
    }
  }
  const missing: number[] = [];
  for (let i = 0, j = 0; i < fromCells.length || j < fromBlock.length;) {
    if (j >= fromBlock.length || (i < fromCells.length && fromCells[i] < fromBlock[j]))
      missing.push(fromCells[i++]);
    else missing.push(fromBlock[j++]);
  }
  const rewrite = (row: RowAt | null, r: number): string => {
    if (!row && block && inBlockRows(r) && !patch.cells.has(r) && !heights.has(r))
      return newBlockRow(p, cells!, slots.get(r)!, r);
    const updates = patch.cells.get(r);
    const height = heights.get(r);
    if (row && fast) {
      const done = fastRow(p, xml, row, r, updates, patch.clearRanges, blockFor(r), height);
      if (done !== null) return done;
    }
    const span: RowSpan | null = row && {
      r,
      start: row.start,
      end: row.end,
      tag: xml.slice(row.start, row.openEnd),
      inner: row.selfClosing ? null : xml.slice(row.openEnd, row.closeStart),
    };
    return rewriteRow(p, span, r, updates, patch.clearRanges, blockFor(r), height);
  };
  // A sheet with a wide character anywhere is held two bytes a character, and so is any text
  // copied from it (a slice, even of plain ASCII): then every row counts as wide.
  const inputWide = WIDE.test(xml);
  const copied = (text: string) => parts.push(text, inputWide);
  const rewritten = (row: RowAt | null, r: number) => {
    wroteWide = false;
    const text = rewrite(row, r);
    parts.push(text, wroteWide || inputWide);
  };
  const parts = new PieceBuffer();
  let pos = innerStart;
  let mi = 0;
  for (const row of rows) {
    if (mi < missing.length && missing[mi] < row.r) {
      copied(xml.slice(pos, row.start));
      while (mi < missing.length && missing[mi] < row.r) rewritten(null, missing[mi++]);
      pos = row.start;
    }
    if (!touched(row.r)) continue;
    copied(xml.slice(pos, row.start));
    rewritten(row, row.r);
    pos = row.end;
  }
  copied(xml.slice(pos, innerEnd));
  while (mi < missing.length) rewritten(null, missing[mi++]);
  return parts.done();
}

/**
 * Output rows joined into flat pieces of about this many characters: under V8's large-object
 * size even two bytes a character, so pieces and the copies the check makes of them are
 * collected young instead of piling up in the large-object space until a full collection.
 */
const PIECE_CHARS = 1 << 15;

/**
 * Collects the new rows, joined into flat pieces as it goes: each rewritten row is a tree of small
 * strings that would otherwise all stay alive (and be promoted) until the whole sheet is joined.
 * Rows with a character past U+00FF go into pieces of their own: one ◆ in a piece would make
 * every character of it take two bytes.
 */
class PieceBuffer {
  private readonly pieces: string[] = [];
  private batch: string[] = [];
  private chars = 0;
  private wide = false;

  /** `wide`: the text has a character past U+00FF. */
  push(text: string, wide: boolean): void {
    if (!text) return;
    if (wide !== this.wide) this.flush();
    this.wide = wide;
    this.batch.push(text);
    this.chars += text.length;
    if (this.chars >= PIECE_CHARS) this.flush();
  }

  private flush(): void {
    if (this.batch.length) {
      // A batch of one row (one with a ◆) joins to that row itself: a tree holding slices of
      // the sheet as read, which would keep all of it alive until the file is written.
      const piece = this.batch.join('');
      flatten(piece);
      this.pieces.push(piece);
    }
    this.batch = [];
    this.chars = 0;
  }

  done(): string[] {
    this.flush();
    return this.pieces;
  }
}

function patchDimension(xml: string, p: string, patch: SheetPatch): string {
  const el = firstElement(xml, 'dimension');
  if (!el) return xml;
  const tag = xml.slice(el.start, el.openEnd);
  const current = parseRange(getAttr(tag, 'ref') ?? '');
  let bounds = current;
  const grow = (b: CellRange | null, r: CellRange): CellRange =>
    b
      ? {
          top: Math.min(b.top, r.top),
          left: Math.min(b.left, r.left),
          bottom: Math.max(b.bottom, r.bottom),
          right: Math.max(b.right, r.right),
        }
      : r;
  if (patch.block) bounds = grow(bounds, patch.block.area);
  for (const [row, cols] of patch.cells) {
    for (const [col, u] of cols) {
      if (u.kind !== 'set' || (u.value === null && u.s <= 0)) continue;
      bounds = bounds
        ? {
            top: Math.min(bounds.top, row),
            left: Math.min(bounds.left, col),
            bottom: Math.max(bounds.bottom, row),
            right: Math.max(bounds.right, col),
          }
        : { top: row, left: col, bottom: row, right: col };
    }
  }
  if (!bounds || (current && rangeA1(bounds) === rangeA1(current))) return xml;
  return xml.slice(0, el.start) + setAttrs(tag, { ref: rangeA1(bounds) }) + xml.slice(el.openEnd);
}

function patchCols(
  xml: string,
  p: string,
  widths: NonNullable<SheetPatch['columnWidths']>,
): string {
  const el = firstElement(xml, 'cols');
  const ours = (min: number, max: number) =>
    `<${p}col min="${min}" max="${max}" width="${widths.width}" customWidth="1"/>`;
  if (!el) {
    // Columns go last before sheetData (which is where the head ends when given only the head).
    const at = firstElement(xml, 'sheetData')?.start ?? xml.length;
    return (
      xml.slice(0, at) + `<${p}cols>${ours(widths.min, widths.max)}</${p}cols>` + xml.slice(at)
    );
  }
  const items = [...elements(xml, 'col', el.openEnd, el.closeStart)].map((c) =>
    xml.slice(c.start, c.end),
  );
  const out: { min: number; xml: string }[] = [];
  let covered = widths.min;
  const gaps: [number, number][] = [];
  const sorted = items
    .map((tag) => ({ tag, min: Number(getAttr(tag, 'min')), max: Number(getAttr(tag, 'max')) }))
    .sort((a, b) => a.min - b.min);
  for (const { tag, min, max } of sorted) {
    if (max < widths.min || min > widths.max) {
      out.push({ min, xml: tag });
      continue;
    }
    // Split a user's range around the timeline; the part inside takes the timeline width.
    if (min < widths.min)
      out.push({ min, xml: setAttrs(tag, { min: String(min), max: String(widths.min - 1) }) });
    if (max > widths.max)
      out.push({
        min: widths.max + 1,
        xml: setAttrs(tag, { min: String(widths.max + 1), max: String(max) }),
      });
    const lo = Math.max(min, widths.min);
    const hi = Math.min(max, widths.max);
    if (lo > covered) gaps.push([covered, lo - 1]);
    covered = Math.max(covered, hi + 1);
    out.push({
      min: lo,
      xml: setAttrs(tag, {
        min: String(lo),
        max: String(hi),
        width: String(widths.width),
        customWidth: '1',
      }),
    });
  }
  if (covered <= widths.max) gaps.push([covered, widths.max]);
  for (const [lo, hi] of gaps) out.push({ min: lo, xml: ours(lo, hi) });
  out.sort((a, b) => a.min - b.min);
  const body = out.map((o) => o.xml).join('');
  if (body === items.join('')) return xml;
  return xml.slice(0, el.openEnd) + body + xml.slice(el.closeStart);
}

function patchFreeze(xml: string, p: string, freeze: { row: number; col: number }): string {
  const views = firstElement(xml, 'sheetViews');
  const pane = () => {
    const attrs = [];
    if (freeze.col > 1) attrs.push(`xSplit="${freeze.col - 1}"`);
    if (freeze.row > 1) attrs.push(`ySplit="${freeze.row - 1}"`);
    const active =
      freeze.col > 1 && freeze.row > 1 ? 'bottomRight' : freeze.row > 1 ? 'bottomLeft' : 'topRight';
    return `<${p}pane ${attrs.join(' ')} topLeftCell="${columnLetters(freeze.col)}${freeze.row}" activePane="${active}" state="frozen"/>`;
  };
  if (!views) {
    const before = firstElement(xml, 'sheetFormatPr') ??
      firstElement(xml, 'cols') ??
      firstElement(xml, 'sheetData') ?? { start: xml.length };
    return (
      xml.slice(0, before.start) +
      `<${p}sheetViews><${p}sheetView workbookViewId="0">${pane()}</${p}sheetView></${p}sheetViews>` +
      xml.slice(before.start)
    );
  }
  const view = firstElement(xml, 'sheetView', views.openEnd);
  if (!view || view.start > views.closeStart) return xml;
  if (firstElement(xml, 'pane', view.openEnd, view.closeStart)) return xml;
  const inner = innerOf(xml, view);
  const tag = startTagOf(xml, view);
  const open = view.selfClosing ? tag.slice(0, -2).trimEnd() + '>' : tag;
  return (
    xml.slice(0, view.start) +
    open +
    pane() +
    inner +
    `</${view.prefix}sheetView>` +
    xml.slice(view.end)
  );
}

/**
 * A worksheet part in pieces: the text before sheetData, sheetData's start tag, its content (in
 * pieces, so a large sheet need not be one string), its end tag ('' when self-closing) and the
 * rest. The part is their concatenation.
 */
export interface SheetParts {
  head: string;
  open: string;
  body: string[];
  close: string;
  tail: string;
  /** False when the content of sheetData is exactly as it was read. */
  bodyChanged: boolean;
}

function sheetDataOf(xml: string): SheetDataSpan {
  const el = locateSheetData(xml);
  if (!el) throw new Error('worksheet has no sheetData');
  return el;
}

/** The part as read, in pieces. */
export function splitSheet(xml: string): SheetParts {
  const el = sheetDataOf(xml);
  return {
    head: xml.slice(0, el.start),
    open: xml.slice(el.start, el.openEnd),
    body: el.selfClosing ? [] : [xml.slice(el.openEnd, el.closeStart)],
    close: xml.slice(el.closeStart, el.end),
    tail: xml.slice(el.end),
    bodyChanged: false,
  };
}

/** The part with sheetData emptied: everything the sheet has besides its rows. */
export function sheetSkeleton(sheet: SheetParts): string {
  return sheet.head + sheet.open + sheet.close + sheet.tail;
}

/** The whole part as one string. */
export function sheetText(sheet: SheetParts): string {
  return [sheet.head, sheet.open, ...sheet.body, sheet.close, sheet.tail].join('');
}

/**
 * The whole part as a PiecedText for writeZip: the rows stay in their pieces, so a large sheet is
 * never also one string (each piece holds whole rows, as verify.ts needs).
 */
export function sheetPieces(sheet: SheetParts): PiecedText {
  // The head and tail are slices of the sheet as read, which V8 keeps whole behind any slice of
  // it: copied, the part as read can be let go once the new one is made.
  lastLocated = null;
  return {
    head: copyOf(sheet.head + sheet.open),
    body: sheet.body,
    tail: copyOf(sheet.close + sheet.tail),
  };
}

/** The same text in a string of its own (not a slice of a larger one). */
function copyOf(text: string): string {
  return (' ' + text).slice(1);
}

/** True when the part is exactly `xml`, compared piece by piece (nothing joined). */
export function sheetTextIs(sheet: SheetParts, xml: string): boolean {
  let at = 0;
  for (const piece of [sheet.head, sheet.open, ...sheet.body, sheet.close, sheet.tail]) {
    if (!xml.startsWith(piece, at)) return false;
    at += piece.length;
  }
  return at === xml.length;
}

/**
 * The sheet with `edit` applied to its skeleton: for edits that never look inside sheetData
 * (page setup, print titles), so they need not scan the rows.
 */
export function editSkeleton(sheet: SheetParts, edit: (skeleton: string) => string): SheetParts {
  const before = sheetSkeleton(sheet);
  const after = edit(before);
  if (after === before) return sheet;
  const el = sheetDataOf(after);
  return {
    head: after.slice(0, el.start),
    open: after.slice(el.start, el.openEnd),
    body: sheet.body,
    close: after.slice(el.closeStart, el.end),
    tail: after.slice(el.end),
    bodyChanged: sheet.bodyChanged,
  };
}

/**
 * True when `b` (made from `a` by the functions here) is certainly the same text as `a`; false
 * may still be the same text, as rewritten rows are not compared.
 */
export function sameSheet(a: SheetParts, b: SheetParts): boolean {
  return !b.bodyChanged && !a.bodyChanged && sheetSkeleton(a) === sheetSkeleton(b);
}

/** `patchSheet` in pieces (see SheetParts). */
export function patchSheetParts(xml: string, patch: SheetPatch): SheetParts {
  const p = rootPrefix(xml);
  const el = sheetDataOf(xml);
  const body = patchSheetData(xml, p, patch, el);
  // Dimension, sheet views and columns all come before sheetData: patch only that head.
  let head = xml.slice(0, el.start);
  head = patchDimension(head, p, patch);
  if (patch.columnWidths) head = patchCols(head, p, patch.columnWidths);
  if (patch.freeze) head = patchFreeze(head, p, patch.freeze);
  const tail = xml.slice(el.end);
  if (body === null) {
    const same = splitSheet(xml);
    return { ...same, head };
  }
  if (el.selfClosing)
    return {
      head,
      open: `<${p}sheetData>`,
      body,
      close: `</${p}sheetData>`,
      tail,
      bodyChanged: true,
    };
  return {
    head,
    open: xml.slice(el.start, el.openEnd),
    body,
    close: xml.slice(el.closeStart, el.end),
    tail,
    bodyChanged: true,
  };
}

export function patchSheet(xml: string, patch: SheetPatch): string {
  return sheetText(patchSheetParts(xml, patch));
}
