/**
 * Adoption: a plan with dates inferred from a hand-painted Gantt. Pure: a sheet's cells and the
 * fill colour of each cell in, proposed plan rows with their evidence and confidence out.
 */
import { a1, columnLetters, rangeA1, type SheetData } from '../cells.js';
import { dayFromSerial, isDateFormat, ukOf, ymdOf, type Day } from '../dates.js';
import { columnKeyOf, type ColumnKey } from '../plan/columns.js';
import { parseRag, RAG_LABEL, type RagStatus } from '../rag.js';
import { colourDistance, isPaint, ragOfColour, SAME_PAINT } from './colours.js';
import { isNearColumn, readLabel } from './labels.js';
import {
  findTimeline,
  roleOfText,
  TIMELINE_LOOKED_FOR,
  type SeriesRole,
  type Timeline,
  type TimelineColumn,
} from './timeline.js';
import { maxOf, minOf } from '../arrays.js';

export interface PaintedSheet {
  sheet: SheetData;
  date1904: boolean;
  /** The `RRGGBB` fill a cell shows; null when it has none. */
  fill(row: number, col: number): string | null;
}

export type Confidence = 'high' | 'medium' | 'low' | 'none';

export interface Segment {
  start: Day;
  end: Day;
  /** The painted cells, e.g. `F7:H7`. */
  cells: string;
}

export interface Milestone {
  day: Day;
  /** The label without its date (`Go Live`). */
  text: string;
  /** The label as typed and its cell. */
  label: string;
  cell: string;
}

export interface AdoptedRow {
  /** The row of the painted sheet. */
  row: number;
  id: string;
  /** Where the ID came from. */
  idFrom: 'column' | 'numbering' | 'row';
  workstream: string | null;
  task: string;
  stakeholders: string | null;
  lead: string | null;
  start: Day | null;
  end: Day | null;
  baselineStart: Day | null;
  baselineEnd: Day | null;
  /** The current timetable's painted runs, in order (more than one: the row has gaps). */
  segments: Segment[];
  baselineSegments: Segment[];
  milestones: Milestone[];
  /** RAG as typed in a RAG column, kept as written. */
  ragText: string | null;
  /** RAG proposed from the fill colour (only when there is no RAG column value). */
  ragProposed: RagStatus | null;
  /** Labels that are not dates, and notes on what was inferred, for the Comments column. */
  notes: string[];
  confidence: Confidence;
  /** Why this confidence, and anything to check, in plain words. */
  reasons: string[];
}

export interface LegendEntry {
  colour: string;
  role: SeriesRole;
  text: string;
  cell: string;
}

export type AdoptResult =
  | { ok: false; reason: string }
  | {
      ok: true;
      sheetName: string;
      timeline: Timeline;
      legend: LegendEntry[];
      /** The column of task text, and how it was chosen. */
      taskColumn: { col: number; how: string };
      /** Workstream heading rows. */
      headings: { row: number; text: string }[];
      rows: AdoptedRow[];
      /** IDs were prefixed with the workstream number because numbering restarts. */
      prefixedIds: boolean;
    };

const ENUM_NUMBER = /^\s*(\d{1,3})\s*[.)]\s*(?=\S)/;
const ENUM_LETTER = /^\s*\(?([a-z])\s*[.)]\s+(?=\S)/;
const ENUM_DOTTED = /^\s*(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)/;
const ENUM_ONLY = /^\s*(?:\d{1,3}(?:\.\d{1,3})*|\(?[a-z]|[ivx]{1,4})\s*[.)]?\s*$/i;

type Enumerator =
  | { kind: 'number'; n: string; rest: string }
  | { kind: 'letter'; letter: string; rest: string }
  | { kind: 'dotted'; id: string; rest: string };

/** A leading `1.`, `a.`, `(b)` or `2.3` and the text after it. */
export function readEnumerator(text: string): Enumerator | null {
  let m = ENUM_DOTTED.exec(text);
  if (m) return { kind: 'dotted', id: m[1], rest: text.slice(m[0].length).trim() };
  m = ENUM_NUMBER.exec(text);
  if (m) return { kind: 'number', n: String(Number(m[1])), rest: text.slice(m[0].length).trim() };
  m = ENUM_LETTER.exec(text);
  if (m) return { kind: 'letter', letter: m[1], rest: text.slice(m[0].length).trim() };
  return null;
}

function textOf(sheet: SheetData, row: number, col: number): string {
  const v = sheet.cells[row]?.[col]?.value;
  if (v === null || v === undefined || typeof v === 'object') return '';
  return String(v).replace(/\s+/g, ' ').trim();
}

/** The headers of the text columns: aliases the plan reader knows, near the timeline's header row. */
function aliasColumns(sheet: SheetData, timeline: Timeline): Map<ColumnKey, number> {
  const found = new Map<ColumnKey, number>();
  const first = timeline.columns[0].col;
  for (let r = timeline.row; r >= Math.max(1, timeline.row - 3); r--) {
    for (let c = 1; c < first; c++) {
      const t = textOf(sheet, r, c);
      if (!t) continue;
      const hit = columnKeyOf(t) ?? columnKeyOf(t.split(/\s*[/\n]\s*/)[0]);
      if (hit && !found.has(hit.key)) found.set(hit.key, c);
    }
  }
  return found;
}

interface Layout {
  task: { col: number; how: string };
  id?: number;
  enumerator?: number;
  workstream?: number;
  stakeholders?: number;
  lead?: number;
  rag?: number;
}

function chooseColumns(sheet: SheetData, timeline: Timeline, lastRow: number): Layout {
  const aliases = aliasColumns(sheet, timeline);
  const first = timeline.columns[0].col;
  const totals = new Map<number, { length: number; filled: number; enumOnly: number }>();
  for (let r = timeline.row + 1; r <= lastRow; r++) {
    for (let c = 1; c < first; c++) {
      const t = textOf(sheet, r, c);
      if (!t) continue;
      const entry = totals.get(c) ?? { length: 0, filled: 0, enumOnly: 0 };
      entry.length += t.length;
      entry.filled += 1;
      if (ENUM_ONLY.test(t)) entry.enumOnly += 1;
      totals.set(c, entry);
    }
  }
  const enumerator = [...totals].find(
    ([c, e]) => e.enumOnly >= 0.8 * e.filled && !aliases.has('task') && c,
  )?.[0];
  const taken = new Set([...aliases.values()]);
  let task: Layout['task'];
  const aliasTask = aliases.get('task');
  if (aliasTask !== undefined) {
    task = { col: aliasTask, how: `titled "${textOf(sheet, timeline.row, aliasTask) || 'Task'}"` };
    for (let r = timeline.row; r >= timeline.row - 3 && r >= 1; r--) {
      const t = textOf(sheet, r, aliasTask);
      if (t && columnKeyOf(t.split(/\s*[/\n]\s*/)[0])) {
        task.how = `titled "${t}" in ${a1(r, aliasTask)}`;
        break;
      }
    }
  } else {
    let best: [number, number] | null = null;
    for (const [c, e] of totals) {
      if (c === enumerator || taken.has(c)) continue;
      if (!best || e.length > best[1]) best = [c, e.length];
    }
    task = {
      col: best ? best[0] : Math.max(1, first - 1),
      how: 'the widest text column left of the timeline',
    };
  }
  const layout: Layout = {
    task,
    id: aliases.get('id'),
    enumerator: aliases.has('id') ? undefined : enumerator,
    workstream: aliases.get('workstream'),
    stakeholders: aliases.get('stakeholders'),
    lead: aliases.get('lead'),
    rag: aliases.get('rag'),
  };
  if (layout.workstream === undefined) {
    // A sparse text column left of the tasks is the workstream, written once per group.
    const taskFilled = totals.get(task.col)?.filled ?? 0;
    for (let c = 1; c < task.col; c++) {
      const e = totals.get(c);
      if (!e || c === layout.enumerator || c === layout.id || taken.has(c)) continue;
      if (e.filled <= taskFilled * 0.5 && e.enumOnly < e.filled) {
        layout.workstream = c;
        break;
      }
    }
  }
  return layout;
}

interface PaintedCell {
  col: number;
  index: number;
  colour: string;
}

/** Groups colours that are the same paint (within SAME_PAINT), keeping the first seen of each. */
function clusterOf(colours: string[], colour: string): string {
  for (const c of colours) if (colourDistance(c, colour) <= SAME_PAINT) return c;
  colours.push(colour);
  return colour;
}

/** Legend cells: `Original planned timetable` beside (or on) a painted cell, outside task rows. */
function findLegend(
  input: PaintedSheet,
  timeline: Timeline,
  taskRows: ReadonlySet<number>,
): LegendEntry[] {
  const { sheet } = input;
  const legend: LegendEntry[] = [];
  for (const key in sheet.cells) {
    const r = Number(key);
    if (taskRows.has(r) || r === timeline.row) continue;
    const cells = sheet.cells[r];
    for (const ckey in cells) {
      const c = Number(ckey);
      const t = textOf(sheet, r, c);
      if (!t || t.length > 80) continue;
      const role = roleOfText(t);
      if (!role) continue;
      let colour = input.fill(r, c);
      if (!isPaint(colour)) {
        colour = null;
        for (const n of [c - 1, c + 1, c - 2, c + 2]) {
          if (n < 1) continue;
          const f = input.fill(r, n);
          if (isPaint(f) && !textOf(sheet, r, n)) {
            colour = f;
            break;
          }
        }
      }
      if (colour && !legend.some((l) => colourDistance(l.colour, colour) <= SAME_PAINT))
        legend.push({ colour, role, text: t, cell: a1(r, c) });
    }
  }
  return legend;
}

/** A legend entry naming a status: `Red`, `Complete` beside (or on) a painted swatch. */
export interface RagLegendEntry {
  colour: string;
  status: RagStatus;
  text: string;
  cell: string;
}

/** Legend cells naming a RAG status beside (or on) a painted cell, outside task rows. */
function findRagLegend(
  input: PaintedSheet,
  timeline: Timeline,
  taskRows: ReadonlySet<number>,
): RagLegendEntry[] {
  const { sheet } = input;
  const out: RagLegendEntry[] = [];
  for (const key in sheet.cells) {
    const r = Number(key);
    if (taskRows.has(r) || r === timeline.row) continue;
    for (const ckey in sheet.cells[r]) {
      const c = Number(ckey);
      const t = textOf(sheet, r, c);
      if (!t || t.length > 40) continue;
      const parsed = parseRag(t.replace(/\s*[(:–—-].*$/, ''));
      if (parsed.kind !== 'status') continue;
      let colour = input.fill(r, c);
      if (!isPaint(colour)) {
        colour = null;
        for (const n of [c - 1, c + 1]) {
          if (n < 1) continue;
          const f = input.fill(r, n);
          if (isPaint(f) && !textOf(sheet, r, n)) {
            colour = f;
            break;
          }
        }
      }
      if (colour && !out.some((l) => colourDistance(l.colour, colour) <= SAME_PAINT))
        out.push({ colour, status: parsed.status, text: t, cell: a1(r, c) });
    }
  }
  return out;
}

/** Runs of consecutive timeline columns. */
function segmentsOf(row: number, painted: PaintedCell[], columns: TimelineColumn[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < painted.length) {
    let j = i;
    while (j + 1 < painted.length && painted[j + 1].index === painted[j].index + 1) j++;
    const from = columns[painted[i].index];
    const to = columns[painted[j].index];
    out.push({
      start: from.start,
      end: to.end,
      cells: rangeA1({ top: row, bottom: row, left: from.col, right: to.col }),
    });
    i = j + 1;
  }
  return out;
}

function periodsText(columns: TimelineColumn[], seg: Segment): string {
  const first = columns.find((c) => c.start === seg.start);
  const last = [...columns].reverse().find((c) => c.end === seg.end);
  if (!first || !last) return `${ukOf(seg.start)} to ${ukOf(seg.end)}`;
  return first === last ? first.label : `${first.label} to ${last.label}`;
}

/**
 * The fill a cell shows: in a merged range, the top-left cell's fill shows over the whole range
 * (a bar painted as one merged cell paints every period it covers).
 */
function withMerges(input: PaintedSheet): PaintedSheet {
  const merges = input.sheet.merges ?? [];
  if (!merges.length) return input;
  const byRow = new Map<number, { left: number; right: number; top: number; from: number }[]>();
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      let list = byRow.get(r);
      if (!list) byRow.set(r, (list = []));
      list.push({ left: m.left, right: m.right, top: m.top, from: m.left });
    }
  }
  return {
    ...input,
    fill(row, col) {
      const m = byRow.get(row)?.find((x) => col >= x.left && col <= x.right);
      return m ? input.fill(m.top, m.from) : input.fill(row, col);
    },
  };
}

/** Infers a plan from the painted sheet. */
export function adoptPaintedSheet(painted: PaintedSheet): AdoptResult {
  const input = withMerges(painted);
  const { sheet } = input;
  const timeline = findTimeline(sheet, input.date1904);
  if (!timeline) {
    return {
      ok: false,
      reason: `no painted timeline found on sheet "${sheet.name}": looked for ${TIMELINE_LOOKED_FOR}`,
    };
  }
  const columns = timeline.columns;
  const blockOfIndex: number[] = [];
  timeline.blocks.forEach((b, k) => b.columns.forEach(() => blockOfIndex.push(k)));
  const lastRow = sheet.maxRow;

  // Anything in the timeline area of a row: paint, or a label.
  const paintOf = (r: number): PaintedCell[] => {
    const out: PaintedCell[] = [];
    columns.forEach((c, index) => {
      const f = input.fill(r, c.col);
      if (isPaint(f)) out.push({ col: c.col, index, colour: f });
    });
    return out;
  };
  const labelsOf = (r: number): { col: number; index: number; text: string; day?: Day }[] => {
    const out: { col: number; index: number; text: string; day?: Day }[] = [];
    columns.forEach((c, index) => {
      const t = textOf(sheet, r, c.col);
      if (t) out.push({ col: c.col, index, text: t });
    });
    return out;
  };

  const layout = chooseColumns(sheet, timeline, lastRow);
  const timelineFirst = columns[0].col;

  interface Draft {
    row: number;
    text: string;
    enumerator: Enumerator | null;
    painted: PaintedCell[];
    labels: ReturnType<typeof labelsOf>;
  }
  const drafts: Draft[] = [];
  const headings: { row: number; text: string }[] = [];
  let currentHeading: string | null = null;
  let workstreamValue: string | null = null;
  const workstreamOfRow = new Map<number, string | null>();
  const hasEnumerated = (() => {
    for (let r = timeline.row + 1; r <= lastRow; r++) {
      const t = textOf(sheet, r, layout.task.col);
      const e = layout.enumerator !== undefined ? textOf(sheet, r, layout.enumerator) : '';
      if (readEnumerator(t) || (e && ENUM_ONLY.test(e))) return true;
    }
    return false;
  })();

  for (let r = timeline.row + 1; r <= lastRow; r++) {
    if (!sheet.cells[r]) continue;
    let text = textOf(sheet, r, layout.task.col);
    const enumText = layout.enumerator !== undefined ? textOf(sheet, r, layout.enumerator) : '';
    if (enumText && text && !readEnumerator(text))
      text = `${enumText.replace(/\s*[.)]?\s*$/, '.')} ${text}`;
    const painted = paintOf(r);
    const labels = labelsOf(r);
    if (layout.workstream !== undefined) {
      const ws = textOf(sheet, r, layout.workstream);
      if (ws) workstreamValue = ws;
    }
    const enumerator = text ? readEnumerator(text) : null;
    const leftText =
      text ||
      (() => {
        for (let c = 1; c < timelineFirst; c++) {
          if (c === layout.workstream || c === layout.stakeholders || c === layout.lead) continue;
          const t = textOf(sheet, r, c);
          if (t) return t;
        }
        return '';
      })();
    const empty = painted.length === 0 && labels.length === 0;
    if (
      empty &&
      leftText &&
      !enumerator &&
      layout.workstream === undefined &&
      (hasEnumerated || !text)
    ) {
      headings.push({ row: r, text: leftText });
      currentHeading = leftText;
      continue;
    }
    if (!text && empty) continue; // a continuation line (more stakeholders), or nothing at all
    workstreamOfRow.set(r, layout.workstream !== undefined ? workstreamValue : currentHeading);
    drafts.push({ row: r, text, enumerator, painted, labels });
  }

  const taskRows = new Set(drafts.map((d) => d.row));
  const legend = findLegend(input, timeline, taskRows);
  const legendRole = (colour: string): LegendEntry | undefined =>
    legend.find((l) => colourDistance(l.colour, colour) <= SAME_PAINT);
  const ragLegend = findRagLegend(input, timeline, taskRows);
  const ragLegendOf = (colour: string): RagLegendEntry | undefined =>
    ragLegend.find((l) => colourDistance(l.colour, colour) <= SAME_PAINT);

  // The bar colour: a colour that paints most painted rows says nothing about their status.
  const mainColourOf = (painted: PaintedCell[], colours: string[]): string | null => {
    const counts = new Map<string, number>();
    for (const p of painted) {
      const k = clusterOf(colours, p.colour);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts.size ? [...counts].sort((a, b) => b[1] - a[1])[0][0] : null;
  };
  const sheetColours: string[] = [];
  const rowsOfColour = new Map<string, number>();
  let paintedRows = 0;
  for (const d of drafts) {
    const main = mainColourOf(d.painted, sheetColours);
    if (main === null) continue;
    paintedRows++;
    rowsOfColour.set(main, (rowsOfColour.get(main) ?? 0) + 1);
  }
  const isBarColour = (colour: string): boolean => {
    const k = clusterOf(sheetColours, colour);
    return (rowsOfColour.get(k) ?? 0) * 2 > paintedRows;
  };

  // IDs: an ID column, else the numbering (`2.a` under `2.`), else the row.
  const ids: string[] = [];
  const idFrom: AdoptedRow['idFrom'][] = [];
  let parent: string | null = null;
  const topLevel = new Map<string, number>();
  let restarts = false;
  const groupOf: number[] = [];
  let group = 0;
  let lastHeading: string | null | undefined;
  for (const d of drafts) {
    const heading = workstreamOfRow.get(d.row) ?? null;
    if (heading !== lastHeading) {
      group++;
      lastHeading = heading;
      parent = null;
    }
    groupOf.push(group);
    const explicit = layout.id !== undefined ? textOf(sheet, d.row, layout.id) : '';
    if (explicit) {
      ids.push(explicit);
      idFrom.push('column');
      continue;
    }
    const e = d.enumerator;
    if (e?.kind === 'number') {
      parent = e.n;
      if (topLevel.has(e.n) && topLevel.get(e.n) !== group) restarts = true;
      topLevel.set(e.n, group);
      ids.push(e.n);
      idFrom.push('numbering');
    } else if (e?.kind === 'letter') {
      ids.push(parent ? `${parent}.${e.letter}` : e.letter);
      idFrom.push('numbering');
    } else if (e?.kind === 'dotted') {
      ids.push(e.id);
      idFrom.push('numbering');
    } else {
      ids.push(`R${d.row}`);
      idFrom.push('row');
    }
  }
  if (restarts) {
    // Numbering starts again in each workstream: prefix the workstream's number to keep IDs unique.
    const groups = [...new Set(groupOf)];
    drafts.forEach((_, i) => {
      if (idFrom[i] === 'numbering') ids[i] = `${groups.indexOf(groupOf[i]) + 1}.${ids[i]}`;
    });
  }
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const n = (seen.get(id.toLowerCase()) ?? 0) + 1;
    seen.set(id.toLowerCase(), n);
    if (n > 1) ids[i] = `${id}-${n}`;
  });

  const rows: AdoptedRow[] = drafts.map((d, i) => {
    const reasons: string[] = [];
    const notes: string[] = [];
    const stake =
      layout.stakeholders !== undefined ? textOf(sheet, d.row, layout.stakeholders) : '';
    const lead = layout.lead !== undefined ? textOf(sheet, d.row, layout.lead) : '';
    const ragText = layout.rag !== undefined ? textOf(sheet, d.row, layout.rag) : '';
    let task = d.enumerator ? d.enumerator.rest : d.text;
    if (!task) {
      task = `(no task text, row ${d.row})`;
      reasons.push(
        `row ${d.row} has paint but no task text in column ${columnLetters(layout.task.col)}`,
      );
    }

    // Series: a named block, a legend colour, else the current timetable.
    const current: PaintedCell[] = [];
    const baseline: PaintedCell[] = [];
    const colours: string[] = [];
    const unknownColours = new Set<string>();
    for (const p of d.painted) {
      const cluster = clusterOf(colours, p.colour);
      const block = timeline.blocks[blockOfIndex[p.index]];
      let role: SeriesRole = 'current';
      if (block.role) role = block.role;
      else if (legend.length) {
        const entry = legendRole(p.colour);
        if (entry) role = entry.role;
        else unknownColours.add(cluster);
      }
      (role === 'baseline' ? baseline : current).push(p);
    }
    const usedColours = colours.length;
    let confidence: Confidence = 'high';
    const lower = (to: Confidence) => {
      const order: Confidence[] = ['high', 'medium', 'low', 'none'];
      if (order.indexOf(to) > order.indexOf(confidence)) confidence = to;
    };

    const segments = segmentsOf(d.row, current, columns);
    const baselineSegments = segmentsOf(d.row, baseline, columns);
    let start: Day | null = segments.length ? segments[0].start : null;
    let end: Day | null = segments.length ? segments[segments.length - 1].end : null;
    const baselineStart = baselineSegments.length ? baselineSegments[0].start : null;
    const baselineEnd = baselineSegments.length
      ? baselineSegments[baselineSegments.length - 1].end
      : null;

    if (segments.length > 1) {
      lower('medium');
      const parts = segments.map((s) => periodsText(columns, s)).join('; ');
      reasons.push(
        `painted in ${segments.length} parts with gaps (${parts}): start of the first and end of the last proposed`,
      );
      notes.push(`Split in the painted plan: ${parts}`);
    }
    if (baselineSegments.length > 1) {
      const parts = baselineSegments.map((s) => periodsText(columns, s)).join('; ');
      reasons.push(
        `the original timetable is painted in ${baselineSegments.length} parts (${parts})`,
      );
    }
    if (usedColours > 1 && !legend.length && !timeline.blocks.some((b) => b.role)) {
      lower('medium');
      reasons.push(
        `${usedColours} fill colours (${colours.map((c) => `#${c}`).join(', ')}) and no legend saying which timetable each is: all read as the current timetable`,
      );
    }
    if (unknownColours.size) {
      lower('medium');
      reasons.push(
        `fill colour ${[...unknownColours].map((c) => `#${c}`).join(', ')} is not in the legend: read as the current timetable`,
      );
    }
    if (!segments.length && baselineSegments.length) {
      start = baselineStart;
      end = baselineEnd;
      lower('medium');
      reasons.push(
        'only the original timetable is painted: its dates are proposed as the current ones too',
      );
    }

    // Labels: a day makes a milestone, other words are notes.
    const milestones: Milestone[] = [];
    const labelNotes: string[] = [];
    for (const l of d.labels) {
      const col = columns[l.index];
      const v = sheet.cells[d.row]?.[l.col];
      const reading = readLabel(l.text, {
        start: col.start,
        end: col.end,
        year: ymdOf(col.start).y,
      });
      const cell = a1(d.row, l.col);
      if (typeof v?.value === 'number') {
        // A date typed in a timeline cell is a milestone on that date; another number, a note.
        const day =
          v.numFmt && isDateFormat(v.numFmt) ? dayFromSerial(v.value, input.date1904) : null;
        if (day !== null) milestones.push({ day, text: '', label: ukOf(day), cell });
        else labelNotes.push(`${l.text} (${col.label})`);
        continue;
      }
      if (reading.kind === 'milestone') {
        milestones.push({ day: reading.day, text: reading.text, label: l.text, cell });
        if (reading.yearFrom === 'column')
          reasons.push(
            `"${l.text}" in ${cell}: ${ukOf(reading.day)}, the year from its column (${col.label})`,
          );
        const first = columns[0].start;
        const last = columns[columns.length - 1].end;
        if (reading.day < first || reading.day > last) {
          lower('medium');
          reasons.push(
            `"${l.text}" in ${cell} names ${ukOf(reading.day)}, outside the timeline (${columns[0].label} to ${columns[columns.length - 1].label}): check it`,
          );
        } else if (!isNearColumn(reading.day, col)) {
          lower('medium');
          reasons.push(
            `"${l.text}" in ${cell} names ${ukOf(reading.day)}, far from its column (${col.label}): check it`,
          );
        }
      } else if (reading.kind === 'note' && reading.doubt) {
        lower('medium');
        reasons.push(`"${l.text}" in ${cell}: ${reading.doubt}`);
        labelNotes.push(`${l.text} (${col.label})`);
      } else if (reading.kind === 'invalid') {
        lower('medium');
        reasons.push(`"${l.text}" in ${cell} names no real date (${reading.reason}): not used`);
        labelNotes.push(`${l.text} (${col.label})`);
      } else labelNotes.push(`${l.text} (${col.label})`);
    }

    if (!segments.length && !baselineSegments.length) {
      if (milestones.length) {
        const days = milestones.map((m) => m.day);
        start = minOf(days);
        end = maxOf(days);
        lower('low');
        reasons.push(
          milestones.length === 1
            ? 'no painted cells: a milestone on the day its label names'
            : `no painted cells: from the first to the last of ${milestones.length} dated labels`,
        );
      } else if (d.labels.length) {
        start = columns[d.labels[0].index].start;
        end = columns[d.labels[d.labels.length - 1].index].end;
        lower('low');
        reasons.push('labels only, no painted cells: dates from the columns the labels are in');
      } else {
        lower('none');
        reasons.push('nothing painted and no label in the timeline: no dates inferred');
      }
    }

    // RAG: what a RAG column says; else the bar's colour when a legend names it as a status, or
    // when it is a RAG colour that is not the sheet's bar colour (then only as a guess to check).
    let ragProposed: RagStatus | null = null;
    if (!ragText && current.length) {
      const main = mainColourOf(current, [])!;
      const named = ragLegendOf(main);
      const match = named || legendRole(main) ? null : ragOfColour(main);
      if (named) {
        ragProposed = named.status;
        reasons.push(
          `RAG ${RAG_LABEL[named.status]} proposed: the fill #${main} is "${named.text}" in the legend (${named.cell})`,
        );
      } else if (match && isBarColour(main)) {
        reasons.push(
          `no RAG proposed: #${main} paints most rows of the sheet, so it is the bar colour, not a status`,
        );
      } else if (match && match.status === 'complete') {
        reasons.push(
          `no RAG proposed: #${main} is close to ${match.name}, but blue means Complete only where a legend says so`,
        );
      } else if (match) {
        ragProposed = match.status;
        lower('medium');
        reasons.push(
          `RAG ${RAG_LABEL[match.status]} proposed from the fill #${main}, close to ${match.name} (#${match.reference}); no legend says what the colours mean: check it`,
        );
      }
    }

    if (confidence === 'high') {
      const seg = segments[0];
      reasons.unshift(
        `one solid run, ${periodsText(columns, seg)}${baselineSegments.length ? `; original timetable ${baselineSegments.map((s) => periodsText(columns, s)).join('; ')}` : ''}`,
      );
    }

    return {
      row: d.row,
      id: ids[i],
      idFrom: idFrom[i],
      workstream: workstreamOfRow.get(d.row) ?? null,
      task,
      stakeholders: stake || null,
      lead: lead || null,
      start,
      end,
      baselineStart,
      baselineEnd,
      segments,
      baselineSegments,
      milestones,
      ragText: ragText || null,
      ragProposed,
      // The labels' words first, then what the painting says.
      notes: [...labelNotes, ...notes],
      confidence,
      reasons,
    };
  });

  return {
    ok: true,
    sheetName: sheet.name,
    timeline,
    legend,
    taskColumn: layout.task,
    headings,
    rows,
    prefixedIds: restarts,
  };
}

/** Rows that need a person to look: low confidence, or nothing inferred. */
export function needsReview(row: AdoptedRow): boolean {
  return row.confidence === 'low' || row.confidence === 'none';
}

/** The painted cells of a row, for the review sheet: `F7:H7, K7`. */
export function evidenceCells(row: AdoptedRow): string {
  const parts = [
    ...row.segments.map((s) => s.cells),
    ...row.baselineSegments.map((s) => `${s.cells} (original)`),
    ...row.milestones.map((m) => `${m.cell} ("${m.label}")`),
  ];
  return parts.join(', ');
}
