import type { ColumnKey } from '../plan/columns.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

const DATE_COLUMNS: [ColumnKey, string][] = [
  ['start', 'start date'],
  ['end', 'end date'],
  ['baselineStart', 'baseline start'],
  ['baselineEnd', 'baseline end'],
];

export const dateInvalid: Rule = {
  id: 'date-invalid',
  severity: 'error',
  description: 'Dates must be real dates; impossible or unreadable dates are never guessed.',
  check(ctx) {
    const findings = [];
    for (const task of ctx.plan.tasks) {
      for (const [key, what] of DATE_COLUMNS) {
        const field = task[key as 'start' | 'end' | 'baselineStart' | 'baselineEnd'];
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

export { DATE_COLUMNS };
