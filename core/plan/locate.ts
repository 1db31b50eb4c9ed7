/**
 * Which sheets a plan is read from, decided here once for every host: the command line reads
 * sheet parts of an .xlsx, the add-in asks Excel for ranges, and both read only the sheets
 * named here, in as few steps as they can.
 */

import type { SheetData, WorkbookData } from '../cells.js';
import { normaliseHeader } from './columns.js';
import { readSettingsSheet } from './settings.js';
import { pushAll } from '../arrays.js';

/** The usual names of a plan sheet, first match wins. */
export const PLAN_SHEET_NAMES: readonly string[] = [
  'Plan',
  'Transition Plan',
  'Programme Plan',
  'Project Plan',
];
export const SETTINGS_SHEET = 'Settings';
export const WORKSTREAMS_SHEET = 'Workstreams';

/** The sheet of `names` called `name`: the exact name first, then ignoring case, spaces and punctuation. */
export function findSheetName(names: readonly string[], name: string): string | undefined {
  return (
    names.find((n) => n === name) ?? names.find((n) => normaliseHeader(n) === normaliseHeader(name))
  );
}

/** Every worksheet's name, read or not. */
export function sheetNamesOf(wb: WorkbookData): readonly string[] {
  return wb.sheetNames ?? wb.sheets.map((s) => s.name);
}

export type PlanSheetChoice =
  /** The plan is this sheet. */
  | { kind: 'sheet'; name: string }
  /** The sheet chosen (`--sheet`) or configured (Settings) does not exist. */
  | { kind: 'missing'; wanted: string; from: 'option' | 'settings' }
  /** No sheet has a plan's name: the plan is the one sheet whose header has ID, Task, Start, End. */
  | { kind: 'search' };

/** The plan sheet: the one chosen, else the one the Settings sheet names, else the first usual name. */
export function choosePlanSheet(
  names: readonly string[],
  chosen: string | undefined,
  configured: string | undefined,
): PlanSheetChoice {
  const wanted = chosen ?? configured;
  if (wanted !== undefined) {
    const name = findSheetName(names, wanted);
    return name !== undefined
      ? { kind: 'sheet', name }
      : { kind: 'missing', wanted, from: chosen !== undefined ? 'option' : 'settings' };
  }
  for (const usual of PLAN_SHEET_NAMES) {
    const name = findSheetName(names, usual);
    if (name !== undefined) return { kind: 'sheet', name };
  }
  return { kind: 'search' };
}

export interface LocateOptions {
  /** The plan sheet the user chose (`--sheet`). */
  sheetName?: string;
}

/** Sheets a host may ask for before it knows which sheets exist (Excel skips the missing ones). */
export function likelyPlanSheets(options: LocateOptions = {}): string[] {
  const plans = options.sheetName !== undefined ? [options.sheetName] : PLAN_SHEET_NAMES;
  return [...plans, SETTINGS_SHEET, WORKSTREAMS_SHEET];
}

/**
 * The sheets still to read before the plan can be read: [] once `read` holds them all. `names`
 * are all the workbook's worksheets in tab order. A host reads what this returns and asks again:
 * the Settings sheet comes first, since it may name the plan sheet.
 */
export function planSheetsToRead(
  names: readonly string[],
  read: readonly SheetData[],
  options: LocateOptions = {},
): string[] {
  const have = new Set(read.map((s) => s.name));
  const settingsName = findSheetName(names, SETTINGS_SHEET);
  const workstreamsName = findSheetName(names, WORKSTREAMS_SHEET);
  const need = [settingsName, workstreamsName].filter((n): n is string => n !== undefined);
  let configured: string | undefined;
  if (options.sheetName === undefined && settingsName !== undefined) {
    const settings = read.find((s) => s.name === settingsName);
    if (!settings) return need.filter((n) => !have.has(n));
    configured = readSettingsSheet(settings, false, []).planSheet;
  }
  const choice = choosePlanSheet(names, options.sheetName, configured);
  if (choice.kind === 'sheet') need.push(choice.name);
  else if (choice.kind === 'search') pushAll(need, names);
  return [...new Set(need)].filter((n) => !have.has(n));
}
