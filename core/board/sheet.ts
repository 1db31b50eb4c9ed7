/**
 * The `Board timeline` sheet the task pane makes: the board picture (./layout.ts, drawn as
 * ./svg.ts draws it for `plan-sync export x.svg`) inserted one picture per page, stacked down the
 * sheet under a title. Plain data: where each picture goes and what the cells say; the pane's
 * adapter writes it, and decides with `boardSheetRefusal` whether it may replace the sheet.
 */

import { cellValue, isBlank, rowsWithCells, type SheetData } from '../cells.js';
import { ukOf, type Day } from '../dates.js';
import { textOf } from '../plan/fields.js';
import type { BoardDocument } from './drawing.js';
import { boardSvg } from './svg.js';

export const BOARD_SHEET = 'Board timeline';
/** Every picture plan-sync puts on the sheet is named so: `plan-sync board page 1`... */
export const BOARD_PICTURE_PREFIX = 'plan-sync board page ';
/** The heading in A1 begins so, and A2 says who drew it: how a re-run knows the sheet is ours. */
const TITLE_MARK = 'Board timeline: ';
const DRAWN_MARK = 'Drawn by plan-sync';
/** Every row of the sheet is given this height (points), so pictures and title rows line up. */
export const BOARD_ROW_HEIGHT = 15;

export interface BoardPicture {
  /** The shape's name (BOARD_PICTURE_PREFIX and the page number). */
  name: string;
  /** The page alone, as an SVG document (what `shapes.addSvg` takes). */
  svg: string;
  /** Row (1-based) of the page's heading cell in column A; the picture starts on the row below. */
  headingRow: number;
  heading: string;
  /** Position and size in points from the sheet's top-left corner. */
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface BoardSheetLayout {
  name: string;
  /** A1 and A2. */
  title: string;
  note: string;
  pictures: BoardPicture[];
  /** Rows the sheet uses (each BOARD_ROW_HEIGHT tall). */
  rows: number;
}

const LEFT = 6;

/**
 * Where each page goes: a heading row, then the picture over as many rows as it is tall, then a
 * blank row. Pictures keep the page's size in points (text no smaller than on the slide).
 */
export function boardSheetLayout(
  doc: BoardDocument,
  info: { planSheet: string; reportDate: Day; rows: number; notDrawn: number },
): BoardSheetLayout {
  const n = doc.pages.length;
  const pictures: BoardPicture[] = [];
  let row = 4;
  doc.pages.forEach((page, i) => {
    const pageRows = Math.ceil(page.height / BOARD_ROW_HEIGHT);
    pictures.push({
      name: `${BOARD_PICTURE_PREFIX}${i + 1}`,
      svg: boardSvg(doc, [page], i + 1),
      headingRow: row,
      heading: n === 1 ? doc.title : `Page ${i + 1} of ${n}`,
      left: LEFT,
      top: row * BOARD_ROW_HEIGHT,
      width: page.width,
      height: page.height,
    });
    row += 1 + pageRows + 1;
  });
  const tasks = `${info.rows} task${info.rows === 1 ? '' : 's'}`;
  const missing = info.notDrawn
    ? `; ${info.notDrawn} could not be drawn and ${info.notDrawn === 1 ? 'is' : 'are'} listed on the picture`
    : '';
  return {
    name: BOARD_SHEET,
    title: `${TITLE_MARK}${doc.title}, as at ${ukOf(info.reportDate)}`,
    note: `${DRAWN_MARK} from sheet "${info.planSheet}": ${tasks} on ${n} page${n === 1 ? '' : 's'}${missing}. Run Board timeline again to redraw it; changes made on this sheet are replaced.`,
    pictures,
    rows: row,
  };
}

/**
 * True when the sheet called `Board timeline` is one plan-sync made: A1 and A2 as it writes them
 * and every picture on it one of its own. An empty sheet (no values, no pictures) has nothing to
 * lose.
 */
export function isOwnBoardSheet(sheet: SheetData, pictureNames: readonly string[]): boolean {
  const ours = pictureNames.every((n) => n.startsWith(BOARD_PICTURE_PREFIX));
  const hasValues = [...rowsWithCells(sheet)].some((r) =>
    sheet.cells[r]?.some((c) => c !== undefined && !isBlank(c.value)),
  );
  if (!hasValues) return ours;
  const a1 = textOf(cellValue(sheet, 1, 1)) ?? '';
  const a2 = textOf(cellValue(sheet, 2, 1)) ?? '';
  return ours && a1.startsWith(TITLE_MARK) && a2.startsWith(DRAWN_MARK);
}

/**
 * Why the pane must not replace the `Board timeline` sheet: it is the user's own sheet of that
 * name, or protected; null when it may (or there is no such sheet).
 */
export function boardSheetRefusal(
  sheet: SheetData | null,
  pictureNames: readonly string[],
): string | null {
  if (!sheet) return null;
  if (!isOwnBoardSheet(sheet, pictureNames))
    return `Sheet "${sheet.name}" is not one plan-sync made, and Board timeline draws the picture on a sheet of that name (replacing what is on it). Rename your sheet (or move it to another workbook), then try again; nothing was changed.`;
  if (sheet.protected)
    return `Sheet "${sheet.name}" is protected, and plan-sync redraws it each time. Unprotect it in Excel (Review > Unprotect Sheet), then try again; nothing was changed.`;
  return null;
}
