/**
 * The Node side of the zip code: the host-independent reader of core/xlsx/zip-read.ts with
 * node:zlib's inflate and native CRC-32 (returning Buffers), and a writer that copies every
 * untouched entry byte for byte.
 *
 * Only what an Office package needs: stored and deflated entries, data descriptors,
 * archive comments. No zip64, no encryption, no multi-disk archives.
 */
import * as zlib from 'node:zlib';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  CENTRAL_HEADER_LEN,
  crc32 as coreTableCrc32,
  EOCD_LEN,
  FLAG_UTF8,
  LOCAL_HEADER_LEN,
  SIG_CENTRAL,
  SIG_EOCD,
  SIG_LOCAL,
  DEFAULT_ZIP_LIMITS,
  MB,
  ZipReader as CoreZipReader,
  ZipError,
  type ZipLimits,
} from '../../core/xlsx/zip-read.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { pushAll } from '../../core/arrays.js';

export { ZipError };
export { ZipLimitError } from '../../core/xlsx/zip-read.js';

/** The environment variable that sets how many MB one part of a workbook may inflate to. */
export const MAX_PART_ENV = 'PLAN_SYNC_MAX_PART_MB';

/**
 * The inflate limits: PLAN_SYNC_MAX_PART_MB megabytes a part (default 500) and twice that in
 * all. Throws WorkbookReadError when the variable is not a number of megabytes.
 */
export function zipLimits(env: NodeJS.ProcessEnv = process.env): ZipLimits {
  const text = env[MAX_PART_ENV];
  const hint = `set ${MAX_PART_ENV} to a number of megabytes to change it`;
  if (text === undefined || text.trim() === '') return { ...DEFAULT_ZIP_LIMITS, hint };
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 2000) {
    throw new WorkbookReadError(
      `${MAX_PART_ENV} is "${text}": set it to a number of megabytes from 1 to 2000 (the default is 500)`,
    );
  }
  return { maxPartBytes: Math.floor(mb * MB), maxTotalBytes: Math.floor(2 * mb * MB), hint };
}
export type { ZipEntry } from '../../core/xlsx/zip-read.js';

/** zlib's native CRC-32 where this Node has it (20.15+, 22.2+); undefined otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 (IEEE 802.3), as zip uses it. Pass a previous result as `crc` to continue. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (nativeCrc32) return nativeCrc32(data, crc) >>> 0;
  return tableCrc32(data, crc);
}

/** The table-driven CRC-32 (core's), for Node versions without zlib.crc32. */
export function tableCrc32(data: Uint8Array, crc = 0): number {
  return coreTableCrc32(data, crc);
}

/** The same bytes as a Buffer, without copying. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A part's text in pieces, written as head, body and tail one after another: a large sheet need
 * not be one string. Each piece of the body holds whole elements (rows), so it can be checked on
 * its own inside the elements `head` leaves open (see verify.ts).
 */
export interface PiecedText {
  readonly head: string;
  readonly body: readonly string[];
  readonly tail: string;
}

/**
 * New content of an entry: bytes, or text to write as UTF-8 (one string or in pieces). Text is
 * encoded, checked (CRC-32) and deflated a slice at a time, so a large part never exists as one
 * Buffer besides its text.
 */
export type EntryContent = Buffer | string | PiecedText;

/** Text content: a string or a PiecedText. */
export type TextContent = string | PiecedText;

/** Characters of text encoded and deflated at a time. */
const TEXT_SLICE = 1 << 20;

/** The strings of a text, in order. */
function piecesOf(text: TextContent): readonly string[] {
  return typeof text === 'string' ? [text] : [text.head, ...text.body, text.tail];
}

/** Length of a text in UTF-16 code units. */
function textLength(text: TextContent): number {
  if (typeof text === 'string') return text.length;
  let n = text.head.length + text.tail.length;
  for (const piece of text.body) n += piece.length;
  return n;
}

/** The text as one string (for a small part, or one in another encoding than UTF-8). */
export function joinText(text: TextContent): string {
  return typeof text === 'string' ? text : piecesOf(text).join('');
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The UTF-8 bytes of `text`, a slice at a time (never splitting a surrogate pair), each written
 * into the same scratch buffer: use each before asking for the next. Text in pieces is sliced
 * exactly as its concatenation would be (the same slices, so the same deflated bytes), without
 * concatenating it.
 */
export function* utf8Slices(text: TextContent, slice = TEXT_SLICE): Generator<Buffer> {
  const pieces = piecesOf(text);
  const total = textLength(text);
  // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 4 for 2).
  const scratch = Buffer.allocUnsafe(3 * (Math.min(slice, total) + 1));
  // Reading position: pieces[p][off]; `at` counts the code units before it.
  let p = 0;
  let off = 0;
  /** The code unit `ahead` units past the reading position (NaN past the end). */
  const codeAhead = (ahead: number): number => {
    for (let q = p, o = off + ahead; q < pieces.length; o -= pieces[q].length, q++)
      if (o < pieces[q].length) return pieces[q].charCodeAt(o);
    return NaN;
  };
  for (let at = 0; at < total;) {
    let count = Math.min(total - at, slice);
    // Move the end past a low surrogate only when it completes a pair: after a lone high
    // surrogate the next character may be the high half of a pair of its own.
    if (isHigh(codeAhead(count - 1)) && isLow(codeAhead(count))) count++;
    at += count;
    let n = 0;
    while (count > 0) {
      const s = pieces[p];
      const take = Math.min(count, s.length - off);
      if (take <= 0) {
        p++;
        off = 0;
        continue;
      }
      // A pair split between two pieces is written as the one character it is.
      if (take === s.length - off && take < count && isHigh(s.charCodeAt(s.length - 1))) {
        const next = codeAhead(take);
        if (isLow(next)) {
          n += scratch.write(s.slice(off, s.length - 1), n, 'utf8');
          n += scratch.write(String.fromCharCode(s.charCodeAt(s.length - 1), next), n, 'utf8');
          count -= take + 1;
          // Past the low half, in the next piece that has text.
          for (p++; pieces[p].length === 0; p++);
          off = 1;
          continue;
        }
      }
      n += scratch.write(off === 0 && take === s.length ? s : s.slice(off, off + take), n, 'utf8');
      off += take;
      count -= take;
    }
    yield scratch.subarray(0, n);
  }
}

/** Size in bytes of an entry's content. */
export function contentSize(content: EntryContent): number {
  if (Buffer.isBuffer(content)) return content.length;
  return typeof content === 'string'
    ? Buffer.byteLength(content, 'utf8')
    : contentSum(content).size;
}

/** CRC-32 of an entry's content (text as UTF-8, a slice at a time). */
export function contentCrc32(content: EntryContent): number {
  return contentSum(content).crc;
}

/** Size in bytes and CRC-32 of an entry's content, in one pass over text. */
export function contentSum(content: EntryContent): { size: number; crc: number } {
  if (Buffer.isBuffer(content)) return { size: content.length, crc: crc32(content) };
  let crc = 0;
  let size = 0;
  for (const bytes of utf8Slices(content)) {
    crc = crc32(bytes, crc);
    size += bytes.length;
  }
  return { size, crc };
}

/** Level 3: half the time of the default for a few per cent more bytes on a large sheet. */
const DEFLATE_LEVEL = 3;

/**
 * Deflated content with its CRC-32 and size. Text longer than a slice is deflated slice by slice,
 * each ending on a sync flush (so the pieces join into one deflate stream), then a final block.
 */
function deflateContent(content: EntryContent): {
  compressed: Buffer[];
  length: number;
  crc: number;
  size: number;
} {
  if (Buffer.isBuffer(content) || textLength(content) <= TEXT_SLICE) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(joinText(content), 'utf8');
    const compressed = deflateRawSync(data, { level: DEFLATE_LEVEL });
    return {
      compressed: [compressed],
      length: compressed.length,
      crc: crc32(data),
      size: data.length,
    };
  }
  const pieces: Buffer[] = [];
  let crc = 0;
  let size = 0;
  for (const bytes of utf8Slices(content)) {
    crc = crc32(bytes, crc);
    size += bytes.length;
    pieces.push(
      deflateRawSync(bytes, { level: DEFLATE_LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
    );
  }
  pieces.push(deflateRawSync(Buffer.alloc(0), { level: DEFLATE_LEVEL }));
  // The pieces are joined only once, with the whole archive.
  return { compressed: pieces, length: pieces.reduce((n, p) => n + p.length, 0), crc, size };
}

/**
 * node:zlib stops as soon as the output would pass `maxOutputLength`: memory stays bounded. The
 * output goes into one buffer of the size the zip directory declares (one byte more, so zlib
 * ends on it instead of asking for another), not into 16 KB chunks joined by a copy at the end.
 */
export function nodeInflateRaw(data: Uint8Array, maxBytes: number): Uint8Array | null {
  try {
    return inflateRawSync(data, {
      maxOutputLength: Math.max(1, maxBytes),
      chunkSize: Math.max(64, maxBytes + 1),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return null;
    throw e;
  }
}

/** The core zip reader with node:zlib; `read`, `bytes`, `buffer` and `comment` are Buffers. */
export class ZipReader extends CoreZipReader {
  declare readonly bytes: Buffer;
  declare readonly comment: Buffer;

  private constructor(buf: Buffer, limits: ZipLimits) {
    super(buf, nodeInflateRaw, crc32, limits);
  }

  /** Reads the archive, inflating within `zipLimits()` (PLAN_SYNC_MAX_PART_MB). */
  static override open(buf: Buffer): ZipReader {
    return ZipReader.withLimits(buf, zipLimits());
  }

  /** Reads the archive, inflating within `limits`. */
  static withLimits(buf: Buffer, limits: ZipLimits): ZipReader {
    // A Buffer in, so every view the core reader takes of it (comment, records) is a Buffer too.
    return new ZipReader(asBuffer(buf), limits);
  }

  /** The whole archive (= `bytes`). */
  get buffer(): Buffer {
    return this.bytes;
  }

  /** Inflated bytes of an entry. */
  override read(name: string): Buffer {
    return asBuffer(super.read(name));
  }
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

interface NewEntry {
  rawName: Buffer;
  flags: number;
  data: EntryContent;
  versionMadeBy: number;
  internalAttrs: number;
  externalAttrs: number;
  comment: Buffer;
}

function buildNewEntry(
  entry: NewEntry,
  offset: number,
  when: { time: number; date: number },
): { local: Buffer[]; length: number; central: Buffer } {
  const { compressed, length, crc, size } = deflateContent(entry.data);
  const name = entry.rawName;

  const local = Buffer.alloc(LOCAL_HEADER_LEN + name.length);
  local.writeUInt32LE(SIG_LOCAL, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(entry.flags, 6);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(when.time, 10);
  local.writeUInt16LE(when.date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(0, 28);
  name.copy(local, LOCAL_HEADER_LEN);

  const central = Buffer.alloc(CENTRAL_HEADER_LEN + name.length + entry.comment.length);
  central.writeUInt32LE(SIG_CENTRAL, 0);
  central.writeUInt16LE(entry.versionMadeBy, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(entry.flags, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(when.time, 12);
  central.writeUInt16LE(when.date, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(0, 30); // extra
  central.writeUInt16LE(entry.comment.length, 32);
  central.writeUInt16LE(0, 34); // disk
  central.writeUInt16LE(entry.internalAttrs, 36);
  central.writeUInt32LE(entry.externalAttrs >>> 0, 38);
  central.writeUInt32LE(offset, 42);
  name.copy(central, CENTRAL_HEADER_LEN);
  entry.comment.copy(central, CENTRAL_HEADER_LEN + name.length);

  return { local: [local, ...compressed], length: local.length + length, central };
}

/** A zip archive with no entries: only its end-of-central-directory record. */
const EMPTY_ZIP = (() => {
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  return eocd;
})();

/** A new archive of `files` (name -> content), in the order given, each deflated. */
export function zipFiles(files: ReadonlyArray<readonly [string, EntryContent]>): Buffer {
  // An empty archive: no limit or PLAN_SYNC_MAX_PART_MB (which is for files we read) applies.
  return writeZip(
    ZipReader.withLimits(EMPTY_ZIP, DEFAULT_ZIP_LIMITS),
    new Map(),
    files.map(([name, content]) => [name, content]),
  );
}

/**
 * Writes a new archive: every entry not in `changes` is copied byte for byte (its whole original
 * local record: local header, compressed data and any data descriptor), in the original order;
 * an entry in `changes` with a Buffer (or text, written as UTF-8) gets that new content (deflated, new CRC, same name and position),
 * with `null` it is removed; entries in `added` are appended at the end, deflated.
 * The central directory is rebuilt with the new offsets (keep each unchanged entry's central-directory
 * fields, including extra fields and comments, except the offset).
 *
 * A Buffer in `changes` for a name the archive lacks is an error (use `added`); `null` for a
 * missing name is ignored. Adding a name that would then exist twice is an error.
 * The archive comment is kept. Changed and added entries get the current time.
 */
export function writeZip(
  source: CoreZipReader,
  changes: ReadonlyMap<string, EntryContent | null>,
  added: Array<[string, EntryContent]> = [],
): Buffer {
  for (const [name, content] of changes) {
    if (content !== null && !source.has(name)) {
      throw new ZipError(`cannot change ${name}: no such entry in the zip archive`);
    }
  }

  const buf = asBuffer(source.bytes);
  const when = dosDateTime(new Date());
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const names = new Set<string>();
  let offset = 0;

  const pushNew = (entry: NewEntry): void => {
    const { local, length, central: c } = buildNewEntry(entry, offset, when);
    pushAll(parts, local);
    central.push(c);
    offset += length;
  };

  source.entries.forEach((e, i) => {
    const change = changes.get(e.name);
    if (change === null) return;
    names.add(e.name);
    const record = asBuffer(source.centralRecord(i));
    if (change === undefined) {
      const len = source.localRecordLength(e);
      parts.push(buf.subarray(e.localHeaderOffset, e.localHeaderOffset + len));
      const c = Buffer.from(record);
      c.writeUInt32LE(offset, 42);
      central.push(c);
      offset += len;
      return;
    }
    const nameLen = record.readUInt16LE(28);
    const extraLen = record.readUInt16LE(30);
    const commentLen = record.readUInt16LE(32);
    const commentStart = CENTRAL_HEADER_LEN + nameLen + extraLen;
    pushNew({
      rawName: Buffer.from(source.rawName(i)),
      flags: (e.flags & FLAG_UTF8) | (isAscii(e.name) ? 0 : FLAG_UTF8),
      data: change,
      versionMadeBy: record.readUInt16LE(4),
      internalAttrs: record.readUInt16LE(36),
      externalAttrs: record.readUInt32LE(38),
      comment: Buffer.from(record.subarray(commentStart, commentStart + commentLen)),
    });
  });

  for (const [name, data] of added) {
    if (names.has(name)) throw new ZipError(`cannot add ${name}: the zip archive already has it`);
    names.add(name);
    pushNew({
      rawName: Buffer.from(name, 'utf8'),
      flags: isAscii(name) ? 0 : FLAG_UTF8,
      data,
      versionMadeBy: 20,
      internalAttrs: 0,
      externalAttrs: 0,
      comment: Buffer.alloc(0),
    });
  }

  const cdOffset = offset;
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  if (central.length > 0xfffe || cdOffset + cdSize > 0xfffffffe) {
    throw new ZipError('the archive would be too large (zip64 is not supported)');
  }
  const comment = asBuffer(source.comment);
  const eocd = Buffer.alloc(EOCD_LEN + comment.length);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  eocd.writeUInt16LE(0, 4);
  eocd.writeUInt16LE(0, 6);
  eocd.writeUInt16LE(central.length, 8);
  eocd.writeUInt16LE(central.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  comment.copy(eocd, EOCD_LEN);

  return Buffer.concat([...parts, ...central, eocd]);
}
