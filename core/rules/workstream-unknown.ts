import { workstreamKey } from '../plan/read.js';
import { taskLabel, taskFinding, type Rule } from './rule.js';

export const workstreamUnknown: Rule = {
  id: 'workstream-unknown',
  severity: 'warning',
  description:
    'Each task’s workstream should be listed on the Workstreams sheet (when there is one).',
  check(ctx) {
    const { workstreams, columns } = ctx.plan;
    if (!workstreams || columns.workstream === undefined) return [];
    const known = new Set(workstreams.map((w) => workstreamKey(w.name)));
    const findings = [];
    for (const t of ctx.plan.tasks) {
      if (t.workstream === null || known.has(workstreamKey(t.workstream))) continue;
      findings.push(
        taskFinding(
          this,
          ctx,
          t,
          'workstream',
          `${taskLabel(t)} is in workstream "${t.workstream}", which is not on the Workstreams sheet. Add it there or correct the name.`,
        ),
      );
    }
    return findings;
  },
};
