/**
 * An .xlsx / .xlsm workbook seen as an OPC package of parts, read with plain string scanning.
 * Host-independent (plain Uint8Array and strings, no Node modules): the command line and the
 * Excel add-in share it, each giving the zip reader its own raw-deflate inflater.
 *
 * Reads only what the engine needs (sheets, cells, names, merges, tables, protection) and
 * keeps the zip as it is, so a writer can patch a few parts and copy every other one unchanged.
 * Elements may carry any namespace prefix (`<x:c>`), attributes any quote style and order.
 */
import type { Cell, CellRange, CellValue, DefinedName, SheetData } from '../cells.js';
import { parseRange } from '../cells.js';
import { notAWorkbookReason, sniffFileKind, type FileKind } from './file-kind.js';
import { type InflateRaw, ZipError, ZipReader } from './zip-read.js';

/** A problem with the workbook file, worded for the user (one line, no stack needed). */
export class WorkbookReadError extends Error {
  override name = 'WorkbookReadError';
  constructor(
    message: string,
    /** Set when the file is not a workbook at all: what it is instead (a CSV, an .xls...). */
    readonly kind?: FileKind,
  ) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

/** The error for a file that is not an .xlsx package, saying what it is instead. */
export function notAWorkbook(bytes: Uint8Array): WorkbookReadError {
  const kind = sniffFileKind(bytes);
  return new WorkbookReadError(notAWorkbookReason(kind), kind);
}

const NO_WORKBOOK = /^not an Excel workbook: no workbook part/;

export interface Relationship {
  id: string;
  type: string;
  target: string;
  targetMode?: string;
  /** Resolved package path for internal targets, e.g. 'xl/worksheets/sheet1.xml'; '' for external ones. */
  path: string;
}

export interface SheetRef {
  name: string;
  sheetId: string;
  rId: string;
  /** Package path of the sheet part; '' when its relationship is missing. */
  path: string;
  kind: 'worksheet' | 'chartsheet' | 'other';
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Position in <sheets>, 0-based (= localSheetId). */
  index: number;
}

const STRICT_NS = 'http://purl.oclc.org/ooxml/spreadsheetml/main';

/** Built-in number formats (ECMA-376 Part 1, 18.8.30) that are not General. */
const BUILTIN_NUM_FMTS: Record<number, string> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"$"#,##0_);("$"#,##0)',
  6: '"$"#,##0_);[Red]("$"#,##0)',
  7: '"$"#,##0.00_);("$"#,##0.00)',
  8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  // 27-36 and 50-58 depend on the locale (East Asian dates); these are the ja-JP forms.
  27: '[$-411]ge.m.d',
  28: '[$-411]ggge"年"m"月"d"日"',
  29: '[$-411]ggge"年"m"月"d"日"',
  30: 'm/d/yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"時"mm"分"',
  33: 'h"時"mm"分"ss"秒"',
  34: 'yyyy"年"m"月"',
  35: 'm"月"d"日"',
  36: '[$-411]ge.m.d',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
  42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
  44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: '[$-411]ge.m.d',
  51: '[$-411]ggge"年"m"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: '[$-411]ggge"年"m"月"d"日"',
  55: 'yyyy"年"m"月"',
  56: 'm"月"d"日"',
  57: '[$-411]ge.m.d',
  58: '[$-411]ggge"年"m"月"d"日"',
};

// ---------------------------------------------------------------------------------------------
// XML scanning helpers

/** An optional namespace prefix, captured with its colon. */
const PREFIX = '([A-Za-z_][\\w.-]*:)?';
/** Attribute text up to the end of a start tag (quoted values may hold '>'); lazy. */
const ATTRS = '((?:[^>"\']|"[^"]*"|\'[^\']*\')*?)';

const tagReCache = new Map<string, RegExp>();

/** Start tags of an element with local name `local` (or one of `a|b`): [prefix, local, attrs, '/'?]. */
function tagRe(local: string): RegExp {
  let re = tagReCache.get(local);
  if (!re) {
    re = new RegExp(`<${PREFIX}(${local})(?=[\\s/>])${ATTRS}(/?)>`, 'g');
    tagReCache.set(local, re);
  }
  // A fresh copy: generators over the same element name may be suspended inside one another.
  return new RegExp(re);
}

interface Element {
  prefix: string;
  local: string;
  attrs: string;
  /** Index of the '<' of the start tag. */
  start: number;
  /** Content between the start and end tags ('' when self-closing). */
  inner: string;
  /** Index just after the end tag (or the self-closing start tag). */
  end: number;
}

/** Index of the end tag `</prefix:local>` at or after `from`, and the index after it. */
function findClose(xml: string, prefix: string, local: string, from: number): [number, number] {
  const open = `</${prefix}${local}`;
  let i = from;
  for (;;) {
    const at = xml.indexOf(open, i);
    if (at < 0) return [-1, -1];
    let j = at + open.length;
    while (
      j < xml.length &&
      (xml[j] === ' ' || xml[j] === '\t' || xml[j] === '\n' || xml[j] === '\r')
    ) {
      j++;
    }
    if (xml[j] === '>') return [at, j + 1];
    i = at + open.length;
  }
}

/** All elements with the local name (any prefix) in `xml` between `from` and `to`; not nested ones. */
function* elements(xml: string, local: string, from = 0, to = xml.length): Generator<Element> {
  const re = tagRe(local);
  re.lastIndex = from;
  for (;;) {
    const m = re.exec(xml);
    if (!m || m.index >= to) return;
    const prefix = m[1] ?? '';
    const name = m[2];
    if (m[4] === '/') {
      yield { prefix, local: name, attrs: m[3], start: m.index, inner: '', end: re.lastIndex };
      continue;
    }
    const contentStart = re.lastIndex;
    const [closeAt, after] = findClose(xml, prefix, name, contentStart);
    if (closeAt < 0) {
      yield {
        prefix,
        local: name,
        attrs: m[3],
        start: m.index,
        inner: xml.slice(contentStart),
        end: xml.length,
      };
      return;
    }
    const start = m.index;
    yield {
      prefix,
      local: name,
      attrs: m[3],
      start,
      inner: xml.slice(contentStart, closeAt),
      end: after,
    };
    re.lastIndex = after;
  }
}

function firstElement(xml: string, local: string, from = 0, to = xml.length): Element | undefined {
  for (const e of elements(xml, local, from, to)) return e;
  return undefined;
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** All attributes of a start tag, entity-decoded, keyed by qualified name. */
function parseAttrs(attrs: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR_RE.exec(attrs))) out[m[1]] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** An attribute by local name, whatever its prefix (`r:id`, `ns1:id`); unprefixed wins. */
function attrLocal(
  a: Record<string, string>,
  local: string,
  prefixedOnly = false,
): string | undefined {
  if (!prefixedOnly && a[local] !== undefined) return a[local];
  for (const key of Object.keys(a)) {
    const colon = key.indexOf(':');
    if (colon >= 0 && key.slice(colon + 1) === local && key.slice(0, colon) !== 'xmlns')
      return a[key];
  }
  return undefined;
}

const attrReCache = new Map<string, RegExp>();

/** One unprefixed attribute from a start tag's attribute text, raw (not entity-decoded). */
function rawAttr(attrs: string, name: string): string | undefined {
  if (attrs.length === 0) return undefined;
  let re = attrReCache.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrReCache.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

const ENTITY_RE = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

/** Decodes XML character references and the five named entities. */
export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY_RE, (whole, body: string) => {
    switch (body) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Excel's `_xHHHH_` escapes in cell text (`_x000D_` is a carriage return, `_x005F_` an underscore). */
function decodeXString(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

const RPH_RE =
  /<([A-Za-z_][\w.-]*:)?rPh(?=[\s/>])(?:(?:[^>"']|"[^"]*"|'[^']*')*?\/>|[\s\S]*?<\/\1?rPh\s*>)/g;
const T_RE = /<([A-Za-z_][\w.-]*:)?t(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/** The text of a string item (<si> or <is> content): every <t>, phonetic runs (<rPh>) left out. */
function stringItemText(inner: string): string {
  let xml = inner;
  if (xml.indexOf('rPh') >= 0) xml = xml.replace(RPH_RE, '');
  let text = '';
  T_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = T_RE.exec(xml))) {
    if (m[3] === '/') continue;
    const [closeAt, after] = findClose(xml, m[1] ?? '', 't', T_RE.lastIndex);
    if (closeAt < 0) break;
    text += xml.slice(T_RE.lastIndex, closeAt);
    T_RE.lastIndex = after;
  }
  return decodeXString(decodeXml(text));
}

// Hand-written scanning for the hot path (cells). Results go to module variables to avoid
// allocating per tag; the functions are synchronous and never re-entered.

let nameLocalStart = 0;
let tagEnd = 0;
let selfClosing = false;
let attrR: string | undefined;
let attrS: string | undefined;
let attrT: string | undefined;

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

/** Scans a (possibly prefixed) element name starting at `i`; sets nameLocalStart; returns its end. */
function scanName(xml: string, i: number): number {
  nameLocalStart = i;
  for (;;) {
    const ch = xml.charCodeAt(i);
    if (ch === 58) nameLocalStart = i + 1;
    else if (isSpace(ch) || ch === 62 || ch === 47 || Number.isNaN(ch)) return i;
    i++;
  }
}

/**
 * Scans the attributes of a start tag from `i` (just after its name) to its end; sets tagEnd,
 * selfClosing and the unprefixed attributes r, s and t (raw). Quoted values may hold '>'.
 */
function scanAttrs(xml: string, i: number): void {
  attrR = attrS = attrT = undefined;
  for (;;) {
    let ch = xml.charCodeAt(i);
    while (isSpace(ch)) ch = xml.charCodeAt(++i);
    if (ch === 62) {
      tagEnd = i + 1;
      selfClosing = false;
      return;
    }
    if (ch === 47) {
      if (xml.charCodeAt(i + 1) === 62) {
        tagEnd = i + 2;
        selfClosing = true;
        return;
      }
      i++;
      continue;
    }
    if (Number.isNaN(ch)) {
      tagEnd = xml.length;
      selfClosing = true;
      return;
    }
    const nameStart = i;
    while (ch !== 61 && ch !== 62 && ch !== 47 && !isSpace(ch) && !Number.isNaN(ch)) {
      ch = xml.charCodeAt(++i);
    }
    const nameEnd = i;
    while (isSpace(ch)) ch = xml.charCodeAt(++i);
    if (ch !== 61) continue; // no value: malformed, carry on from here
    ch = xml.charCodeAt(++i);
    while (isSpace(ch)) ch = xml.charCodeAt(++i);
    if (ch !== 34 && ch !== 39) continue;
    const close = xml.indexOf(ch === 34 ? '"' : "'", i + 1);
    if (close < 0) {
      tagEnd = xml.length;
      selfClosing = true;
      return;
    }
    if (nameEnd - nameStart === 1) {
      const n = xml.charCodeAt(nameStart);
      if (n === 114) attrR = xml.slice(i + 1, close);
      else if (n === 115) attrS = xml.slice(i + 1, close);
      else if (n === 116) attrT = xml.slice(i + 1, close);
    }
    i = close + 1;
  }
}

/** Index after an end tag, comment, processing instruction or declaration starting at `lt`. */
function skipMarkup(xml: string, lt: number): number {
  let end: number;
  if (xml.startsWith('<!--', lt)) {
    end = xml.indexOf('-->', lt + 4);
    return end < 0 ? xml.length : end + 3;
  }
  if (xml.startsWith('<![CDATA[', lt)) {
    end = xml.indexOf(']]>', lt + 9);
    return end < 0 ? xml.length : end + 3;
  }
  if (xml.charCodeAt(lt + 1) === 63) {
    end = xml.indexOf('?>', lt + 2);
    return end < 0 ? xml.length : end + 2;
  }
  end = xml.indexOf('>', lt + 1);
  return end < 0 ? xml.length : end + 1;
}

/** Index of the end tag `open` + '>' (e.g. `</x:v`, whitespace allowed before '>') at or after `from`; -1 if none. */
function findEndTag(xml: string, open: string, from: number): number {
  let i = from;
  for (;;) {
    const at = xml.indexOf(open, i);
    if (at < 0) return -1;
    let j = at + open.length;
    while (isSpace(xml.charCodeAt(j))) j++;
    if (xml.charCodeAt(j) === 62) return at;
    i = j;
  }
}

let refRow = 0;
let refCol = 0;

/** Parses an A1 reference into refRow/refCol; false when it is not one. */
function parseCellRef(ref: string): boolean {
  let i = 0;
  let col = 0;
  const n = ref.length;
  if (i < n && ref.charCodeAt(i) === 36) i++; // $
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  if (i < n && ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const digitsStart = i;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 48 && c <= 57) row = row * 10 + (c - 48);
    else return false;
  }
  if (col === 0 || i === digitsStart || row === 0) return false;
  refRow = row;
  refCol = col;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Paths and dates

/** Joins a relationship target onto the folder of the part that owns it; resolves `.` and `..`. */
function resolveTarget(baseDir: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  const hash = t.indexOf('#');
  if (hash >= 0) t = t.slice(0, hash);
  const joined = t.startsWith('/') ? t.slice(1) : baseDir ? `${baseDir}/${t}` : t;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

const MS_PER_DAY = 86_400_000;

/** Excel serial for ISO 8601 text (`2024-01-04`, `2024-01-04T12:30:00`, `T12:30`); null if not one. */
function serialFromIso(text: string, date1904: boolean): number | null {
  const m =
    /^\s*(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$/.exec(
      text,
    );
  if (!m || (m[1] === undefined && m[4] === undefined)) return null;
  const fraction =
    m[4] === undefined
      ? 0
      : (Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6] ?? 0) + Number(`0.${m[7] ?? 0}`)) /
        86400;
  if (m[1] === undefined) return fraction; // a time of day alone
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    return null;
  }
  let days: number;
  if (date1904) {
    days = (ms - Date.UTC(1904, 0, 1)) / MS_PER_DAY;
  } else {
    days = (ms - Date.UTC(1899, 11, 30)) / MS_PER_DAY;
    if (days < 61) days -= 1; // before 1 Mar 1900: Excel's fictitious 29 Feb 1900 is not counted
  }
  return days + fraction;
}

// ---------------------------------------------------------------------------------------------

interface Styles {
  /** numFmtId of each cellXfs entry. */
  xfNumFmtIds: number[];
  custom: Map<number, string>;
}

export class XlsxPackage {
  readonly zip: ZipReader;
  readonly workbookPath: string;
  readonly workbookXml: string;
  readonly sheets: SheetRef[];
  readonly date1904: boolean;
  readonly definedNames: DefinedName[];
  readonly isMacroEnabled: boolean;

  private readonly textCache = new Map<string, string>();
  private readonly relsCache = new Map<string, Relationship[]>();
  private readonly lowerNames: Map<string, string>;
  private sst: string[] | undefined;
  private styles: Styles | undefined;
  private readonly numFmtCache = new Map<number, string | undefined>();

  /** Use `open` (or `openWith`): they turn every failure into a WorkbookReadError. */
  protected constructor(zip: ZipReader) {
    this.zip = zip;
    this.lowerNames = new Map();
    for (const e of zip.entries) {
      const lower = e.name.toLowerCase();
      if (!this.lowerNames.has(lower)) this.lowerNames.set(lower, e.name);
    }

    const officeDoc = this.relsOf('').find(
      (r) => r.type.endsWith('/officeDocument') && r.targetMode !== 'External',
    );
    let workbookPath = officeDoc ? this.partName(officeDoc.path) : undefined;
    if (!officeDoc && zip.has('xl/workbook.xml')) workbookPath = 'xl/workbook.xml';
    if (!workbookPath) throw new WorkbookReadError('not an Excel workbook: no workbook part');
    this.workbookPath = workbookPath;
    this.workbookXml = this.text(workbookPath);

    const root = /<([A-Za-z_][\w.-]*:)?workbook(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*?)\/?>/.exec(
      this.workbookXml,
    );
    if (!root) throw new WorkbookReadError('not an Excel workbook: no workbook part');
    if (this.workbookXml.includes(STRICT_NS)) {
      throw new WorkbookReadError(
        "Strict Open XML workbooks are not supported; save as 'Excel Workbook (.xlsx)'",
      );
    }

    const wbPr = firstElement(this.workbookXml, 'workbookPr');
    const d1904 = wbPr ? parseAttrs(wbPr.attrs).date1904 : undefined;
    this.date1904 = d1904 === '1' || d1904 === 'true';

    const wbRels = this.relsOf(workbookPath);
    const sheets: SheetRef[] = [];
    const sheetsEl = firstElement(this.workbookXml, 'sheets');
    if (sheetsEl) {
      for (const el of elements(sheetsEl.inner, 'sheet')) {
        const a = parseAttrs(el.attrs);
        const rId = attrLocal(a, 'id', true) ?? '';
        const rel = wbRels.find((r) => r.id === rId);
        let kind: SheetRef['kind'] = 'other';
        if (rel?.type.endsWith('/worksheet')) kind = 'worksheet';
        else if (rel?.type.endsWith('/chartsheet')) kind = 'chartsheet';
        const state = a.state === 'hidden' || a.state === 'veryHidden' ? a.state : 'visible';
        sheets.push({
          name: a.name ?? '',
          sheetId: a.sheetId ?? '',
          rId,
          path: rel && rel.targetMode !== 'External' ? rel.path : '',
          kind,
          state,
          index: sheets.length,
        });
      }
    }
    this.sheets = sheets;

    const names: DefinedName[] = [];
    const namesEl = firstElement(this.workbookXml, 'definedNames');
    if (namesEl) {
      for (const el of elements(namesEl.inner, 'definedName')) {
        const a = parseAttrs(el.attrs);
        const dn: DefinedName = { name: a.name ?? '', ref: decodeXml(el.inner) };
        if (a.localSheetId !== undefined) {
          const scope = sheets[Number(a.localSheetId)];
          if (scope) dn.scope = scope.name;
        }
        if (a.hidden === '1' || a.hidden === 'true') dn.hidden = true;
        if (a.comment !== undefined) dn.comment = decodeXml(a.comment);
        names.push(dn);
      }
    }
    this.definedNames = names;

    this.isMacroEnabled = /macroEnabled/i.test(this.contentTypeOf(workbookPath) ?? '');
  }

  /** Opens a workbook from its bytes; `inflateRaw` decompresses the deflated zip entries. */
  static open(bytes: Uint8Array, inflateRaw: InflateRaw): XlsxPackage {
    return XlsxPackage.openWith(
      bytes,
      (b) => ZipReader.open(b, inflateRaw),
      (zip) => new XlsxPackage(zip),
    );
  }

  /**
   * `open` with the host's own zip reader and package class: `openZip` reads the archive,
   * `make` builds the package from it (e.g. `(zip) => new NodeXlsxPackage(zip)` in a subclass).
   * Refuses old .xls and encrypted files; every zip problem becomes a WorkbookReadError.
   */
  static openWith<Z extends ZipReader, P extends XlsxPackage>(
    bytes: Uint8Array,
    openZip: (bytes: Uint8Array) => Z,
    make: (zip: Z) => P,
  ): P {
    // An old .xls or a password-protected workbook is a compound file, not a zip.
    if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf) throw notAWorkbook(bytes);
    let zip: Z;
    try {
      zip = openZip(bytes);
    } catch (err) {
      if (err instanceof ZipError && !/^not a zip file/.test(err.message)) {
        throw new WorkbookReadError(`cannot read this workbook: ${err.message}`);
      }
      throw notAWorkbook(bytes);
    }
    try {
      return make(zip);
    } catch (err) {
      if (err instanceof ZipError) {
        throw new WorkbookReadError(`the workbook file is damaged: ${err.message}`);
      }
      // A zip without a workbook: an .ods, a Word document, any other archive.
      if (
        err instanceof WorkbookReadError &&
        err.kind === undefined &&
        NO_WORKBOOK.test(err.message)
      ) {
        const other = notAWorkbook(bytes);
        if (other.kind !== 'xlsx') throw other;
      }
      throw err;
    }
  }

  /** The zip entry name for a package path (exact, then percent-decoded, then case-insensitive). */
  private partName(path: string): string | undefined {
    if (this.zip.has(path)) return path;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // not percent-encoded
    }
    if (decoded !== path && this.zip.has(decoded)) return decoded;
    return this.lowerNames.get(path.toLowerCase()) ?? this.lowerNames.get(decoded.toLowerCase());
  }

  /** True when the package holds the part (OPC part names are case-insensitive). */
  hasPart(path: string): boolean {
    return this.partName(path) !== undefined;
  }

  /** A part's text (cached). Throws WorkbookReadError when the part is missing or damaged. */
  text(path: string): string {
    const cached = this.textCache.get(path);
    if (cached !== undefined) return cached;
    const name = this.partName(path);
    if (name === undefined) throw new WorkbookReadError(`the workbook has no part ${path}`);
    let text: string;
    try {
      text = this.zip.readText(name);
    } catch (err) {
      if (err instanceof ZipError) {
        throw new WorkbookReadError(`the workbook file is damaged: ${err.message}`);
      }
      throw err;
    }
    this.textCache.set(path, text);
    return text;
  }

  /** Relationships of a part, from '<dir>/_rels/<file>.rels'; '' gives the package's own. [] when absent. */
  relsOf(partPath: string): Relationship[] {
    const cached = this.relsCache.get(partPath);
    if (cached) return cached;
    const dir = dirOf(partPath);
    const file = partPath.slice(dir.length ? dir.length + 1 : 0);
    const relsPath = dir ? `${dir}/_rels/${file}.rels` : `_rels/${file}.rels`;
    const rels: Relationship[] = [];
    if (this.partName(relsPath) !== undefined) {
      const xml = this.text(relsPath);
      for (const el of elements(xml, 'Relationship')) {
        const a = parseAttrs(el.attrs);
        const target = a.Target ?? '';
        const rel: Relationship = { id: a.Id ?? '', type: a.Type ?? '', target, path: '' };
        if (a.TargetMode !== undefined) rel.targetMode = a.TargetMode;
        if (a.TargetMode !== 'External') {
          const resolved = resolveTarget(dir, target);
          rel.path = this.partName(resolved) ?? resolved;
        }
        rels.push(rel);
      }
    }
    this.relsCache.set(partPath, rels);
    return rels;
  }

  /** The content type of a part from [Content_Types].xml (Override, then Default by extension). */
  contentTypeOf(path: string): string | undefined {
    if (!this.hasPart('[Content_Types].xml')) return undefined;
    const xml = this.text('[Content_Types].xml');
    const partName = `/${path}`.toLowerCase();
    for (const el of elements(xml, 'Override')) {
      const a = parseAttrs(el.attrs);
      if ((a.PartName ?? '').toLowerCase() === partName) return a.ContentType;
    }
    const dot = path.lastIndexOf('.');
    const ext = dot >= 0 ? path.slice(dot + 1).toLowerCase() : '';
    for (const el of elements(xml, 'Default')) {
      const a = parseAttrs(el.attrs);
      if ((a.Extension ?? '').toLowerCase() === ext) return a.ContentType;
    }
    return undefined;
  }

  /** Shared strings (lazy); rich-text runs concatenated, phonetic runs left out, `_xHHHH_` decoded. */
  sharedStrings(): string[] {
    if (this.sst) return this.sst;
    const rel = this.relsOf(this.workbookPath).find((r) => r.type.endsWith('/sharedStrings'));
    let path = rel && rel.targetMode !== 'External' ? rel.path : undefined;
    if (path === undefined && this.hasPart('xl/sharedStrings.xml')) path = 'xl/sharedStrings.xml';
    const out: string[] = [];
    if (path !== undefined && this.hasPart(path)) {
      const xml = this.text(path);
      for (const el of elements(xml, 'si')) out.push(stringItemText(el.inner));
    }
    this.sst = out;
    return out;
  }

  private loadStyles(): Styles {
    if (this.styles) return this.styles;
    const styles: Styles = { xfNumFmtIds: [], custom: new Map() };
    const rel = this.relsOf(this.workbookPath).find((r) => r.type.endsWith('/styles'));
    const path = rel && rel.targetMode !== 'External' ? rel.path : undefined;
    if (path !== undefined && this.hasPart(path)) {
      const xml = this.text(path);
      const numFmts = firstElement(xml, 'numFmts');
      if (numFmts) {
        for (const el of elements(numFmts.inner, 'numFmt')) {
          const a = parseAttrs(el.attrs);
          if (a.numFmtId !== undefined && a.formatCode !== undefined) {
            styles.custom.set(Number(a.numFmtId), a.formatCode);
          }
        }
      }
      const cellXfs = firstElement(xml, 'cellXfs');
      if (cellXfs) {
        for (const el of elements(cellXfs.inner, 'xf')) {
          const id = rawAttr(el.attrs, 'numFmtId');
          styles.xfNumFmtIds.push(id === undefined ? 0 : Number(id));
        }
      }
    }
    this.styles = styles;
    return styles;
  }

  /** Number format code of cellXfs[styleIndex]; undefined for General (or an unknown style). */
  numFmtOfStyle(styleIndex: number): string | undefined {
    if (this.numFmtCache.has(styleIndex)) return this.numFmtCache.get(styleIndex);
    const styles = this.loadStyles();
    const id = styles.xfNumFmtIds[styleIndex];
    let code: string | undefined;
    if (id !== undefined && Number.isFinite(id))
      code = styles.custom.get(id) ?? BUILTIN_NUM_FMTS[id];
    if (code !== undefined && code.trim().toLowerCase() === 'general') code = undefined;
    this.numFmtCache.set(styleIndex, code);
    return code;
  }

  /** The sheet named exactly `name`, or undefined. */
  sheet(name: string): SheetRef | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** Cells, merges, tables and protection of a worksheet. */
  readSheet(name: string): SheetData {
    const ref = this.sheet(name);
    if (!ref) throw new WorkbookReadError(`the workbook has no sheet named "${name}"`);
    if (ref.kind !== 'worksheet') {
      const what = ref.kind === 'chartsheet' ? 'a chart sheet' : 'not a worksheet';
      throw new WorkbookReadError(`sheet "${name}" is ${what}, so it has no cells to read`);
    }
    if (!ref.path || !this.hasPart(ref.path)) {
      throw new WorkbookReadError(
        `the workbook is damaged: the part of sheet "${name}" is missing`,
      );
    }
    const xml = this.text(ref.path);
    const sheet: SheetData = {
      name,
      cells: [],
      maxRow: 0,
      maxCol: 0,
      merges: [],
      tables: [],
      protected: false,
    };

    const dataEl = firstElement(xml, 'sheetData');
    let restFrom = 0;
    let before = xml;
    if (dataEl) {
      this.readCells(dataEl.inner, sheet);
      before = xml.slice(0, dataEl.start);
      restFrom = dataEl.end;
    }
    const after = xml.slice(restFrom);

    for (const part of [before, after]) {
      for (const el of elements(part, 'mergeCell')) {
        const r = rawAttr(el.attrs, 'ref');
        const range = r ? parseRange(r) : null;
        if (range) sheet.merges.push(range);
      }
      const prot = firstElement(part, 'sheetProtection');
      if (prot) {
        const s = rawAttr(prot.attrs, 'sheet');
        if (s === '1' || s === 'true') sheet.protected = true;
      }
    }

    for (const rel of this.relsOf(ref.path)) {
      if (!rel.type.endsWith('/table') || rel.targetMode === 'External') continue;
      if (!this.hasPart(rel.path)) continue;
      const table = firstElement(this.text(rel.path), 'table');
      const r = table ? rawAttr(table.attrs, 'ref') : undefined;
      const range: CellRange | null = r ? parseRange(r) : null;
      if (range) sheet.tables.push(range);
    }
    return sheet;
  }

  /**
   * Reads the <row>/<c> elements of the sheetData content. Hand-written scanning (no regex per
   * cell): a 5,000 x 60 sheet takes a small fraction of a second.
   */
  private readCells(xml: string, sheet: SheetData): void {
    const cells = sheet.cells;
    const to = xml.length;
    const fmtCache = new Map<string, string | undefined>();
    let shared: string[] | undefined;
    let row = 0;
    let col = 0;
    let maxRow = 0;
    let maxCol = 0;
    let i = 0;

    while (i < to) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) break;
      const c0 = xml.charCodeAt(lt + 1);
      if (c0 === 47 || c0 === 33 || c0 === 63) {
        i = skipMarkup(xml, lt);
        continue;
      }
      const nameEnd = scanName(xml, lt + 1);
      const localStart = nameLocalStart;
      const localLen = nameEnd - localStart;
      scanAttrs(xml, nameEnd);
      i = tagEnd;
      if (localLen === 3 && xml.startsWith('row', localStart)) {
        const n = attrR === undefined ? NaN : Number(attrR);
        row = Number.isInteger(n) && n > 0 ? n : row + 1;
        col = 0;
        continue;
      }
      if (localLen !== 1 || xml.charCodeAt(localStart) !== 99 /* c */) continue;

      // A cell.
      const r = attrR;
      const s = attrS;
      const t = attrT;
      let cellRow = row;
      if (r !== undefined && parseCellRef(r)) {
        cellRow = refRow;
        col = refCol;
        if (row === 0) row = refRow;
      } else {
        col += 1;
        if (cellRow === 0) cellRow = row = 1;
      }

      let hasFormula = false;
      let v: string | undefined;
      let inline: string | undefined;
      if (!selfClosing) {
        // Children until the cell's end tag; each child is consumed whole.
        for (;;) {
          const clt = xml.indexOf('<', i);
          if (clt < 0) {
            i = to;
            break;
          }
          const k = xml.charCodeAt(clt + 1);
          if (k === 47) {
            i = skipMarkup(xml, clt); // </c>
            break;
          }
          if (k === 33 || k === 63) {
            i = skipMarkup(xml, clt);
            continue;
          }
          const childEnd = scanName(xml, clt + 1);
          const childLocal = nameLocalStart;
          const childLen = childEnd - childLocal;
          scanAttrs(xml, childEnd);
          i = tagEnd;
          const ch = xml.charCodeAt(childLocal);
          const isF = childLen === 1 && ch === 102;
          const isV = childLen === 1 && ch === 118;
          const isIs = childLen === 2 && ch === 105 && xml.charCodeAt(childLocal + 1) === 115;
          if (isF) hasFormula = true;
          if (selfClosing) {
            if (isV) v = '';
            else if (isIs) inline = '';
            continue;
          }
          const endTag =
            childLocal !== clt + 1 || !(isV || isF)
              ? `</${xml.slice(clt + 1, childEnd)}`
              : isV
                ? '</v'
                : '</f';
          const closeAt = findEndTag(xml, endTag, i);
          const inner = xml.slice(i, closeAt < 0 ? to : closeAt);
          if (isV) v = inner;
          else if (isIs) inline = stringItemText(inner);
          i = closeAt < 0 ? to : skipMarkup(xml, closeAt);
        }
      }

      let value: CellValue = null;
      switch (t) {
        case undefined:
        case 'n':
          if (v !== undefined && v.trim() !== '') {
            const num = Number(v);
            value = Number.isNaN(num) ? decodeXml(v) : num;
          }
          break;
        case 's':
          if (v !== undefined && v.trim() !== '') {
            shared ??= this.sharedStrings();
            value = shared[Number(v)] ?? null;
          }
          break;
        case 'str':
          if (v !== undefined) value = decodeXString(decodeXml(v));
          break;
        case 'inlineStr':
          if (inline !== undefined) value = inline;
          else if (v !== undefined) value = decodeXString(decodeXml(v));
          break;
        case 'b':
          if (v !== undefined) {
            const b = v.trim();
            if (b === '1' || b === 'true') value = true;
            else if (b === '0' || b === 'false') value = false;
          }
          break;
        case 'e':
          if (v !== undefined && v.trim() !== '') value = { error: decodeXml(v).trim() };
          break;
        case 'd':
          if (v !== undefined && v.trim() !== '') {
            const text = decodeXml(v);
            value = serialFromIso(text, this.date1904) ?? text;
          }
          break;
        default:
          if (v !== undefined) value = decodeXml(v);
      }

      const cell: Cell = { value };
      if (s !== undefined) {
        let fmt: string | undefined;
        if (fmtCache.has(s)) fmt = fmtCache.get(s);
        else {
          fmt = this.numFmtOfStyle(Number(s));
          fmtCache.set(s, fmt);
        }
        if (fmt !== undefined) cell.numFmt = fmt;
      }
      if (hasFormula) cell.formula = true;

      (cells[cellRow] ??= [])[col] = cell;
      if (cellRow > maxRow) maxRow = cellRow;
      if (col > maxCol) maxCol = col;
    }
    sheet.maxRow = maxRow;
    sheet.maxCol = maxCol;
  }
}
