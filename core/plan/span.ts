/**
 * The days a task covers, from its own Start and End only. A date that is impossible is never
 * replaced by the other one; a task with only one date is a milestone on that date.
 */

import type { Day } from '../dates.js';
import type { Task } from './read.js';

/** The day a task starts: its Start, or the End of a milestone given only an End; else null. */
export function startDay(task: Task): Day | null {
  if (task.start.kind === 'date') return task.start.day;
  return task.start.kind === 'blank' && task.end.kind === 'date' ? task.end.day : null;
}

/** The day a task is due: its End, or the Start of a milestone given only a Start; else null. */
export function endDay(task: Task): Day | null {
  if (task.end.kind === 'date') return task.end.day;
  return task.end.kind === 'blank' && task.start.kind === 'date' ? task.start.day : null;
}

export type UndrawableReason = 'no-dates' | 'start-invalid' | 'end-invalid' | 'end-before-start';

export type TaskSpan =
  /** `first === last` is a milestone. */
  { kind: 'dated'; first: Day; last: Day } | { kind: 'undrawable'; reason: UndrawableReason };

/** What the timeline can draw for a task: its days, or why it cannot be drawn. */
export function taskSpan(task: Task): TaskSpan {
  if (task.start.kind === 'invalid') return { kind: 'undrawable', reason: 'start-invalid' };
  if (task.end.kind === 'invalid') return { kind: 'undrawable', reason: 'end-invalid' };
  const first = startDay(task);
  const last = endDay(task);
  if (first === null || last === null) return { kind: 'undrawable', reason: 'no-dates' };
  if (last < first) return { kind: 'undrawable', reason: 'end-before-start' };
  return { kind: 'dated', first, last };
}

/** The days of a task's baseline (original) dates, or null when it has none that can be drawn. */
export function baselineSpan(task: Task): { first: Day; last: Day } | null {
  const { baselineStart: s, baselineEnd: e } = task;
  const first = s.kind === 'date' ? s.day : e.kind === 'date' && s.kind === 'blank' ? e.day : null;
  const last = e.kind === 'date' ? e.day : s.kind === 'date' && e.kind === 'blank' ? s.day : null;
  if (first === null || last === null || last < first) return null;
  return { first, last };
}
