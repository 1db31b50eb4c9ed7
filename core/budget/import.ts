/**
 * Importing a finance table into the budget sheet, as plain data: the findings, the block of
 * cells to write, where, and the defined name that recognises the block on the next import.
 * The command line and the Excel add-in both call this; they only read the source and write cells.
 */

import { monthAbbr } from '../dates.js';
import {
  absoluteRef,
  columnLetters,
  MAX_COL,
  MAX_ROW,
  namedRange,
  type CellRange,
  type DefinedName,
  type SheetData,
} from '../cells.js';
import type { Finding } from '../findings.js';
import { checkBudget } from './checks.js';
import { layoutBudget, placeBudgetBlock, type BudgetBlock } from './layout.js';
import { analyseTable, type BudgetTable, type SourceLocation, type SourceTable } from './table.js';

export const BUDGET_NAME_PREFIX = 'PlanSync_Budget_';
export const DEFAULT_BUDGET_SHEET = 'Budget';

export interface BudgetImportInput {
  source: SourceTable;
  /** The table's name (title of the block, and key for re-imports). */
  name: string;
  /** Where the table came from, as shown in the block, e.g. `table3.csv`. */
  sourceLabel: string;
  importedAt: string;
  /** Identifies this exact source and name: an import with the same fingerprint changes nothing. */
  fingerprint: string;
  sheetName: string;
  /** The budget sheet as it is now; null when it does not exist yet. */
  sheet: SheetData | null;
  names: readonly DefinedName[];
}

export type BudgetImportResult =
  | { ok: false; reason: string; findings: Finding[] }
  | {
      ok: true;
      findings: Finding[];
      table: BudgetTable;
      /** Nothing to do: the same table was imported from the same source before. */
      unchanged: boolean;
      block: BudgetBlock;
      area: CellRange;
      clear: CellRange[];
      definedName: { name: string; ref: string; comment: string };
    };

/** `Table 3: Budget build` -> `PlanSync_Budget_Table_3__Budget_build`. */
export function budgetNameFor(name: string): string {
  return BUDGET_NAME_PREFIX + name.trim().replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * FNV-1a (64-bit, as two 32-bit halves): a short, stable fingerprint, no crypto needed. An array,
 * not rest parameters: a plan's returns pass hundreds of thousands of parts.
 */
export function fingerprintOf(parts: readonly (Uint8Array | string)[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  const encoder = new TextEncoder();
  for (const part of parts) {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    // A plain indexed loop: this runs over every byte of the source file.
    for (let i = 0, n = bytes.length; i <= n; i++) {
      const byte = i < n ? bytes[i] : 0; // each part ends with a 0
      h1 = Math.imul(h1 ^ byte, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ byte, 0x5bd1e995) >>> 0;
    }
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** `line 3, column 16,385` of a CSV file, `Sheet!B7` of a workbook. */
function where(at: SourceLocation): string {
  return 'file' in at
    ? `line ${at.line.toLocaleString('en-GB')}, column ${at.column.toLocaleString('en-GB')}`
    : `${at.sheet}!${at.cell}`;
}

// Plain digits, not toLocaleString: formatting by locale costs every import tens of milliseconds
// of start-up (its data loads on first use), for a message hardly anyone sees.
const SHEET_SIZE = `an Excel sheet has 1,048,576 rows and 16,384 columns (A to ${columnLetters(MAX_COL)})`;

/** Why the source cannot land on a sheet at all (more rows or columns than a sheet has); null if it can. */
function beyondGrid(source: SourceTable): string | null {
  if (source.rows.length > MAX_ROW) {
    const at = source.rows[MAX_ROW].find(Boolean)?.at;
    return `the table has ${source.rows.length.toLocaleString('en-GB')} rows${at ? ` (${where(at)} is past the last one that fits)` : ''}: ${SHEET_SIZE}`;
  }
  for (const row of source.rows) {
    if (row.length > MAX_COL) {
      return `${where(row[MAX_COL].at)} would land past column ${columnLetters(MAX_COL)}: the table has ${row.length.toLocaleString('en-GB')} columns and ${SHEET_SIZE}`;
    }
  }
  return null;
}

/** Why the placed block would not fit on the sheet; null when it fits. */
function blockBeyondGrid(
  table: BudgetTable,
  area: CellRange,
  source: SourceTable,
  sheetName: string,
): string | null {
  if (area.right > MAX_COL) {
    const first = MAX_COL - area.left + 1; // index of the first table column that does not fit
    const at = source.rows.find((r) => r[first])?.[first]?.at;
    const what =
      first < table.columns.length && at
        ? `${where(at)} would land past column ${columnLetters(MAX_COL)}`
        : `its Check column would land past column ${columnLetters(MAX_COL)}`;
    return `${what} of sheet "${sheetName}" (the block starts in column ${columnLetters(area.left)}): ${SHEET_SIZE}`;
  }
  if (area.bottom > MAX_ROW) {
    return `the table needs rows ${area.top.toLocaleString('en-GB')} to ${area.bottom.toLocaleString('en-GB')} of sheet "${sheetName}": ${SHEET_SIZE}; make room above, or import it into another sheet (--sheet)`;
  }
  return null;
}

export function planBudgetImport(input: BudgetImportInput): BudgetImportResult {
  const tooLarge = beyondGrid(input.source);
  if (tooLarge) return { ok: false, reason: tooLarge, findings: [] };
  const analysed = analyseTable(input.source);
  if (!analysed.ok) return { ok: false, reason: analysed.reason, findings: [] };
  const { table } = analysed;
  const findings = [...analysed.findings, ...checkBudget(table)];
  const key = budgetNameFor(input.name);
  const comment = `plan-sync import ${input.fingerprint}`;
  const previous = namedRange(input.names, key, input.sheetName);
  const block = layoutBudget(table, findings, {
    name: input.name,
    source: input.sourceLabel,
    importedAt: input.importedAt,
  });
  const unchanged = previous.range !== null && previous.comment === comment && input.sheet !== null;
  const { area, clear } = unchanged
    ? { area: previous.range!, clear: [] }
    : placeBudgetBlock(input.sheet, previous.range, block.width, block.height);
  const outside = blockBeyondGrid(table, area, input.source, input.sheetName);
  if (outside) return { ok: false, reason: outside, findings };
  const ref = absoluteRef(input.sheetName, area);
  return {
    ok: true,
    findings,
    table,
    unchanged,
    block,
    area,
    clear,
    definedName: { name: key, ref, comment },
  };
}

/** The plan and its companion sheets: a new budget sheet goes after the last of them. */
const PLAN_COMPANIONS = [
  'plan',
  'transitionplan',
  'programmeplan',
  'projectplan',
  'workstreams',
  'settings',
  'ragkey',
];

export function budgetSheetAfter(sheetNames: readonly string[]): string | undefined {
  const key = (n: string) => n.toLowerCase().replace(/[^a-z0-9]/g, '');
  return sheetNames.filter((n) => PLAN_COMPANIONS.includes(key(n))).pop();
}

/** `22 Nov 2026 11:45`, in the machine's local time: when the table was imported. */
export function formatImportTime(now: Date): string {
  const month = monthAbbr(now.getMonth() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getDate()} ${month} ${now.getFullYear()} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
