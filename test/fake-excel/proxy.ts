/**
 * The Office.js proxy machinery of the fake: one ordered queue of actions per request context,
 * sent at `context.sync()`.
 *
 * As in Office.js (office.runtime: ClientRequestContext / ClientObject):
 * - creating an object (getItem, getRange, a navigation property such as `format`) queues an
 *   "instantiate" action, so a missing item's error surfaces at the next sync even if nothing else
 *   uses it, and `isNullObject` is known after that sync without a load;
 * - `load` queues a query action IN ORDER with the writes: a load queued before a write sees the
 *   old state, one queued after it sees the new state; its values reach the proxy only when the
 *   whole request succeeded;
 * - property sets keep the assigned value on the proxy (reading it back needs no load);
 * - reading a loadable property that was neither loaded nor set throws `PropertyNotLoaded`;
 * - a null object's properties read as undefined after the sync that found it null, and actions
 *   on it are ignored;
 * - a failing action rejects the sync; actions before it were applied (Excel does not roll back),
 *   the rest were not, and no loaded value is delivered;
 * - every call adds an envelope to the request (and every result to the response), about 100-250
 *   bytes in Office.js: a request over the limit (5 MB on the web) is rejected whole
 *   (`RequestPayloadSizeLimitExceeded`); a response over it fails after the writes were applied,
 *   as `GeneralException` by default (Excel on the web has reported both that and
 *   `ResponsePayloadSizeLimitExceeded`).
 */

import { officeError, type PendingChange, type WorkbookModel } from './model.js';

export type LoadTree = { [key: string]: LoadTree | true };
export type LoadOption = string | string[] | Record<string, unknown> | undefined;

interface Action {
  bytes: number;
  /** A property set or a method call that changes the workbook (not a load). */
  writes: boolean;
  apply(): void;
}

export interface Snapshot {
  proxy: ClientObject<unknown>;
  isNull: boolean;
  fields: Record<string, unknown>;
  children: Record<string, Snapshot>;
  items?: Snapshot[];
}

function snapshotData(s: Snapshot): unknown {
  if (s.isNull) return null;
  const out: Record<string, unknown> = { ...s.fields };
  for (const [k, c] of Object.entries(s.children)) out[k] = snapshotData(c);
  if (s.items) out.items = s.items.map(snapshotData);
  return out;
}

/** JSON round trip, as Office.js serialises arguments (Date -> ISO string, undefined -> null in arrays). */
export function jsonClone<V>(value: V): V {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as V;
}

function jsonLength(value: unknown): number {
  return value === undefined ? 0 : JSON.stringify(value).length;
}

export function notLoaded(typeName: string, prop: string): Error {
  return officeError(
    'PropertyNotLoaded',
    `(${typeName}.${prop}: call load("${prop}") and await context.sync() first.)`,
    `${typeName}.${prop}`,
  );
}

/** The part of a RequestContext the proxies need: the queue and the sync. */
export class BatchCore {
  readonly _wb: WorkbookModel;
  _queue: Action[] = [];
  /** Incremented per request sent: proxies re-resolve their object path once per request. */
  _syncId = 0;
  /** True while a request is applied: objects created then (collection items) queue nothing. */
  _applying = false;
  _resolved = new Set<ClientObject<unknown>>();
  _loads: Snapshot[] = [];
  _results: { result: ClientResult<unknown>; value: unknown }[] = [];
  _changes: PendingChange[] = [];
  private _ids = 0;

  constructor(wb: WorkbookModel) {
    this._wb = wb;
  }

  _nextId(): number {
    return ++this._ids;
  }

  /** Queues an action; `description` is what Office.js would send (its JSON length is counted). */
  _enqueue(description: unknown[], apply: () => void, writes = false): void {
    this._queue.push({ bytes: jsonLength(description), apply, writes });
  }

  /** Office.js throws ApiNotFound synchronously for members of unsupported requirement sets. */
  _requireApi(member: string, version: string): void {
    if (!this._wb.supports(version)) {
      throw officeError(
        'ApiNotFound',
        `${member} needs ExcelApi ${version}; this Excel supports ${this._wb.apiVersion}.`,
        member,
      );
    }
  }

  _checkSameContext(obj: unknown, member: string): void {
    if (obj instanceof ClientObject && (obj.context as unknown) !== this) {
      throw officeError('InvalidRequestContext', undefined, member);
    }
  }

  get _hasPending(): boolean {
    return this._queue.length > 0;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const wb = this._wb;
    const actions = this._queue;
    this._queue = [];
    if (!actions.length) {
      wb.stats.emptySyncs++;
      await Promise.resolve();
      return passThroughValue as T;
    }
    wb.stats.syncs++;
    const requestBytes = actions.reduce((n, a) => n + a.bytes + 1 + wb.envelope, 1);
    wb.stats.requestBytes.push(requestBytes);
    // The round trip.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const started = performance.now();
    try {
      return this._answer(wb, actions, requestBytes, passThroughValue);
    } finally {
      wb.stats.hostMs += performance.now() - started;
    }
  }

  /** Excel's side of a round trip: apply the actions, then build and size the response. */
  private _answer<T>(
    wb: WorkbookModel,
    actions: Action[],
    requestBytes: number,
    passThroughValue?: T,
  ): T {
    if (requestBytes > wb.payloadLimit) {
      wb.stats.responseBytes.push(0);
      throw officeError(
        'RequestPayloadSizeLimitExceeded',
        `(${requestBytes} bytes; the limit is ${wb.payloadLimit}.)`,
      );
    }
    this._syncId++;
    this._resolved = new Set();
    this._loads = [];
    this._results = [];
    this._changes = [];
    this._applying = true;
    let failure: unknown = null;
    const writes = actions.some((a) => a.writes);
    if (writes) wb.writeRequests++;
    const simulated = wb.failures.find((f) =>
      f.writes ? writes && f.at === wb.writeRequests : f.at === wb.stats.syncs,
    );
    try {
      actions.forEach((action, i) => {
        if (simulated && i === simulated.after) {
          throw officeError(simulated.code, '(A failure simulated by the test.)');
        }
        action.apply();
      });
    } catch (e) {
      failure = e;
    } finally {
      this._applying = false;
      wb.calculationSuspended = false;
    }
    // Writes applied before a failure stay applied, and fire their events.
    const changes = this._changes;
    this._changes = [];
    if (changes.length) void wb.deliver(changes);
    if (failure) {
      wb.stats.responseBytes.push(0);
      throw failure;
    }
    const responseBytes =
      jsonLength(this._loads.map(snapshotData)) +
      jsonLength(this._results.map((r) => r.value)) +
      (this._loads.length + this._results.length) * wb.envelope;
    wb.stats.responseBytes.push(responseBytes);
    if (responseBytes > wb.payloadLimit) {
      throw officeError(
        wb.oversizedReadCode,
        `(${responseBytes} bytes; the limit is ${wb.payloadLimit}.)`,
      );
    }
    for (const p of this._resolved) p._isNull = p._cache === null;
    for (const s of this._loads) s.proxy._deliver(s);
    for (const r of this._results) r.result._set(r.value);
    return passThroughValue as T;
  }
}

/** `OfficeExtension.ClientResult`: its value is there after the sync. */
export class ClientResult<V> {
  private _loaded = false;
  private _value: V | undefined;

  get value(): V {
    if (!this._loaded) throw notLoaded('ClientResult', 'value');
    return this._value as V;
  }

  _set(value: unknown): void {
    this._value = value as V;
    this._loaded = true;
  }
}

function treeFromPaths(paths: string[]): LoadTree {
  const tree: LoadTree = {};
  for (const raw of paths) {
    const path = raw.trim();
    if (!path) continue;
    const parts = path.split('/').map((p) => p.trim());
    let node = tree;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) {
        if (node[p] === undefined) node[p] = true;
      } else {
        const next = node[p];
        if (next === undefined || next === true) node[p] = {};
        node = node[p] as LoadTree;
      }
    });
  }
  return tree;
}

function treeFromObject(obj: Record<string, unknown>): LoadTree {
  if ('select' in obj || 'expand' in obj) {
    const list = (v: unknown): string[] =>
      Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [];
    return treeFromPaths([...list(obj.select), ...list(obj.expand)]);
  }
  const tree: LoadTree = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === true) tree[k] = true;
    else if (v && typeof v === 'object') tree[k] = treeFromObject(v as Record<string, unknown>);
  }
  return tree;
}

/** An Office.js proxy object over a part of the workbook model. */
export abstract class ClientObject<T> {
  readonly context: BatchCore;
  /** Loaded or assigned values of properties. */
  _fields = new Map<string, unknown>();
  /** Known after a sync that resolved this object. */
  _isNull: boolean | undefined = undefined;
  _cache: T | null | undefined = undefined;
  _cacheSync = -1;
  readonly _id: number;
  private readonly _resolver: () => T | null;

  /**
   * `member`/`args`: how the object was obtained from `parent` (what an instantiate action sends).
   * `resolver`: finds the model target when a request is applied; null = null object; throws
   * ItemNotFound and the like.
   */
  constructor(
    context: BatchCore,
    parent: ClientObject<unknown> | null,
    member: string,
    args: unknown[],
    resolver: () => T | null,
  ) {
    this.context = context;
    this._resolver = resolver;
    this._id = context._nextId();
    if (!context._applying) {
      context._enqueue([this._id, parent?._id ?? 0, member, args], () => {
        this._resolve();
      });
    }
  }

  abstract get _typeName(): string;
  /** Loadable scalar properties. */
  abstract _scalarNames(): readonly string[];
  /** Navigation properties that can appear in load paths ('format/fill/color'). */
  _navNames(): readonly string[] {
    return [];
  }
  /** A scalar property's value, read from the model (JSON data). */
  abstract _read(target: T, prop: string): unknown;

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw notLoaded(this._typeName, 'isNullObject');
    return this._isNull;
  }

  /** The model target, resolved once per request (call only while a request is applied). */
  _resolve(): T | null {
    if (this._cacheSync !== this.context._syncId) {
      this._cache = this._resolver();
      this._cacheSync = this.context._syncId;
      this.context._resolved.add(this as ClientObject<unknown>);
    }
    return this._cache as T | null;
  }

  _get<V>(prop: string): V {
    if (this._isNull === true) return undefined as V;
    if (!this._fields.has(prop)) throw notLoaded(this._typeName, prop);
    return this._fields.get(prop) as V;
  }

  /** Queues a property set; the proxy keeps the assigned value, as Office.js does. */
  _set<V>(prop: string, value: V, apply: (target: T, value: V) => void): void {
    const sent = jsonClone(value);
    this._fields.set(prop, value);
    this.context._enqueue(
      [this._id, 'set', prop, sent],
      () => {
        const t = this._resolve();
        if (t !== null) apply(t, sent);
      },
      true,
    );
  }

  /** Queues a method call (ignored on a null object). `args` is what is sent. */
  _invoke(method: string, args: unknown[], apply: (target: T) => void): void {
    this.context._enqueue(
      [this._id, 'call', method, args],
      () => {
        const t = this._resolve();
        if (t !== null) apply(t);
      },
      method !== 'select' && method !== 'activate',
    );
  }

  _defaultTree(): LoadTree {
    return Object.fromEntries(this._scalarNames().map((n) => [n, true]));
  }

  _normaliseTree(tree: LoadTree): LoadTree {
    return tree;
  }

  load(option?: LoadOption): this {
    let tree: LoadTree;
    if (option === undefined || option === null) tree = this._defaultTree();
    else if (typeof option === 'string') tree = treeFromPaths(option.split(','));
    else if (Array.isArray(option))
      tree = treeFromPaths(option.flatMap((o) => String(o).split(',')));
    else tree = treeFromObject(option);
    if (!Object.keys(tree).length) tree = this._defaultTree();
    tree = this._normaliseTree(tree);
    this.context._enqueue([this._id, 'query', tree], () => {
      this.context._loads.push(this._snapshot(tree));
    });
    return this;
  }

  /** The values a query returns (read at this point of the request). */
  _snapshot(tree: LoadTree | true): Snapshot {
    const t = this._resolve();
    const snap: Snapshot = {
      proxy: this as ClientObject<unknown>,
      isNull: t === null,
      fields: {},
      children: {},
    };
    if (t === null) return snap;
    const effective = tree === true ? this._defaultTree() : tree;
    for (const [key, sub] of Object.entries(effective)) {
      if (this._scalarNames().includes(key)) {
        snap.fields[key] = this._read(t, key);
      } else if (this._navNames().includes(key)) {
        const child = (this as unknown as Record<string, ClientObject<unknown>>)[key];
        snap.children[key] = child._snapshot(sub);
      } else {
        throw officeError(
          'InvalidArgument',
          `(${this._typeName} has no loadable property "${key}".)`,
          `${this._typeName}.load`,
        );
      }
    }
    return snap;
  }

  _deliver(s: Snapshot): void {
    if (s.isNull) return;
    for (const [k, v] of Object.entries(s.fields)) this._fields.set(k, v);
    for (const c of Object.values(s.children)) c.proxy._deliver(c);
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._fields);
  }
}

/** A collection proxy: `items` after a load. Other load keys are item properties ('name' = 'items/name'). */
export abstract class ClientCollection<T, I extends ClientObject<unknown>> extends ClientObject<T> {
  _items: I[] | undefined = undefined;

  /** Proxies for the collection's current members (created while a request is applied). */
  abstract _itemProxies(target: T): I[];

  get items(): I[] {
    if (this._isNull === true) return undefined as unknown as I[];
    if (!this._items) throw notLoaded(this._typeName, 'items');
    return this._items;
  }

  override _scalarNames(): readonly string[] {
    return [];
  }

  override _read(): unknown {
    return undefined;
  }

  override _defaultTree(): LoadTree {
    return { items: true };
  }

  override _normaliseTree(tree: LoadTree): LoadTree {
    const items: LoadTree = {};
    let any = false;
    for (const [k, v] of Object.entries(tree)) {
      if (k === 'items') {
        if (v === true) continue;
        Object.assign(items, v);
      } else items[k] = v;
      any = true;
    }
    return { items: any ? items : true };
  }

  override _snapshot(tree: LoadTree | true): Snapshot {
    const t = this._resolve();
    const snap: Snapshot = {
      proxy: this as ClientObject<unknown>,
      isNull: t === null,
      fields: {},
      children: {},
    };
    if (t === null) return snap;
    const sub = tree === true ? true : (tree.items ?? true);
    snap.items = this._itemProxies(t).map((p) => p._snapshot(sub));
    return snap;
  }

  override _deliver(s: Snapshot): void {
    if (s.isNull) return;
    this._items = (s.items ?? []).map((i) => {
      i.proxy._deliver(i);
      return i.proxy as I;
    });
  }

  override toJSON(): Record<string, unknown> {
    return { items: this._items?.map((i) => i.toJSON()) };
  }
}

export interface EventHandlerResult {
  readonly context: BatchCore;
  remove(): void;
}

type Handler = (args: Record<string, unknown>) => unknown;

/** `OfficeExtension.EventHandlers`: registrations are sent with the next sync. */
export class EventHandlers {
  private readonly registered = new Map<Handler, Handler>();

  constructor(
    private readonly context: BatchCore,
    private readonly owner: ClientObject<unknown>,
    private readonly name: string,
    private readonly handlersOf: () => Set<Handler> | null,
  ) {}

  add(handler: Handler): EventHandlerResult {
    if (typeof handler !== 'function')
      throw officeError('InvalidArgument', undefined, `${this.name}.add`);
    const wrapped: Handler = (args) => handler(args);
    this.registered.set(handler, wrapped);
    this.context._enqueue([this.owner._id, 'register', this.name], () => {
      this.handlersOf()?.add(wrapped);
    });
    return {
      context: this.context,
      remove: () => this.removeWrapped(wrapped),
    };
  }

  remove(handler: Handler): void {
    const wrapped = this.registered.get(handler);
    if (wrapped) this.removeWrapped(wrapped);
  }

  private removeWrapped(wrapped: Handler): void {
    this.context._enqueue([this.owner._id, 'unregister', this.name], () => {
      this.handlersOf()?.delete(wrapped);
    });
  }
}
