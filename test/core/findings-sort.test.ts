import { describe, expect, it } from 'vitest';
import { parseA1 } from '../../core/cells.js';
import { sortFindings, type Finding } from '../../core/findings.js';

/** The pattern parseA1 follows, as a regular expression: the reference for the hand-read one. */
function byPattern(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  return row >= 1 && row <= 1_048_576 && col >= 1 && col <= 16_384 ? { row, col } : null;
}

describe('parseA1', () => {
  it('reads references as Excel writes and people type them', () => {
    expect(parseA1('A1')).toEqual({ row: 1, col: 1 });
    expect(parseA1(' $xfd$1048576 ')).toEqual({ row: 1_048_576, col: 16_384 });
    expect(parseA1('b007')).toEqual({ row: 7, col: 2 });
    for (const bad of [
      '',
      'A',
      '1',
      'A0',
      'XFE1',
      'A1048577',
      'ABCD1',
      'A12345678',
      'A1:B2',
      '$$A1',
      'A$$1',
      'A 1',
      'Ä1',
      '１A',
    ])
      expect(parseA1(bad), bad).toBeNull();
  });

  it('agrees with the pattern on 50,000 random strings of reference characters', () => {
    const alphabet = 'AaZzXFDfd$0123456789 \t:-.É';
    let seed = 7;
    let valid = 0;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let k = 0; k < 50_000; k++) {
      let ref = '';
      for (let len = next() % 12; len > 0; len--) ref += alphabet[next() % alphabet.length];
      const expected = byPattern(ref);
      if (expected) valid++;
      expect(parseA1(ref), JSON.stringify(ref)).toEqual(expected);
    }
    expect(valid).toBeGreaterThan(500);
  });
});

const finding = (over: Partial<Finding>): Finding => ({
  severity: 'warning',
  rule: 'overdue',
  sheet: 'Plan',
  cell: 'A1',
  message: '',
  ...over,
});

describe('sortFindings', () => {
  it('orders by group (first seen), severity, row, column, rule, then as listed', () => {
    const list = [
      finding({ cell: 'B10', message: '1' }),
      finding({ sheet: 'Settings', severity: 'error', cell: 'A2', message: '2' }),
      finding({ cell: 'A10', message: '3' }),
      finding({ cell: 'A9', severity: 'info', message: '4' }),
      finding({ cell: 'A10', rule: 'date-invalid', message: '5' }),
      finding({ sheet: '', cell: '', source: { file: 'b.csv', line: 3, column: 2 }, message: '6' }),
      finding({ cell: 'C2', severity: 'error', message: '7' }),
      finding({ sheet: '', cell: '', source: { file: 'b.csv', line: 2, column: 9 }, message: '8' }),
      finding({ cell: 'A10', message: '9' }),
      finding({ sheet: 'Plan', cell: '', message: '10' }),
    ];
    expect(sortFindings(list).map((f) => f.message)).toEqual([
      '7',
      '10',
      '5',
      '3',
      '9',
      '1',
      '4',
      '2',
      '8',
      '6',
    ]);
  });

  it('returns a new list, in order already or not, and leaves the given one as it was', () => {
    const inOrder = [finding({ cell: 'A2' }), finding({ cell: 'A3' })];
    const sorted = sortFindings(inOrder);
    expect(sorted).not.toBe(inOrder);
    expect(sorted).toEqual(inOrder);
    const reversed = [...inOrder].reverse();
    expect(sortFindings(reversed).map((f) => f.cell)).toEqual(['A2', 'A3']);
    expect(reversed.map((f) => f.cell)).toEqual(['A3', 'A2']);
  });

  it('a sheet and a file of the same name are two groups', () => {
    const list = [
      finding({ sheet: 'Budget', cell: 'A5' }),
      finding({ sheet: '', cell: '', source: { file: 'Budget', line: 1, column: 1 } }),
      finding({ sheet: 'Budget', cell: 'A4' }),
    ];
    expect(sortFindings(list).map((f) => f.cell || 'file')).toEqual(['A4', 'A5', 'file']);
  });
});
