import { parseRange, quoteSheetName, rangeA1, type CellRange, type DefinedName } from '../cells.js';
import { TIMELINE_NAME } from './edits.js';

/** `'Transition Plan'!$K$4:$AV$28` for the timeline's defined name. */
export function timelineNameRef(sheet: string, area: CellRange): string {
  const abs = rangeA1(area).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  return `${quoteSheetName(sheet)}!${abs}`;
}

/** Where the previous sync drew the timeline on `sheet`, from its defined name; null when none. */
export function previousTimeline(names: readonly DefinedName[], sheet: string): CellRange | null {
  const name = names.find(
    (n) => n.name.toLowerCase() === TIMELINE_NAME.toLowerCase() && n.scope === undefined,
  );
  if (!name) return null;
  const bang = name.ref.lastIndexOf('!');
  if (bang < 0) return null;
  let sheetPart = name.ref.slice(0, bang);
  if (sheetPart.startsWith("'") && sheetPart.endsWith("'"))
    sheetPart = sheetPart.slice(1, -1).replace(/''/g, "'");
  if (sheetPart !== sheet) return null;
  return parseRange(name.ref.slice(bang + 1).replace(/\$/g, ''));
}
