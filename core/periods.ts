/** The columns of a Gantt timeline: consecutive weeks, months or calendar quarters. */

import { addMonths, startOfMonth, startOfQuarter, startOfWeek, ymdOf, type Day } from './dates.js';

export type Scale = 'week' | 'month' | 'quarter';

/** Inclusive days. */
export interface Period {
  start: Day;
  end: Day;
}

/** Weeks start on Monday (UK convention); months; calendar quarters from 1 Jan. */
export function periodStart(day: Day, scale: Scale): Day {
  switch (scale) {
    case 'week':
      return startOfWeek(day);
    case 'month':
      return startOfMonth(day);
    case 'quarter':
      return startOfQuarter(day);
  }
}

function nextPeriodStart(start: Day, scale: Scale): Day {
  switch (scale) {
    case 'week':
      return start + 7;
    case 'month':
      return addMonths(start, 1);
    case 'quarter':
      return addMonths(start, 3);
  }
}

/**
 * Consecutive periods from the one containing `first` to the one containing `last`.
 * Empty when `last` is before `first`.
 */
export function periodsCovering(first: Day, last: Day, scale: Scale): Period[] {
  const periods: Period[] = [];
  if (last < first) return periods;
  let start = periodStart(first, scale);
  while (start <= last) {
    const next = nextPeriodStart(start, scale);
    periods.push({ start, end: next - 1 });
    start = next;
  }
  return periods;
}

/** How many periods `periodsCovering` would return, computed without making them. */
export function periodCount(first: Day, last: Day, scale: Scale): number {
  if (last < first) return 0;
  if (scale === 'week') return (startOfWeek(last) - startOfWeek(first)) / 7 + 1;
  const a = ymdOf(first);
  const b = ymdOf(last);
  if (scale === 'month') return b.y * 12 + b.m - (a.y * 12 + a.m) + 1;
  const quarter = (d: { y: number; m: number }) => d.y * 4 + Math.floor((d.m - 1) / 3);
  return quarter(b) - quarter(a) + 1;
}

const MAX_WEEK_SPAN_DAYS = 182;
const MAX_MONTH_COLUMNS = 48;

/**
 * Weeks for up to about six months, months for up to four years of columns, quarters
 * beyond: keeps the timeline readable without thousands of columns.
 */
export function chooseScale(first: Day, last: Day): Scale {
  if (last - first <= MAX_WEEK_SPAN_DAYS) return 'week';
  const a = ymdOf(first);
  const b = ymdOf(last);
  const months = b.y * 12 + b.m - (a.y * 12 + a.m) + 1;
  return months <= MAX_MONTH_COLUMNS ? 'month' : 'quarter';
}

/** Index of the period containing `day`, or -1. `periods` must be sorted and not overlap. */
export function periodIndex(periods: Period[], day: Day): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid];
    if (day < p.start) hi = mid - 1;
    else if (day > p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Indexes of exactly the periods that the inclusive range [start, end] touches, or null
 * when it touches none (or `end` is before `start`). `periods` must be sorted and not overlap.
 */
export function overlapRange(
  periods: Period[],
  start: Day,
  end: Day,
): { first: number; last: number } | null {
  if (end < start) return null;
  // First period ending on or after `start`.
  let lo = 0;
  let hi = periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (periods[mid].end < start) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  // Last period starting on or before `end`.
  lo = 0;
  hi = periods.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (periods[mid].start <= end) lo = mid + 1;
    else hi = mid;
  }
  const last = lo - 1;
  return first <= last ? { first, last } : null;
}
