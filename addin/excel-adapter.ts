/**
 * The Office.js adapter: the only code that touches `Excel.*`. It reads the live workbook into the
 * engine's plain data and applies the engine's edits, in a fixed number of `context.sync()` round
 * trips whatever the plan's size (see WorkbookSession), splitting only requests that would pass
 * Excel on the web's 5 MB limit.
 */

import {
  a1,
  columnLetters,
  parseRange,
  type Cell,
  type CellRange,
  type CellValue,
  type DefinedName,
  type SheetData,
  type WorkbookData,
} from '../core/cells.js';
import type { CellBlockData, CellStyle, FillPattern, SyncEdits } from '../core/sync/edits.js';
import { likelyPlanSheets, planSheetsToRead, type LocateOptions } from '../core/plan/locate.js';
import { blockWrites, chunkAreas, type FormatWrite } from './range-formats.js';

/** Stay under Excel on the web's 5 MB per request, with room for the envelope. */
export const REQUEST_BUDGET = 4 * 1024 * 1024;

const ERROR_VALUE = /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/;

/** The engine's (OOXML) pattern names as Office.js calls them (`RangeFill.pattern`, ExcelApi 1.9). */
const OFFICE_PATTERN: Record<FillPattern, Excel.FillPattern> = {
  lightUp: 'LightUp' as Excel.FillPattern,
};

export function apiSupported(version: string): boolean {
  return Office.context.requirements.isSetSupported('ExcelApi', version);
}

/** Excel column width in characters to points (Calibri 11: 7 px a character plus 5 px padding). */
export function widthInPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

/** A value as the engine sees it: numbers stay numbers, empty strings are empty, errors are errors. */
function cellValueOf(v: unknown): CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = String(v);
  return ERROR_VALUE.test(s) ? { error: s } : s;
}

/** The plain sheet data of a loaded used range. */
export function sheetFromRange(
  name: string,
  used: {
    rowIndex: number;
    columnIndex: number;
    values: unknown[][];
    numberFormat?: unknown[][];
  } | null,
  extra: { merges?: CellRange[]; tables?: CellRange[]; protected?: boolean } = {},
): SheetData {
  const cells: (Cell | undefined)[][] = [];
  let maxRow = 0;
  let maxCol = 0;
  if (used) {
    used.values.forEach((line, r) => {
      const row = used.rowIndex + r + 1;
      line.forEach((v, c) => {
        const value = cellValueOf(v);
        const fmt = String(used.numberFormat?.[r]?.[c] ?? 'General');
        if (value === null) return;
        const col = used.columnIndex + c + 1;
        const cell: Cell = { value };
        if (fmt !== 'General') cell.numFmt = fmt;
        (cells[row] ??= [])[col] = cell;
        maxRow = Math.max(maxRow, row);
        maxCol = Math.max(maxCol, col);
      });
    });
  }
  return {
    name,
    cells,
    maxRow,
    maxCol,
    merges: extra.merges ?? [],
    tables: extra.tables ?? [],
    protected: extra.protected ?? false,
  };
}

/** `Plan!A1:C3, Plan!F5` -> ranges (the sheet part is dropped). */
export function rangesOf(address: string): CellRange[] {
  return address
    .split(',')
    .map((part) => parseRange(part.trim().replace(/^.*!/, '').replace(/\$/g, '')))
    .filter((r): r is CellRange => r !== null);
}

function nameOf(item: Excel.NamedItem): DefinedName {
  const name: DefinedName = { name: item.name, ref: String(item.formula ?? '').replace(/^=/, '') };
  if (item.comment) name.comment = item.comment;
  if (item.visible === false) name.hidden = true;
  return name;
}

interface SheetValues {
  name: string;
  rowIndex: number;
  columnIndex: number;
  values: unknown[][] | null;
  merges: CellRange[];
  protected: boolean;
}

interface LoadedSheet {
  sheet: Excel.Worksheet;
  used: Excel.Range;
  merged: Excel.RangeAreas | null;
}

/** One `Excel.run`: the round trips of one command. */
export class WorkbookSession {
  syncs = 0;
  private pendingBytes = 0;

  constructor(
    private readonly context: Excel.RequestContext,
    /** Bytes a request may carry before it is split (tests lower it). */
    private readonly requestBudget = REQUEST_BUDGET,
  ) {}

  private async sync(): Promise<void> {
    this.syncs++;
    this.pendingBytes = 0;
    await this.context.sync();
  }

  /** Counts a queued write's size; sends what is queued first when the request would grow too big. */
  private async budget(bytes: number): Promise<void> {
    if (this.pendingBytes + bytes > this.requestBudget && this.pendingBytes > 0) await this.sync();
    this.pendingBytes += bytes;
  }

  private queueSheet(sheet: Excel.Worksheet): LoadedSheet {
    sheet.load('name');
    sheet.protection.load('protected');
    const used = sheet.getUsedRangeOrNullObject();
    // Values only: number formats (10 bytes a cell) are read later for the table's columns alone,
    // so a plan with a wide timeline stays far below the 5 MB response limit.
    used.load('rowIndex,columnIndex,values');
    let merged: Excel.RangeAreas | null = null;
    if (apiSupported('1.13')) {
      merged = used.getMergedAreasOrNullObject();
      merged.load('address');
    }
    return { sheet, used, merged };
  }

  private sheetOf(v: SheetValues): SheetData {
    const used = v.values
      ? { rowIndex: v.rowIndex, columnIndex: v.columnIndex, values: v.values }
      : null;
    return sheetFromRange(v.name, used, { merges: v.merges, protected: v.protected });
  }

  /** A loaded sheet as plain values (after its sync). */
  private valuesOf(loaded: LoadedSheet): SheetValues {
    const used = loaded.used.isNullObject ? null : loaded.used;
    return {
      name: loaded.sheet.name,
      rowIndex: used?.rowIndex ?? 0,
      columnIndex: used?.columnIndex ?? 0,
      values: used ? used.values : null,
      merges: loaded.merged && !loaded.merged.isNullObject ? rangesOf(loaded.merged.address) : [],
      protected: loaded.sheet.protection.protected,
    };
  }

  /**
   * Reads sheets too big for one response: their sizes first, then their values in row bands,
   * as many bands a request as stay under the budget.
   */
  private async readInChunks(sheets: Excel.Worksheet[]): Promise<SheetValues[]> {
    const sized = sheets.map((sheet) => {
      sheet.load('name');
      sheet.protection.load('protected');
      const used = sheet.getUsedRangeOrNullObject();
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      let merged: Excel.RangeAreas | null = null;
      if (apiSupported('1.13')) {
        merged = used.getMergedAreasOrNullObject();
        merged.load('address');
      }
      return { sheet, used, merged };
    });
    await this.sync();
    const present = sized.filter((s) => !s.sheet.isNullObject);
    const bands: { owner: number; range: Excel.Range }[] = [];
    let pending = 0;
    // A generous guess of a value's size in the response.
    const perCell = 24;
    for (const [owner, { used, sheet }] of present.entries()) {
      if (used.isNullObject) continue;
      const rowsPerBand = Math.max(
        1,
        Math.floor(this.requestBudget / 2 / (used.columnCount * perCell)),
      );
      for (let start = 0; start < used.rowCount; start += rowsPerBand) {
        const rows = Math.min(rowsPerBand, used.rowCount - start);
        if (pending && pending + rows * used.columnCount * perCell > this.requestBudget / 2) {
          await this.sync();
          pending = 0;
        }
        const top = used.rowIndex + start + 1;
        const left = used.columnIndex + 1;
        const range = sheet.getRange(
          `${a1(top, left)}:${a1(top + rows - 1, left + used.columnCount - 1)}`,
        );
        range.load('values');
        bands.push({ owner, range });
        pending += rows * used.columnCount * perCell;
      }
    }
    if (pending) await this.sync();
    return present.map(({ sheet, used, merged }, owner) => ({
      name: sheet.name,
      rowIndex: used.isNullObject ? 0 : used.rowIndex,
      columnIndex: used.isNullObject ? 0 : used.columnIndex,
      values: used.isNullObject
        ? null
        : bands.filter((b) => b.owner === owner).flatMap((b) => b.range.values),
      merges: merged && !merged.isNullObject ? rangesOf(merged.address) : [],
      protected: sheet.protection.protected,
    }));
  }

  /** Reads sheets in one request; in bands if the response would pass the size limit. */
  private async readSheets(make: () => Excel.Worksheet[]): Promise<SheetValues[]> {
    try {
      const queued = make().map((sheet) => this.queueSheet(sheet));
      await this.sync();
      return queued.filter((q) => !q.sheet.isNullObject).map((q) => this.valuesOf(q));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ResponsePayloadSizeLimitExceeded') throw e;
      return this.readInChunks(make());
    }
  }

  /**
   * The workbook as the engine reads it: the sheets the engine asks for (core/plan/locate.ts).
   * One round trip for the usual sheet names; more only when the plan sheet has another name
   * (chosen, configured on the Settings sheet, or found by its header).
   */
  async readPlanWorkbook(
    options: LocateOptions = {},
  ): Promise<{ data: WorkbookData; sheetNames: string[] }> {
    const wb = this.context.workbook;
    const tables = wb.tables;
    const first = await this.readSheets(() => {
      wb.worksheets.load('items/name');
      wb.names.load('items/name,items/formula,items/comment,items/visible,items/type');
      tables.load('items/name,items/worksheet/name');
      return likelyPlanSheets(options).map((name) => wb.worksheets.getItemOrNullObject(name));
    });
    const sheetNames = wb.worksheets.items.map((s) => s.name);
    const sheets: SheetData[] = [];
    const add = (values: SheetValues[]) => {
      // Excel finds sheets ignoring case: one sheet may answer two of the likely names.
      for (const v of values)
        if (!sheets.some((s) => s.name === v.name)) sheets.push(this.sheetOf(v));
    };
    add(first);
    for (
      let need = planSheetsToRead(sheetNames, sheets, options);
      need.length;
      need = planSheetsToRead(sheetNames, sheets, options)
    ) {
      const names = need;
      add(await this.readSheets(() => names.map((n) => wb.worksheets.getItem(n))));
    }
    const order = new Map(sheetNames.map((n, i) => [n, i]));
    sheets.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
    const data: WorkbookData = {
      date1904: false, // Office.js exposes the 1904 setting only in preview; plans use 1900.
      names: wb.names.items.filter((n) => n.type !== 'Error').map(nameOf),
      sheets,
      sheetNames,
    };
    this.tableNames = tables.items.map((t) => ({ table: t, sheet: t.worksheet.name }));
    this.allNames = new Set(wb.names.items.map((n) => n.name.toLowerCase()));
    return { data, sheetNames };
  }

  private tableNames: { table: Excel.Table; sheet: string }[] = [];
  /** Every defined name, broken ones (`#REF!`) included: adding an existing name fails. */
  private allNames = new Set<string>();

  hasName(name: string): boolean {
    return this.allNames.has(name.toLowerCase());
  }

  /**
   * The second round trip: number formats of the plan table's cells (dates and percentages are told
   * by them), the current fills of the RAG cells (to undo only our own colours), the Excel tables
   * on the plan sheet (the timeline must not overlap them) and whether panes are frozen already.
   * Number formats are merged into `sheet`.
   */
  async readPlanDetails(
    sheet: SheetData,
    formatArea: CellRange | null,
    ragCells: readonly { row: number; col: number }[],
  ): Promise<{ fills: Map<string, string | null>; tables: CellRange[]; hasFrozenPanes: boolean }> {
    const ws = this.context.workbook.worksheets.getItem(sheet.name);
    const tableRanges = this.tableNames
      .filter((t) => t.sheet === sheet.name)
      .map((t) => {
        const r = t.table.getRange();
        r.load('address');
        return r;
      });
    // Number formats and fills come in bands of rows, as many a request as fit the budget.
    const formatBands: { top: number; range: Excel.Range }[] = [];
    const fillBands: {
      top: number;
      col: number;
      result: OfficeExtension.ClientResult<Excel.CellProperties[][]>;
    }[] = [];
    const panes = ws.freezePanes.getLocationOrNullObject();
    panes.load('address');
    let pending = 0;
    const band = async (cells: number, perCell: number) => {
      if (pending && pending + cells * perCell > this.requestBudget / 2) {
        await this.sync();
        pending = 0;
      }
      pending += cells * perCell;
    };
    const bandRows = (width: number, perCell: number) =>
      Math.max(1, Math.floor(this.requestBudget / 2 / (width * perCell)));
    if (formatArea) {
      const width = formatArea.right - formatArea.left + 1;
      const rows = bandRows(width, 16);
      for (let top = formatArea.top; top <= formatArea.bottom; top += rows) {
        const bottom = Math.min(formatArea.bottom, top + rows - 1);
        await band((bottom - top + 1) * width, 16);
        const range = ws.getRange(`${a1(top, formatArea.left)}:${a1(bottom, formatArea.right)}`);
        range.load('numberFormat');
        formatBands.push({ top, range });
      }
    }
    if (ragCells.length) {
      const col = ragCells[0].col;
      const first = Math.min(...ragCells.map((c) => c.row));
      const last = Math.max(...ragCells.map((c) => c.row));
      const rows = bandRows(1, 48);
      for (let top = first; top <= last; top += rows) {
        const bottom = Math.min(last, top + rows - 1);
        await band(bottom - top + 1, 48);
        const result = ws
          .getRange(`${a1(top, col)}:${a1(bottom, col)}`)
          .getCellProperties({ format: { fill: { color: true } } });
        fillBands.push({ top, col, result });
      }
    }
    await this.sync();
    for (const { top, range } of formatBands) {
      range.numberFormat.forEach((line, r) =>
        line.forEach((fmt, c) => {
          const cell = sheet.cells[top + r]?.[formatArea!.left + c];
          if (cell && fmt && fmt !== 'General') cell.numFmt = String(fmt);
        }),
      );
    }
    const fills = new Map<string, string | null>();
    for (const { top, col, result } of fillBands) {
      result.value.forEach((line, r) => {
        const color = line[0]?.format?.fill?.color;
        fills.set(
          a1(top + r, col),
          color && color.toUpperCase() !== '#FFFFFF' ? color.replace('#', '').toUpperCase() : null,
        );
      });
    }
    return {
      fills,
      tables: tableRanges.flatMap((r) => rangesOf(r.address)),
      hasFrozenPanes: !panes.isNullObject,
    };
  }

  private async applyFormat(
    target: (areas: string) => Excel.RangeAreas,
    write: FormatWrite,
  ): Promise<void> {
    for (const areas of chunkAreas(write.areas)) {
      await this.budget(areas.length + 64);
      const format = target(areas).format;
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
    const numFmt = writes.formats.filter((f) => f.property === 'numFmt');
    for (const f of numFmt) {
      for (const address of f.areas) {
        const r = parseRange(address)!;
        await this.budget(
          address.length +
            (r.bottom - r.top + 1) * (r.right - r.left + 1) * (String(f.value).length + 3),
        );
        sheet.getRange(address).numberFormat = Array.from({ length: r.bottom - r.top + 1 }, () =>
          new Array(r.right - r.left + 1).fill(f.value),
        );
      }
    }
    for (const { address, row } of writes.values) {
      await this.budget(address.length + JSON.stringify(row).length);
      // Text is written with a leading apostrophe so Excel keeps it as text (never a number, date or formula).
      sheet.getRange(address).values = [row.map((v) => (typeof v === 'string' ? `'${v}` : v))];
    }
    for (const f of writes.formats) await this.applyFormat((areas) => sheet.getRanges(areas), f);
  }

  /** Replaces (or adds) a hidden defined name, in the current request. */
  private setName(name: string, ref: string, exists: boolean, comment?: string): void {
    const names = this.context.workbook.names;
    if (exists) names.getItem(name).delete();
    const item = names.add(name, `=${ref}`, comment);
    item.visible = false;
  }

  /** The third round trip: RAG colours, then the timeline, in one request unless it would pass 5 MB. */
  async applySync(
    edits: SyncEdits,
    fills: Map<string, string | null>,
    hasFrozenPanes: boolean,
    parts: { rag: boolean; timeline: boolean },
    ourFills: ReadonlySet<string>,
    timelineRef: string | null,
    nameExists: boolean,
  ): Promise<void> {
    const sheet = this.context.workbook.worksheets.getItem(edits.sheet);
    if (apiSupported('1.6')) this.context.workbook.application.suspendApiCalculationUntilNextSync();
    if (parts.rag) {
      const byColour = new Map<
        string,
        { fill: string | null; font: string | null; cells: string[] }
      >();
      for (const rag of edits.ragCells) {
        const cell = a1(rag.row, rag.col);
        if (rag.fill === null) {
          const current = fills.get(cell) ?? null;
          if (current === null || !ourFills.has(current)) continue;
        }
        const key = `${rag.fill}:${rag.fontColor}`;
        const group = byColour.get(key) ?? { fill: rag.fill, font: rag.fontColor, cells: [] };
        group.cells.push(cell);
        byColour.set(key, group);
        if (rag.normalisedText !== undefined) {
          await this.budget(cell.length + rag.normalisedText.length + 16);
          sheet.getRange(cell).values = [[`'${rag.normalisedText}`]];
        }
      }
      for (const group of byColour.values()) {
        for (const areas of chunkAreas(group.cells)) {
          await this.budget(areas.length + 64);
          const target = sheet.getRanges(areas);
          if (group.fill === null) {
            target.format.fill.clear();
            target.format.font.color = '#000000';
          } else {
            target.format.fill.color = `#${group.fill}`;
            target.format.font.color = `#${group.font}`;
          }
        }
      }
    }
    const timeline = edits.timeline;
    if (parts.timeline && timeline) {
      for (const r of [...edits.clear, timeline.area]) {
        await this.budget(32);
        sheet.getRange(`${a1(r.top, r.left)}:${a1(r.bottom, r.right)}`).clear('All');
      }
      await this.writeBlock(sheet, timeline, edits.styles, timeline.area);
      const cols = `${columnLetters(timeline.area.left)}1:${columnLetters(timeline.area.right)}1`;
      sheet.getRange(cols).format.columnWidth = widthInPoints(timeline.columnWidth);
      if (edits.freeze && !hasFrozenPanes && apiSupported('1.7')) {
        sheet.freezePanes.freezeAt(
          sheet.getRange(`A1:${a1(edits.freeze.row - 1, edits.freeze.col - 1)}`),
        );
      }
      if (timelineRef) this.setName(edits.timelineName, timelineRef, nameExists);
    }
    await this.sync();
  }

  /** The budget sheet as it is (null when missing), for placing an imported block. */
  async readBudgetTarget(
    sheetName: string,
  ): Promise<{ sheet: SheetData | null; names: DefinedName[]; sheetNames: string[] }> {
    const wb = this.context.workbook;
    const [target] = await this.readSheets(() => {
      wb.worksheets.load('items/name,items/position');
      wb.names.load('items/name,items/formula,items/comment,items/visible,items/type');
      return [wb.worksheets.getItemOrNullObject(sheetName)];
    });
    this.allNames = new Set(wb.names.items.map((n) => n.name.toLowerCase()));
    return {
      sheet: target ? this.sheetOf(target) : null,
      names: wb.names.items.filter((n) => n.type !== 'Error').map(nameOf),
      sheetNames: wb.worksheets.items.map((s) => s.name),
    };
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
    name: { name: string; ref: string; comment: string; exists: boolean },
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
    for (const r of [...clear, area])
      sheet.getRange(`${a1(r.top, r.left)}:${a1(r.bottom, r.right)}`).clear('All');
    await this.writeBlock(sheet, block, styles, area);
    for (const [offset, height] of block.rowHeights) {
      const row = area.top + offset;
      sheet.getRange(`${row}:${row}`).format.rowHeight = height;
    }
    this.setName(name.name, name.ref, name.exists, name.comment);
    await this.sync();
  }

  /** Adds sheets that do not exist yet; returns which were added. */
  async addSheets(
    sheets: readonly {
      name: string;
      block: CellBlockData;
      styles: readonly CellStyle[];
      widths: number[];
      freeze?: { row: number; col: number };
    }[],
  ): Promise<{ added: string[]; skipped: string[] }> {
    const wb = this.context.workbook;
    wb.worksheets.load('items/name');
    await this.sync();
    const existing = new Set(wb.worksheets.items.map((s) => s.name.toLowerCase()));
    const added: string[] = [];
    const skipped: string[] = [];
    for (const s of sheets) {
      if (existing.has(s.name.toLowerCase())) {
        skipped.push(s.name);
        continue;
      }
      const sheet = wb.worksheets.add(s.name);
      s.widths.forEach((w, i) => {
        sheet.getRange(`${columnLetters(i + 1)}1`).format.columnWidth = widthInPoints(w);
      });
      await this.writeBlock(sheet, s.block, s.styles, {
        top: 1,
        left: 1,
        bottom: s.block.height,
        right: s.block.width,
      });
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
    if (added.length) {
      wb.worksheets.getItem(added[0]).activate();
      await this.sync();
    }
    return { added, skipped };
  }

  async select(sheetName: string, cell: string): Promise<void> {
    const sheet = this.context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell || 'A1').select();
    await this.sync();
  }
}

export function withWorkbook<T>(
  fn: (session: WorkbookSession) => Promise<T>,
  requestBudget?: number,
): Promise<T> {
  return Excel.run((context) => fn(new WorkbookSession(context, requestBudget)));
}

/** Listens to edits of the plan sheet made by people (not by this add-in). */
export async function onPlanEdited(
  sheetName: string,
  handler: (address: string) => void,
): Promise<() => Promise<void>> {
  let registration: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | null =
    null;
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    registration = sheet.onChanged.add(async (event) => {
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
