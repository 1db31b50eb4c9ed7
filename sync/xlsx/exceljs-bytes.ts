/**
 * A workbook built with exceljs, as .xlsx bytes. exceljs zips with JSZip, whose deflate is
 * JavaScript: a third of the time of writing a return. So exceljs stores the parts uncompressed
 * and Node's zlib deflates them, at the level every plan-sync write uses; the parts themselves
 * are exceljs's, unchanged.
 */
import type ExcelJS from 'exceljs';
import { ZipReader, zipFiles } from './zip.js';

/** Our own new workbook: the limits on what a read may inflate are for files we are given. */
const NO_LIMITS = { maxPartBytes: Infinity, maxTotalBytes: Infinity };

export async function exceljsBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  const zip = ZipReader.withLimits(
    Buffer.isBuffer(stored) ? stored : Buffer.from(stored),
    NO_LIMITS,
  );
  // JSZip's folder entries (xl/, _rels/...) are no parts: a package needs none.
  return zipFiles(
    zip.entries
      .filter((e) => !e.name.endsWith('/'))
      .map((e) => [e.name, zip.read(e.name)] as const),
  );
}
