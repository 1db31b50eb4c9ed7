/**
 * RAG statuses on the report's scale: the IPA five-point scale, or the three-point scale the IPA
 * has used since June 2021, where Amber/Green and Amber/Red are both reported as Amber.
 */

import { RAG_LABEL, type RagParse, type RagStatus } from '../rag.js';
import type { RagScale } from '../plan/settings.js';

/** Red is 1 and Green 5 on the five-point scale; Complete and Not started have no level. */
const FIVE: Partial<Record<RagStatus, number>> = {
  red: 1,
  'amber-red': 2,
  amber: 3,
  'amber-green': 4,
  green: 5,
};
const FIVE_BY_LEVEL: RagStatus[] = ['red', 'amber-red', 'amber', 'amber-green', 'green'];
const THREE_BY_LEVEL: RagStatus[] = ['red', 'amber', 'green'];

/** The status as the scale reports it: on three points, Amber/Red and Amber/Green are Amber. */
export function onScale(status: RagStatus, scale: RagScale): RagStatus {
  if (scale === 'three-point' && (status === 'amber-red' || status === 'amber-green'))
    return 'amber';
  return status;
}

/** Red = 1 up to Green = 5 (five-point) or 3 (three-point); null for Complete and Not started. */
export function levelOf(status: RagStatus, scale: RagScale): number | null {
  const s = onScale(status, scale);
  if (scale === 'five-point') return FIVE[s] ?? null;
  const i = THREE_BY_LEVEL.indexOf(s);
  return i < 0 ? null : i + 1;
}

/** The status at a level of the scale (1 = Red). */
export function statusAtLevel(level: number, scale: RagScale): RagStatus {
  const list = scale === 'five-point' ? FIVE_BY_LEVEL : THREE_BY_LEVEL;
  return list[Math.min(list.length, Math.max(1, level)) - 1];
}

/** A RAG status or its absence, as a label on the report (`Amber/Red`, or '' for none). */
export function labelOf(status: RagStatus | null): string {
  return status === null ? '' : RAG_LABEL[status];
}

/** What a RAG cell says for the roll-up: one status; a compound's worse part; else none. */
export interface ReadStatus {
  status: RagStatus | null;
  /** The statuses of a compound cell (`AMBER OLA / GREEN`), when it was one. */
  parts?: RagStatus[];
}

/** Worse first: Red, Amber/Red, Amber, Amber/Green, Green, then Not started, then Complete. */
const SEVERITY: RagStatus[] = [
  'red',
  'amber-red',
  'amber',
  'amber-green',
  'green',
  'not-started',
  'complete',
];

/** The worse of the statuses (Red before Green; Not started and Complete last). */
export function worseOf(statuses: readonly RagStatus[]): RagStatus | null {
  let worst: RagStatus | null = null;
  for (const s of statuses)
    if (worst === null || SEVERITY.indexOf(s) < SEVERITY.indexOf(worst)) worst = s;
  return worst;
}

/** A parsed RAG cell on the scale: a compound is split into its parts and the worse part used. */
export function readStatus(parse: RagParse | null | undefined, scale: RagScale): ReadStatus {
  if (!parse) return { status: null };
  if (parse.kind === 'status') return { status: onScale(parse.status, scale) };
  if (parse.kind === 'compound') {
    const parts = parse.statuses.map((s) => onScale(s, scale));
    return { status: worseOf(parts), parts };
  }
  return { status: null };
}
