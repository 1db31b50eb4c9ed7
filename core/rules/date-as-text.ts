import { ukOf } from '../dates.js';
import { TASK_DATES, taskLabel, taskFinding, type Rule } from './rule.js';

export const dateAsText: Rule = {
  id: 'date-as-text',
  severity: 'warning',
  description:
    'Dates typed as text (or bare numbers) are read, but Excel cannot sort or calculate with them.',
  check(ctx) {
    const findings = [];
    for (const task of ctx.plan.tasks) {
      for (const { key, what } of TASK_DATES) {
        const field = task[key];
        if (field.kind !== 'date' || field.source === 'date') continue;
        const how =
          field.source === 'text'
            ? `is text ("${field.text}")`
            : 'is a number not formatted as a date';
        findings.push(
          taskFinding(
            this,
            ctx,
            task,
            key,
            `${taskLabel(task)}: the ${what} ${how}; read as ${ukOf(field.day)}. Re-enter it as a date so Excel treats it as one.`,
          ),
        );
      }
    }
    return findings;
  },
};
