import { namedRange, type CellRange, type DefinedName } from '../cells.js';
import { TIMELINE_NAME } from './edits.js';

/** Where the previous sync drew the timeline on `sheet`, from its defined name; null when none. */
export function previousTimeline(names: readonly DefinedName[], sheet: string): CellRange | null {
  return namedRange(names, TIMELINE_NAME, sheet).range;
}
