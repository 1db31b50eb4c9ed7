import { resolveDependencies } from '../plan/dependencies.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const dependencyUnknown: Rule = {
  id: 'dependency-unknown',
  severity: 'error',
  description: 'Dependencies must name IDs of tasks in the plan.',
  check(ctx) {
    return resolveDependencies(ctx.plan).unknown.map(({ task, token }) =>
      taskFinding(
        this,
        ctx,
        task,
        'dependencies',
        `${taskLabel(task)} depends on "${token}", but no task has that ID. Correct the ID or remove the dependency.`,
      ),
    );
  },
};
