/**
 * Range, RangeAreas and their format objects (fill, font, borders) over the workbook model.
 */

import {
  cellA1,
  cellValueOf,
  changeEventArgs,
  contains,
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_ROW_HEIGHT,
  intersects,
  normaliseColour,
  officeError,
  quoteSheet,
  rectA1,
  rectCells,
  valueTypeOf,
  type EdgeName,
  type FakeBorder,
  type FakeCell,
  type FakeFormat,
  parseArea,
  type Rect,
  type SheetModel,
} from './model.js';
import { ClientCollection, ClientObject, ClientResult, type BatchCore } from './proxy.js';
import { formatText, typeValue } from './typing.js';

export interface RangeTarget {
  sheet: SheetModel;
  rect: Rect;
}

export interface AreasTarget {
  sheet: SheetModel;
  rects: Rect[];
}

/** The fake refuses to touch more cells than this in one action (Excel would be slow too). */
const MAX_EDIT_CELLS = 2_000_000;
/**
 * "A range is limited to 5,000,000 cells for read operations": past it `values` comes back null
 * (Excel does not always throw), and other reads fail.
 */
const MAX_READ_CELLS = 5_000_000;

const H_ALIGN = [
  'General',
  'Left',
  'Center',
  'Right',
  'Fill',
  'Justify',
  'CenterAcrossSelection',
  'Distributed',
];
const BORDER_STYLES = [
  'None',
  'Continuous',
  'Dash',
  'DashDot',
  'DashDotDot',
  'Dot',
  'Double',
  'SlantDashDot',
];
const BORDER_WEIGHTS = ['Hairline', 'Thin', 'Medium', 'Thick'];
/** Excel.FillPattern (ExcelApi 1.9). */
const FILL_PATTERNS = [
  'None',
  'Solid',
  'Gray50',
  'Gray75',
  'Gray25',
  'Horizontal',
  'Vertical',
  'Down',
  'Up',
  'Checker',
  'SemiGray75',
  'LightHorizontal',
  'LightVertical',
  'LightDown',
  'LightUp',
  'Grid',
  'CrissCross',
  'Gray16',
  'Gray8',
  'LinearGradient',
  'RectangularGradient',
];

/** Checks a pattern as Excel does: one of FillPattern, and not a gradient (which it rejects). */
function fillPattern(value: unknown, member: string): string {
  const v = String(value);
  if (!FILL_PATTERNS.includes(v))
    throw invalid(member, `Not a FillPattern: ${JSON.stringify(value)}.`);
  if (v.endsWith('Gradient')) throw invalid(member, `${v} is not supported.`);
  return v;
}

/** What setting `pattern` does to a cell's fill: None removes it; Solid keeps the colour alone. */
function applyPattern(f: FakeFormat, pattern: string): void {
  if (pattern === 'None') {
    delete f.fill;
    delete f.pattern;
    delete f.patternColor;
  } else if (pattern === 'Solid') {
    f.fill ??= '#FFFFFF';
    delete f.pattern;
  } else {
    f.pattern = pattern;
  }
}

function patternOf(c: FakeCell | undefined): string {
  return c?.format?.pattern ?? (c?.format?.fill ? 'Solid' : 'None');
}
const CLEAR_KINDS = [
  'All',
  'Formats',
  'Contents',
  'Hyperlinks',
  'RemoveHyperlinks',
  'ResetContents',
];

function guardWrite(sheet: SheetModel, member: string): void {
  if (sheet.protected) {
    throw officeError('AccessDenied', `(Sheet "${sheet.name}" is protected.)`, member);
  }
}

function totalCells(rects: Rect[]): number {
  return rects.reduce((n, r) => n + rectCells(r), 0);
}

function guardSize(rects: Rect[], member: string): void {
  if (totalCells(rects) > MAX_EDIT_CELLS) {
    throw officeError(
      'NotImplemented',
      `(The fake edits at most ${MAX_EDIT_CELLS} cells per action.)`,
      member,
    );
  }
}

function invalid(member: string, detail: string): Error {
  return officeError('InvalidArgument', `(${detail})`, member);
}

function colour(value: unknown, member: string): string {
  const c = normaliseColour(value);
  if (!c) throw invalid(member, `Not a colour: ${JSON.stringify(value)}.`);
  return c;
}

function cleanCell(sheet: SheetModel, row: number, col: number): void {
  const c = sheet.get(row, col);
  if (!c) return;
  if (c.format) {
    const f = c.format as Record<string, unknown>;
    for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k];
    if (c.format.borders) {
      const b = c.format.borders as Record<string, unknown>;
      for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
      if (!Object.keys(b).length) delete c.format.borders;
    }
    if (!Object.keys(c.format).length) delete c.format;
  }
  sheet.prune(row, col);
}

/** Edits the format of every cell of `rects`. */
function editFormat(
  sheet: SheetModel,
  rects: Rect[],
  member: string,
  edit: (f: FakeFormat) => void,
): void {
  guardWrite(sheet, member);
  guardSize(rects, member);
  for (const r of rects) {
    for (let row = r.top; row <= r.bottom; row++) {
      for (let col = r.left; col <= r.right; col++) {
        const c = sheet.ensure(row, col);
        c.format ??= {};
        edit(c.format);
        cleanCell(sheet, row, col);
      }
    }
  }
}

/** The value every cell of `rects` shares; null when they differ (as Office.js reports mixed formats). */
function uniform<V>(
  sheet: SheetModel,
  rects: Rect[],
  get: (c: FakeCell | undefined) => V,
): V | null {
  let first = true;
  let value: V | null = null;
  const seen = new Set<string>();
  for (const r of rects) {
    for (const [row, col, c] of sheet.cellsIn(r)) {
      const key = `${row},${col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const v = get(c);
      if (first) {
        value = v;
        first = false;
      } else if (v !== value) return null;
    }
  }
  if (seen.size < totalCells(rects)) {
    const v = get(undefined);
    if (first) return v;
    if (v !== value) return null;
  }
  return value;
}

function edgeRects(rects: Rect[], edge: EdgeName): Rect[] {
  return rects.map((r) => {
    switch (edge) {
      case 'EdgeLeft':
        return { ...r, right: r.left };
      case 'EdgeRight':
        return { ...r, left: r.right };
      case 'EdgeTop':
        return { ...r, bottom: r.top };
      default:
        return { ...r, top: r.bottom };
    }
  });
}

function applyBorder(f: FakeFormat, edge: EdgeName, change: Partial<FakeBorder>): void {
  if (change.style === 'None') {
    if (f.borders) delete f.borders[edge];
    return;
  }
  const borders = (f.borders ??= {});
  const current = borders[edge] ?? { style: 'Continuous', color: '#000000', weight: 'Thin' };
  borders[edge] = {
    style: change.style ?? current.style,
    color: change.color ?? current.color,
    weight: change.weight ?? current.weight ?? 'Thin',
  };
}

function noteChange(
  ctx: BatchCore,
  sheet: SheetModel,
  rect: Rect,
  before: FakeCell | undefined,
): void {
  const wb = ctx._wb;
  if (!wb.eventsEnabled) return;
  let details: unknown;
  if (rectCells(rect) === 1) {
    const after = sheet.get(rect.top, rect.left);
    details = {
      valueBefore: cellValueOf(before),
      valueAfter: cellValueOf(after),
      valueTypeBefore: valueTypeOf(before),
      valueTypeAfter: valueTypeOf(after),
    };
  }
  ctx._changes.push({
    sheet,
    args: changeEventArgs(wb, sheet, rectA1(rect), 'ThisLocalAddin', details),
  });
}

/** Stores a value as if typed into the cell (en-US). */
function typeInto(c: FakeCell, v: string | number | boolean): void {
  const t = typeValue(v, c.numberFormat);
  switch (t.kind) {
    case 'empty':
      delete c.value;
      delete c.formula;
      delete c.quotePrefix;
      break;
    case 'formula':
      c.formula = t.formula;
      delete c.value;
      delete c.quotePrefix;
      break;
    case 'text':
      c.value = t.text;
      delete c.formula;
      if (t.quotePrefix) c.quotePrefix = true;
      else delete c.quotePrefix;
      break;
    case 'number':
      c.value = t.value;
      delete c.formula;
      delete c.quotePrefix;
      if (t.numberFormat && (!c.numberFormat || c.numberFormat === 'General')) {
        c.numberFormat = t.numberFormat;
      }
      break;
    case 'boolean':
      c.value = t.value;
      delete c.formula;
      delete c.quotePrefix;
      break;
  }
}

type GridKind = 'values' | 'formulas' | 'numberFormat';

function writeGrid(ctx: BatchCore, t: RangeTarget, sent: unknown, kind: GridKind): void {
  const member = `Range.${kind}`;
  const { sheet, rect } = t;
  const rows = rect.bottom - rect.top + 1;
  const cols = rect.right - rect.left + 1;
  guardWrite(sheet, member);
  guardSize([rect], member);
  let get: (r: number, c: number) => unknown;
  if (Array.isArray(sent)) {
    if (sent.length !== rows || sent.some((line) => !Array.isArray(line) || line.length !== cols)) {
      throw invalid(
        member,
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}x${cols}).`,
      );
    }
    const grid = sent as unknown[][];
    get = (r, c) => grid[r][c];
  } else {
    get = () => sent;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = get(r, c);
      if (v !== null && v !== undefined && !['string', 'number', 'boolean'].includes(typeof v)) {
        throw invalid(member, `Unsupported value ${JSON.stringify(v)}.`);
      }
    }
  }
  const before =
    rows === 1 && cols === 1 ? { ...(sheet.get(rect.top, rect.left) ?? {}) } : undefined;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = get(r, c) as string | number | boolean | null | undefined;
      if (v === null || v === undefined) continue;
      const row = rect.top + r;
      const col = rect.left + c;
      const cell = sheet.ensure(row, col);
      if (kind === 'numberFormat') {
        const fmt = String(v);
        if (fmt === '' || fmt === 'General') delete cell.numberFormat;
        else cell.numberFormat = fmt;
      } else {
        typeInto(cell, v);
      }
      cleanCell(sheet, row, col);
    }
  }
  if (kind !== 'numberFormat') noteChange(ctx, sheet, rect, before);
}

function clearRects(
  ctx: BatchCore,
  sheet: SheetModel,
  rects: Rect[],
  applyTo: unknown,
  member: string,
): void {
  const kind = applyTo === undefined || applyTo === null ? 'All' : String(applyTo);
  if (!CLEAR_KINDS.includes(kind)) throw invalid(member, `Unknown applyTo ${kind}.`);
  guardWrite(sheet, member);
  const contents = kind === 'All' || kind === 'Contents';
  const formats = kind === 'All' || kind === 'Formats';
  if (!contents && !formats) return;
  for (const r of rects) {
    const before = rectCells(r) === 1 ? { ...(sheet.get(r.top, r.left) ?? {}) } : undefined;
    for (const [row, col, c] of [...sheet.cellsIn(r)]) {
      if (contents) {
        delete c.value;
        delete c.formula;
        delete c.quotePrefix;
      }
      if (formats) {
        delete c.numberFormat;
        delete c.format;
        delete c.quotePrefix;
      }
      cleanCell(sheet, row, col);
    }
    if (contents) noteChange(ctx, sheet, r, before);
  }
  // Clearing formats unmerges the merged areas inside the range (Excel's Clear / ClearFormats).
  if (formats) sheet.merges = sheet.merges.filter((m) => !rects.some((r) => contains(r, m)));
}

function pick(spec: unknown, full: Record<string, unknown>): Record<string, unknown> {
  if (spec === true) return full;
  const out: Record<string, unknown> = {};
  if (!spec || typeof spec !== 'object') return out;
  for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
    if (!v || !(k in full)) continue;
    const f = full[k];
    if (k === 'borders' && f && typeof v === 'object') {
      // CellPropertiesBorderLoadOptions: the same properties of every edge.
      out[k] = Object.fromEntries(
        Object.entries(f as Record<string, Record<string, unknown>>).map(([edge, b]) => [
          edge,
          pick(v, b),
        ]),
      );
      continue;
    }
    out[k] =
      f && typeof f === 'object' && typeof v === 'object'
        ? pick(v, f as Record<string, unknown>)
        : f;
  }
  return out;
}

const BORDER_KEYS: [string, EdgeName][] = [
  ['left', 'EdgeLeft'],
  ['right', 'EdgeRight'],
  ['top', 'EdgeTop'],
  ['bottom', 'EdgeBottom'],
];

function fullCellProperties(sheet: SheetModel, row: number, col: number): Record<string, unknown> {
  const c = sheet.get(row, col);
  const f = c?.format ?? {};
  const border = (edge: EdgeName) => {
    const b = f.borders?.[edge];
    return b
      ? { style: b.style, color: b.color, weight: b.weight ?? 'Thin', tintAndShade: 0 }
      : { style: 'None', color: '#000000', weight: 'Thin', tintAndShade: 0 };
  };
  const address = `${quoteSheet(sheet.name)}!${cellA1(row, col)}`;
  return {
    address,
    addressLocal: address,
    hidden: false,
    style: 'Normal',
    format: {
      fill: {
        color: f.fill ?? '#FFFFFF',
        pattern: patternOf(c),
        patternColor: f.patternColor ?? '#000000',
        tintAndShade: 0,
        patternTintAndShade: 0,
      },
      font: {
        color: f.fontColor ?? '#000000',
        bold: f.bold ?? false,
        italic: f.italic ?? false,
        size: f.fontSize ?? 11,
        name: 'Calibri',
        underline: 'None',
        strikethrough: false,
        subscript: false,
        superscript: false,
        tintAndShade: 0,
      },
      horizontalAlignment: f.horizontalAlignment ?? 'General',
      verticalAlignment: 'Bottom',
      wrapText: f.wrapText ?? false,
      textOrientation: f.textOrientation ?? 0,
      indentLevel: 0,
      shrinkToFit: false,
      autoIndent: false,
      readingOrder: 'Context',
      useStandardHeight: !sheet.rowHeights.has(row),
      useStandardWidth: !sheet.columnWidths.has(col),
      borders: Object.fromEntries(BORDER_KEYS.map(([k, e]) => [k, border(e)])),
      protection: { locked: true, formulaHidden: false },
    },
  };
}

function setCellProperties(sheet: SheetModel, rect: Rect, sent: unknown): void {
  const member = 'Range.setCellProperties';
  const rows = rect.bottom - rect.top + 1;
  const cols = rect.right - rect.left + 1;
  if (
    !Array.isArray(sent) ||
    sent.length !== rows ||
    sent.some((line) => !Array.isArray(line) || line.length !== cols)
  ) {
    throw invalid(member, `The input array must be ${rows}x${cols}, like the range.`);
  }
  guardWrite(sheet, member);
  // Validate everything first, then apply.
  const edits: { row: number; col: number; edit: (f: FakeFormat) => void }[] = [];
  (sent as unknown[][]).forEach((line, r) =>
    line.forEach((p, c) => {
      const fmt = (p as { format?: Record<string, unknown> } | null)?.format;
      if (!fmt) return;
      const steps: ((f: FakeFormat) => void)[] = [];
      const fill = fmt.fill as Record<string, unknown> | undefined;
      if (fill?.color !== undefined && fill.color !== null) {
        const v = colour(fill.color, member);
        steps.push((f) => (f.fill = v));
      }
      if (fill?.pattern !== undefined && fill.pattern !== null) {
        const v = fillPattern(fill.pattern, member);
        steps.push((f) => applyPattern(f, v));
      }
      if (fill?.patternColor !== undefined && fill.patternColor !== null) {
        const v = colour(fill.patternColor, member);
        steps.push((f) => (f.patternColor = v));
      }
      const font = fmt.font as Record<string, unknown> | undefined;
      if (font?.color !== undefined && font.color !== null) {
        const v = colour(font.color, member);
        steps.push((f) => (f.fontColor = v));
      }
      // A default value is no format of the cell's own (as the RangeFormat setters treat it).
      const set = <K extends keyof FakeFormat>(key: K, v: FakeFormat[K], byDefault: unknown) =>
        steps.push((f) => {
          if (v === byDefault) delete f[key];
          else f[key] = v;
        });
      if (typeof font?.bold === 'boolean') set('bold', font.bold, false);
      if (typeof font?.italic === 'boolean') set('italic', font.italic, false);
      if (typeof font?.size === 'number') set('fontSize', font.size, 11);
      if (fmt.horizontalAlignment !== undefined) {
        const h = String(fmt.horizontalAlignment);
        if (!H_ALIGN.includes(h)) throw invalid(member, `horizontalAlignment ${h}.`);
        set('horizontalAlignment', h, 'General');
      }
      if (typeof fmt.wrapText === 'boolean') set('wrapText', fmt.wrapText, false);
      if (typeof fmt.textOrientation === 'number') set('textOrientation', fmt.textOrientation, 0);
      const borders = fmt.borders as Record<string, Record<string, unknown>> | undefined;
      for (const [key, edge] of BORDER_KEYS) {
        const b = borders?.[key];
        if (!b) continue;
        const change: Partial<FakeBorder> = {};
        if (b.style !== undefined) {
          if (!BORDER_STYLES.includes(String(b.style)))
            throw invalid(member, `border style ${String(b.style)}.`);
          change.style = String(b.style);
        }
        if (b.color !== undefined) change.color = colour(b.color, member);
        if (b.weight !== undefined) {
          if (!BORDER_WEIGHTS.includes(String(b.weight)))
            throw invalid(member, `border weight ${String(b.weight)}.`);
          change.weight = String(b.weight);
        }
        steps.push((f) => applyBorder(f, edge, change));
      }
      if (steps.length) {
        edits.push({
          row: rect.top + r,
          col: rect.left + c,
          edit: (f) => steps.forEach((s) => s(f)),
        });
      }
    }),
  );
  for (const { row, col, edit } of edits) {
    editFormat(sheet, [{ top: row, bottom: row, left: col, right: col }], member, edit);
  }
}

// ---------------------------------------------------------------------------------------------

type AreasResolver = () => AreasTarget | null;

/** Row heights or column widths in points, and the first and last row or column an area spans. */
function sizes(t: AreasTarget, axis: 'rows' | 'columns') {
  return axis === 'rows'
    ? {
        map: t.sheet.rowHeights,
        max: 409,
        fallback: DEFAULT_ROW_HEIGHT,
        span: (r: Rect) => [r.top, r.bottom],
      }
    : {
        map: t.sheet.columnWidths,
        max: 1800,
        fallback: DEFAULT_COLUMN_WIDTH,
        span: (r: Rect) => [r.left, r.right],
      };
}

/** The height (or width) every row (or column) of the areas shares; null when they differ. */
function sizeOf(t: AreasTarget, axis: 'rows' | 'columns'): number | null {
  const { map, fallback, span } = sizes(t, axis);
  const seen = new Set<number>();
  for (const r of t.rects) {
    const [from, to] = span(r);
    for (let i = from; i <= to && seen.size < 2; i++) seen.add(map.get(i) ?? fallback);
  }
  return seen.size === 1 ? [...seen][0] : null;
}

/** Sets the height (or width) of every row (or column) the areas span, within Excel's limits. */
function setSizes(t: AreasTarget, member: string, v: unknown, axis: 'rows' | 'columns'): void {
  const { map, max, span } = sizes(t, axis);
  if (typeof v !== 'number' || !(v >= 0) || v > max) throw invalid(member, `${String(v)} points.`);
  guardWrite(t.sheet, member);
  for (const r of t.rects) {
    const [from, to] = span(r);
    for (let i = from; i <= to; i++) map.set(i, v);
  }
}

/** Shared base of the format objects: they act on every cell of every area. */
abstract class FormatPart extends ClientObject<AreasTarget> {
  constructor(
    ctx: BatchCore,
    parent: ClientObject<unknown>,
    member: string,
    resolver: AreasResolver,
  ) {
    super(ctx, parent, member, [], resolver);
  }
}

export class RangeFill extends FormatPart {
  get _typeName(): string {
    return 'RangeFill';
  }
  _scalarNames(): readonly string[] {
    return ['color', 'pattern', 'patternColor'];
  }
  _read(t: AreasTarget, prop: string): unknown {
    if (prop === 'color') return uniform(t.sheet, t.rects, (c) => c?.format?.fill ?? '#FFFFFF');
    if (prop === 'patternColor')
      return uniform(t.sheet, t.rects, (c) => c?.format?.patternColor ?? '#000000');
    return uniform(t.sheet, t.rects, patternOf);
  }
  get color(): string {
    return this._get('color');
  }
  set color(value: string) {
    this._set('color', value, (t, v) => {
      const c = colour(v, 'RangeFill.color');
      editFormat(t.sheet, t.rects, 'RangeFill.color', (f) => (f.fill = c));
    });
  }
  get pattern(): string {
    return this._get('pattern');
  }
  set pattern(value: string) {
    this.context._requireApi('RangeFill.pattern', '1.9');
    this._set('pattern', value, (t, v) => {
      const pattern = fillPattern(v, 'RangeFill.pattern');
      editFormat(t.sheet, t.rects, 'RangeFill.pattern', (f) => applyPattern(f, pattern));
    });
  }
  get patternColor(): string {
    return this._get('patternColor');
  }
  set patternColor(value: string) {
    this.context._requireApi('RangeFill.patternColor', '1.9');
    this._set('patternColor', value, (t, v) => {
      const c = colour(v, 'RangeFill.patternColor');
      editFormat(t.sheet, t.rects, 'RangeFill.patternColor', (f) => (f.patternColor = c));
    });
  }
  clear(): void {
    this._invoke('clear', [], (t) =>
      editFormat(t.sheet, t.rects, 'RangeFill.clear', (f) => {
        delete f.fill;
        delete f.pattern;
        delete f.patternColor;
      }),
    );
  }
}

export class RangeFont extends FormatPart {
  get _typeName(): string {
    return 'RangeFont';
  }
  _scalarNames(): readonly string[] {
    return ['color', 'bold', 'italic', 'size', 'name'];
  }
  _read(t: AreasTarget, prop: string): unknown {
    const f = (c: FakeCell | undefined) => c?.format;
    switch (prop) {
      case 'color':
        return uniform(t.sheet, t.rects, (c) => f(c)?.fontColor ?? '#000000');
      case 'bold':
        return uniform(t.sheet, t.rects, (c) => f(c)?.bold ?? false);
      case 'italic':
        return uniform(t.sheet, t.rects, (c) => f(c)?.italic ?? false);
      case 'size':
        return uniform(t.sheet, t.rects, (c) => f(c)?.fontSize ?? 11);
      default:
        return 'Calibri';
    }
  }
  get color(): string {
    return this._get('color');
  }
  set color(value: string) {
    this._set('color', value, (t, v) => {
      const c = colour(v, 'RangeFont.color');
      editFormat(t.sheet, t.rects, 'RangeFont.color', (f) => (f.fontColor = c));
    });
  }
  get bold(): boolean {
    return this._get('bold');
  }
  set bold(value: boolean) {
    this._set('bold', value, (t, v) =>
      editFormat(t.sheet, t.rects, 'RangeFont.bold', (f) => (f.bold = Boolean(v))),
    );
  }
  get italic(): boolean {
    return this._get('italic');
  }
  set italic(value: boolean) {
    this._set('italic', value, (t, v) =>
      editFormat(t.sheet, t.rects, 'RangeFont.italic', (f) => (f.italic = Boolean(v))),
    );
  }
  get size(): number {
    return this._get('size');
  }
  set size(value: number) {
    this._set('size', value, (t, v) => {
      if (typeof v !== 'number' || !(v >= 1 && v <= 409))
        throw invalid('RangeFont.size', `size ${String(v)}.`);
      editFormat(t.sheet, t.rects, 'RangeFont.size', (f) => (f.fontSize = v));
    });
  }
  get name(): string {
    return this._get('name');
  }
}

export class RangeBorder extends ClientObject<AreasTarget & { edge: EdgeName }> {
  constructor(
    ctx: BatchCore,
    parent: ClientObject<unknown>,
    edge: EdgeName,
    resolver: AreasResolver,
  ) {
    super(ctx, parent, 'getItem', [edge], () => {
      const t = resolver();
      return t && { ...t, edge };
    });
  }
  get _typeName(): string {
    return 'RangeBorder';
  }
  _scalarNames(): readonly string[] {
    return ['sideIndex', 'style', 'color', 'weight'];
  }
  _read(t: AreasTarget & { edge: EdgeName }, prop: string): unknown {
    if (prop === 'sideIndex') return t.edge;
    const rects = edgeRects(t.rects, t.edge);
    const b = (c: FakeCell | undefined) => c?.format?.borders?.[t.edge];
    if (prop === 'style') return uniform(t.sheet, rects, (c) => b(c)?.style ?? 'None');
    if (prop === 'color') return uniform(t.sheet, rects, (c) => b(c)?.color ?? '#000000');
    return uniform(t.sheet, rects, (c) => b(c)?.weight ?? 'Thin');
  }
  private edit(
    t: AreasTarget & { edge: EdgeName },
    member: string,
    change: Partial<FakeBorder>,
  ): void {
    editFormat(t.sheet, edgeRects(t.rects, t.edge), member, (f) => applyBorder(f, t.edge, change));
  }
  get sideIndex(): string {
    return this._get('sideIndex');
  }
  get style(): string {
    return this._get('style');
  }
  set style(value: string) {
    this._set('style', value, (t, v) => {
      if (!BORDER_STYLES.includes(v)) throw invalid('RangeBorder.style', `style ${v}.`);
      this.edit(t, 'RangeBorder.style', { style: v });
    });
  }
  get color(): string {
    return this._get('color');
  }
  set color(value: string) {
    this._set('color', value, (t, v) =>
      this.edit(t, 'RangeBorder.color', { color: colour(v, 'RangeBorder.color') }),
    );
  }
  get weight(): string {
    return this._get('weight');
  }
  set weight(value: string) {
    this._set('weight', value, (t, v) => {
      if (!BORDER_WEIGHTS.includes(v)) throw invalid('RangeBorder.weight', `weight ${v}.`);
      this.edit(t, 'RangeBorder.weight', { weight: v });
    });
  }
}

export class RangeBorderCollection extends FormatPart {
  get _typeName(): string {
    return 'RangeBorderCollection';
  }
  _scalarNames(): readonly string[] {
    return [];
  }
  _read(): unknown {
    return undefined;
  }
  getItem(index: string): RangeBorder {
    if (!['EdgeLeft', 'EdgeRight', 'EdgeTop', 'EdgeBottom'].includes(index)) {
      // InsideVertical, InsideHorizontal and the diagonals are real Excel indexes the fake does not model.
      throw officeError(
        'NotImplemented',
        `(Border ${index}: the fake models the four outer edges only.)`,
        'RangeBorderCollection.getItem',
      );
    }
    return new RangeBorder(this.context, this, index as EdgeName, () => this._resolve());
  }
}

export class RangeFormat extends FormatPart {
  private _fill?: RangeFill;
  private _font?: RangeFont;
  private _borders?: RangeBorderCollection;

  get _typeName(): string {
    return 'RangeFormat';
  }
  _scalarNames(): readonly string[] {
    return [
      'horizontalAlignment',
      'verticalAlignment',
      'textOrientation',
      'wrapText',
      'columnWidth',
      'rowHeight',
    ];
  }
  override _navNames(): readonly string[] {
    return ['fill', 'font', 'borders'];
  }
  _read(t: AreasTarget, prop: string): unknown {
    const f = (c: FakeCell | undefined) => c?.format;
    switch (prop) {
      case 'horizontalAlignment':
        return uniform(t.sheet, t.rects, (c) => f(c)?.horizontalAlignment ?? 'General');
      case 'verticalAlignment':
        return 'Bottom';
      case 'textOrientation':
        return uniform(t.sheet, t.rects, (c) => f(c)?.textOrientation ?? 0);
      case 'wrapText':
        return uniform(t.sheet, t.rects, (c) => f(c)?.wrapText ?? false);
      case 'rowHeight':
        return sizeOf(t, 'rows');
      default:
        return sizeOf(t, 'columns');
    }
  }
  get fill(): RangeFill {
    return (this._fill ??= new RangeFill(this.context, this, 'fill', () => this._resolve()));
  }
  get font(): RangeFont {
    return (this._font ??= new RangeFont(this.context, this, 'font', () => this._resolve()));
  }
  get borders(): RangeBorderCollection {
    return (this._borders ??= new RangeBorderCollection(this.context, this, 'borders', () =>
      this._resolve(),
    ));
  }
  get horizontalAlignment(): string {
    return this._get('horizontalAlignment');
  }
  set horizontalAlignment(value: string) {
    this._set('horizontalAlignment', value, (t, v) => {
      if (!H_ALIGN.includes(v)) throw invalid('RangeFormat.horizontalAlignment', `${v}.`);
      editFormat(t.sheet, t.rects, 'RangeFormat.horizontalAlignment', (f) =>
        v === 'General' ? delete f.horizontalAlignment : (f.horizontalAlignment = v),
      );
    });
  }
  get verticalAlignment(): string {
    return this._get('verticalAlignment');
  }
  get textOrientation(): number {
    return this._get('textOrientation');
  }
  set textOrientation(value: number) {
    this.context._requireApi('RangeFormat.textOrientation', '1.7');
    this._set('textOrientation', value, (t, v) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || !((v >= -90 && v <= 90) || v === 180)) {
        throw invalid(
          'RangeFormat.textOrientation',
          `${String(v)} (use -90..90, or 180 for vertical).`,
        );
      }
      editFormat(t.sheet, t.rects, 'RangeFormat.textOrientation', (f) =>
        v === 0 ? delete f.textOrientation : (f.textOrientation = v),
      );
    });
  }
  get wrapText(): boolean {
    return this._get('wrapText');
  }
  set wrapText(value: boolean) {
    this._set('wrapText', value, (t, v) =>
      editFormat(t.sheet, t.rects, 'RangeFormat.wrapText', (f) =>
        v ? (f.wrapText = true) : delete f.wrapText,
      ),
    );
  }
  /** Points; setting it on a range sets every row the range spans (Excel allows 0 to 409). */
  get rowHeight(): number {
    return this._get('rowHeight');
  }
  set rowHeight(value: number) {
    this.context._requireApi('RangeFormat.rowHeight', '1.2');
    this._set('rowHeight', value, (t, v) => setSizes(t, 'RangeFormat.rowHeight', v, 'rows'));
  }
  /** Points; setting it on a range sets every column the range spans. */
  get columnWidth(): number {
    return this._get('columnWidth');
  }
  set columnWidth(value: number) {
    this.context._requireApi('RangeFormat.columnWidth', '1.2');
    this._set('columnWidth', value, (t, v) => setSizes(t, 'RangeFormat.columnWidth', v, 'columns'));
  }
}

// ---------------------------------------------------------------------------------------------

const RANGE_PROPS = [
  'address',
  'addressLocal',
  'rowIndex',
  'columnIndex',
  'rowCount',
  'columnCount',
  'cellCount',
  'values',
  'formulas',
  'numberFormat',
  'text',
  'valueTypes',
  'style',
] as const;

export class Range extends ClientObject<RangeTarget> {
  private _format?: RangeFormat;
  private _dataValidation?: DataValidation;

  get _typeName(): string {
    return 'Range';
  }
  _scalarNames(): readonly string[] {
    return RANGE_PROPS;
  }
  override _navNames(): readonly string[] {
    return ['format'];
  }
  _read(t: RangeTarget, prop: string): unknown {
    const { sheet, rect } = t;
    switch (prop) {
      case 'address':
      case 'addressLocal':
        return `${quoteSheet(sheet.name)}!${rectA1(rect)}`;
      case 'rowIndex':
        return rect.top;
      case 'columnIndex':
        return rect.left;
      case 'rowCount':
        return rect.bottom - rect.top + 1;
      case 'columnCount':
        return rect.right - rect.left + 1;
      case 'cellCount':
        return rectCells(rect);
      case 'style':
        return 'Normal';
      default:
        break;
    }
    if (rectCells(rect) > Math.min(MAX_READ_CELLS, this.context._wb.maxReadCells)) {
      if (prop === 'values') return null;
      throw officeError('RangeExceedsLimit', undefined, `Range.${prop}`);
    }
    const cell: (c: FakeCell | undefined) => unknown =
      prop === 'values'
        ? cellValueOf
        : prop === 'formulas'
          ? (c) => c?.formula ?? c?.value ?? ''
          : prop === 'numberFormat'
            ? (c) => c?.numberFormat ?? 'General'
            : prop === 'text'
              ? (c) => formatText(c?.formula ? (c.value ?? 0) : c?.value, c?.numberFormat)
              : valueTypeOf;
    const out: unknown[][] = [];
    for (let row = rect.top; row <= rect.bottom; row++) {
      const line: unknown[] = [];
      for (let col = rect.left; col <= rect.right; col++) line.push(cell(sheet.get(row, col)));
      out.push(line);
    }
    return out;
  }

  get address(): string {
    return this._get('address');
  }
  get addressLocal(): string {
    return this._get('addressLocal');
  }
  get rowIndex(): number {
    return this._get('rowIndex');
  }
  get columnIndex(): number {
    return this._get('columnIndex');
  }
  get rowCount(): number {
    return this._get('rowCount');
  }
  get columnCount(): number {
    return this._get('columnCount');
  }
  get cellCount(): number {
    return this._get('cellCount');
  }
  get text(): string[][] {
    return this._get('text');
  }
  get valueTypes(): string[][] {
    return this._get('valueTypes');
  }
  get values(): unknown[][] {
    return this._get('values');
  }
  set values(value: unknown[][]) {
    this._set('values', value, (t, v) => writeGrid(this.context, t, v, 'values'));
  }
  get formulas(): unknown[][] {
    return this._get('formulas');
  }
  set formulas(value: unknown[][]) {
    this._set('formulas', value, (t, v) => writeGrid(this.context, t, v, 'formulas'));
  }
  get numberFormat(): unknown[][] {
    return this._get('numberFormat');
  }
  set numberFormat(value: unknown[][]) {
    this._set('numberFormat', value, (t, v) => writeGrid(this.context, t, v, 'numberFormat'));
  }

  get format(): RangeFormat {
    return (this._format ??= new RangeFormat(this.context, this, 'format', () => {
      const t = this._resolve();
      return t && { sheet: t.sheet, rects: [t.rect] };
    }));
  }

  clear(applyTo?: string): void {
    this._invoke('clear', [applyTo ?? 'All'], (t) =>
      clearRects(this.context, t.sheet, [t.rect], applyTo, 'Range.clear'),
    );
  }

  select(): void {
    this._invoke('select', [], (t) => {
      const wb = this.context._wb;
      wb.activeSheet = t.sheet;
      wb.selection = { sheet: t.sheet, rect: t.rect };
    });
  }

  merge(across = false): void {
    this.context._requireApi('Range.merge', '1.2');
    this._invoke('merge', [across], (t) => {
      guardWrite(t.sheet, 'Range.merge');
      const rects = across
        ? Array.from({ length: t.rect.bottom - t.rect.top + 1 }, (_, i) => ({
            ...t.rect,
            top: t.rect.top + i,
            bottom: t.rect.top + i,
          }))
        : [t.rect];
      t.sheet.merges = t.sheet.merges.filter((m) => !intersects(m, t.rect));
      for (const r of rects) if (rectCells(r) > 1) t.sheet.merges.push(r);
    });
  }

  unmerge(): void {
    this.context._requireApi('Range.unmerge', '1.2');
    this._invoke('unmerge', [], (t) => {
      guardWrite(t.sheet, 'Range.unmerge');
      t.sheet.merges = t.sheet.merges.filter((m) => !intersects(m, t.rect));
    });
  }

  getCell(row: number, column: number): Range {
    return new Range(this.context, this, 'getCell', [row, column], () => {
      const t = this._resolve();
      if (!t) return null;
      const r = t.rect.top + row;
      const c = t.rect.left + column;
      return { sheet: t.sheet, rect: { top: r, bottom: r, left: c, right: c } };
    });
  }

  /** RangeAreas of the merged areas intersecting this range, or a null object when none. */
  getMergedAreasOrNullObject(): RangeAreas {
    this.context._requireApi('Range.getMergedAreasOrNullObject', '1.13');
    return new RangeAreas(this.context, this, 'getMergedAreasOrNullObject', [], () => {
      const t = this._resolve();
      if (!t) return null;
      const rects = t.sheet.merges.filter((m) => intersects(m, t.rect));
      return rects.length ? { sheet: t.sheet, rects } : null;
    });
  }

  /** The cells' style name: the fake has only Normal; setting it resets every format of the cells. */
  get style(): string {
    return this._get('style');
  }
  set style(value: string) {
    this.context._requireApi('Range.style', '1.7');
    this._set('style', value, (t, v) => {
      if (v !== 'Normal')
        throw officeError(
          'ItemNotFound',
          `(The fake has no style ${JSON.stringify(v)}.)`,
          'Range.style',
        );
      guardWrite(t.sheet, 'Range.style');
      guardSize([t.rect], 'Range.style');
      for (const [row, col, c] of [...t.sheet.cellsIn(t.rect)]) {
        delete c.format;
        delete c.numberFormat;
        delete c.quotePrefix;
        t.sheet.prune(row, col);
      }
    });
  }

  /** The part of this range inside `another` (a Range or an address on the same sheet); null when none. */
  getIntersectionOrNullObject(another: Range | string): Range {
    this.context._requireApi('Range.getIntersectionOrNullObject', '1.4');
    this.context._checkSameContext(another, 'Range.getIntersectionOrNullObject');
    const arg = typeof another === 'string' ? another : { range: another._id };
    return new Range(this.context, this, 'getIntersectionOrNullObject', [arg], () => {
      const t = this._resolve();
      if (!t) return null;
      let other: Rect;
      if (typeof another === 'string') {
        const r = parseArea(another.replace(/^.*!/, ''));
        if (!r)
          throw invalid(
            'Range.getIntersectionOrNullObject',
            `Bad address ${JSON.stringify(another)}.`,
          );
        other = r;
      } else {
        const o = another._resolve();
        if (!o) return null;
        if (o.sheet !== t.sheet)
          throw invalid('Range.getIntersectionOrNullObject', 'The ranges are on different sheets.');
        other = o.rect;
      }
      if (!intersects(t.rect, other)) return null;
      return {
        sheet: t.sheet,
        rect: {
          top: Math.max(t.rect.top, other.top),
          left: Math.max(t.rect.left, other.left),
          bottom: Math.min(t.rect.bottom, other.bottom),
          right: Math.min(t.rect.right, other.right),
        },
      };
    });
  }

  /**
   * The cells holding constants (or formulas) as areas: each row's runs, joined with the same run
   * on the rows below. A null object when there are none (ExcelApi 1.9).
   */
  getSpecialCellsOrNullObject(cellType: string, cellValueType?: string): RangeAreas {
    this.context._requireApi('Range.getSpecialCellsOrNullObject', '1.9');
    return new RangeAreas(
      this.context,
      this,
      'getSpecialCellsOrNullObject',
      [cellType, cellValueType ?? null],
      () => {
        const t = this._resolve();
        if (!t) return null;
        if (cellType !== 'Constants' && cellType !== 'Formulas') {
          throw officeError(
            'NotImplemented',
            `(The fake finds Constants and Formulas only, not ${cellType}.)`,
            'Range.getSpecialCellsOrNullObject',
          );
        }
        const wanted = (c: FakeCell | undefined) =>
          c !== undefined &&
          (cellType === 'Formulas'
            ? Boolean(c.formula)
            : !c.formula && c.value !== undefined && c.value !== null && c.value !== '');
        const rows = new Map<number, number[]>();
        for (const [row, col, c] of t.sheet.cellsIn(t.rect)) {
          if (!wanted(c)) continue;
          const list = rows.get(row) ?? [];
          list.push(col);
          rows.set(row, list);
        }
        if (!rows.size) return null;
        const rects: Rect[] = [];
        let open = new Map<string, Rect>();
        for (const row of [...rows.keys()].sort((a, b) => a - b)) {
          const cols = rows.get(row)!.sort((a, b) => a - b);
          const next = new Map<string, Rect>();
          for (let i = 0; i < cols.length;) {
            let j = i;
            while (j + 1 < cols.length && cols[j + 1] === cols[j] + 1) j++;
            const key = `${cols[i]}:${cols[j]}`;
            const prev = open.get(key);
            if (prev && prev.bottom === row - 1) {
              prev.bottom = row;
              next.set(key, prev);
              open.delete(key);
            } else next.set(key, { top: row, bottom: row, left: cols[i], right: cols[j] });
            i = j + 1;
          }
          rects.push(...open.values());
          open = next;
        }
        rects.push(...open.values());
        return { sheet: t.sheet, rects };
      },
    );
  }

  /** The range's data validation (ExcelApi 1.8). */
  get dataValidation(): DataValidation {
    this.context._requireApi('Range.dataValidation', '1.8');
    return (this._dataValidation ??= new DataValidation(this.context, this, () => this._resolve()));
  }

  getCellProperties(
    cellPropertiesLoadOptions: Record<string, unknown>,
  ): ClientResult<Record<string, unknown>[][]> {
    this.context._requireApi('Range.getCellProperties', '1.9');
    const result = new ClientResult<Record<string, unknown>[][]>();
    const options = cellPropertiesLoadOptions;
    this.context._enqueue([this._id, 'call', 'getCellProperties', options], () => {
      const t = this._resolve();
      if (!t) {
        this.context._results.push({ result: result as ClientResult<unknown>, value: null });
        return;
      }
      if (rectCells(t.rect) > MAX_READ_CELLS)
        throw officeError('RangeExceedsLimit', undefined, 'Range.getCellProperties');
      const out: Record<string, unknown>[][] = [];
      for (let row = t.rect.top; row <= t.rect.bottom; row++) {
        const line: Record<string, unknown>[] = [];
        for (let col = t.rect.left; col <= t.rect.right; col++) {
          line.push(pick(options, fullCellProperties(t.sheet, row, col)));
        }
        out.push(line);
      }
      this.context._results.push({ result: result as ClientResult<unknown>, value: out });
    });
    return result;
  }

  setCellProperties(cellPropertiesData: unknown[][]): void {
    this.context._requireApi('Range.setCellProperties', '1.9');
    this._invoke('setCellProperties', [cellPropertiesData], (t) =>
      setCellProperties(t.sheet, t.rect, cellPropertiesData),
    );
  }
}

export class RangeAreas extends ClientObject<AreasTarget> {
  private _format?: RangeFormat;
  private _areas?: RangeCollection;

  get _typeName(): string {
    return 'RangeAreas';
  }
  _scalarNames(): readonly string[] {
    return ['address', 'addressLocal', 'areaCount', 'cellCount'];
  }
  override _navNames(): readonly string[] {
    return ['format'];
  }
  _read(t: AreasTarget, prop: string): unknown {
    switch (prop) {
      case 'address':
      case 'addressLocal':
        // Documented form: "Sheet1!A1:B4, Sheet1!D1:D4".
        return t.rects.map((r) => `${quoteSheet(t.sheet.name)}!${rectA1(r)}`).join(', ');
      case 'areaCount':
        return t.rects.length;
      default:
        return totalCells(t.rects);
    }
  }
  get address(): string {
    return this._get('address');
  }
  get addressLocal(): string {
    return this._get('addressLocal');
  }
  get areaCount(): number {
    return this._get('areaCount');
  }
  get cellCount(): number {
    return this._get('cellCount');
  }
  get format(): RangeFormat {
    return (this._format ??= new RangeFormat(this.context, this, 'format', () => this._resolve()));
  }
  /** The areas as ranges (ExcelApi 1.9): load 'items/address,items/values'. */
  get areas(): RangeCollection {
    this.context._requireApi('RangeAreas.areas', '1.9');
    return (this._areas ??= new RangeCollection(this.context, this, 'areas', [], () =>
      this._resolve(),
    ));
  }
  clear(applyTo?: string): void {
    this._invoke('clear', [applyTo ?? 'All'], (t) =>
      clearRects(this.context, t.sheet, t.rects, applyTo, 'RangeAreas.clear'),
    );
  }
}

/** `Excel.RangeCollection`: the areas of a RangeAreas. */
export class RangeCollection extends ClientCollection<AreasTarget, Range> {
  get _typeName(): string {
    return 'RangeCollection';
  }
  _itemProxies(t: AreasTarget): Range[] {
    return t.rects.map(
      (rect, i) => new Range(this.context, this, 'item', [i], () => ({ sheet: t.sheet, rect })),
    );
  }
}

const VALIDATION_RULES = [
  'list',
  'decimal',
  'wholeNumber',
  'date',
  'time',
  'textLength',
  'custom',
] as const;

/** `Excel.DataValidation` (ExcelApi 1.8): set rule, prompt and error alert of the range's cells. */
export class DataValidation extends ClientObject<RangeTarget> {
  constructor(ctx: BatchCore, parent: ClientObject<unknown>, resolver: () => RangeTarget | null) {
    super(ctx, parent, 'dataValidation', [], resolver);
  }
  get _typeName(): string {
    return 'DataValidation';
  }
  _scalarNames(): readonly string[] {
    return ['rule', 'prompt', 'errorAlert', 'ignoreBlanks', 'type'];
  }
  _read(t: RangeTarget, prop: string): unknown {
    const v = this.rulesIn(t)[0];
    if (prop === 'type') {
      const rule = v?.rule as Record<string, unknown> | undefined;
      return rule ? Object.keys(rule)[0] : 'None';
    }
    return v ? ((v as unknown as Record<string, unknown>)[prop] ?? null) : null;
  }
  private rulesIn(t: RangeTarget) {
    return t.sheet.validations.filter((v) => intersects(v.rect, t.rect));
  }
  /** The validation of exactly this range, created (replacing overlapping ones) when missing. */
  private own(t: RangeTarget) {
    guardWrite(t.sheet, 'DataValidation');
    let v = t.sheet.validations.find(
      (x) =>
        x.rect.top === t.rect.top &&
        x.rect.left === t.rect.left &&
        x.rect.bottom === t.rect.bottom &&
        x.rect.right === t.rect.right,
    );
    if (!v) {
      t.sheet.validations = t.sheet.validations.filter((x) => !intersects(x.rect, t.rect));
      v = { rect: { ...t.rect }, rule: null };
      t.sheet.validations.push(v);
    }
    return v;
  }
  get rule(): unknown {
    return this._get('rule');
  }
  set rule(value: unknown) {
    this._set('rule', value, (t, v) => {
      const rule = v as Record<string, Record<string, unknown>> | null;
      const kinds = rule ? Object.keys(rule) : [];
      if (kinds.length !== 1 || !(VALIDATION_RULES as readonly string[]).includes(kinds[0]))
        throw invalid('DataValidation.rule', `Exactly one rule type: ${kinds.join(', ')}.`);
      const body = rule![kinds[0]];
      if (kinds[0] === 'list') {
        // A range reference (=Sheet!$A$1:$A$3) or a comma-delimited list (documented form).
        if (typeof body.source !== 'string' || !body.source.trim())
          throw invalid('DataValidation.rule', 'A list needs a source.');
      } else if (kinds[0] !== 'custom') {
        const ops = [
          'Between',
          'NotBetween',
          'EqualTo',
          'NotEqualTo',
          'GreaterThan',
          'LessThan',
          'GreaterThanOrEqualTo',
          'LessThanOrEqualTo',
        ];
        if (!ops.includes(String(body.operator)))
          throw invalid('DataValidation.rule', `operator ${String(body.operator)}.`);
        if (body.formula1 === undefined)
          throw invalid('DataValidation.rule', 'formula1 is missing.');
        if (String(body.operator).includes('Between') && body.formula2 === undefined)
          throw invalid('DataValidation.rule', 'formula2 is missing.');
      }
      this.own(t).rule = rule;
    });
  }
  get prompt(): unknown {
    return this._get('prompt');
  }
  set prompt(value: unknown) {
    this._set('prompt', value, (t, v) => {
      const p = v as { title?: string; message?: string } | null;
      // Excel limits the input message's title to 32 characters and its text to 255.
      if (p && ((p.title ?? '').length > 32 || (p.message ?? '').length > 255))
        throw invalid('DataValidation.prompt', 'Title over 32 or message over 255 characters.');
      this.own(t).prompt = v;
    });
  }
  get errorAlert(): unknown {
    return this._get('errorAlert');
  }
  set errorAlert(value: unknown) {
    this._set('errorAlert', value, (t, v) => {
      const a = v as { title?: string; message?: string; style?: string } | null;
      if (a && ((a.title ?? '').length > 32 || (a.message ?? '').length > 225))
        throw invalid('DataValidation.errorAlert', 'Title over 32 or message over 225 characters.');
      if (a?.style && !['Stop', 'Warning', 'Information'].includes(a.style))
        throw invalid('DataValidation.errorAlert', `style ${a.style}.`);
      this.own(t).errorAlert = v;
    });
  }
  get ignoreBlanks(): boolean {
    return this._get('ignoreBlanks');
  }
  set ignoreBlanks(value: boolean) {
    this._set('ignoreBlanks', value, (t, v) => {
      this.own(t).ignoreBlanks = Boolean(v);
    });
  }
  clear(): void {
    this._invoke('clear', [], (t) => {
      guardWrite(t.sheet, 'DataValidation.clear');
      t.sheet.validations = t.sheet.validations.filter((x) => !intersects(x.rect, t.rect));
    });
  }
}
