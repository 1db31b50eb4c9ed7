import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../../core/budget/checks.js';
import { parseCsv } from '../../../core/budget/csv.js';
import { analyseTable, type SourceTable } from '../../../core/budget/table.js';
import type { Finding } from '../../../core/findings.js';
import { TABLE_1, TABLE_3, TABLE_4, TABLE_5, TABLE_6A, TABLE_6C } from './seed-tables.js';

function source(csv: string, file = 'table.csv'): SourceTable {
  const parsed = parseCsv(new TextEncoder().encode(csv));
  return {
    rows: parsed.rows.map((r) =>
      r.map((c) => ({ text: c.text, at: { file, line: c.line, column: c.column } })),
    ),
  };
}

function analyse(csv: string) {
  const result = analyseTable(source(csv));
  if (!result.ok) throw new Error(result.reason);
  return { ...result, totals: checkBudget(result.table) };
}

const brief = (f: Finding) => [
  f.rule,
  f.total!.label,
  f.total!.column,
  f.total!.stated,
  f.total!.computed,
  f.total!.difference,
];

describe('analysing the seed tables', () => {
  it('Table 1: years across, a units row, a section, TBD, a total row that adds up', () => {
    const { table, findings, totals } = analyse(TABLE_1);
    expect(table.units).toMatchObject({ label: '£000', scale: 1000 });
    expect(table.columns.map((c) => c.kind)).toEqual([
      'label',
      'number',
      'number',
      'number',
      'number',
      'number',
    ]);
    expect(table.rows.map((r) => r.kind)).toEqual([
      'data',
      'section',
      'data',
      'data',
      'data',
      'data',
      'total',
    ]);
    expect(findings.filter((f) => f.rule === 'budget-no-value').map((f) => f.source!.line)).toEqual(
      [5, 6, 7, 8, 9],
    );
    expect(totals).toEqual([]);
  });

  it('Table 3: partners across with a total column; the unlabelled subtotal’s sign slip is found', () => {
    const { table, totals } = analyse(TABLE_3);
    expect(table.columns.map((c) => c.isTotal)).toEqual([false, false, false, false, true]);
    expect(table.rows[10]).toMatchObject({ kind: 'total', label: '' });
    expect(totals.map(brief)).toEqual([
      ['budget-total-row', '(no label)', 'MKC', 3944, -3944, 7888],
      // Net budget = revised gross + the income subtotal, so the slip shows there too.
      ['budget-total-row', 'Net budget', 'MKC', 11782, 19670, -7888],
      ['budget-total-column', '(no label)', 'Total', -11333, -3445, -7888],
    ]);
    expect(totals[0]).toMatchObject({
      source: { file: 'table.csv', line: 13, column: 3 },
      severity: 'warning',
    });
    expect(totals[0].message).toContain('"Income" to "Income inflation"');
  });

  it('Table 4: one value column; a total off by 3 over nine rounded lines is within rounding; a sign slip is not', () => {
    const { table, totals } = analyse(TABLE_4);
    expect(table.units?.label).toBe('£000');
    expect(totals.map(brief)).toEqual([
      ['budget-total-row', 'Net Expenditure – Total', '£000', 30918, 53584, -22666],
    ]);
  });

  it('Table 5: section headings with subtotals and a grand total of subtotals all add up', () => {
    const { table, totals } = analyse(TABLE_5);
    expect(table.rows.filter((r) => r.kind === 'section').map((r) => r.label)).toContain(
      'IT Directorate:',
    );
    expect(table.rows.filter((r) => r.kind === 'total')).toHaveLength(6);
    expect(totals).toEqual([]);
  });

  it('Table 6a: a text column is carried as text, underlined headings are sections, the unlabelled total adds up', () => {
    const { table, findings, totals } = analyse(TABLE_6A);
    expect(table.columns.map((c) => c.kind)).toEqual(['label', 'number', 'text']);
    expect(table.units?.label).toBe('£000');
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(totals).toEqual([]);
  });

  it('Table 6c: every published row total that does not add up is reported, with its label', () => {
    const { totals } = analyse(TABLE_6C);
    // The published table's row totals disagree with its years in several rows; its column totals agree.
    expect(totals.map(brief)).toEqual([
      ['budget-total-column', 'Audit', 'Total', -220, -120, -100],
      ['budget-total-column', 'Transactions', 'Total', -734, -710, -24],
      ['budget-total-column', 'HR Professional', 'Total', -220, -190, -30],
      ['budget-total-column', 'IT', 'Total', -603, -505, -98],
      ['budget-total-column', 'Procurement', 'Total', -230, -210, -20],
      ['budget-total-column', 'Insurance', 'Total', -127, -107, -20],
      ['budget-total-column', 'TOTAL', 'Total', -4885, -4593, -292],
      ['budget-total-column', 'Remaining', 'Total', -4248, -3956, -292],
      ['budget-total-column', 'Balance', 'Total', 96, 388, -292],
    ]);
  });
});

describe('junk and injection', () => {
  it('reports junk in a number column at its line and column, and imports the rest', () => {
    const { table, findings } = analyse('Item,2020-21\nA,10\nB,ten\nC,(5)\nTotal,5\n');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({
        rule: 'budget-not-a-number',
        source: { file: 'table.csv', line: 3, column: 2 },
      }),
    ]);
    expect(table.rows.map((r) => r.values[1])).toEqual([
      { kind: 'number', value: 10, decimals: 0, parenthesised: false },
      { kind: 'invalid', text: 'ten' },
      { kind: 'number', value: -5, decimals: 0, parenthesised: true },
      { kind: 'number', value: 5, decimals: 0, parenthesised: false },
    ]);
    expect(table.parenthesised).toBe(true);
  });
});

describe('a long table', () => {
  it('of 150,000 rows is analysed (no argument-spread limits)', () => {
    const rows = Array.from({ length: 150_000 }, (_, i) => `Line ${i + 1},${i % 97},${i % 89}`);
    const result = analyseTable(source(`Cost centre,2020-21,2021-22\n${rows.join('\n')}\n`));
    if (!result.ok) throw new Error(result.reason);
    expect(result.table.rows).toHaveLength(150_000);
    expect(result.table.columns.map((c) => c.kind)).toEqual(['label', 'number', 'number']);
  });
});

describe('which rows a total sums', () => {
  it('a longer run that comes back to the stated total, through a negative, wins the tie', () => {
    // "Net" matches "Grant" alone and also all three rows (12 - 12 + 30); the longer run is taken,
    // so the search must not stop when the sum first moves away from the total.
    const { totals, table } = analyse(
      'Line,2020-21\nStaff,12\nSaving,(12)\nGrant,30\nNet,30\nGrand total,31\n',
    );
    expect(table.rows.map((r) => r.kind)).toEqual(['data', 'data', 'data', 'total', 'total']);
    expect(totals.map(brief)).toEqual([['budget-total-row', 'Grand total', '2020-21', 31, 30, 1]]);
    expect(totals[0].message).toContain('the row "Net" above it');
  });

  it('20,000 sections: each subtotal sums its own lines and the grand total sums the subtotals', () => {
    const lines = ['Line,A,B'];
    let grandA = 0;
    for (let s = 0; s < 20_000; s++) {
      // Lines of hundreds, so no run but a section's own can come near its subtotal.
      const [a1, a2, b1] = [100 + (s % 7), 200 + (s % 5), 300 + ((s * 3) % 11)];
      lines.push(`Line ${s}a,${a1},${b1}`, `Line ${s}b,${a2},400`);
      grandA += a1 + a2;
      // Every 1,000th subtotal is off by 5 in column B (beyond the rounding of two lines).
      lines.push(`Total ${s},${a1 + a2},${b1 + 400 + (s % 1000 === 0 ? 5 : 0)}`);
    }
    lines.push(`Grand total,${grandA},0`);
    const { totals } = analyse(lines.join('\n') + '\n');
    const wrong = totals.filter((f) => f.total!.label !== 'Grand total');
    expect(wrong.map((f) => f.total!.label)).toEqual(
      Array.from({ length: 20 }, (_, k) => `Total ${k * 1000}`),
    );
    expect(wrong.every((f) => f.total!.difference === 5 && f.total!.column === 'B')).toBe(true);
    // The grand total adds up the 20,000 subtotals in A; its stated 0 in B is reported.
    const grand = totals.filter((f) => f.total!.label === 'Grand total');
    expect(grand.map((f) => f.total!.column)).toEqual(['B']);
    expect(grand[0].message).toContain('the 20000 rows above it');
  });
});
