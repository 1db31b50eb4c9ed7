import { notAWorkbookReason, sniffFileKind, type FileKind } from './file-kind.js';

/** A problem with the workbook file, worded for the user (one line, no stack needed). */
export class WorkbookReadError extends Error {
  override name = 'WorkbookReadError';
  constructor(
    message: string,
    /** Set when the file is not a workbook at all: what it is instead (a CSV, an .xls...). */
    readonly kind?: FileKind,
  ) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

/** The error for a file that is not an .xlsx package, saying what it is instead. */
export function notAWorkbook(bytes: Uint8Array): WorkbookReadError {
  const kind = sniffFileKind(bytes);
  return new WorkbookReadError(notAWorkbookReason(kind), kind);
}

/** `what` (a sheet, a part) cannot be read as it is: why, and how the user gets a readable file. */
export function damaged(what: string, detail: string): WorkbookReadError {
  return new WorkbookReadError(
    `${what} is damaged: ${detail}. Let Excel repair the file (File > Open, pick the file, Open and Repair), save it, then try again.`,
  );
}
