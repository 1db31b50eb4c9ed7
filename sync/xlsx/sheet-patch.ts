/**
 * Patches a worksheet part as text: only the rows and cells we change are rewritten, and only
 * `<dimension>`, `<cols>` and the sheet view's `<pane>` besides. Data validation, conditional
 * formatting, hyperlinks, merges, protection and anything else stay exactly as written.
 */

import { a1, columnLetters, parseRange, rangeA1, type CellRange } from '../../core/cells.js';
import {
  elements,
  firstElement,
  getAttr,
  innerOf,
  parseAttrs,
  scanStartTag,
  startTagOf,
} from '../../core/xlsx/xml-scan.js';
import { cellRefPosition } from '../../core/xlsx/worksheet-part.js';
import { rootPrefix, setAttrs, textElement } from './xml.js';

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
  /** Cell format index of each stored cell; -1 = no cell. */
  xf: Int32Array;
  values: ReadonlyMap<number, number | string>;
}

export interface SheetPatch {
  cells: Map<number, Map<number, CellUpdate>>;
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

function ownedCell(p: string, ref: string, value: number | string | null, s: number): string {
  const style = s > 0 ? ` s="${s}"` : '';
  if (value === null) return `<${p}c r="${ref}"${style}/>`;
  if (typeof value === 'number') return `<${p}c r="${ref}"${style}><${p}v>${value}</${p}v></${p}c>`;
  return `<${p}c r="${ref}"${style} t="inlineStr"><${p}is>${textElement(p, value)}</${p}is></${p}c>`;
}

function restyleCell(
  p: string,
  cell: string,
  update: Extract<CellUpdate, { kind: 'restyle' }>,
  ref: string,
): string {
  const tagEnd = scanStartTag(cell, 0);
  const tag = cell.slice(0, tagEnd);
  const s = update.restyle(Number(getAttr(tag, 's') ?? 0));
  if (update.text !== undefined && !firstElement(cell, 'f')) {
    const attrs = parseAttrs(tag).filter((a) => !['r', 's', 't'].includes(a.name));
    const extra = attrs.map((a) => ` ${a.name}=${a.quote}${a.value}${a.quote}`).join('');
    return `<${p}c r="${ref}"${s > 0 ? ` s="${s}"` : ''}${extra} t="inlineStr"><${p}is>${textElement(p, update.text)}</${p}is></${p}c>`;
  }
  return setAttrs(tag, { s: s > 0 ? String(s) : null }) + cell.slice(tagEnd);
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
    const xf = block.xf[offset + c];
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
  updates: Map<number, CellUpdate> | undefined,
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
  if (block && block.k >= 0) out.push(...blockCells(p, block.block, block.k, r, block.letters));
  out.sort((a, b) => a.col - b.col);
  let tag = row ? row.tag : `<${p}row r="${r}">`;
  if (height !== undefined) tag = setAttrs(tag, { ht: String(height), customHeight: '1' });
  if (row) {
    // `spans` is only a hint for readers, but a wrong one is worse than none: keep it true.
    const spans = out.length ? ` spans="${out[0].col}:${out[out.length - 1].col}"` : '';
    if (/\sspans=["']/.test(tag)) tag = tag.replace(/\sspans=("[^"]*"|'[^']*')/, spans);
    if (getAttr(tag, 'r') !== String(r)) tag = setAttrs(tag, { r: String(r) });
  }
  if (!out.length && !rest) return tag.endsWith('/>') ? tag : tag.slice(0, -1).trimEnd() + '/>';
  const open = tag.endsWith('/>') ? tag.slice(0, -2).trimEnd() + '>' : tag;
  return `${open}${out.map((c) => c.xml).join('')}${rest}</${p}row>`;
}

/** A row the sheet does not have yet, holding only timeline cells (the common case, built directly). */
function newBlockRow(p: string, block: CellBlock, k: number, r: number, letters: string[]): string {
  const offset = k * block.width;
  let out = `<${p}row r="${r}">`;
  for (let c = 0; c < block.width; c++) {
    const xf = block.xf[offset + c];
    const value = block.values.get(offset + c) ?? null;
    if (xf < 0 && value === null) continue;
    out += ownedCell(p, letters[c] + r, value, xf);
  }
  return out + `</${p}row>`;
}

function patchSheetData(xml: string, p: string, patch: SheetPatch): string {
  const el = firstElement(xml, 'sheetData');
  if (!el) throw new Error('worksheet has no sheetData');
  const selfClosing = el.closeStart === el.openEnd;
  const innerStart = el.openEnd;
  const innerEnd = selfClosing ? el.openEnd : el.closeStart;
  const rows = selfClosing ? [] : scanRows(xml, innerStart, innerEnd);
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
    return xml;

  const letters = block
    ? Array.from({ length: block.width }, (_, c) => columnLetters(block.area.left + c))
    : [];
  // Absolute row -> index of the stored row, for the rows the block stores.
  const slots = new Map<number, number>();
  if (block) {
    const count = block.rows ? block.rows.length : block.area.bottom - block.area.top + 1;
    for (let k = 0; k < count; k++) slots.set(block.area.top + (block.rows ? block.rows[k] : k), k);
  }
  const blockFor = (r: number) =>
    block && inBlockRows(r) ? { block, letters, k: slots.get(r) ?? -1 } : null;
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
  const rewrite = (row: RowSpan | null, r: number) =>
    !row && block && inBlockRows(r) && !patch.cells.has(r) && !heights.has(r)
      ? newBlockRow(p, block, slots.get(r)!, r, letters)
      : rewriteRow(p, row, r, patch.cells.get(r), patch.clearRanges, blockFor(r), heights.get(r));
  const parts: string[] = [];
  let pos = innerStart;
  let mi = 0;
  for (const row of rows) {
    if (mi < missing.length && missing[mi] < row.r) {
      parts.push(xml.slice(pos, row.start));
      while (mi < missing.length && missing[mi] < row.r) parts.push(rewrite(null, missing[mi++]));
      pos = row.start;
    }
    if (!touched(row.r)) continue;
    parts.push(xml.slice(pos, row.start), rewrite(row, row.r));
    pos = row.end;
  }
  parts.push(xml.slice(pos, innerEnd));
  while (mi < missing.length) parts.push(rewrite(null, missing[mi++]));
  const body = parts.join('');
  if (selfClosing)
    return xml.slice(0, el.start) + `<${p}sheetData>${body}</${p}sheetData>` + xml.slice(el.end);
  return xml.slice(0, innerStart) + body + xml.slice(innerEnd);
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

export function patchSheet(xml: string, patch: SheetPatch): string {
  const p = rootPrefix(xml);
  const data = patchSheetData(xml, p, patch);
  // Dimension, sheet views and columns all come before sheetData: patch only that head.
  const at = firstElement(data, 'sheetData')?.start ?? data.length;
  let head = data.slice(0, at);
  const tail = data.slice(at);
  head = patchDimension(head, p, patch);
  if (patch.columnWidths) head = patchCols(head, p, patch.columnWidths);
  if (patch.freeze) head = patchFreeze(head, p, patch.freeze);
  return head + tail;
}
