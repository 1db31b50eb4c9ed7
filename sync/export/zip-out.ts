/**
 * A new zip archive from whole files, deflated by node:zlib (native): for the slide deck, whose
 * two hundred slides took seconds to deflate in JavaScript. Names are UTF-8 (flagged when not
 * ASCII); no zip64 (an export is far below 4 GB).
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../xlsx/zip.js';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const FLAG_UTF8 = 0x0800;

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** The archive of `files` (name -> bytes), in the order given, each deflated at `level`. */
export function zipFiles(
  files: ReadonlyArray<readonly [string, Uint8Array]>,
  level = 6,
  when = new Date(),
): Buffer {
  const { time, date } = dosDateTime(when);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const rawName = Buffer.from(name, 'utf8');
    const flags = rawName.length === name.length ? 0 : FLAG_UTF8;
    const packed = deflateRawSync(data, { level });
    const crc = crc32(data);

    const local = Buffer.alloc(30 + rawName.length);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(rawName.length, 26);
    local.writeUInt16LE(0, 28); // no extra field
    rawName.copy(local, 30);

    const record = Buffer.alloc(46 + rawName.length);
    record.writeUInt32LE(SIG_CENTRAL, 0);
    record.writeUInt16LE(20, 4); // made by: MS-DOS, version 2.0
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(flags, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(packed.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(rawName.length, 28);
    // extra, comment, disk, internal and external attributes: all 0
    record.writeUInt32LE(offset, 42);
    rawName.copy(record, 46);

    parts.push(local, packed);
    central.push(record);
    offset += local.length + packed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
