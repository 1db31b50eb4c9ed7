/**
 * The Office.js adapter: the only code that touches `Excel.*`. It reads the live workbook into the
 * engine's plain data and applies the engine's edits in few round trips whatever the plan's size:
 *
 * 1. the first rows of the likely sheets (the header is in the first 20), the used ranges' sizes,
 *    defined names, tables, merges and panes;
 * 2. the rest of the plan, sized from what the first rows measured: the table's cells, the
 *    RAG cells' fills, number formats, and for the Gantt the cells right of the table (sparsely,
 *    never the empty cells of an old timeline);
 * 3. the writes (with the number formats a write command needs only for its findings).
 *
 * Every request and response stays under Excel on the web's 5 MB (Office.js's envelope of some
 * 100-250 bytes a call included); a read Excel refuses as too big is read again in halves.
 */

import {
  a1,
  columnLetters,
  parseRange,
  rangeA1,
  type Cell,
  type CellRange,
  type CellValue,
  type DefinedName,
  type SheetData,
  type WorkbookData,
} from '../core/cells.js';
import type { CellBlockData, CellStyle, FillPattern, SyncEdits } from '../core/sync/edits.js';
import {
  footerSections,
  hasOwnPageSetup,
  type ObservedPageSetup,
  type PrintSetup,
} from '../core/sync/print-setup.js';
import { BOARD_ROW_HEIGHT, type BoardSheetLayout } from '../core/board/sheet.js';
import {
  findSheetName,
  likelyPlanSheets,
  planSheetsToRead,
  SETTINGS_SHEET,
  type LocateOptions,
} from '../core/plan/locate.js';
import { readPlan } from '../core/plan/read.js';
import { budgetTargetSheetsToRead } from '../core/budget/target.js';
import { previousTimeline } from '../core/sync/timeline-name.js';
import type { TemplateSheet } from '../core/template-layout.js';
import type { OwnedSheet } from '../core/report/layout.js';
import {
  blockWrites,
  chunkAreas,
  DEFAULT_AREA_LIMITS,
  guessListSeparator,
  rowBands,
  splitAreas,
  type AreaLimits,
  type FormatWrite,
} from './range-formats.js';
import { pushAll } from '../core/arrays.js';

/** `ShapeCollection.addSvg` (ExcelApi 1.9) is missing from @types/office-js. */
type SvgShapes = Excel.ShapeCollection & { addSvg(xml: string): Excel.Shape };

/** Data one request or response may carry: Excel on the web refuses 5 MB (envelope included). */
export const PAYLOAD_BUDGET = 4_600_000;
/** Office.js's envelope per call, "about 100-250 bytes": counted at the top of that range. */
export const CALL_BYTES = 250;
/** Rows read first across the whole sheet: the header is in the first 20, the rest measure rows. */
const HEAD_ROWS = 60;
/** Cells a read band may have: past 5,000,000 Excel may return `values` as null. */
const MAX_BAND_CELLS = 1_000_000;
/** A band's share of a response, so that bands pack into requests well. */
const MAX_BAND_BYTES = 1_000_000;
/** Bytes a number format or a fill takes in a response, per cell (`"dd/mm/yyyy",`, `{"format":...}`). */
const FORMAT_BYTES = 24;
const FILL_BYTES = 44;
/** Bytes an area of cells found sparsely takes besides its values (address, brackets, envelope). */
const SPARSE_BYTES = 120;

const ERROR_VALUE = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/;

/** The engine's (OOXML) pattern names as Office.js calls them (`RangeFill.pattern`, ExcelApi 1.9). */
const OFFICE_PATTERN: Record<FillPattern, Excel.FillPattern> = {
  lightUp: 'LightUp' as Excel.FillPattern,
};

export function apiSupported(version: string): boolean {
  return Office.context.requirements.isSetSupported('ExcelApi', version);
}

/** 'OfficeOnline' (Excel on the web), 'PC', 'Mac'... */
function platform(): string {
  return String(Office.context.platform ?? Office.context.diagnostics?.platform ?? '');
}

/** Excel column width in characters to points (Calibri 11: 7 px a character plus 5 px padding). */
export function widthInPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

/** The Office.js error code of `err` when it is an `OfficeExtension.Error`; null for other errors. */
export function officeErrorCode(err: unknown): string | null {
  const OfficeError = (globalThis as { OfficeExtension?: { Error?: unknown } }).OfficeExtension
    ?.Error;
  if (typeof OfficeError !== 'function' || !(err instanceof (OfficeError as typeof Error)))
    return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/**
 * A read Excel refused for its size: `ResponsePayloadSizeLimitExceeded`, or on the web also
 * `GeneralException`; past 5,000,000 cells `RangeExceedsLimit` (or values that come back null).
 */
function tooBig(err: unknown): boolean {
  const code = officeErrorCode(err);
  return (
    err instanceof BandTooBig ||
    code === 'ResponsePayloadSizeLimitExceeded' ||
    code === 'GeneralException' ||
    code === 'RangeExceedsLimit'
  );
}

/** Excel returned no values for a band (more cells than it reads at once). */
class BandTooBig extends Error {}

/**
 * Excel refused a multi-area address, and the session now writes them differently (the other
 * list separator, or fewer areas a call): the command starts again from a fresh read.
 */
export class RetryCommand extends Error {
  constructor(
    reason: string,
    /** What Excel said: the error to show if the command cannot succeed after all. */
    readonly original: unknown,
  ) {
    super(reason);
  }
}

/** What one pane session learns about this Excel: how it takes multi-area addresses, and how much. */
export interface HostState {
  limits: AreaLimits;
  /** Bytes a request or a response may carry: halved whenever Excel refuses one as too big. */
  budget: number;
  /** The separator has worked (or a probe found it); until then the first write probes it. */
  separatorKnown: boolean;
  /** The separator comes from a guess already (platform and locale). */
  separatorGuessed: boolean;
}

export function newHostState(budget = PAYLOAD_BUDGET): HostState {
  return {
    limits: { ...DEFAULT_AREA_LIMITS },
    budget,
    separatorKnown: false,
    separatorGuessed: false,
  };
}

/** The smallest budget halving goes down to. */
const MIN_BUDGET = 16_000;

/** A value as the engine sees it: numbers stay numbers, empty strings are empty, errors are errors. */
function cellValueOf(v: unknown): CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v);
  return ERROR_VALUE.test(s) ? { error: s } : s;
}

/** Puts a block of loaded values (top-left at row, col: 1-based) into `cells`. */
function putValues(
  cells: (Cell | undefined)[][],
  row: number,
  col: number,
  values: readonly (readonly unknown[])[],
): void {
  for (let r = 0; r < values.length; r++) {
    const line = values[r];
    for (let c = 0; c < line.length; c++) {
      const value = cellValueOf(line[c]);
      if (value !== null) (cells[row + r] ??= [])[col + c] = { value };
    }
  }
}

/** `Plan!A1:C3, Plan!F5` (either list separator) -> ranges (the sheet part is dropped). */
export function rangesOf(address: string): CellRange[] {
  return splitAreas(address)
    .map((part) => parseRange(part.replace(/^.*!/, '').replace(/\$/g, '')))
    .filter((r): r is CellRange => r !== null);
}

function nameOf(item: Excel.NamedItem): DefinedName {
  const name: DefinedName = { name: item.name, ref: String(item.formula ?? '').replace(/^=/, '') };
  if (item.comment) name.comment = item.comment;
  if (item.visible === false) name.hidden = true;
  return name;
}

/** A sheet as far as it has been read. */
interface SheetState {
  name: string;
  ws: Excel.Worksheet;
  protected: boolean;
  /** The used range of values (formatting alone does not count), 1-based; null when empty. */
  used: CellRange | null;
  cells: (Cell | undefined)[][];
  merges: CellRange[];
  frozen: boolean;
  /** Rows 1..headRows have been read across the whole used range. */
  headRows: number;
  /** Every cell that holds something has been read. */
  complete: boolean;
}

function sheetDataOf(s: SheetState): SheetData {
  let maxRow = 0;
  let maxCol = 0;
  s.cells.forEach((line, row) => {
    if (!line) return;
    maxRow = Math.max(maxRow, row);
    maxCol = Math.max(maxCol, line.length - 1);
  });
  return {
    name: s.name,
    cells: s.cells,
    maxRow,
    maxCol,
    merges: s.merges,
    tables: [],
    protected: s.protected,
  };
}

/**
 * Number formats read, as (row, column, format) in the order read: put on the cells holding a
 * value as they arrive, each once (formats read with the writes arrive in several pieces).
 */
class NumberFormats {
  private rows: number[] = [];
  private cols: number[] = [];
  private codes: string[] = [];
  private applied = 0;

  push(row: number, col: number, code: string): void {
    this.rows.push(row);
    this.cols.push(col);
    this.codes.push(code);
  }

  /** Puts the formats read since the last time on `cells` (empty cells are left alone). */
  putOn(cells: (Cell | undefined)[][]): void {
    for (let i = this.applied; i < this.rows.length; i++) {
      const cell = cells[this.rows[i]]?.[this.cols[i]];
      // Cells this adapter made itself, before the engine sees them (Cell is readonly there).
      if (cell) (cell as { numFmt?: string }).numFmt = this.codes[i];
    }
    this.applied = this.rows.length;
  }
}

/** `item`, and each half Excel makes it split into, calling `done` once its results are in. */
function thenDo(item: ReadItem, done: () => void): ReadItem {
  return {
    ...item,
    queue: () => {
      const collect = item.queue();
      return () => {
        collect();
        done();
      };
    },
    halves: () => item.halves()?.map((half) => thenDo(half, done)) ?? null,
  };
}

/** One read: its response's size, what to queue, and how to split it when Excel refuses it. */
interface ReadItem {
  bytes: number;
  /** Queues the loads; the returned function takes the results after the sync. */
  queue(): () => void;
  /** Two halves, or null when it cannot be split. */
  halves(): ReadItem[] | null;
}

/** The JSON length of a row's values between two columns (1-based, relative to `left`). */
function rowBytes(line: readonly unknown[] | undefined, from: number, to: number): number {
  if (!line) return (to - from + 1) * 3 + 2;
  let n = 2;
  for (let c = from; c <= to; c++) {
    const v = line[c];
    n += v === undefined ? 3 : JSON.stringify((v as Cell).value ?? '').length + 1;
  }
  return n;
}

/** What a command needs read besides the cells. */
export interface PlanNeeds {
  /** The RAG cells' current fills (to undo only this tool's colours). */
  fills: boolean;
  /** Cells right of the table (where the timeline goes), Excel tables and merges. */
  placement: boolean;
  /** Number formats now, or later with the writes (only findings need them). */
  numberFormats: 'now' | 'with-writes';
  /** The plan sheet's page setup (pageLayout), to leave a user's own alone. */
  pageSetup?: boolean;
}

/** Reads queued with the writes: number formats, merged into the data when they arrive. */
export interface PendingReads {
  items: ReadItem[];
}

export interface PlanRead {
  data: WorkbookData;
  /** Fill colour (RRGGBB) of each RAG cell by A1 address; null for none. */
  fills: Map<string, string | null>;
  hasFrozenPanes: boolean;
  /** Merged areas are known (ExcelApi 1.13). */
  mergesKnown: boolean;
  pending: PendingReads | null;
  /** The plan sheet's page setup, when the command asked for it. */
  pageSetup?: ObservedPageSetup | null;
}

/** One `Excel.run`: the round trips of one command. */
export class WorkbookSession {
  syncs = 0;
  private pendingBytes = 0;
  private pendingAreas = false;
  private tableNames: { table: Excel.Table; sheet: string }[] = [];
  /** Every defined name, broken ones (`#REF!`) included: adding an existing name fails. */
  private allNames = new Set<string>();

  constructor(
    private readonly context: Excel.RequestContext,
    readonly host: HostState,
  ) {}

  private get budget(): number {
    return this.host.budget;
  }

  private async sync(): Promise<void> {
    this.syncs++;
    this.pendingBytes = 0;
    await this.context.sync();
  }

  hasName(name: string): boolean {
    return this.allNames.has(name.toLowerCase());
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** The first rows of `names` (those that exist), with the sheets' sizes; metadata too on request. */
  private async readHeads(names: readonly string[], meta: boolean): Promise<SheetState[]> {
    let rows = HEAD_ROWS;
    for (;;) {
      const wb = this.context.workbook;
      let guess: (() => void) | null = null;
      if (meta) {
        wb.worksheets.load('items/name');
        wb.names.load('items/name,items/formula,items/comment,items/visible,items/type');
        wb.tables.load('items/name,items/worksheet/name');
        guess = this.queueSeparatorGuess();
      }
      const queued = names.map((name) => {
        const ws = wb.worksheets.getItemOrNullObject(name);
        ws.load('name');
        ws.protection.load('protected');
        // Values only: formatting far down a sheet does not make the read bigger.
        const used = ws.getUsedRangeOrNullObject(true);
        used.load('rowIndex,columnIndex,rowCount,columnCount');
        const head = used.getIntersectionOrNullObject(ws.getRange(`1:${rows}`));
        head.load('values,rowIndex,columnIndex');
        let merged: Excel.RangeAreas | null = null;
        if (apiSupported('1.13')) {
          merged = ws.getUsedRangeOrNullObject().getMergedAreasOrNullObject();
          merged.load('address');
        }
        const panes = ws.freezePanes.getLocationOrNullObject();
        panes.load('address');
        return { ws, used, head, merged, panes };
      });
      try {
        await this.sync();
      } catch (e) {
        if (tooBig(e) && rows > 1) {
          rows = Math.ceil(rows / 2);
          continue;
        }
        throw e;
      }
      const states: SheetState[] = [];
      let retry = false;
      for (const q of queued) {
        if (q.ws.isNullObject) continue;
        const cells: (Cell | undefined)[][] = [];
        const used = q.used.isNullObject
          ? null
          : {
              top: q.used.rowIndex + 1,
              left: q.used.columnIndex + 1,
              bottom: q.used.rowIndex + q.used.rowCount,
              right: q.used.columnIndex + q.used.columnCount,
            };
        if (!q.head.isNullObject) {
          if (!Array.isArray(q.head.values)) retry = true;
          else putValues(cells, q.head.rowIndex + 1, q.head.columnIndex + 1, q.head.values);
        }
        states.push({
          name: q.ws.name,
          ws: q.ws,
          protected: q.ws.protection.protected,
          used,
          cells,
          merges: q.merged && !q.merged.isNullObject ? rangesOf(q.merged.address) : [],
          frozen: !q.panes.isNullObject,
          headRows: rows,
          complete: used === null || used.bottom <= rows,
        });
      }
      if (retry && rows > 1) {
        rows = Math.ceil(rows / 2);
        continue;
      }
      if (meta) {
        this.tableNames = wb.tables.items.map((t) => ({ table: t, sheet: t.worksheet.name }));
        this.allNames = new Set(wb.names.items.map((n) => n.name.toLowerCase()));
        guess?.();
      }
      return states;
    }
  }

  /**
   * Queues what tells this Excel's list separator (once a session): the platform, and on desktop
   * the decimal separator of its culture (ExcelApi 1.11) or else Office's language.
   */
  private queueSeparatorGuess(): (() => void) | null {
    if (this.host.separatorGuessed) return null;
    let culture: Excel.NumberFormatInfo | null = null;
    if (platform() !== 'OfficeOnline' && apiSupported('1.11')) {
      culture = this.context.workbook.application.cultureInfo.numberFormat;
      culture.load('numberDecimalSeparator');
    }
    return () => {
      this.host.limits.separator = guessListSeparator(
        platform(),
        culture ? culture.numberDecimalSeparator : null,
        String(Office.context.contentLanguage || Office.context.displayLanguage || ''),
      );
      this.host.separatorGuessed = true;
    };
  }

  /** Runs reads, as many to a request as the budget allows; splits what Excel refuses as too big. */
  private async readItems(items: readonly ReadItem[]): Promise<void> {
    let queue = [...items];
    let refusals = 0;
    while (queue.length) {
      const batch: ReadItem[] = [];
      let bytes = 0;
      while (queue.length && (!batch.length || bytes + queue[0].bytes <= this.budget)) {
        const item = queue.shift()!;
        batch.push(item);
        bytes += item.bytes;
      }
      const collects = batch.map((item) => item.queue());
      let failed: ReadItem[] = [];
      try {
        await this.sync();
        batch.forEach((item, i) => {
          try {
            collects[i]();
          } catch (e) {
            if (!(e instanceof BandTooBig)) throw e;
            failed.push(item);
          }
        });
      } catch (e) {
        if (!tooBig(e)) throw e;
        failed = batch;
        // Excel takes less than the session thought: ask for less from now on.
        this.host.budget = Math.max(MIN_BUDGET, Math.floor(this.host.budget / 2));
      }
      if (!failed.length) continue;
      const again = failed.flatMap((item) => item.halves() ?? []);
      // Nothing left to split, or Excel keeps refusing: a real failure, not a size.
      if (again.length < failed.length || ++refusals > 12)
        throw new Error(
          'Excel could not send part of this workbook even in small pieces. Save the workbook, close and reopen it, then try again.',
        );
      queue = [...again, ...queue];
    }
  }

  /** The values of `r` on a sheet: one item, halved by rows if Excel refuses it. */
  private valuesItem(st: SheetState, r: CellRange, bytesPerRow: number): ReadItem {
    const rows = r.bottom - r.top + 1;
    return {
      bytes: Math.ceil(rows * bytesPerRow) + 2 * CALL_BYTES,
      queue: () => {
        const range = st.ws.getRange(rangeA1(r));
        range.load('values');
        return () => {
          if (!Array.isArray(range.values)) throw new BandTooBig();
          putValues(st.cells, r.top, r.left, range.values);
        };
      },
      halves: () => this.halve(r, (h) => this.valuesItem(st, h, bytesPerRow)),
    };
  }

  private halve(r: CellRange, make: (half: CellRange) => ReadItem): ReadItem[] | null {
    if (r.bottom <= r.top) return null;
    const mid = Math.floor((r.top + r.bottom) / 2);
    return [make({ ...r, bottom: mid }), make({ ...r, top: mid + 1 })];
  }

  /** Bands of values for `r`, sized by the bytes a row measured in the sheet's first rows. */
  private valueBands(st: SheetState, r: CellRange, fromRow: number): ReadItem[] {
    const width = r.right - r.left + 1;
    let total = 0;
    let count = 0;
    for (let row = fromRow; row <= Math.min(st.headRows, st.used?.bottom ?? 0); row++) {
      total += rowBytes(st.cells[row], r.left, r.right);
      count++;
    }
    // Measured rows, with room for longer text further down; 20 bytes a cell when none measured.
    const perRow = count ? Math.max((total / count) * 1.25, width * 3 + 2) : width * 20;
    return rowBands(r.top, r.bottom, width, perRow, MAX_BAND_BYTES, MAX_BAND_CELLS).map((b) =>
      this.valuesItem(st, { ...r, top: b.top, bottom: b.bottom }, perRow),
    );
  }

  /** Number formats of a column's rows (other than General), for the cells when read. */
  private formatItem(st: SheetState, r: CellRange, formats: NumberFormats): ReadItem {
    const rows = r.bottom - r.top + 1;
    return {
      bytes: rows * (r.right - r.left + 1) * FORMAT_BYTES + 2 * CALL_BYTES,
      queue: () => {
        const range = st.ws.getRange(rangeA1(r));
        range.load('numberFormat');
        return () => {
          if (!Array.isArray(range.numberFormat)) throw new BandTooBig();
          const lines = range.numberFormat;
          for (let i = 0; i < lines.length; i++) {
            const line = lines[i];
            for (let j = 0; j < line.length; j++) {
              const fmt = line[j];
              if (fmt && fmt !== 'General') formats.push(r.top + i, r.left + j, String(fmt));
            }
          }
        };
      },
      halves: () => this.halve(r, (h) => this.formatItem(st, h, formats)),
    };
  }

  /** The fill colours of a column's cells (RRGGBB, null for none). */
  private fillItem(st: SheetState, r: CellRange, fills: Map<string, string | null>): ReadItem {
    const rows = r.bottom - r.top + 1;
    return {
      bytes: rows * FILL_BYTES + 2 * CALL_BYTES,
      queue: () => {
        const result = st.ws
          .getRange(rangeA1(r))
          .getCellProperties({ format: { fill: { color: true } } });
        return () => {
          result.value.forEach((line, i) => {
            const color = line[0]?.format?.fill?.color;
            fills.set(
              a1(r.top + i, r.left),
              color && color.toUpperCase() !== '#FFFFFF'
                ? color.replace('#', '').toUpperCase()
                : null,
            );
          });
        };
      },
      halves: () => this.halve(r, (h) => this.fillItem(st, h, fills)),
    };
  }

  /**
   * The cells of `r` that hold something (constants and formulas), without its empty cells: what
   * is right of the table, where an old timeline's thousands of empty cells would cost megabytes.
   */
  private sparseItem(st: SheetState, r: CellRange, perRow: number): ReadItem {
    const rows = r.bottom - r.top + 1;
    return {
      bytes: Math.ceil(rows * perRow) + 4 * CALL_BYTES + 600,
      queue: () => {
        const range = st.ws.getRange(rangeA1(r));
        const found = (['Constants', 'Formulas'] as const).map((type) => {
          const areas = range.getSpecialCellsOrNullObject(type as Excel.SpecialCellType);
          areas.areas.load('items/address,items/values');
          return areas;
        });
        return () => {
          for (const areas of found) {
            if (areas.isNullObject) continue;
            for (const area of areas.areas.items) {
              const at = rangesOf(area.address)[0];
              if (!at || !Array.isArray(area.values)) throw new BandTooBig();
              putValues(st.cells, at.top, at.left, area.values);
            }
          }
        };
      },
      halves: () => this.halve(r, (h) => this.sparseItem(st, h, perRow)),
    };
  }

  /** Reads the rest of a sheet densely (Settings, Workstreams, a plan without a header). */
  private restOf(st: SheetState): ReadItem[] {
    if (st.complete || !st.used) return [];
    const r = { ...st.used, top: st.headRows + 1 };
    st.complete = true;
    return this.valueBands(st, r, 1);
  }

  /**
   * The workbook as the engine reads it: the sheets the engine asks for (core/plan/locate.ts),
   * and what the command `needs` of the plan sheet.
   */
  async readPlanWorkbook(options: LocateOptions, needs: PlanNeeds): Promise<PlanRead> {
    const wb = this.context.workbook;
    const first = await this.readHeads(likelyPlanSheets(options), true);
    const sheetNames = wb.worksheets.items.map((s) => s.name);
    const states = new Map<string, SheetState>();
    const add = (list: SheetState[]) => {
      // Excel finds sheets ignoring case: one sheet may answer two of the likely names.
      for (const s of list) if (!states.has(s.name)) states.set(s.name, s);
    };
    add(first);
    const names = wb.names.items.filter((n) => n.type !== 'Error').map(nameOf);
    const dataOf = (): WorkbookData => {
      const order = new Map(sheetNames.map((n, i) => [n, i]));
      const sheets = [...states.values()]
        .sort((a, b) => order.get(a.name)! - order.get(b.name)!)
        .map(sheetDataOf);
      // Office.js exposes the 1904 setting only in preview; plans use 1900.
      return { date1904: false, names, sheets, sheetNames };
    };

    // The Settings sheet first (it may name the plan sheet), then any sheet still needed.
    for (;;) {
      const settings = states.get(findSheetName(sheetNames, SETTINGS_SHEET) ?? '');
      if (settings && !settings.complete) {
        await this.readItems(this.restOf(settings));
        continue;
      }
      const need = planSheetsToRead(sheetNames, dataOf().sheets, options);
      if (!need.length) break;
      add(await this.readHeads(need, false));
    }

    const fills = new Map<string, string | null>();
    const formats = new NumberFormats();
    const tables: CellRange[] = [];
    const located = readPlan(dataOf(), { sheetName: options.sheetName });
    const items: ReadItem[] = [];
    const deferred: ReadItem[] = [];
    let planState: SheetState | undefined;
    if (!located.ok) {
      // No plan found in the first rows: read everything, so that the engine says why.
      for (const st of states.values()) pushAll(items, this.restOf(st));
    } else {
      const { plan } = located;
      planState = states.get(plan.sheet.name)!;
      for (const st of states.values()) if (st !== planState) pushAll(items, this.restOf(st));
      const used = planState.used;
      if (used && !planState.complete) {
        const old = previousTimeline(names, planState.name);
        // The table's columns, and any titled column of the header beyond an old timeline.
        let right = used.right;
        if (old && old.left > used.left) {
          right = Math.min(used.right, old.left - 1);
          const header = planState.cells[plan.headerRow] ?? [];
          header.forEach((cell, col) => {
            if (cell && col > right && !(col >= old.left && col <= old.right))
              right = Math.max(right, col);
          });
          for (const col of Object.values(plan.columns))
            if (col !== undefined) right = Math.max(right, col);
          if (right >= old.left) right = used.right;
        }
        const rest = { top: planState.headRows + 1, left: used.left, bottom: used.bottom, right };
        pushAll(items, this.valueBands(planState, rest, plan.headerRow + 1));
        if (needs.placement && right < used.right) {
          const region = { ...rest, left: right + 1, right: used.right };
          // Measured on the first rows: the cells found, and the areas they form (a run of cells
          // continuing the same run on the row above is the same area).
          let cells = 0;
          let areas = 0;
          let rows = 0;
          let above = new Set<string>();
          for (let row = plan.headerRow + 1; row <= planState.headRows; row++) {
            rows++;
            const line = planState.cells[row] ?? [];
            const runs = new Set<string>();
            for (let c = region.left; c <= region.right; c++) {
              if (!line[c]) continue;
              let end = c;
              while (end + 1 <= region.right && line[end + 1]) end++;
              cells += end - c + 1;
              runs.add(`${c}:${end}`);
              c = end;
            }
            for (const run of runs) if (!above.has(run)) areas++;
            above = runs;
          }
          const perRow = rows
            ? Math.max((cells / rows) * 12 + (areas / rows) * SPARSE_BYTES, 1) * 1.5
            : SPARSE_BYTES;
          const band = Math.max(1, Math.floor(MAX_BAND_BYTES / perRow));
          for (let top = region.top; top <= region.bottom; top += band)
            items.push(
              this.sparseItem(
                planState,
                { ...region, top, bottom: Math.min(region.bottom, top + band - 1) },
                perRow,
              ),
            );
        }
        planState.complete = true;
      }
      const firstRow = plan.headerRow + 1;
      const lastRow = Math.max(used?.bottom ?? 0, plan.lastRow);
      if (lastRow >= firstRow) {
        const c = plan.columns;
        const formatColumns = [c.start, c.end, c.baselineStart, c.baselineEnd, c.progress].filter(
          (x): x is number => x !== undefined,
        );
        for (const col of formatColumns) {
          for (const b of rowBands(
            firstRow,
            lastRow,
            1,
            FORMAT_BYTES,
            MAX_BAND_BYTES,
            MAX_BAND_CELLS,
          )) {
            const item = this.formatItem(
              planState,
              { top: b.top, bottom: b.bottom, left: col, right: col },
              formats,
            );
            (needs.numberFormats === 'now' ? items : deferred).push(item);
          }
        }
        if (needs.fills && c.rag !== undefined) {
          for (const b of rowBands(
            firstRow,
            lastRow,
            1,
            FILL_BYTES,
            MAX_BAND_BYTES,
            MAX_BAND_CELLS,
          ))
            items.push(
              this.fillItem(
                planState,
                { top: b.top, bottom: b.bottom, left: c.rag, right: c.rag },
                fills,
              ),
            );
        }
      }
      if (needs.placement) {
        const ranges = this.tableNames
          .filter((t) => t.sheet === planState!.name)
          .map((t) => t.table.getRange());
        if (ranges.length) {
          items.push({
            bytes: ranges.length * (3 * CALL_BYTES + 80),
            queue: () => {
              for (const r of ranges) r.load('address');
              return () => {
                for (const r of ranges) pushAll(tables, rangesOf(r.address));
              };
            },
            halves: () => null,
          });
        }
      }
    }
    let pageSetup: ObservedPageSetup | null = null;
    if (needs.pageSetup && planState && apiSupported('1.9'))
      items.push(
        this.pageSetupItem(planState.name, (o) => {
          pageSetup = o;
        }),
      );
    await this.readItems(items);
    const data = dataOf();
    const applyFormats = () => {
      if (planState) formats.putOn(planState.cells);
    };
    const planSheet = data.sheets.find((s) => s.name === planState?.name);
    if (planSheet) planSheet.tables = tables;
    applyFormats();
    return {
      data,
      fills,
      hasFrozenPanes: planState?.frozen ?? false,
      mergesKnown: apiSupported('1.13'),
      pageSetup,
      pending: deferred.length
        ? {
            items: deferred.map((item) => thenDo(item, applyFormats)),
          }
        : null,
    };
  }

  /** The sheet's page setup as core/sync/print-setup.ts judges it (one read with the others). */
  private pageSetupItem(sheetName: string, done: (o: ObservedPageSetup) => void): ReadItem {
    return {
      bytes: 12 * CALL_BYTES,
      queue: () => {
        const layout = this.context.workbook.worksheets.getItem(sheetName).pageLayout;
        layout.load('orientation,zoom');
        const hf = layout.headersFooters.defaultForAllPages;
        hf.load('leftHeader,centerHeader,rightHeader,leftFooter,centerFooter,rightFooter');
        const rows = layout.getPrintTitleRowsOrNullObject();
        const cols = layout.getPrintTitleColumnsOrNullObject();
        const area = layout.getPrintAreaOrNullObject();
        return () => {
          const zoom = layout.zoom ?? {};
          const text = (v: string | null | undefined) => v ?? '';
          done({
            orientation: layout.orientation === 'Landscape' ? 'landscape' : 'portrait',
            scale: zoom.scale ?? null,
            fitToWidth: zoom.horizontalFitToPages ?? null,
            fitToHeight: zoom.verticalFitToPages ?? null,
            header: {
              left: text(hf.leftHeader),
              centre: text(hf.centerHeader),
              right: text(hf.rightHeader),
            },
            footer: {
              left: text(hf.leftFooter),
              centre: text(hf.centerFooter),
              right: text(hf.rightFooter),
            },
            printTitleRows: !rows.isNullObject,
            printTitleColumns: !cols.isNullObject,
            printArea: !area.isNullObject,
          });
        };
      },
      halves: () => null,
    };
  }

  /** Queues the board print setup on the plan sheet (pageLayout, ExcelApi 1.9). */
  private async queuePrintSetup(sheet: Excel.Worksheet, setup: PrintSetup): Promise<void> {
    await this.room(12 * CALL_BYTES + 600);
    const layout = sheet.pageLayout;
    layout.orientation = 'Landscape';
    // The paper is left as Excel has it: live, it comes from the user's printer and locale (the
    // CLI asks for A4 only because a file on its own would otherwise say US Letter).
    // One page wide, as many tall as it takes (0: automatic, as fitToHeight="0" in the file).
    layout.zoom = { horizontalFitToPages: setup.fitToWidth, verticalFitToPages: setup.fitToHeight };
    const { titleRows: r, titleColumns: c } = setup;
    layout.setPrintTitleRows(`$${r.first}:$${r.last}`);
    if (c) layout.setPrintTitleColumns(`$${columnLetters(c.first)}:$${columnLetters(c.last)}`);
    const footer = footerSections(setup);
    const hf = layout.headersFooters.defaultForAllPages;
    hf.leftFooter = footer.left;
    hf.centerFooter = footer.centre;
    hf.rightFooter = footer.right;
  }

  /** Reads what was left for the writes (when they did not carry it). */
  async readPending(pending: PendingReads | null): Promise<void> {
    if (pending?.items.length) await this.readItems(pending.items);
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /** Counts a queued write; sends what is queued first when the request would grow too big. */
  private async room(bytes: number): Promise<void> {
    if (this.pendingBytes + bytes > this.budget && this.pendingBytes > 0) await this.writeSync();
    this.pendingBytes += bytes;
  }

  /**
   * Sends queued writes. Excel refusing a multi-area address (InvalidArgument) means the list
   * separator guessed for this locale is wrong, or the address has more areas than this Excel
   * takes: a small probe tells which, the session's limits change, and the command starts again
   * (what was applied is ours and is redone from a fresh read).
   */
  private async writeSync(): Promise<void> {
    const areas = this.pendingAreas;
    this.pendingAreas = false;
    try {
      await this.sync();
    } catch (e) {
      const code = officeErrorCode(e);
      if (code === 'RequestPayloadSizeLimitExceeded' && this.host.budget > MIN_BUDGET) {
        // Refused whole, so nothing of it was written: send less a request from now on.
        this.host.budget = Math.max(MIN_BUDGET, Math.floor(this.host.budget / 2));
        throw new RetryCommand('smaller requests', e);
      }
      if (!areas || code !== 'InvalidArgument') throw e;
      await this.diagnose(e);
      throw e;
    }
    if (areas) this.host.separatorKnown = true;
  }

  /** After a refused address: checks the separator with two cells, then tightens the limits. */
  private async diagnose(original: unknown): Promise<void> {
    const limits = this.host.limits;
    const probe = this.context.workbook.worksheets
      .getActiveWorksheet()
      .getRanges(`A1${limits.separator}A3`);
    probe.load('areaCount');
    try {
      await this.sync();
    } catch (e) {
      if (officeErrorCode(e) !== 'InvalidArgument') throw e;
      limits.separator = limits.separator === ',' ? ';' : ',';
      this.host.separatorKnown = false;
      throw new RetryCommand('list separator', original);
    }
    this.host.separatorKnown = true;
    if (limits.maxAreas > 1) {
      limits.maxAreas = Math.ceil(limits.maxAreas / 2);
      limits.maxChars = Math.max(64, Math.ceil(limits.maxChars / 2));
      throw new RetryCommand('fewer areas', original);
    }
  }

  /** Multi-area ranges of `sheet`, within the session's limits; the first write probes the separator. */
  private async areasOf(
    sheet: Excel.Worksheet,
    areas: readonly string[],
  ): Promise<Excel.RangeAreas[]> {
    const out: Excel.RangeAreas[] = [];
    for (const address of chunkAreas(areas, this.host.limits)) {
      await this.room(address.length + 4 * CALL_BYTES);
      if (address.includes(this.host.limits.separator)) this.pendingAreas = true;
      out.push(sheet.getRanges(address));
    }
    return out;
  }

  /**
   * Queues a two-cell multi-area range first, when this session has not used one yet: a wrong
   * separator then fails the request before anything in it was written.
   */
  private probeSeparator(sheet: Excel.Worksheet): void {
    if (this.host.separatorKnown) return;
    const probe = sheet.getRanges(`A1${this.host.limits.separator}A3`);
    probe.load('areaCount');
    this.pendingAreas = true;
    this.pendingBytes += 3 * CALL_BYTES;
  }

  private queuePending(pending: PendingReads | null): (() => void)[] {
    // Loads queued before the writes: their response is small next to the writes' request.
    if (!pending) return [];
    let bytes = 0;
    const collects: (() => void)[] = [];
    const rest: ReadItem[] = [];
    for (const item of pending.items) {
      if (bytes + item.bytes <= this.budget) {
        collects.push(item.queue());
        bytes += item.bytes;
      } else rest.push(item);
    }
    pending.items = rest;
    return collects;
  }

  private async applyFormat(sheet: Excel.Worksheet, write: FormatWrite): Promise<void> {
    for (const target of await this.areasOf(sheet, write.areas)) {
      const format = target.format;
      const v = write.value;
      switch (write.property) {
        case 'fill':
          format.fill.color = `#${v}`;
          break;
        case 'pattern':
          format.fill.pattern = OFFICE_PATTERN[v as FillPattern];
          break;
        case 'patternColor':
          format.fill.patternColor = `#${v}`;
          break;
        case 'fontColor':
          format.font.color = `#${v}`;
          break;
        case 'bold':
          format.font.bold = Boolean(v);
          break;
        case 'italic':
          format.font.italic = Boolean(v);
          break;
        case 'fontSize':
          format.font.size = Number(v);
          break;
        case 'hAlign':
          format.horizontalAlignment = v === 'center' ? 'Center' : v === 'right' ? 'Right' : 'Left';
          break;
        case 'rotation':
          format.textOrientation = Number(v);
          break;
        case 'wrap':
          format.wrapText = Boolean(v);
          break;
        case 'borderLeft':
        case 'borderRight':
        case 'borderTop':
        case 'borderBottom': {
          const edge = {
            borderLeft: 'EdgeLeft',
            borderRight: 'EdgeRight',
            borderTop: 'EdgeTop',
            borderBottom: 'EdgeBottom',
          }[write.property] as Excel.BorderIndex;
          const border = format.borders.getItem(edge);
          border.style = 'Continuous';
          border.weight =
            write.property === 'borderLeft' || write.property === 'borderRight' ? 'Medium' : 'Thin';
          border.color = `#${v}`;
          break;
        }
        case 'borderBottomThick':
          if (v) format.borders.getItem('EdgeBottom').weight = 'Thick';
          break;
        default:
          break; // numFmt and quotePrefix are written with the values
      }
    }
  }

  /** Writes a block of owned cells into `area` (already cleared): values, then formats by range. */
  private async writeBlock(
    sheet: Excel.Worksheet,
    block: CellBlockData,
    styles: readonly CellStyle[],
    area: CellRange,
  ): Promise<void> {
    const writes = blockWrites(block, styles, area);
    for (const f of writes.formats.filter((x) => x.property === 'numFmt')) {
      for (const address of f.areas) {
        const r = parseRange(address)!;
        const cells = (r.bottom - r.top + 1) * (r.right - r.left + 1);
        await this.room(address.length + cells * (String(f.value).length + 3) + 2 * CALL_BYTES);
        sheet.getRange(address).numberFormat = Array.from({ length: r.bottom - r.top + 1 }, () =>
          new Array(r.right - r.left + 1).fill(f.value),
        );
      }
    }
    for (const { address, rows } of writes.values) {
      await this.room(address.length + JSON.stringify(rows).length + 2 * CALL_BYTES);
      // Text is written with a leading apostrophe so Excel keeps it as text (never a number, date or formula).
      sheet.getRange(address).values = rows.map((row) =>
        row.map((v) => (typeof v === 'string' ? `'${v}` : v)),
      );
    }
    for (const f of writes.formats) await this.applyFormat(sheet, f);
  }

  /** Replaces (or adds) a hidden defined name for `area`: a Range, so no formula is parsed. */
  private async setName(
    sheet: Excel.Worksheet,
    name: string,
    area: CellRange,
    exists: boolean,
    comment?: string,
  ): Promise<void> {
    await this.room(5 * CALL_BYTES + name.length + (comment?.length ?? 0));
    const names = this.context.workbook.names;
    if (exists) names.getItem(name).delete();
    const item = names.add(name, sheet.getRange(rangeA1(area)), comment);
    item.visible = false;
  }

  /**
   * RAG colours, then the timeline. The old timeline is cleared before its defined name moves to
   * the new place, and the new one drawn after: whichever request fails, the name covers every
   * cell drawn, so running Build Gantt again redraws over them (they are recognised as ours).
   * RAG cells whose colour is removed keep their own formats: their formats are read here and
   * put back in one more round trip (see resetRagCells).
   */
  async applySync(
    edits: SyncEdits,
    read: PlanRead,
    parts: { rag: boolean; timeline: boolean },
    ourFills: ReadonlySet<string>,
    nameExists: boolean,
  ): Promise<void> {
    const sheet = this.context.workbook.worksheets.getItem(edits.sheet);
    const collects = this.queuePending(read.pending);
    const toReset: CellRange[] = [];
    if (parts.rag || parts.timeline) this.probeSeparator(sheet);
    if (apiSupported('1.6')) this.context.workbook.application.suspendApiCalculationUntilNextSync();
    if (parts.rag) {
      const byColour = new Map<string, { fill: string; font: string; cells: string[] }>();
      for (const rag of edits.ragCells) {
        const cell = a1(rag.row, rag.col);
        if (rag.fill === null || rag.fontColor === null) {
          const current = read.fills.get(cell) ?? null;
          if (current !== null && ourFills.has(current)) {
            const last = toReset[toReset.length - 1];
            if (last && last.left === rag.col && last.bottom === rag.row - 1) last.bottom = rag.row;
            else toReset.push({ top: rag.row, bottom: rag.row, left: rag.col, right: rag.col });
          }
          continue;
        }
        const key = `${rag.fill}:${rag.fontColor}`;
        const group = byColour.get(key) ?? { fill: rag.fill, font: rag.fontColor, cells: [] };
        group.cells.push(cell);
        byColour.set(key, group);
        if (rag.normalisedText !== undefined) {
          await this.room(cell.length + rag.normalisedText.length + 2 * CALL_BYTES);
          sheet.getRange(cell).values = [[`'${rag.normalisedText}`]];
        }
      }
      for (const group of byColour.values()) {
        for (const target of await this.areasOf(sheet, group.cells)) {
          this.pendingBytes += 4 * CALL_BYTES;
          target.format.fill.color = `#${group.fill}`;
          target.format.font.color = `#${group.font}`;
        }
      }
    }
    const reset = toReset.length ? this.queueResetRead(sheet, toReset) : null;
    const timeline = edits.timeline;
    // The clear applies even with no timeline: an earlier one must go when nothing can be drawn.
    const toClear = parts.timeline && timeline ? [...edits.clear, timeline.area] : edits.clear;
    for (const r of toClear) {
      await this.room(3 * CALL_BYTES);
      sheet.getRange(rangeA1(r)).clear('All');
    }
    if (parts.timeline && timeline) {
      // Where the timeline is now, recorded before any of it is drawn.
      await this.setName(sheet, edits.timelineName, timeline.area, nameExists);
      await this.writeBlock(sheet, timeline, edits.styles, timeline.area);
      await this.room(4 * CALL_BYTES);
      const cols = `${columnLetters(timeline.area.left)}1:${columnLetters(timeline.area.right)}1`;
      sheet.getRange(cols).format.columnWidth = widthInPoints(timeline.columnWidth);
      if (edits.freeze && !read.hasFrozenPanes && apiSupported('1.7')) {
        sheet.freezePanes.freezeAt(
          sheet.getRange(`A1:${a1(edits.freeze.row - 1, edits.freeze.col - 1)}`),
        );
      }
      // A board print setup, only where the user has none of their own.
      if (edits.print && read.pageSetup && !hasOwnPageSetup(read.pageSetup))
        await this.queuePrintSetup(sheet, edits.print);
    }
    await this.writeSync();
    for (const collect of collects) collect();
    await this.readPending(read.pending);
    if (reset) await this.resetRagCells(sheet, reset);
  }

  /**
   * Reads what a RAG cell keeps when its colour is removed: its style, number format and every
   * format but fill and font colour. Office.js cannot set a font colour back to Automatic, but
   * re-applying the cell's style does, and the rest is then put back.
   */
  private queueResetRead(
    sheet: Excel.Worksheet,
    runs: readonly CellRange[],
  ): { range: Excel.Range; props: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] {
    return runs.map((r) => {
      const range = sheet.getRange(rangeA1(r));
      range.load('numberFormat');
      const props = range.getCellProperties({
        style: true,
        format: {
          font: {
            bold: true,
            italic: true,
            name: true,
            size: true,
            underline: true,
            strikethrough: true,
            subscript: true,
            superscript: true,
          },
          horizontalAlignment: true,
          verticalAlignment: true,
          wrapText: true,
          indentLevel: true,
          textOrientation: true,
          shrinkToFit: true,
          readingOrder: true,
          borders: { style: true, color: true, weight: true },
          protection: true,
        },
      });
      return { range, props };
    });
  }

  /** The fourth round trip, only when colours were removed: style back, then the cells' own formats. */
  private async resetRagCells(
    sheet: Excel.Worksheet,
    runs: { range: Excel.Range; props: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[],
  ): Promise<void> {
    for (const { range, props } of runs) {
      const rows = props.value;
      await this.room(rows.length * 8 * CALL_BYTES + JSON.stringify(rows).length);
      rows.forEach((line, i) => {
        const cell = range.getCell(i, 0);
        const p = line[0] ?? {};
        cell.style = p.style || 'Normal';
        const keep: Excel.SettableCellProperties = { format: p.format };
        cell.setCellProperties([[keep]]);
        cell.numberFormat = [[range.numberFormat[i][0]]];
      });
    }
    await this.writeSync();
  }

  /** The budget sheet as it is (null when missing), for placing an imported block. */
  /**
   * The budget sheet, read whole (null when missing); with `planSheets`, also the sheets
   * core/budget/target.ts needs to tell whether it is one the plan is read from (`others`).
   */
  async readBudgetTarget(
    sheetName: string,
    planSheets = false,
  ): Promise<{
    sheet: SheetData | null;
    names: DefinedName[];
    sheetNames: string[];
    others: SheetData[];
  }> {
    const wb = this.context.workbook;
    const [target = null] = await this.readHeads([sheetName], true);
    if (target) await this.readItems(this.restOf(target));
    const sheetNames = wb.worksheets.items.map((s) => s.name);
    const wanted = planSheets
      ? budgetTargetSheetsToRead(sheetNames).filter((n) => n !== target?.name)
      : [];
    const others = wanted.length ? await this.readHeads(wanted, false) : [];
    for (const other of others) await this.readItems(this.restOf(other));
    return {
      sheet: target ? sheetDataOf(target) : null,
      names: wb.names.items.filter((n) => n.type !== 'Error').map(nameOf),
      sheetNames,
      others: others.map(sheetDataOf),
    };
  }

  /** Values, number formats and fills of the rows of `r` on a painted sheet. */
  private paintedItem(
    ws: Excel.Worksheet,
    r: CellRange,
    perRow: number,
    cells: (Cell | undefined)[][],
    fills: Map<string, string>,
  ): ReadItem {
    return {
      bytes: (r.bottom - r.top + 1) * perRow + 3 * CALL_BYTES,
      queue: () => {
        const range = ws.getRange(rangeA1(r));
        range.load('values,numberFormat');
        const props = range.getCellProperties({ format: { fill: { color: true } } });
        return () => {
          if (!Array.isArray(range.values) || !Array.isArray(range.numberFormat))
            throw new BandTooBig();
          range.values.forEach((line, i) =>
            line.forEach((v, j) => {
              const value = cellValueOf(v);
              const format = String(range.numberFormat[i]?.[j] ?? 'General');
              const numFmt = format === 'General' ? undefined : format;
              if (value === null && numFmt === undefined) return;
              (cells[r.top + i] ??= [])[r.left + j] =
                numFmt === undefined ? { value } : { value, numFmt };
            }),
          );
          props.value.forEach((line, i) =>
            line.forEach((p, j) => {
              const colour = p.format?.fill?.color;
              if (colour)
                fills.set(`${r.top + i},${r.left + j}`, colour.replace(/^#/, '').toUpperCase());
            }),
          );
        };
      },
      halves: () => this.halve(r, (h) => this.paintedItem(ws, h, perRow, cells, fills)),
    };
  }

  /**
   * The active sheet as adoption reads a painted Gantt: values, number formats and the fill
   * colour of every cell of its used range (Excel reports `#FFFFFF` for no fill), and the names
   * of all sheets. Null when the sheet is empty; a used range over `maxCells` is refused.
   */
  async readPaintedSheet(maxCells: number): Promise<{
    sheet: SheetData | null;
    fills: Map<string, string>;
    sheetNames: string[];
  }> {
    const wb = this.context.workbook;
    const ws = wb.worksheets.getActiveWorksheet();
    ws.load('name');
    wb.worksheets.load('items/name');
    const used = ws.getUsedRangeOrNullObject();
    used.load('address,rowIndex,columnIndex,rowCount,columnCount');
    // A bar painted as one merged cell covers every period under it (ExcelApi 1.13).
    let merged: Excel.RangeAreas | null = null;
    if (apiSupported('1.13')) {
      merged = used.getMergedAreasOrNullObject();
      merged.load('address');
    }
    await this.sync();
    const sheetNames = wb.worksheets.items.map((s) => s.name);
    const fills = new Map<string, string>();
    if (used.isNullObject) return { sheet: null, fills, sheetNames };
    if (used.rowCount * used.columnCount > maxCells)
      throw new Error(
        `Sheet "${ws.name}" uses ${used.address.replace(/^.*!/, '')}, more cells than the pane reads at once (${maxCells.toLocaleString('en-GB')}). Save the workbook and run plan-sync adopt on it instead.`,
      );
    // Row bands, each under a response's budget (values, number formats and fills of every
    // cell); a band Excel refuses is read again in halves.
    const cells: (Cell | undefined)[][] = [];
    const top = used.rowIndex + 1;
    const left = used.columnIndex + 1;
    const area: CellRange = {
      top,
      left,
      bottom: top + used.rowCount - 1,
      right: left + used.columnCount - 1,
    };
    const width = used.columnCount;
    const perRow = width * (20 + FORMAT_BYTES + FILL_BYTES) + 2;
    const bands = rowBands(area.top, area.bottom, width, perRow, MAX_BAND_BYTES, MAX_BAND_CELLS);
    await this.readItems(
      bands.map((b) =>
        this.paintedItem(ws, { ...area, top: b.top, bottom: b.bottom }, perRow, cells, fills),
      ),
    );
    const sheet: SheetData = {
      name: ws.name,
      cells,
      maxRow: top + used.rowCount - 1,
      maxCol: left + used.columnCount - 1,
      merges: merged && !merged.isNullObject ? rangesOf(merged.address) : [],
      tables: [],
      protected: false,
    };
    return { sheet, fills, sheetNames };
  }

  /** Writes an imported budget block: creates the sheet after `after` when missing. */
  async applyBudget(
    sheetName: string,
    exists: boolean,
    position: number | null,
    block: CellBlockData & { columnWidths: number[]; rowHeights: ReadonlyMap<number, number> },
    styles: readonly CellStyle[],
    area: CellRange,
    clear: readonly CellRange[],
    name: { name: string; comment: string; exists: boolean },
  ): Promise<void> {
    const wb = this.context.workbook;
    let sheet: Excel.Worksheet;
    if (exists) {
      sheet = wb.worksheets.getItem(sheetName);
    } else {
      sheet = wb.worksheets.add(sheetName);
      if (position !== null) sheet.position = position;
      block.columnWidths.forEach((w, i) => {
        sheet.getRange(`${columnLetters(area.left + i)}1`).format.columnWidth = widthInPoints(w);
      });
    }
    this.probeSeparator(sheet);
    for (const r of [...clear, area]) {
      await this.room(3 * CALL_BYTES);
      sheet.getRange(rangeA1(r)).clear('All');
    }
    await this.setName(sheet, name.name, area, name.exists, name.comment);
    await this.writeBlock(sheet, block, styles, area);
    for (const [offset, height] of block.rowHeights) {
      const row = area.top + offset;
      await this.room(4 * CALL_BYTES);
      sheet.getRange(`${row}:${row}`).format.rowHeight = height;
    }
    await this.writeSync();
  }

  /** Adds sheets that do not exist yet (with their data validation); returns which were added. */
  async addSheets(
    sheets: readonly TemplateSheet[],
  ): Promise<{ added: string[]; skipped: string[] }> {
    const wb = this.context.workbook;
    wb.worksheets.load('items/name');
    const guess = this.queueSeparatorGuess();
    await this.sync();
    guess?.();
    const existing = new Set(wb.worksheets.items.map((s) => s.name.toLowerCase()));
    const added: string[] = [];
    const skipped: string[] = [];
    for (const s of sheets) {
      if (existing.has(s.name.toLowerCase())) {
        skipped.push(s.name);
        continue;
      }
      const sheet = wb.worksheets.add(s.name);
      if (!added.length) this.probeSeparator(sheet);
      s.widths.forEach((w, i) => {
        sheet.getRange(`${columnLetters(i + 1)}1`).format.columnWidth = widthInPoints(w);
      });
      await this.writeBlock(sheet, s.block, s.styles, {
        top: 1,
        left: 1,
        bottom: s.block.height,
        right: s.block.width,
      });
      for (const v of s.validations) {
        await this.room(6 * CALL_BYTES + JSON.stringify(v).length);
        const dv = sheet.getRange(rangeA1(v.range)).dataValidation;
        dv.rule =
          v.rule.type === 'list'
            ? { list: { inCellDropDown: true, source: v.rule.values.join(',') } }
            : {
                decimal: {
                  operator: 'Between' as Excel.DataValidationOperator,
                  formula1: v.rule.min,
                  formula2: v.rule.max,
                },
              };
        dv.ignoreBlanks = true;
        if (v.prompt)
          dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
        dv.errorAlert = {
          showAlert: true,
          style: 'Warning' as Excel.DataValidationAlertStyle,
          title: v.error.title,
          message: v.error.message,
        };
      }
      if (s.freeze && apiSupported('1.7')) {
        // freezeAt freezes the given cells: with nothing to freeze on the left, freeze rows only.
        if (s.freeze.col <= 1) sheet.freezePanes.freezeRows(s.freeze.row - 1);
        else
          sheet.freezePanes.freezeAt(
            sheet.getRange(`A1:${a1(s.freeze.row - 1, s.freeze.col - 1)}`),
          );
      }
      added.push(s.name);
    }
    if (added.length) wb.worksheets.getItem(added[0]).activate();
    await this.writeSync();
    return { added, skipped };
  }

  /**
   * Writes sheets the report owns (core/report/layout.ts): each existing one is cleared (values,
   * formats and merges) and rebuilt, a missing one added at the end. Its print setup (A4
   * landscape, fitted to the page width) is set where this Excel has page layout (ExcelApi 1.9);
   * page breaks are not set (the file written by plan-sync report has them).
   */
  async writeOwnedSheets(sheets: readonly OwnedSheet[]): Promise<void> {
    const wb = this.context.workbook;
    wb.worksheets.load('items/name');
    const used = sheets.map((s) => {
      const sheet = wb.worksheets.getItemOrNullObject(s.name);
      const range = sheet.getUsedRangeOrNullObject();
      range.load('address');
      sheet.load('name');
      return { sheet, range };
    });
    await this.sync();
    for (const [i, s] of sheets.entries()) {
      let { sheet } = used[i];
      let rows = 0;
      if (sheet.isNullObject) {
        sheet = wb.worksheets.add(s.name);
      } else {
        const old = used[i].range.isNullObject
          ? null
          : parseRange(used[i].range.address.replace(/^.*!/, ''));
        if (old) {
          rows = old.bottom;
          await this.room(3 * CALL_BYTES);
          sheet
            .getRange(rangeA1({ top: 1, left: 1, bottom: old.bottom, right: old.right }))
            .clear('All');
        }
      }
      this.probeSeparator(sheet);
      s.widths.forEach((w, c) => {
        sheet.getRange(`${columnLetters(c + 1)}1`).format.columnWidth = widthInPoints(w);
      });
      const height = Math.max(rows, s.block.height);
      if (height > 0) {
        await this.room(3 * CALL_BYTES);
        sheet.getRange(`1:${height}`).format.rowHeight = 15;
      }
      for (const [row, h] of s.rowHeights) {
        await this.room(3 * CALL_BYTES);
        sheet.getRange(`${row}:${row}`).format.rowHeight = h;
      }
      if (s.block.height > 0)
        await this.writeBlock(sheet, s.block, s.styles, {
          top: 1,
          left: 1,
          bottom: s.block.height,
          right: s.block.width,
        });
      for (const m of s.merges) {
        await this.room(3 * CALL_BYTES);
        sheet.getRange(rangeA1(m)).merge(false);
      }
      if (s.freezeRow > 0 && apiSupported('1.7')) sheet.freezePanes.freezeRows(s.freezeRow);
      if (apiSupported('1.8')) sheet.showGridlines = !s.hideGrid;
      if (apiSupported('1.9')) {
        await this.room(4 * CALL_BYTES);
        sheet.pageLayout.orientation = s.landscape ? 'Landscape' : 'Portrait';
        sheet.pageLayout.paperSize = 'A4' as Excel.PaperType;
        // One page wide, as many tall as it takes (0: automatic, as fitToHeight="0" in the file).
        sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      }
    }
    await this.writeSync();
  }

  /**
   * The `Board timeline` sheet as it is, to tell whether plan-sync made it: its cells and the
   * names of the shapes on it (null when there is no such sheet).
   */
  async readBoardSheet(name: string): Promise<{ sheet: SheetData | null; pictureNames: string[] }> {
    const { sheet } = await this.readBudgetTarget(name);
    if (!sheet) return { sheet: null, pictureNames: [] };
    const shapes = this.context.workbook.worksheets.getItem(sheet.name).shapes;
    shapes.load('items/name');
    await this.sync();
    return { sheet, pictureNames: shapes.items.map((s) => s.name) };
  }

  /**
   * Draws the board on its sheet (made at the end when missing): an earlier board's pictures and
   * cells go, then the title, each page's heading and its picture (`shapes.addSvg`, ExcelApi 1.9),
   * in requests kept under the size limit. The sheet prints landscape, one page wide.
   */
  async writeBoardSheet(
    layout: BoardSheetLayout,
    old: { exists: boolean; pictureNames: readonly string[] },
  ): Promise<void> {
    const wb = this.context.workbook;
    let sheet: Excel.Worksheet;
    if (!old.exists) sheet = wb.worksheets.add(layout.name);
    else {
      sheet = wb.worksheets.getItem(layout.name);
      for (const name of old.pictureNames) {
        await this.room(3 * CALL_BYTES + name.length);
        sheet.shapes.getItem(name).delete();
      }
      const used = sheet.getUsedRangeOrNullObject();
      used.load('address');
      await this.writeSync();
      if (!used.isNullObject) {
        sheet.getRange(used.address.replace(/^.*!/, '')).clear('All');
        this.pendingBytes += 3 * CALL_BYTES;
      }
    }
    await this.room(6 * CALL_BYTES);
    sheet.getRange(`1:${layout.rows}`).format.rowHeight = BOARD_ROW_HEIGHT;
    const text = (cell: string, value: string, bold: boolean, size?: number) => {
      const range = sheet.getRange(cell);
      // A leading apostrophe keeps it text, whatever it looks like.
      range.values = [[`'${value}`]];
      range.format.font.bold = bold;
      if (size) range.format.font.size = size;
    };
    await this.room(10 * CALL_BYTES + 2 * (layout.title.length + layout.note.length));
    text('A1', layout.title, true, 14);
    text('A2', layout.note, false);
    for (const p of layout.pictures) {
      await this.room(12 * CALL_BYTES + JSON.stringify(p.svg).length + 2 * p.heading.length);
      text(`A${p.headingRow}`, p.heading, true);
      const shape = (sheet.shapes as SvgShapes).addSvg(p.svg);
      shape.name = p.name;
      shape.left = p.left;
      shape.top = p.top;
      shape.width = p.width;
      shape.height = p.height;
      shape.altTextTitle = p.heading;
    }
    await this.room(8 * CALL_BYTES);
    if (apiSupported('1.8')) sheet.showGridlines = false;
    sheet.pageLayout.orientation = 'Landscape';
    sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    sheet.activate();
    await this.writeSync();
  }

  /**
   * Writes a merged return: each changed cell (value, and a number format only where the cell
   * has none that suits), then the Returns log block, on a new sheet at the end when missing.
   */
  async applyReturnMerge(
    writes: readonly {
      sheet: string;
      row: number;
      col: number;
      value: number | string | null;
      numberFormat?: string;
    }[],
    log: {
      sheet: string;
      exists: boolean;
      block: CellBlockData;
      styles: readonly CellStyle[];
      area: CellRange;
      widths: readonly number[];
    } | null,
  ): Promise<void> {
    const wb = this.context.workbook;
    for (const w of writes) {
      await this.room(6 * CALL_BYTES + String(w.value ?? '').length);
      const cell = wb.worksheets.getItem(w.sheet).getRange(a1(w.row, w.col));
      if (w.numberFormat) cell.numberFormat = [[w.numberFormat]];
      // Text is written with a leading apostrophe so Excel keeps it as text.
      cell.values = [[typeof w.value === 'string' ? `'${w.value}` : (w.value ?? '')]];
    }
    if (log) {
      let sheet: Excel.Worksheet;
      if (log.exists) sheet = wb.worksheets.getItem(log.sheet);
      else {
        sheet = wb.worksheets.add(log.sheet);
        log.widths.forEach((w, i) => {
          sheet.getRange(`${columnLetters(i + 1)}1`).format.columnWidth = widthInPoints(w);
        });
      }
      await this.writeBlock(sheet, log.block, log.styles, log.area);
    }
    await this.writeSync();
  }

  async select(sheetName: string, cell: string): Promise<void> {
    const sheet = this.context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell || 'A1').select();
    await this.sync();
  }
}

export function withWorkbook<T>(
  host: HostState,
  fn: (session: WorkbookSession) => Promise<T>,
): Promise<T> {
  return Excel.run((context) => fn(new WorkbookSession(context, host)));
}

/**
 * Listens to edits of the plan sheet made by this user (not by this add-in, not by co-authors:
 * their edits reach every open copy, and each would rewrite the sheet).
 */
export async function onPlanEdited(
  sheetName: string,
  handler: (address: string) => void,
): Promise<() => Promise<void>> {
  let registration: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | null =
    null;
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    registration = sheet.onChanged.add(async (event) => {
      if (event.source === 'Remote') return;
      // Our own writes fire the event too (ExcelApi 1.14 says so); `details` is missing for pastes.
      if ((event as { triggerSource?: string }).triggerSource === 'ThisLocalAddin') return;
      handler(event.address);
    });
    await context.sync();
  });
  return async () => {
    const r = registration;
    if (!r) return;
    await Excel.run(r.context, async (context) => {
      r.remove();
      await context.sync();
    });
  };
}
