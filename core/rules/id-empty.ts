import { taskLabel, taskFinding, type Rule } from './rule.js';

export const idEmpty: Rule = {
  id: 'id-empty',
  severity: 'error',
  description: 'Every task needs an ID so that others can depend on it.',
  check(ctx) {
    if (ctx.plan.columns.id === undefined) return [];
    return ctx.plan.tasks
      .filter((t) => t.id === null)
      .map((t) =>
        taskFinding(
          this,
          ctx,
          t,
          'id',
          `${taskLabel(t)} has no ID. Give it a unique ID (for example the next number in its workstream).`,
        ),
      );
  },
};
