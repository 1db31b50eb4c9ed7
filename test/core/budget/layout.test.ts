import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../core/budget/csv.js';
import { layoutBudget, wrappedLines } from '../../../core/budget/layout.js';
import { analyseTable } from '../../../core/budget/table.js';
import { checkBudget } from '../../../core/budget/checks.js';
import { TABLE_3, TABLE_5 } from './seed-tables.js';

function block(csv: string) {
  const parsed = parseCsv(new TextEncoder().encode(csv));
  const result = analyseTable({
    rows: parsed.rows.map((r) =>
      r.map((c) => ({ text: c.text, at: { file: 't.csv', line: c.line, column: c.column } })),
    ),
  });
  if (!result.ok) throw new Error(result.reason);
  const findings = [...result.findings, ...checkBudget(result.table)];
  return layoutBudget(result.table, findings, { name: 'T', source: 't.csv', importedAt: 'now' });
}

describe('wrappedLines', () => {
  it('counts the lines of text wrapped at word breaks in a column', () => {
    expect(wrappedLines('Total', 12)).toBe(1);
    expect(wrappedLines('Gross Expenditure Budget (000s)', 40)).toBe(1);
    expect(wrappedLines('Gross Expenditure Budget (000s)', 12)).toBe(4);
    // Bold text is wider.
    expect(wrappedLines('Transfers to reserves', 12)).toBe(2);
    expect(wrappedLines('Transfers to reserves', 12, true)).toBe(3);
    // A word longer than the column is broken over as many lines as it needs.
    expect(wrappedLines('x'.repeat(25), 11)).toBe(3);
    expect(wrappedLines('', 12)).toBe(1);
  });
});

describe('layoutBudget', () => {
  it('gives the header row the height of its longest wrapped title, and no other row', () => {
    const t5 = block(TABLE_5.replace('(000s)', '(£000s)'));
    // Title, info line, then the header: "Gross Expenditure Budget (£000s)" in a 12-wide column.
    expect([...t5.rowHeights]).toEqual([[2, 60]]);
    expect(block(TABLE_3).rowHeights.size).toBe(0);
  });

  it('keeps Check notes on one line (wrapped in a narrow column they overlapped their neighbours)', () => {
    const t3 = block(TABLE_3);
    const check = t3.width - 1;
    const notes = [...t3.values].filter(([i]) => i % t3.width === check && i >= t3.width * 4);
    expect(notes.length).toBe(2);
    for (const [i] of notes) expect(t3.styleTable[t3.styles[i]].wrap).toBeUndefined();
  });
});
