import { ukOf } from '../dates.js';
import { endDay } from '../plan/span.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const overdue: Rule = {
  id: 'overdue',
  severity: 'warning',
  description: 'A task that should have ended by the report date and is not marked Complete.',
  check(ctx) {
    const findings = [];
    const reportDate = ukOf(ctx.reportDate);
    for (const t of ctx.plan.tasks) {
      // Due on its End, or on the only date of a milestone; never on a Start standing in for an
      // impossible End.
      const end = endDay(t);
      const parse = t.rag?.parse;
      if (end === null || end >= ctx.reportDate) continue;
      if (parse?.kind === 'status' && parse.status === 'complete') continue;
      findings.push(
        taskFinding(
          this,
          ctx,
          t,
          t.end.kind === 'date' ? 'end' : 'start',
          `${taskLabel(t)} was due on ${ukOf(end)}, before the report date ${reportDate}, and is not marked Complete. Mark it Complete or re-plan it.`,
        ),
      );
    }
    return findings;
  },
};
