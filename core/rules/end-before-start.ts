import { ukOf } from '../dates.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const endBeforeStart: Rule = {
  id: 'end-before-start',
  severity: 'error',
  description: 'A task cannot end before it starts.',
  check(ctx) {
    const findings = [];
    for (const t of ctx.plan.tasks) {
      if (t.start.kind === 'date' && t.end.kind === 'date' && t.end.day < t.start.day) {
        findings.push(
          taskFinding(
            this,
            ctx,
            t,
            'end',
            `${taskLabel(t)} ends on ${ukOf(t.end.day)}, before it starts on ${ukOf(t.start.day)}. Correct the start or end date.`,
          ),
        );
      }
    }
    return findings;
  },
};
