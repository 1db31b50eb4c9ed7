/**
 * A faithful fake of the part of the Excel JavaScript API (Office.js) that addin/excel-adapter.ts
 * uses, for tests without Excel. `createFakeOffice(init)` gives `Excel` and `Office` objects to
 * install as globals, the round-trip statistics, and a view of the workbook state for asserts.
 * See proxy.ts for the proxy rules it enforces.
 */

import {
  buildWorkbook,
  FakeOfficeError,
  cellA1,
  cellKey,
  changeEventArgs,
  cloneCell,
  colIndex,
  compareVersions,
  isEmptyCell,
  keyCol,
  keyRow,
  officeError,
  parseArea,
  quoteSheet,
  rectA1,
  type FakeCell,
  type FakeStats,
  type FakeWorkbookInit,
  type HeaderFooterModel,
  type Rect,
  type SheetModel,
  type WorkbookModel,
} from './model.js';
import { ClientObject, ClientResult } from './proxy.js';
import {
  DataValidation,
  Range,
  RangeAreas,
  RangeBorder,
  RangeCollection,
  RangeFill,
  RangeFont,
  RangeFormat,
} from './range.js';
import {
  Application,
  NamedItem,
  NamedItemCollection,
  RequestContext,
  Runtime,
  Table,
  TableCollection,
  Workbook,
} from './workbook.js';
import {
  Worksheet,
  WorksheetCollection,
  WorksheetFreezePanes,
  WorksheetProtection,
} from './worksheet.js';

export * from './model.js';
export { ClientObject, ClientResult } from './proxy.js';
export { formatText, serialOf, dateOf, typeValue } from './typing.js';
export { RequestContext } from './workbook.js';

export interface FakeSheetView {
  readonly name: string;
  /** 0-based tab position. */
  readonly position: number;
  readonly visibility: string;
  readonly protected: boolean;
  /** The frozen range, e.g. 'A1:C3' ('1:2' rows only, 'A:B' columns only), or null. */
  readonly freeze: string | null;
  /** Merged areas, e.g. ['L1:P2']. */
  readonly merges: string[];
  /** Worksheet.showGridlines as last set (true by default). */
  readonly showGridlines: boolean;
  /** Worksheet.pageLayout's orientation, paper size and zoom as last set. */
  readonly pageLayout: SheetModel['pageLayout'];
  /** Print titles as whole rows ('1:3') and columns ('A:C'), and the print area; null when unset. */
  readonly printTitles: { rows: string | null; columns: string | null; area: string | null };
  /** `pageLayout.headersFooters.defaultForAllPages` as last set. */
  readonly headersFooters: HeaderFooterModel;
  /** The shapes on the sheet in z-order: name, position and size in points, SVG text if any. */
  readonly shapes: {
    id: string;
    name: string;
    type: string;
    left: number;
    top: number;
    width: number;
    height: number;
    svg: string | null;
  }[];
  /** A copy of the cell, or undefined when it is empty. */
  cell(a1: string): FakeCell | undefined;
  /** Copies of every non-empty cell by A1 address. */
  cells(): Record<string, FakeCell>;
  /** Width in points set on the column (1-based number or letters), undefined for the default width. */
  columnWidth(col: number | string): number | undefined;
  /** Height in points set on the row (1-based), undefined for the default height. */
  rowHeight(row: number): number | undefined;
  /** Test-only: changes a cell as a user would (no event: call fireChange for that). */
  setCell(a1: string, cell: FakeCell | undefined): void;
}

export interface FakeChangeOptions {
  details?: object;
  triggerSource?: string;
  /** 'Remote' for a co-author's edit arriving in this workbook. */
  source?: 'Local' | 'Remote';
}

export interface FakeWorkbookState {
  sheetNames(): string[];
  /** Throws when there is no such sheet (case-insensitive). */
  sheet(name: string): FakeSheetView;
  names(): { name: string; formula: string; comment: string; visible: boolean }[];
  tables(): { name: string; sheet: string; range: string }[];
  /** Name of the active sheet. */
  activeSheet(): string | null;
  /** The selected range, e.g. 'Plan!D5', or null. */
  selection(): string | null;
  /** `context.runtime.enableEvents` as last set. */
  eventsEnabled(): boolean;
  /** Test-only: an edit by the user; calls the sheet's onChanged handlers (unless events are off). */
  fireChange(sheet: string, address: string, opts?: FakeChangeOptions): Promise<void>;
  /** Resolves when every queued onChanged delivery (including those after API writes) has run. */
  settle(): Promise<void>;
  /** Errors thrown by onChanged handlers. */
  readonly handlerErrors: unknown[];
  /**
   * Test-only: the request `at` requests from now (1 = the next; counting only requests that write
   * when `writes`) fails with `code` after applying its first `after` actions, as when Excel stops
   * part-way through a request.
   */
  failRequest(at: number, after: number, code?: string, writes?: boolean): void;
  /** The data validation rules set through the API, by sheet. */
  validations(
    sheet: string,
  ): { range: string; rule: unknown; prompt?: unknown; errorAlert?: unknown }[];
  readonly stats: FakeStats;
}

function sheetView(wb: WorkbookModel, sheet: SheetModel): FakeSheetView {
  const at = (a1: string): { row: number; col: number } => {
    const r = parseArea(a1);
    if (!r || r.top !== r.bottom || r.left !== r.right)
      throw new Error(`fake Excel: not a cell address: ${a1}`);
    return { row: r.top, col: r.left };
  };
  return {
    get name() {
      return sheet.name;
    },
    get position() {
      return wb.sheets.indexOf(sheet);
    },
    get visibility() {
      return sheet.visibility;
    },
    get protected() {
      return sheet.protected;
    },
    get freeze() {
      const r = sheet.frozenRect();
      return r ? rectA1(r) : null;
    },
    get merges() {
      return sheet.merges.map((m) => rectA1(m));
    },
    get showGridlines() {
      return sheet.showGridlines;
    },
    get pageLayout() {
      return { ...sheet.pageLayout, zoom: { ...sheet.pageLayout.zoom } };
    },
    get printTitles() {
      const a1 = (r: Rect | null) => (r ? rectA1(r) : null);
      return {
        rows: a1(sheet.printTitleRows),
        columns: a1(sheet.printTitleColumns),
        area: a1(sheet.printArea),
      };
    },
    get headersFooters() {
      return { ...sheet.headersFooters };
    },
    get shapes() {
      return sheet.shapes.map((x) => ({
        id: x.id,
        name: x.name,
        type: x.type,
        left: x.left,
        top: x.top,
        width: x.width,
        height: x.height,
        svg: x.svg,
      }));
    },
    cell(a1) {
      const { row, col } = at(a1);
      const c = sheet.get(row, col);
      return c && !isEmptyCell(c) ? cloneCell(c) : undefined;
    },
    cells() {
      const keys = [...sheet.cells.keys()].sort((a, b) => a - b);
      const out: Record<string, FakeCell> = {};
      for (const key of keys) {
        const c = sheet.cells.get(key)!;
        if (!isEmptyCell(c)) out[cellA1(keyRow(key), keyCol(key))] = cloneCell(c);
      }
      return out;
    },
    columnWidth(col) {
      const c = typeof col === 'number' ? col - 1 : colIndex(col);
      return sheet.columnWidths.get(c);
    },
    rowHeight(row) {
      return sheet.rowHeights.get(row - 1);
    },
    setCell(a1, cell) {
      const { row, col } = at(a1);
      if (!cell) {
        sheet.cells.delete(cellKey(row, col));
        return;
      }
      const c = cloneCell(cell);
      if (c.formula && !c.formula.startsWith('=')) c.formula = `=${c.formula}`;
      if (isEmptyCell(c)) sheet.cells.delete(cellKey(row, col));
      else sheet.cells.set(cellKey(row, col), c);
    },
  };
}

function workbookState(wb: WorkbookModel): FakeWorkbookState {
  const find = (name: string): SheetModel => {
    const s = wb.findSheet(name);
    if (!s)
      throw new Error(
        `fake Excel: no sheet named ${name} (sheets: ${wb.sheets.map((x) => x.name).join(', ')})`,
      );
    return s;
  };
  return {
    sheetNames: () => wb.sheets.map((s) => s.name),
    sheet: (name) => sheetView(wb, find(name)),
    names: () =>
      wb.names.map((n) => ({
        name: n.name,
        formula: n.formula,
        comment: n.comment,
        visible: n.visible,
      })),
    tables: () =>
      wb.tables.map((t) => ({ name: t.name, sheet: t.sheet.name, range: rectA1(t.rect) })),
    activeSheet: () => wb.activeSheet?.name ?? null,
    selection: () =>
      wb.selection ? `${quoteSheet(wb.selection.sheet.name)}!${rectA1(wb.selection.rect)}` : null,
    eventsEnabled: () => wb.eventsEnabled,
    async fireChange(sheetName, address, opts = {}) {
      const sheet = find(sheetName);
      if (!wb.eventsEnabled) return;
      await wb.deliver([
        {
          sheet,
          args: changeEventArgs(
            wb,
            sheet,
            address,
            opts.triggerSource ?? 'Unknown',
            opts.details,
            opts.source ?? 'Local',
          ),
        },
      ]);
    },
    settle: () => wb.settle(),
    failRequest(at, after, code = 'GeneralException', writes = false) {
      wb.failures.push({
        at: (writes ? wb.writeRequests : wb.stats.syncs) + at,
        after,
        code,
        writes,
      });
    },
    validations: (name) =>
      find(name).validations.map((v) => ({
        range: rectA1(v.rect),
        rule: v.rule,
        ...(v.prompt ? { prompt: v.prompt } : {}),
        ...(v.errorAlert ? { errorAlert: v.errorAlert } : {}),
      })),
    handlerErrors: wb.handlerErrors,
    stats: wb.stats,
  };
}

type Batch<T> = (context: RequestContext) => Promise<T>;

function makeRun(wb: WorkbookModel) {
  return async function run<T>(first: unknown, second?: Batch<T>): Promise<T> {
    let context: RequestContext;
    let batch: unknown;
    if (typeof first === 'function') {
      context = new RequestContext(wb);
      batch = first;
    } else {
      batch = second;
      const object = Array.isArray(first) ? first[0] : first;
      if (object instanceof RequestContext) context = object;
      else if (object instanceof ClientObject && object.context instanceof RequestContext)
        context = object.context;
      else
        throw officeError(
          'InvalidArgument',
          '(Excel.run takes a batch function, or a context or object and a batch function.)',
          'Excel.run',
        );
    }
    if (typeof batch !== 'function')
      throw officeError('InvalidArgument', '(No batch function.)', 'Excel.run');
    let result: T;
    wb.stats.maxConcurrentRuns = Math.max(wb.stats.maxConcurrentRuns, ++wb.activeRuns);
    try {
      const promise = (batch as Batch<T>)(context);
      if (!promise || typeof (promise as Promise<T>).then !== 'function') {
        throw officeError('RunMustReturnPromise', undefined, 'Excel.run');
      }
      result = await promise;
    } catch (e) {
      context._queue = [];
      wb.activeRuns--;
      throw e;
    }
    // Excel.run sends what the batch left queued.
    try {
      if (context._hasPending) await context.sync();
    } finally {
      wb.activeRuns--;
    }
    return result;
  };
}

const enumOf = (...values: string[]): Record<string, string> =>
  Object.fromEntries(values.map((v) => [v.charAt(0).toLowerCase() + v.slice(1), v]));

export interface FakeOffice {
  // Typed loosely on purpose: callers cast to `typeof Excel` / `typeof Office`.
  Excel: Record<string, unknown> & { run: ReturnType<typeof makeRun> };
  Office: Record<string, unknown>;
  /** `OfficeExtension.Error` is what Excel rejects requests with (FakeOfficeError here). */
  OfficeExtension: Record<string, unknown>;
  stats: FakeStats;
  workbook: FakeWorkbookState;
}

export function createFakeOffice(init: FakeWorkbookInit): FakeOffice {
  const wb = buildWorkbook(init);
  const run = makeRun(wb);
  class BoundRequestContext extends RequestContext {
    constructor() {
      super(wb);
    }
  }
  const Excel = {
    run,
    RequestContext: BoundRequestContext,
    Range,
    RangeAreas,
    RangeFormat,
    RangeFill,
    RangeFont,
    RangeBorder,
    RangeCollection,
    DataValidation,
    Worksheet,
    WorksheetCollection,
    WorksheetProtection,
    WorksheetFreezePanes,
    Workbook,
    Application,
    Runtime,
    NamedItem,
    NamedItemCollection,
    Table,
    TableCollection,
    ErrorCodes: enumOf(
      'AccessDenied',
      'ApiNotFound',
      'GeneralException',
      'InvalidArgument',
      'InvalidOperation',
      'ItemAlreadyExists',
      'ItemNotFound',
      'NotImplemented',
      'RangeExceedsLimit',
      'RequestPayloadSizeLimitExceeded',
      'ResponsePayloadSizeLimitExceeded',
    ),
    BorderIndex: enumOf(
      'EdgeTop',
      'EdgeBottom',
      'EdgeLeft',
      'EdgeRight',
      'InsideVertical',
      'InsideHorizontal',
      'DiagonalDown',
      'DiagonalUp',
    ),
    BorderLineStyle: enumOf(
      'None',
      'Continuous',
      'Dash',
      'DashDot',
      'DashDotDot',
      'Dot',
      'Double',
      'SlantDashDot',
    ),
    BorderWeight: enumOf('Hairline', 'Thin', 'Medium', 'Thick'),
    ClearApplyTo: enumOf('All', 'Formats', 'Contents', 'Hyperlinks', 'RemoveHyperlinks'),
    HorizontalAlignment: enumOf(
      'General',
      'Left',
      'Center',
      'Right',
      'Fill',
      'Justify',
      'CenterAcrossSelection',
      'Distributed',
    ),
    SheetVisibility: enumOf('Visible', 'Hidden', 'VeryHidden'),
    EventTriggerSource: enumOf('Unknown', 'ThisLocalAddin'),
    DataChangeType: enumOf(
      'Unknown',
      'RangeEdited',
      'RowInserted',
      'RowDeleted',
      'ColumnInserted',
      'ColumnDeleted',
      'CellInserted',
      'CellDeleted',
    ),
    EventSource: enumOf('Local', 'Remote'),
    SpecialCellType: enumOf(
      'ConditionalFormats',
      'DataValidations',
      'Blanks',
      'Constants',
      'Formulas',
      'SameConditionalFormat',
      'SameDataValidation',
      'Visible',
    ),
    DataValidationOperator: enumOf(
      'Between',
      'NotBetween',
      'EqualTo',
      'NotEqualTo',
      'GreaterThan',
      'LessThan',
      'GreaterThanOrEqualTo',
      'LessThanOrEqualTo',
    ),
    DataValidationAlertStyle: enumOf('Stop', 'Warning', 'Information'),
    EventType: enumOf('WorksheetChanged'),
    NamedItemType: enumOf('String', 'Integer', 'Double', 'Boolean', 'Range', 'Error', 'Array'),
  };
  const info = { host: 'Excel', platform: wb.platform };
  const Office = {
    HostType: {
      Excel: 'Excel',
      Word: 'Word',
      PowerPoint: 'PowerPoint',
      Outlook: 'Outlook',
      OneNote: 'OneNote',
      Project: 'Project',
      Access: 'Access',
    },
    PlatformType: {
      PC: 'PC',
      OfficeOnline: 'OfficeOnline',
      Mac: 'Mac',
      iOS: 'iOS',
      Android: 'Android',
      Universal: 'Universal',
    },
    context: {
      host: 'Excel',
      platform: wb.platform,
      displayLanguage: wb.locale,
      contentLanguage: wb.locale,
      diagnostics: { host: 'Excel', platform: wb.platform, version: '16.0.0.0' },
      officeTheme: {
        bodyBackgroundColor: '#FFFFFF',
        bodyForegroundColor: '#000000',
        controlBackgroundColor: '#FFFFFF',
        controlForegroundColor: '#000000',
      },
      requirements: {
        /** True for ExcelApi versions up to the fake's apiVersion ('1.9' < '1.13'). */
        isSetSupported(name: string, version?: string): boolean {
          if (String(name).toLowerCase() !== 'excelapi') return false;
          return compareVersions(String(version ?? '1.1'), wb.apiVersion) <= 0;
        },
      },
    },
    onReady(callback?: (i: typeof info) => void): Promise<typeof info> {
      return Promise.resolve().then(() => {
        callback?.({ ...info });
        return { ...info };
      });
    },
  };
  const OfficeExtension = { Error: FakeOfficeError, ClientResult };
  return { Excel, Office, OfficeExtension, stats: wb.stats, workbook: workbookState(wb) };
}

const GLOBALS = ['Office', 'Excel', 'OfficeExtension'] as const;

/** A fake Excel installed as the globals Office.js gives a page (`Office`, `Excel`, `OfficeExtension`). */
export function installFakeOffice(init: FakeWorkbookInit): FakeOffice {
  const fake = createFakeOffice(init);
  Object.assign(globalThis, {
    Office: fake.Office,
    Excel: fake.Excel,
    OfficeExtension: fake.OfficeExtension,
  });
  return fake;
}

export function removeFakeOffice(): void {
  for (const name of GLOBALS) delete (globalThis as Record<string, unknown>)[name];
}
