/**
 * The fake Excel's workbook state: sheets of cells (values, formulas, number formats, formats),
 * merges, column widths, frozen panes, defined names, tables; plus A1 helpers and the errors
 * Excel reports. No proxies here: proxy.ts and the classes built on it read and write this model
 * when a request is "sent" at `context.sync()`.
 */

export interface FakeBorder {
  style: string;
  color: string;
  weight?: string;
}

export type EdgeName = 'EdgeLeft' | 'EdgeRight' | 'EdgeTop' | 'EdgeBottom';
export const EDGES: readonly EdgeName[] = ['EdgeLeft', 'EdgeRight', 'EdgeTop', 'EdgeBottom'];

export interface FakeFormat {
  /** The fill's colour, '#RRGGBB': a solid fill, or the background behind `pattern`. */
  fill?: string;
  /** `RangeFill.pattern` other than Solid and None (ExcelApi 1.9), e.g. 'LightUp'. */
  pattern?: string;
  /** `RangeFill.patternColor`, '#RRGGBB' (the colour of the pattern's lines). */
  patternColor?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  horizontalAlignment?: string;
  textOrientation?: number;
  wrapText?: boolean;
  borders?: Partial<Record<EdgeName, FakeBorder>>;
}

export interface FakeCell {
  value?: string | number | boolean | null;
  formula?: string;
  numberFormat?: string;
  quotePrefix?: boolean;
  format?: FakeFormat;
}

export interface FakeSheetInit {
  name: string;
  cells?: Record<string, FakeCell>;
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
  protected?: boolean;
  merges?: string[];
  tables?: { name: string; range: string }[];
  /** The frozen range, e.g. 'A1:C3' (rows 1-3 and columns A-C frozen), '1:2' or 'A:B'. */
  freeze?: string | null;
  /** Column widths in points by column letter or 1-based number, e.g. { K: 30 }. */
  columnWidths?: Record<string, number>;
  /** A page setup the user made: orientation, zoom, print titles ('1:3', 'A:C'), footer. */
  pageSetup?: {
    orientation?: 'Portrait' | 'Landscape';
    zoom?: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
    printTitleRows?: string;
    printTitleColumns?: string;
    printArea?: string;
    headersFooters?: Partial<HeaderFooterModel>;
  };
  /** Pictures and shapes already on the sheet (the user's own, or an earlier run's). */
  shapes?: { name: string; left?: number; top?: number; width?: number; height?: number }[];
}

export interface FakeNameInit {
  name: string;
  /** '=Plan!$K$1:$V$7' */
  formula: string;
  comment?: string;
  visible?: boolean;
}

export type FakePlatform = 'OfficeOnline' | 'PC' | 'Mac';

export interface FakeWorkbookInit {
  sheets: FakeSheetInit[];
  names?: FakeNameInit[];
  /** Highest ExcelApi requirement set supported, default '1.14'. */
  apiVersion?: string;
  /** Where Excel runs: Excel on the web (the default) or desktop Excel on Windows or Mac. */
  platform?: FakePlatform;
  /** The user's regional settings, e.g. 'de-DE' (default 'en-US'). */
  locale?: string;
  /**
   * What separates the areas of a `getRanges` address. Excel on the web takes ','; desktop Excel
   * takes only its locale's list separator (';' in German or Czech: office-js issues #1167, #1985).
   * Default: from the platform and locale.
   */
  listSeparator?: ',' | ';';
  /** The locale's decimal separator (CultureInfo, ExcelApi 1.11). Default: from the locale. */
  decimalSeparator?: ',' | '.';
  /**
   * Request and response size limit in bytes (tests lower it to exercise splitting). Default 5 MB,
   * Excel on the web's; the fake keeps it on desktop too, where Excel documents none (stricter).
   */
  payloadLimit?: number;
  /**
   * The code an oversized read fails with. Excel on the web has reported both
   * ResponsePayloadSizeLimitExceeded and GeneralException; default GeneralException.
   */
  oversizedReadCode?: 'GeneralException' | 'ResponsePayloadSizeLimitExceeded';
  /**
   * Areas one `getRanges` address may have: Excel has refused addresses with many areas well
   * under 8,192 characters (office-js #5198, docs #2255). Default 1,000.
   */
  maxAreas?: number;
  /** Bytes Office.js adds to a request for each call, and to a response for each result (default 160). */
  envelope?: number;
  /** Cells one range may have for a read: past it `values` is null (default 5,000,000). */
  maxReadCells?: number;
}

export interface FakeStats {
  /** Round trips: `sync()` calls that sent a request (an empty `sync()` sends nothing, as in Office.js). */
  syncs: number;
  /** `sync()` calls with nothing queued (no round trip). */
  emptySyncs: number;
  /** Size of each request sent (including rejected ones): JSON of each call plus its envelope. */
  requestBytes: number[];
  /** Size of the data each request loaded, envelope included (0 for rejected requests). */
  responseBytes: number[];
  /** The most `Excel.run` batches that were working at the same time. */
  maxConcurrentRuns: number;
  /**
   * Milliseconds the fake host spent answering requests (applying actions, sizing and delivering
   * the response): Excel's work, not the add-in's, so a benchmark can take it out.
   */
  hostMs: number;
}

/**
 * Test-only: the request numbered `at` (counting all requests, or only those that write) fails
 * after applying `after` of its actions.
 */
export interface FakeFailure {
  at: number;
  after: number;
  code: string;
  writes: boolean;
}

/** The list separator desktop Excel uses in a locale (its decimal separator is then a comma). */
const COMMA_DECIMAL = new Set([
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

export function localeDecimalSeparator(locale: string): ',' | '.' {
  const lang = locale.toLowerCase().split(/[-_]/)[0];
  return COMMA_DECIMAL.has(lang) && locale.toLowerCase() !== 'de-ch' ? ',' : '.';
}

/** Excel on the web: 5 MB per request (and per response). */
export const REQUEST_LIMIT = 5 * 1024 * 1024;
/** What Office.js adds per call in a request, and per result in a response ("about 100-250 bytes"). */
export const DEFAULT_ENVELOPE = 160;
export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;
/** Excel's default row height in points (Calibri 11). */
export const DEFAULT_ROW_HEIGHT = 15;
/** Excel's default column width in points (8.43 characters of Calibri 11 = 64 px). */
export const DEFAULT_COLUMN_WIDTH = 48;

// ---------------------------------------------------------------------------------------------
// Errors

/** What Office.js rejects with: an `OfficeExtension.Error` (name 'RichApi.Error') with a `code`. */
export class FakeOfficeError extends Error {
  override name = 'RichApi.Error';
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  constructor(code: string, message: string, location?: string) {
    super(message);
    this.code = code;
    this.debugInfo = { code, message, ...(location ? { errorLocation: location } : {}) };
  }
}

const MESSAGES: Record<string, string> = {
  ItemNotFound: "The requested resource doesn't exist.",
  ItemAlreadyExists: 'A resource with the same name or identifier already exists.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  InvalidOperation: 'The operation is invalid.',
  AccessDenied: "You can't perform the requested operation.",
  ApiNotFound: 'The API you are trying to use could not be found.',
  PropertyNotLoaded:
    'The property is not available. Before reading the property\'s value, call the load method on the containing object and call "context.sync()" on the associated request context.',
  RequestPayloadSizeLimitExceeded: 'The request payload size has exceeded the limit.',
  ResponsePayloadSizeLimitExceeded: 'The response payload size has exceeded the limit.',
  InvalidRequestContext: 'Cannot use the object across different request contexts.',
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation.',
  RangeExceedsLimit: 'The cell count in the range has exceeded the maximum supported number.',
  GeneralException: 'An internal error has occurred.',
  NotImplemented: 'The fake Excel host does not support this feature (Excel itself may).',
};

export function officeError(code: string, detail?: string, location?: string): FakeOfficeError {
  const base = MESSAGES[code] ?? code;
  return new FakeOfficeError(code, detail ? `${base} ${detail}` : base, location);
}

// ---------------------------------------------------------------------------------------------
// A1 helpers (rows and columns 0-based here)

/** 0-based inclusive rectangle. */
export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** 0 -> A, 26 -> AA. */
export function colLetters(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A -> 0, AA -> 26 (case-insensitive). */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellA1(row: number, col: number): string {
  return `${colLetters(col)}${row + 1}`;
}

function part(ref: string): { row?: number; col?: number } | null {
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/.exec(ref);
  if (!m || (!m[1] && !m[2])) return null;
  const out: { row?: number; col?: number } = {};
  if (m[1]) {
    out.col = colIndex(m[1]);
    if (out.col >= MAX_COLS) return null;
  }
  if (m[2]) {
    out.row = Number(m[2]) - 1;
    if (out.row < 0 || out.row >= MAX_ROWS) return null;
  }
  return out;
}

/** 'B7', '$B$7', 'A1:C3', 'K:K' (whole columns), '3:5' (whole rows); null when malformed. */
export function parseArea(address: string): Rect | null {
  const text = address.trim();
  if (!text) return null;
  const pieces = text.split(':');
  if (pieces.length > 2) return null;
  const a = part(pieces[0]);
  const b = pieces.length === 2 ? part(pieces[1]) : a;
  if (!a || !b) return null;
  const aCell = a.row !== undefined && a.col !== undefined;
  const bCell = b.row !== undefined && b.col !== undefined;
  if (aCell && bCell) {
    return {
      top: Math.min(a.row!, b.row!),
      bottom: Math.max(a.row!, b.row!),
      left: Math.min(a.col!, b.col!),
      right: Math.max(a.col!, b.col!),
    };
  }
  if (pieces.length !== 2) return null;
  if (a.row === undefined && b.row === undefined && a.col !== undefined && b.col !== undefined) {
    return {
      top: 0,
      bottom: MAX_ROWS - 1,
      left: Math.min(a.col, b.col),
      right: Math.max(a.col, b.col),
    };
  }
  if (a.col === undefined && b.col === undefined && a.row !== undefined && b.row !== undefined) {
    return {
      left: 0,
      right: MAX_COLS - 1,
      top: Math.min(a.row, b.row),
      bottom: Math.max(a.row, b.row),
    };
  }
  return null;
}

/** Splits 'Sheet'!A1 / Sheet!A1 into sheet and address. */
export function splitSheet(ref: string): { sheet: string | null; address: string } {
  const text = ref.trim();
  const bang = text.lastIndexOf('!');
  if (bang < 0) return { sheet: null, address: text };
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'") && sheet.length >= 2) {
    sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  return { sheet, address: text.slice(bang + 1) };
}

/** 'A1', 'A1:C3', 'K:K', '3:5' as Excel writes them (no $). */
export function rectA1(r: Rect, absolute = false): string {
  const d = absolute ? '$' : '';
  if (r.top === 0 && r.bottom === MAX_ROWS - 1) {
    return `${d}${colLetters(r.left)}:${d}${colLetters(r.right)}`;
  }
  if (r.left === 0 && r.right === MAX_COLS - 1) return `${d}${r.top + 1}:${d}${r.bottom + 1}`;
  const tl = `${d}${colLetters(r.left)}${d}${r.top + 1}`;
  if (r.top === r.bottom && r.left === r.right) return tl;
  return `${tl}:${d}${colLetters(r.right)}${d}${r.bottom + 1}`;
}

/** Sheet name as Excel writes it in an address: quoted when it is not a plain identifier. */
export function quoteSheet(name: string): string {
  const plain =
    /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^[Rr]\d*[Cc]\d*$/.test(name) &&
    !/^[RrCc]$/.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

export function rectCells(r: Rect): number {
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.top >= outer.top &&
    inner.bottom <= outer.bottom &&
    inner.left >= outer.left &&
    inner.right <= outer.right
  );
}

const NAMED_COLOURS: Record<string, string> = {
  black: '#000000',
  white: '#FFFFFF',
  red: '#FF0000',
  green: '#008000',
  blue: '#0000FF',
  yellow: '#FFFF00',
  orange: '#FFA500',
  purple: '#800080',
  gray: '#808080',
  grey: '#808080',
};

/** '#rrggbb', 'RRGGBB' or a colour name -> '#RRGGBB'; null when not a colour. */
export function normaliseColour(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  const m = /^#?([0-9a-fA-F]{6})$/.exec(v);
  if (m) return `#${m[1].toUpperCase()}`;
  return NAMED_COLOURS[v.toLowerCase()] ?? null;
}

/** '1.9' < '1.13'. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Cells

const KEY = MAX_COLS;
export const cellKey = (row: number, col: number): number => row * KEY + col;
export const keyRow = (key: number): number => Math.floor(key / KEY);
export const keyCol = (key: number): number => key % KEY;

export function isEmptyCell(c: FakeCell): boolean {
  const noValue = c.value === undefined || c.value === null || c.value === '';
  const noFormat =
    !c.format ||
    Object.entries(c.format).every(
      ([k, v]) => v === undefined || (k === 'borders' && Object.keys(v as object).length === 0),
    );
  return (
    noValue &&
    !c.formula &&
    (!c.numberFormat || c.numberFormat === 'General') &&
    !c.quotePrefix &&
    noFormat
  );
}

export function hasContent(c: FakeCell): boolean {
  return (c.value !== undefined && c.value !== null && c.value !== '') || !!c.formula;
}

export function cloneCell(c: FakeCell): FakeCell {
  const out: FakeCell = {};
  if (c.value !== undefined && c.value !== null && c.value !== '') out.value = c.value;
  if (c.formula) out.formula = c.formula;
  if (c.numberFormat && c.numberFormat !== 'General') out.numberFormat = c.numberFormat;
  if (c.quotePrefix) out.quotePrefix = true;
  if (c.format) {
    const f: FakeFormat = {};
    for (const [k, v] of Object.entries(c.format)) {
      if (v === undefined) continue;
      if (k === 'borders') {
        const b = v as Partial<Record<EdgeName, FakeBorder>>;
        if (Object.keys(b).length) {
          f.borders = Object.fromEntries(Object.entries(b).map(([e, x]) => [e, { ...x }]));
        }
      } else {
        (f as Record<string, unknown>)[k] = v;
      }
    }
    if (Object.keys(f).length) out.format = f;
  }
  return out;
}

export type ChangeHandler = (args: Record<string, unknown>) => unknown;

export interface ValidationModel {
  rect: Rect;
  rule: unknown;
  prompt?: unknown;
  errorAlert?: unknown;
  ignoreBlanks?: boolean;
}

export interface FrozenPanes {
  rows: number;
  cols: number;
}

let sheetSerial = 0;
let shapeSerial = 0;

/** HeaderFooter's sections (`headersFooters.defaultForAllPages`), as Excel holds them. */
export interface HeaderFooterModel {
  leftHeader: string;
  centerHeader: string;
  rightHeader: string;
  leftFooter: string;
  centerFooter: string;
  rightFooter: string;
}

export const HEADER_FOOTER_SECTIONS: readonly (keyof HeaderFooterModel)[] = [
  'leftHeader',
  'centerHeader',
  'rightHeader',
  'leftFooter',
  'centerFooter',
  'rightFooter',
];

/** A shape on a sheet (ExcelApi 1.9): an SVG picture from `addSvg`, or one given by the test. */
export class ShapeModel {
  readonly id: string;
  name: string;
  type: 'Image' | 'GeometricShape' = 'Image';
  left = 0;
  top = 0;
  width: number;
  height: number;
  altTextTitle = '';
  altTextDescription = '';
  /** The SVG text `addSvg` was given. */
  svg: string | null = null;

  constructor(width: number, height: number) {
    this.id = `{${(++shapeSerial).toString(16).toUpperCase().padStart(8, '0')}-5A9E-4C1D-9B0E-000000000000}`;
    this.name = `Picture ${shapeSerial}`;
    this.width = width;
    this.height = height;
  }
}

export class SheetModel {
  readonly id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  protected = false;
  readonly cells = new Map<number, FakeCell>();
  merges: Rect[] = [];
  /** 0-based column -> width in points. */
  readonly columnWidths = new Map<number, number>();
  /** 0-based row -> height in points, for rows given a height. */
  readonly rowHeights = new Map<number, number>();
  freeze: FrozenPanes | null = null;
  readonly handlers = new Set<ChangeHandler>();
  /** Data validation set through the API (Range.dataValidation, ExcelApi 1.8). */
  validations: ValidationModel[] = [];
  /** Worksheet.showGridlines (ExcelApi 1.8). */
  showGridlines = true;
  /** Worksheet.pageLayout (ExcelApi 1.9): orientation, paper size and the fit-to-pages zoom. */
  pageLayout: {
    orientation: string;
    paperSize: string;
    zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  } = { orientation: 'Portrait', paperSize: 'Letter', zoom: { scale: 100 } };
  /** PageLayout's print titles and area (ExcelApi 1.9): whole rows, whole columns. */
  printTitleRows: Rect | null = null;
  printTitleColumns: Rect | null = null;
  printArea: Rect | null = null;
  /** `pageLayout.headersFooters.defaultForAllPages` (ExcelApi 1.9). */
  headersFooters: HeaderFooterModel = {
    leftHeader: '',
    centerHeader: '',
    rightHeader: '',
    leftFooter: '',
    centerFooter: '',
    rightFooter: '',
  };
  /** `Worksheet.shapes` (ExcelApi 1.9), in z-order. */
  shapes: ShapeModel[] = [];

  constructor(name: string) {
    this.name = name;
    const n = (++sheetSerial).toString(16).toUpperCase().padStart(12, '0');
    this.id = `{00000000-0001-0000-0000-${n}}`;
  }

  get(row: number, col: number): FakeCell | undefined {
    return this.cells.get(cellKey(row, col));
  }

  ensure(row: number, col: number): FakeCell {
    const key = cellKey(row, col);
    let c = this.cells.get(key);
    if (!c) {
      c = {};
      this.cells.set(key, c);
    }
    return c;
  }

  /** Drops the cell when nothing is left in it. */
  prune(row: number, col: number): void {
    const key = cellKey(row, col);
    const c = this.cells.get(key);
    if (c && isEmptyCell(c)) this.cells.delete(key);
  }

  /** Existing cells inside `r` (row-major order not guaranteed). */
  *cellsIn(r: Rect): Generator<[number, number, FakeCell]> {
    if (rectCells(r) <= this.cells.size) {
      for (let row = r.top; row <= r.bottom; row++) {
        for (let col = r.left; col <= r.right; col++) {
          const c = this.cells.get(cellKey(row, col));
          if (c) yield [row, col, c];
        }
      }
    } else {
      for (const [key, c] of [...this.cells]) {
        const row = keyRow(key);
        const col = keyCol(key);
        if (row >= r.top && row <= r.bottom && col >= r.left && col <= r.right) yield [row, col, c];
      }
    }
  }

  /** Bounding box of cells with a value or formula (and, unless valuesOnly, any format). */
  usedRect(valuesOnly = false): Rect | null {
    let r: Rect | null = null;
    for (const [key, c] of this.cells) {
      if (valuesOnly ? !hasContent(c) : isEmptyCell(c)) continue;
      const row = keyRow(key);
      const col = keyCol(key);
      if (!r) r = { top: row, bottom: row, left: col, right: col };
      else {
        r.top = Math.min(r.top, row);
        r.bottom = Math.max(r.bottom, row);
        r.left = Math.min(r.left, col);
        r.right = Math.max(r.right, col);
      }
    }
    return r;
  }

  frozenRect(): Rect | null {
    const f = this.freeze;
    if (!f || (f.rows === 0 && f.cols === 0)) return null;
    if (f.cols === 0) return { top: 0, bottom: f.rows - 1, left: 0, right: MAX_COLS - 1 };
    if (f.rows === 0) return { top: 0, bottom: MAX_ROWS - 1, left: 0, right: f.cols - 1 };
    return { top: 0, left: 0, bottom: f.rows - 1, right: f.cols - 1 };
  }
}

export interface NameModel {
  name: string;
  formula: string;
  comment: string;
  visible: boolean;
}

export interface TableModel {
  name: string;
  sheet: SheetModel;
  rect: Rect;
}

export interface PendingChange {
  sheet: SheetModel;
  args: Record<string, unknown>;
}

export class WorkbookModel {
  sheets: SheetModel[] = [];
  names: NameModel[] = [];
  tables: TableModel[] = [];
  apiVersion = '1.14';
  platform: FakePlatform = 'OfficeOnline';
  locale = 'en-US';
  listSeparator: ',' | ';' = ',';
  decimalSeparator: ',' | '.' = '.';
  payloadLimit = REQUEST_LIMIT;
  oversizedReadCode = 'GeneralException';
  maxAreas = 1000;
  envelope = DEFAULT_ENVELOPE;
  maxReadCells = 5_000_000;
  /** Simulated failures still to come (test-only). */
  failures: FakeFailure[] = [];
  /** Requests sent that wrote something. */
  writeRequests = 0;
  /** `Excel.run` batches working now. */
  activeRuns = 0;
  activeSheet: SheetModel | null = null;
  selection: { sheet: SheetModel; rect: Rect } | null = null;
  /** `context.runtime.enableEvents` (one add-in runtime: shared by every context). */
  eventsEnabled = true;
  /** Set by `application.suspendApiCalculationUntilNextSync()`; cleared after the next sync. */
  calculationSuspended = false;
  readonly stats: FakeStats = {
    syncs: 0,
    emptySyncs: 0,
    requestBytes: [],
    responseBytes: [],
    maxConcurrentRuns: 0,
    hostMs: 0,
  };
  /** Event deliveries still running. */
  readonly pendingEvents = new Set<Promise<void>>();
  /** Errors thrown by event handlers (Office.js only logs them). */
  readonly handlerErrors: unknown[] = [];

  supports(version: string): boolean {
    return compareVersions(version, this.apiVersion) <= 0;
  }

  findSheet(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  findName(name: string): NameModel | undefined {
    const lower = name.toLowerCase();
    return this.names.find((n) => n.name.toLowerCase() === lower);
  }

  findTable(name: string): TableModel | undefined {
    const lower = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === lower);
  }

  /** Calls the sheet's onChanged handlers (unless events are off), asynchronously. */
  deliver(changes: PendingChange[]): Promise<void> {
    const live = changes.filter((c) => c.sheet.handlers.size > 0);
    if (!live.length) return Promise.resolve();
    const p = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(async () => {
      for (const change of live) {
        for (const handler of [...change.sheet.handlers]) {
          try {
            await handler({ ...change.args });
          } catch (e) {
            this.handlerErrors.push(e);
          }
        }
      }
    });
    const tracked = p.finally(() => this.pendingEvents.delete(tracked));
    this.pendingEvents.add(tracked);
    return tracked;
  }

  /** Resolves when every event delivery (and those they caused) has finished. */
  async settle(): Promise<void> {
    while (this.pendingEvents.size) await Promise.all([...this.pendingEvents]);
  }
}

/** Sheet names Excel accepts: 1-31 characters, none of : \ / ? * [ ], not starting or ending with '. */
export function validSheetName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 31 &&
    !/[:\\/?*[\]]/.test(name) &&
    !name.startsWith("'") &&
    !name.endsWith("'") &&
    name.toLowerCase() !== 'history'
  );
}

/** Defined names Excel accepts. */
export function validDefinedName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u.test(name)) return false;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) && parseArea(name)) return false;
  if (/^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name)) return false;
  return true;
}

/** A defined name's type as Office.js reports it. */
export function nameType(wb: WorkbookModel, formula: string): string {
  const body = formula.replace(/^=/, '').trim();
  if (/#REF!|#NAME\?|#N\/A|#VALUE!/.test(body)) return 'Error';
  if (/^"([^"]|"")*"$/.test(body)) return 'String';
  if (/^(TRUE|FALSE)$/i.test(body)) return 'Boolean';
  if (/^[+-]?\d+$/.test(body)) return 'Integer';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return 'Double';
  if (/^\{.*\}$/.test(body)) return 'Array';
  const refs = body.match(/('([^']|'')+'|[\p{L}_][\p{L}\p{N}_.]*)!/gu) ?? [];
  for (const ref of refs) {
    const { sheet } = splitSheet(ref + 'A1');
    if (sheet && !wb.findSheet(sheet)) return 'Error';
  }
  return 'Range';
}

/** The sheet and rectangle a name's formula refers to, when it is a plain reference. */
export function nameTarget(
  wb: WorkbookModel,
  formula: string,
): { sheet: SheetModel; rect: Rect } | null {
  const { sheet, address } = splitSheet(formula.replace(/^=/, ''));
  if (!sheet) return null;
  const model = wb.findSheet(sheet);
  const rect = parseArea(address);
  return model && rect ? { sheet: model, rect } : null;
}

/** Builds the model from a FakeWorkbookInit. */
export function buildWorkbook(init: FakeWorkbookInit): WorkbookModel {
  const wb = new WorkbookModel();
  if (init.apiVersion) wb.apiVersion = init.apiVersion;
  wb.platform = init.platform ?? 'OfficeOnline';
  wb.locale = init.locale ?? 'en-US';
  wb.decimalSeparator = init.decimalSeparator ?? localeDecimalSeparator(wb.locale);
  wb.listSeparator =
    init.listSeparator ??
    (wb.platform === 'OfficeOnline' || wb.decimalSeparator === '.' ? ',' : ';');
  wb.payloadLimit = init.payloadLimit ?? REQUEST_LIMIT;
  if (init.oversizedReadCode) wb.oversizedReadCode = init.oversizedReadCode;
  if (init.maxAreas) wb.maxAreas = init.maxAreas;
  if (init.envelope !== undefined) wb.envelope = init.envelope;
  if (init.maxReadCells) wb.maxReadCells = init.maxReadCells;
  for (const s of init.sheets) {
    if (wb.findSheet(s.name)) throw new Error(`fake Excel: duplicate sheet name ${s.name}`);
    const sheet = new SheetModel(s.name);
    sheet.visibility = s.visibility ?? 'Visible';
    sheet.protected = s.protected ?? false;
    for (const [address, cell] of Object.entries(s.cells ?? {})) {
      const r = parseArea(address);
      if (!r || r.top !== r.bottom || r.left !== r.right) {
        throw new Error(`fake Excel: bad cell address ${address} on ${s.name}`);
      }
      const c = cloneCell(cell);
      if (c.format?.fill) c.format.fill = normaliseColour(c.format.fill) ?? c.format.fill;
      if (c.format?.fontColor)
        c.format.fontColor = normaliseColour(c.format.fontColor) ?? c.format.fontColor;
      if (c.formula && !c.formula.startsWith('=')) c.formula = `=${c.formula}`;
      if (!isEmptyCell(c)) sheet.cells.set(cellKey(r.top, r.left), c);
    }
    for (const m of s.merges ?? []) {
      const r = parseArea(m);
      if (!r) throw new Error(`fake Excel: bad merge ${m}`);
      sheet.merges.push(r);
    }
    for (const [col, width] of Object.entries(s.columnWidths ?? {})) {
      const c = /^\d+$/.test(col) ? Number(col) - 1 : colIndex(col);
      sheet.columnWidths.set(c, width);
    }
    if (s.freeze) {
      const r = parseArea(s.freeze);
      if (!r) throw new Error(`fake Excel: bad freeze ${s.freeze}`);
      sheet.freeze = {
        rows: r.bottom === MAX_ROWS - 1 ? 0 : r.bottom + 1,
        cols: r.right === MAX_COLS - 1 ? 0 : r.right + 1,
      };
    }
    const setup = s.pageSetup;
    if (setup) {
      if (setup.orientation) sheet.pageLayout.orientation = setup.orientation;
      if (setup.zoom) sheet.pageLayout.zoom = { ...setup.zoom };
      const area = (a: string | undefined) => {
        if (a === undefined) return null;
        const r = parseArea(a);
        if (!r) throw new Error(`fake Excel: bad print range ${a}`);
        return r;
      };
      sheet.printTitleRows = area(setup.printTitleRows);
      sheet.printTitleColumns = area(setup.printTitleColumns);
      sheet.printArea = area(setup.printArea);
      Object.assign(sheet.headersFooters, setup.headersFooters ?? {});
    }
    for (const shape of s.shapes ?? []) {
      const m = new ShapeModel(shape.width ?? 100, shape.height ?? 50);
      m.name = shape.name;
      m.left = shape.left ?? 0;
      m.top = shape.top ?? 0;
      sheet.shapes.push(m);
    }
    wb.sheets.push(sheet);
    for (const t of s.tables ?? []) {
      const r = parseArea(t.range);
      if (!r) throw new Error(`fake Excel: bad table range ${t.range}`);
      wb.tables.push({ name: t.name, sheet, rect: r });
    }
  }
  for (const n of init.names ?? []) {
    wb.names.push({
      name: n.name,
      formula: n.formula.startsWith('=') ? n.formula : `=${n.formula}`,
      comment: n.comment ?? '',
      visible: n.visible ?? true,
    });
  }
  wb.activeSheet = wb.sheets.find((s) => s.visibility === 'Visible') ?? wb.sheets[0] ?? null;
  return wb;
}

/** The value type Office.js reports for a cell (`valueTypes`, change event details). */
export function valueTypeOf(c: FakeCell | undefined): string {
  const v = c?.formula ? (c.value ?? 0) : c?.value;
  if (v === undefined || v === null || v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  if (!c?.quotePrefix && /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$/.test(v))
    return 'Error';
  return 'String';
}

/** What `Range.values` returns for a cell (the fake does not calculate: formulas give their cached value, or 0). */
export function cellValueOf(c: FakeCell | undefined): string | number | boolean {
  if (!c) return '';
  if (c.formula) return c.value ?? 0;
  return c.value ?? '';
}

/** WorksheetChangedEventArgs as Excel builds them (address without the sheet name). */
export function changeEventArgs(
  wb: WorkbookModel,
  sheet: SheetModel,
  address: string,
  triggerSource: string,
  details: unknown,
  source: 'Local' | 'Remote' = 'Local',
): Record<string, unknown> {
  const args: Record<string, unknown> = {
    address,
    changeType: 'RangeEdited',
    // Remote: a co-author's edit, synced into this workbook (ExcelApi 1.7).
    source,
    worksheetId: sheet.id,
    type: 'WorksheetChanged',
    details,
  };
  // WorksheetChangedEventArgs.triggerSource is ExcelApi 1.14.
  if (wb.supports('1.14')) args.triggerSource = triggerSource;
  return args;
}
