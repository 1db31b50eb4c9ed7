/**
 * A workbook built with exceljs, as .xlsx bytes. exceljs zips with JSZip, whose deflate and
 * CRC are JavaScript: most of the time of writing a return or a new plan. So exceljs stores the
 * parts uncompressed and Node's zlib deflates them; the parts themselves are exceljs's, unchanged.
 */
import type ExcelJS from 'exceljs';
import { ZipReader, zipFiles } from './zip.js';

export async function exceljsBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  const zip = ZipReader.open(Buffer.isBuffer(stored) ? stored : Buffer.from(stored));
  return zipFiles(zip.entries.map((e) => [e.name, zip.read(e.name)] as const));
}
