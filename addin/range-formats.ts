/**
 * Turns a block of owned cells (the timeline, a budget table) into a few range-wide writes, as
 * Excel wants them: each format property is applied to rectangles of equal values, joined into
 * multi-area addresses, instead of cell by cell. Pure: no Office.js here.
 */

import { a1, columnLetters, type CellRange } from '../core/cells.js';
import {
  storedRowCount,
  storedRowOffset,
  type CellBlockData,
  type CellStyle,
} from '../core/sync/edits.js';

/** One format property with one value, for a set of rectangles. */
export interface FormatWrite {
  property: keyof CellStyle;
  value: string | number | boolean;
  /** A1 addresses (`K5:Q5`), to be joined into multi-area ranges. */
  areas: string[];
}

export interface BlockWrites {
  /**
   * Cells holding a value: runs of consecutive values along a row, joined with the same run on
   * the rows below (a column of markers is one write, not one per row).
   */
  values: { address: string; rows: (number | string)[][] }[];
  formats: FormatWrite[];
}

/**
 * How multi-area addresses are written for `Worksheet.getRanges`: desktop Excel parses them with
 * its locale's list separator (`;` in German or Czech, office-js #1167 and #1985), and has refused
 * addresses with many areas well under its documented 8,192 characters (office-js #5198, docs
 * #2255), so both the length and the number of areas are capped.
 */
export interface AreaLimits {
  separator: ',' | ';';
  maxAreas: number;
  maxChars: number;
}

/** Where every session starts: halved on each refusal, down to one area a call. */
export const DEFAULT_AREA_LIMITS: AreaLimits = { separator: ',', maxAreas: 200, maxChars: 2000 };

/** Joins areas into addresses that stay within `limits`. */
export function chunkAreas(
  areas: readonly string[],
  limits: AreaLimits = DEFAULT_AREA_LIMITS,
): string[] {
  const chunks: string[] = [];
  let current = '';
  let count = 0;
  for (const area of areas) {
    if (
      current &&
      (count >= limits.maxAreas || current.length + 1 + area.length > limits.maxChars)
    ) {
      chunks.push(current);
      current = '';
      count = 0;
    }
    current = current ? `${current}${limits.separator}${area}` : area;
    count++;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Languages whose numbers use a decimal comma: desktop Excel's list separator is then `;`. */
const DECIMAL_COMMA = new Set([
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'fi',
  'fr',
  'hr',
  'hu',
  'id',
  'it',
  'lt',
  'lv',
  'nb',
  'nl',
  'nn',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr',
  'sv',
  'tr',
  'uk',
  'vi',
]);

/**
 * The separator to try first: Excel on the web takes `,` in every locale (office-js #1985);
 * desktop Excel follows the regional settings, which its decimal separator (CultureInfo,
 * ExcelApi 1.11) or else Office's language gives away. A wrong guess is found and corrected once
 * per session.
 */
export function guessListSeparator(
  platform: string,
  decimalSeparator: string | null,
  language: string,
): ',' | ';' {
  if (platform === 'OfficeOnline') return ',';
  if (decimalSeparator) return decimalSeparator === ',' ? ';' : ',';
  const lang = language.toLowerCase().split(/[-_]/)[0];
  return DECIMAL_COMMA.has(lang) && language.toLowerCase() !== 'de-ch' ? ';' : ',';
}

/** `'My, plan'!A1:B2, Plan!D4` (either separator, quoted sheet names kept whole) -> its areas. */
export function splitAreas(address: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && (ch === ',' || ch === ';')) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/**
 * Row bands of a region to read: each at most `maxBytes` (by the measured bytes a row) and
 * `maxCells` cells, far below the 5,000,000 cells past which Excel returns no values.
 */
export function rowBands(
  top: number,
  bottom: number,
  width: number,
  bytesPerRow: number,
  maxBytes: number,
  maxCells: number,
): { top: number; bottom: number }[] {
  const rows = Math.max(
    1,
    Math.min(
      Math.floor(maxBytes / Math.max(1, bytesPerRow)),
      Math.floor(maxCells / Math.max(1, width)),
    ),
  );
  const bands: { top: number; bottom: number }[] = [];
  for (let t = top; t <= bottom; t += rows)
    bands.push({ top: t, bottom: Math.min(bottom, t + rows - 1) });
  return bands;
}

function address(top: number, left: number, bottom: number, right: number): string {
  const tl = a1(top, left);
  return top === bottom && left === right ? tl : `${tl}:${columnLetters(right)}${bottom}`;
}

/**
 * Rectangles covering exactly the cells where `key(k, c)` equals a given value (k: the block's
 * k-th stored row): runs along each row, merged with the identical run on the row below.
 */
function rectangles<K>(
  block: CellBlockData,
  key: (k: number, c: number) => K | undefined,
): Map<K, CellRange[]> {
  const width = block.width;
  const out = new Map<K, CellRange[]>();
  // Open rectangles by "left:right:key" from the previous row.
  let open = new Map<string, { rect: CellRange; key: K }>();
  const close = (rect: CellRange, k: K) => {
    const list = out.get(k) ?? [];
    list.push(rect);
    out.set(k, list);
  };
  const count = storedRowCount(block);
  for (let i = 0, previous = -2; i < count; i++) {
    const r = storedRowOffset(block, i);
    // A row the block does not store is empty: it ends every rectangle.
    if (r !== previous + 1) {
      for (const { rect, key: k } of open.values()) close(rect, k);
      open = new Map();
    }
    previous = r;
    const next = new Map<string, { rect: CellRange; key: K }>();
    let c = 0;
    while (c < width) {
      const k = key(i, c);
      if (k === undefined) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < width && key(i, end + 1) === k) end++;
      const id = `${c}:${end}:${String(k)}`;
      const prev = open.get(id);
      if (prev) {
        prev.rect.bottom = r;
        next.set(id, prev);
        open.delete(id);
      } else {
        next.set(id, { rect: { top: r, bottom: r, left: c, right: end }, key: k });
      }
      c = end + 1;
    }
    for (const { rect, key: k } of open.values()) close(rect, k);
    open = next;
  }
  for (const { rect, key: k } of open.values()) close(rect, k);
  return out;
}

// A pattern comes after the fill: in Excel, setting the colour of a cell without a fill makes it solid.
const PROPERTIES: (keyof CellStyle)[] = [
  'numFmt',
  'fill',
  'pattern',
  'patternColor',
  'fontColor',
  'bold',
  'italic',
  'fontSize',
  'borderLeft',
  'borderRight',
  'borderTop',
  'borderBottom',
  // After borderBottom, which sets a thin edge: this makes it thick.
  'borderBottomThick',
  'hAlign',
  'rotation',
  'wrap',
  'quotePrefix',
];

/** The writes that give `area` (on a cleared sheet area) the block's values and styles. */
export function blockWrites(
  block: CellBlockData,
  styles: readonly CellStyle[],
  area: CellRange,
): BlockWrites {
  const { width } = block;
  const values: BlockWrites['values'] = [];
  // Open runs by "first:last" column, from the row above.
  let open = new Map<
    string,
    { top: number; left: number; right: number; rows: (number | string)[][] }
  >();
  const close = (run: { top: number; left: number; right: number; rows: (number | string)[][] }) =>
    values.push({
      address: address(
        area.top + run.top,
        area.left + run.left,
        area.top + run.top + run.rows.length - 1,
        area.left + run.right,
      ),
      rows: run.rows,
    });
  const count = storedRowCount(block);
  for (let k = 0, previous = -2; k < count; k++) {
    const r = storedRowOffset(block, k);
    // A row the block does not store is empty: it ends every run.
    if (r !== previous + 1) {
      for (const run of open.values()) close(run);
      open = new Map();
    }
    previous = r;
    const next = new Map<
      string,
      { top: number; left: number; right: number; rows: (number | string)[][] }
    >();
    let c = 0;
    const base = k * width;
    while (c < width) {
      if (!block.values.has(base + c)) {
        c++;
        continue;
      }
      const row: (number | string)[] = [];
      const start = c;
      while (c < width && block.values.has(base + c)) row.push(block.values.get(base + c++)!);
      const key = `${start}:${c - 1}`;
      const above = open.get(key);
      if (above) {
        above.rows.push(row);
        open.delete(key);
        next.set(key, above);
      } else next.set(key, { top: r, left: start, right: c - 1, rows: [row] });
    }
    for (const run of open.values()) close(run);
    open = next;
  }
  for (const run of open.values()) close(run);
  const formats: FormatWrite[] = [];
  for (const property of PROPERTIES) {
    const rects = rectangles(block, (k, c) => {
      const s = block.styles[k * width + c];
      return s < 0 ? undefined : (styles[s][property] as string | number | boolean | undefined);
    });
    for (const [value, list] of rects) {
      formats.push({
        property,
        value,
        areas: list.map((x) =>
          address(area.top + x.top, area.left + x.left, area.top + x.bottom, area.left + x.right),
        ),
      });
    }
  }
  return { values, formats };
}
