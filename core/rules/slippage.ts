import { ukOf } from '../dates.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const slippage: Rule = {
  id: 'slippage',
  severity: 'info',
  description: 'A task now ending later than its baseline (original) end date.',
  check(ctx) {
    const findings = [];
    for (const t of ctx.plan.tasks) {
      if (t.end.kind !== 'date' || t.baselineEnd.kind !== 'date' || t.end.day <= t.baselineEnd.day)
        continue;
      const days = t.end.day - t.baselineEnd.day;
      findings.push(
        taskFinding(
          this,
          ctx,
          t,
          'end',
          `${taskLabel(t)} has slipped ${days} day${days === 1 ? '' : 's'}: baseline end ${ukOf(t.baselineEnd.day)}, now ${ukOf(t.end.day)}.`,
        ),
      );
    }
    return findings;
  },
};
