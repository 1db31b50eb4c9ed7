import type { SheetData } from '../cells.js';

/** Why the report must not replace an owned sheet (it is protected), or null when it may. */
export function ownedSheetRefusal(sheet: SheetData): string | null {
  if (!sheet.protected) return null;
  return `Sheet "${sheet.name}" is protected, and plan-sync rebuilds it with each report. Unprotect it in Excel (Review > Unprotect Sheet), then try again; nothing was changed.`;
}
