/** Turning one plan cell into a typed field: dates, statuses, progress, IDs, dependency lists. */

import type { Cell, CellValue } from '../cells.js';
import { dayFromSerial, isDateFormat, parseTextDate, type Day } from '../dates.js';
import { parseRag, type RagParse } from '../rag.js';

/**
 * Fields are never changed once read (a plan of 50,000 tasks shares one object for each distinct
 * date, status and progress instead of holding 300,000): hence `readonly`.
 */
export type DateField =
  | { readonly kind: 'blank' }
  /** `source` says how it was written: a real Excel date, a bare number, or text. */
  | {
      readonly kind: 'date';
      readonly day: Day;
      readonly source: 'date' | 'number' | 'text';
      readonly text?: string;
    }
  | { readonly kind: 'invalid'; readonly reason: string; readonly text: string };

const BLANK: { readonly kind: 'blank' } = Object.freeze({ kind: 'blank' });

export function textOf(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') {
    // Most text starts and ends with a printable ASCII character: trimmed already.
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first > 32 && first < 127 && last > 32 && last < 127) return value;
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value.error;
}

export function readDate(cell: Cell | undefined, date1904: boolean): DateField {
  const value = cell?.value ?? null;
  if (value === null || (typeof value === 'string' && value.trim() === '')) return BLANK;
  if (typeof value === 'number') {
    const day = dayFromSerial(value, date1904);
    if (day === null)
      return { kind: 'invalid', reason: `${value} is not a date`, text: String(value) };
    const isDate = cell?.numFmt !== undefined && isDateFormat(cell.numFmt);
    return { kind: 'date', day, source: isDate ? 'date' : 'number' };
  }
  if (typeof value === 'string') {
    const text = value.trim();
    const parsed = parseTextDate(text);
    if (parsed.kind === 'date') return { kind: 'date', day: parsed.day, source: 'text', text };
    if (parsed.kind === 'invalid') return { kind: 'invalid', reason: parsed.reason, text };
    return { kind: 'invalid', reason: `"${text}" is not a date`, text };
  }
  const text = textOf(value) ?? '';
  return { kind: 'invalid', reason: `${text} is not a date`, text };
}

export interface RagField {
  readonly text: string;
  readonly parse: RagParse;
}

export function readRag(cell: Cell | undefined): RagField {
  const text = textOf(cell?.value ?? null) ?? '';
  return { text, parse: parseRag(text) };
}

export type ProgressField =
  | { readonly kind: 'blank' }
  | { readonly kind: 'value'; readonly percent: number }
  | { readonly kind: 'invalid'; readonly text: string };

/**
 * Progress columns hold 0..1 fractions (usually formatted as %) or 0..100 numbers.
 * `hundredScale` is decided once per column: true when some plain number in it exceeds 1.
 */
export function readProgress(cell: Cell | undefined, hundredScale: boolean): ProgressField {
  const value = cell?.value ?? null;
  if (value === null || (typeof value === 'string' && value.trim() === '')) return BLANK;
  if (typeof value === 'number') {
    const isPercentFormat = cell?.numFmt?.includes('%') ?? false;
    const percent = isPercentFormat || !hundredScale ? value * 100 : value;
    return { kind: 'value', percent: Math.round(percent * 1e6) / 1e6 };
  }
  if (typeof value === 'string') {
    const m = /^(-?\d+(?:\.\d+)?)\s*(%?)$/.exec(value.trim());
    if (m) {
      const n = Number(m[1]);
      return { kind: 'value', percent: m[2] || hundredScale || n > 1 ? n : n * 100 };
    }
  }
  return { kind: 'invalid', text: textOf(value) ?? '' };
}

export function progressUsesHundredScale(cells: readonly (Cell | undefined)[]): boolean {
  return cells.some(
    (c) => typeof c?.value === 'number' && !(c.numFmt?.includes('%') ?? false) && c.value > 1,
  );
}

/** IDs compare as trimmed text, case-insensitively: `1`, `1.a`, `G1`. */
export function idKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Shared by every task that depends on nothing. */
const NO_DEPENDENCIES: readonly string[] = Object.freeze([]);

/** `1.1, 2.a; 3` -> ['1.1', '2.a', '3']. */
export function splitDependencies(value: CellValue): readonly string[] {
  const text = textOf(value);
  if (text === null) return NO_DEPENDENCIES;
  return text
    .split(/[,;\n]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** `12FS+2d` -> `12`: MS Project writes a link type and lag after the predecessor. */
export function stripLinkType(token: string): string | null {
  const m =
    /^(.+?)\s*(?:FS|SS|FF|SF)(?:\s*[+-]\s*\d+(?:\.\d+)?\s*(?:d|w|m|days?|wks?|weeks?|mons?)?)?$/i.exec(
      token,
    );
  return m ? m[1] : null;
}
