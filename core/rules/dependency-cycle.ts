import type { Task } from '../plan/read.js';
import { resolveDependencies } from '../plan/dependencies.js';
import { taskFinding, type Rule } from './rule.js';

/**
 * Strongly connected components (Tarjan, iterative so a 5,000-task chain cannot overflow the
 * stack), on task numbers: arrays, not maps keyed by task objects.
 */
function cycles(
  nodes: readonly Task[],
  links: readonly { successor: Task; predecessor: Task }[],
): { tasks: Task[]; selfLoop: boolean }[] {
  const all = [...nodes];
  const number = new Map<Task, number>();
  all.forEach((t, i) => number.set(t, i));
  const numberOf = (t: Task) => {
    let n = number.get(t);
    if (n === undefined) number.set(t, (n = all.push(t) - 1));
    return n;
  };
  const next: number[][] = [];
  for (const { successor, predecessor } of links) {
    const s = numberOf(successor);
    (next[s] ??= []).push(numberOf(predecessor));
  }
  const count = all.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const result: { tasks: Task[]; selfLoop: boolean }[] = [];
  const none: number[] = [];
  let counter = 0;
  for (let root = 0; root < nodes.length; root++) {
    if (index[root] >= 0) continue;
    const work: { node: number; i: number }[] = [{ node: root, i: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = next[frame.node] ?? none;
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ node: w, i: 0 });
        } else if (onStack[w]) {
          low[frame.node] = Math.min(low[frame.node], index[w]);
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low[parent] = Math.min(low[parent], low[frame.node]);
      }
      if (low[frame.node] === index[frame.node]) {
        const component: Task[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(all[w]);
        } while (w !== frame.node);
        const selfLoop = (next[frame.node] ?? none).includes(frame.node);
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
    // One finding per cycle, at its first task: linear in the size of the plan.
    return cycles(ctx.plan.tasks, resolveDependencies(ctx.plan).links).map(
      ({ tasks, selfLoop }) => {
        const first = tasks.reduce((a, b) => (b.row < a.row ? b : a));
        return taskFinding(this, ctx, first, 'dependencies', cycleMessage(tasks, selfLoop));
      },
    );
  },
};
