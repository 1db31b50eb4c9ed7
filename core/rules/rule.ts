import { flatten } from '../flat-text.js';
import { a1 } from '../cells.js';
import type { Day } from '../dates.js';
import type { Finding, Severity } from '../findings.js';
import type { ColumnKey } from '../plan/columns.js';
import type { Plan, Task } from '../plan/read.js';

export interface RuleContext {
  plan: Plan;
  /** The date the plan is reported at: overdue is judged against it. */
  reportDate: Day;
}

/** A validation rule, ESLint style: an id, a severity and a check that returns findings. */
export interface Rule {
  id: string;
  severity: Severity;
  /** One line for `plan-sync rules` and the docs. */
  description: string;
  check(ctx: RuleContext): Finding[];
}

/** A finding about one task, located at the cell of `column` in the task's row. */
export function taskFinding(
  rule: Rule,
  ctx: RuleContext,
  task: Task,
  column: ColumnKey,
  message: string,
): Finding {
  const col = ctx.plan.columns[column] ?? ctx.plan.columns.id ?? 1;
  // Flat at once: the pieces it was built from then die young (see core/flat-text.ts).
  flatten(message);
  return {
    severity: rule.severity,
    rule: rule.id,
    sheet: ctx.plan.sheet.name,
    cell: a1(task.row, col),
    message,
    row: task.row,
  };
}

/** How a task is named in messages: `Task 2.a "Write Cabinet paper"` or `Row 7`. */
export function taskLabel(task: Task): string {
  const name = task.name
    ? ` "${task.name.length > 50 ? task.name.slice(0, 47) + '...' : task.name}"`
    : '';
  return task.id ? `Task ${task.id}${name}` : `Row ${task.row}${name}`;
}

type DateKey = 'start' | 'end' | 'baselineStart' | 'baselineEnd';

/** Every date of a task (`task[key]`) with its column and how messages name it. */
export const TASK_DATES: readonly { key: DateKey; what: string }[] = [
  { key: 'start', what: 'start date' },
  { key: 'end', what: 'end date' },
  { key: 'baselineStart', what: 'baseline start' },
  { key: 'baselineEnd', what: 'baseline end' },
];
