/**
 * Worksheet, WorksheetCollection, WorksheetProtection and WorksheetFreezePanes.
 */

import {
  HEADER_FOOTER_SECTIONS,
  MAX_COLS,
  MAX_ROWS,
  officeError,
  type HeaderFooterModel,
  parseArea,
  splitSheet,
  validSheetName,
  type ChangeHandler,
  SheetModel,
  type Rect,
  type WorkbookModel,
} from './model.js';
import { ClientCollection, ClientObject, EventHandlers, type BatchCore } from './proxy.js';
import { Range, RangeAreas } from './range.js';
import { shapesOf, type ShapeCollection } from './shapes.js';

/** Excel on the web cuts multi-area addresses at 8,192 characters. */
export const MAX_AREAS_ADDRESS = 8192;

function rangeOn(sheet: SheetModel, address: string, member: string): Rect {
  const { sheet: named, address: a1 } = splitSheet(address);
  if (named !== null && named.toLowerCase() !== sheet.name.toLowerCase()) {
    throw officeError(
      'InvalidArgument',
      `(Address ${address} is not on sheet ${sheet.name}.)`,
      member,
    );
  }
  const rect = parseArea(a1);
  if (!rect)
    throw officeError('InvalidArgument', `(Bad address ${JSON.stringify(address)}.)`, member);
  return rect;
}

export class WorksheetProtection extends ClientObject<SheetModel> {
  get _typeName(): string {
    return 'WorksheetProtection';
  }
  _scalarNames(): readonly string[] {
    return ['protected'];
  }
  _read(t: SheetModel): unknown {
    return t.protected;
  }
  get protected(): boolean {
    return this._get('protected');
  }
  protect(): void {
    this._invoke('protect', [], (t) => {
      if (t.protected)
        throw officeError(
          'AccessDenied',
          '(The sheet is protected already.)',
          'WorksheetProtection.protect',
        );
      t.protected = true;
    });
  }
  unprotect(): void {
    this._invoke('unprotect', [], (t) => {
      t.protected = false;
    });
  }
}

export class WorksheetFreezePanes extends ClientObject<SheetModel> {
  get _typeName(): string {
    return 'WorksheetFreezePanes';
  }
  _scalarNames(): readonly string[] {
    return [];
  }
  _read(): unknown {
    return undefined;
  }

  /** Freezes the rows above and columns left of the range's bottom-right cell, inclusive. */
  freezeAt(frozenRange: Range | string): void {
    this.context._checkSameContext(frozenRange, 'WorksheetFreezePanes.freezeAt');
    const arg = typeof frozenRange === 'string' ? frozenRange : { range: frozenRange._id };
    this._invoke('freezeAt', [arg], (sheet) => {
      let rect: Rect;
      if (typeof frozenRange === 'string')
        rect = rangeOn(sheet, frozenRange, 'WorksheetFreezePanes.freezeAt');
      else {
        const t = frozenRange._resolve();
        if (!t) return;
        if (t.sheet !== sheet) {
          throw officeError(
            'InvalidArgument',
            '(The range is on another sheet.)',
            'WorksheetFreezePanes.freezeAt',
          );
        }
        rect = t.rect;
      }
      sheet.freeze = {
        rows: rect.bottom === MAX_ROWS - 1 ? 0 : rect.bottom + 1,
        cols: rect.right === MAX_COLS - 1 ? 0 : rect.right + 1,
      };
    });
  }

  freezeRows(count = 1): void {
    this._invoke('freezeRows', [count], (sheet) => {
      sheet.freeze = { rows: count, cols: 0 };
    });
  }

  freezeColumns(count = 1): void {
    this._invoke('freezeColumns', [count], (sheet) => {
      sheet.freeze = { rows: 0, cols: count };
    });
  }

  unfreeze(): void {
    this._invoke('unfreeze', [], (sheet) => {
      sheet.freeze = null;
    });
  }

  /** The frozen cells (e.g. Plan!A1:C3), or a null object when nothing is frozen. */
  getLocationOrNullObject(): Range {
    return new Range(this.context, this, 'getLocationOrNullObject', [], () => {
      const sheet = this._resolve();
      const rect = sheet?.frozenRect();
      return sheet && rect ? { sheet, rect } : null;
    });
  }

  getLocation(): Range {
    return new Range(this.context, this, 'getLocation', [], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      const rect = sheet.frozenRect();
      if (!rect)
        throw officeError('ItemNotFound', '(No frozen panes.)', 'WorksheetFreezePanes.getLocation');
      return { sheet, rect };
    });
  }
}

const ORIENTATIONS = ['Portrait', 'Landscape'];
const PAPER_SIZES = ['Letter', 'Legal', 'A3', 'A4', 'A5', 'B4', 'B5', 'Executive', 'Tabloid'];

/** Excel keeps at most 255 characters of a header or of a footer (sections and codes). */
const HEADER_FOOTER_LIMIT = 255;

/** `headersFooters.defaultForAllPages` (ExcelApi 1.9): the six sections, as Excel holds them. */
export class HeaderFooter extends ClientObject<SheetModel> {
  get _typeName(): string {
    return 'HeaderFooter';
  }
  _scalarNames(): readonly string[] {
    return HEADER_FOOTER_SECTIONS;
  }
  _read(t: SheetModel, prop: string): unknown {
    return t.headersFooters[prop as keyof HeaderFooterModel];
  }
  private section(prop: keyof HeaderFooterModel): string {
    return this._get(prop);
  }
  private setSection(prop: keyof HeaderFooterModel, value: string): void {
    this._set(prop, value, (t, v) => {
      if (typeof v !== 'string')
        throw officeError('InvalidArgument', `(${prop}: text expected.)`, `HeaderFooter.${prop}`);
      const next = { ...t.headersFooters, [prop]: v };
      const part = prop.endsWith('Header') ? 'Header' : 'Footer';
      const whole = (['left', 'center', 'right'] as const)
        .map((side) => next[`${side}${part}` as keyof HeaderFooterModel])
        .filter((x) => x !== '')
        .reduce((n, x) => n + 2 + x.length, 0);
      if (whole > HEADER_FOOTER_LIMIT)
        throw officeError(
          'InvalidArgument',
          `(The ${part.toLowerCase()} would be ${whole} characters; Excel keeps at most ${HEADER_FOOTER_LIMIT}.)`,
          `HeaderFooter.${prop}`,
        );
      t.headersFooters[prop] = v;
    });
  }
  get leftHeader(): string {
    return this.section('leftHeader');
  }
  set leftHeader(v: string) {
    this.setSection('leftHeader', v);
  }
  get centerHeader(): string {
    return this.section('centerHeader');
  }
  set centerHeader(v: string) {
    this.setSection('centerHeader', v);
  }
  get rightHeader(): string {
    return this.section('rightHeader');
  }
  set rightHeader(v: string) {
    this.setSection('rightHeader', v);
  }
  get leftFooter(): string {
    return this.section('leftFooter');
  }
  set leftFooter(v: string) {
    this.setSection('leftFooter', v);
  }
  get centerFooter(): string {
    return this.section('centerFooter');
  }
  set centerFooter(v: string) {
    this.setSection('centerFooter', v);
  }
  get rightFooter(): string {
    return this.section('rightFooter');
  }
  set rightFooter(v: string) {
    this.setSection('rightFooter', v);
  }
}

/** `pageLayout.headersFooters` (ExcelApi 1.9): only the header and footer for all pages. */
export class HeaderFooterGroup extends ClientObject<SheetModel> {
  private _default?: HeaderFooter;
  get _typeName(): string {
    return 'HeaderFooterGroup';
  }
  _scalarNames(): readonly string[] {
    return ['state'];
  }
  override _navNames(): readonly string[] {
    return ['defaultForAllPages'];
  }
  _read(): unknown {
    return 'Default';
  }
  get state(): string {
    return this._get('state');
  }
  get defaultForAllPages(): HeaderFooter {
    return (this._default ??= new HeaderFooter(this.context, this, 'defaultForAllPages', [], () =>
      this._resolve(),
    ));
  }
}

/**
 * Worksheet.pageLayout (ExcelApi 1.9): orientation, paper size, zoom, print titles and area, and
 * the header and footer. Print titles must be whole rows or whole columns, as Excel requires.
 */
export class PageLayout extends ClientObject<SheetModel> {
  private _headersFooters?: HeaderFooterGroup;
  get _typeName(): string {
    return 'PageLayout';
  }
  _scalarNames(): readonly string[] {
    return ['orientation', 'paperSize', 'zoom'];
  }
  override _navNames(): readonly string[] {
    return ['headersFooters'];
  }
  _read(t: SheetModel, prop: string): unknown {
    if (prop === 'zoom') return { ...t.pageLayout.zoom };
    return prop === 'orientation' ? t.pageLayout.orientation : t.pageLayout.paperSize;
  }
  get headersFooters(): HeaderFooterGroup {
    return (this._headersFooters ??= new HeaderFooterGroup(
      this.context,
      this,
      'headersFooters',
      [],
      () => this._resolve(),
    ));
  }
  get orientation(): string {
    return this._get('orientation');
  }
  set orientation(value: string) {
    this._set('orientation', value, (t, v) => {
      if (!ORIENTATIONS.includes(v))
        throw officeError('InvalidArgument', `(Orientation ${v}.)`, 'PageLayout.orientation');
      t.pageLayout.orientation = v;
    });
  }
  get paperSize(): string {
    return this._get('paperSize');
  }
  set paperSize(value: string) {
    this._set('paperSize', value, (t, v) => {
      if (!PAPER_SIZES.includes(v))
        throw officeError('InvalidArgument', `(Paper size ${v}.)`, 'PageLayout.paperSize');
      t.pageLayout.paperSize = v;
    });
  }
  get zoom(): SheetModel['pageLayout']['zoom'] {
    return this._get('zoom');
  }
  set zoom(value: SheetModel['pageLayout']['zoom']) {
    this._set('zoom', value, (t, v) => {
      const fits = [v.horizontalFitToPages, v.verticalFitToPages];
      if (v.scale !== undefined && fits.some((f) => f !== undefined))
        throw officeError(
          'InvalidArgument',
          '(Zoom: a scale or pages, not both.)',
          'PageLayout.zoom',
        );
      if (v.scale !== undefined && (!Number.isFinite(v.scale) || v.scale < 10 || v.scale > 400))
        throw officeError('InvalidArgument', '(Zoom: a scale from 10 to 400.)', 'PageLayout.zoom');
      if (fits.some((f) => f !== undefined && (!Number.isInteger(f) || f < 0)))
        throw officeError(
          'InvalidArgument',
          '(Zoom: pages must be whole numbers.)',
          'PageLayout.zoom',
        );
      t.pageLayout.zoom = { ...v };
    });
  }

  private titles(
    kind: 'printTitleRows' | 'printTitleColumns',
    member: string,
    orNull: boolean,
  ): Range {
    return new Range(this.context, this, member, [], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      const rect = sheet[kind];
      if (!rect) {
        if (orNull) return null;
        throw officeError('ItemNotFound', '(No print titles.)', `PageLayout.${member}`);
      }
      return { sheet, rect };
    });
  }
  getPrintTitleRows(): Range {
    return this.titles('printTitleRows', 'getPrintTitleRows', false);
  }
  getPrintTitleRowsOrNullObject(): Range {
    return this.titles('printTitleRows', 'getPrintTitleRowsOrNullObject', true);
  }
  getPrintTitleColumns(): Range {
    return this.titles('printTitleColumns', 'getPrintTitleColumns', false);
  }
  getPrintTitleColumnsOrNullObject(): Range {
    return this.titles('printTitleColumns', 'getPrintTitleColumnsOrNullObject', true);
  }
  getPrintAreaOrNullObject(): RangeAreas {
    return new RangeAreas(this.context, this, 'getPrintAreaOrNullObject', [], () => {
      const sheet = this._resolve();
      return sheet?.printArea ? { sheet, rects: [sheet.printArea] } : null;
    });
  }

  private setTitles(kind: 'printTitleRows' | 'printTitleColumns', target: Range | string): void {
    const member = kind === 'printTitleRows' ? 'setPrintTitleRows' : 'setPrintTitleColumns';
    this.context._checkSameContext(target, `PageLayout.${member}`);
    const arg = typeof target === 'string' ? target : { range: target._id };
    this._invoke(member, [arg], (sheet) => {
      let rect: Rect;
      if (typeof target === 'string') rect = rangeOn(sheet, target, `PageLayout.${member}`);
      else {
        const t = target._resolve();
        if (!t) return;
        if (t.sheet !== sheet)
          throw officeError('InvalidArgument', '(The range is on another sheet.)', member);
        rect = t.rect;
      }
      const whole =
        kind === 'printTitleRows'
          ? rect.left === 0 && rect.right === MAX_COLS - 1
          : rect.top === 0 && rect.bottom === MAX_ROWS - 1;
      if (!whole)
        throw officeError(
          'InvalidArgument',
          `(Print titles must be whole ${kind === 'printTitleRows' ? 'rows' : 'columns'}.)`,
          `PageLayout.${member}`,
        );
      sheet[kind] = rect;
    });
  }
  setPrintTitleRows(printTitleRows: Range | string): void {
    this.setTitles('printTitleRows', printTitleRows);
  }
  setPrintTitleColumns(printTitleColumns: Range | string): void {
    this.setTitles('printTitleColumns', printTitleColumns);
  }
}

export class Worksheet extends ClientObject<SheetModel> {
  private _protection?: WorksheetProtection;
  private _freezePanes?: WorksheetFreezePanes;
  private _pageLayout?: PageLayout;
  private _shapes?: ShapeCollection;
  private _onChanged?: EventHandlers;

  get _typeName(): string {
    return 'Worksheet';
  }
  _scalarNames(): readonly string[] {
    return ['name', 'id', 'position', 'visibility', 'showGridlines'];
  }
  override _navNames(): readonly string[] {
    return ['protection', 'pageLayout'];
  }
  _read(t: SheetModel, prop: string): unknown {
    const wb = this.context._wb;
    switch (prop) {
      case 'name':
        return t.name;
      case 'id':
        return t.id;
      case 'position':
        return wb.sheets.indexOf(t);
      case 'showGridlines':
        return t.showGridlines;
      default:
        return t.visibility;
    }
  }

  get name(): string {
    return this._get('name');
  }
  set name(value: string) {
    this._set('name', value, (t, v) => {
      if (!validSheetName(v))
        throw officeError(
          'InvalidArgument',
          `(Sheet name ${JSON.stringify(v)}.)`,
          'Worksheet.name',
        );
      const other = this.context._wb.findSheet(v);
      if (other && other !== t) throw officeError('ItemAlreadyExists', undefined, 'Worksheet.name');
      t.name = v;
    });
  }
  get id(): string {
    return this._get('id');
  }
  get position(): number {
    return this._get('position');
  }
  /** Moves the sheet (0-based). */
  set position(value: number) {
    this._set('position', value, (t, v) => {
      const sheets = this.context._wb.sheets;
      if (!Number.isInteger(v) || v < 0 || v >= sheets.length) {
        throw officeError(
          'InvalidArgument',
          `(Position ${String(v)} of ${sheets.length} sheets.)`,
          'Worksheet.position',
        );
      }
      sheets.splice(sheets.indexOf(t), 1);
      sheets.splice(v, 0, t);
    });
  }
  get visibility(): string {
    return this._get('visibility');
  }
  set visibility(value: string) {
    this._set('visibility', value, (t, v) => {
      if (!['Visible', 'Hidden', 'VeryHidden'].includes(v)) {
        throw officeError('InvalidArgument', `(Visibility ${v}.)`, 'Worksheet.visibility');
      }
      const wb = this.context._wb;
      if (v !== 'Visible' && !wb.sheets.some((s) => s !== t && s.visibility === 'Visible')) {
        throw officeError(
          'InvalidOperation',
          '(A workbook must keep one visible sheet.)',
          'Worksheet.visibility',
        );
      }
      t.visibility = v as SheetModel['visibility'];
    });
  }

  get protection(): WorksheetProtection {
    this.context._requireApi('Worksheet.protection', '1.2');
    return (this._protection ??= new WorksheetProtection(this.context, this, 'protection', [], () =>
      this._resolve(),
    ));
  }

  get showGridlines(): boolean {
    this.context._requireApi('Worksheet.showGridlines', '1.8');
    return this._get('showGridlines');
  }
  set showGridlines(value: boolean) {
    this.context._requireApi('Worksheet.showGridlines', '1.8');
    this._set('showGridlines', value, (t, v) => {
      t.showGridlines = Boolean(v);
    });
  }

  get pageLayout(): PageLayout {
    this.context._requireApi('Worksheet.pageLayout', '1.9');
    return (this._pageLayout ??= new PageLayout(this.context, this, 'pageLayout', [], () =>
      this._resolve(),
    ));
  }

  get shapes(): ShapeCollection {
    this.context._requireApi('Worksheet.shapes', '1.9');
    return (this._shapes ??= shapesOf(this.context, this, () => this._resolve()));
  }

  get freezePanes(): WorksheetFreezePanes {
    this.context._requireApi('Worksheet.freezePanes', '1.7');
    return (this._freezePanes ??= new WorksheetFreezePanes(
      this.context,
      this,
      'freezePanes',
      [],
      () => this._resolve(),
    ));
  }

  get onChanged(): EventHandlers {
    this.context._requireApi('Worksheet.onChanged', '1.7');
    return (this._onChanged ??= new EventHandlers(
      this.context,
      this as ClientObject<unknown>,
      'onChanged',
      () => {
        const s = this._resolve();
        return s ? (s.handlers as Set<ChangeHandler>) : null;
      },
    ));
  }

  activate(): void {
    this._invoke('activate', [], (t) => {
      const wb = this.context._wb;
      if (t.visibility !== 'Visible')
        throw officeError('InvalidOperation', '(The sheet is hidden.)', 'Worksheet.activate');
      wb.activeSheet = t;
    });
  }

  getRange(address?: string): Range {
    return new Range(this.context, this, 'getRange', [address ?? ''], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      if (address === undefined || address === '') {
        return { sheet, rect: { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLS - 1 } };
      }
      return { sheet, rect: rangeOn(sheet, address, 'Worksheet.getRange') };
    });
  }

  getCell(row: number, column: number): Range {
    return new Range(this.context, this, 'getCell', [row, column], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      if (row < 0 || column < 0 || row >= MAX_ROWS || column >= MAX_COLS) {
        throw officeError('InvalidArgument', undefined, 'Worksheet.getCell');
      }
      return { sheet, rect: { top: row, bottom: row, left: column, right: column } };
    });
  }

  /**
   * 'K4:M4,L5:N5' -> RangeAreas. Refused at sync (InvalidArgument): addresses over 8,192
   * characters, more areas than Excel takes, and areas joined with anything but this Excel's list
   * separator (desktop Excel in German wants 'K4:M4;L5:N5').
   */
  getRanges(address: string): RangeAreas {
    this.context._requireApi('Worksheet.getRanges', '1.9');
    return new RangeAreas(this.context, this, 'getRanges', [address], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      const wb = this.context._wb;
      if (typeof address !== 'string' || address.length > MAX_AREAS_ADDRESS) {
        throw officeError(
          'InvalidArgument',
          `(The address is ${String(address?.length)} characters; Excel takes at most ${MAX_AREAS_ADDRESS}.)`,
          'Worksheet.getRanges',
        );
      }
      const parts = address.split(wb.listSeparator);
      if (parts.length > wb.maxAreas) {
        throw officeError(
          'InvalidArgument',
          `(${parts.length} areas; this Excel takes at most ${wb.maxAreas} in one address.)`,
          'Worksheet.getRanges',
        );
      }
      const rects = parts.map((a) => rangeOn(sheet, a, 'Worksheet.getRanges'));
      return { sheet, rects };
    });
  }

  getUsedRange(valuesOnly = false): Range {
    return new Range(this.context, this, 'getUsedRange', [valuesOnly], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      // An empty sheet's used range is A1.
      return {
        sheet,
        rect: sheet.usedRect(valuesOnly) ?? { top: 0, left: 0, bottom: 0, right: 0 },
      };
    });
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    this.context._requireApi('Worksheet.getUsedRangeOrNullObject', '1.4');
    return new Range(this.context, this, 'getUsedRangeOrNullObject', [valuesOnly], () => {
      const sheet = this._resolve();
      const rect = sheet?.usedRect(valuesOnly);
      return sheet && rect ? { sheet, rect } : null;
    });
  }
}

function sheetResolver(wb: WorkbookModel, sheet: SheetModel): () => SheetModel {
  return () => {
    if (!wb.sheets.includes(sheet))
      throw officeError('ItemNotFound', `(Sheet ${sheet.name} was deleted.)`, 'Worksheet');
    return sheet;
  };
}

export class WorksheetCollection extends ClientCollection<WorkbookModel, Worksheet> {
  constructor(ctx: BatchCore, parent: ClientObject<unknown>) {
    super(ctx, parent, 'worksheets', [], () => ctx._wb);
  }
  get _typeName(): string {
    return 'WorksheetCollection';
  }
  _itemProxies(wb: WorkbookModel): Worksheet[] {
    return wb.sheets.map(
      (s) => new Worksheet(this.context, this, 'item', [s.id], sheetResolver(wb, s)),
    );
  }

  /** By name, case-insensitive (or id); a missing sheet fails the next sync with ItemNotFound. */
  getItem(key: string): Worksheet {
    return new Worksheet(this.context, this, 'getItem', [key], () => {
      const wb = this.context._wb;
      const s = wb.findSheet(key) ?? wb.sheets.find((x) => x.id === key);
      if (!s)
        throw officeError(
          'ItemNotFound',
          `(No sheet named ${JSON.stringify(key)}.)`,
          'WorksheetCollection.getItem',
        );
      return s;
    });
  }

  getItemOrNullObject(key: string): Worksheet {
    this.context._requireApi('WorksheetCollection.getItemOrNullObject', '1.4');
    return new Worksheet(this.context, this, 'getItemOrNullObject', [key], () => {
      const wb = this.context._wb;
      return wb.findSheet(key) ?? wb.sheets.find((x) => x.id === key) ?? null;
    });
  }

  getActiveWorksheet(): Worksheet {
    return new Worksheet(this.context, this, 'getActiveWorksheet', [], () => {
      const wb = this.context._wb;
      if (!wb.activeSheet)
        throw officeError('ItemNotFound', undefined, 'WorksheetCollection.getActiveWorksheet');
      return wb.activeSheet;
    });
  }

  /** Appends a sheet at the end (fails at sync when the name exists, case-insensitive). */
  add(name?: string): Worksheet {
    let created: SheetModel | null = null;
    return new Worksheet(this.context, this, 'add', [name ?? null], () => {
      if (created) return created;
      const wb = this.context._wb;
      let sheetName = name;
      if (sheetName === undefined || sheetName === null) {
        let n = wb.sheets.length + 1;
        while (wb.findSheet(`Sheet${n}`)) n++;
        sheetName = `Sheet${n}`;
      }
      if (!validSheetName(sheetName)) {
        throw officeError(
          'InvalidArgument',
          `(Sheet name ${JSON.stringify(sheetName)}.)`,
          'WorksheetCollection.add',
        );
      }
      if (wb.findSheet(sheetName)) {
        throw officeError('ItemAlreadyExists', `(Sheet ${sheetName}.)`, 'WorksheetCollection.add');
      }
      created = new SheetModel(sheetName);
      wb.sheets.push(created);
      return created;
    });
  }
}
