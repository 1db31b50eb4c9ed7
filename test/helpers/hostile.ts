/**
 * Damaged and hostile workbooks, built in the test from the plan `plan-sync init --example` makes:
 * parts rewritten as text or bytes, zip archives assembled by hand (zip bombs, central
 * directories that point at the wrong place), and a seeded random source for fuzzing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, createDeflateRaw } from 'node:zlib';
import { crc32, writeZip, ZipReader } from '../../sync/xlsx/zip.js';
import { cli } from './cli.js';

export const PLAN_SHEET = 'xl/worksheets/sheet1.xml';
export const STYLES = 'xl/styles.xml';
export const WORKBOOK = 'xl/workbook.xml';

let example: Buffer | undefined;

/** The example plan of `plan-sync init --example` (60 tasks on sheet "Plan", rows 2 to 61). */
export async function examplePlan(): Promise<Buffer> {
  if (!example) {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-sync-example-')), 'plan.xlsx');
    const run = await cli(['init', file, '--example']);
    if (run.code !== 0) throw new Error(`init failed: ${run.stderr}`);
    example = readFileSync(file);
  }
  return example;
}

export type PartEdit = ((text: string) => string) | Buffer | null;

/** The package with some parts replaced: by new text (from the old), by bytes, or removed (null). */
export function withParts(bytes: Buffer, edits: Record<string, PartEdit>): Buffer {
  const zip = ZipReader.open(bytes);
  const changes = new Map<string, Buffer | null>();
  for (const [part, edit] of Object.entries(edits)) {
    if (edit === null || Buffer.isBuffer(edit)) changes.set(part, edit);
    else changes.set(part, Buffer.from(edit(zip.readText(part)), 'utf8'));
  }
  return writeZip(zip, changes);
}

/** The text of one part, as our zip reader decodes it. */
export function partOf(bytes: Buffer, part: string): string {
  return ZipReader.open(bytes).readText(part);
}

export interface RawEntry {
  name: string;
  /** The bytes stored in the archive (already deflated when `method` is 8). */
  stored: Buffer;
  method: 0 | 8;
  crc: number;
  /** The uncompressed size the archive declares. */
  size: number;
}

/** An entry of `data`, deflated (or stored), with its true size and CRC. */
export function entryOf(name: string, data: Buffer, method: 0 | 8 = 8): RawEntry {
  return {
    name,
    stored: method === 8 ? deflateRawSync(data) : data,
    method,
    crc: crc32(data),
    size: data.length,
  };
}

/** Every entry of a package, re-deflated, in order. */
export function entriesOf(bytes: Buffer): RawEntry[] {
  const zip = ZipReader.open(bytes);
  return zip.entries.map((e) => entryOf(e.name, zip.read(e.name)));
}

/**
 * A zip archive of `entries`, assembled by hand. `localOffsetOf` lets a central-directory
 * record point at another entry's local header (a damaged archive).
 */
export function rawZip(
  entries: RawEntry[],
  localOffsetOf: (index: number, offsets: number[]) => number = (i, o) => o[i],
): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0, 6);
    h.writeUInt16LE(e.method, 8);
    h.writeUInt32LE(e.crc >>> 0, 14);
    h.writeUInt32LE(e.stored.length, 18);
    h.writeUInt32LE(e.size >>> 0, 22);
    h.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    const record = Buffer.concat([h, name, e.stored]);
    locals.push(record);
    offset += record.length;
  }
  const centrals = entries.map((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.crc >>> 0, 16);
    c.writeUInt32LE(e.stored.length, 20);
    c.writeUInt32LE(e.size >>> 0, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(localOffsetOf(i, offsets), 42);
    return Buffer.concat([c, name]);
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** `size` zero bytes deflated (level 1, streamed: the zeros are never all in memory). */
export async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 1 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(Math.min(size, 16 << 20));
  for (let left = size; left > 0; left -= block.length) {
    deflate.write(left >= block.length ? block : block.subarray(0, left));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

/** CRC-32 of `size` zero bytes, computed in blocks. */
export function zerosCrc(size: number): number {
  const block = Buffer.alloc(Math.min(size, 16 << 20));
  let crc = 0;
  for (let left = size; left > 0; left -= block.length) {
    crc = crc32(left >= block.length ? block : block.subarray(0, left), crc);
  }
  return crc;
}

/** Mulberry32, the generator the example plans use: a fuzz run is the same every time. */
export { prng as seededRandom } from '../../core/template.js';
