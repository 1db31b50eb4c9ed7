import { cellValue, isBlank, rowsWithCells, type SheetData } from '../cells.js';
import { textOf } from '../plan/fields.js';
import { HISTORY_HEADERS, HISTORY_SHEET } from './history.js';
import { REPORT_HEADERS, REPORT_SHEET } from './layout.js';

const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
const rowIs = (sheet: SheetData, row: number, titles: readonly string[]) =>
  titles.every((t, i) => same(textOf(cellValue(sheet, row, i + 1)), t));

/**
 * Whether `sheet` is one plan-sync wrote as `owned` (so the report may rebuild it), told by the
 * layout the report writes: the Status history's header in row 1; the Highlight report's title in
 * A1 and its programme table header in row 4. A sheet with no values holds nothing to lose.
 */
export function isOwnedSheet(sheet: SheetData, owned: string): boolean {
  const hasValues = [...rowsWithCells(sheet)].some((r) =>
    sheet.cells[r]?.some((c) => c !== undefined && !isBlank(c.value)),
  );
  if (!hasValues) return true;
  if (same(owned, HISTORY_SHEET)) return rowIs(sheet, 1, HISTORY_HEADERS);
  if (same(owned, REPORT_SHEET)) {
    const title = textOf(cellValue(sheet, 1, 1));
    return title !== null && /^highlight report\b/i.test(title) && rowIs(sheet, 4, REPORT_HEADERS);
  }
  return false;
}

/**
 * Why the report must not replace the sheet where it writes `owned`: it is protected, or it is
 * the user's own sheet of that name (not one plan-sync made); null when it may.
 */
export function ownedSheetRefusal(sheet: SheetData, owned?: string): string | null {
  if (owned !== undefined && !isOwnedSheet(sheet, owned))
    return `Sheet "${sheet.name}" is not one plan-sync made, and the report writes its "${owned}" sheet there (replacing it whole). Rename your sheet (or move it to another workbook), then try again; nothing was changed.`;
  if (!sheet.protected) return null;
  return `Sheet "${sheet.name}" is protected, and plan-sync rebuilds it with each report. Unprotect it in Excel (Review > Unprotect Sheet), then try again; nothing was changed.`;
}
