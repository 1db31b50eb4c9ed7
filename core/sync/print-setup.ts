/**
 * How the plan sheet prints for a board, when its owner has set no page setup of their own:
 * landscape, every column on one page wide, the header rows and the ID/Task columns repeated on
 * each page, and a footer with the programme, the page number and the report date. Plain data:
 * each host writes it its own way (the .xlsx page setup parts, or Office.js pageLayout).
 */

import { ukOf, type Day } from '../dates.js';
import type { Plan } from '../plan/read.js';
import { maxOf, minOf } from '../arrays.js';

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
    titleColumns: cols.length ? { first: minOf(cols), last: maxOf(cols) } : null,
    footer: {
      left: plan.settings.programmeName ?? plan.sheet.name,
      centre: 'Page &P of &N',
      right: `${FOOTER_MARK}${ukOf(reportDate)}`,
    },
  };
}

/**
 * A sheet's page setup as a host reads it (the pane: Office.js `worksheet.pageLayout`), to tell
 * whether its owner made one.
 */
export interface ObservedPageSetup {
  orientation: 'portrait' | 'landscape';
  /** Percentage scale; null when the sheet is fitted to pages. */
  scale: number | null;
  /** Pages wide and tall when fitted to pages; null otherwise. */
  fitToWidth: number | null;
  fitToHeight: number | null;
  /** The default header and footer sections as Excel holds them (`&P` codes and all). */
  header: { left: string; centre: string; right: string };
  footer: { left: string; centre: string; right: string };
  printTitleRows: boolean;
  printTitleColumns: boolean;
  printArea: boolean;
  /**
   * Headers or footers other than the default set (a different first page, odd and even pages),
   * or ones the host could not read as text. Undefined where the host reads only the default
   * set and writes only that (the pane).
   */
  otherHeadersFooters?: boolean;
}

/**
 * A header or footer string as Excel holds it (`&LLeft&CCentre&RRight`) split into its sections.
 * Text before any section code is centred, as Excel does; `&&` (a literal `&`) and other codes
 * (`&P`, `&"Arial,Bold"`) stay as they are.
 */
export function headerFooterSections(text: string): {
  left: string;
  centre: string;
  right: string;
} {
  const out = { left: '', centre: '', right: '' };
  let section: keyof typeof out = 'centre';
  let from = 0;
  for (let i = text.indexOf('&'); i >= 0 && i < text.length - 1; i = text.indexOf('&', i)) {
    const code = text[i + 1];
    const next = code === 'L' ? 'left' : code === 'C' ? 'centre' : code === 'R' ? 'right' : null;
    if (next) {
      out[section] += text.slice(from, i);
      section = next;
      from = i + 2;
    }
    // A code is two characters; `&&` too, so its second `&` starts nothing.
    i += 2;
  }
  out[section] += text.slice(from);
  return out;
}

/** True when the footer is the one plan-sync sets (its right section holds the report date). */
export function isPlanSyncFooter(footer: ObservedPageSetup['footer']): boolean {
  return footer.right.startsWith(FOOTER_MARK);
}

/**
 * True when the sheet has a page setup its owner made, which plan-sync leaves alone: landscape,
 * a scale other than 100% or fitting to pages, any header or footer text, print titles or a print
 * area, other headers or footers. Margins and paper size do not count (every workbook has them).
 * A setup plan-sync made
 * before (its footer carries the report date) is not the user's: a re-run replaces it.
 */
export function hasOwnPageSetup(o: ObservedPageSetup): boolean {
  if (isPlanSyncFooter(o.footer)) return false;
  const text = [...Object.values(o.header), ...Object.values(o.footer)].some(
    (t) => t.trim() !== '',
  );
  return (
    o.orientation === 'landscape' ||
    (o.scale !== null && o.scale !== 100) ||
    (o.scale === null && (o.fitToWidth !== null || o.fitToHeight !== null)) ||
    text ||
    o.printTitleRows ||
    o.printTitleColumns ||
    o.printArea ||
    o.otherHeadersFooters === true
  );
}

/** Excel keeps at most 255 characters of a header or footer (its three sections and codes). */
const FOOTER_LIMIT = 255;

/**
 * The footer's three sections as Excel's header/footer strings: a literal `&` doubled (`&P` and
 * `&N` in the centre are codes), the programme name shortened so the footer stays within Excel's
 * 255 characters.
 */
export function footerSections(setup: PrintSetup): { left: string; centre: string; right: string } {
  const literal = (t: string) => t.replace(/&/g, '&&');
  const centre = setup.footer.centre;
  const right = literal(setup.footer.right);
  // `&L`, `&C` and `&R` prefixes count too.
  const room = FOOTER_LIMIT - 6 - centre.length - right.length;
  let left = literal(setup.footer.left);
  if (left.length > room) {
    left = left.slice(0, Math.max(0, room - 1));
    // An `&` cut from its pair would start a code.
    if ((/&*$/.exec(left)?.[0].length ?? 0) % 2 === 1) left = left.slice(0, -1);
    left += '…';
  }
  return { left, centre, right };
}
