/**
 * Checking a finance table's arithmetic: total rows against the rows they sum, and a total
 * column against the columns it sums. Stated figures are never changed: differences beyond
 * rounding are reported with the label, the stated and computed values and the difference.
 */

import type { Finding } from '../findings.js';
import { formatAmount } from './money.js';
import { locate, type BudgetRow, type BudgetTable } from './table.js';

/** Rounding allowed per figure summed, in the table's units: half of the last digit written. */
function tolerance(table: BudgetTable, figures: number): number {
  return 0.5 * 10 ** -table.decimals * figures + 1e-9;
}

function numberAt(row: BudgetRow, col: number): number | null | undefined {
  const v = row.values[col];
  if (v.kind === 'number') return v.value;
  if (v.kind === 'blank') return null;
  return undefined; // no value or not a number: cannot be summed
}

interface Sum {
  value: number;
  figures: number;
}

function sumOf(rows: readonly BudgetRow[], col: number): Sum | undefined {
  let value = 0;
  let figures = 0;
  for (const row of rows) {
    const n = numberAt(row, col);
    if (n === undefined) return undefined;
    if (n !== null) {
      value += n;
      figures++;
    }
  }
  return { value, figures };
}

function describeRows(rows: readonly BudgetRow[]): string {
  const label = (r: BudgetRow) => `"${r.label || '(no label)'}"`;
  if (rows.length === 1) return `the row ${label(rows[0])} above it`;
  return `the ${rows.length} rows above it (${label(rows[0])} to ${label(rows[rows.length - 1])})`;
}

type Subject = (label: string, column: string) => string;
const TOTAL_ROW: Subject = (label, column) => `Total "${label}" for ${column}`;
const TOTAL_COLUMN: Subject = (label, column) => `The ${column} of "${label}"`;

function mismatch(
  table: BudgetTable,
  row: BudgetRow,
  col: number,
  computed: Sum,
  what: string,
  rule: string,
  subject: Subject,
): Finding | null {
  const stated = numberAt(row, col);
  if (stated === null || stated === undefined || computed.figures === 0) return null;
  const difference =
    Math.round((stated - computed.value) * 10 ** (table.decimals + 2)) / 10 ** (table.decimals + 2);
  if (Math.abs(difference) <= tolerance(table, computed.figures)) return null;
  const column = table.columns[col].header || `column ${col + 1}`;
  const label = row.label || '(no label)';
  const d = table.decimals;
  return {
    severity: 'warning',
    rule,
    ...locate(row.cells[col]!.at),
    message: `${subject(label, column)} is stated as ${formatAmount(stated, d)}, but ${what} add up to ${formatAmount(computed.value, d)}: a difference of ${formatAmount(difference, d)}. Check the figures with finance; the stated total was imported unchanged.`,
    total: { label, column, stated, computed: computed.value, difference },
  };
}

/** Each row's total column against the sum of its other number columns. */
function checkTotalColumn(table: BudgetTable): Finding[] {
  const total = table.columns.findIndex((c) => c.isTotal);
  if (total < 0) return [];
  const parts = table.columns
    .map((c, i) => i)
    .filter((i) => table.columns[i].kind === 'number' && i !== total);
  const findings: Finding[] = [];
  let what: string | undefined;
  for (const row of table.rows) {
    if (row.kind !== 'data' && row.kind !== 'total') continue;
    let value = 0;
    let figures = 0;
    let complete = true;
    for (const col of parts) {
      const n = numberAt(row, col);
      if (n === undefined) complete = false;
      else if (n !== null) {
        value += n;
        figures++;
      }
    }
    if (!complete) continue;
    what ??= `its ${parts.length} columns (${parts.map((c) => table.columns[c].header).join(', ')})`;
    const f = mismatch(
      table,
      row,
      total,
      { value, figures },
      what,
      'budget-total-column',
      TOTAL_COLUMN,
    );
    if (f) findings.push(f);
  }
  return findings;
}

/**
 * Each total row against the rows it sums. Subtotals stand in for the rows they total, so a grand
 * total can add up subtotals; the rows summed are the run just above the total that agrees in the
 * most columns (by default, back to the previous section heading).
 */
function checkTotalRows(table: BudgetTable): Finding[] {
  const numberCols = table.columns
    .map((c, i) => i)
    .filter((i) => table.columns[i].kind === 'number');
  const findings: Finding[] = [];
  // Rows not yet summed by a total, and null for a section heading. Linear in the table's rows:
  // sums of the last k rows are kept running as k grows, never re-summed for every k.
  const stack: (BudgetRow | null)[] = [];
  const stated: (number | null | undefined)[] = [];
  const sums = numberCols.map(() => ({ value: 0, figures: 0, ok: true }));
  for (const row of table.rows) {
    if (row.kind === 'section') stack.push(null);
    if (row.kind === 'data') stack.push(row);
    if (row.kind !== 'total') continue;
    let items = 0;
    let sinceSection = 0;
    let inSection = true;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i] === null) inSection = false;
      else {
        items++;
        if (inSection) sinceSection++;
      }
    }
    if (!items) {
      stack.push(row);
      continue;
    }
    let best = sinceSection || items;
    let bestMatches = -1;
    numberCols.forEach((col, j) => {
      stated[j] = numberAt(row, col);
      sums[j].value = 0;
      sums[j].figures = 0;
      sums[j].ok = true;
    });
    for (let k = 1, at = stack.length - 1; k <= items; k++, at--) {
      while (stack[at] === null) at--;
      const added = stack[at]!;
      let matches = 0;
      for (let j = 0; j < numberCols.length; j++) {
        const sum = sums[j];
        if (!sum.ok) continue;
        const n = numberAt(added, numberCols[j]);
        if (n === undefined) {
          sum.ok = false;
          continue;
        }
        if (n !== null) {
          sum.value += n;
          sum.figures++;
        }
        const want = stated[j];
        if (
          want !== null &&
          want !== undefined &&
          Math.abs(want - sum.value) <= tolerance(table, sum.figures)
        )
          matches++;
      }
      if (matches > bestMatches || (matches === bestMatches && matches > 0)) {
        bestMatches = matches;
        best = k;
      }
    }
    if (bestMatches === 0) best = sinceSection || items;
    const run: BudgetRow[] = [];
    for (let at = stack.length - 1; run.length < best; at--) if (stack[at]) run.push(stack[at]!);
    run.reverse();
    for (const col of numberCols) {
      const sum = sumOf(run, col);
      if (!sum) continue;
      const f = mismatch(table, row, col, sum, describeRows(run), 'budget-total-row', TOTAL_ROW);
      if (f) findings.push(f);
    }
    // The total now stands in for the rows it summed.
    let removed = 0;
    while (removed < best && stack.length) if (stack.pop() !== null) removed++;
    stack.push(row);
  }
  return findings;
}

export function checkBudget(table: BudgetTable): Finding[] {
  return [...checkTotalRows(table), ...checkTotalColumn(table)];
}
