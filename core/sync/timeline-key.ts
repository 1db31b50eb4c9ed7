/**
 * The key beside the workbook timeline: what each colour and mark means, in cells the tool owns
 * (a swatch cell, then its label running over the blank cells to its right), and the label of the
 * report date in the band above the timeline.
 */

import { ukOf, type Day } from '../dates.js';
import {
  NO_STATUS_BAR,
  outlineFor,
  RAG_COLOURS,
  RAG_LABEL,
  REPORT_DATE_COLOUR,
  RAG_STATUSES,
  type RagStatus,
} from '../rag.js';
import { MILESTONE_MARKER, NOT_DRAWN_MARKER, type CellStyle } from './edits.js';

/** Columns right of the periods: a blank gap, the swatch, the label and two for it to run over. */
export const KEY_COLUMNS = 5;
/** Where the key's swatches are, counted from the first column after the periods. */
export const KEY_SWATCH = 1;
export const KEY_TITLE = 'Key';
/** Baselines: a thick bottom border in a dark grey across the original periods. */
export const BASELINE_BORDER = '3D4245';

export const BASELINE_STYLE: Pick<CellStyle, 'borderBottom' | 'borderBottomThick'> = {
  borderBottom: BASELINE_BORDER,
  borderBottomThick: true,
};

/** A milestone's mark: the diamond in its status colour (dark enough to see), large and bold. */
export function milestoneStyle(status: RagStatus | null): CellStyle {
  const colour = status ? RAG_COLOURS[status].bar : NO_STATUS_BAR;
  return { fontColor: outlineFor(colour), bold: true, fontSize: 14, hAlign: 'center' };
}

export function reportDateLabel(day: Day): string {
  return `Report date ${ukOf(day)}`;
}

export interface KeyEntry {
  /** What the swatch cell holds (a mark), if anything. */
  mark: string | null;
  swatch: CellStyle;
  label: string;
}

export interface KeyContents {
  /** Statuses that have a bar or milestone, and whether a task without one does. */
  statuses: ReadonlySet<RagStatus | null>;
  milestones: boolean;
  baselines: boolean;
  notDrawn: boolean;
  reportDate: Day;
  notDrawnStyle: CellStyle;
}

/** The key's rows, in the order a reader meets them on the timeline. */
export function keyEntries(c: KeyContents): KeyEntry[] {
  const entries: KeyEntry[] = [];
  for (const s of [...RAG_STATUSES, null]) {
    if (!c.statuses.has(s)) continue;
    entries.push({
      mark: null,
      swatch: { fill: s ? RAG_COLOURS[s].bar : NO_STATUS_BAR },
      label: s ? RAG_LABEL[s] : 'No status',
    });
  }
  if (c.milestones)
    entries.push({ mark: MILESTONE_MARKER, swatch: milestoneStyle(null), label: 'Milestone' });
  if (c.baselines)
    entries.push({ mark: null, swatch: { ...BASELINE_STYLE }, label: 'Baseline (original dates)' });
  entries.push({
    mark: null,
    swatch: { borderLeft: REPORT_DATE_COLOUR, borderRight: REPORT_DATE_COLOUR },
    label: reportDateLabel(c.reportDate),
  });
  if (c.notDrawn)
    entries.push({
      mark: NOT_DRAWN_MARKER,
      swatch: c.notDrawnStyle,
      label: 'Cannot be drawn (see the row)',
    });
  return entries;
}

const KEY_LABELS = new Set([
  KEY_TITLE,
  ...Object.values(RAG_LABEL),
  'No status',
  'Milestone',
  'Baseline (original dates)',
  'Cannot be drawn (see the row)',
  MILESTONE_MARKER,
  NOT_DRAWN_MARKER,
]);

/** Text a previous sync wrote in the key or the band: a re-run may replace it. */
export function isKeyText(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    (KEY_LABELS.has(value) || /Report date \d{1,2} [A-Z][a-z]{2} \d{4}$/.test(value))
  );
}
