/**
 * The two sheets adoption writes, as plain grids any host can write: `Plan`, in plan-sync's
 * format so validate and sync read it as it is, and `Adoption review`, what was inferred from
 * which cells, how sure, and why.
 */
import { columnLetters } from '../cells.js';
import { serialFromDay, ukOf, type Day } from '../dates.js';
import { RAG_COLOURS, RAG_LABEL } from '../rag.js';
import { StyleTable, type CellBlockData, type CellStyle } from '../sync/edits.js';
import { PLAN_HEADERS } from '../template.js';
import {
  evidenceCells,
  needsReview,
  type AdoptedRow,
  type AdoptResult,
  type Confidence,
} from './adopt.js';
import { maxOf } from '../arrays.js';

export const PLAN_SHEET = 'Plan';
export const REVIEW_SHEET = 'Adoption review';

export interface GridCell {
  value: string | number | null;
  style: CellStyle;
}

export interface SheetGrid {
  name: string;
  /** rows[r][c], 0-based: row 0 is the sheet's row 1. */
  rows: (GridCell | null)[][];
  /** Column widths in characters. */
  widths: number[];
  /** Rows above this one (1-based) stay in view. */
  freezeRows: number;
  /** Heights in points of rows whose wrapped text needs more than one line, by 1-based row. */
  rowHeights?: Map<number, number>;
}

/** A grid as one block of cells with interned styles, the way hosts write new sheets. */
export function gridBlock(grid: SheetGrid): CellBlockData & { styleTable: CellStyle[] } {
  const width = Math.max(1, grid.widths.length, maxOf(grid.rows.map((r) => r.length)));
  const height = Math.max(1, grid.rows.length);
  const table = new StyleTable();
  // Cells share a few style objects: each object is interned once.
  const ids = new Map<CellStyle, number>();
  const styles = new Int32Array(width * height).fill(-1);
  const values = new Map<number, number | string>();
  grid.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      let id = ids.get(cell.style);
      if (id === undefined) ids.set(cell.style, (id = table.id(cell.style)));
      styles[r * width + c] = id;
      if (cell.value !== null && cell.value !== '') values.set(r * width + c, cell.value);
    }),
  );
  return { width, height, styles, values, styleTable: table.styles };
}

const LINE_HEIGHT = 15;

/** Heights for rows with wrapped text longer than its column is wide (readers do not all fit rows). */
export function wrappedRowHeights(grid: SheetGrid): Map<number, number> {
  const out = new Map<number, number>();
  grid.rows.forEach((row, r) => {
    let lines = 1;
    row.forEach((cell, c) => {
      if (!cell?.style.wrap || typeof cell.value !== 'string') return;
      const perLine = Math.max(4, (grid.widths[c] ?? 10) - 2);
      const n = cell.value
        .split('\n')
        .reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0);
      lines = Math.max(lines, n);
    });
    if (lines > 1) out.set(r + 1, Math.min(409, lines * LINE_HEIGHT));
  });
  return out;
}

/**
 * The Plan sheet's columns: the template's, without progress and dependencies, which a painted
 * Gantt does not show (add the columns to track them).
 */
export const PLAN_COLUMNS: readonly string[] = PLAN_HEADERS.filter(
  (h) => h !== '% complete' && h !== 'Depends on',
);

const DATE_FORMAT = 'dd/mm/yyyy';
const HEADER: CellStyle = { bold: true, fill: 'D9D9D9', fontColor: '0B0C0C', wrap: true };
const TEXT: CellStyle = { wrap: true };
const PLAIN: CellStyle = {};
const DATE: CellStyle = { numFmt: DATE_FORMAT, hAlign: 'left' };
const TITLE: CellStyle = { bold: true, fontSize: 14 };

/** A name for a new sheet that no sheet has (Excel compares names case-insensitively). */
export function freeSheetName(wanted: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let k = 1; ; k++) {
    const name = k === 1 ? `${wanted} (adopted)` : `${wanted} (adopted ${k})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** A plan row as written: one per adopted row, and one per milestone of a row with a bar. */
export interface PlanRow {
  id: string;
  workstream: string | null;
  task: string;
  stakeholders: string | null;
  lead: string | null;
  start: Day | null;
  end: Day | null;
  rag: string | null;
  baselineStart: Day | null;
  baselineEnd: Day | null;
  comments: string;
  /** The adopted row it comes from. */
  from: AdoptedRow;
}

function commentOf(row: AdoptedRow, reviewRow: number): string {
  const parts = [...row.notes];
  if (row.confidence !== 'high')
    parts.push(
      `Adopted with ${row.confidence === 'none' ? 'no dates' : `${row.confidence} confidence`}: see Adoption review row ${reviewRow}`,
    );
  return parts.join('. ');
}

/** The plan rows, in the painted sheet's order. `reviewRowOf` gives each row's line on the review sheet. */
export function planRows(
  rows: readonly AdoptedRow[],
  reviewRowOf: (i: number) => number,
): PlanRow[] {
  const out: PlanRow[] = [];
  rows.forEach((row, i) => {
    const painted = row.segments.length > 0 || row.baselineSegments.length > 0;
    const rag = row.ragText ?? (row.ragProposed ? RAG_LABEL[row.ragProposed] : null);
    out.push({
      id: row.id,
      workstream: row.workstream,
      task: row.task,
      stakeholders: row.stakeholders,
      lead: row.lead,
      start: row.start,
      end: row.end,
      rag,
      baselineStart: row.baselineStart,
      baselineEnd: row.baselineEnd,
      comments: commentOf(row, reviewRowOf(i)),
      from: row,
    });
    // A milestone on a row with a bar is a row of its own (a plan row has one start and end).
    if (painted || row.milestones.length > 1) {
      row.milestones.forEach((m, k) => {
        out.push({
          id: `${row.id}.M${k + 1}`,
          workstream: row.workstream,
          task: m.text || `${row.task}: milestone`,
          stakeholders: null,
          lead: row.lead,
          start: m.day,
          end: m.day,
          rag: null,
          baselineStart: null,
          baselineEnd: null,
          comments: `Milestone from "${m.label}" in ${m.cell}`,
          from: row,
        });
      });
    }
  });
  return out;
}

const CONFIDENCE_STYLE: Record<Confidence, CellStyle> = {
  high: { fill: RAG_COLOURS.green.fill, fontColor: RAG_COLOURS.green.text },
  medium: { fill: RAG_COLOURS.amber.fill, fontColor: RAG_COLOURS.amber.text },
  low: { fill: RAG_COLOURS.red.fill, fontColor: RAG_COLOURS.red.text, bold: true },
  none: { fill: RAG_COLOURS.red.fill, fontColor: RAG_COLOURS.red.text, bold: true },
};

export const CONFIDENCE_LABEL: Record<Confidence, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low: review',
  none: 'Nothing inferred: review',
};

type Adopted = Extract<AdoptResult, { ok: true }>;

export interface AdoptionSheets {
  plan: SheetGrid;
  review: SheetGrid;
  planRows: PlanRow[];
}

/** Rows of the review sheet above its table. */
const REVIEW_TABLE_HEADER_ROW = 6;

/**
 * The Plan and Adoption review sheets for an adoption. `source` says where the painted plan is
 * (a file name, or the sheet in the open workbook).
 */
export function adoptionSheets(
  result: Adopted,
  options: { planSheet: string; reviewSheet: string; date1904: boolean; source: string },
): AdoptionSheets {
  const serial = (day: Day | null): GridCell =>
    day === null
      ? { value: null, style: DATE }
      : { value: serialFromDay(day, options.date1904), style: DATE };
  const text = (value: string | null, style: CellStyle = TEXT): GridCell => ({
    value: value || null,
    style,
  });

  const reviewRowOf = (i: number) => REVIEW_TABLE_HEADER_ROW + 1 + i;
  const rows = planRows(result.rows, reviewRowOf);
  const plan: SheetGrid = {
    name: options.planSheet,
    rows: [PLAN_COLUMNS.map((t) => ({ value: t, style: HEADER }))],
    widths: [9, 24, 48, 28, 16, 12, 12, 12, 14, 14, 48],
    freezeRows: 1,
  };
  for (const r of rows) {
    plan.rows.push([
      text(r.id, PLAIN),
      text(r.workstream),
      text(r.task),
      text(r.stakeholders),
      text(r.lead),
      serial(r.start),
      serial(r.end),
      text(r.rag, PLAIN),
      serial(r.baselineStart),
      serial(r.baselineEnd),
      text(r.comments),
    ]);
  }

  const t = result.timeline;
  const first = t.columns[0];
  const last = t.columns[t.columns.length - 1];
  const scaleWord = {
    week: 'weeks',
    month: 'months',
    quarter: 'quarters',
    'day-range': 'date ranges',
  }[t.scale];
  const counts = (c: Confidence) => result.rows.filter((r) => r.confidence === c).length;
  const review: SheetGrid = {
    name: options.reviewSheet,
    rows: [],
    widths: [10, 9, 40, 23, 12, 12, 12, 12, 30, 12, 30, 70],
    freezeRows: REVIEW_TABLE_HEADER_ROW,
  };
  const blocks = t.blocks
    .map((b) =>
      b.role
        ? `columns ${columnLetters(b.columns[0].col)} to ${columnLetters(b.columns[b.columns.length - 1].col)} are the ${b.role === 'baseline' ? 'original (baseline)' : 'current'} timetable ("${b.roleLabel?.text}" in ${b.roleLabel?.cell})`
        : '',
    )
    .filter(Boolean)
    .join('; ');
  const legend = result.legend
    .map(
      (l) =>
        `#${l.colour} is the ${l.role === 'baseline' ? 'original (baseline)' : 'current'} timetable ("${l.text}" in ${l.cell})`,
    )
    .join('; ');
  review.rows.push([text(`Adoption review: ${options.source}`, TITLE)]);
  review.rows.push([
    text(
      `Timeline: row ${t.row}, columns ${columnLetters(first.col)} to ${columnLetters(last.col)} (${first.label} to ${last.label}, ${t.columns.length} ${scaleWord}). Task text: column ${columnLetters(result.taskColumn.col)} (${result.taskColumn.how}).`,
      PLAIN,
    ),
  ]);
  review.rows.push([
    text(
      blocks || legend
        ? `Timetables: ${[blocks, legend].filter(Boolean).join('; ')}.`
        : 'Timetables: no legend or labelled blocks found, so every painted cell is read as the current timetable.',
      PLAIN,
    ),
  ]);
  review.rows.push([
    text(
      `${result.rows.length} rows adopted into sheet "${options.planSheet}": ${counts('high')} high, ${counts('medium')} medium, ${counts('low')} low confidence, ${counts('none')} with nothing inferred.${result.prefixedIds ? ' Numbering starts again in each workstream, so IDs begin with the workstream number.' : ''} Dates are proposals: check the rows marked for review.`,
      PLAIN,
    ),
  ]);
  review.rows.push([]);
  review.rows.push(
    [
      'Sheet row',
      'ID',
      'Task',
      'Confidence',
      'Start',
      'End',
      'Baseline start',
      'Baseline end',
      'Milestones',
      'RAG proposed',
      'From cells',
      'Why, and what to check',
    ].map((v) => ({ value: v, style: HEADER })),
  );
  for (const r of result.rows) {
    review.rows.push([
      { value: r.row, style: { hAlign: 'left' } },
      text(r.id, PLAIN),
      text(r.task),
      { value: CONFIDENCE_LABEL[r.confidence], style: CONFIDENCE_STYLE[r.confidence] },
      serial(r.start),
      serial(r.end),
      serial(r.baselineStart),
      serial(r.baselineEnd),
      text(r.milestones.map((m) => `${ukOf(m.day)}${m.text ? ` ${m.text}` : ''}`).join('; ')),
      text(
        r.ragText ? `${r.ragText} (typed)` : r.ragProposed ? RAG_LABEL[r.ragProposed] : null,
        PLAIN,
      ),
      text(`${result.sheetName}: ${evidenceCells(r) || 'none'}`),
      text(r.reasons.join('. ') + (needsReview(r) ? '. Needs review.' : '')),
    ]);
  }
  plan.rowHeights = wrappedRowHeights(plan);
  review.rowHeights = wrappedRowHeights(review);
  return { plan, review, planRows: rows };
}
