/**
 * The last check on a package before it is written: every part is where it should be, every part
 * we changed or added reads back as exactly what we meant, is text in the encoding it declares
 * and well-formed XML (no attribute twice, nothing unclosed), and a changed worksheet addresses
 * no cell outside Excel's grid, in the order Excel reads rows and cells. A file that fails is
 * never written. Runs the same checks as the reader: a 50,000-task sheet takes well under a second.
 */

import { decodePart, PartEncodingError } from '../../core/xlsx/part-encoding.js';
import { xmlProblem } from '../../core/xlsx/xml-check.js';
import { worksheetPositionsProblem, WorksheetPositions } from '../../core/xlsx/worksheet-part.js';
import { CONTENT_TYPES_PART } from '../../core/xlsx/content-types.js';
import { damaged, WorkbookReadError } from '../../core/xlsx/read-error.js';
import type { XlsxPackage } from './package.js';
import { scanned } from '../../core/xlsx/xml-scan.js';
import type { XmlVisitor } from '../../core/xlsx/xml-check.js';
import {
  contentSum,
  joinText,
  ZipError,
  ZipReader,
  type EntryContent,
  type PiecedText,
} from './zip.js';
import { SIG_LOCAL } from '../../core/xlsx/zip-read.js';

/** XML parts we check (VML is not XML: Excel writes unclosed <br> in it). */
const XML_PART = /\.(xml|rels)$/i;

/**
 * Before writing: every part that will be copied unchanged is sound, so the file written is.
 * Each entry's data is whole (size and CRC), each XML part is well-formed in the encoding it
 * declares, each worksheet keeps its rows and cells inside the grid and names shared strings
 * that exist, and the parts Excel looks for by content type have the right one. A damaged part
 * is a WorkbookReadError naming it: the user's file, not our output, needs repair.
 * `skip`: parts that are being replaced (checked by verifyPackage instead).
 */
export function assertSoundPackage(pkg: XlsxPackage, skip: ReadonlySet<string> = new Set()): void {
  if (!pkg.hasPart(CONTENT_TYPES_PART)) {
    throw damaged('the workbook', `it has no ${CONTENT_TYPES_PART}, the list of its parts`);
  }
  const sst = pkg.sharedStrings().length;
  for (const e of pkg.zip.entries) {
    if (skip.has(e.name)) continue;
    try {
      pkg.zip.localRecordLength(e);
      if (XML_PART.test(e.name)) pkg.text(e.name);
      else pkg.zip.read(e.name);
    } catch (err) {
      if (err instanceof ZipError) {
        throw new WorkbookReadError(`the workbook file is damaged: ${err.message}`);
      }
      throw err;
    }
  }
  const typeOf = (path: string) => pkg.contentTypeOf(path) ?? '';
  if (!/\.main\+xml$/.test(typeOf(pkg.workbookPath))) {
    throw damaged(CONTENT_TYPES_PART, `it does not say ${pkg.workbookPath} is a workbook`);
  }
  for (const sheet of pkg.sheets) {
    if (sheet.kind === 'other' || !sheet.path || !pkg.hasPart(sheet.path)) {
      throw damaged('the workbook', `sheet "${sheet.name}" has no part`);
    }
    if (!typeOf(sheet.path).endsWith(`${sheet.kind}+xml`)) {
      throw damaged(CONTENT_TYPES_PART, `it does not say ${sheet.path} is a ${sheet.kind}`);
    }
    if (sheet.kind !== 'worksheet' || skip.has(sheet.path)) continue;
    const problem = worksheetPositionsProblem(pkg.text(sheet.path), sst);
    if (problem) throw damaged(`sheet "${sheet.name}" (${sheet.path})`, problem);
  }
  for (const [type, part] of [
    ['/styles', 'styles+xml'],
    ['/sharedStrings', 'sharedStrings+xml'],
  ]) {
    const rel = pkg.relsOf(pkg.workbookPath).find((r) => r.type.endsWith(type));
    if (rel && pkg.hasPart(rel.path) && !skip.has(rel.path) && !typeOf(rel.path).endsWith(part)) {
      throw damaged(CONTENT_TYPES_PART, `it gives ${rel.path} the wrong content type`);
    }
  }
}

/** Why the bytes of an XML part are not what may be written; null when they are fine. */
export function xmlPartProblem(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = decodePart(bytes).text;
  } catch (e) {
    if (e instanceof PartEncodingError) return e.message;
    throw e;
  }
  return xmlTextProblem(text);
}

/** Why the text of an XML part is not what may be written; null when it is fine. */
export function xmlTextProblem(text: string): string | null {
  // A worksheet's rows and cells are checked in the same pass (each tag scanned once).
  const positions = new WorksheetPositions(undefined, true);
  const problem = xmlProblem(text, positions);
  if (problem) return `it is not well-formed XML: ${problem}`;
  return positions.problem;
}

/**
 * `xmlTextProblem` of the text `content` holds, checked without joining it: the head and tail
 * together, then each piece of the body inside the elements the head leaves open. When every
 * check passes the whole text would have passed too: the pieces fall between tags, each closes
 * every element it opens and none it did not, and the sheet's rows and cells are checked in the
 * order the whole text has them. Anything else, a problem included, is checked on the joined
 * text, so the answer (and its wording) is always that of the whole.
 */
export function piecedTextProblem(content: PiecedText): string | null {
  return piecesSound(content) ? null : xmlTextProblem(joinText(content));
}

/**
 * Characters of body checked at a time (pieces are grouped up to about this many): each check
 * copies its text, and copies under V8's large-object size are collected young.
 */
const CHECK_CHARS = 1 << 15;

/**
 * True when the pieces are certainly well-formed together and their rows and cells in order
 * (exported for tests).
 */
export function piecesSound({ head, body, tail }: PiecedText): boolean {
  if (!body.length) return false; // nothing to split: the whole is as small as head and tail
  const positions = new WorksheetPositions(undefined, true);
  // Head and tail together; the elements open at the end of the head are the body's context.
  const outer = new Region(positions, 0, head.length, 0, true);
  if (xmlProblem(head + tail, outer) !== null || positions.problem !== null) return false;
  if (!outer.endsOnStartTag) return false;
  const open = outer.open;
  // The body must go between rows, just inside <sheetData>: inside a <v>, say, the positions
  // check reads the value from the text after the tag, which is the body only when joined.
  const innermost = open[open.length - 1].name;
  if (innermost.slice(innermost.lastIndexOf(':') + 1) !== 'sheetData') return false;
  const prefix = open.map((e) => e.tag).join('');
  const suffix = open
    .map((e) => `</${e.name}>`)
    .reverse()
    .join('');
  const depth = open.length;
  const check = (text: string): boolean => {
    const region = new Region(positions, prefix.length, prefix.length + text.length, depth);
    return (
      xmlProblem(prefix + text + suffix, region) === null &&
      !region.closesOuter &&
      positions.problem === null
    );
  };
  const group: string[] = [];
  let chars = 0;
  for (let i = 0; i < body.length; i++) {
    group.push(body[i]);
    chars += body[i].length;
    if (chars < CHECK_CHARS && i < body.length - 1) continue;
    if (!check(group.length === 1 ? group[0] : group.join(''))) return false;
    group.length = 0;
    chars = 0;
  }
  // The tail's tags, after the body's (its well-formedness was checked with the head).
  const last = new Region(positions, prefix.length, prefix.length + tail.length, 0);
  return xmlProblem(prefix + tail, last) === null && positions.problem === null;
}

/**
 * Passes to `inner` the tags that start in [from, to) of the text checked, and notes what the
 * check of a piece needs: whether an end tag there closes an element opened before `from` (one
 * of the `depth` elements around it); with `capture`, the elements open at `to` (their start
 * tags, as written) and whether a start tag ends exactly there.
 */
class Region implements XmlVisitor {
  readonly open: { tag: string; name: string }[] = [];
  endsOnStartTag = false;
  closesOuter = false;

  constructor(
    private readonly inner: XmlVisitor,
    private readonly from: number,
    private readonly to: number,
    private readonly depth: number,
    private readonly capture = false,
  ) {}

  startTag(xml: string, lt: number, depth: number): void {
    if (lt < this.from || lt >= this.to) return;
    if (this.capture) {
      // Read before `inner`, which may scan other text.
      const { end, nameEnd, selfClosing } = scanned;
      this.endsOnStartTag = end === this.to && !selfClosing;
      if (!selfClosing) {
        this.open.length = depth;
        this.open.push({ tag: xml.slice(lt, end), name: xml.slice(lt + 1, nameEnd) });
      }
    }
    this.inner.startTag(xml, lt, depth);
  }

  endTag(xml: string, lt: number, depth: number): void {
    if (lt < this.from || lt >= this.to) return;
    if (depth < this.depth) this.closesOuter = true;
    if (this.capture) {
      this.open.length = depth;
      this.endsOnStartTag = false;
    }
    this.inner.endTag(xml, lt, depth);
  }

  otherMarkup(lt: number, depth: number): void {
    if (lt < this.from || lt >= this.to) return;
    this.endsOnStartTag = false;
    this.inner.otherMarkup(lt, depth);
  }
}

/**
 * Checks our own output before it replaces anything. The parts are those of the source plus the
 * added ones, in order; every changed or added entry holds exactly its bytes (size and CRC-32 in
 * the written directory and local header, which zlib and the CRC then guarantee, so the output
 * is not inflated again); every XML part is well-formed. Content given as text (written as UTF-8)
 * is checked as that text. `texts`: the other parts as text, when the caller still has them
 * (UTF-8 parts are then checked as that text, not decoded again).
 */
export function verifyPackage(
  bytes: Buffer,
  source: ZipReader,
  changed: ReadonlyMap<string, EntryContent>,
  added: ReadonlyMap<string, EntryContent> = new Map(),
  texts: ReadonlyMap<string, string> = new Map(),
): void {
  const written = ZipReader.withLimits(bytes, source.limits);
  const names = written.entries.map((e) => e.name).join('\n');
  const expected = [...source.entries.map((e) => e.name), ...added.keys()].join('\n');
  if (names !== expected) throw new Error('the parts of the workbook changed');
  const byName = new Map(written.entries.map((e) => [e.name, e]));
  for (const [name, content] of [...changed, ...added]) {
    const e = byName.get(name)!;
    const meant = contentSum(content);
    if (e.size !== meant.size || e.crc32 !== meant.crc)
      throw new Error(`part ${name} did not read back as written`);
    const local = e.localHeaderOffset;
    if (
      bytes.readUInt32LE(local) !== SIG_LOCAL ||
      bytes.readUInt32LE(local + 14) !== e.crc32 ||
      bytes.readUInt32LE(local + 22) !== e.size
    )
      throw new Error(`part ${name} did not read back as written`);
    written.localRecordLength(e);
    if (XML_PART.test(name)) {
      const problem = Buffer.isBuffer(content)
        ? bytesProblem(content, texts.get(name))
        : typeof content === 'string'
          ? xmlTextProblem(content)
          : piecedTextProblem(content);
      if (problem) throw new Error(`part ${name}: ${problem}`);
    }
  }
}

/** `xmlPartProblem`, checking `text` instead when it is what the bytes hold in plain UTF-8. */
function bytesProblem(content: Buffer, text: string | undefined): string | null {
  const utf8 = text !== undefined && content.length === Buffer.byteLength(text, 'utf8');
  return utf8 && isPlainUtf8(content) ? xmlTextProblem(text) : xmlPartProblem(content);
}

/** UTF-8 without a byte-order mark (what encodeParts writes for a UTF-8 part). */
function isPlainUtf8(bytes: Buffer): boolean {
  return (
    !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) &&
    bytes[0] !== 0xfe &&
    bytes[0] !== 0xff
  );
}
