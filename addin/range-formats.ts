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
 * Each stored row of a block as runs of one style: `[left, right, style]` triples in `data`, the
 * runs of stored row k from `starts[k]` to `starts[k + 1]`. Cells without a style are in no run.
 * Found once, so that each format property works on a few runs a row, not on every cell.
 */
interface StyleRuns {
  data: number[];
  starts: Int32Array;
}

function styleRuns(block: CellBlockData): StyleRuns {
  const { width, styles } = block;
  const count = storedRowCount(block);
  const data: number[] = [];
  const starts = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) {
    starts[k] = data.length;
    const base = k * width;
    let c = 0;
    while (c < width) {
      const s = styles[base + c];
      if (s < 0) {
        c++;
        continue;
      }
      const left = c;
      while (c + 1 < width && styles[base + c + 1] === s) c++;
      data.push(left, c, s);
      c++;
    }
  }
  starts[count] = data.length;
  return { data, starts };
}

interface OpenRect {
  rect: CellRange;
  /** The index of its value in the property's distinct values. */
  value: number;
}

/**
 * Rectangles covering exactly the cells whose style has a given value (`valueOf[style]`, an index
 * into `values`; -1 for none): runs of equal value along each row, merged with the identical run
 * on the row below. Rectangles are listed as they close (a row at a time, left to right).
 */
function rectangles<K>(
  block: CellBlockData,
  runs: StyleRuns,
  valueOf: Int32Array,
  values: readonly K[],
): Map<K, CellRange[]> {
  const { data, starts } = runs;
  const out = new Map<K, CellRange[]>();
  const close = ({ rect, value }: OpenRect) => {
    const k = values[value];
    const list = out.get(k);
    if (list) list.push(rect);
    else out.set(k, [rect]);
  };
  // Rectangles still open from the row above, left to right.
  let open: OpenRect[] = [];
  const count = storedRowCount(block);
  for (let i = 0, previous = -2; i < count; i++) {
    const r = storedRowOffset(block, i);
    // A row the block does not store is empty: it ends every rectangle.
    if (r !== previous + 1) {
      for (const o of open) close(o);
      open = [];
    }
    previous = r;
    const next: OpenRect[] = [];
    const ended: OpenRect[] = [];
    let j = 0;
    const end = starts[i + 1];
    for (let p = starts[i]; p < end;) {
      const value = valueOf[data[p + 2]];
      if (value < 0) {
        p += 3;
        continue;
      }
      const left = data[p];
      let right = data[p + 1];
      p += 3;
      // Adjacent runs of other styles with the same value are one run of this property.
      while (p < end && data[p] === right + 1 && valueOf[data[p + 2]] === value) {
        right = data[p + 1];
        p += 3;
      }
      while (j < open.length && open[j].rect.left < left) ended.push(open[j++]);
      const above = j < open.length && open[j].rect.left === left ? open[j] : undefined;
      if (above && above.rect.right === right && above.value === value) {
        above.rect.bottom = r;
        next.push(above);
        j++;
      } else {
        if (above) {
          ended.push(above);
          j++;
        }
        next.push({ rect: { top: r, bottom: r, left, right }, value });
      }
    }
    while (j < open.length) ended.push(open[j++]);
    for (const o of ended) close(o);
    open = next;
  }
  for (const o of open) close(o);
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

/** A run of values along a row, joined with the same run on the rows below. */
interface ValueRun {
  top: number;
  left: number;
  right: number;
  rows: (number | string)[][];
}

/** The writes that give `area` (on a cleared sheet area) the block's values and styles. */
export function blockWrites(
  block: CellBlockData,
  styles: readonly CellStyle[],
  area: CellRange,
): BlockWrites {
  const { width } = block;
  const values: BlockWrites['values'] = [];
  // Open runs by "first:last" column, from the row above.
  let open = new Map<string, ValueRun>();
  const close = (run: ValueRun) =>
    values.push({
      address: address(
        area.top + run.top,
        area.left + run.left,
        area.top + run.top + run.rows.length - 1,
        area.left + run.right,
      ),
      rows: run.rows,
    });
  // Only the cells that hold a value are visited, row by row (a timeline is mostly empty cells).
  const count = storedRowCount(block);
  const keys = [...block.values.keys()].sort((a, b) => a - b);
  for (let i = 0, above = -2; i < keys.length;) {
    const k = Math.floor(keys[i] / width);
    if (k >= count) break;
    const r = storedRowOffset(block, k);
    // The row above holds no value, or is not stored: it ends every run.
    if (k !== above + 1 || r !== storedRowOffset(block, above) + 1) {
      for (const run of open.values()) close(run);
      open = new Map();
    }
    above = k;
    const next = new Map<string, ValueRun>();
    const base = k * width;
    while (i < keys.length && keys[i] < base + width) {
      const start = keys[i] - base;
      let c = start;
      const row: (number | string)[] = [];
      while (i < keys.length && c < width && keys[i] === base + c) {
        row.push(block.values.get(keys[i++])!);
        c++;
      }
      const key = `${start}:${c - 1}`;
      const run = open.get(key);
      if (run) {
        run.rows.push(row);
        open.delete(key);
        next.set(key, run);
      } else next.set(key, { top: r, left: start, right: c - 1, rows: [row] });
    }
    for (const run of open.values()) close(run);
    open = next;
  }
  for (const run of open.values()) close(run);
  const formats: FormatWrite[] = [];
  const runs = styleRuns(block);
  for (const property of PROPERTIES) {
    // Each style's value of the property, as an index into its distinct values.
    const distinct: (string | number | boolean)[] = [];
    const index = new Map<string | number | boolean, number>();
    const valueOf = new Int32Array(styles.length).fill(-1);
    styles.forEach((style, s) => {
      const v = style[property];
      if (v === undefined) return;
      let at = index.get(v);
      if (at === undefined) {
        at = distinct.push(v) - 1;
        index.set(v, at);
      }
      valueOf[s] = at;
    });
    if (!distinct.length) continue;
    const rects = rectangles(block, runs, valueOf, distinct);
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
