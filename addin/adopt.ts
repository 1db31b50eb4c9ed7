/**
 * "Adopt painted timeline" in Excel, loaded on demand: the same engine as `plan-sync adopt`, on
 * the active sheet, writing the Plan and Adoption review sheets into the open workbook under
 * names no sheet has (never over a sheet of the same name).
 */
import { adoptPaintedSheet, needsReview } from '../core/adopt/adopt.js';
import {
  adoptionSheets,
  freeSheetName,
  gridBlock,
  PLAN_SHEET,
  REVIEW_SHEET,
  type SheetGrid,
} from '../core/adopt/sheets.js';
import type { TemplateSheet } from '../core/template-layout.js';
import { a1 } from '../core/cells.js';
import type { Finding } from '../core/findings.js';
import type { CommandResult } from './commands-api.js';
import type { RunInExcel } from './commands.js';

/** The most cells of a painted sheet the pane reads in one go. */
export const MAX_PAINTED_CELLS = 400_000;

/** A grid as the adapter writes new sheets. */
export function templateOf(grid: SheetGrid): TemplateSheet {
  const { styleTable, ...block } = gridBlock(grid);
  return {
    name: grid.name,
    block,
    styles: styleTable,
    widths: grid.widths,
    freeze: grid.freezeRows > 0 ? { row: grid.freezeRows + 1, col: 1 } : undefined,
    validations: [],
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function adoptActiveSheet(inExcel: RunInExcel): Promise<CommandResult> {
  return inExcel(async (session) => {
    const read = await session.readPaintedSheet(MAX_PAINTED_CELLS);
    if (!read.sheet)
      throw new Error(
        'The active sheet is empty: open the sheet with the painted plan, then try again.',
      );
    const result = adoptPaintedSheet({
      sheet: read.sheet,
      date1904: false,
      fill: (row, col) => read.fills.get(`${row},${col}`) ?? null,
    });
    if (!result.ok)
      throw new Error(
        `${result.reason.charAt(0).toUpperCase()}${result.reason.slice(1)}. Nothing was written.`,
      );
    if (!result.rows.length)
      throw new Error(
        `The timeline on sheet "${result.sheetName}" (row ${result.timeline.row}) has no task rows below it. Nothing was written.`,
      );
    const planSheet = freeSheetName(PLAN_SHEET, read.sheetNames);
    const reviewSheet = freeSheetName(REVIEW_SHEET, [...read.sheetNames, planSheet]);
    const sheets = adoptionSheets(result, {
      planSheet,
      reviewSheet,
      date1904: false,
      source: `sheet "${result.sheetName}"`,
    });
    const { added, skipped } = await session.addSheets([
      templateOf(sheets.plan),
      templateOf(sheets.review),
    ]);
    if (skipped.length)
      throw new Error(
        `Sheet ${skipped.map((s) => `"${s}"`).join(' and ')} appeared while adopting and was left as it is. Try again.`,
      );
    const count = (c: string) => result.rows.filter((r) => r.confidence === c).length;
    const review = result.rows.filter(needsReview);
    const moved =
      planSheet !== PLAN_SHEET ? ` (the workbook already has a sheet "${PLAN_SHEET}")` : '';
    // Rows to check, on the painted sheet, so a click goes to the row.
    const findings: Finding[] = result.rows
      .filter((r) => r.confidence !== 'high')
      .map((r) => ({
        severity: needsReview(r) ? 'warning' : 'info',
        rule: 'adopt-review',
        sheet: result.sheetName,
        cell: a1(r.row, result.taskColumn.col),
        message: `${r.id} "${r.task}": ${r.reasons.join('; ')}.`,
        row: r.row,
      }));
    return {
      findings,
      summary:
        `Adopted ${plural(result.rows.length, 'row')} from "${result.sheetName}" into sheet "${added[0]}"${moved}: ` +
        `${count('high')} high, ${count('medium')} medium, ${count('low')} low confidence, ${count('none')} with nothing inferred. ` +
        (review.length
          ? `${plural(review.length, 'row')} need${review.length === 1 ? 's' : ''} review: see "${added[1]}".`
          : `See "${added[1]}" for how each was read.`),
    };
  });
}
