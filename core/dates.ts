/**
 * Calendar dates as whole day numbers, and the ways plans write them: Excel serials,
 * number formats and typed text. Pure integer maths throughout, so no date ever moves
 * with the machine's time zone or daylight saving.
 */

/** A calendar date as a whole number of days since 1970-01-01 (no time of day, no time zone). */
export type Day = number;

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil: exact for any proleptic Gregorian date, no Date object needed.
function civilToDay(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Returns null when the date does not exist or the year is outside 1900..9999. */
export function dayFromYMD(y: number, m: number, d: number): Day | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return civilToDay(y, m, d);
}

/** The inverse of `dayFromYMD`; works for any integer day, in or out of 1900..9999. */
export function ymdOf(day: Day): { y: number; m: number; d: number } {
  const z = Math.floor(day) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2020-10-01`. */
export function isoOf(day: Day): string {
  const { y, m, d } = ymdOf(day);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** `1 Oct 2020`: unambiguous to UK and US readers alike. */
export function ukOf(day: Day): string {
  const { y, m, d } = ymdOf(day);
  return `${d} ${monthAbbr(m)} ${y}`;
}

// Excel serial -> Day offsets. The 1900 system counts a 29 Feb 1900 that never existed
// (Lotus 1-2-3 compatibility), so serials from 61 (1 Mar 1900) on are one day "ahead".
const EPOCH_1900_AFTER_LEAP_BUG = 25569; // serial of 1970-01-01
const EPOCH_1900_BEFORE_LEAP_BUG = 25568;
const EPOCH_1904 = 24107; // 1904-01-01 is serial 0
const MAX_SERIAL_1900 = 2958465; // 9999-12-31
const MAX_SERIAL_1904 = MAX_SERIAL_1900 - 1462;
const FIRST_DAY_AFTER_LEAP_BUG: Day = -25508; // 1900-03-01

/**
 * The day an Excel serial number stands for; a time of day (fraction) is dropped.
 * Null for serial 60 in the 1900 system (Excel's fictitious 29 Feb 1900) and for
 * anything before the system's first day or after 9999-12-31.
 */
export function dayFromSerial(serial: number, date1904: boolean): Day | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  if (date1904) {
    if (whole < 0 || whole > MAX_SERIAL_1904) return null;
    return whole - EPOCH_1904;
  }
  if (whole < 1 || whole > MAX_SERIAL_1900 || whole === 60) return null;
  return whole < 60 ? whole - EPOCH_1900_BEFORE_LEAP_BUG : whole - EPOCH_1900_AFTER_LEAP_BUG;
}

/** The Excel serial number for a day; the inverse of `dayFromSerial`. */
export function serialFromDay(day: Day, date1904: boolean): number {
  if (date1904) return day + EPOCH_1904;
  return day >= FIRST_DAY_AFTER_LEAP_BUG
    ? day + EPOCH_1900_AFTER_LEAP_BUG
    : day + EPOCH_1900_BEFORE_LEAP_BUG;
}

/**
 * True when an Excel number format shows a date (d, m or y), not just a number or a time.
 * `m`/`mm` next to hours or seconds means minutes, as Excel reads it.
 */
const dateFormatCache = new Map<string, boolean>();

export function isDateFormat(numFmt: string): boolean {
  let known = dateFormatCache.get(numFmt);
  if (known === undefined) dateFormatCache.set(numFmt, (known = isDateFormatUncached(numFmt)));
  return known;
}

function isDateFormatUncached(numFmt: string): boolean {
  // Letters inside quotes, after a backslash, after _ (space the width of) or * (repeat),
  // and inside [...] (colour, locale, condition) are literal, not date tokens.
  let plain = '';
  for (let i = 0; i < numFmt.length; i++) {
    const ch = numFmt[i];
    if (ch === '"') {
      const close = numFmt.indexOf('"', i + 1);
      i = close === -1 ? numFmt.length : close;
      plain += ' ';
    } else if (ch === '[') {
      const close = numFmt.indexOf(']', i + 1);
      const inside = numFmt.slice(i + 1, close === -1 ? numFmt.length : close);
      i = close === -1 ? numFmt.length : close;
      // Elapsed time ([h], [mm], [ss]) still counts as time, so the minutes next to it are too.
      plain += /^(h+|m+)$/i.test(inside) ? ' h ' : /^s+$/i.test(inside) ? ' s ' : ' ';
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
      plain += ' ';
    } else {
      plain += ch;
    }
  }
  const stripped = plain.replace(/am\/pm|a\/p/gi, ' ').toLowerCase();

  const tokens: { letter: string; length: number }[] = [];
  for (const match of stripped.matchAll(/([dmyhs])\1*/g)) {
    tokens.push({ letter: match[1], length: match[0].length });
  }
  return tokens.some((token, i) => {
    if (token.letter === 'd' || token.letter === 'y') return true;
    if (token.letter !== 'm') return false;
    if (token.length >= 3) return true;
    const minutes = tokens[i - 1]?.letter === 'h' || tokens[i + 1]?.letter === 's';
    return !minutes;
  });
}

export type TextDate =
  | { kind: 'date'; day: Day; form: 'iso' | 'uk' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'not-a-date' };

/** `Jan` for 1 .. `Dec` for 12. */
export function monthAbbr(month: number): string {
  return MONTH_NAMES[month - 1].slice(0, 3);
}

const MONTH_BY_NAME = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
  MONTH_BY_NAME.set(name.toLowerCase(), i + 1);
  MONTH_BY_NAME.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_BY_NAME.set('sept', 9);

const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
const WEEKDAY_BY_NAME = new Map<string, number>();
WEEKDAY_NAMES.forEach((name, i) => {
  WEEKDAY_BY_NAME.set(name.toLowerCase(), i + 1);
  WEEKDAY_BY_NAME.set(name.slice(0, 3).toLowerCase(), i + 1);
});
for (const [abbr, n] of [
  ['tues', 2],
  ['weds', 3],
  ['thur', 4],
  ['thurs', 4],
] as const) {
  WEEKDAY_BY_NAME.set(abbr, n);
}

// Excel's two-digit year window: 00-29 are 2000s, 30-99 are 1900s.
function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length !== 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

const TIME = String.raw`(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|am|pm)?)?`;
const ISO_DATE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`, 'i');
const UK_NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})${TIME}$`, 'i');
const NO_YEAR_NUMERIC = /^\d{1,2}\/\d{1,2}$/;
const WEEKDAY_PREFIX = /^([a-z]+)\.?,?\s+(?=\d|[a-z])/;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s./,-]*([a-z]+)\.?[\s/,-]*(\d{2,4})$/;
const MONTH_DAY_YEAR = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const DAY_MONTH_ONLY = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s.-]*([a-z]+)\.?$/;
const MONTH_DAY_ONLY = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)$/;

function invalid(reason: string): TextDate {
  return { kind: 'invalid', reason };
}

/**
 * Checks the parts of a date the user wrote; `dayFirst` is true when the text was read as
 * dd/mm so that a month over 12 is worth the hint that it may be a US date.
 */
function buildDate(
  text: string,
  yearDigits: string,
  m: number,
  d: number,
  form: 'iso' | 'uk',
  dayFirst: boolean,
): TextDate {
  const notReal = `${text} is not a real date`;
  if (yearDigits.length !== 2 && yearDigits.length !== 4) {
    return invalid(`${text} does not have a clear year: write the year in full, e.g. 2020`);
  }
  const y = fullYear(yearDigits);
  if (y < MIN_YEAR || y > MAX_YEAR) {
    return invalid(`${text} is outside the years ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  if (m < 1 || m > 12) {
    if (m === 0) return invalid(`${notReal}: there is no month 0`);
    const usHint =
      dayFirst && d >= 1 && d <= 12
        ? '; dates are read day-first (dd/mm/yyyy), so perhaps it is a US date (mm/dd/yyyy)'
        : dayFirst
          ? '; dates are read day-first (dd/mm/yyyy)'
          : '';
    return invalid(`${notReal}: month ${m} does not exist${usHint}`);
  }
  if (d < 1) return invalid(`${notReal}: there is no day 0`);
  const length = daysInMonth(y, m);
  if (d > length) {
    const monthName = MONTH_NAMES[m - 1];
    const which = m === 2 ? `${monthName} ${y}` : monthName;
    return invalid(`${notReal}: ${which} has ${length} days`);
  }
  return { kind: 'date', day: civilToDay(y, m, d), form };
}

/**
 * Reads a date typed as text the way UK programme teams write them: ISO year-first,
 * numeric day-first (dd/mm/yyyy) or with an English month name. Impossible dates are
 * reported with a reason rather than guessed at; text that does not look like a single
 * calendar day (`TBC`, `Q3 2020`, `Oct 2020`) is `not-a-date`.
 */
export function parseTextDate(text: string): TextDate {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return { kind: 'not-a-date' };

  let match = ISO_DATE.exec(t);
  if (match) return buildDate(t, match[1], Number(match[3]), Number(match[4]), 'iso', false);

  match = UK_NUMERIC.exec(t);
  if (match) return buildDate(t, match[4], Number(match[3]), Number(match[1]), 'uk', true);

  if (NO_YEAR_NUMERIC.test(t)) {
    return invalid(`${t} has no year: write the date in full as dd/mm/yyyy`);
  }

  let rest = t.toLowerCase();
  let weekday: number | undefined;
  const prefix = WEEKDAY_PREFIX.exec(rest);
  if (prefix && WEEKDAY_BY_NAME.has(prefix[1])) {
    weekday = WEEKDAY_BY_NAME.get(prefix[1]);
    rest = rest.slice(prefix[0].length);
  }

  let parsed: { dayText: string; monthText: string; yearText: string } | null = null;
  if ((match = DAY_MONTH_YEAR.exec(rest))) {
    parsed = { dayText: match[1], monthText: match[2], yearText: match[3] };
  } else if ((match = MONTH_DAY_YEAR.exec(rest))) {
    parsed = { dayText: match[2], monthText: match[1], yearText: match[3] };
  }
  if (parsed) {
    const m = MONTH_BY_NAME.get(parsed.monthText);
    if (m === undefined) return { kind: 'not-a-date' };
    const result = buildDate(t, parsed.yearText, m, Number(parsed.dayText), 'uk', false);
    if (result.kind === 'date' && weekday !== undefined && weekdayOf(result.day) !== weekday) {
      // The weekday and the date disagree: one of them is a typo and we cannot tell which.
      return invalid(
        `${t} does not add up: ${ukOf(result.day)} is a ${WEEKDAY_NAMES[weekdayOf(result.day) - 1]}, not a ${WEEKDAY_NAMES[weekday - 1]}`,
      );
    }
    return result;
  }

  const noYear = DAY_MONTH_ONLY.exec(rest) ?? MONTH_DAY_ONLY.exec(rest);
  if (noYear) {
    const monthText = /^\d/.test(noYear[1]) ? noYear[2] : noYear[1];
    if (MONTH_BY_NAME.has(monthText)) {
      return invalid(`${t} has no year: add the year in full (yyyy)`);
    }
  }
  return { kind: 'not-a-date' };
}

/** 1 = Monday .. 7 = Sunday (ISO 8601). */
export function weekdayOf(day: Day): number {
  // 1970-01-01 was a Thursday.
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The Monday on or before `day`. */
export function startOfWeek(day: Day): Day {
  return day - (weekdayOf(day) - 1);
}

export function startOfMonth(day: Day): Day {
  const { y, m } = ymdOf(day);
  return civilToDay(y, m, 1);
}

/** 1 Jan, 1 Apr, 1 Jul or 1 Oct on or before `day` (calendar quarters). */
export function startOfQuarter(day: Day): Day {
  const { y, m } = ymdOf(day);
  return civilToDay(y, m - ((m - 1) % 3), 1);
}

/**
 * Moves `n` months (may be negative). Meant for the first of a month; any other day of
 * the month is clamped to the target month's length (31 Jan 2020 + 1 = 29 Feb 2020).
 */
export function addMonths(firstOfMonth: Day, n: number): Day {
  const { y, m, d } = ymdOf(firstOfMonth);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return civilToDay(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

export function addDays(day: Day, n: number): Day {
  return day + n;
}

/**
 * The machine's local calendar date: what the user calls "today". The only function here
 * that reads local time, on purpose.
 */
export function todayLocal(now: Date = new Date()): Day {
  return civilToDay(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** UK financial year, April to March: 1 Apr 2020 and 31 Mar 2021 are both in `2020-21`. */
export function financialYearOf(day: Day): string {
  const { y, m } = ymdOf(day);
  const start = m >= 4 ? y : y - 1;
  return `${start}-${pad2((start + 1) % 100)}`;
}
