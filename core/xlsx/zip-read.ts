/**
 * A minimal, host-independent zip reader: plain Uint8Array / DataView / TextDecoder, so the same
 * code reads a workbook in Node (the command line) and in the browser (the Excel add-in).
 *
 * Only what an Office package needs: stored and deflated entries, data descriptors, archive
 * comments. No zip64, no encryption, no multi-disk archives. Decompression is the host's: pass a
 * raw-deflate inflater to `ZipReader.open` (node:zlib's inflateRawSync, fflate's inflateSync, ...).
 */

export class ZipError extends Error {
  override name = 'ZipError';
}

export const MB = 1024 * 1024;

/** An entry would inflate past a limit: refused before it is inflated in full. */
export class ZipLimitError extends ZipError {
  override name = 'ZipLimitError';
  constructor(
    readonly entry: string,
    /** The limit passed, in bytes. */
    readonly limit: number,
    /** 'part': one entry is too large; 'total': the entries read so far would pass the total. */
    readonly kind: 'part' | 'total',
  ) {
    super(`zip entry ${entry} inflates to more than ${Math.round(limit / MB)} MB`);
  }
}

/** How much a reader inflates at most, whatever sizes the archive declares. */
export interface ZipLimits {
  /** Bytes one entry may inflate to. */
  maxPartBytes: number;
  /** Bytes all the entries read may inflate to together. */
  maxTotalBytes: number;
  /** How the user raises the limits (added to the message), e.g. `set PLAN_SYNC_MAX_PART_MB`. */
  hint?: string;
}

/** 500 MB a part, 1,000 MB in all: far more than any real workbook, far less than a zip bomb. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxPartBytes: 500 * MB, maxTotalBytes: 1000 * MB };

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

/**
 * Inflates raw deflate data (no zlib or gzip header), producing at most `maxBytes` bytes: it
 * returns null, without inflating further, as soon as the output would pass `maxBytes`.
 * May throw on corrupt data.
 */
export type InflateRaw = (data: Uint8Array, maxBytes: number) => Uint8Array | null;

/** A CRC-32 implementation: `crc` continues from a previous result. */
export type Crc32 = (data: Uint8Array, crc?: number) => number;

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;

export const LOCAL_HEADER_LEN = 30;
export const CENTRAL_HEADER_LEN = 46;
export const EOCD_LEN = 22;

const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DESCRIPTOR = 0x0008;
export const FLAG_UTF8 = 0x0800;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as zip uses it, table-driven. Pass a previous result as `crc` to continue. */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const utf8 = new TextDecoder('utf-8');
const utf8KeepBom = new TextDecoder('utf-8', { ignoreBOM: true });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });

function latin1(raw: Uint8Array): string {
  let s = '';
  for (let i = 0; i < raw.length; i += 0x2000) {
    // eslint-disable-next-line no-restricted-syntax -- at most 0x2000 (8,192) codes
    s += String.fromCharCode(...raw.subarray(i, i + 0x2000));
  }
  return s;
}

function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & FLAG_UTF8) return utf8KeepBom.decode(raw);
  // Without the UTF-8 flag the name is nominally CP437, but many writers put UTF-8 there anyway.
  try {
    return utf8Strict.decode(raw);
  } catch {
    return latin1(raw);
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class ZipReader {
  /** The whole archive, as given to `open`. */
  readonly bytes: Uint8Array;
  /** Central directory order. */
  readonly entries: ZipEntry[];
  /** Archive comment (raw bytes, a view into `bytes`). */
  readonly comment: Uint8Array;
  private readonly view: DataView;
  private readonly byName = new Map<string, ZipEntry>();
  /** Raw central-directory records, parallel to `entries` (views into `bytes`). */
  private readonly records: Uint8Array[] = [];
  private readonly inflateRaw: InflateRaw;
  private readonly crc: Crc32;
  readonly limits: ZipLimits;
  /** Bytes inflated so far by `read`. */
  private inflated = 0;

  /** Parses the central directory; throws ZipError when the bytes are not an archive it reads. */
  protected constructor(
    bytes: Uint8Array,
    inflateRaw: InflateRaw,
    crc: Crc32 = crc32,
    limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    this.bytes = bytes;
    this.inflateRaw = inflateRaw;
    this.crc = crc;
    this.limits = limits;
    const view = (this.view = viewOf(bytes));
    const len = bytes.length;
    const u32 = (at: number) => view.getUint32(at, true);
    const u16 = (at: number) => view.getUint16(at, true);

    if (len < EOCD_LEN || u32(0) !== SIG_LOCAL) {
      // An empty archive starts with the end record itself.
      if (!(len >= EOCD_LEN && u32(0) === SIG_EOCD)) throw new ZipError('not a zip file');
    }
    const eocd = findEndOfCentralDirectory(bytes, view);
    if (eocd < 0) throw new ZipError('not a zip file');

    const diskNumber = u16(eocd + 4);
    const cdDisk = u16(eocd + 6);
    const entriesOnDisk = u16(eocd + 8);
    const totalEntries = u16(eocd + 10);
    const cdSize = u32(eocd + 12);
    const cdOffset = u32(eocd + 16);
    const commentLen = u16(eocd + 20);

    if (
      totalEntries === 0xffff ||
      entriesOnDisk === 0xffff ||
      cdSize === 0xffffffff ||
      cdOffset === 0xffffffff ||
      (eocd >= 20 && u32(eocd - 20) === SIG_ZIP64_LOCATOR)
    ) {
      throw new ZipError('zip64 archives are not supported');
    }
    if (diskNumber !== 0 || cdDisk !== 0 || entriesOnDisk !== totalEntries) {
      throw new ZipError('multi-volume zip archives are not supported');
    }
    if (cdOffset + cdSize > eocd) throw new ZipError('not a zip file: bad central directory');

    const entries: ZipEntry[] = [];
    let p = cdOffset;
    for (let i = 0; i < totalEntries; i++) {
      if (p + CENTRAL_HEADER_LEN > eocd || u32(p) !== SIG_CENTRAL) {
        throw new ZipError('not a zip file: bad central directory');
      }
      const flags = u16(p + 8);
      const method = u16(p + 10);
      const crc = u32(p + 16);
      const compressedSize = u32(p + 20);
      const size = u32(p + 24);
      const nameLen = u16(p + 28);
      const extraLen = u16(p + 30);
      const entryCommentLen = u16(p + 32);
      const localHeaderOffset = u32(p + 42);
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
      const rawName = bytes.subarray(p + CENTRAL_HEADER_LEN, p + CENTRAL_HEADER_LEN + nameLen);
      entries.push({
        name: decodeName(rawName, flags),
        method,
        flags,
        crc32: crc,
        compressedSize,
        size,
        localHeaderOffset,
      });
      this.records.push(bytes.subarray(p, end));
      p = end;
    }
    this.entries = entries;
    this.comment = bytes.subarray(eocd + EOCD_LEN, eocd + EOCD_LEN + commentLen);
    for (const e of entries) if (!this.byName.has(e.name)) this.byName.set(e.name, e);
  }

  /**
   * Reads the archive's central directory. `inflateRaw` decompresses deflated entries; `crc`
   * replaces the table-driven CRC-32 used to check every entry read (e.g. a native one);
   * `limits` bound what `read` inflates.
   */
  static open(
    bytes: Uint8Array,
    inflateRaw: InflateRaw,
    crc?: Crc32,
    limits?: ZipLimits,
  ): ZipReader {
    return new ZipReader(bytes, inflateRaw, crc, limits);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /**
   * Inflated bytes of an entry (a fresh array), its size and CRC checked. Throws ZipLimitError,
   * without inflating it, when its declared size passes the part or total limit; that size is
   * not trusted either: inflating stops as soon as the output passes it (a corrupt entry).
   */
  read(name: string): Uint8Array {
    const e = this.byName.get(name);
    if (!e) throw new ZipError(`no entry named ${name} in the zip archive`);
    const { maxPartBytes, maxTotalBytes } = this.limits;
    const left = maxTotalBytes - this.inflated;
    const cap = Math.min(maxPartBytes, left);
    const tooLarge = () =>
      cap === maxPartBytes
        ? new ZipLimitError(name, maxPartBytes, 'part')
        : new ZipLimitError(name, maxTotalBytes, 'total');
    if (e.size > cap) throw tooLarge();
    const start = this.dataOffset(e);
    if (start + e.compressedSize > this.bytes.length) {
      throw new ZipError(`zip entry ${name} is truncated`);
    }
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    let data: Uint8Array | null;
    if (e.method === 0) {
      if (raw.length > cap) throw tooLarge();
      data = new Uint8Array(raw); // a copy
    } else if (e.method === 8) {
      // Never more than it declares (within the limits): a larger entry is corrupt, and is
      // refused as soon as its output passes the declared size.
      try {
        data = this.inflateRaw(raw, e.size);
      } catch (err) {
        throw new ZipError(`zip entry ${name} is corrupt: ${(err as Error).message}`);
      }
      if (data === null) {
        throw new ZipError(
          `zip entry ${name} is corrupt: it unpacks to more than the ${e.size} bytes it declares`,
        );
      }
    } else {
      throw new ZipError(`zip entry ${name} uses unsupported compression method ${e.method}`);
    }
    this.inflated += data.length;
    if (data.length !== e.size || this.crc(data) >>> 0 !== e.crc32) {
      throw new ZipError(`zip entry ${name} is corrupt (CRC mismatch)`);
    }
    return data;
  }

  /** UTF-8 text of an entry, a leading byte-order mark removed (UTF-16 with a BOM is decoded too). */
  readText(name: string): string {
    const data = this.read(name);
    if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) {
      // An odd trailing byte is dropped, as Node's utf16le decoding does.
      return utf16le.decode(data.subarray(2, data.length - (data.length & 1)));
    }
    if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
      const swapped = new Uint8Array(data.length - 2);
      for (let i = 2; i + 1 < data.length; i += 2) {
        swapped[i - 2] = data[i + 1];
        swapped[i - 1] = data[i];
      }
      return utf16le.decode(swapped.subarray(0, swapped.length - (swapped.length & 1)));
    }
    return utf8.decode(data); // removes one leading UTF-8 BOM
  }

  /** The raw central-directory record of `entries[index]` (header, name, extra field, comment). */
  centralRecord(index: number): Uint8Array {
    const record = this.records[index];
    if (!record) throw new ZipError(`no zip entry number ${index}`);
    return record;
  }

  /** The stored (raw) bytes of `entries[index]`'s name, as in its central-directory record. */
  rawName(index: number): Uint8Array {
    const record = this.centralRecord(index);
    const nameLen = viewOf(record).getUint16(28, true);
    return record.subarray(CENTRAL_HEADER_LEN, CENTRAL_HEADER_LEN + nameLen);
  }

  /** Offset in `bytes` of an entry's (compressed) data, just after its local header. */
  dataOffset(e: ZipEntry): number {
    const off = e.localHeaderOffset;
    if (
      off + LOCAL_HEADER_LEN > this.bytes.length ||
      this.view.getUint32(off, true) !== SIG_LOCAL
    ) {
      throw new ZipError(`zip entry ${e.name} has no local header`);
    }
    return (
      off +
      LOCAL_HEADER_LEN +
      this.view.getUint16(off + 26, true) +
      this.view.getUint16(off + 28, true)
    );
  }

  /**
   * Length of an entry's whole local record: header, name, extra, data and any data descriptor.
   * The record is `bytes.subarray(e.localHeaderOffset, e.localHeaderOffset + length)`.
   */
  localRecordLength(e: ZipEntry): number {
    const view = this.view;
    const len = this.bytes.length;
    const start = this.dataOffset(e);
    let end = start + e.compressedSize;
    // The local header's flags decide whether a descriptor follows; the central copy should agree.
    const localFlags = view.getUint16(e.localHeaderOffset + 6, true);
    if ((localFlags | e.flags) & FLAG_DESCRIPTOR) {
      const hasSignature =
        end + 16 <= len &&
        view.getUint32(end, true) === SIG_DESCRIPTOR &&
        view.getUint32(end + 4, true) === e.crc32;
      end += hasSignature ? 16 : 12;
    }
    if (end > len) throw new ZipError(`zip entry ${e.name} is truncated`);
    return end - e.localHeaderOffset;
  }
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const min = Math.max(0, bytes.length - EOCD_LEN - 0xffff);
  let fallback = -1;
  for (let i = bytes.length - EOCD_LEN; i >= min; i--) {
    if (bytes[i] !== 0x50 || view.getUint32(i, true) !== SIG_EOCD) continue;
    const commentLen = view.getUint16(i + 20, true);
    // Prefer the record whose comment reaches exactly to the end of the file.
    if (i + EOCD_LEN + commentLen === bytes.length) return i;
    if (fallback < 0 && i + EOCD_LEN + commentLen <= bytes.length) fallback = i;
  }
  return fallback;
}
