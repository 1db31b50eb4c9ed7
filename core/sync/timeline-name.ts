import { absoluteRef, parseSheetRef, type CellRange, type DefinedName } from '../cells.js';
import { TIMELINE_NAME } from './edits.js';

/** `'Transition Plan'!$K$4:$AV$28` for the timeline's defined name. */
export function timelineNameRef(sheet: string, area: CellRange): string {
  return absoluteRef(sheet, area);
}

/** The range a workbook-scoped defined name points at on `sheet`, with the name's comment. */
export function namedRange(
  names: readonly DefinedName[],
  name: string,
  sheet: string,
): { range: CellRange | null; comment?: string } {
  const found = names.find(
    (n) => n.name.toLowerCase() === name.toLowerCase() && n.scope === undefined,
  );
  if (!found) return { range: null };
  const ref = parseSheetRef(found.ref);
  const range = ref && ref.sheet.toLowerCase() === sheet.toLowerCase() ? ref.range : null;
  return { range, comment: found.comment };
}

/** Where the previous sync drew the timeline on `sheet`, from its defined name; null when none. */
export function previousTimeline(names: readonly DefinedName[], sheet: string): CellRange | null {
  return namedRange(names, TIMELINE_NAME, sheet).range;
}
