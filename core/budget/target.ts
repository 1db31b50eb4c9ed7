/**
 * Which sheets a budget table may not go to: the plan sheet (its rows would be read as tasks),
 * the Settings sheet and the Workstreams sheet. Decided here once for the command line and the
 * add-in, with the same words.
 */
import type { SheetData } from '../cells.js';
import { normaliseHeader, REQUIRED_COLUMNS } from '../plan/columns.js';
import {
  choosePlanSheet,
  findSheetName,
  PLAN_SHEET_NAMES,
  SETTINGS_SHEET,
  WORKSTREAMS_SHEET,
} from '../plan/locate.js';
import { findHeaderRow } from '../plan/read.js';
import { readSettingsSheet } from '../plan/settings.js';

const AGAIN = 'Choose another budget sheet, then try again; nothing was imported.';

/** The sheets to read before `budgetTargetRefusal` can decide: the Settings sheet, if any (it may name the plan sheet). */
export function budgetTargetSheetsToRead(sheetNames: readonly string[]): string[] {
  const settings = findSheetName(sheetNames, SETTINGS_SHEET);
  return settings === undefined ? [] : [settings];
}

/**
 * Why a budget table may not be imported into sheet `target` (a one-line reason), or null when
 * it may. `sheetNames`: every worksheet; `read`: the sheets `budgetTargetSheetsToRead` named and
 * the target sheet when it exists.
 */
export function budgetTargetRefusal(
  sheetNames: readonly string[],
  target: string,
  read: readonly SheetData[],
): string | null {
  const key = normaliseHeader(target);
  const existing = findSheetName(sheetNames, target);
  const shown = existing ?? target;
  if (key === normaliseHeader(SETTINGS_SHEET))
    return `Sheet "${shown}" holds the plan's settings: a budget table there would be read as settings. ${AGAIN}`;
  if (key === normaliseHeader(WORKSTREAMS_SHEET))
    return `Sheet "${shown}" lists the plan's workstreams: a budget table there would be read as workstreams. ${AGAIN}`;

  const settingsName = findSheetName(sheetNames, SETTINGS_SHEET);
  const settings = read.find((s) => s.name === settingsName);
  const configured = settings ? readSettingsSheet(settings, false, []).planSheet : undefined;
  const choice = choosePlanSheet(sheetNames, undefined, configured);
  const isPlan =
    choice.kind === 'sheet'
      ? normaliseHeader(choice.name) === key
      : choice.kind === 'missing'
        ? normaliseHeader(choice.wanted) === key
        : looksLikePlan(read.find((s) => s.name === existing));
  if (isPlan && existing !== undefined)
    return `Sheet "${shown}" is the plan sheet: a budget table there would be read as tasks. ${AGAIN}`;
  // No sheet has a plan's name: a new one with such a name (or the one Settings names) would become the plan sheet.
  const wouldBePlan =
    isPlan ||
    (choice.kind === 'search' && PLAN_SHEET_NAMES.some((n) => normaliseHeader(n) === key));
  if (existing === undefined && wouldBePlan)
    return `A new sheet called "${target}" would be read as the plan sheet, and the budget table on it as tasks. ${AGAIN}`;
  return null;
}

/** The sheet has a plan's header row (ID, Task, Start and End). */
function looksLikePlan(sheet: SheetData | undefined): boolean {
  const header = sheet && findHeaderRow(sheet);
  return !!header && REQUIRED_COLUMNS.every((k) => header.columns[k] !== undefined);
}
