import { taskLabel, taskFinding, type Rule } from './rule.js';

export const dateMissing: Rule = {
  id: 'date-missing',
  severity: 'warning',
  description: 'A task with no start and no end date cannot be drawn on the timeline.',
  check(ctx) {
    return ctx.plan.tasks
      .filter((t) => t.start.kind === 'blank' && t.end.kind === 'blank')
      .map((t) =>
        taskFinding(
          this,
          ctx,
          t,
          'start',
          `${taskLabel(t)} has no dates, so it has no bar on the timeline. Add a start and an end date.`,
        ),
      );
  },
};
