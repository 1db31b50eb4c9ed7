/**
 * A minimal zip reader and a writer that copies every untouched entry byte for byte.
 *
 * Only what an Office package needs: stored and deflated entries, data descriptors,
 * archive comments. No zip64, no encryption, no multi-disk archives.
 */
import * as zlib from 'node:zlib';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  /** General-purpose bit flags (bit 3: data descriptor, bit 11: UTF-8 name). */
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;

const LOCAL_HEADER_LEN = 30;
const CENTRAL_HEADER_LEN = 46;
const EOCD_LEN = 22;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** zlib's native CRC-32 where this Node has it (20.15+, 22.2+); undefined otherwise. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 (IEEE 802.3), as zip uses it. Pass a previous result as `crc` to continue. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (nativeCrc32) return nativeCrc32(data, crc) >>> 0;
  return tableCrc32(data, crc);
}

/** The table-driven CRC-32, for Node versions without zlib.crc32. */
export function tableCrc32(data: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Raw central-directory records of each reader, parallel to `entries` (module-private). */
const centralRecords = new WeakMap<ZipReader, Buffer[]>();
/** Raw bytes of each entry's name as stored (module-private). */
const rawNames = new WeakMap<ZipEntry, Buffer>();

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function decodeName(raw: Buffer, flags: number): string {
  if (flags & FLAG_UTF8) return raw.toString('utf8');
  // Without the UTF-8 flag the name is nominally CP437, but many writers put UTF-8 there anyway.
  try {
    return utf8Strict.decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

export class ZipReader {
  readonly buffer: Buffer;
  /** Central directory order. */
  readonly entries: ZipEntry[];
  /** Archive comment (raw bytes). */
  readonly comment: Buffer;
  private readonly byName: Map<string, ZipEntry>;

  private constructor(buffer: Buffer, entries: ZipEntry[], comment: Buffer) {
    this.buffer = buffer;
    this.entries = entries;
    this.comment = comment;
    this.byName = new Map();
    for (const e of entries) if (!this.byName.has(e.name)) this.byName.set(e.name, e);
  }

  static open(buf: Buffer): ZipReader {
    if (buf.length < EOCD_LEN || buf.readUInt32LE(0) !== SIG_LOCAL) {
      // An empty archive starts with the end record itself.
      if (!(buf.length >= EOCD_LEN && buf.readUInt32LE(0) === SIG_EOCD)) {
        throw new ZipError('not a zip file');
      }
    }
    const eocd = findEndOfCentralDirectory(buf);
    if (eocd < 0) throw new ZipError('not a zip file');

    const diskNumber = buf.readUInt16LE(eocd + 4);
    const cdDisk = buf.readUInt16LE(eocd + 6);
    const entriesOnDisk = buf.readUInt16LE(eocd + 8);
    const totalEntries = buf.readUInt16LE(eocd + 10);
    const cdSize = buf.readUInt32LE(eocd + 12);
    const cdOffset = buf.readUInt32LE(eocd + 16);
    const commentLen = buf.readUInt16LE(eocd + 20);

    if (
      totalEntries === 0xffff ||
      entriesOnDisk === 0xffff ||
      cdSize === 0xffffffff ||
      cdOffset === 0xffffffff ||
      (eocd >= 20 && buf.readUInt32LE(eocd - 20) === SIG_ZIP64_LOCATOR)
    ) {
      throw new ZipError('zip64 archives are not supported');
    }
    if (diskNumber !== 0 || cdDisk !== 0 || entriesOnDisk !== totalEntries) {
      throw new ZipError('multi-volume zip archives are not supported');
    }
    if (cdOffset + cdSize > eocd) throw new ZipError('not a zip file: bad central directory');

    const entries: ZipEntry[] = [];
    const records: Buffer[] = [];
    let p = cdOffset;
    for (let i = 0; i < totalEntries; i++) {
      if (p + CENTRAL_HEADER_LEN > eocd || buf.readUInt32LE(p) !== SIG_CENTRAL) {
        throw new ZipError('not a zip file: bad central directory');
      }
      const flags = buf.readUInt16LE(p + 8);
      const method = buf.readUInt16LE(p + 10);
      const crc = buf.readUInt32LE(p + 16);
      const compressedSize = buf.readUInt32LE(p + 20);
      const size = buf.readUInt32LE(p + 24);
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      const entryCommentLen = buf.readUInt16LE(p + 32);
      const localHeaderOffset = buf.readUInt32LE(p + 42);
      const end = p + CENTRAL_HEADER_LEN + nameLen + extraLen + entryCommentLen;
      if (end > eocd) throw new ZipError('not a zip file: bad central directory');
      if (
        compressedSize === 0xffffffff ||
        size === 0xffffffff ||
        localHeaderOffset === 0xffffffff
      ) {
        throw new ZipError('zip64 archives are not supported');
      }
      if (flags & FLAG_ENCRYPTED) throw new ZipError('encrypted zip entries are not supported');
      const rawName = buf.subarray(p + CENTRAL_HEADER_LEN, p + CENTRAL_HEADER_LEN + nameLen);
      const entry: ZipEntry = {
        name: decodeName(rawName, flags),
        method,
        flags,
        crc32: crc,
        compressedSize,
        size,
        localHeaderOffset,
      };
      rawNames.set(entry, rawName);
      entries.push(entry);
      records.push(buf.subarray(p, end));
      p = end;
    }
    const reader = new ZipReader(
      buf,
      entries,
      buf.subarray(eocd + EOCD_LEN, eocd + EOCD_LEN + commentLen),
    );
    centralRecords.set(reader, records);
    return reader;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** Inflated bytes of an entry. */
  read(name: string): Buffer {
    const e = this.byName.get(name);
    if (!e) throw new ZipError(`no entry named ${name} in the zip archive`);
    const start = dataStart(this.buffer, e);
    if (start + e.compressedSize > this.buffer.length) {
      throw new ZipError(`zip entry ${name} is truncated`);
    }
    const raw = this.buffer.subarray(start, start + e.compressedSize);
    let data: Buffer;
    if (e.method === 0) {
      data = Buffer.from(raw);
    } else if (e.method === 8) {
      try {
        data = inflateRawSync(raw);
      } catch (err) {
        throw new ZipError(`zip entry ${name} is corrupt: ${(err as Error).message}`);
      }
    } else {
      throw new ZipError(`zip entry ${name} uses unsupported compression method ${e.method}`);
    }
    if (data.length !== e.size || crc32(data) !== e.crc32) {
      throw new ZipError(`zip entry ${name} is corrupt (CRC mismatch)`);
    }
    return data;
  }

  /** UTF-8 text of an entry, a leading byte-order mark removed (UTF-16 with a BOM is decoded too). */
  readText(name: string): string {
    const data = this.read(name);
    if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) {
      return data.subarray(2).toString('utf16le');
    }
    if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
      const swapped = Buffer.from(data.subarray(2));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    const text = data.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const min = Math.max(0, buf.length - EOCD_LEN - 0xffff);
  let fallback = -1;
  for (let i = buf.length - EOCD_LEN; i >= min; i--) {
    if (buf[i] !== 0x50 || buf.readUInt32LE(i) !== SIG_EOCD) continue;
    const commentLen = buf.readUInt16LE(i + 20);
    // Prefer the record whose comment reaches exactly to the end of the file.
    if (i + EOCD_LEN + commentLen === buf.length) return i;
    if (fallback < 0 && i + EOCD_LEN + commentLen <= buf.length) fallback = i;
  }
  return fallback;
}

function checkLocalHeader(buf: Buffer, e: ZipEntry): void {
  const off = e.localHeaderOffset;
  if (off + LOCAL_HEADER_LEN > buf.length || buf.readUInt32LE(off) !== SIG_LOCAL) {
    throw new ZipError(`zip entry ${e.name} has no local header`);
  }
}

function dataStart(buf: Buffer, e: ZipEntry): number {
  checkLocalHeader(buf, e);
  const off = e.localHeaderOffset;
  return off + LOCAL_HEADER_LEN + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
}

/** Length of an entry's whole local record: header, name, extra, data and any data descriptor. */
function localRecordLength(buf: Buffer, e: ZipEntry): number {
  const start = dataStart(buf, e);
  let end = start + e.compressedSize;
  // The local header's flags decide whether a descriptor follows; the central copy should agree.
  const localFlags = buf.readUInt16LE(e.localHeaderOffset + 6);
  if ((localFlags | e.flags) & FLAG_DESCRIPTOR) {
    const hasSignature =
      end + 16 <= buf.length &&
      buf.readUInt32LE(end) === SIG_DESCRIPTOR &&
      buf.readUInt32LE(end + 4) === e.crc32;
    end += hasSignature ? 16 : 12;
  }
  if (end > buf.length) throw new ZipError(`zip entry ${e.name} is truncated`);
  return end - e.localHeaderOffset;
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
  data: Buffer;
  versionMadeBy: number;
  internalAttrs: number;
  externalAttrs: number;
  comment: Buffer;
}

function buildNewEntry(
  entry: NewEntry,
  offset: number,
  when: { time: number; date: number },
): { local: Buffer; central: Buffer } {
  // Level 3: half the time of the default for a few per cent more bytes on a large sheet.
  const compressed = deflateRawSync(entry.data, { level: 3 });
  const crc = crc32(entry.data);
  const name = entry.rawName;

  const local = Buffer.alloc(LOCAL_HEADER_LEN + name.length);
  local.writeUInt32LE(SIG_LOCAL, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(entry.flags, 6);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(when.time, 10);
  local.writeUInt16LE(when.date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(entry.data.length, 22);
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
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(entry.data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(0, 30); // extra
  central.writeUInt16LE(entry.comment.length, 32);
  central.writeUInt16LE(0, 34); // disk
  central.writeUInt16LE(entry.internalAttrs, 36);
  central.writeUInt32LE(entry.externalAttrs >>> 0, 38);
  central.writeUInt32LE(offset, 42);
  name.copy(central, CENTRAL_HEADER_LEN);
  entry.comment.copy(central, CENTRAL_HEADER_LEN + name.length);

  return { local: Buffer.concat([local, compressed]), central };
}

/**
 * Writes a new archive: every entry not in `changes` is copied byte for byte (its whole original
 * local record: local header, compressed data and any data descriptor), in the original order;
 * an entry in `changes` with a Buffer gets that new content (deflated, new CRC, same name and position),
 * with `null` it is removed; entries in `added` are appended at the end, deflated.
 * The central directory is rebuilt with the new offsets (keep each unchanged entry's central-directory
 * fields, including extra fields and comments, except the offset).
 *
 * A Buffer in `changes` for a name the archive lacks is an error (use `added`); `null` for a
 * missing name is ignored. Adding a name that would then exist twice is an error.
 * The archive comment is kept. Changed and added entries get the current time.
 */
export function writeZip(
  source: ZipReader,
  changes: Map<string, Buffer | null>,
  added: Array<[string, Buffer]> = [],
): Buffer {
  const records = centralRecords.get(source);
  if (!records) throw new ZipError('writeZip needs a ZipReader made by ZipReader.open');
  for (const [name, content] of changes) {
    if (content !== null && !source.has(name)) {
      throw new ZipError(`cannot change ${name}: no such entry in the zip archive`);
    }
  }

  const buf = source.buffer;
  const when = dosDateTime(new Date());
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  const names = new Set<string>();
  let offset = 0;

  const pushNew = (entry: NewEntry): void => {
    const { local, central: c } = buildNewEntry(entry, offset, when);
    parts.push(local);
    central.push(c);
    offset += local.length;
  };

  source.entries.forEach((e, i) => {
    const change = changes.get(e.name);
    if (change === null) return;
    names.add(e.name);
    const record = records[i];
    if (change === undefined) {
      const len = localRecordLength(buf, e);
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
      rawName: rawNames.get(e) ?? Buffer.from(e.name, 'utf8'),
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
  const comment = source.comment;
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
