/**
 * A full garbage collection at a point where a large run has just let go of most of what it
 * held (the cell grid and the validated plan, once the edits are made). V8 would collect it only
 * when the heap next reaches a limit it set early in the run, after the next step had grown the
 * heap on top of it: a peak of memory held for nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collects garbage now (V8's `gc`, exposed once); does nothing where that is not possible. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const exposed: unknown = runInNewContext('gc');
      gc = typeof exposed === 'function' ? (exposed as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
