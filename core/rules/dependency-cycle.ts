import type { Task } from '../plan/read.js';
import { resolveDependencies } from '../plan/dependencies.js';
import { taskFinding, type Rule } from './rule.js';

/** Strongly connected components (Tarjan, iterative so a 5,000-task chain cannot overflow the stack). */
function cycles(nodes: Task[], next: Map<Task, Task[]>): Task[][] {
  const index = new Map<Task, number>();
  const low = new Map<Task, number>();
  const onStack = new Set<Task>();
  const stack: Task[] = [];
  const result: Task[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: Task; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = next.get(frame.node) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: Task[] = [];
        let w: Task;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        const selfLoop = (next.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) result.push(component.reverse());
      }
    }
  }
  return result;
}

export const dependencyCycle: Rule = {
  id: 'dependency-cycle',
  severity: 'error',
  description: 'Dependencies must not go round in a circle.',
  check(ctx) {
    const next = new Map<Task, Task[]>();
    for (const { successor, predecessor } of resolveDependencies(ctx.plan).links) {
      const list = next.get(successor) ?? [];
      list.push(predecessor);
      next.set(successor, list);
    }
    const findings = [];
    for (const component of cycles(ctx.plan.tasks, next)) {
      const sorted = [...component].sort((a, b) => a.row - b.row);
      const ids = sorted.map((t) => t.id ?? `row ${t.row}`);
      const loop =
        ids.length === 1
          ? `${ids[0]} depends on itself`
          : `${ids.join(', ')} depend on each other in a circle`;
      for (const task of sorted) {
        findings.push(
          taskFinding(
            this,
            ctx,
            task,
            'dependencies',
            `Dependency cycle: tasks ${loop}. Remove one of these dependencies.`,
          ),
        );
      }
    }
    return findings;
  },
};
