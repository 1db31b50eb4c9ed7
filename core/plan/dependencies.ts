/** Resolving each task's "Depends on" IDs to the tasks they name, shared by the dependency rules. */

import { idKey, stripLinkType } from './fields.js';
import type { Plan, Task } from './read.js';

export interface DependencyLink {
  successor: Task;
  predecessor: Task;
}

export interface ResolvedDependencies {
  links: DependencyLink[];
  unknown: { task: Task; token: string }[];
}

/** Three rules need the links of the same plan: resolve them once. */
const resolved = new WeakMap<Plan, ResolvedDependencies>();

/** Resolves every task's predecessors; `12FS+2d` names task 12 when there is no task "12FS+2d". */
export function resolveDependencies(plan: Plan): ResolvedDependencies {
  const cached = resolved.get(plan);
  if (cached) return cached;
  const byId = new Map<string, Task>();
  for (const t of plan.tasks) {
    if (t.id === null) continue;
    const key = idKey(t.id);
    if (!byId.has(key)) byId.set(key, t);
  }
  const links: DependencyLink[] = [];
  const unknown: { task: Task; token: string }[] = [];
  for (const task of plan.tasks) {
    for (const token of task.dependsOn) {
      let predecessor = byId.get(idKey(token));
      if (!predecessor) {
        const stripped = stripLinkType(token); // only when the token itself names no task
        if (stripped !== null) predecessor = byId.get(idKey(stripped));
      }
      if (predecessor) links.push({ successor: task, predecessor });
      else unknown.push({ task, token });
    }
  }
  const result = { links, unknown };
  resolved.set(plan, result);
  return result;
}
