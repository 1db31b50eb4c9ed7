/**
 * RequestContext, Workbook, Application, Runtime, defined names and tables.
 */

import {
  nameTarget,
  nameType,
  officeError,
  quoteSheet,
  rectA1,
  validDefinedName,
  type NameModel,
  type TableModel,
  type WorkbookModel,
} from './model.js';
import { BatchCore, ClientCollection, ClientObject } from './proxy.js';
import { Range } from './range.js';
import { Worksheet, WorksheetCollection } from './worksheet.js';

/** `Excel.NumberFormatInfo` (ExcelApi 1.11): the user's decimal and thousands separators. */
export class NumberFormatInfo extends ClientObject<WorkbookModel> {
  get _typeName(): string {
    return 'NumberFormatInfo';
  }
  _scalarNames(): readonly string[] {
    return ['numberDecimalSeparator', 'numberGroupSeparator'];
  }
  _read(wb: WorkbookModel, prop: string): unknown {
    if (prop === 'numberDecimalSeparator') return wb.decimalSeparator;
    return wb.decimalSeparator === ',' ? '.' : ',';
  }
  get numberDecimalSeparator(): string {
    return this._get('numberDecimalSeparator');
  }
  get numberGroupSeparator(): string {
    return this._get('numberGroupSeparator');
  }
}

/** `Excel.CultureInfo` (ExcelApi 1.11): the system culture Excel runs in. */
export class CultureInfo extends ClientObject<WorkbookModel> {
  private _numberFormat?: NumberFormatInfo;
  get _typeName(): string {
    return 'CultureInfo';
  }
  _scalarNames(): readonly string[] {
    return ['name'];
  }
  override _navNames(): readonly string[] {
    return ['numberFormat'];
  }
  _read(wb: WorkbookModel): unknown {
    return wb.locale.toLowerCase();
  }
  get name(): string {
    return this._get('name');
  }
  get numberFormat(): NumberFormatInfo {
    return (this._numberFormat ??= new NumberFormatInfo(
      this.context,
      this,
      'numberFormat',
      [],
      () => this._resolve(),
    ));
  }
}

export class Application extends ClientObject<WorkbookModel> {
  private _cultureInfo?: CultureInfo;
  get _typeName(): string {
    return 'Application';
  }
  _scalarNames(): readonly string[] {
    return ['calculationMode'];
  }
  override _navNames(): readonly string[] {
    return ['cultureInfo'];
  }
  _read(): unknown {
    return 'Automatic';
  }
  get calculationMode(): string {
    return this._get('calculationMode');
  }
  get cultureInfo(): CultureInfo {
    this.context._requireApi('Application.cultureInfo', '1.11');
    return (this._cultureInfo ??= new CultureInfo(this.context, this, 'cultureInfo', [], () =>
      this._resolve(),
    ));
  }
  /** Suspends calculation until the next sync (nothing to calculate in the fake: recorded only). */
  suspendApiCalculationUntilNextSync(): void {
    this.context._requireApi('Application.suspendApiCalculationUntilNextSync', '1.6');
    this._invoke('suspendApiCalculationUntilNextSync', [], (wb) => {
      wb.calculationSuspended = true;
    });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context._requireApi('Application.suspendScreenUpdatingUntilNextSync', '1.9');
    this._invoke('suspendScreenUpdatingUntilNextSync', [], () => undefined);
  }
}

export class Runtime extends ClientObject<WorkbookModel> {
  get _typeName(): string {
    return 'Runtime';
  }
  _scalarNames(): readonly string[] {
    return ['enableEvents'];
  }
  _read(wb: WorkbookModel): unknown {
    return wb.eventsEnabled;
  }
  /** Events for this add-in's runtime (every context): off stops onChanged handlers being called. */
  get enableEvents(): boolean {
    return this._get('enableEvents');
  }
  set enableEvents(value: boolean) {
    this.context._requireApi('Runtime.enableEvents', '1.8');
    this._set('enableEvents', value, (wb, v) => {
      wb.eventsEnabled = Boolean(v);
    });
  }
}

function nameResolver(wb: WorkbookModel, n: NameModel): () => NameModel {
  return () => {
    if (!wb.names.includes(n))
      throw officeError('ItemNotFound', `(Name ${n.name} was deleted.)`, 'NamedItem');
    return n;
  };
}

export class NamedItem extends ClientObject<NameModel> {
  get _typeName(): string {
    return 'NamedItem';
  }
  _scalarNames(): readonly string[] {
    return ['name', 'type', 'value', 'visible', 'comment', 'formula', 'scope'];
  }
  _read(n: NameModel, prop: string): unknown {
    switch (prop) {
      case 'name':
        return n.name;
      case 'type':
        return nameType(this.context._wb, n.formula);
      case 'value':
        return n.formula.replace(/^=/, '');
      case 'visible':
        return n.visible;
      case 'comment':
        return n.comment;
      case 'formula':
        return n.formula;
      default:
        return 'Workbook';
    }
  }
  get name(): string {
    return this._get('name');
  }
  get type(): string {
    return this._get('type');
  }
  get value(): unknown {
    return this._get('value');
  }
  get scope(): string {
    return this._get('scope');
  }
  get visible(): boolean {
    return this._get('visible');
  }
  set visible(value: boolean) {
    this._set('visible', value, (n, v) => {
      // Excel refuses (E_INVALIDARG) to change the visibility of a name whose formula is an error.
      if (nameType(this.context._wb, n.formula) === 'Error') {
        throw officeError(
          'InvalidArgument',
          `(Name ${n.name} refers to ${n.formula}.)`,
          'NamedItem.visible',
        );
      }
      n.visible = Boolean(v);
    });
  }
  get comment(): string {
    return this._get('comment');
  }
  set comment(value: string) {
    this.context._requireApi('NamedItem.comment', '1.4');
    this._set('comment', value, (n, v) => {
      n.comment = String(v ?? '');
    });
  }
  get formula(): string {
    return this._get('formula');
  }
  set formula(value: string) {
    this.context._requireApi('NamedItem.formula', '1.7');
    this._set('formula', value, (n, v) => {
      const f = String(v);
      n.formula = f.startsWith('=') ? f : `=${f}`;
    });
  }
  delete(): void {
    this.context._requireApi('NamedItem.delete', '1.4');
    this._invoke('delete', [], (n) => {
      const wb = this.context._wb;
      wb.names = wb.names.filter((x) => x !== n);
    });
  }
  getRange(): Range {
    return new Range(this.context, this, 'getRange', [], () => {
      const n = this._resolve();
      if (!n) return null;
      const target = nameTarget(this.context._wb, n.formula);
      if (!target)
        throw officeError(
          'InvalidArgument',
          `(Name ${n.name} is not a range.)`,
          'NamedItem.getRange',
        );
      return target;
    });
  }
  getRangeOrNullObject(): Range {
    this.context._requireApi('NamedItem.getRangeOrNullObject', '1.4');
    return new Range(this.context, this, 'getRangeOrNullObject', [], () => {
      const n = this._resolve();
      return n ? nameTarget(this.context._wb, n.formula) : null;
    });
  }
}

export class NamedItemCollection extends ClientCollection<WorkbookModel, NamedItem> {
  get _typeName(): string {
    return 'NamedItemCollection';
  }
  _itemProxies(wb: WorkbookModel): NamedItem[] {
    return wb.names.map(
      (n) => new NamedItem(this.context, this, 'item', [n.name], nameResolver(wb, n)),
    );
  }
  getItem(name: string): NamedItem {
    return new NamedItem(this.context, this, 'getItem', [name], () => {
      const n = this.context._wb.findName(name);
      if (!n)
        throw officeError(
          'ItemNotFound',
          `(No name ${JSON.stringify(name)}.)`,
          'NamedItemCollection.getItem',
        );
      return n;
    });
  }
  getItemOrNullObject(name: string): NamedItem {
    this.context._requireApi('NamedItemCollection.getItemOrNullObject', '1.4');
    return new NamedItem(
      this.context,
      this,
      'getItemOrNullObject',
      [name],
      () => this.context._wb.findName(name) ?? null,
    );
  }
  /** `reference`: a Range or a formula ('=Plan!$K$1:$V$7'). Fails at sync when the name exists. */
  add(name: string, reference: Range | string, comment?: string): NamedItem {
    this.context._requireApi('NamedItemCollection.add', '1.4');
    this.context._checkSameContext(reference, 'NamedItemCollection.add');
    const ref = typeof reference === 'string' ? reference : { range: reference._id };
    let created: NameModel | null = null;
    return new NamedItem(this.context, this, 'add', [name, ref, comment ?? null], () => {
      if (created) return created;
      const wb = this.context._wb;
      if (!validDefinedName(name)) {
        throw officeError(
          'InvalidArgument',
          `(Name ${JSON.stringify(name)}.)`,
          'NamedItemCollection.add',
        );
      }
      if (wb.findName(name))
        throw officeError('ItemAlreadyExists', `(Name ${name}.)`, 'NamedItemCollection.add');
      let formula: string;
      if (typeof reference === 'string') {
        formula = reference.startsWith('=') ? reference : `=${reference}`;
      } else {
        const t = reference._resolve();
        if (!t)
          throw officeError(
            'InvalidArgument',
            '(The range is a null object.)',
            'NamedItemCollection.add',
          );
        formula = `=${quoteSheet(t.sheet.name)}!${rectA1(t.rect, true)}`;
      }
      created = { name, formula, comment: comment ?? '', visible: true };
      wb.names.push(created);
      return created;
    });
  }
}

function tableResolver(wb: WorkbookModel, t: TableModel): () => TableModel {
  return () => {
    if (!wb.tables.includes(t))
      throw officeError('ItemNotFound', `(Table ${t.name} was deleted.)`, 'Table');
    return t;
  };
}

export class Table extends ClientObject<TableModel> {
  private _worksheet?: Worksheet;

  get _typeName(): string {
    return 'Table';
  }
  _scalarNames(): readonly string[] {
    return ['name', 'id'];
  }
  override _navNames(): readonly string[] {
    return ['worksheet'];
  }
  _read(t: TableModel, prop: string): unknown {
    return prop === 'name' ? t.name : `{TABLE-${t.name}}`;
  }
  get name(): string {
    return this._get('name');
  }
  get id(): string {
    return this._get('id');
  }
  get worksheet(): Worksheet {
    return (this._worksheet ??= new Worksheet(
      this.context,
      this,
      'worksheet',
      [],
      () => this._resolve()?.sheet ?? null,
    ));
  }
  getRange(): Range {
    return new Range(this.context, this, 'getRange', [], () => {
      const t = this._resolve();
      return t && { sheet: t.sheet, rect: t.rect };
    });
  }
}

export class TableCollection extends ClientCollection<WorkbookModel, Table> {
  get _typeName(): string {
    return 'TableCollection';
  }
  _itemProxies(wb: WorkbookModel): Table[] {
    return wb.tables.map(
      (t) => new Table(this.context, this, 'item', [t.name], tableResolver(wb, t)),
    );
  }
  getItem(key: string): Table {
    return new Table(this.context, this, 'getItem', [key], () => {
      const t = this.context._wb.findTable(key);
      if (!t)
        throw officeError(
          'ItemNotFound',
          `(No table ${JSON.stringify(key)}.)`,
          'TableCollection.getItem',
        );
      return t;
    });
  }
  getItemOrNullObject(key: string): Table {
    return new Table(
      this.context,
      this,
      'getItemOrNullObject',
      [key],
      () => this.context._wb.findTable(key) ?? null,
    );
  }
}

export class Workbook extends ClientObject<WorkbookModel> {
  private _worksheets?: WorksheetCollection;
  private _names?: NamedItemCollection;
  private _tables?: TableCollection;
  private _application?: Application;

  get _typeName(): string {
    return 'Workbook';
  }
  _scalarNames(): readonly string[] {
    return ['name'];
  }
  _read(): unknown {
    return 'Book1.xlsx';
  }
  get name(): string {
    return this._get('name');
  }
  get worksheets(): WorksheetCollection {
    return (this._worksheets ??= new WorksheetCollection(this.context, this));
  }
  get names(): NamedItemCollection {
    return (this._names ??= new NamedItemCollection(
      this.context,
      this,
      'names',
      [],
      () => this.context._wb,
    ));
  }
  get tables(): TableCollection {
    return (this._tables ??= new TableCollection(
      this.context,
      this,
      'tables',
      [],
      () => this.context._wb,
    ));
  }
  get application(): Application {
    return (this._application ??= new Application(
      this.context,
      this,
      'application',
      [],
      () => this.context._wb,
    ));
  }
  getSelectedRange(): Range {
    return new Range(this.context, this, 'getSelectedRange', [], () => {
      const wb = this.context._wb;
      if (wb.selection) return { sheet: wb.selection.sheet, rect: wb.selection.rect };
      if (!wb.activeSheet)
        throw officeError('ItemNotFound', undefined, 'Workbook.getSelectedRange');
      return { sheet: wb.activeSheet, rect: { top: 0, left: 0, bottom: 0, right: 0 } };
    });
  }
}

/** `Excel.RequestContext`. */
export class RequestContext extends BatchCore {
  private _workbook?: Workbook;
  private _runtime?: Runtime;
  readonly trackedObjects = { add(): void {}, remove(): void {} };

  constructor(wb: WorkbookModel) {
    super(wb);
  }

  get workbook(): Workbook {
    return (this._workbook ??= new Workbook(this, null, 'workbook', [], () => this._wb));
  }

  get application(): Application {
    return this.workbook.application;
  }

  get runtime(): Runtime {
    this._requireApi('RequestContext.runtime', '1.5');
    return (this._runtime ??= new Runtime(this, null, 'runtime', [], () => this._wb));
  }

  /** `context.load(object, option)`. */
  load<T extends ClientObject<unknown>>(object: T, option?: Parameters<T['load']>[0]): T {
    return object.load(option);
  }
}
