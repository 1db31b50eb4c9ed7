/**
 * What a sync or an import did, or would do in a dry run, in the words a PMO officer uses: cells,
 * sheets and ranges, in one tense. Package part names are only for --verbose.
 */

import { dayFromYMD, monthAbbr, ukOf } from '../../core/dates.js';
import { plural } from '../../core/format/human.js';
import type { Scale } from '../../core/periods.js';
import type { SyncSummary } from '../../core/sync/plan-sync.js';

export type Tense = 'did' | 'would';

/** `colour` -> `coloured` / `would colour`, chosen once per sentence. */
function verb(tense: Tense, base: string, past: string): string {
  return tense === 'did' ? past : base;
}

/** A period's start as a reader names it: `2 Mar 2020` for a week, `Mar 2020` otherwise. */
function periodLabel(iso: string, scale: Scale): string {
  const [y, m, d] = iso.split('-').map(Number);
  return scale === 'week' ? ukOf(dayFromYMD(y, m, d)!) : `${monthAbbr(m)} ${y}`;
}

/**
 * `colour 60 RAG cells and draw a timeline of 13 months (Mar 2020 to Mar 2021) with
 * 51 bars and 9 milestones on sheet "Plan" (O1:AA61)` (without
 * `would`), or null when no cell changes.
 */
export function describeSync(
  summary: SyncSummary,
  sheet: string,
  tense: Tense,
  normalised: number,
): string | null {
  const done: string[] = [];
  if (summary.ragCells)
    done.push(`${verb(tense, 'colour', 'coloured')} ${plural(summary.ragCells, 'RAG cell')}`);
  if (normalised)
    done.push(`${verb(tense, 'rewrite', 'rewrote')} ${plural(normalised, 'status')} in full`);
  let where = `on sheet "${sheet}"`;
  if (summary.timelineRange && summary.scale) {
    const marks = [
      summary.bars ? plural(summary.bars, 'bar') : '',
      summary.milestones ? plural(summary.milestones, 'milestone') : '',
    ].filter(Boolean);
    done.push(
      `${verb(tense, 'draw', 'drew')} a timeline of ${plural(summary.periods, summary.scale)} (${periodLabel(summary.firstPeriod!, summary.scale)} to ${periodLabel(summary.lastPeriod!, summary.scale)})${marks.length ? ` with ${marks.join(' and ')}` : ''}`,
    );
    where += ` (${summary.timelineRange})`;
  }
  if (!done.length) return null;
  const last = done.pop()!;
  return `${done.length ? `${done.join(', ')} and ${last}` : last} ${where}`;
}

/** `the workbook's cell styles and the hidden name PlanSync_Timeline`, from what changed besides cells. */
export function describeOtherChanges(changes: {
  styles: boolean;
  names: readonly string[];
}): string | null {
  const things: string[] = [];
  if (changes.styles) things.push("the workbook's cell styles");
  if (changes.names.length)
    things.push(
      `the hidden ${changes.names.length === 1 ? 'name' : 'names'} ${changes.names.join(', ')}`,
    );
  return things.length ? `update ${things.join(' and ')}` : null;
}

/** `Parts of the .xlsx package that would change: xl/styles.xml, ...` for --verbose. */
export function partsLine(tense: Tense, parts: readonly string[]): string {
  return parts.length
    ? `Parts of the .xlsx package that ${tense === 'did' ? 'changed' : 'would change'}: ${parts.join(', ')}.`
    : `No part of the .xlsx package ${tense === 'did' ? 'changed' : 'would change'}.`;
}
