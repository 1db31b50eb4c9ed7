import { a1 } from '../cells.js';
import { idKey } from '../plan/fields.js';
import type { Task } from '../plan/read.js';
import { taskFinding, type Rule } from './rule.js';

export const idDuplicate: Rule = {
  id: 'id-duplicate',
  severity: 'error',
  description: 'Task IDs must be unique.',
  check(ctx) {
    const first = new Map<string, Task>();
    const findings = [];
    const idCol = ctx.plan.columns.id ?? 1;
    for (const task of ctx.plan.tasks) {
      if (task.id === null) continue;
      const key = idKey(task.id);
      const seen = first.get(key);
      if (!seen) {
        first.set(key, task);
        continue;
      }
      findings.push(
        taskFinding(
          this,
          ctx,
          task,
          'id',
          `ID "${task.id}" is already used in ${a1(seen.row, idCol)}. Give this task a different ID.`,
        ),
      );
    }
    return findings;
  },
};
