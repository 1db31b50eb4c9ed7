import type { Task } from '../plan/read.js';
import { resolveDependencies } from '../plan/dependencies.js';
import { taskFinding, type Rule } from './rule.js';

/** Strongly connected components (Tarjan, iterative so a 5,000-task chain cannot overflow the stack). */
function cycles(nodes: Task[], next: Map<Task, Task[]>): { tasks: Task[]; selfLoop: boolean }[] {
  const index = new Map<Task, number>();
  const low = new Map<Task, number>();
  const onStack = new Set<Task>();
  const stack: Task[] = [];
  const result: { tasks: Task[]; selfLoop: boolean }[] = [];
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
        if (component.length > 1 || selfLoop) result.push({ tasks: component, selfLoop });
      }
    }
  }
  return result;
}

/** IDs named in a cycle's message; a larger cycle is summed up by its size. */
const LISTED = 5;

const idOf = (t: Task) => t.id ?? `row ${t.row}`;

/** One line for a cycle, however many tasks it has (a 10,000-task cycle is one short message). */
function cycleMessage(component: Task[], selfLoop: boolean): string {
  const sorted = [...component].sort((a, b) => a.row - b.row);
  const n = sorted.length;
  if (n === 1 && selfLoop) {
    return `Dependency cycle: task ${idOf(sorted[0])} depends on itself. Remove this dependency.`;
  }
  if (n <= LISTED) {
    return `Dependency cycle: tasks ${sorted.map(idOf).join(', ')} depend on each other in a circle. Remove one of these dependencies.`;
  }
  const listed = sorted.slice(0, LISTED).map(idOf).join(', ');
  return `Dependency cycle: ${n.toLocaleString('en-GB')} tasks depend on each other in a circle (${listed} and ${(n - LISTED).toLocaleString('en-GB')} more, in rows ${sorted[0].row} to ${sorted[n - 1].row}). Remove one of these dependencies.`;
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
    // One finding per cycle, at its first task: linear in the size of the plan.
    return cycles(ctx.plan.tasks, next).map(({ tasks, selfLoop }) => {
      const first = tasks.reduce((a, b) => (b.row < a.row ? b : a));
      return taskFinding(this, ctx, first, 'dependencies', cycleMessage(tasks, selfLoop));
    });
  },
};
