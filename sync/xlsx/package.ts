/**
 * The Node side of workbook reading: the host-independent XlsxPackage of
 * core/xlsx/workbook-read.ts, opened from a Buffer with the node:zlib zip reader of ./zip.ts.
 */
import { XlsxPackage as CoreXlsxPackage } from '../../core/xlsx/workbook-read.js';
import { joinText, ZipReader, zipLimits, type EntryContent, type TextContent } from './zip.js';

export { WorkbookReadError } from '../../core/xlsx/workbook-read.js';
export type { Relationship, SheetRef } from '../../core/xlsx/workbook-read.js';

/** A workbook read with node:zlib; its `zip` is the Node ZipReader (Buffers, for writeZip). */
export class XlsxPackage extends CoreXlsxPackage {
  declare readonly zip: ZipReader;

  /** Opens a workbook within `zipLimits()` (PLAN_SYNC_MAX_PART_MB; a wrong value is a WorkbookReadError). */
  static override open(buf: Buffer): XlsxPackage {
    const limits = zipLimits();
    return CoreXlsxPackage.openWith(
      buf,
      (bytes) => ZipReader.withLimits(bytes as Buffer, limits),
      (zip) => new XlsxPackage(zip),
    );
  }
}

/** Parts as bytes for writeZip: each in the encoding it was read in (new parts in UTF-8). */
export function encodeParts(
  pkg: XlsxPackage,
  parts: ReadonlyMap<string, string>,
): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [name, text] of parts) {
    const { name: encoding, bom } = pkg.encodingOf(name);
    if (encoding === 'utf-8' && !bom) {
      out.set(name, Buffer.from(text, 'utf8')); // the common case, natively
      continue;
    }
    const bytes = pkg.encodeText(name, text);
    out.set(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return out;
}

/**
 * Parts for writeZip as `encodeParts` makes them, except that a part in plain UTF-8 (no
 * byte-order mark) stays text (a string or in pieces): writeZip encodes it a slice at a time, and
 * the check reads it as the text it is, so a large sheet is never also held as one Buffer.
 */
export function partContents(
  pkg: XlsxPackage,
  parts: ReadonlyMap<string, TextContent>,
): Map<string, EntryContent> {
  const out = new Map<string, EntryContent>();
  for (const [name, text] of parts) {
    const { name: encoding, bom } = pkg.encodingOf(name);
    out.set(
      name,
      encoding === 'utf-8' && !bom
        ? text
        : encodeParts(pkg, new Map([[name, joinText(text)]])).get(name)!,
    );
  }
  return out;
}
