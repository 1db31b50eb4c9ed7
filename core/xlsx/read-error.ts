/** A problem with the workbook file, worded for the user (one line, no stack needed). */
export class WorkbookReadError extends Error {
  override name = 'WorkbookReadError';
  constructor(message: string) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

/** `what` (a sheet, a part) cannot be read as it is: why, and how the user gets a readable file. */
export function damaged(what: string, detail: string): WorkbookReadError {
  return new WorkbookReadError(
    `${what} is damaged: ${detail}. Let Excel repair the file (File > Open, pick the file, Open and Repair), save it, then try again.`,
  );
}
