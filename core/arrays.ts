/**
 * Array helpers for lists as long as a plan. A spread argument (`list.push(...rows)`,
 * `Math.max(...widths)`) puts every value on the stack, and V8 throws "Maximum call stack size
 * exceeded" past about 125,000 of them; eslint.config.js forbids spread arguments in product code.
 */

/** Appends every item to `list`, in order: `list.push(...items)` for any length. */
export function pushAll<T>(list: T[], items: Iterable<T>): void {
  for (const item of items) list.push(item);
}

/** `Math.max(...values)` for any length: -Infinity when there are none, NaN if any is NaN. */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  return max;
}

/** `Math.min(...values)` for any length: Infinity when there are none, NaN if any is NaN. */
export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) min = Math.min(min, v);
  return min;
}
