/**
 * Labels typed in painted cells: `Go Live 1/11` and `LA Board 4/12/2020` are milestones on a day
 * (UK day-first; a missing year comes from the column's period), `Consultation` is a note.
 */
import { dayFromYMD, MONTH_NAMES, parseTextDate, ukOf, type Day } from '../dates.js';

export type LabelReading =
  /** A day named in the label; `text` is the label without the date (`Go Live`). */
  | { kind: 'milestone'; day: Day; text: string; yearFrom: 'label' | 'column' }
  /** The label names a day that does not exist (`31/11`): reported, never guessed. */
  | { kind: 'invalid'; reason: string }
  /**
   * Words, not a day. `doubt` says why a date-like part was not taken as a day (`Stage 2.3`: a
   * version number, not 2 March), for the review.
   */
  | { kind: 'note'; text: string; doubt?: string };

const MONTHS = MONTH_NAMES.map((m) => m.slice(0, 3).toLowerCase());
const NUMERIC = /(^|[^\d/.])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d/.])/;
const WORDY =
  /(^|[^\d])(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+(\d{4}))?(?![a-z\d])/i;

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;,.\-–—@]+|[\s:;,\-–—@(]+$/g, '')
    .replace(/\b(on|from|by|at)$/i, '')
    .trim();
}

/**
 * The day of day/month in the column's own year, or in the year before or after when that puts
 * it next to the column's period (a `1/1` label in the Dec-20 column is 1 Jan 2021). Null when
 * no such day exists (`29/2` in a year that is not a leap year).
 */
function dayInColumnYear(
  m: number,
  d: number,
  column: { start: Day; end: Day; year: number },
): Day | null {
  const own = dayFromYMD(column.year, m, d);
  if (own !== null && isNearColumn(own, column)) return own;
  for (const y of [column.year - 1, column.year + 1]) {
    const day = dayFromYMD(y, m, d);
    if (day !== null && isNearColumn(day, column)) return day;
  }
  return own;
}

/** Within the column's period, or less than one period either side of it. */
export function isNearColumn(
  day: Day,
  column: { start: Day; end: Day },
  slack = column.end - column.start + 1,
): boolean {
  return day >= column.start - slack && day <= column.end + slack;
}

/** Words before a dotted number that make it a section or version number (`Stage 2.3`). */
const NUMBERED =
  /\b(?:stage|phase|section|sect|release|version|ver|v|rev|revision|tranche|step|wave|sprint|item|para|paragraph|chapter|ch|gate|option|issue|part|clause|appendix|annex|table|figure|fig|no|number|priority|workstream|ws|task|action|level|tier|lot)\s*$/i;

/** Reads a label typed in a timeline cell whose column is the period `[start, end]`. */
export function readLabel(
  label: string,
  column: { start: Day; end: Day; year: number },
): LabelReading {
  const text = label.replace(/\s+/g, ' ').trim();
  let m = NUMERIC.exec(text);
  let d: number | undefined;
  let mo: number | undefined;
  let yearText: string | undefined;
  let matched = '';
  let dotted = false;
  if (m) {
    d = Number(m[2]);
    mo = Number(m[3]);
    yearText = m[4];
    matched = m[0].slice(m[1].length);
    dotted = matched.includes('.');
  } else if ((m = WORDY.exec(text))) {
    d = Number(m[2]);
    mo = MONTHS.indexOf(m[3].toLowerCase()) + 1;
    yearText = m[4];
    matched = m[0].slice(m[1].length);
  }
  if (d === undefined || mo === undefined) return { kind: 'note', text };
  const rest = tidy(text.replace(matched, ' '));
  if (yearText !== undefined) {
    const parsed = parseTextDate(`${d}/${mo}/${yearText}`);
    if (parsed.kind === 'date')
      return { kind: 'milestone', day: parsed.day, text: rest, yearFrom: 'label' };
    if (dotted)
      return { kind: 'note', text, doubt: `${matched.trim()} is not a date: kept as words` };
    return {
      kind: 'invalid',
      reason: parsed.kind === 'invalid' ? parsed.reason : `${matched.trim()} is not a date`,
    };
  }
  const day = dayInColumnYear(mo, d, column);
  // `2.3` without a year is as often a version or section number as a day: a day only when no
  // word like "Stage" comes before it and it falls in its column's period (or within a week).
  if (dotted) {
    const before = text.slice(0, (m?.index ?? 0) + (m?.[1].length ?? 0));
    const why = NUMBERED.test(before)
      ? `"${before.trim().split(' ').pop()} ${matched.trim()}" is a number, not a day`
      : day === null
        ? 'no such day'
        : !isNearColumn(day, column, Math.min(7, column.end - column.start + 1))
          ? `${ukOf(day)} is not in its column`
          : null;
    if (why)
      return {
        kind: 'note',
        text,
        doubt: `${matched.trim()} is not read as a date (no year, and ${why}): kept as words`,
      };
  }
  if (day === null) {
    const check = parseTextDate(`${d}/${mo}/2000`);
    const reason =
      check.kind === 'date'
        ? `${matched.trim()}: ${column.year} is not a leap year`
        : (check.kind === 'invalid' ? check.reason : `${matched.trim()} is not a date`).replace(
            /\/2000\b/,
            '',
          );
    return { kind: 'invalid', reason };
  }
  return { kind: 'milestone', day, text: rest, yearFrom: 'column' };
}
