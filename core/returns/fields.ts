/**
 * The fields a workstream lead owns in a return, each read into one comparable text form so the
 * three-way merge compares like with like: a date as `2020-12-15`, a status as its full label,
 * progress as a percentage, comments as trimmed text; '' is blank.
 */

import type { Cell } from '../cells.js';
import { dayFromSerial, dayFromYMD, isDateFormat, isoOf, ukOf } from '../dates.js';
import type { DateField, ProgressField, RagField } from '../plan/fields.js';
import { textOf } from '../plan/fields.js';
import { normaliseHeader } from '../plan/columns.js';
import { RAG_LABEL } from '../rag.js';

export type ReturnField = 'start' | 'end' | 'rag' | 'progress' | 'comments';

/** In the order the Return sheet shows them. */
export const RETURN_FIELDS: readonly ReturnField[] = [
  'start',
  'end',
  'rag',
  'progress',
  'comments',
];

export const RETURN_FIELD_LABEL: Record<ReturnField, string> = {
  start: 'Start',
  end: 'End',
  rag: 'RAG',
  progress: '% complete',
  comments: 'Comments',
};

/** A value read from a cell: its comparable form, or why it cannot be used. */
export type ReadValue = { ok: true; value: string } | { ok: false; reason: string; text: string };

export function dateValue(field: DateField): ReadValue {
  if (field.kind === 'blank') return { ok: true, value: '' };
  if (field.kind === 'date') return { ok: true, value: isoOf(field.day) };
  return { ok: false, reason: field.reason, text: field.text };
}

export function ragValue(field: RagField | null): ReadValue {
  if (!field || field.parse.kind === 'blank') return { ok: true, value: '' };
  if (field.parse.kind === 'status') return { ok: true, value: RAG_LABEL[field.parse.status] };
  return {
    ok: false,
    reason: `"${field.text}" is not a RAG status (use Red, Amber/Red, Amber, Amber/Green, Green, Complete or Not started)`,
    text: field.text,
  };
}

export function progressValue(field: ProgressField): ReadValue {
  if (field.kind === 'blank') return { ok: true, value: '' };
  if (field.kind === 'invalid')
    return { ok: false, reason: `"${field.text}" is not a percentage`, text: field.text };
  if (field.percent < 0 || field.percent > 100)
    return {
      ok: false,
      reason: `${field.percent}% is outside 0% to 100%`,
      text: `${field.percent}%`,
    };
  return { ok: true, value: String(Math.round(field.percent * 100) / 100) };
}

/** A comment as text; a date typed into a comment reads as the date (04/12/2020), not its serial. */
export function commentValue(cell: Cell | undefined, date1904 = false): ReadValue {
  const value = cell?.value ?? null;
  if (typeof value === 'number' && cell?.numFmt !== undefined && isDateFormat(cell.numFmt)) {
    const day = dayFromSerial(value, date1904);
    if (day !== null) return { ok: true, value: isoOf(day).split('-').reverse().join('/') };
  }
  return { ok: true, value: textOf(value) ?? '' };
}

/**
 * The master's own value as it will be compared: what cannot be read (an impossible date, an
 * unknown status) is compared as the text written, so an untouched return never "changes" it.
 */
export function masterValue(read: ReadValue): string {
  return read.ok ? read.value : read.text;
}

/** A comparable value as people read it: `15/12/2020`, `50%`, `(blank)`. */
export function showValue(field: ReturnField, value: string): string {
  if (value === '') return '(blank)';
  if ((field === 'start' || field === 'end') && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    const day = dayFromYMD(y, m, d);
    if (day !== null) return ukOf(day);
  }
  if (field === 'progress' && /^-?\d+(\.\d+)?$/.test(value)) return `${value}%`;
  if (field === 'comments') return `“${value}”`;
  return value;
}

/** The master's comments column: a column titled Comments, Notes, Commentary, Update or Remarks. */
export const COMMENT_TITLES = [
  'comments',
  'comment',
  'commentary',
  'notes',
  'note',
  'update',
  'latestupdate',
  'progressupdate',
  'remarks',
];

export function commentsColumnOf(titles: ReadonlyMap<number, string>): number | undefined {
  for (const wanted of COMMENT_TITLES)
    for (const [col, title] of titles) if (normaliseHeader(title) === wanted) return col;
  return undefined;
}
