/**
 * What a file that is not an .xlsx workbook is, told by its content (the extension may lie: a
 * CSV saved as `plan.xlsx`, a web page downloaded as `report.xls`), so a message can say what it
 * is and what to do with it.
 */

import { decodeText } from '../budget/csv.js';

export type FileKind =
  /** A zip holding an Excel workbook part: a real .xlsx/.xlsm (perhaps damaged inside). */
  | 'xlsx'
  | 'empty'
  | 'csv'
  | 'text'
  | 'html'
  /** Excel 2003 XML Spreadsheet. */
  | 'xml-spreadsheet'
  /** Excel 97-2003 (.xls), a compound file with a Workbook stream. */
  | 'xls'
  /** An .xlsx encrypted with a password: a compound file with EncryptionInfo. */
  | 'encrypted'
  /** Another compound file (.doc, .msg...). */
  | 'ole'
  | 'ods'
  | 'docx'
  | 'pptx'
  /** A zip archive that is none of the above. */
  | 'zip'
  | 'pdf'
  | 'binary';

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/** True when `text` (ASCII, or UTF-16LE when `wide`) occurs in `bytes`. */
function contains(bytes: Uint8Array, text: string, wide = false): boolean {
  const needle = wide
    ? [...text].flatMap((c) => [c.charCodeAt(0), 0])
    : [...text].map((c) => c.charCodeAt(0));
  const first = needle[0];
  const last = bytes.length - needle.length;
  outer: for (
    let i = bytes.indexOf(first);
    i !== -1 && i <= last;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The first few KB as text (UTF-8, UTF-16 or Windows-1252), or null when they are not text. */
function textStart(bytes: Uint8Array): string | null {
  const { text } = decodeText(bytes.subarray(0, 8192));
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return null;
    if (c < 9 || (c > 13 && c < 32)) controls++;
  }
  return controls > text.length / 50 ? null : text;
}

/** Lines with the same number (>0) of one separator: a table of values. */
function looksDelimited(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 20);
  if (lines.length === 0) return false;
  return [',', ';', '\t'].some((sep) => {
    const counts = lines.map((l) => l.split(sep).length - 1);
    if (lines.length === 1) return counts[0] > 0;
    return counts.filter((c) => c > 0 && c === counts[0]).length >= Math.min(2, lines.length);
  });
}

/** What the file is, from its bytes; `fileName` only breaks the tie between a CSV and other text. */
export function sniffFileKind(bytes: Uint8Array, fileName = ''): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, OLE2)) {
    if (contains(bytes, 'EncryptionInfo', true)) return 'encrypted';
    if (contains(bytes, 'Workbook', true) || contains(bytes, 'Book', true)) return 'xls';
    return 'ole';
  }
  if (startsWith(bytes, [0x50, 0x4b])) {
    // Entry names are stored as plain text in the zip's headers: no need to inflate anything.
    if (contains(bytes, 'application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
    if (contains(bytes, 'xl/workbook') || contains(bytes, 'xl/_rels/workbook')) return 'xlsx';
    if (contains(bytes, 'word/document')) return 'docx';
    if (contains(bytes, 'ppt/presentation')) return 'pptx';
    // An Office package cut short before any part named its kind: read as a damaged workbook.
    if (contains(bytes, '[Content_Types].xml') && !hasEndRecord(bytes)) return 'xlsx';
    return 'zip';
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  const text = textStart(bytes);
  if (text === null) return 'binary';
  const head = text.trimStart();
  if (/^<\?xml/i.test(head) && text.includes('urn:schemas-microsoft-com:office:spreadsheet'))
    return 'xml-spreadsheet';
  if (/^<(!doctype html|html|table|head|body|meta)\b/i.test(head)) return 'html';
  if (/\.(csv|tsv)$/i.test(fileName) || looksDelimited(text)) return 'csv';
  return 'text';
}

/** A zip's end-of-central-directory record is in its last 64 KB: the archive was not cut short. */
function hasEndRecord(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 65_557);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6)
      return true;
  }
  return false;
}

/**
 * The words for an .xlsx that cannot be opened as a zip: damaged or cut short. `backup`: the
 * name of a backup plan-sync kept beside it, when there is one.
 */
export function damagedWorkbookReason(backup?: string): string {
  return `this looks like an Excel workbook, but it is damaged or was cut short (not fully copied, downloaded or saved). Open it in Excel with Open and Repair (File > Open, pick the file, Open and Repair), or ${backup ? `use the backup plan-sync kept, ${backup}` : 'use an earlier copy'}`;
}

/** What a file of this kind is and what to do so plan-sync can read it, for a one-line message. */
export function notAWorkbookReason(kind: FileKind): string {
  switch (kind) {
    case 'empty':
      return 'the file is empty (0 bytes), not an Excel workbook';
    case 'csv':
      return 'this is a CSV file, not an Excel workbook; open it in Excel and save it as Excel Workbook (.xlsx)';
    case 'text':
      return 'this is a text file, not an Excel workbook (.xlsx)';
    case 'html':
      return 'this is a web page (HTML), not an Excel workbook; open it in Excel and save it as Excel Workbook (.xlsx)';
    case 'xml-spreadsheet':
      return 'this is an Excel 2003 XML spreadsheet; open it in Excel and save it as Excel Workbook (.xlsx)';
    case 'xls':
      return 'this is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as Excel Workbook (.xlsx)';
    case 'encrypted':
      return 'this workbook is protected with a password to open; in Excel, remove it (File > Info > Protect Workbook > Encrypt with Password, clear the password) and save';
    case 'ole':
      return 'this is an old Office file (perhaps a Word .doc), not an Excel workbook (.xlsx)';
    case 'ods':
      return 'this is an OpenDocument spreadsheet (.ods); save it as Excel Workbook (.xlsx): in LibreOffice, File > Save As, file type Excel 2007-365';
    case 'docx':
      return 'this is a Word document, not an Excel workbook (.xlsx)';
    case 'pptx':
      return 'this is a PowerPoint presentation, not an Excel workbook (.xlsx)';
    case 'pdf':
      return 'this is a PDF, not an Excel workbook; use the Excel file (.xlsx) it was made from';
    case 'zip':
      return 'this is a zip archive without an Excel workbook in it, not an .xlsx file';
    case 'xlsx':
      return damagedWorkbookReason();
    case 'binary':
      return 'not an Excel workbook (.xlsx/.xlsm)';
  }
}
