/**
 * Labels typed in painted cells: `Go Live 1/11` and `LA Board 4/12/2020` are milestones on a day
 * (UK day-first; a missing year comes from the column's period), `Consultation` is a note.
 */
import { dayFromYMD, MONTH_NAMES, parseTextDate, type Day } from '../dates.js';

export type LabelReading =
  /** A day named in the label; `text` is the label without the date (`Go Live`). */
  | { kind: 'milestone'; day: Day; text: string; yearFrom: 'label' | 'column' }
  /** The label names a day that does not exist (`31/11`): reported, never guessed. */
  | { kind: 'invalid'; reason: string }
  | { kind: 'note'; text: string };

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
 * The year that puts day/month closest to the middle of the column's period `[start, end]`: a
 * label `1/1` in the Dec-20 column is 1 Jan 2021.
 */
function nearestYear(
  m: number,
  d: number,
  column: { start: Day; end: Day },
  year: number,
): Day | null {
  const middle = (column.start + column.end) / 2;
  let best: Day | null = null;
  for (const y of [year - 1, year, year + 1]) {
    const day = dayFromYMD(y, m, d);
    if (day !== null && (best === null || Math.abs(day - middle) < Math.abs(best - middle)))
      best = day;
  }
  return best;
}

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
  if (m) {
    d = Number(m[2]);
    mo = Number(m[3]);
    yearText = m[4];
    matched = m[0].slice(m[1].length);
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
    return {
      kind: 'invalid',
      reason: parsed.kind === 'invalid' ? parsed.reason : `${matched.trim()} is not a date`,
    };
  }
  const check = parseTextDate(`${d}/${mo}/2000`);
  if (check.kind !== 'date') {
    // 29/2 is real in some years: try the years around the column.
    const day = mo === 2 && d === 29 ? nearestYear(mo, d, column, column.year) : null;
    if (day !== null) return { kind: 'milestone', day, text: rest, yearFrom: 'column' };
    return {
      kind: 'invalid',
      reason: (check.kind === 'invalid' ? check.reason : `${matched} is not a date`).replace(
        /\/2000\b/,
        '',
      ),
    };
  }
  const day = nearestYear(mo, d, column, column.year);
  return day === null
    ? { kind: 'invalid', reason: `${matched.trim()} is not a date` }
    : { kind: 'milestone', day, text: rest, yearFrom: 'column' };
}
