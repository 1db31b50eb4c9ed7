import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  isNoValueMarker,
  parseAmount,
  parseUnits,
  type Amount,
} from '../../../core/budget/money.js';

function num(value: number, decimals = 0, parenthesised = false): Amount {
  return { kind: 'number', value, decimals, parenthesised };
}

describe('parseAmount: numbers', () => {
  const cases: [string, Amount][] = [
    ['1563', num(1563)],
    ['1,563', num(1563)],
    ['£1,563', num(1563)],
    ['£ 1,563', num(1563)],
    ['£\u00a01,563', num(1563)],
    [' 1,563 ', num(1563)],
    ['\u00a01,563\u00a0', num(1563)],
    ['\t1,563\r\n', num(1563)],
    ['1 563', num(1563)],
    ['1\u00a0563', num(1563)],
    ['1\u202f563', num(1563)],
    ['1\u2009563', num(1563)],
    ['12 345 678', num(12345678)],
    ['1,234,567', num(1234567)],
    ['-1,862', num(-1862)],
    ['\u22121,862', num(-1862)], // U+2212 minus sign
    ['\u20131,862', num(-1862)], // en dash as minus
    ['(1,862)', num(-1862, 0, true)],
    ['( 1,862 )', num(-1862, 0, true)],
    ['(£1,862)', num(-1862, 0, true)],
    ['£(1,862)', num(-1862, 0, true)],
    ['(£ 1,862)', num(-1862, 0, true)],
    ['-£1,862', num(-1862)],
    ['-£ 1,862', num(-1862)],
    ['£-1,862', num(-1862)],
    ['£ -1,862', num(-1862)],
    ['\u2212£1,862', num(-1862)],
    ['\u2013£1,862', num(-1862)],
    ['+200', num(200)],
    ['0', num(0)],
    ['0.0', num(0, 1)],
    ['-0', num(0)],
    ['(0)', num(0, 0, true)],
    ['12.5', num(12.5, 1)],
    ['12.50', num(12.5, 2)],
    ['.5', num(0.5, 1)],
    ['-.5', num(-0.5, 1)],
    ['£.5', num(0.5, 1)],
    ['1,234.56', num(1234.56, 2)],
    ['(1,234.56)', num(-1234.56, 2, true)],
    ['007', num(7)],
    ['0.125', num(0.125, 3)],
    // Seed Table 1/2/3 cells.
    ['4,158', num(4158)],
    ['-37', num(-37)],
    ['-11,333', num(-11333)],
    ['47,470', num(47470)],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseAmount(text)).toEqual(expected);
  });

  it('never returns negative zero', () => {
    for (const t of ['-0', '(0)', '-0.00', '\u22120', '£(0.0)']) {
      const a = parseAmount(t);
      expect(a.kind).toBe('number');
      if (a.kind === 'number') expect(Object.is(a.value, -0)).toBe(false);
    }
  });
});

describe('parseAmount: blank and no-value', () => {
  it.each(['', ' ', '\u00a0', '\t', '\u202f \u00a0'])('blank %j', (text) => {
    expect(parseAmount(text)).toEqual({ kind: 'blank' });
  });

  const markers = [
    'TBD',
    'TBC',
    'TBA',
    'n/a',
    'N/A',
    'NA',
    '[x]',
    '[c]',
    '[z]',
    '[u]',
    '-',
    '\u2013',
    '\u2014',
    '..',
    '...',
    '\u2026',
    // case does not matter for the word markers
    'tbd',
    'Tbc',
    'N/a',
    'na',
    '[X]',
  ];
  it.each(markers)('no-value %j, kept as shown', (text) => {
    expect(parseAmount(text)).toEqual({ kind: 'no-value', text });
    expect(parseAmount(` ${text}\u00a0`)).toEqual({ kind: 'no-value', text });
    expect(isNoValueMarker(text)).toBe(true);
  });
});

describe('parseAmount: invalid', () => {
  const junk = [
    '1,56,3',
    '1,5',
    '12,5',
    '1,5634',
    ',563',
    '1,563,',
    '0,563',
    '1,563 000', // mixed grouping marks
    '1 56',
    '1.5e3',
    '1e3',
    '4k',
    '£4k',
    '12m',
    '£4m',
    '12%',
    '12a',
    'approx 40',
    'nil',
    'x',
    'Nil',
    'TBD 2018',
    '5.',
    '1.2.3',
    '1,862-',
    '--5',
    '-(5)',
    '(-5)',
    '(5',
    '5)',
    '()',
    '£',
    '££5',
    '(£5)£',
    '£(£5)',
    '- 5',
    '\u2013 5',
    '\u20145', // em dash is not a minus
    '+-5',
    '-+5',
    '-£-5',
    '$5',
    '€5',
    'GBP 5',
    '1.563,5',
    '\u2212',
    '+',
    '.',
    'n / a',
    '[y]',
    'Total',
  ];
  it.each(junk)('%j', (text) => {
    expect(parseAmount(text)).toEqual({ kind: 'invalid', text: text.trim() });
  });

  it('reports the trimmed text', () => {
    expect(parseAmount('  12a\u00a0')).toEqual({ kind: 'invalid', text: '12a' });
  });
});

describe('parseAmount: decimal comma style', () => {
  const cases: [string, Amount][] = [
    ['1.563', num(1563)],
    ['1.234,56', num(1234.56, 2)],
    ['1 234,56', num(1234.56, 2)],
    ['12,5', num(12.5, 1)],
    ['-1.862', num(-1862)],
    ['(1.862)', num(-1862, 0, true)],
    [',5', num(0.5, 1)],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseAmount(text, { decimalMark: ',' })).toEqual(expected);
  });
  it.each(['1,234.56', '1.56.3', '1.5'])('invalid %j', (text) => {
    expect(parseAmount(text, { decimalMark: ',' }).kind).toBe('invalid');
  });
});

describe('parseUnits', () => {
  const cases: [string, { label: string; scale: number } | null][] = [
    ['£000', { label: '£000', scale: 1000 }],
    ['  £000  ', { label: '£000', scale: 1000 }],
    ['£000s', { label: '£000s', scale: 1000 }],
    ["£000's", { label: "£000's", scale: 1000 }],
    ["£'000", { label: "£'000", scale: 1000 }],
    ['£’000', { label: '£’000', scale: 1000 }],
    ['£ 000', { label: '£ 000', scale: 1000 }],
    ['GBP 000', { label: 'GBP 000', scale: 1000 }],
    ['£k', { label: '£k', scale: 1000 }],
    ['£K', { label: '£K', scale: 1000 }],
    ['£ thousands', { label: '£ thousands', scale: 1000 }],
    ['£m', { label: '£m', scale: 1e6 }],
    ['£M', { label: '£M', scale: 1e6 }],
    ['£mn', { label: '£mn', scale: 1e6 }],
    ['£ million', { label: '£ million', scale: 1e6 }],
    ['£ millions', { label: '£ millions', scale: 1e6 }],
    ['£bn', { label: '£bn', scale: 1e9 }],
    ['£', { label: '£', scale: 1 }],
    ['Amount (£)', { label: '£', scale: 1 }],
    ['(000s)', { label: '000s', scale: 1000 }],
    ['000s', { label: '000s', scale: 1000 }],
    ["'000", { label: "'000", scale: 1000 }],
    ['(000)', { label: '000', scale: 1000 }],
    ['[000]', { label: '000', scale: 1000 }],
    ['(£000)', { label: '£000', scale: 1000 }],
    ['(£m)', { label: '£m', scale: 1e6 }],
    // Headers from the seed's tables.
    ['2017-18 £000', { label: '£000', scale: 1000 }],
    ['Gross Expenditure Budget (000s)', { label: '000s', scale: 1000 }],
    ['Budget 2017-18 (£m)', { label: '£m', scale: 1e6 }],
    // Not units.
    ['', null],
    ['2017-18', null],
    ['Total', null],
    ['CCC', null],
    ['£1,563', null],
    ['£ 1,563', null],
    ['£55k', null],
    ['To be offset by planned £200k saving in BTT', null],
    ['£(1,862)', null],
    ['-£5', null],
    ['1,000s of staff', null],
    ['000', null],
    ['2000s', null],
    ['£mobile', null],
    ['£kit', null],
    ['Amount (m)', null],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseUnits(text)).toEqual(expected);
  });

  it('takes the first units in the text', () => {
    expect(parseUnits('£000 (was £m)')).toEqual({ label: '£000', scale: 1000 });
    expect(parseUnits('£m, not £000')).toEqual({ label: '£m', scale: 1e6 });
  });
});

describe('formatAmount', () => {
  const cases: [number, number | undefined, string][] = [
    [1862, undefined, '1,862'],
    [-1862, undefined, '-1,862'],
    [0.5, undefined, '0.5'],
    [0, undefined, '0'],
    [-0, undefined, '0'],
    [1, undefined, '1'],
    [999, undefined, '999'],
    [1000, undefined, '1,000'],
    [-1000, undefined, '-1,000'],
    [42251, undefined, '42,251'],
    [1234567.891, undefined, '1,234,567.891'],
    [0.1 + 0.2, undefined, '0.3'],
    [4158 - 4157.9, undefined, '0.1'],
    [12.5, 2, '12.50'],
    [1862, 0, '1,862'],
    [1862.4, 0, '1,862'],
    [1862.5, 0, '1,863'],
    [-0.001, 2, '0.00'],
    [-0.4, 0, '0'],
    [-11285, 0, '-11,285'],
    [-1234.5, 1, '-1,234.5'],
    [0.5, 3, '0.500'],
    [1e21, undefined, '1e+21'],
    [Number.NaN, undefined, 'NaN'],
  ];
  it.each(cases)('%s with %s decimals', (value, decimals, expected) => {
    expect(formatAmount(value, decimals)).toBe(expected);
  });

  it('round-trips what parseAmount reads', () => {
    for (const t of ['1,563', '-1,862', '0', '12.50', '1,234.56', '0.5']) {
      const a = parseAmount(t);
      if (a.kind !== 'number') throw new Error(t);
      expect(formatAmount(a.value, a.decimals)).toBe(t);
    }
  });
});
