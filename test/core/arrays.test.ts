import { describe, expect, it } from 'vitest';
import { maxOf, minOf, pushAll } from '../../core/arrays.js';

describe('pushAll', () => {
  it('appends in order, from arrays and other iterables', () => {
    const list = [1];
    pushAll(list, [2, 3]);
    pushAll(list, new Set([4, 5]));
    pushAll(list, []);
    expect(list).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes 300,000 items, past the limit of spread arguments', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    const list: number[] = [];
    pushAll(list, many);
    expect(list.length).toBe(300_000);
    expect(list[299_999]).toBe(299_999);
  });
});

describe('maxOf and minOf, as Math.max and Math.min', () => {
  const cases: number[][] = [
    [],
    [7],
    [3, -2, 9, 9, 0],
    [-0, 0],
    [0, -0],
    [1, NaN, 3],
    [Infinity, -Infinity],
    [-5, -50, -0.5],
  ];
  for (const values of cases) {
    it(`[${values.join(', ')}]`, () => {
      expect(maxOf(values)).toBe(Math.max(...values));
      expect(minOf(values)).toBe(Math.min(...values));
    });
  }

  it('take 300,000 values', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_001);
    expect(maxOf(many)).toBe(many.reduce((a, b) => (b > a ? b : a)));
    expect(minOf(many)).toBe(many.reduce((a, b) => (b < a ? b : a)));
    expect(maxOf(new Set([2, 5, 1]))).toBe(5);
  });
});
