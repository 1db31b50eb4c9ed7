/** Reading a workbook file into the engine's plain data, reading only the sheets the engine needs. */

import { basename } from 'node:path';
import type { SheetData, WorkbookData } from '../../core/cells.js';
import { planSheetsToRead } from '../../core/plan/locate.js';
import { WorkbookReadError, XlsxPackage } from '../xlsx/package.js';
import { assertSoundPackage } from '../xlsx/verify.js';
import { fileProblem } from './file-errors.js';
import { fileSystem } from './file-system.js';
import { workbookReadMessage } from './not-a-workbook.js';
import { pushAll } from '../../core/arrays.js';

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
 * A worksheet of a loaded workbook. Parts are read when first needed, so a damaged one can show
 * up here: it is refused like a file that cannot be opened (exit 2, the file named).
 */
export function readSheetOf(loaded: LoadedWorkbook, name: string): SheetData {
  try {
    return loaded.pkg.readSheet(name);
  } catch (e) {
    if (e instanceof WorkbookReadError)
      throw new CannotProceed(workbookReadMessage(loaded.path, e));
    throw e;
  }
}

/**
 * Refuses to write over (or from) a workbook with a damaged part that would be copied as it is:
 * the file written would be damaged too. `replaced`: the parts being rewritten.
 */
export function assertSound(loaded: LoadedWorkbook, replaced: ReadonlySet<string>): void {
  try {
    assertSoundPackage(loaded.pkg, replaced);
  } catch (e) {
    throw asCannotProceed(loaded.path, e, ' Nothing was written.');
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
    pushAll(read, need.map(readOne));
    need = planSheetsToRead(names, read, options);
  }
  read.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return { date1904: pkg.date1904, names: pkg.definedNames, sheets: read, sheetNames: names };
}

/**
 * A WorkbookReadError met while working on `path`, in the one wording the command line uses
 * (the file named, then the reason, then `tail`); any other error is returned as it is.
 */
export function asCannotProceed(path: string, e: unknown, tail = ''): unknown {
  return e instanceof WorkbookReadError
    ? new CannotProceed(`${workbookReadMessage(path, e)}${tail}`)
    : e;
}
