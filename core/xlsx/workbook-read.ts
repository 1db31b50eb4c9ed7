/**
 * An .xlsx / .xlsm workbook seen as an OPC package of parts, read with plain string scanning.
 * Host-independent (plain Uint8Array and strings, no Node modules): the command line and the
 * Excel add-in share it, each giving the zip reader its own raw-deflate inflater.
 *
 * Reads only what the engine needs and keeps the zip as it is, so a writer can patch a few parts
 * and copy every other one unchanged. Reading goes part by part, one module per kind of part:
 * content types, relationships, the workbook, shared strings, styles, worksheets.
 */
import type { DefinedName, SheetData } from '../cells.js';
import { parseRange } from '../cells.js';
import { CONTENT_TYPES_PART, contentTypeIn } from './content-types.js';
import {
  decodePart,
  encodePart,
  PartEncodingError,
  type PartEncoding,
  UTF8,
} from './part-encoding.js';
import { damaged, notAWorkbook, WorkbookReadError } from './read-error.js';
import { readRelationships, relsPathOf, type Relationship } from './relationships.js';
import { readCheckedSharedStrings, readSharedStrings } from './shared-strings.js';
import { NumberFormats } from './styles-part.js';
import { readWorkbookPart, type SheetRef } from './workbook-part.js';
import { readCheckedWorksheet, readWorksheet } from './worksheet-part.js';
import { xmlProblem } from './xml-check.js';
import { firstElement, getAttr } from './xml-scan.js';
import {
  type InflateRaw,
  MB,
  ZipError,
  ZipLimitError,
  type ZipLimits,
  ZipReader,
} from './zip-read.js';

export { notAWorkbook, WorkbookReadError } from './read-error.js';

const NO_WORKBOOK = /^not an Excel workbook: no workbook part/;
export { decodeXml } from './xml-scan.js';
export type { Relationship } from './relationships.js';
export type { SheetRef } from './workbook-part.js';

/** A zip problem met while reading, worded for the user. */
function zipReadError(err: ZipError, limits?: ZipLimits): WorkbookReadError {
  if (err instanceof ZipLimitError) {
    const mb = Math.round(err.limit / MB).toLocaleString('en-GB');
    const hint = limits?.hint ? ` (${limits.hint})` : '';
    return new WorkbookReadError(
      err.kind === 'part'
        ? `the part ${err.entry} would take more than ${mb} MB once unpacked, the most plan-sync reads from one part${hint}; it was not read: a real workbook this large is unlikely, so the file is probably damaged`
        : `the workbook would take more than ${mb} MB once unpacked (reached at part ${err.entry}), the most plan-sync reads${hint}; it was not read`,
    );
  }
  return new WorkbookReadError(`the workbook file is damaged: ${err.message}`);
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
  /** Parts found damaged or too large, with the error said (see `refuse`). */
  private readonly refusedParts = new Map<string, WorkbookReadError>();
  private readonly encodings = new Map<string, PartEncoding>();
  private readonly relsCache = new Map<string, Relationship[]>();
  private readonly lowerNames: Map<string, string>;
  private sst: string[] | undefined;
  private numFmts: NumberFormats | undefined;

  /** Use `open` (or `openWith`): they turn every failure into a WorkbookReadError. */
  protected constructor(zip: ZipReader) {
    this.zip = zip;
    this.lowerNames = new Map();
    for (const e of zip.entries) {
      const lower = e.name.toLowerCase();
      const first = this.lowerNames.get(lower);
      // Two parts of one name: which one is meant cannot be known, and both would be copied.
      if (first !== undefined)
        throw damaged(
          'the workbook',
          first === e.name
            ? `it holds two parts named "${first}"`
            : `it holds two parts named "${first}" and "${e.name}" (part names ignore case)`,
        );
      this.lowerNames.set(lower, e.name);
    }

    // Relationships of the package, then the workbook part they point at.
    const officeDoc = this.relsOf('').find(
      (r) => r.type.endsWith('/officeDocument') && r.targetMode !== 'External',
    );
    let workbookPath = officeDoc ? this.partName(officeDoc.path) : undefined;
    if (!officeDoc && zip.has('xl/workbook.xml')) workbookPath = 'xl/workbook.xml';
    if (!workbookPath) throw new WorkbookReadError('not an Excel workbook: no workbook part');
    this.workbookPath = workbookPath;
    this.workbookXml = this.text(workbookPath);

    const workbook = readWorkbookPart(this.workbookXml, this.relsOf(workbookPath));
    this.sheets = workbook.sheets;
    this.date1904 = workbook.date1904;
    this.definedNames = workbook.definedNames;
    this.isMacroEnabled = /macroEnabled/i.test(this.contentTypeOf(workbookPath) ?? '');
  }

  /**
   * Opens a workbook from its bytes; `inflateRaw` decompresses the deflated zip entries, within
   * `limits` (by default 500 MB a part).
   */
  static open(bytes: Uint8Array, inflateRaw: InflateRaw, limits?: ZipLimits): XlsxPackage {
    return XlsxPackage.openWith(
      bytes,
      (b) => ZipReader.open(b, inflateRaw, undefined, limits),
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
      if (err instanceof ZipError) throw zipReadError(err, zip.limits);
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

  /**
   * An XML part's text (cached), decoded in the encoding it declares. Throws WorkbookReadError
   * when the part is missing, too large, or not well-formed XML: a damaged part is never half read.
   */
  text(path: string): string {
    const cached = this.textCache.get(path);
    if (cached !== undefined) return cached;
    return this.checked(path, this.decoded(path));
  }

  /**
   * Lets go of a part's text: a sheet being replaced need not be held while its new version is
   * written. Asked for again, the part is read (and checked) again.
   */
  forgetText(path: string): void {
    this.textCache.delete(path);
  }

  /** A part's text, decoded but not yet checked. */
  private decoded(path: string): { text: string; encoding: PartEncoding } {
    const refused = this.refusedParts.get(path);
    if (refused) throw refused;
    const name = this.partName(path);
    if (name === undefined) throw new WorkbookReadError(`the workbook has no part ${path}`);
    let bytes: Uint8Array;
    try {
      bytes = this.zip.read(name);
    } catch (err) {
      if (err instanceof ZipError) throw this.refuse(path, zipReadError(err, this.zip.limits));
      throw err;
    }
    try {
      return decodePart(bytes);
    } catch (err) {
      if (err instanceof PartEncodingError) {
        throw this.refuse(path, damaged(this.describe(path), err.message));
      }
      throw err;
    }
  }

  /**
   * `err`, remembered for the part: asked for again (a one-pass sheet reader that met it leaves
   * the sheet to the general reader, which asks again), the part is refused with the same words,
   * not unpacked again towards the total limit.
   */
  private refuse(path: string, err: WorkbookReadError): WorkbookReadError {
    this.refusedParts.set(path, err);
    return err;
  }

  /** The text of a part once checked well-formed (then cached), or a WorkbookReadError saying why not. */
  private checked(path: string, decoded: { text: string; encoding: PartEncoding }): string {
    const problem = xmlProblem(decoded.text);
    if (problem) throw this.refuse(path, damaged(this.describe(path), problem));
    return this.keep(path, decoded);
  }

  private keep(path: string, decoded: { text: string; encoding: PartEncoding }): string {
    this.textCache.set(path, decoded.text);
    this.encodings.set(path, decoded.encoding);
    return decoded.text;
  }

  /**
   * A part read by `onePass` in the pass that checks it, when it is not read yet and `onePass`
   * can (not null); otherwise checked, then read by `read`.
   */
  private readPart<T>(
    path: string,
    onePass: (text: string) => T | null,
    read: (text: string) => T,
  ): T {
    const cached = this.textCache.get(path);
    if (cached !== undefined) return read(cached);
    const decoded = this.decoded(path);
    const result = onePass(decoded.text);
    if (result === null) return read(this.checked(path, decoded));
    this.keep(path, decoded);
    return result;
  }

  /** The encoding a part was read in (UTF-8 for a part not read, or new). */
  encodingOf(path: string): PartEncoding {
    return this.encodings.get(path) ?? UTF8;
  }

  /** The bytes of new text for part `path`, in the encoding the part was read in. */
  encodeText(path: string, text: string): Uint8Array {
    return encodePart(text, this.encodingOf(path));
  }

  /** How messages name a part: the sheet it holds when it is a sheet. */
  private describe(path: string): string {
    const sheet = this.sheets?.find((s) => s.path === path);
    return sheet ? `sheet "${sheet.name}" (${path})` : `the part ${path} of the workbook`;
  }

  /** Relationships of a part, from '<dir>/_rels/<file>.rels'; '' gives the package's own. [] when absent. */
  relsOf(partPath: string): Relationship[] {
    const cached = this.relsCache.get(partPath);
    if (cached) return cached;
    const relsPath = relsPathOf(partPath);
    const rels =
      this.partName(relsPath) !== undefined
        ? readRelationships(this.text(relsPath), partPath, (p) => this.partName(p))
        : [];
    this.relsCache.set(partPath, rels);
    return rels;
  }

  /** The content type of a part from [Content_Types].xml (Override, then Default by extension). */
  contentTypeOf(path: string): string | undefined {
    if (!this.hasPart(CONTENT_TYPES_PART)) return undefined;
    return contentTypeIn(this.text(CONTENT_TYPES_PART), path);
  }

  /** The internal part the workbook relates to with a relationship of this type (`/styles`...). */
  private workbookPartOfType(type: string): string | undefined {
    const rel = this.relsOf(this.workbookPath).find((r) => r.type.endsWith(type));
    return rel && rel.targetMode !== 'External' ? rel.path : undefined;
  }

  /** Shared strings (lazy); rich-text runs concatenated, phonetic runs left out, `_xHHHH_` decoded. */
  sharedStrings(): string[] {
    if (this.sst) return this.sst;
    let path = this.workbookPartOfType('/sharedStrings');
    if (path === undefined && this.hasPart('xl/sharedStrings.xml')) path = 'xl/sharedStrings.xml';
    this.sst =
      path !== undefined && this.hasPart(path)
        ? this.readPart(path, readCheckedSharedStrings, readSharedStrings)
        : [];
    return this.sst;
  }

  /** Number format code of cellXfs[styleIndex]; undefined for General (or an unknown style). */
  numFmtOfStyle(styleIndex: number): string | undefined {
    if (!this.numFmts) {
      const path = this.workbookPartOfType('/styles');
      this.numFmts = new NumberFormats(
        path !== undefined && this.hasPart(path) ? this.text(path) : undefined,
      );
    }
    return this.numFmts.ofStyle(styleIndex);
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
    const sheet = this.readPart(
      ref.path,
      (text) => readCheckedWorksheet(text, name, this),
      (text) => readWorksheet(text, name, this),
    );

    for (const rel of this.relsOf(ref.path)) {
      if (!rel.type.endsWith('/table') || rel.targetMode === 'External') continue;
      if (!this.hasPart(rel.path)) continue;
      const xml = this.text(rel.path);
      const table = firstElement(xml, 'table');
      const r = table ? getAttr(xml.slice(table.start, table.openEnd), 'ref') : undefined;
      const range = r ? parseRange(r) : null;
      if (range) sheet.tables.push(range);
    }
    return sheet;
  }
}
