/** Reading a workbook file into the engine's plain data, reading only the sheets the engine needs. */

import { basename } from 'node:path';
import type { SheetData, WorkbookData } from '../../core/cells.js';
import { planSheetsToRead } from '../../core/plan/locate.js';
import { WorkbookReadError, XlsxPackage } from '../xlsx/package.js';
import { fileProblem } from './file-errors.js';
import { fileSystem } from './file-system.js';
import { workbookReadMessage } from './not-a-workbook.js';

/** A failure that means exit code 2: nothing was (or will be) written. */
export class CannotProceed extends Error {}

export interface LoadedWorkbook {
  path: string;
  bytes: Buffer;
  mtimeMs: number;
  pkg: XlsxPackage;
}

export function loadWorkbookFile(path: string): LoadedWorkbook {
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const stat = fileSystem().statSync(path);
    // Not every system refuses to read a folder as a file.
    if (stat.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    mtimeMs = stat.mtimeMs;
    bytes = fileSystem().readFileSync(path);
  } catch (e) {
    throw new CannotProceed(fileProblem(e, { action: 'read', path }));
  }
  try {
    return { path, bytes, mtimeMs, pkg: XlsxPackage.open(bytes) };
  } catch (e) {
    if (e instanceof WorkbookReadError) throw new CannotProceed(workbookReadMessage(path, e));
    throw new CannotProceed(
      `${basename(path)}: not a readable Excel workbook (${(e as Error).message}).`,
    );
  }
}

/**
 * The engine's view of the workbook: only the sheets the engine asks for (core/plan/locate.ts),
 * each parsed once.
 */
export function workbookData(pkg: XlsxPackage, planSheet?: string): WorkbookData {
  const names = pkg.sheets.filter((s) => s.kind === 'worksheet').map((s) => s.name);
  const read: SheetData[] = [];
  const readOne = (name: string): SheetData => {
    try {
      return pkg.readSheet(name);
    } catch (e) {
      if (e instanceof WorkbookReadError) throw new CannotProceed(e.message);
      throw new CannotProceed(`sheet "${name}" cannot be read (${(e as Error).message}).`);
    }
  };
  const options = { sheetName: planSheet };
  for (let need = planSheetsToRead(names, read, options); need.length;) {
    read.push(...need.map(readOne));
    need = planSheetsToRead(names, read, options);
  }
  read.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return { date1904: pkg.date1904, names: pkg.definedNames, sheets: read, sheetNames: names };
}
