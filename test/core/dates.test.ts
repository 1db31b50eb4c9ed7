import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  addMonths,
  dayFromSerial,
  dayFromYMD,
  financialYearOf,
  isDateFormat,
  isoOf,
  parseTextDate,
  serialFromDay,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  todayLocal,
  ukOf,
  weekdayOf,
  ymdOf,
  type Day,
} from '../../core/dates.js';

const MS_PER_DAY = 86_400_000;

/** Day for an ISO date string, via the independent Date.UTC path. */
function D(iso: string): Day {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

const FIRST_DAY = D('1900-01-01');
const LAST_DAY = D('9999-12-31');

describe('dayFromYMD', () => {
  it.each([
    [1970, 1, 1, 0],
    [1970, 1, 2, 1],
    [1969, 12, 31, -1],
    [1900, 1, 1, -25567],
    [1900, 3, 1, -25508],
    [2020, 10, 1, 18536],
    [2000, 2, 29, 11016],
    [9999, 12, 31, 2932896],
  ])('%i-%i-%i -> %i', (y, m, d, expected) => {
    expect(dayFromYMD(y, m, d)).toBe(expected);
  });

  it.each([
    ['31 Nov', 2020, 11, 31],
    ['31 Apr', 2020, 4, 31],
    ['31 Jun', 2020, 6, 31],
    ['31 Sep', 2020, 9, 31],
    ['29 Feb in a common year', 2021, 2, 29],
    ['29 Feb 1900 (divisible by 100)', 1900, 2, 29],
    ['29 Feb 2100 (divisible by 100)', 2100, 2, 29],
    ['30 Feb in a leap year', 2020, 2, 30],
    ['month 13', 2020, 13, 1],
    ['month 0', 2020, 0, 1],
    ['day 0', 2020, 1, 0],
    ['day 32', 2020, 1, 32],
    ['negative day', 2020, 1, -1],
    ['year before 1900', 1899, 12, 31],
    ['year after 9999', 10000, 1, 1],
    ['fractional day', 2020, 1, 1.5],
    ['fractional month', 2020, 1.5, 1],
    ['NaN year', NaN, 1, 1],
  ])('%s -> null', (_label, y, m, d) => {
    expect(dayFromYMD(y, m, d)).toBeNull();
  });

  it.each([
    [2000, true],
    [2004, true],
    [2020, true],
    [2400, true],
    [1900, false],
    [2100, false],
    [2200, false],
    [2021, false],
  ])('29 Feb %i exists: %s', (y, leap) => {
    expect(dayFromYMD(y, 2, 29) !== null).toBe(leap);
  });

  it('agrees with Date.UTC on the length of every month 1900..2100', () => {
    for (let y = 1900; y <= 2100; y++) {
      for (let m = 1; m <= 12; m++) {
        const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(dayFromYMD(y, m, length)).toBe(Date.UTC(y, m - 1, length) / MS_PER_DAY);
        expect(dayFromYMD(y, m, length + 1)).toBeNull();
      }
    }
  });
});

describe('ymdOf', () => {
  it.each([
    [0, { y: 1970, m: 1, d: 1 }],
    [-1, { y: 1969, m: 12, d: 31 }],
    [-25567, { y: 1900, m: 1, d: 1 }],
    [11016, { y: 2000, m: 2, d: 29 }],
    [18536, { y: 2020, m: 10, d: 1 }],
    [2932896, { y: 9999, m: 12, d: 31 }],
  ])('%i -> %o', (day, expected) => {
    expect(ymdOf(day)).toEqual(expected);
  });

  it('matches getUTC* and inverts dayFromYMD on every day 1900-01-01..9999-12-31', () => {
    for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
      const { y, m, d } = ymdOf(day);
      if (day % 997 === 0 || day === FIRST_DAY || day === LAST_DAY) {
        const date = new Date(day * MS_PER_DAY);
        expect([y, m, d]).toEqual([
          date.getUTCFullYear(),
          date.getUTCMonth() + 1,
          date.getUTCDate(),
        ]);
      }
      if (dayFromYMD(y, m, d) !== day) expect(dayFromYMD(y, m, d)).toBe(day);
    }
  });
});

describe('no local-time getters', () => {
  afterEach(() => vi.restoreAllMocks());

  it('conversions never read the machine time zone', () => {
    const getters = [
      'getFullYear',
      'getMonth',
      'getDate',
      'getDay',
      'getHours',
      'getTimezoneOffset',
    ] as const;
    const spies = getters.map((g) => vi.spyOn(Date.prototype, g));
    expect(dayFromSerial(43922, false)).toBe(D('2020-04-01'));
    expect(serialFromDay(D('2020-10-01'), false)).toBe(44105);
    expect(isoOf(dayFromYMD(2020, 10, 1) ?? NaN)).toBe('2020-10-01');
    expect(ymdOf(D('2020-10-01'))).toEqual({ y: 2020, m: 10, d: 1 });
    expect(ukOf(D('2020-03-29'))).toBe('29 Mar 2020'); // UK clocks change that night
    expect(parseTextDate('25/10/2020')).toEqual({ kind: 'date', day: D('2020-10-25'), form: 'uk' });
    expect(startOfWeek(D('2020-03-29'))).toBe(D('2020-03-23'));
    expect(addMonths(D('2020-03-01'), 1)).toBe(D('2020-04-01'));
    expect(financialYearOf(D('2020-04-01'))).toBe('2020-21');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('isoOf / ukOf', () => {
  it.each([
    ['1900-01-01', '1 Jan 1900'],
    ['1970-01-01', '1 Jan 1970'],
    ['2020-02-29', '29 Feb 2020'],
    ['2020-09-30', '30 Sep 2020'],
    ['2020-10-01', '1 Oct 2020'],
    ['2020-12-31', '31 Dec 2020'],
    ['9999-12-31', '31 Dec 9999'],
  ])('%s / %s', (iso, uk) => {
    expect(isoOf(D(iso))).toBe(iso);
    expect(ukOf(D(iso))).toBe(uk);
  });

  it('round-trips through parseTextDate', () => {
    for (let day = D('1999-12-01'); day <= D('2001-03-31'); day++) {
      expect(parseTextDate(isoOf(day))).toEqual({ kind: 'date', day, form: 'iso' });
      expect(parseTextDate(ukOf(day))).toEqual({ kind: 'date', day, form: 'uk' });
    }
  });
});

describe('dayFromSerial (1900 system)', () => {
  it.each([
    [1, '1900-01-01'],
    [2, '1900-01-02'],
    [31, '1900-01-31'],
    [32, '1900-02-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [366, '1900-12-31'],
    [367, '1901-01-01'],
    [25569, '1970-01-01'],
    [36526, '2000-01-01'],
    [36585, '2000-02-29'],
    [43922, '2020-04-01'],
    [44105, '2020-10-01'],
    [44105.5, '2020-10-01'],
    [44105.999999, '2020-10-01'],
    [2958465, '9999-12-31'],
    [2958465.9, '9999-12-31'],
  ])('%d -> %s', (serial, iso) => {
    expect(dayFromSerial(serial, false)).toBe(D(iso));
  });

  it.each([
    ['0', 0],
    ['0.5 (a time on day 0)', 0.5],
    ["60 (Excel's fictitious 29 Feb 1900)", 60],
    ['60.25', 60.25],
    ['negative', -1],
    ['small negative', -0.5],
    ['after 9999-12-31', 2958466],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('%s -> null', (_label, serial) => {
    expect(dayFromSerial(serial, false)).toBeNull();
  });
});

describe('dayFromSerial (1904 system)', () => {
  it.each([
    [0, '1904-01-01'],
    [0.75, '1904-01-01'],
    [1, '1904-01-02'],
    [59, '1904-02-29'],
    [60, '1904-03-01'],
    [24107, '1970-01-01'],
    [42643, '2020-10-01'],
    [2957003, '9999-12-31'],
  ])('%d -> %s', (serial, iso) => {
    expect(dayFromSerial(serial, true)).toBe(D(iso));
  });

  it.each([
    ['negative', -1],
    ['small negative', -0.25],
    ['after 9999-12-31', 2957004],
    ['NaN', NaN],
  ])('%s -> null', (_label, serial) => {
    expect(dayFromSerial(serial, true)).toBeNull();
  });

  it('is 1462 days behind the 1900 system for the same date', () => {
    expect(serialFromDay(D('2020-10-01'), false) - serialFromDay(D('2020-10-01'), true)).toBe(1462);
  });
});

describe('serialFromDay', () => {
  it.each([
    ['1900-03-01', false, 61],
    ['1970-01-01', false, 25569],
    ['2020-04-01', false, 43922],
    ['2020-10-01', false, 44105],
    ['9999-12-31', false, 2958465],
    ['1904-01-01', true, 0],
    ['2020-10-01', true, 42643],
    ['9999-12-31', true, 2957003],
  ])('%s (1904: %s) -> %i', (iso, date1904, serial) => {
    expect(serialFromDay(D(iso), date1904)).toBe(serial);
  });

  it('also inverts serials 1..59 in the 1900 system', () => {
    expect(serialFromDay(D('1900-01-01'), false)).toBe(1);
    expect(serialFromDay(D('1900-02-28'), false)).toBe(59);
  });

  it.each([false, true])(
    'round-trips every day 1900-03-01..2100-12-31 (1904 system: %s)',
    (date1904) => {
      const first = date1904 ? D('1904-01-01') : D('1900-03-01');
      const last = D('2100-12-31');
      let previous = serialFromDay(first, date1904) - 1;
      for (let day = first; day <= last; day++) {
        const serial = serialFromDay(day, date1904);
        // Consecutive days are consecutive serials: no gaps or repeats.
        if (serial !== previous + 1) expect(serial).toBe(previous + 1);
        if (dayFromSerial(serial, date1904) !== day)
          expect(dayFromSerial(serial, date1904)).toBe(day);
        previous = serial;
      }
    },
  );

  it('round-trips every valid serial in the 1900 system', () => {
    for (let serial = 1; serial <= 2958465; serial++) {
      if (serial === 60) continue;
      const day = dayFromSerial(serial, false);
      if (day === null || serialFromDay(day, false) !== serial) {
        expect(day === null ? null : serialFromDay(day, false)).toBe(serial);
      }
    }
  });
});

describe('isDateFormat', () => {
  it.each([
    'dd/mm/yyyy',
    'd/m/yyyy',
    'd-mmm-yy',
    'mmm-yy',
    'mmmm yyyy',
    'yyyy-mm-dd',
    '[$-809]dd mmmm yyyy',
    '[$-F800]dddd, mmmm dd, yyyy',
    'dd/mm/yyyy hh:mm',
    'dd/mm/yyyy h:mm:ss AM/PM',
    'm/d/yy',
    'mm-dd-yy',
    'DD/MM/YYYY',
    'ddd d mmm',
    'yy',
    'd',
    'mmm',
    '"Due" dd/mm/yyyy',
    'dd\\.mm\\.yyyy',
    '[Red]dd/mm/yyyy',
    'mm/yy',
    'dd-mm-yyyy;@',
  ])('%s is a date format', (fmt) => {
    expect(isDateFormat(fmt)).toBe(true);
  });

  it.each([
    'General',
    '',
    '0',
    '0.00',
    '0%',
    '0.0%',
    '#,##0',
    '#,##0.00_);(#,##0.00)',
    '"Day" 0',
    '0 "days"',
    '"mm/dd/yyyy" 0',
    '\\d0',
    '[h]:mm:ss',
    '[h]:mm',
    '[mm]:ss',
    '[m]',
    '[ss].00',
    'h:mm AM/PM',
    'h:mm a/p',
    'hh:mm',
    'h:mm:ss',
    'mm:ss',
    'mm:ss.0',
    '@',
    '£#,##0;[Red]-£#,##0',
    '[$£-809]#,##0.00',
    '_-* #,##0_-;-* #,##0_-;_-* "-"??_-;_-@_-',
    '0.00E+00',
    '# ?/?',
  ])('%s is not a date format', (fmt) => {
    expect(isDateFormat(fmt)).toBe(false);
  });
});

describe('parseTextDate', () => {
  const oct1 = D('2020-10-01');

  it.each([
    ['2020-10-01'],
    ['2020-10-1'],
    ['2020-10-01T00:00:00'],
    ['2020-10-01T00:00:00Z'],
    ['2020-10-01T23:59:59.999Z'],
    ['2020-10-01T10:00:00+01:00'],
    ['2020-10-01 00:00:00'],
    ['2020/10/01'],
    ['2020/10/1'],
    ['  2020-10-01  '],
  ])('%j is ISO 1 Oct 2020', (text) => {
    expect(parseTextDate(text)).toEqual({ kind: 'date', day: oct1, form: 'iso' });
  });

  it.each([
    ['1/10/2020'],
    ['01/10/2020'],
    ['01-10-2020'],
    ['01.10.2020'],
    ['1.10.2020'],
    ['01/10/20'],
    ['1/10/20'],
    ['01/10/2020 00:00'],
    ['01/10/2020 00:00:00'],
    ['1 Oct 2020'],
    ['1 oct 2020'],
    ['1 OCT 2020'],
    ['1 October 2020'],
    ['01 October 2020'],
    ['01-Oct-2020'],
    ['1-Oct-20'],
    ['01-OCT-20'],
    ['1/Oct/2020'],
    ['01Oct2020'],
    ['1st October 2020'],
    ['1st of October 2020'],
    ['Thursday 1 October 2020'],
    ['Thursday, 1 October 2020'],
    ['thursday 1st october 2020'],
    ['Thu 1 Oct 2020'],
    ['Thurs 1 Oct 2020'],
    ['Thu. 1 Oct. 2020'],
    ['1 Oct. 2020'],
    ['1 Oct, 2020'],
    ['October 1, 2020'],
    ['October 1 2020'],
    ['Oct 1st, 2020'],
    ['Thursday, October 1, 2020'],
    ['\u00a01 Oct 2020\u00a0'],
    ['1  Oct   2020'],
  ])('%j is UK 1 Oct 2020', (text) => {
    expect(parseTextDate(text)).toEqual({ kind: 'date', day: oct1, form: 'uk' });
  });

  it.each([
    ['2 Sept 2020', '2020-09-02'],
    ['2 Sep 2020', '2020-09-02'],
    ['2 September 2020', '2020-09-02'],
    ['29/02/2020', '2020-02-29'],
    ['29 Feb 2000', '2000-02-29'],
    ['31/12/2020', '2020-12-31'],
    ['12/10/2020', '2020-10-12'],
    ['3 May 2021', '2021-05-03'],
    ['22nd June 2021', '2021-06-22'],
    ['23rd Jan 2019', '2019-01-23'],
    ['1 Jan 1900', '1900-01-01'],
    ['31 Dec 9999', '9999-12-31'],
  ])('%j -> %s', (text, iso) => {
    const parsed = parseTextDate(text);
    expect(parsed.kind).toBe('date');
    if (parsed.kind === 'date') expect(isoOf(parsed.day)).toBe(iso);
  });

  it.each([
    ['01/10/00', '2000-10-01'],
    ['01/10/29', '2029-10-01'],
    ['01/10/30', '1930-10-01'],
    ['01/10/99', '1999-10-01'],
    ['1-Oct-29', '2029-10-01'],
    ['1-Oct-30', '1930-10-01'],
  ])("two-digit year %j uses Excel's window", (text, iso) => {
    expect(parseTextDate(text)).toEqual({ kind: 'date', day: D(iso), form: 'uk' });
  });

  it.each([
    ['31/11/2020', ['31/11/2020 is not a real date: November has 30 days']],
    ['29/02/2021', ['29/02/2021 is not a real date: February 2021 has 28 days']],
    ['30/02/2020', ['February 2020 has 29 days']],
    ['29/02/1900', ['February 1900 has 28 days']],
    ['29/02/2100', ['February 2100 has 28 days']],
    ['32/10/2020', ['October has 31 days']],
    ['31/04/20', ['31/04/20 is not a real date', 'April has 30 days']],
    ['10/13/2020', ['month 13 does not exist', 'day-first', 'dd/mm/yyyy', 'US date']],
    ['12/25/2020', ['month 25 does not exist', 'US date']],
    ['25/13/2020', ['month 13 does not exist']],
    ['00/10/2020', ['no day 0']],
    ['00/10/20', ['no day 0']],
    ['01/00/2020', ['no month 0']],
    ['2020-02-30', ['2020-02-30 is not a real date: February 2020 has 29 days']],
    ['2020-13-01', ['month 13 does not exist']],
    ['2020-11-31T00:00:00Z', ['November has 30 days']],
    ['31 Nov 2020', ['31 Nov 2020 is not a real date: November has 30 days']],
    ['29 February 2021', ['February 2021 has 28 days']],
    ['0 Oct 2020', ['no day 0']],
    ['1/10', ['has no year']],
    ['01/10', ['has no year']],
    ['1 Oct', ['has no year']],
    ['1st October', ['has no year']],
    ['1-Oct', ['has no year']],
    ['October 1st', ['has no year']],
    ['1/10/1850', ['1900']],
    ['1/10/202', ['year']],
    ['Friday 1 October 2020', ['1 Oct 2020 is a Thursday, not a Friday']],
  ])('%j is invalid', (text, fragments) => {
    const parsed = parseTextDate(text);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') {
      for (const fragment of fragments) expect(parsed.reason).toContain(fragment);
    }
  });

  it('does not suggest a US date when the day could not be a month either', () => {
    const parsed = parseTextDate('25/13/2020');
    expect(parsed.kind === 'invalid' && parsed.reason).not.toContain('US');
  });

  it.each([
    [''],
    ['   '],
    ['TBC'],
    ['tbc'],
    ['Q3 2020'],
    ['Q3 20/21'],
    ['ongoing'],
    ['Oct 2020'],
    ['October 2020'],
    ['Oct-20'],
    ['Oct'],
    ['2020'],
    ['2020-10'],
    ['12'],
    ['44105'],
    ['1.5'],
    ['12.10'],
    ['1.2.3'],
    ['v1.2.3'],
    ['1 of 3'],
    ['1 Foo 2020'],
    ['Phase 1 of 2020'],
    ['Week 40'],
    ['Spring 2021'],
    ['end of October'],
    ['N/A'],
    ['-'],
    ['1-2'],
  ])('%j is not a date', (text) => {
    expect(parseTextDate(text)).toEqual({ kind: 'not-a-date' });
  });
});

describe('weekdayOf', () => {
  it.each([
    ['1970-01-01', 4],
    ['2020-03-01', 7],
    ['2020-03-02', 1],
    ['2020-10-01', 4],
    ['2000-02-29', 2],
    ['1900-01-01', 1],
    ['1969-12-28', 7],
    ['9999-12-31', 5],
  ])('%s -> %i', (iso, weekday) => {
    expect(weekdayOf(D(iso))).toBe(weekday);
  });

  it('matches getUTCDay for 1900..2100', () => {
    for (let day = D('1900-01-01'); day <= D('2100-12-31'); day += 1) {
      const utc = new Date(day * MS_PER_DAY).getUTCDay();
      if (weekdayOf(day) !== (utc === 0 ? 7 : utc))
        expect(weekdayOf(day)).toBe(utc === 0 ? 7 : utc);
    }
  });
});

describe('startOfWeek', () => {
  it.each([
    ['2020-03-01', '2020-02-24'], // a Sunday belongs to the week before
    ['2020-03-02', '2020-03-02'],
    ['2020-03-08', '2020-03-02'],
    ['2020-01-01', '2019-12-30'],
    ['2021-01-01', '2020-12-28'],
    ['2021-01-03', '2020-12-28'],
    ['2021-01-04', '2021-01-04'],
    ['2023-01-01', '2022-12-26'],
    ['2024-01-01', '2024-01-01'],
    ['2020-03-29', '2020-03-23'],
    ['1970-01-01', '1969-12-29'],
  ])('%s -> %s', (iso, monday) => {
    expect(startOfWeek(D(iso))).toBe(D(monday));
  });

  it('is always a Monday no more than 6 days before', () => {
    for (let day = D('1999-01-01'); day <= D('2001-12-31'); day++) {
      const start = startOfWeek(day);
      expect(weekdayOf(start)).toBe(1);
      expect(day - start).toBeGreaterThanOrEqual(0);
      expect(day - start).toBeLessThanOrEqual(6);
    }
  });
});

describe('startOfMonth / startOfQuarter', () => {
  it.each([
    ['2020-10-01', '2020-10-01', '2020-10-01'],
    ['2020-10-31', '2020-10-01', '2020-10-01'],
    ['2020-12-31', '2020-12-01', '2020-10-01'],
    ['2020-01-01', '2020-01-01', '2020-01-01'],
    ['2020-02-29', '2020-02-01', '2020-01-01'],
    ['2020-03-31', '2020-03-01', '2020-01-01'],
    ['2020-04-01', '2020-04-01', '2020-04-01'],
    ['2020-06-30', '2020-06-01', '2020-04-01'],
    ['2020-07-15', '2020-07-01', '2020-07-01'],
    ['2020-09-30', '2020-09-01', '2020-07-01'],
    ['1969-12-31', '1969-12-01', '1969-10-01'],
  ])('%s -> month %s, quarter %s', (iso, month, quarter) => {
    expect(startOfMonth(D(iso))).toBe(D(month));
    expect(startOfQuarter(D(iso))).toBe(D(quarter));
  });
});

describe('addMonths / addDays', () => {
  it.each([
    ['2020-01-01', 0, '2020-01-01'],
    ['2020-01-01', 1, '2020-02-01'],
    ['2020-01-01', 11, '2020-12-01'],
    ['2020-01-01', 12, '2021-01-01'],
    ['2020-01-01', -1, '2019-12-01'],
    ['2020-01-01', -13, '2018-12-01'],
    ['2020-11-01', 3, '2021-02-01'],
    ['2020-10-01', 36, '2023-10-01'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2021-01-31', 1, '2021-02-28'],
    ['2020-03-31', -1, '2020-02-29'],
    ['2020-05-31', 1, '2020-06-30'],
  ])('%s + %i months -> %s', (iso, n, expected) => {
    expect(addMonths(D(iso), n)).toBe(D(expected));
  });

  it.each([
    ['2020-02-28', 1, '2020-02-29'],
    ['2020-02-29', 1, '2020-03-01'],
    ['2021-02-28', 1, '2021-03-01'],
    ['2020-12-31', 1, '2021-01-01'],
    ['2021-01-01', -1, '2020-12-31'],
    ['2020-10-01', 0, '2020-10-01'],
    ['2020-10-01', 365, '2021-10-01'],
  ])('%s + %i days -> %s', (iso, n, expected) => {
    expect(addDays(D(iso), n)).toBe(D(expected));
  });
});

describe('todayLocal', () => {
  it.each([
    [new Date(2020, 9, 1, 0, 0, 0), '2020-10-01'],
    [new Date(2020, 9, 1, 0, 30, 0), '2020-10-01'],
    [new Date(2020, 9, 1, 23, 59, 59), '2020-10-01'],
    [new Date(2020, 2, 29, 1, 30, 0), '2020-03-29'],
    [new Date(2020, 11, 31, 23, 59, 59), '2020-12-31'],
  ])('%s is local %s', (now, iso) => {
    expect(todayLocal(now)).toBe(D(iso));
  });

  it('defaults to now', () => {
    const now = new Date();
    const expected = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / MS_PER_DAY;
    expect(Math.abs(todayLocal() - expected)).toBeLessThanOrEqual(1);
    expect(Number.isInteger(todayLocal())).toBe(true);
  });
});

describe('financialYearOf', () => {
  it.each([
    ['2020-04-01', '2020-21'],
    ['2020-10-01', '2020-21'],
    ['2020-12-31', '2020-21'],
    ['2021-01-01', '2020-21'],
    ['2021-03-31', '2020-21'],
    ['2021-04-01', '2021-22'],
    ['2020-03-31', '2019-20'],
    ['1999-04-01', '1999-00'],
    ['2000-03-31', '1999-00'],
    ['2009-05-01', '2009-10'],
    ['2100-01-01', '2099-00'],
  ])('%s -> %s', (iso, fy) => {
    expect(financialYearOf(D(iso))).toBe(fy);
  });
});
