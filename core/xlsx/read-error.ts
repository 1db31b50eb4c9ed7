/** A problem with the workbook file, worded for the user (one line, no stack needed). */
export class WorkbookReadError extends Error {
  override name = 'WorkbookReadError';
  constructor(message: string) {
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}
