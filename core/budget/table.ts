/**
 * Understanding a finance table: its header, units, label, number and text columns, and which
 * rows are sections, data and totals. Works on plain cells from a CSV file or a workbook range.
 */

import type { Finding } from '../findings.js';
import { parseAmount, parseUnits, type Amount, type Units } from './money.js';

export type SourceLocation =
  { file: string; line: number; column: number } | { sheet: string; cell: string };

export interface SourceCell {
  /** The text as written (for a workbook number, its plain digits). */
  text: string;
  /** A real number from a workbook cell. */
  number?: number;
  at: SourceLocation;
}

export interface SourceTable {
  rows: SourceCell[][];
}

export type BudgetValue = Amount | { kind: 'text'; text: string };

export type RowKind = 'section' | 'data' | 'total' | 'blank';

export interface BudgetRow {
  kind: RowKind;
  label: string;
  /** One value per column (the label column's value is its text). */
  values: BudgetValue[];
  cells: (SourceCell | undefined)[];
}

export interface BudgetColumn {
  header: string;
  kind: 'label' | 'number' | 'text';
  /** A number column that totals the others across each row. */
  isTotal: boolean;
}

export interface BudgetTable {
  /** A caption found above the header (e.g. `Table 3: Budget Build 2017-18`). */
  caption: string | null;
  columns: BudgetColumn[];
  /** Units stated in a units row or in the headers; null when the table states none. */
  units: Units | null;
  /** The units row's cells as written (`£000`), when there is one. */
  unitsRow: string[] | null;
  rows: BudgetRow[];
  /** Most decimals written in any number: rounding tolerance and number format follow it. */
  decimals: number;
  /** Negatives were written in parentheses, so they are shown that way. */
  parenthesised: boolean;
}

const TOTAL_LABEL = /\b(sub-?total|total|totals|net|balance)\b/i;

export function locate(at: SourceLocation): Pick<Finding, 'sheet' | 'cell' | 'source'> {
  return 'file' in at ? { sheet: '', cell: '', source: at } : { sheet: at.sheet, cell: at.cell };
}

function isEmpty(cell: SourceCell | undefined): boolean {
  return cell === undefined || cell.text.trim() === '';
}

function amountOf(cell: SourceCell | undefined): Amount {
  if (cell?.number !== undefined) {
    const decimals = (String(cell.number).split('.')[1] ?? '').length;
    return {
      kind: 'number',
      value: cell.number,
      decimals: Math.min(decimals, 4),
      parenthesised: false,
    };
  }
  return parseAmount(cell?.text ?? '');
}

/** Strips markup some exports leave in labels (`<u>HR</u>`) and surrounding spaces. */
function cleanLabel(text: string): string {
  return text
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type AnalyseResult =
  { ok: true; table: BudgetTable; findings: Finding[] } | { ok: false; reason: string };

export function analyseTable(source: SourceTable): AnalyseResult {
  const rows = source.rows.map((r) => [...r]);
  while (rows.length && rows[rows.length - 1].every(isEmpty)) rows.pop();
  let start = 0;
  while (start < rows.length && rows[start].every(isEmpty)) start++;
  if (start >= rows.length) return { ok: false, reason: 'the table is empty' };

  // A lone caption above the header ("Table 3: Budget Build 2017-18").
  let caption: string | null = null;
  const filled = (r: SourceCell[]) => r.filter((c) => !isEmpty(c)).length;
  if (filled(rows[start]) === 1 && rows.slice(start + 1).some((r) => filled(r) > 1)) {
    caption = cleanLabel(rows[start].find((c) => !isEmpty(c))!.text);
    start++;
    while (start < rows.length && rows[start].every(isEmpty)) start++;
  }
  const header = rows[start];
  if (!header || filled(header) < 2)
    return {
      ok: false,
      reason: 'no header row: expected a row of column titles such as 2017-18 or Total',
    };
  // A loop, not Math.max(...): a spread of a long table's rows passes the engine's argument limit.
  let width = 0;
  for (let r = start; r < rows.length; r++) width = Math.max(width, rows[r].length);

  // A units row under the header: every filled cell states units (£000).
  let body = start + 1;
  let unitsRow: string[] | null = null;
  let units: Units | null = null;
  const next = rows[body];
  if (next && filled(next) > 0 && next.every((c) => isEmpty(c) || parseUnits(c.text) !== null)) {
    unitsRow = Array.from({ length: width }, (_, i) => next[i]?.text.trim() ?? '');
    units = parseUnits(next.find((c) => !isEmpty(c))!.text);
    body++;
  }
  if (!units) {
    for (const cell of header) {
      const u = cell ? parseUnits(cell.text) : null;
      if (u) {
        units = u;
        break;
      }
    }
  }

  // Column kinds, from the body's cells.
  const bodyRows = rows.slice(body);
  const columns: BudgetColumn[] = [];
  // Each column's amounts by body row, read once for the column's kind and kept for the rows.
  const amounts: Amount[][] = [];
  for (let col = 0; col < width; col++) {
    const title = cleanLabel(header[col]?.text ?? '');
    if (col === 0) {
      columns.push({ header: title, kind: 'label', isTotal: false });
      continue;
    }
    let numbers = 0;
    let noValue = 0;
    let other = 0;
    const read: Amount[] = (amounts[col] = []);
    for (const r of bodyRows) {
      const a = amountOf(r[col]);
      read.push(a);
      if (a.kind === 'number') numbers++;
      else if (a.kind === 'no-value') noValue++;
      else if (a.kind === 'invalid') other++;
    }
    const numeric = numbers > 0 && numbers + noValue >= 0.6 * (numbers + noValue + other);
    columns.push({
      header: title,
      kind: numeric ? 'number' : 'text',
      isTotal: numeric && /\btotals?\b/i.test(title),
    });
  }
  // Only the last total column totals the row; a second one would be ambiguous.
  const totals = columns.filter((c) => c.isTotal);
  for (const c of totals.slice(0, -1)) c.isTotal = false;

  const findings: Finding[] = [];
  let decimals = 0;
  let parenthesised = false;
  const table: BudgetTable = {
    caption,
    columns,
    units,
    unitsRow,
    rows: [],
    decimals: 0,
    parenthesised: false,
  };
  bodyRows.forEach((r, index) => {
    const label = cleanLabel(r[0]?.text ?? '');
    const values: BudgetValue[] = columns.map((c, col) => {
      if (c.kind !== 'number') return { kind: 'text', text: (r[col]?.text ?? '').trim() };
      const a = amounts[col][index];
      if (a.kind === 'number') {
        decimals = Math.max(decimals, a.decimals);
        parenthesised ||= a.parenthesised;
      }
      return a;
    });
    const numbers = values.filter((v, col) => columns[col].kind === 'number' && v.kind !== 'blank');
    let kind: RowKind;
    if (r.every(isEmpty)) kind = 'blank';
    else if (numbers.length === 0) kind = label ? 'section' : 'data';
    else if (!label || TOTAL_LABEL.test(label)) kind = 'total';
    else kind = 'data';
    table.rows.push({ kind, label, values, cells: columns.map((_, col) => r[col]) });

    values.forEach((v, col) => {
      const cell = r[col];
      if (!cell || (v.kind !== 'invalid' && v.kind !== 'no-value')) return;
      const what = `"${cell.text.trim()}" in ${columns[col].header ? `column "${columns[col].header}"` : `column ${col + 1}`}${label ? ` of row "${label}"` : ''}`;
      if (v.kind === 'invalid') {
        findings.push({
          severity: 'error',
          rule: 'budget-not-a-number',
          ...locate(cell.at),
          message: `${what} is not a number. Correct it in the source; it was imported as text.`,
        });
      } else if (v.kind === 'no-value') {
        findings.push({
          severity: 'info',
          rule: 'budget-no-value',
          ...locate(cell.at),
          message: `${what} means "no value": kept as written, not counted as zero.`,
        });
      }
    });
  });
  table.decimals = decimals;
  table.parenthesised = parenthesised;
  if (!units) {
    findings.push({
      severity: 'info',
      rule: 'budget-units',
      ...locate(header[0]?.at ?? header.find((c) => c)!.at),
      message:
        'The table does not state its units (such as £000); numbers were imported as written.',
    });
  }
  return { ok: true, table, findings };
}
