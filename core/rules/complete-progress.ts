import { taskLabel, taskFinding, type Rule } from './rule.js';

export const completeProgress: Rule = {
  id: 'complete-progress',
  severity: 'warning',
  description: 'A task marked Complete should be 100% done.',
  check(ctx) {
    const findings = [];
    for (const t of ctx.plan.tasks) {
      const parse = t.rag?.parse;
      if (parse?.kind !== 'status' || parse.status !== 'complete') continue;
      if (t.progress.kind === 'value' && t.progress.percent < 100) {
        findings.push(
          taskFinding(
            this,
            ctx,
            t,
            'progress',
            `${taskLabel(t)} is marked Complete but is ${t.progress.percent}% done. Set progress to 100% or change its status.`,
          ),
        );
      }
    }
    return findings;
  },
};
