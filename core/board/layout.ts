/**
 * The board timeline's layout: from a plan to pages of shapes (./drawing.ts). Pure: the same plan
 * and options always give the same pages, whichever writer draws them.
 *
 * One linear time axis per document: a day is `dayWidth` points wide and a bar runs from the left
 * edge of its start day to the right edge of its end day. Rows are grouped in swimlanes by
 * workstream, in plan order, about 25 to a page; later pages repeat the axis and the lane labels.
 */

import { addMonths, isoOf, monthAbbr, ukOf, ymdOf, type Day } from '../dates.js';
import { periodStart, type Scale } from '../periods.js';
import { workstreamKey, type Plan, type Task } from '../plan/read.js';
import { taskSpan, type UndrawableReason } from '../plan/span.js';
import {
  contrastRatio,
  outlineFor,
  NO_STATUS_BAR,
  RAG_COLOURS,
  RAG_LABEL,
  RAG_STATUSES,
  REPORT_DATE_COLOUR,
  type RagStatus,
} from '../rag.js';
import {
  MIN_FONT_SIZE,
  PAGE_SIZES,
  type BoardDocument,
  type Colour,
  type Page,
  type PageSize,
  type Shape,
} from './drawing.js';
import { fitText, textWidth, wrapText } from './text.js';

export interface BoardOptions {
  reportDate: Day;
  /** Default: the programme name from Settings, else "Programme timeline". */
  title?: string;
  /** Only these workstreams (matched as the plan matches workstream names). */
  workstreams?: readonly string[];
  scale?: 'auto' | Scale;
  page?: PageSize;
  /** The window shown; default: the plan's dates. */
  from?: Day;
  to?: Day;
}

/** A task that the picture lists without a bar, and why. */
export interface BoardNotDrawn {
  row: number;
  id: string | null;
  name: string | null;
  reason: string;
}

export interface BoardSummary {
  pages: number;
  rows: number;
  bars: number;
  milestones: number;
  baselines: number;
  workstreams: string[];
  notDrawn: BoardNotDrawn[];
  scale: Scale;
  from: string;
  to: string;
  reportDate: string;
  /** False when the report date is outside the window (no line is drawn). */
  reportDateShown: boolean;
}

export interface BoardLayout {
  document: BoardDocument;
  summary: BoardSummary;
  /** The time axis shared by every page. */
  axis: Axis;
}

/** The axis: day -> x, linear over [from, to + 1). */
export interface Axis {
  from: Day;
  /** Last day shown (inclusive). */
  to: Day;
  x0: number;
  x1: number;
}

export function axisX(axis: Axis, day: number): number {
  return axis.x0 + ((day - axis.from) * (axis.x1 - axis.x0)) / (axis.to + 1 - axis.from);
}

export function dayWidth(axis: Axis): number {
  return (axis.x1 - axis.x0) / (axis.to + 1 - axis.from);
}

/** Workstream names given that match no workstream of the plan; the known names to suggest. */
export function unknownWorkstreams(
  plan: Plan,
  wanted: readonly string[],
): { unknown: string[]; known: string[] } {
  const known = lanesOf(plan.tasks, plan).map((l) => l.name);
  const keys = new Set(known.map(workstreamKey));
  return { unknown: wanted.filter((w) => !keys.has(workstreamKey(w))), known };
}

const NO_WORKSTREAM = 'No workstream';
const TEXT = '0B0C0C';
const MUTED = '505A5F';
const GRID = 'D8DADB';
const LANE_SHADE = 'F3F2F1';
const BASELINE_FILL = 'B1B4B6';
const BASELINE_STROKE = '6F777B';
const NOT_DRAWN = { fill: 'FFF7D1', hatch: 'F0C419', text: '4D4200' };
const BACKGROUND = 'FFFFFF';
const MAX_ROWS_PER_PAGE = 25;
const MIN_ROW_HEIGHT = 14;
const MAX_ROW_HEIGHT = 22;
const SIZE = MIN_FONT_SIZE;
/** Line spacing of wrapped 9 pt labels. */
const LINE = 10.5;

interface Lane {
  name: string;
  tasks: Task[];
}

/** Swimlanes: the Workstreams sheet's order first, then others as they first appear. */
function lanesOf(tasks: readonly Task[], plan: Plan): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const ws of plan.workstreams ?? []) {
    const key = workstreamKey(ws.name);
    if (!lanes.has(key)) lanes.set(key, { name: ws.name, tasks: [] });
  }
  for (const task of tasks) {
    const name = task.workstream ?? NO_WORKSTREAM;
    const key = workstreamKey(name);
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { name, tasks: [] }));
    lane.tasks.push(task);
  }
  return [...lanes.values()].filter((l) => l.tasks.length > 0);
}

function statusOf(task: Task): RagStatus | null {
  const parse = task.rag?.parse;
  return parse?.kind === 'status' ? parse.status : null;
}

export { outlineFor } from '../rag.js';

function barColour(status: RagStatus | null): Colour {
  return status ? RAG_COLOURS[status].bar : NO_STATUS_BAR;
}

function statusText(task: Task): string {
  const status = statusOf(task);
  if (status) return RAG_LABEL[status];
  const parse = task.rag?.parse;
  if (!parse || parse.kind === 'blank') return 'No status';
  return task.rag!.text;
}

function reasonText(reason: UndrawableReason): string {
  switch (reason) {
    case 'no-dates':
      return 'no start or end date';
    case 'start-invalid':
      return 'the start date is not a real date';
    case 'end-invalid':
      return 'the end date is not a real date';
    case 'end-before-start':
      return 'it ends before it starts';
  }
}

function shortDate(day: Day): string {
  const { d, m } = ymdOf(day);
  return `${d} ${monthAbbr(m)}`;
}

function spanOf(start: Task['start'], end: Task['end']): { first: Day; last: Day } | null {
  const first = start.kind === 'date' ? start.day : end.kind === 'date' ? end.day : null;
  const last = end.kind === 'date' ? end.day : start.kind === 'date' ? start.day : null;
  if (first === null || last === null || last < first) return null;
  return { first, last };
}

function nextPeriod(start: Day, scale: Scale): Day {
  return scale === 'week' ? start + 7 : addMonths(start, scale === 'month' ? 1 : 3);
}

/** The finest scale whose period is at least this wide, so every period can carry a label. */
const MIN_PERIOD_WIDTH = 20;

function autoScale(days: number, width: number): Scale {
  const perDay = width / days;
  if (perDay * 7 >= MIN_PERIOD_WIDTH && days <= 366) return 'week';
  if (perDay * 30.4 >= MIN_PERIOD_WIDTH) return 'month';
  return 'quarter';
}

function periodLabel(start: Day, scale: Scale): string {
  const { d, m } = ymdOf(start);
  if (scale === 'week') return String(d).padStart(2, '0');
  if (scale === 'month') return monthAbbr(m);
  return `Q${Math.floor((m - 1) / 3) + 1}`;
}

interface Row {
  lane: number;
  task: Task;
}

export function layoutBoard(plan: Plan, options: BoardOptions): BoardLayout {
  const pageSize = PAGE_SIZES[options.page ?? '16:9'];
  const W = pageSize.width;
  const H = pageSize.height;
  const margin = Math.round(W * 0.025);
  const programme = plan.settings.programmeName;
  const title = options.title ?? programme ?? 'Programme timeline';
  const reportDate = options.reportDate;

  let tasks = plan.tasks;
  if (options.workstreams?.length) {
    const keys = new Set(options.workstreams.map(workstreamKey));
    tasks = tasks.filter((t) => keys.has(workstreamKey(t.workstream ?? NO_WORKSTREAM)));
  }
  const lanes = lanesOf(tasks, plan);
  const rows: Row[] = lanes.flatMap((lane, i) => lane.tasks.map((task) => ({ lane: i, task })));

  // The window: the plan's dates (and baselines), or as asked; snapped to whole periods below.
  let first = Infinity;
  let last = -Infinity;
  for (const { task } of rows) {
    const span = taskSpan(task);
    for (const s of [
      span.kind === 'dated' ? span : null,
      spanOf(task.baselineStart, task.baselineEnd),
    ]) {
      if (!s) continue;
      first = Math.min(first, s.first);
      last = Math.max(last, s.last);
    }
  }
  if (first === Infinity) first = last = reportDate;
  const { windowStart, windowEnd } = plan.settings;
  if (options.from === undefined && windowStart !== undefined) first = Math.min(first, windowStart);
  if (options.to === undefined && windowEnd !== undefined) last = Math.max(last, windowEnd);
  if (options.from !== undefined) first = options.from;
  if (options.to !== undefined) last = options.to;

  // Columns: workstream | task | status | timeline.
  const contentW = W - 2 * margin;
  const laneW = Math.round(contentW * 0.13);
  const nameW = Math.round(contentW * 0.25);
  const statusW = Math.ceil(textWidth('Amber/Green', SIZE)) + 8;
  const laneX = margin;
  const nameX = laneX + laneW + 4;
  const statusX = nameX + nameW + 4;
  const x0 = statusX + statusW + 6;
  // Room right of the axis for a milestone's date label.
  const x1 = W - margin - Math.ceil(textWidth('30 Sep', SIZE)) - 8;

  const wanted = options.scale ?? plan.settings.scale ?? 'auto';
  const scale: Scale = wanted === 'auto' ? autoScale(last - first + 1, x1 - x0) : wanted;
  // Snapped to whole periods unless the window was given.
  const from = options.from ?? periodStart(first, scale);
  const to = options.to ?? nextPeriod(periodStart(last, scale), scale) - 1;
  const axis: Axis = { from, to, x0, x1 };

  const hasBaseline = rows.some((r) => spanOf(r.task.baselineStart, r.task.baselineEnd));
  const statuses = new Set<RagStatus | null>();
  let milestones = 0;
  let bars = 0;
  let baselines = 0;
  const notDrawn: BoardNotDrawn[] = [];

  // Legend items, in the order a reader meets them.
  const legend: LegendItem[] = [];
  for (const { task } of rows) {
    const span = taskSpan(task);
    if (span.kind === 'dated') statuses.add(statusOf(task));
  }
  for (const s of [...RAG_STATUSES, null]) {
    if (statuses.has(s))
      legend.push({ kind: 'bar', colour: barColour(s), label: s ? RAG_LABEL[s] : 'No status' });
  }
  const anyMilestone = rows.some(({ task }) => {
    const s = taskSpan(task);
    return s.kind === 'dated' && s.first === s.last;
  });
  if (anyMilestone) legend.push({ kind: 'milestone', label: 'Milestone (date beside it)' });
  if (hasBaseline) legend.push({ kind: 'baseline', label: 'Baseline (original dates)' });
  const reportShown = reportDate >= from && reportDate <= to;
  legend.push({
    kind: 'report',
    label: reportShown
      ? `Report date ${ukOf(reportDate)}`
      : `Report date ${ukOf(reportDate)} (outside the window)`,
  });
  const anyNotDrawn = rows.some(({ task }) => !drawnSpan(task, axis));
  if (anyNotDrawn) legend.push({ kind: 'not-drawn', label: 'Not drawn (reason given)' });

  const legendLines = placeLegend(legend, contentW);
  const legendH = legendLines.length * 16 + 6;

  const titleY = margin + 18;
  const subtitleY = titleY + 18;
  const axisTop = subtitleY + 16;
  const axisH = 30;
  const rowsTop = axisTop + axisH;
  const rowsBottom = H - margin - legendH;
  const avail = rowsBottom - rowsTop;
  const perPage = Math.max(1, Math.min(MAX_ROWS_PER_PAGE, Math.floor(avail / MIN_ROW_HEIGHT)));
  const rowH = Math.min(MAX_ROW_HEIGHT, avail / Math.min(perPage, Math.max(rows.length, 1)));
  const pageCount = Math.max(1, Math.ceil(rows.length / perPage));

  const subtitle = [
    `As at ${ukOf(reportDate)}`,
    programme && programme !== title ? programme : null,
  ]
    .filter(Boolean)
    .join(' · ');

  const pages: Page[] = [];
  for (let p = 0; p < pageCount; p++) {
    const shapes: Shape[] = [];
    const pageRows = rows.slice(p * perPage, (p + 1) * perPage);
    shapes.push({
      kind: 'rect',
      role: 'background',
      x: 0,
      y: 0,
      w: W,
      h: H,
      fill: BACKGROUND,
      stroke: null,
    });
    shapes.push(
      text(margin, titleY, fitText(title, contentW * 0.75, 18, true), 18, TEXT, 'title', {
        bold: true,
        full: title,
      }),
    );
    shapes.push(
      text(margin, subtitleY, fitText(subtitle, contentW * 0.75, 11), 11, MUTED, 'title', {
        full: subtitle,
      }),
    );
    if (pageCount > 1)
      shapes.push(
        text(W - margin, titleY, `Page ${p + 1} of ${pageCount}`, SIZE, MUTED, 'label', {
          anchor: 'end',
        }),
      );

    const bottom = rowsTop + pageRows.length * rowH;
    // Lane bands and labels, repeated on every page the lane reaches.
    let i = 0;
    while (i < pageRows.length) {
      const lane = pageRows[i].lane;
      let j = i;
      while (j < pageRows.length && pageRows[j].lane === lane) j++;
      const top = rowsTop + i * rowH;
      const h = (j - i) * rowH;
      if (lane % 2 === 0)
        shapes.push({
          kind: 'rect',
          role: 'lane',
          x: margin,
          y: top,
          w: contentW,
          h,
          fill: LANE_SHADE,
          stroke: null,
        });
      shapes.push({
        kind: 'line',
        role: 'lane',
        x1: margin,
        y1: top,
        x2: W - margin,
        y2: top,
        stroke: GRID,
        width: 0.75,
      });
      const continued = p > 0 && i === 0 && rows[p * perPage - 1].lane === lane;
      const name = lanes[lane].name + (continued ? ' (cont.)' : '');
      const lines = wrapText(name, laneW - 6, SIZE, Math.max(1, Math.floor((h - 1) / LINE)), true);
      // The first line level with the lane's first task; a one-row lane centres its lines.
      const first =
        j - i === 1
          ? top + (h - lines.length * LINE) / 2 + SIZE * 0.9
          : top + rowH / 2 + SIZE * 0.35;
      lines.forEach((line, k) =>
        shapes.push(
          text(laneX + 3, first + k * LINE, line, SIZE, TEXT, 'label', {
            bold: true,
            full: name,
            data: { workstream: lanes[lane].name },
          }),
        ),
      );
      i = j;
    }
    shapes.push({
      kind: 'line',
      role: 'lane',
      x1: margin,
      y1: bottom,
      x2: W - margin,
      y2: bottom,
      stroke: GRID,
      width: 0.75,
    });

    drawAxis(shapes, axis, scale, axisTop, bottom, { name: nameX, status: statusX });

    pageRows.forEach(({ task }, k) => {
      const top = rowsTop + k * rowH;
      const mid = top + rowH / 2;
      const textY = mid + SIZE * 0.35;
      const label = task.name ?? task.id ?? `Row ${task.row}`;
      const full = task.id && task.name ? `${task.id} ${task.name}` : label;
      shapes.push(
        text(nameX, textY, fitText(full, nameW, SIZE), SIZE, TEXT, 'label', {
          full,
          data: { 'task-id': task.id ?? '' },
        }),
      );
      const status = statusOf(task);
      const st = statusText(task);
      shapes.push(
        text(
          statusX,
          textY,
          fitText(st, statusW, SIZE),
          SIZE,
          status ? statusTextColour(status) : MUTED,
          'label',
          { full: st },
        ),
      );

      const drawn = drawnSpan(task, axis);
      const base = spanOf(task.baselineStart, task.baselineEnd);
      const barTop = top + rowH * 0.15;
      const barH = rowH * (hasBaseline ? 0.5 : 0.7);
      if (base) {
        const a = Math.max(base.first, from);
        const b = Math.min(base.last, to);
        const data = {
          'task-id': task.id ?? '',
          'baseline-start': isoOf(base.first),
          'baseline-end': isoOf(base.last),
        };
        const y = top + rowH * 0.7;
        const h = Math.max(rowH * 0.16, 2.5);
        if (base.first === base.last && a === b) {
          // A milestone's original date: a small grey diamond on the baseline track.
          shapes.push({
            kind: 'diamond',
            role: 'baseline',
            cx: axisX(axis, a + 0.5),
            cy: y + h / 2,
            r: Math.max(h, 3.5),
            fill: BASELINE_FILL,
            stroke: BASELINE_STROKE,
            strokeWidth: 0.75,
            data,
            title: `${full}: baseline ${ukOf(base.first)}`,
          });
          baselines++;
        } else if (a <= b) {
          shapes.push({
            kind: 'rect',
            role: 'baseline',
            x: axisX(axis, a),
            y,
            w: Math.max(axisX(axis, b + 1) - axisX(axis, a), 1.5),
            h,
            fill: BASELINE_FILL,
            stroke: BASELINE_STROKE,
            strokeWidth: 0.5,
            data,
            title: `${full}: baseline ${ukOf(base.first)} to ${ukOf(base.last)}`,
          });
          baselines++;
        }
      }
      if (!drawn) {
        const reason = notDrawnReason(task, axis);
        notDrawn.push({ row: task.row, id: task.id, name: task.name, reason });
        const msg = `⚠ Not drawn: ${reason}`;
        shapes.push({
          kind: 'rect',
          role: 'not-drawn',
          x: x0,
          y: barTop,
          w: x1 - x0,
          h: barH,
          fill: NOT_DRAWN.fill,
          stroke: NOT_DRAWN.hatch,
          strokeWidth: 0.75,
          hatch: NOT_DRAWN.hatch,
          data: { 'task-id': task.id ?? '', row: String(task.row) },
          title: `${full}: not drawn, ${reason}`,
        });
        shapes.push(
          text(
            x0 + 4,
            textY,
            fitText(msg, x1 - x0 - 8, SIZE, true),
            SIZE,
            NOT_DRAWN.text,
            'not-drawn',
            { bold: true, full: msg },
          ),
        );
        return;
      }
      const colour = barColour(status);
      if (drawn.first === drawn.last) {
        const cx = axisX(axis, drawn.first + 0.5);
        const r = Math.min(rowH * 0.42, 7.5);
        shapes.push({
          kind: 'diamond',
          role: 'milestone',
          cx,
          cy: mid,
          r,
          fill: colour,
          stroke: outlineFor(colour),
          strokeWidth: 1,
          data: { 'task-id': task.id ?? '', date: isoOf(drawn.first) },
          title: `${full}: milestone ${ukOf(drawn.first)}, ${st}`,
        });
        const date = shortDate(drawn.first);
        const right = cx + r + 3 + textWidth(date, SIZE) <= W - margin;
        shapes.push(
          text(right ? cx + r + 3 : cx - r - 3, textY, date, SIZE, TEXT, 'milestone', {
            anchor: right ? 'start' : 'end',
          }),
        );
        milestones++;
        return;
      }
      const a = Math.max(drawn.first, from);
      const b = Math.min(drawn.last, to);
      shapes.push({
        kind: 'rect',
        role: 'bar',
        x: axisX(axis, a),
        y: barTop,
        w: axisX(axis, b + 1) - axisX(axis, a),
        h: barH,
        fill: colour,
        stroke: outlineFor(colour),
        strokeWidth: 1,
        data: {
          'task-id': task.id ?? '',
          start: isoOf(drawn.first),
          end: isoOf(drawn.last),
          status: st,
        },
        title: `${full}: ${ukOf(drawn.first)} to ${ukOf(drawn.last)}, ${st}`,
      });
      bars++;
    });

    if (reportShown) {
      const x = axisX(axis, reportDate + 0.5);
      shapes.push({
        kind: 'line',
        role: 'report-date',
        x1: x,
        y1: axisTop,
        x2: x,
        y2: bottom,
        stroke: REPORT_DATE_COLOUR,
        width: 1.5,
        data: { 'report-date': isoOf(reportDate) },
      });
      const label = `Report date ${ukOf(reportDate)}`;
      const w = textWidth(label, SIZE, true);
      const lx = Math.min(Math.max(x, x0 + w / 2), x1 - w / 2);
      shapes.push(
        text(lx, axisTop - 3, label, SIZE, REPORT_DATE_COLOUR, 'report-date', {
          bold: true,
          anchor: 'middle',
        }),
      );
    }
    // The key right under the rows, so a short plan's key stays beside its timeline.
    drawLegend(shapes, legendLines, margin, bottom + 16);
    pages.push({ width: W, height: H, shapes });
  }

  const workstreams = lanes.map((l) => l.name);
  const description = `Timeline of ${rows.length} task${rows.length === 1 ? '' : 's'} in ${workstreams.length} workstream${workstreams.length === 1 ? '' : 's'} (${workstreams.join(', ')}) from ${ukOf(from)} to ${ukOf(to)}, as at ${ukOf(reportDate)}: ${bars} bars, ${milestones} milestones${notDrawn.length ? `, ${notDrawn.length} not drawn` : ''}. Bars are coloured by status and the status is also written beside each task.`;
  return {
    document: { title, description, lang: 'en-GB', pages },
    summary: {
      pages: pages.length,
      rows: rows.length,
      bars,
      milestones,
      baselines,
      workstreams,
      notDrawn,
      scale,
      from: isoOf(from),
      to: isoOf(to),
      reportDate: isoOf(reportDate),
      reportDateShown: reportShown,
    },
    axis,
  };
}

function statusTextColour(status: RagStatus): Colour {
  // The bar colour when it reads 4.5:1 on white, else its darker text shade.
  const bar = RAG_COLOURS[status].bar;
  return contrastRatio(bar, BACKGROUND) >= 4.5 ? bar : RAG_COLOURS[status].text;
}

/** The days a task's bar or milestone covers inside the window, or null when it has none there. */
function drawnSpan(task: Task, axis: Axis): { first: Day; last: Day } | null {
  const span = taskSpan(task);
  if (span.kind !== 'dated') return null;
  if (span.last < axis.from || span.first > axis.to) return null;
  return span;
}

function notDrawnReason(task: Task, axis: Axis): string {
  const span = taskSpan(task);
  if (span.kind !== 'dated') return reasonText(span.reason);
  return span.last < axis.from
    ? `ends ${ukOf(span.last)}, before the window`
    : `starts ${ukOf(span.first)}, after the window`;
}

function text(
  x: number,
  y: number,
  value: string,
  size: number,
  color: Colour,
  role: Shape['role'],
  more: {
    bold?: boolean;
    anchor?: 'start' | 'middle' | 'end';
    full?: string;
    data?: Record<string, string>;
  } = {},
): Shape {
  const shape: Shape = {
    kind: 'text',
    role,
    x,
    y,
    text: value,
    size,
    color,
    anchor: more.anchor ?? 'start',
  };
  if (more.bold) shape.bold = true;
  if (more.full !== undefined && more.full !== value) shape.full = more.full;
  if (more.data) shape.data = more.data;
  return shape;
}

/** Period ticks and labels, year labels above, and light grid lines down the rows. */
function drawAxis(
  shapes: Shape[],
  axis: Axis,
  scale: Scale,
  top: number,
  bottom: number,
  columns: { name: number; status: number },
): void {
  const yearY = top + 11;
  const periodY = top + 25;
  shapes.push(text(columns.name, periodY, 'Task', SIZE, MUTED, 'axis', { bold: true }));
  shapes.push(text(columns.status, periodY, 'Status', SIZE, MUTED, 'axis', { bold: true }));
  shapes.push({
    kind: 'line',
    role: 'axis',
    x1: axis.x0,
    y1: top + 29,
    x2: axis.x1,
    y2: top + 29,
    stroke: MUTED,
    width: 0.75,
  });
  let lastYear = -1;
  for (
    let start = periodStart(axis.from, scale);
    start <= axis.to;
    start = nextPeriod(start, scale)
  ) {
    const a = Math.max(start, axis.from);
    const b = Math.min(nextPeriod(start, scale) - 1, axis.to);
    const xa = axisX(axis, a);
    const xb = axisX(axis, b + 1);
    const { y } = ymdOf(a);
    const newYear = y !== lastYear;
    shapes.push({
      kind: 'line',
      role: 'grid',
      x1: xa,
      y1: newYear ? top + 2 : top + 15,
      x2: xa,
      y2: bottom,
      stroke: newYear ? MUTED : GRID,
      width: newYear ? 0.75 : 0.5,
      data: { tick: isoOf(a) },
    });
    const label = periodLabel(start, scale);
    if (xb - xa >= textWidth(label, SIZE) + 2)
      shapes.push(text((xa + xb) / 2, periodY, label, SIZE, TEXT, 'axis', { anchor: 'middle' }));
    if (newYear) {
      const yearLabel = String(y);
      shapes.push(text(xa + 3, yearY, yearLabel, SIZE, TEXT, 'axis', { bold: true }));
      lastYear = y;
    }
  }
  shapes.push({
    kind: 'line',
    role: 'grid',
    x1: axis.x1,
    y1: top + 2,
    x2: axis.x1,
    y2: bottom,
    stroke: MUTED,
    width: 0.75,
  });
}

type LegendItem =
  | { kind: 'bar'; colour: Colour; label: string }
  | { kind: 'milestone' | 'baseline' | 'report' | 'not-drawn'; label: string };

const SYMBOL_W = 18;

function placeLegend(items: LegendItem[], width: number): { item: LegendItem; x: number }[][] {
  const lines: { item: LegendItem; x: number }[][] = [[]];
  let x = textWidth('Key:', SIZE, true) + 8;
  for (const item of items) {
    const w = SYMBOL_W + 4 + textWidth(item.label, SIZE) + 14;
    if (x + w > width && lines[lines.length - 1].length) {
      lines.push([]);
      x = textWidth('Key:', SIZE, true) + 8;
    }
    lines[lines.length - 1].push({ item, x });
    x += w;
  }
  return lines;
}

function drawLegend(
  shapes: Shape[],
  lines: { item: LegendItem; x: number }[][],
  left: number,
  baseline: number,
): void {
  shapes.push(text(left, baseline, 'Key:', SIZE, TEXT, 'legend', { bold: true }));
  lines.forEach((line, k) => {
    const y = baseline + k * 16;
    const mid = y - SIZE * 0.35;
    for (const { item, x } of line) {
      const sx = left + x;
      switch (item.kind) {
        case 'bar':
          shapes.push({
            kind: 'rect',
            role: 'legend',
            x: sx,
            y: mid - 5,
            w: SYMBOL_W,
            h: 10,
            fill: item.colour,
            stroke: outlineFor(item.colour),
            strokeWidth: 1,
          });
          break;
        case 'milestone':
          shapes.push({
            kind: 'diamond',
            role: 'legend',
            cx: sx + SYMBOL_W / 2,
            cy: mid,
            r: 6,
            fill: NO_STATUS_BAR,
            stroke: outlineFor(NO_STATUS_BAR),
            strokeWidth: 1,
          });
          break;
        case 'baseline':
          shapes.push({
            kind: 'rect',
            role: 'legend',
            x: sx,
            y: mid - 1.5,
            w: SYMBOL_W,
            h: 3,
            fill: BASELINE_FILL,
            stroke: BASELINE_STROKE,
            strokeWidth: 0.5,
          });
          break;
        case 'report':
          shapes.push({
            kind: 'line',
            role: 'legend',
            x1: sx + SYMBOL_W / 2,
            y1: mid - 7,
            x2: sx + SYMBOL_W / 2,
            y2: mid + 7,
            stroke: REPORT_DATE_COLOUR,
            width: 1.5,
          });
          break;
        case 'not-drawn':
          shapes.push({
            kind: 'rect',
            role: 'legend',
            x: sx,
            y: mid - 5,
            w: SYMBOL_W,
            h: 10,
            fill: NOT_DRAWN.fill,
            stroke: NOT_DRAWN.hatch,
            strokeWidth: 0.75,
            hatch: NOT_DRAWN.hatch,
          });
          break;
      }
      shapes.push(text(sx + SYMBOL_W + 4, y, item.label, SIZE, TEXT, 'legend'));
    }
  });
}
