import { ukOf } from '../dates.js';
import type { Task } from '../plan/read.js';
import { resolveDependencies } from './dependency-unknown.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export function firstDay(t: Task): number | null {
  return t.start.kind === 'date' ? t.start.day : t.end.kind === 'date' ? t.end.day : null;
}
export function lastDay(t: Task): number | null {
  return t.end.kind === 'date' ? t.end.day : t.start.kind === 'date' ? t.start.day : null;
}

export const dependencyOverlap: Rule = {
  id: 'dependency-overlap',
  severity: 'warning',
  description:
    'A task starting before a task it depends on has ended (real plans overlap, so this is a warning).',
  check(ctx) {
    const findings = [];
    for (const { successor, predecessor } of resolveDependencies(ctx.plan).links) {
      if (successor === predecessor) continue;
      const start = firstDay(successor);
      const predEnd = lastDay(predecessor);
      if (start === null || predEnd === null || start >= predEnd) continue;
      findings.push(
        taskFinding(
          this,
          ctx,
          successor,
          'dependencies',
          `${taskLabel(successor)} starts on ${ukOf(start)}, before task ${predecessor.id} (which it depends on) ends on ${ukOf(predEnd)}. Check the dates or the dependency.`,
        ),
      );
    }
    return findings;
  },
};
