/**
 * Worksheet.shapes (ExcelApi 1.9): ShapeCollection and Shape, the part the board timeline uses —
 * `addSvg`, `getItem`, `getItemAt`, `getCount`, `items`, and each shape's name, position and size,
 * `delete`. As strict as Excel: text that is not an SVG document is refused (InvalidArgument), a
 * size of zero or below and a negative position too, and a missing shape is ItemNotFound.
 */

import { officeError, ShapeModel, type SheetModel } from './model.js';
import { ClientCollection, ClientObject, ClientResult, type BatchCore } from './proxy.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Why `xml` is not an SVG document Excel would take (null when it is): well-formed XML (tags
 * balanced, attributes quoted, entities known), one root element `svg` in the SVG namespace.
 */
export function svgProblem(xml: unknown): string | null {
  if (typeof xml !== 'string' || !xml.trim()) return 'no SVG text';
  const text = xml
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^?]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (/<!DOCTYPE/i.test(text)) return 'a DOCTYPE (not accepted)';
  const tag =
    /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g;
  const stack: string[] = [];
  let root: { name: string; attrs: string } | null = null;
  let closedRoot = false;
  let at = 0;
  const badText = (s: string) =>
    /</.test(s) || /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s);
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const between = text.slice(at, m.index);
    if (badText(between)) return 'text that is not well-formed XML';
    if (!stack.length && between.trim()) return 'text outside the root element';
    const values = m[3].match(/"[^"]*"|'[^']*'/g) ?? [];
    if (values.some((v) => badText(v.slice(1, -1)))) return 'an attribute that is not well-formed';
    at = tag.lastIndex;
    const [, close, name, attrs, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) return `a closing </${name}> that does not match`;
      if (!stack.length) closedRoot = true;
      continue;
    }
    if (closedRoot || (!stack.length && root)) return 'more than one root element';
    if (!root) root = { name, attrs };
    if (!selfClose) stack.push(name);
    else if (!stack.length) closedRoot = true;
  }
  if (!root) return 'no XML element';
  if (badText(text.slice(at)) || text.slice(at).trim()) return 'text that is not well-formed XML';
  if (stack.length) return `an unclosed <${stack[stack.length - 1]}>`;
  if (root.name !== 'svg') return `a root element <${root.name}>, not <svg>`;
  const ns = /\sxmlns\s*=\s*["']([^"']*)["']/.exec(root.attrs)?.[1];
  if (ns !== SVG_NS) return 'no SVG namespace on <svg>';
  return null;
}

/** The SVG's size in points (its width and height in CSS pixels, 0.75 pt each); 100 x 100 if none. */
function svgSize(xml: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(xml)?.[0] ?? '';
  const px = (attr: string) => {
    const v = new RegExp(`\\s${attr}\\s*=\\s*["']([\\d.]+)(px|pt)?["']`).exec(open);
    if (!v) return 100;
    return v[2] === 'pt' ? Number(v[1]) : Number(v[1]) * 0.75;
  };
  return { width: px('width'), height: px('height') };
}

interface ShapeTarget {
  sheet: SheetModel;
  shape: ShapeModel;
}

export class Shape extends ClientObject<ShapeTarget> {
  get _typeName(): string {
    return 'Shape';
  }
  _scalarNames(): readonly string[] {
    return [
      'id',
      'name',
      'type',
      'left',
      'top',
      'width',
      'height',
      'altTextTitle',
      'altTextDescription',
    ];
  }
  _read(t: ShapeTarget, prop: string): unknown {
    return (t.shape as unknown as Record<string, unknown>)[prop];
  }
  get id(): string {
    return this._get('id');
  }
  get type(): string {
    return this._get('type');
  }
  get name(): string {
    return this._get('name');
  }
  set name(value: string) {
    this._set('name', value, (t, v) => {
      if (typeof v !== 'string' || !v.trim())
        throw officeError('InvalidArgument', '(A shape needs a name.)', 'Shape.name');
      t.shape.name = v;
    });
  }
  private position(prop: 'left' | 'top' | 'width' | 'height', value: number): void {
    this._set(prop, value, (t, v) => {
      const size = prop === 'width' || prop === 'height';
      if (typeof v !== 'number' || !Number.isFinite(v) || (size ? v <= 0 : v < 0))
        throw officeError(
          'InvalidArgument',
          `(Shape.${prop} ${String(v)}: ${size ? 'more than 0' : '0 or more'} points.)`,
          `Shape.${prop}`,
        );
      t.shape[prop] = v;
    });
  }
  get left(): number {
    return this._get('left');
  }
  set left(v: number) {
    this.position('left', v);
  }
  get top(): number {
    return this._get('top');
  }
  set top(v: number) {
    this.position('top', v);
  }
  get width(): number {
    return this._get('width');
  }
  set width(v: number) {
    this.position('width', v);
  }
  get height(): number {
    return this._get('height');
  }
  set height(v: number) {
    this.position('height', v);
  }
  get altTextTitle(): string {
    return this._get('altTextTitle');
  }
  set altTextTitle(value: string) {
    this._set('altTextTitle', value, (t, v) => {
      t.shape.altTextTitle = String(v);
    });
  }
  get altTextDescription(): string {
    return this._get('altTextDescription');
  }
  set altTextDescription(value: string) {
    this._set('altTextDescription', value, (t, v) => {
      t.shape.altTextDescription = String(v);
    });
  }
  delete(): void {
    this._invoke('delete', [], (t) => {
      const i = t.sheet.shapes.indexOf(t.shape);
      if (i < 0) throw officeError('ItemNotFound', '(The shape was deleted.)', 'Shape.delete');
      t.sheet.shapes.splice(i, 1);
    });
  }
}

export class ShapeCollection extends ClientCollection<SheetModel, Shape> {
  get _typeName(): string {
    return 'ShapeCollection';
  }
  _itemProxies(sheet: SheetModel): Shape[] {
    return sheet.shapes.map(
      (shape) =>
        new Shape(this.context, this, 'item', [shape.id], () => {
          if (!sheet.shapes.includes(shape))
            throw officeError('ItemNotFound', '(The shape was deleted.)', 'Shape');
          return { sheet, shape };
        }),
    );
  }

  private find(sheet: SheetModel, key: string): ShapeModel | undefined {
    return sheet.shapes.find((s) => s.id === key) ?? sheet.shapes.find((s) => s.name === key);
  }

  /** Inserts the SVG as a picture at the sheet's top-left corner, sized as the SVG says. */
  addSvg(xml: string): Shape {
    let created: ShapeTarget | null = null;
    return new Shape(this.context, this, 'addSvg', [xml], () => {
      if (created) return created;
      const sheet = this._resolve();
      if (!sheet) return null;
      const problem = svgProblem(xml);
      if (problem)
        throw officeError(
          'InvalidArgument',
          `(Not an SVG document: ${problem}.)`,
          'ShapeCollection.addSvg',
        );
      const { width, height } = svgSize(xml);
      const shape = new ShapeModel(width, height);
      shape.svg = xml;
      sheet.shapes.push(shape);
      created = { sheet, shape };
      return created;
    });
  }

  getItem(key: string): Shape {
    return new Shape(this.context, this, 'getItem', [key], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      const shape = this.find(sheet, key);
      if (!shape)
        throw officeError(
          'ItemNotFound',
          `(No shape ${JSON.stringify(key)}.)`,
          'ShapeCollection.getItem',
        );
      return { sheet, shape };
    });
  }

  getItemOrNullObject(key: string): Shape {
    this.context._requireApi('ShapeCollection.getItemOrNullObject', '1.14');
    return new Shape(this.context, this, 'getItemOrNullObject', [key], () => {
      const sheet = this._resolve();
      const shape = sheet && this.find(sheet, key);
      return sheet && shape ? { sheet, shape } : null;
    });
  }

  getItemAt(index: number): Shape {
    return new Shape(this.context, this, 'getItemAt', [index], () => {
      const sheet = this._resolve();
      if (!sheet) return null;
      const shape = sheet.shapes[index];
      if (!Number.isInteger(index) || !shape)
        throw officeError(
          'ItemNotFound',
          `(No shape at ${String(index)}.)`,
          'ShapeCollection.getItemAt',
        );
      return { sheet, shape };
    });
  }

  getCount(): ClientResult<number> {
    const result = new ClientResult<number>();
    this.context._enqueue([this._id, 'call', 'getCount', []], () => {
      const sheet = this._resolve();
      this.context._results.push({
        result: result as ClientResult<unknown>,
        value: sheet ? sheet.shapes.length : 0,
      });
    });
    return result;
  }
}

export function shapesOf(
  ctx: BatchCore,
  parent: ClientObject<unknown>,
  resolve: () => SheetModel | null,
): ShapeCollection {
  return new ShapeCollection(ctx, parent, 'shapes', [], resolve);
}
