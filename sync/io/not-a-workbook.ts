/** The command line's words for a file that cannot be opened as a workbook. */

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { damagedWorkbookReason } from '../../core/xlsx/file-kind.js';
import { backupPathFor } from './safe-write.js';
import type { WorkbookReadError } from '../xlsx/package.js';

/** A path as it would be typed in a command: quoted when it has spaces. */
export function typed(path: string): string {
  return /[\s'"]/.test(path) ? `"${path.replace(/"/g, '\\"')}"` : path;
}

/** `plan.csv: this is a CSV file, not an Excel workbook; ...` in one line, ending with a full stop. */
export function workbookReadMessage(path: string, error: WorkbookReadError): string {
  const name = basename(path);
  const backup = backupPathFor(path);
  const reason =
    error.kind === 'xlsx' && existsSync(backup)
      ? damagedWorkbookReason(basename(backup))
      : error.kind === 'csv'
        ? `this is a CSV file, not an Excel workbook; to import it as a budget table use plan-sync import-budget WORKBOOK ${typed(path)}, or open it in Excel and save it as Excel Workbook (.xlsx)`
        : error.message;
  return `${name}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}`;
}
