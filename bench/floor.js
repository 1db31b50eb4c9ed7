#!/usr/bin/env node
/**
 * The floor: a minimal script doing only the work no sync can avoid. It reads the file, inflates
 * the plan sheet and the shared strings, scans the sheet once, writes a sheet of the same size,
 * deflates it at level 3 and copies every other entry raw into the new zip.
 *
 *   node bench/floor.js IN.xlsx OUT.xlsx [SHEET_PART]   (default xl/worksheets/sheet1.xml)
 */
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const [file, out, sheetPart = 'xl/worksheets/sheet1.xml'] = process.argv.slice(2);
const zip = readFileSync(file);
const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
const count = zip.readUInt16LE(eocd + 10);
let p = zip.readUInt32LE(eocd + 16);
const entries = [];
for (let i = 0; i < count; i++) {
  const nameLen = zip.readUInt16LE(p + 28);
  const extraLen = zip.readUInt16LE(p + 30);
  const commentLen = zip.readUInt16LE(p + 32);
  const local = zip.readUInt32LE(p + 42);
  const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
  const size = zip.readUInt32LE(p + 24);
  const compressed = zip.readUInt32LE(p + 20);
  const method = zip.readUInt16LE(p + 10);
  const crc = zip.readUInt32LE(p + 16);
  const localNameLen = zip.readUInt16LE(local + 26);
  const localExtraLen = zip.readUInt16LE(local + 28);
  const start = local + 30 + localNameLen + localExtraLen;
  entries.push({ name, method, crc, size, data: zip.subarray(start, start + compressed) });
  p += 46 + nameLen + extraLen + commentLen;
}

const inflate = (e) => (e.method === 0 ? e.data : inflateRawSync(e.data));
for (const e of entries) {
  if (e.name === 'xl/sharedStrings.xml') inflate(e).toString('utf8');
  if (e.name !== sheetPart) continue;
  const text = inflate(e).toString('utf8');
  let rows = 0;
  for (let i = text.indexOf('<row'); i >= 0; i = text.indexOf('<row', i + 4)) rows++;
  const bytes = Buffer.from(text, 'utf8');
  e.data = deflateRawSync(bytes, { level: 3 });
  e.method = 8;
  e.crc = crc32(bytes) >>> 0;
  e.size = bytes.length;
  if (rows < 0) throw new Error('unreachable');
}

const chunks = [];
const central = [];
let offset = 0;
for (const e of entries) {
  const name = Buffer.from(e.name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6);
  header.writeUInt16LE(e.method, 8);
  header.writeUInt32LE(e.crc, 14);
  header.writeUInt32LE(e.data.length, 18);
  header.writeUInt32LE(e.size, 22);
  header.writeUInt16LE(name.length, 26);
  const dir = Buffer.alloc(46);
  dir.writeUInt32LE(0x02014b50, 0);
  dir.writeUInt16LE(20, 4);
  dir.writeUInt16LE(20, 6);
  dir.writeUInt16LE(0x0800, 8);
  dir.writeUInt16LE(e.method, 10);
  dir.writeUInt32LE(e.crc, 16);
  dir.writeUInt32LE(e.data.length, 20);
  dir.writeUInt32LE(e.size, 24);
  dir.writeUInt16LE(name.length, 28);
  dir.writeUInt32LE(offset, 42);
  chunks.push(header, name, e.data);
  central.push(dir, name);
  offset += 30 + name.length + e.data.length;
}
const dirSize = central.reduce((n, b) => n + b.length, 0);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(entries.length, 8);
end.writeUInt16LE(entries.length, 10);
end.writeUInt32LE(dirSize, 12);
end.writeUInt32LE(offset, 16);
writeFileSync(out, Buffer.concat([...chunks, ...central, end]));
