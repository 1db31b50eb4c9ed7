/**
 * A workbook built with exceljs, as .xlsx bytes. exceljs zips with JSZip, whose deflate is
 * JavaScript: a third of the time of writing a return. So exceljs stores the parts uncompressed
 * and Node's zlib deflates them, at the level every plan-sync write uses; the parts themselves
 * are exceljs's, unchanged.
 */
import type ExcelJS from 'exceljs';
import { DEFAULT_ZIP_LIMITS } from '../../core/xlsx/zip-read.js';
import { ZipReader, zipFiles } from './zip.js';

export async function exceljsBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  // Our own new workbook, as zipFiles's empty archive: PLAN_SYNC_MAX_PART_MB is for files we read.
  const zip = ZipReader.withLimits(
    Buffer.isBuffer(stored) ? stored : Buffer.from(stored),
    DEFAULT_ZIP_LIMITS,
  );
  // JSZip's folder entries (xl/, _rels/...) are no parts: a package needs none.
  return zipFiles(
    zip.entries
      .filter((e) => !e.name.endsWith('/'))
      .map((e) => [e.name, zip.read(e.name)] as const),
  );
}
