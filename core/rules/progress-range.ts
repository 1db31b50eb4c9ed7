import { taskLabel, taskFinding, type Rule } from './rule.js';

export const progressRange: Rule = {
  id: 'progress-range',
  severity: 'error',
  description: 'Progress must be a percentage between 0% and 100%.',
  check(ctx) {
    const findings = [];
    for (const t of ctx.plan.tasks) {
      const p = t.progress;
      if (p.kind === 'invalid') {
        findings.push(
          taskFinding(
            this,
            ctx,
            t,
            'progress',
            `${taskLabel(t)} has progress "${p.text}", which is not a percentage. Enter a number from 0% to 100%.`,
          ),
        );
      } else if (p.kind === 'value' && (p.percent < 0 || p.percent > 100)) {
        findings.push(
          taskFinding(
            this,
            ctx,
            t,
            'progress',
            `${taskLabel(t)} has progress ${p.percent}%, outside 0% to 100%. Correct it.`,
          ),
        );
      }
    }
    return findings;
  },
};
