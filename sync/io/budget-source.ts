/** Reading the table finance sends: a CSV file, or a range of another workbook (`file.xlsx#Sheet!A1:G20`). */

import { basename } from 'node:path';
import {
  BudgetSourceError,
  readBudgetSourceBytes,
  type BudgetSource,
} from '../../core/budget/source.js';
import { fileProblem } from './file-errors.js';
import { fileSystem } from './file-system.js';
import { nodeInflateRaw, zipLimits } from '../xlsx/zip.js';
import { CannotProceed } from './load.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';

export type { BudgetSource } from '../../core/budget/source.js';

function readBytes(path: string): Buffer {
  try {
    return fileSystem().readFileSync(path);
  } catch (e) {
    throw new CannotProceed(fileProblem(e, { action: 'read', path }));
  }
}

/** `table.xlsx#Budget!A1:F9` -> file and selector; a plain path has no selector. */
export function splitSelector(spec: string): { path: string; selector: string | null } {
  const hash = spec.lastIndexOf('#');
  if (hash > 0 && /\.(xlsx|xlsm)$/i.test(spec.slice(0, hash)))
    return { path: spec.slice(0, hash), selector: spec.slice(hash + 1) };
  return { path: spec, selector: null };
}

export function readBudgetSource(spec: string): BudgetSource {
  const { path, selector } = splitSelector(spec);
  const bytes = readBytes(path);
  try {
    return readBudgetSourceBytes(bytes, basename(path), selector, nodeInflateRaw, zipLimits());
  } catch (e) {
    if (e instanceof BudgetSourceError || e instanceof WorkbookReadError)
      throw new CannotProceed(/[.?!]$/.test(e.message) ? e.message : `${e.message}.`);
    throw e;
  }
}
