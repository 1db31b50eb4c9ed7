import { describe, expect, it } from 'vitest';
import { textOf } from '../../core/plan/fields.js';

describe('textOf', () => {
  it.each([
    ['Deliver', 'Deliver'],
    ['  Deliver ', 'Deliver'],
    ['Deliver\t', 'Deliver'],
    ['\u00a0Deliver', 'Deliver'],
    ['Deliver\u3000', 'Deliver'],
    ['\ufeffDeliver', 'Deliver'],
    ['A', 'A'],
    ['é', 'é'],
    ['◆', '◆'],
    ['', null],
    ['   ', null],
    ['\u00a0\u2028', null],
  ])('%j is %j', (value, text) => {
    expect(textOf(value)).toBe(text);
  });

  it('numbers, booleans and errors are text too', () => {
    expect(textOf(12.5)).toBe('12.5');
    expect(textOf(true)).toBe('TRUE');
    expect(textOf({ error: '#REF!' })).toBe('#REF!');
    expect(textOf(null)).toBeNull();
  });
});
