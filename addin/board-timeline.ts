/**
 * The pane's Board timeline (loaded on first use): the picture `plan-sync export x.svg` draws,
 * from the same engine calls, inserted as one picture per page on the `Board timeline` sheet;
 * and the same board as an editable slide deck to download (pptxgenjs, loaded only then).
 */

import { layoutBoard, unknownWorkstreams, type BoardLayout } from '../core/board/layout.js';
import { slideNotes } from '../core/board/notes.js';
import { BOARD_SHEET, boardSheetLayout, boardSheetRefusal } from '../core/board/sheet.js';
import { sortFindings } from '../core/findings.js';
import { ukOf } from '../core/dates.js';
import { suggest } from '../core/suggest.js';
import type { BoardDeckFile, BoardRunOptions, CommandResult } from './commands-api.js';
import { counts, plural, type Validated } from './commands.js';
import type { WorkbookSession } from './excel-adapter.js';

/** More pages than a board reads: the summary suggests narrowing to some workstreams. */
const LONG_BOARD = 8;

/**
 * The workstreams typed in the pane: the whole text when it names one, else the names between
 * commas or semicolons. Names that are not the plan's are refused with the closest one.
 */
export function chosenWorkstreams(validated: Validated, typed: string | undefined): string[] {
  const text = (typed ?? '').trim();
  if (!text) return [];
  const plan = validated.plan;
  const whole = unknownWorkstreams(plan, [text]);
  if (!whole.unknown.length) return [text];
  const names = text
    .split(/[;,]/)
    .map((n) => n.trim())
    .filter(Boolean);
  const { unknown, known } = unknownWorkstreams(plan, names);
  if (unknown.length) {
    const close = suggest(unknown[0], known);
    throw new Error(
      `"${unknown[0]}" is not a workstream of this plan${close ? `; did you mean "${close}"?` : '.'} Its workstreams are ${known.map((k) => `"${k}"`).join(', ')}.`,
    );
  }
  return names;
}

/** The board as `plan-sync export` lays it out for the same plan and options. */
export function boardOf(validated: Validated, options: BoardRunOptions): BoardLayout {
  const title = options.title?.trim();
  return layoutBoard(validated.plan, {
    reportDate: validated.reportDate,
    title: title || undefined,
    workstreams: chosenWorkstreams(validated, options.workstreams),
    scale: options.scale,
    page: options.page ?? '16:9',
  });
}

function boardLine(layout: BoardLayout, live: Validated): string {
  const s = layout.summary;
  const notDrawn = s.notDrawn.length
    ? ` ${plural(s.notDrawn.length, 'task')} could not be drawn (listed on the picture).`
    : '';
  return `${plural(s.rows, 'task')} in ${plural(s.workstreams.length, 'workstream')}, ${plural(s.bars, 'bar')}, ${plural(s.milestones, 'milestone')}, as at ${ukOf(live.reportDate)}.${notDrawn}`;
}

/** Inserts the board into the `Board timeline` sheet, replacing the one plan-sync drew before. */
export async function boardTimelineIn(
  session: WorkbookSession,
  live: Validated,
  reportDate: NonNullable<CommandResult['reportDate']>,
  options: BoardRunOptions,
): Promise<CommandResult> {
  const layout = boardOf(live, options);
  const old = await session.readBoardSheet(BOARD_SHEET);
  const refusal = boardSheetRefusal(old.sheet, old.pictureNames);
  if (refusal) throw new Error(refusal);
  const sheet = boardSheetLayout(layout.document, {
    planSheet: live.plan.sheet.name,
    reportDate: live.reportDate,
    rows: layout.summary.rows,
    notDrawn: layout.summary.notDrawn.length,
  });
  await session.writeBoardSheet(sheet, {
    exists: old.sheet !== null,
    pictureNames: old.pictureNames,
  });
  const findings = sortFindings(live.findings);
  const pages = layout.summary.pages;
  const narrow =
    pages > LONG_BOARD && !options.workstreams?.trim()
      ? ' For a shorter board, choose the workstreams to show.'
      : '';
  return {
    findings,
    summary: `Drew the board timeline on sheet "${BOARD_SHEET}" (${plural(pages, 'page')}, one picture each): ${boardLine(layout, live)}${narrow} ${counts(findings)}.`,
    reportDate,
    board: { sheet: BOARD_SHEET, pages },
  };
}

/** The board as an editable slide deck, built in the pane (pptxgenjs loads only now). */
export async function boardDeckOf(
  live: Validated,
  options: BoardRunOptions,
): Promise<BoardDeckFile> {
  const layout = boardOf(live, { ...options, page: options.page ?? '16:9' });
  const { boardDeck } = await import('../sync/export/deck.js');
  const doc = layout.document;
  const bytes = await boardDeck(doc, (i) => slideNotes(doc, i));
  const safe = (live.plan.settings.programmeName ?? 'Board timeline')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return {
    fileName: `${safe || 'Board timeline'} ${layout.summary.reportDate}.pptx`,
    bytes,
    summary: `Made the slide deck: ${plural(layout.summary.pages, 'slide')}, ${boardLine(layout, live)}`,
  };
}
