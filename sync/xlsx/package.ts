/**
 * The Node side of workbook reading: the host-independent XlsxPackage of
 * core/xlsx/workbook-read.ts, opened from a Buffer with the node:zlib zip reader of ./zip.ts.
 */
import { XlsxPackage as CoreXlsxPackage } from '../../core/xlsx/workbook-read.js';
import { ZipReader } from './zip.js';

export { WorkbookReadError } from '../../core/xlsx/workbook-read.js';
export type { Relationship, SheetRef } from '../../core/xlsx/workbook-read.js';

/** A workbook read with node:zlib; its `zip` is the Node ZipReader (Buffers, for writeZip). */
export class XlsxPackage extends CoreXlsxPackage {
  declare readonly zip: ZipReader;

  static override open(buf: Buffer): XlsxPackage {
    return CoreXlsxPackage.openWith(
      buf,
      (bytes) => ZipReader.open(bytes as Buffer),
      (zip) => new XlsxPackage(zip),
    );
  }
}
