/**
 * When plan-sync must not write to a sheet at all, and the words it says: decided here once, so
 * the command line and the add-in refuse the same things the same way.
 */

import type { SheetData } from './cells.js';

export type WriteKind = 'sync' | 'budget';

/** Why `sheet` must not be written for `kind`, or null when it may be. */
export function writeRefusal(sheet: SheetData, kind: WriteKind): string | null {
  if (!sheet.protected) return null;
  const unprotect = 'Unprotect it in Excel (Review > Unprotect Sheet)';
  return kind === 'sync'
    ? `Sheet "${sheet.name}" is protected, so its RAG cells cannot be coloured nor its timeline drawn. ${unprotect}, then try again; nothing was changed.`
    : `Sheet "${sheet.name}" is protected, so no table can be imported into it. ${unprotect} or choose another budget sheet, then try again; nothing was imported.`;
}
