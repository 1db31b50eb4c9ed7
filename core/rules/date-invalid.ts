import { TASK_DATES, taskLabel, taskFinding, type Rule } from './rule.js';

export const dateInvalid: Rule = {
  id: 'date-invalid',
  severity: 'error',
  description: 'Dates must be real dates; impossible or unreadable dates are never guessed.',
  check(ctx) {
    const findings = [];
    for (const task of ctx.plan.tasks) {
      for (const { key, what } of TASK_DATES) {
        const field = task[key];
        if (field.kind !== 'invalid') continue;
        findings.push(
          taskFinding(
            this,
            ctx,
            task,
            key,
            `${taskLabel(task)}: the ${what} ${field.reason}. Enter a real date (dd/mm/yyyy).`,
          ),
        );
      }
    }
    return findings;
  },
};
