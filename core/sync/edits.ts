/**
 * What a sync changes, as plain data. Hosts (the .xlsx patcher, the Office.js adapter) apply it;
 * the engine never touches a workbook itself.
 */

import type { CellRange } from '../cells.js';
import type { RagStatus } from '../rag.js';
import type { PrintSetup } from './print-setup.js';

/** A complete cell style for cells the engine owns (the timeline). Colours are `RRGGBB`. */
export interface CellStyle {
  /** The background colour: a solid fill, or the colour behind `pattern`. */
  fill?: string;
  /** A hatched fill (OOXML pattern name) drawn in `patternColor` over `fill`. */
  pattern?: FillPattern;
  patternColor?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  /** Font size in points, when not the workbook's default. */
  fontSize?: number;
  /** Number format code, e.g. `mmm-yy`. */
  numFmt?: string;
  borderLeft?: string;
  borderRight?: string;
  borderTop?: string;
  borderBottom?: string;
  /** The bottom border thick rather than thin (a baseline period). */
  borderBottomThick?: boolean;
  hAlign?: 'left' | 'center' | 'right';
  /** Text rotation in degrees (90 = bottom to top). */
  rotation?: number;
  /** Text that looks like a formula (`=SUM(...)`) stays text when edited in Excel. */
  quotePrefix?: boolean;
  /** Wrap long text within the cell. */
  wrap?: boolean;
}

/** The hatch patterns the engine uses (OOXML names; Office.js calls lightUp `LightUp`). */
export type FillPattern = 'lightUp';

/** Interns styles so equal styles share one index (and so one xf or one format call in a host). */
export class StyleTable {
  readonly styles: CellStyle[] = [];
  private readonly index = new Map<string, number>();
  id(style: CellStyle): number {
    const key = JSON.stringify(style);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push(style);
      this.index.set(key, id);
    }
    return id;
  }
}

/**
 * Style indexes of a block's cells, -1 for none. A timeline has a few dozen styles, so it keeps
 * them 16 bits wide: a 50,000-task plan over three years is 2 million cells, 4 MB less.
 */
export type StyleIndexes = Int16Array | Int32Array;

/**
 * A rectangle of cells the tool owns and writes whole, stored compactly (a 5,000-task timeline in
 * weeks is close to a million cells). A block may store only some of its rows (`rows`): the
 * others hold no cell at all, so a stray task far below the table costs one row, not the rows
 * between.
 */
export interface CellBlockData {
  width: number;
  height: number;
  /**
   * The row offsets (0 = the block's first row) that hold cells, ascending; absent when every
   * row is stored. `styles` and `values` are indexed by stored row: `k * width + c` for the
   * k-th stored row (which is row `k` itself when `rows` is absent).
   */
  rows?: Int32Array;
  /** Style index of each stored cell, stored row by stored row; -1 for an empty, unstyled cell. */
  styles: StyleIndexes;
  /** The cells that hold a value, by `k * width + c`. */
  values: Map<number, number | string>;
}

/** The number of rows a block stores. */
export function storedRowCount(t: CellBlockData): number {
  return t.rows ? t.rows.length : t.height;
}

/** The row offset of the k-th stored row of a block. */
export function storedRowOffset(t: CellBlockData, k: number): number {
  return t.rows ? t.rows[k] : k;
}

/** Which stored row row offset `r` is, or -1 when the block stores nothing there. */
export function storedRowIndex(t: CellBlockData, r: number): number {
  if (!t.rows) return r >= 0 && r < t.height ? r : -1;
  let lo = 0;
  let hi = t.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = t.rows[mid];
    if (v === r) return mid;
    if (v < r) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A RAG cell: keep its value, font, borders and number format, set the fill and font colour
 * of its status. `status: null` removes a fill this tool applied earlier (and only such a fill).
 */
export interface RagCellEdit {
  row: number;
  col: number;
  status: RagStatus | null;
  fill: string | null;
  fontColor: string | null;
  /** The canonical label to write when normalising (`A/R` -> `Amber/Red`). */
  normalisedText?: string;
}

export interface TimelineCell {
  value: number | string | null;
  /** Index into `SyncEdits.styles`; -1 for an empty, unstyled cell. */
  style: number;
}

/** The timeline: period dates on the header row, bars and milestones below, a band above. */
export interface Timeline extends CellBlockData {
  /** The whole area the timeline owns: band row (if any), header row and task rows. */
  area: CellRange;
  headerRow: number;
  /** Width (in Excel character units) of every timeline column. */
  columnWidth: number;
  /** The absolute reference the timeline's defined name gets, e.g. `'Transition Plan'!$M$3:$Y$28`. */
  nameRef: string;
}

/** The cell at row offset `r` and column offset `c` of the timeline. */
export function timelineCell(t: CellBlockData, r: number, c: number): TimelineCell {
  const k = storedRowIndex(t, r);
  if (k < 0 || c < 0 || c >= t.width) return { value: null, style: -1 };
  const i = k * t.width + c;
  return { value: t.values.get(i) ?? null, style: t.styles[i] };
}

/** The timeline as rows of cells (for hosts that write 2-D arrays, and for tests). */
export function timelineRows(t: CellBlockData): TimelineCell[][] {
  return Array.from({ length: t.height }, (_, r) =>
    Array.from({ length: t.width }, (_, c) => timelineCell(t, r, c)),
  );
}

export interface SyncEdits {
  sheet: string;
  styles: CellStyle[];
  ragCells: RagCellEdit[];
  /** Null when no timeline is drawn (no dated tasks, or something is in the way). */
  timeline: Timeline | null;
  /** Parts of a previous timeline now outside the new one: emptied and unstyled. */
  clear: CellRange[];
  /** Panes to freeze (first unfrozen row and column) if the sheet has none yet. */
  freeze: { row: number; col: number } | null;
  /** The hidden defined name that remembers where the timeline is, so a re-run replaces it. */
  timelineName: string;
  /**
   * A page setup for printing the plan to a board; hosts apply it only when the sheet has no page
   * setup of its own (or has the one a previous sync set). Absent when not asked for.
   */
  print?: PrintSetup | null;
}

/** The defined name marking the timeline area (workbook-scoped, hidden). */
export const TIMELINE_NAME = 'PlanSync_Timeline';
/** The marker drawn in a milestone's period. */
export const MILESTONE_MARKER = '◆';
/** Starts the note in the first timeline cell of a row whose dates cannot be drawn. */
export const NOT_DRAWN_MARKER = '⚠';
/**
 * Held by the first timeline cell of each task row when nothing else is there: text in the
 * column left of the timeline stops at a cell that is not empty instead of running over the bars
 * (in Excel and LibreOffice alike). Invisible, and blank to every reader of the plan.
 */
export const OVERFLOW_STOP = ' ';
