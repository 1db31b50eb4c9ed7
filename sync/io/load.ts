/** Reading a workbook file into the engine's plain data, reading only the sheets the engine needs. */

import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { rowsWithCells, type SheetData, type WorkbookData } from '../../core/cells.js';
import { normaliseHeader } from '../../core/plan/columns.js';
import { PLAN_SHEET_NAMES } from '../../core/plan/read.js';
import { WorkbookReadError, XlsxPackage } from '../xlsx/package.js';
import { assertSoundPackage } from '../xlsx/verify.js';

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
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CannotProceed(`${path} is a folder, not a workbook.`);
    mtimeMs = stat.mtimeMs;
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof CannotProceed) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CannotProceed(`${path}: no such file.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new CannotProceed(`${path}: permission denied.`);
    throw new CannotProceed(`${path}: cannot be read (${code ?? (e as Error).message}).`);
  }
  try {
    return { path, bytes, mtimeMs, pkg: XlsxPackage.open(bytes) };
  } catch (e) {
    if (e instanceof WorkbookReadError) throw new CannotProceed(`${basename(path)}: ${e.message}`);
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
      throw new CannotProceed(`${basename(loaded.path)}: ${e.message}`);
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
    if (e instanceof WorkbookReadError)
      throw new CannotProceed(`${basename(loaded.path)}: ${e.message} Nothing was written.`);
    throw e;
  }
}

const same = (a: string, b: string) => normaliseHeader(a) === normaliseHeader(b);

/**
 * The engine's view of the workbook. Only the sheets the plan can come from are read (the plan
 * sheet, Settings, Workstreams), unless the plan has to be searched for among all sheets.
 */
export function workbookData(pkg: XlsxPackage, planSheet?: string): WorkbookData {
  const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet');
  // The Settings sheet is read to find a configured plan sheet and again as data: parse it once.
  const parsed = new Map<string, SheetData>();
  const read = (name: string): SheetData => {
    const seen = parsed.get(name);
    if (seen) return seen;
    try {
      const sheet = pkg.readSheet(name);
      parsed.set(name, sheet);
      return sheet;
    } catch (e) {
      if (e instanceof WorkbookReadError) throw new CannotProceed(e.message);
      throw new CannotProceed(`sheet "${name}" cannot be read (${(e as Error).message}).`);
    }
  };
  const wanted = new Set<string>();
  for (const s of worksheets) {
    if (same(s.name, 'Settings') || same(s.name, 'Workstreams')) wanted.add(s.name);
  }
  const settingsSheet = worksheets.find((s) => same(s.name, 'Settings'));
  let configured = planSheet;
  if (configured === undefined && settingsSheet) {
    const settings = read(settingsSheet.name);
    for (const row of rowsWithCells(settings)) {
      const label = settings.cells[row]?.[1]?.value;
      const value = settings.cells[row]?.[2]?.value;
      if (typeof label === 'string' && same(label, 'Plan sheet') && typeof value === 'string')
        configured = value.trim();
    }
  }
  const names = configured !== undefined ? [configured] : PLAN_SHEET_NAMES;
  const plans = worksheets.filter((s) => names.some((n) => same(s.name, n)));
  const sheets = plans.length
    ? worksheets.filter((s) => wanted.has(s.name) || plans.includes(s))
    : worksheets;
  return {
    date1904: pkg.date1904,
    names: pkg.definedNames,
    sheets: sheets.map((s) => read(s.name)),
  };
}
