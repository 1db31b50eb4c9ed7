/**
 * Turns a block of owned cells (the timeline, a budget table) into a few range-wide writes, as
 * Excel wants them: each format property is applied to rectangles of equal values, joined into
 * multi-area addresses, instead of cell by cell. Pure: no Office.js here.
 */

import { a1, columnLetters, type CellRange } from '../core/cells.js';
import type { CellBlockData, CellStyle } from '../core/sync/edits.js';

/** One format property with one value, for a set of rectangles. */
export interface FormatWrite {
  property: keyof CellStyle;
  value: string | number | boolean;
  /** A1 addresses (`K5:Q5`), to be joined into multi-area ranges. */
  areas: string[];
}

export interface BlockWrites {
  /** Cells holding a value: one write per row run of consecutive values. */
  values: { address: string; row: (number | string)[] }[];
  formats: FormatWrite[];
}

/** Excel on the web cuts multi-area addresses at 8,192 characters: stay well below. */
export const MAX_AREAS_LENGTH = 8000;

export function chunkAreas(areas: readonly string[], limit = MAX_AREAS_LENGTH): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const area of areas) {
    if (current && current.length + 1 + area.length > limit) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current},${area}` : area;
  }
  if (current) chunks.push(current);
  return chunks;
}

function address(top: number, left: number, bottom: number, right: number): string {
  const tl = a1(top, left);
  return top === bottom && left === right ? tl : `${tl}:${columnLetters(right)}${bottom}`;
}

/**
 * Rectangles covering exactly the cells where `key(r, c)` equals a given value: runs along each
 * row, merged with the identical run on the rows below.
 */
function rectangles<K>(
  height: number,
  width: number,
  key: (r: number, c: number) => K | undefined,
): Map<K, CellRange[]> {
  const out = new Map<K, CellRange[]>();
  // Open rectangles by "left:right:key" from the previous row.
  let open = new Map<string, { rect: CellRange; key: K }>();
  const close = (rect: CellRange, k: K) => {
    const list = out.get(k) ?? [];
    list.push(rect);
    out.set(k, list);
  };
  for (let r = 0; r < height; r++) {
    const next = new Map<string, { rect: CellRange; key: K }>();
    let c = 0;
    while (c < width) {
      const k = key(r, c);
      if (k === undefined) {
        c++;
        continue;
      }
      let end = c;
      while (end + 1 < width && key(r, end + 1) === k) end++;
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
  const { width, height } = block;
  const values: BlockWrites['values'] = [];
  for (let r = 0; r < height; r++) {
    let c = 0;
    while (c < width) {
      if (!block.values.has(r * width + c)) {
        c++;
        continue;
      }
      const row: (number | string)[] = [];
      const start = c;
      while (c < width && block.values.has(r * width + c))
        row.push(block.values.get(r * width + c++)!);
      values.push({
        address: address(area.top + r, area.left + start, area.top + r, area.left + c - 1),
        row,
      });
    }
  }
  const formats: FormatWrite[] = [];
  for (const property of PROPERTIES) {
    const rects = rectangles(height, width, (r, c) => {
      const s = block.styles[r * width + c];
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
