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

/** A row not yet summed by a total, with its figures in the number columns read once. */
interface Pending {
  row: BudgetRow;
  /** NaN where a cell cannot be summed, so no run through it can match. */
  values: Float64Array;
  isFigure: Uint8Array;
  /** Over the pending rows beneath this one: their positive and negative figures and count. */
  belowUp: Float64Array;
  belowDown: Float64Array;
  belowFigures: Float64Array;
}

/**
 * Each total row against the rows it sums. Subtotals stand in for the rows they total, so a grand
 * total can add up subtotals; the rows summed are the run just above the total that agrees in the
 * most columns (ties go to the longer run), or the rows since the last section heading.
 */
function checkTotalRows(table: BudgetTable): Finding[] {
  const numberCols = table.columns
    .map((c, i) => i)
    .filter((i) => table.columns[i].kind === 'number');
  const width = numberCols.length;
  const findings: Finding[] = [];
  const halfDigit = 0.5 * 10 ** -table.decimals; // as tolerance(), computed once
  const pending = (row: BudgetRow, beneath: Pending | undefined): Pending => {
    const values = new Float64Array(width);
    const isFigure = new Uint8Array(width);
    const belowUp = new Float64Array(width);
    const belowDown = new Float64Array(width);
    const belowFigures = new Float64Array(width);
    for (let j = 0; j < width; j++) {
      const n = numberAt(row, numberCols[j]);
      values[j] = n === undefined ? NaN : (n ?? 0); // a blank adds nothing and is no figure
      isFigure[j] = n === null ? 0 : 1;
      if (beneath) {
        const v = beneath.values[j];
        belowUp[j] = beneath.belowUp[j] + (v > 0 ? v : 0);
        belowDown[j] = beneath.belowDown[j] + (v < 0 ? v : 0);
        belowFigures[j] = beneath.belowFigures[j] + beneath.isFigure[j];
      }
    }
    return { row, values, isFigure, belowUp, belowDown, belowFigures };
  };
  const top = (): Pending | undefined => {
    for (let at = stack.length - 1; at >= 0; at--) if (stack[at]) return stack[at]!;
    return undefined;
  };
  // Rows not yet summed by a total, and null for a section heading; `sections` holds the
  // headings' places in the stack and `items` counts the rows, so neither is recounted per total.
  // Sums of the last k rows are kept running as k grows, never re-summed for every k.
  const stack: (Pending | null)[] = [];
  const sections: number[] = [];
  let items = 0;
  const stated = new Float64Array(width);
  const hasStated = new Uint8Array(width);
  const value = new Float64Array(width);
  const count = new Float64Array(width);
  for (const row of table.rows) {
    if (row.kind === 'section') {
      sections.push(stack.length);
      stack.push(null);
    }
    if (row.kind === 'data') {
      stack.push(pending(row, top()));
      items++;
    }
    if (row.kind !== 'total') continue;
    const lastSection = sections.length ? sections[sections.length - 1] : -1;
    const sinceSection = stack.length - 1 - lastSection;
    if (!items) {
      stack.push(pending(row, top()));
      items++;
      continue;
    }
    let best = sinceSection || items;
    let bestMatches = -1;
    for (let j = 0; j < width; j++) {
      const want = numberAt(row, numberCols[j]);
      hasStated[j] = want === null || want === undefined ? 0 : 1;
      stated[j] = want ?? 0;
      value[j] = 0;
      count[j] = 0;
    }
    for (let k = 1, at = stack.length - 1; k <= items; k++, at--) {
      while (stack[at] === null) at--;
      const { values, isFigure } = stack[at]!;
      let matches = 0;
      for (let j = 0; j < width; j++) {
        // NaN, once added, keeps the column from matching for every longer run.
        value[j] += values[j];
        count[j] += isFigure[j];
        if (hasStated[j] && Math.abs(stated[j] - value[j]) <= halfDigit * count[j] + 1e-9)
          matches++;
      }
      if (matches > bestMatches || (matches === bestMatches && matches > 0)) {
        bestMatches = matches;
        best = k;
      }
      // Stop once no longer run can match in as many columns: the rows left can move each sum
      // only as far as their positive and negative figures reach. Keeps the search linear.
      const { belowUp, belowDown, belowFigures } = stack[at]!;
      let open = 0;
      for (let j = 0; j < width; j++) {
        if (!hasStated[j] || Number.isNaN(value[j])) continue;
        const reach = halfDigit * (count[j] + belowFigures[j]) + 1e-9;
        const slack = 1e-9 * (Math.abs(value[j]) + belowUp[j] - belowDown[j] + Math.abs(stated[j]));
        const low = value[j] + belowDown[j] - reach - slack;
        const high = value[j] + belowUp[j] + reach + slack;
        if (stated[j] >= low && stated[j] <= high) open++;
      }
      if (open < bestMatches || (open === 0 && bestMatches >= 0)) break;
    }
    if (bestMatches === 0) best = sinceSection || items;
    const run: BudgetRow[] = [];
    for (let at = stack.length - 1; run.length < best; at--)
      if (stack[at]) run.push(stack[at]!.row);
    run.reverse();
    for (const col of numberCols) {
      const sum = sumOf(run, col);
      if (!sum) continue;
      const f = mismatch(table, row, col, sum, describeRows(run), 'budget-total-row', TOTAL_ROW);
      if (f) findings.push(f);
    }
    // The total now stands in for the rows it summed.
    let removed = 0;
    while (removed < best && stack.length) {
      if (stack.pop() !== null) removed++;
      else sections.pop();
    }
    items -= removed;
    stack.push(pending(row, top()));
    items++;
  }
  return findings;
}

export function checkBudget(table: BudgetTable): Finding[] {
  return [...checkTotalRows(table), ...checkTotalColumn(table)];
}
