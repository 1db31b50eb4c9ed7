/**
 * Rolling statuses up: tasks (and their risks and issues) to a workstream, workstreams to the
 * programme. `worst` is the weakest link, so problems are not averaged away; `mean` averages
 * Red = 1 ... Green = 5 and rounds toward the worse status; `manual` computes nothing.
 */

import type { RagStatus } from '../rag.js';
import type { RagRollup, RagScale } from '../plan/settings.js';
import { levelOf, statusAtLevel } from './scale.js';

/**
 * The computed status of a parent from its children's statuses (blank children are left out).
 * Complete and Not started count only when every child is so; a mix of the two alone, or no
 * child with a status, gives null (nothing to roll up).
 */
export function rollUp(
  children: readonly (RagStatus | null)[],
  rule: RagRollup,
  scale: RagScale,
): RagStatus | null {
  if (rule === 'manual') return null;
  const levels: number[] = [];
  let complete = 0;
  let notStarted = 0;
  for (const child of children) {
    if (child === null) continue;
    const level = levelOf(child, scale);
    if (level !== null) levels.push(level);
    else if (child === 'complete') complete++;
    else notStarted++;
  }
  if (levels.length === 0) {
    if (complete > 0 && notStarted === 0) return 'complete';
    if (notStarted > 0 && complete === 0) return 'not-started';
    return null;
  }
  let sum = 0;
  let min = Infinity;
  for (const l of levels) {
    sum += l;
    min = Math.min(min, l);
  }
  if (rule === 'worst') return statusAtLevel(min, scale);
  // Toward the worse status: 3.5 is 3 (Amber), never 4. The epsilon absorbs float error in sums.
  return statusAtLevel(Math.floor(sum / levels.length + 1e-9), scale);
}

/**
 * How many steps `declared` is better than `computed` on the scale (negative when worse); null
 * when either has no level (Complete, Not started, blank).
 */
export function stepsBetter(
  declared: RagStatus | null,
  computed: RagStatus | null,
  scale: RagScale,
): number | null {
  if (declared === null || computed === null) return null;
  const d = levelOf(declared, scale);
  const c = levelOf(computed, scale);
  return d === null || c === null ? null : d - c;
}

/**
 * The counts of a mix of Complete and Not started children with no other status, which rolls up
 * to nothing (see rollUp); null for any other children.
 */
export function mixedDoneAndNotStarted(
  children: readonly (RagStatus | null)[],
): { complete: number; notStarted: number } | null {
  let complete = 0;
  let notStarted = 0;
  for (const child of children) {
    if (child === 'complete') complete++;
    else if (child === 'not-started') notStarted++;
    else if (child !== null) return null;
  }
  return complete > 0 && notStarted > 0 ? { complete, notStarted } : null;
}
