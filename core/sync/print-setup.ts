/**
 * How the plan sheet prints for a board, when its owner has set no page setup of their own:
 * landscape, every column on one page wide, the header rows and the ID/Task columns repeated on
 * each page, and a footer with the programme, the page number and the report date. Plain data:
 * each host writes it its own way (the .xlsx page setup parts, or Office.js pageLayout).
 */

import { ukOf, type Day } from '../dates.js';
import type { Plan } from '../plan/read.js';

export interface PrintSetup {
  /** A4: without it a workbook asks for US Letter (the schema's default), wrong for UK printers. */
  paper: 'a4';
  orientation: 'landscape';
  /** Pages across (1) and down (0: as many as it takes). */
  fitToWidth: 1;
  fitToHeight: 0;
  /** Rows repeated at the top of each page (the band and header rows). */
  titleRows: { first: number; last: number };
  /** Columns repeated at the left of each page (ID to Task). */
  titleColumns: { first: number; last: number } | null;
  footer: { left: string; centre: string; right: string };
}

/** Marks a footer as plan-sync's: a re-run may replace a page setup with this footer. */
export const FOOTER_MARK = 'Report date ';

export function printSetup(plan: Plan, reportDate: Day, firstRow: number): PrintSetup {
  const cols = [plan.columns.id, plan.columns.task].filter((c): c is number => c !== undefined);
  return {
    paper: 'a4',
    orientation: 'landscape',
    fitToWidth: 1,
    fitToHeight: 0,
    titleRows: { first: Math.min(firstRow, plan.headerRow), last: plan.headerRow },
    titleColumns: cols.length ? { first: Math.min(...cols), last: Math.max(...cols) } : null,
    footer: {
      left: plan.settings.programmeName ?? plan.sheet.name,
      centre: 'Page &P of &N',
      right: `${FOOTER_MARK}${ukOf(reportDate)}`,
    },
  };
}
