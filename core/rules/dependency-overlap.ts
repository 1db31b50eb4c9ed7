import { ukOf } from '../dates.js';
import { resolveDependencies } from '../plan/dependencies.js';
import { endDay, startDay } from '../plan/span.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const dependencyOverlap: Rule = {
  id: 'dependency-overlap',
  severity: 'warning',
  description:
    'A task starting before a task it depends on has ended (real plans overlap, so this is a warning).',
  check(ctx) {
    const findings = [];
    for (const { successor, predecessor } of resolveDependencies(ctx.plan).links) {
      if (successor === predecessor) continue;
      // Only real dates: an impossible date is reported for itself, never compared through a stand-in.
      const start = startDay(successor);
      const predEnd = endDay(predecessor);
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
