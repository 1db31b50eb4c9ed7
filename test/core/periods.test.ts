import { describe, expect, it } from 'vitest';
import { dayFromYMD, weekdayOf, type Day } from '../../core/dates.js';
import {
  chooseScale,
  overlapRange,
  periodIndex,
  periodStart,
  periodsCovering,
  type Period,
  type Scale,
} from '../../core/periods.js';

function D(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  const day = dayFromYMD(y, m, d);
  if (day === null) throw new Error(`bad test date ${iso}`);
  return day;
}

function P(start: string, end: string): Period {
  return { start: D(start), end: D(end) };
}

describe('periodStart', () => {
  it.each<[string, Scale, string]>([
    ['2020-03-01', 'week', '2020-02-24'], // Sunday: the week began the Monday before
    ['2020-03-02', 'week', '2020-03-02'],
    ['2020-03-04', 'week', '2020-03-02'],
    ['2021-01-01', 'week', '2020-12-28'],
    ['2020-03-01', 'month', '2020-03-01'],
    ['2020-02-29', 'month', '2020-02-01'],
    ['2020-12-31', 'month', '2020-12-01'],
    ['2020-03-31', 'quarter', '2020-01-01'],
    ['2020-04-01', 'quarter', '2020-04-01'],
    ['2020-08-15', 'quarter', '2020-07-01'],
    ['2020-12-31', 'quarter', '2020-10-01'],
  ])('%s by %s -> %s', (iso, scale, expected) => {
    expect(periodStart(D(iso), scale)).toBe(D(expected));
  });
});

describe('periodsCovering', () => {
  it('weeks run Monday to Sunday', () => {
    expect(periodsCovering(D('2020-03-01'), D('2020-03-10'), 'week')).toEqual([
      P('2020-02-24', '2020-03-01'),
      P('2020-03-02', '2020-03-08'),
      P('2020-03-09', '2020-03-15'),
    ]);
  });

  it('weeks cross a year boundary', () => {
    expect(periodsCovering(D('2020-12-30'), D('2021-01-05'), 'week')).toEqual([
      P('2020-12-28', '2021-01-03'),
      P('2021-01-04', '2021-01-10'),
    ]);
  });

  it('months have their real lengths', () => {
    expect(periodsCovering(D('2020-01-15'), D('2020-04-01'), 'month')).toEqual([
      P('2020-01-01', '2020-01-31'),
      P('2020-02-01', '2020-02-29'),
      P('2020-03-01', '2020-03-31'),
      P('2020-04-01', '2020-04-30'),
    ]);
    expect(periodsCovering(D('2021-02-10'), D('2021-02-10'), 'month')).toEqual([
      P('2021-02-01', '2021-02-28'),
    ]);
  });

  it('quarters are calendar quarters', () => {
    expect(periodsCovering(D('2020-02-01'), D('2021-01-01'), 'quarter')).toEqual([
      P('2020-01-01', '2020-03-31'),
      P('2020-04-01', '2020-06-30'),
      P('2020-07-01', '2020-09-30'),
      P('2020-10-01', '2020-12-31'),
      P('2021-01-01', '2021-03-31'),
    ]);
  });

  it.each<[string, string, number]>([
    ['2020-10-01', '2023-09-30', 36],
    ['2020-10-15', '2023-10-14', 37],
    ['2020-10-01', '2023-10-01', 37],
  ])('a 3-year plan %s..%s gives %i months', (first, last, count) => {
    expect(periodsCovering(D(first), D(last), 'month')).toHaveLength(count);
  });

  it.each<[string, string, Scale, number]>([
    ['2020-10-01', '2020-10-01', 'week', 1],
    ['2020-10-01', '2020-10-01', 'month', 1],
    ['2020-10-01', '2020-10-01', 'quarter', 1],
    ['2020-01-01', '2020-12-31', 'quarter', 4],
    ['2020-03-31', '2020-04-01', 'quarter', 2],
    ['2020-01-01', '2020-12-31', 'week', 53],
    ['2020-10-01', '2023-09-30', 'quarter', 12],
  ])('%s..%s by %s -> %i periods', (first, last, scale, count) => {
    expect(periodsCovering(D(first), D(last), scale)).toHaveLength(count);
  });

  it('is empty when last is before first', () => {
    expect(periodsCovering(D('2020-10-02'), D('2020-10-01'), 'month')).toEqual([]);
  });

  it.each<[Scale]>([['week'], ['month'], ['quarter']])(
    '%s periods are consecutive, start where expected and cover both ends',
    (scale) => {
      const first = D('2019-11-17');
      const last = D('2023-02-03');
      const periods = periodsCovering(first, last, scale);
      expect(periods[0].start).toBe(periodStart(first, scale));
      expect(periods[0].start).toBeLessThanOrEqual(first);
      expect(periods[periods.length - 1].start).toBe(periodStart(last, scale));
      expect(periods[periods.length - 1].end).toBeGreaterThanOrEqual(last);
      for (let i = 0; i < periods.length; i++) {
        expect(periods[i].end).toBeGreaterThanOrEqual(periods[i].start);
        expect(periodStart(periods[i].end, scale)).toBe(periods[i].start);
        if (i > 0) expect(periods[i].start).toBe(periods[i - 1].end + 1);
        if (scale === 'week') expect(weekdayOf(periods[i].start)).toBe(1);
      }
    },
  );
});

describe('chooseScale', () => {
  it.each<[string, string, Scale]>([
    ['2020-01-01', '2020-01-01', 'week'],
    ['2020-01-01', '2020-07-01', 'week'], // 182 days
    ['2020-01-01', '2020-07-02', 'month'], // 183 days
    ['2020-01-01', '2023-12-31', 'month'], // 48 months
    ['2020-01-31', '2023-12-01', 'month'],
    ['2020-01-01', '2024-01-01', 'quarter'], // 49 months
    ['2019-12-31', '2023-12-01', 'quarter'],
    ['2020-10-01', '2023-09-30', 'month'],
    ['2020-01-01', '2030-12-31', 'quarter'],
  ])('%s..%s -> %s', (first, last, scale) => {
    expect(chooseScale(D(first), D(last))).toBe(scale);
  });

  it('agrees with periodsCovering at the month boundary', () => {
    const first = D('2020-05-20');
    for (let last = D('2023-01-01'); last <= D('2025-01-01'); last++) {
      const months = periodsCovering(first, last, 'month').length;
      const expected: Scale = months <= 48 ? 'month' : 'quarter';
      if (chooseScale(first, last) !== expected) expect(chooseScale(first, last)).toBe(expected);
    }
  });
});

describe('periodIndex', () => {
  const months = periodsCovering(D('2020-01-01'), D('2020-12-31'), 'month');

  it.each<[string, number]>([
    ['2020-01-01', 0],
    ['2020-01-31', 0],
    ['2020-02-01', 1],
    ['2020-02-29', 1],
    ['2020-06-15', 5],
    ['2020-12-01', 11],
    ['2020-12-31', 11],
    ['2019-12-31', -1],
    ['2021-01-01', -1],
  ])('%s -> %i', (iso, index) => {
    expect(periodIndex(months, D(iso))).toBe(index);
  });

  it('finds every day of a long range', () => {
    const weeks = periodsCovering(D('2020-01-01'), D('2022-12-31'), 'week');
    for (let day = weeks[0].start; day <= weeks[weeks.length - 1].end; day++) {
      const i = periodIndex(weeks, day);
      if (!(weeks[i].start <= day && day <= weeks[i].end)) expect(i).toBe(-2);
    }
  });

  it('is -1 for no periods', () => {
    expect(periodIndex([], D('2020-01-01'))).toBe(-1);
  });
});

describe('overlapRange', () => {
  // Four weeks: 2 Mar, 9 Mar, 16 Mar, 23 Mar 2020.
  const weeks = periodsCovering(D('2020-03-02'), D('2020-03-29'), 'week');

  it.each<[string, string, { first: number; last: number } | null]>([
    ['2020-03-02', '2020-03-08', { first: 0, last: 0 }],
    ['2020-03-04', '2020-03-05', { first: 0, last: 0 }],
    ['2020-03-02', '2020-03-09', { first: 0, last: 1 }], // ends on the first day of week 1
    ['2020-03-03', '2020-03-08', { first: 0, last: 0 }], // ends the day before week 1
    ['2020-03-08', '2020-03-16', { first: 0, last: 2 }],
    ['2020-03-09', '2020-03-09', { first: 1, last: 1 }], // a milestone
    ['2020-03-01', '2020-03-03', { first: 0, last: 0 }], // starts before the timeline
    ['2020-03-20', '2020-04-30', { first: 2, last: 3 }], // ends after it
    ['2020-01-01', '2020-12-31', { first: 0, last: 3 }],
    ['2020-02-01', '2020-03-01', null], // entirely before
    ['2020-03-30', '2020-04-02', null], // entirely after
    ['2020-03-10', '2020-03-09', null], // end before start
  ])('%s..%s -> %o', (start, end, expected) => {
    expect(overlapRange(weeks, D(start), D(end))).toEqual(expected);
  });

  it('is null for no periods', () => {
    expect(overlapRange([], D('2020-03-02'), D('2020-03-08'))).toBeNull();
  });

  it('skips gaps between periods', () => {
    const gappy = [P('2020-01-01', '2020-01-31'), P('2020-03-01', '2020-03-31')];
    expect(overlapRange(gappy, D('2020-02-05'), D('2020-02-20'))).toBeNull();
    expect(overlapRange(gappy, D('2020-02-05'), D('2020-03-01'))).toEqual({ first: 1, last: 1 });
    expect(overlapRange(gappy, D('2020-01-31'), D('2020-02-20'))).toEqual({ first: 0, last: 0 });
  });

  it('matches a brute-force check', () => {
    const months = periodsCovering(D('2020-01-01'), D('2020-12-31'), 'month');
    for (let start = D('2019-12-01'); start <= D('2021-01-31'); start += 3) {
      for (let end = start; end <= start + 120; end += 7) {
        const hits = months
          .map((p, i) => (p.start <= end && start <= p.end ? i : -1))
          .filter((i) => i >= 0);
        const expected = hits.length ? { first: hits[0], last: hits[hits.length - 1] } : null;
        const actual = overlapRange(months, start, end);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
      }
    }
  });
});
