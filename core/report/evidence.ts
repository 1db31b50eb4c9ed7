/** The evidence behind a workstream's status, from the plan's dates and the RAID log. */

import { addDays, type Day } from '../dates.js';
import { idKey } from '../plan/fields.js';
import type { Task } from '../plan/read.js';
import { taskSpan } from '../plan/span.js';
import { normaliseHeader } from '../plan/columns.js';
import type { RagScale } from '../plan/settings.js';
import type { RagStatus } from '../rag.js';
import { historyKey, type HistoryRow } from './history.js';
import type { DatedTask, RiskRef, SlippedTask, TaskRef } from './model.js';
import type { RaidItem } from './raid.js';
import { levelOf, readStatus } from './scale.js';

export function taskRef(t: Task): TaskRef {
  return { id: t.id ?? `row ${t.row}`, task: t.name ?? '', row: t.row };
}

/** A task's status on the scale (a compound's worse part), or null. */
export function taskStatus(t: Task, scale: RagScale): RagStatus | null {
  return readStatus(t.rag?.parse, scale).status;
}

function isComplete(t: Task, scale: RagScale): boolean {
  return taskStatus(t, scale) === 'complete';
}

/** A milestone's day: Start and End the same day (or only one date given). */
export function milestoneDay(t: Task): Day | null {
  const span = taskSpan(t);
  return span.kind === 'dated' && span.first === span.last ? span.first : null;
}

function byDateThenRow(a: DatedTask, b: DatedTask): number {
  return a.date - b.date || a.row - b.row;
}

/** Milestones not yet complete due from the report date to the end of the period, both included. */
export function milestonesDue(
  tasks: readonly Task[],
  from: Day,
  to: Day,
  scale: RagScale,
): DatedTask[] {
  const out: DatedTask[] = [];
  for (const t of tasks) {
    const day = milestoneDay(t);
    if (day === null || day < from || day > to || isComplete(t, scale)) continue;
    out.push({ ...taskRef(t), date: day });
  }
  return out.sort(byDateThenRow);
}

/** The first milestone not complete on or after the report date, however far ahead. */
export function nextMilestone(
  tasks: readonly Task[],
  from: Day,
  scale: RagScale,
): DatedTask | null {
  let best: DatedTask | null = null;
  for (const t of tasks) {
    const day = milestoneDay(t);
    if (day === null || day < from || isComplete(t, scale)) continue;
    const ref = { ...taskRef(t), date: day };
    if (best === null || byDateThenRow(ref, best) < 0) best = ref;
  }
  return best;
}

/** Tasks due before the report date that are not Complete (as the `overdue` rule). */
export function overdueTasks(
  tasks: readonly Task[],
  reportDate: Day,
  scale: RagScale,
): DatedTask[] {
  const out: DatedTask[] = [];
  for (const t of tasks) {
    const span = taskSpan(t);
    if (span.kind !== 'dated' || span.last >= reportDate || isComplete(t, scale)) continue;
    out.push({ ...taskRef(t), date: span.last });
  }
  return out.sort(byDateThenRow);
}

/** Tasks ending later than their baseline end, most slipped first. */
export function slippedTasks(tasks: readonly Task[]): SlippedTask[] {
  const out: SlippedTask[] = [];
  for (const t of tasks) {
    if (t.end.kind !== 'date' || t.baselineEnd.kind !== 'date') continue;
    const days = t.end.day - t.baselineEnd.day;
    if (days > 0) out.push({ ...taskRef(t), days });
  }
  return out.sort((a, b) => b.days - a.days || a.row - b.row);
}

/**
 * Tasks Complete now that were not at the previous report (or, new since then, ended after it).
 * For a first report: Complete tasks that ended within the period before the report date.
 */
export function completedSince(
  tasks: readonly Task[],
  reportDate: Day,
  previous: { date: Day; rows: ReadonlyMap<string, HistoryRow> } | null,
  periodDays: number,
  scale: RagScale,
): TaskRef[] {
  const out: TaskRef[] = [];
  const since = previous?.date ?? addDays(reportDate, -periodDays);
  for (const t of tasks) {
    if (!isComplete(t, scale)) continue;
    const span = taskSpan(t);
    const end = span.kind === 'dated' ? span.last : null;
    const before = t.id === null ? undefined : previous?.rows.get(historyKey('task', t.id));
    if (before) {
      const was = before.rag === null ? null : normaliseHeader(before.rag);
      if (was === 'complete' || was === 'completed' || was === 'done' || was === 'blue') continue;
    } else if (end === null || end <= since) continue;
    out.push(taskRef(t));
  }
  return out;
}

/** Risk and issue order: highest rated first (score, else status), then as listed. */
function riskRank(r: RiskRef, scale: RagScale): number {
  if (r.score !== null) return 100 - r.score;
  const level = r.status === null ? null : levelOf(r.status, scale);
  return level === null ? 200 : 100 + level * 10;
}

/** The open risks and issues of a workstream: named on it, or linked to one of its tasks. */
export function openRisks(
  items: readonly RaidItem[],
  belongs: (item: RaidItem) => boolean,
  scale: RagScale,
): RiskRef[] {
  const out: RiskRef[] = [];
  for (const item of items) {
    if (!item.open || (item.type !== null && item.type !== 'risk' && item.type !== 'issue'))
      continue;
    if (!belongs(item)) continue;
    out.push({
      id: item.id ?? `row ${item.row}`,
      type: item.type,
      rating: item.rating?.text ?? null,
      status:
        item.rating?.status === undefined || item.rating.status === null
          ? null
          : readStatus({ kind: 'status', status: item.rating.status }, scale).status,
      score: item.rating?.score ?? null,
      description: item.description ?? '',
      owner: item.owner,
      escalate: item.escalate,
      row: item.row,
    });
  }
  return out
    .map((r, i) => ({ r, i }))
    .sort((a, b) => riskRank(a.r, scale) - riskRank(b.r, scale) || a.i - b.i)
    .map(({ r }) => r);
}

/** Items linked to any of `tasks` by ID. */
export function linkedTo(tasks: readonly Task[]): (item: RaidItem) => boolean {
  const ids = new Set(tasks.flatMap((t) => (t.id === null ? [] : [idKey(t.id)])));
  return (item) => item.linkedTasks.some((id) => ids.has(idKey(id)));
}

/** Narrative that says there is nothing: `None`, `N/A`, `-`, `Nil`. */
export function saysNothing(text: string | null | undefined): boolean {
  if (text === null || text === undefined) return true;
  const n = normaliseHeader(text.replace(/^[\s•▪○*-]+/, ''));
  return (
    n === '' ||
    [
      'none',
      'na',
      'nil',
      'nothing',
      'noneatpresent',
      'nonecurrently',
      'notapplicable',
      'noitems',
    ].includes(n)
  );
}
