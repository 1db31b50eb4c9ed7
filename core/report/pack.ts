/**
 * The board pack of a highlight report as a board document (../board/drawing.ts): a summary
 * page (the programme's status and one row per workstream), one page per workstream, then the
 * board timeline pages of the export command. Pure: the writers in sync/export/ draw it as PDF or
 * PowerPoint.
 *
 * Every status is printed as its word inside its coloured box, and every trend as an arrow with a
 * word, so nothing is carried by colour alone. Long lists are cut with a count of what is left
 * out; no text is set below MIN_FONT_SIZE.
 */

import { flagWords } from './flags.js';
import { ukOf } from '../dates.js';
import { layoutBoard } from '../board/layout.js';
import {
  MIN_FONT_SIZE,
  PAGE_SIZES,
  type BoardDocument,
  type Colour,
  type Page,
  type PageSize,
  type Shape,
} from '../board/drawing.js';
import { fitText, textWidth, wrapText } from '../board/text.js';
import type { Plan } from '../plan/read.js';
import { outlineFor, RAG_COLOURS, RAG_LABEL, type RagStatus } from '../rag.js';
import { TREND_ARROW } from './history.js';
import type { HighlightReport, WorkstreamReport } from './model.js';

export interface PackOptions {
  page: PageSize;
}

export interface PackSummary {
  pages: number;
  summaryPages: number;
  workstreamPages: number;
  timelinePages: number;
}

const INK: Colour = '0B0C0C';
const GREY: Colour = '505A5F';
const RULE: Colour = 'B1B4B6';
const HEAD_FILL: Colour = 'F3F2F1';
const MARGIN = 36;
const BODY = 10;
const SMALL = Math.max(MIN_FONT_SIZE, 9);
const LINE = 13;

const label = (s: RagStatus | null): string => (s === null ? 'No status' : RAG_LABEL[s]);

/** A page being drawn: shapes and the text helpers that keep them inside their boxes. */
class Canvas {
  readonly shapes: Shape[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.shapes.push({
      kind: 'rect',
      role: 'background',
      x: 0,
      y: 0,
      w: width,
      h: height,
      fill: 'FFFFFF',
      stroke: null,
    });
  }

  /** Text fitted to `width` (shortened with `…`, the whole of it kept in `full`). */
  text(
    x: number,
    y: number,
    text: string,
    width: number,
    opts: {
      size?: number;
      bold?: boolean;
      color?: Colour;
      anchor?: 'start' | 'middle' | 'end';
    } = {},
  ): void {
    const size = Math.max(MIN_FONT_SIZE, opts.size ?? BODY);
    const fitted = fitText(text, width, size, opts.bold);
    if (fitted === '') return;
    this.shapes.push({
      kind: 'text',
      role: opts.size !== undefined && opts.size >= 14 ? 'title' : 'label',
      x,
      y,
      text: fitted,
      size,
      bold: opts.bold,
      color: opts.color ?? INK,
      anchor: opts.anchor ?? 'start',
      ...(fitted !== text ? { full: text } : {}),
    });
  }

  rule(x1: number, y: number, x2: number): void {
    this.shapes.push({
      kind: 'line',
      role: 'grid',
      x1,
      y1: y,
      x2,
      y2: y,
      stroke: RULE,
      width: 0.75,
    });
  }

  /** A status as its word in its colour's box: `top` is the box's top. */
  chip(x: number, top: number, w: number, h: number, status: RagStatus | null, size = BODY): void {
    const fill = status === null ? 'FFFFFF' : RAG_COLOURS[status].fill;
    const ink = status === null ? GREY : RAG_COLOURS[status].text;
    this.shapes.push({
      kind: 'rect',
      role: 'label',
      x,
      y: top,
      w,
      h,
      fill,
      stroke: status === null ? RULE : outlineFor(fill),
      strokeWidth: 0.75,
      title: label(status),
    });
    this.text(x + w / 2, top + h / 2 + size * 0.36, label(status), w - 4, {
      size,
      bold: status !== null,
      color: ink,
      anchor: 'middle',
    });
  }

  page(): Page {
    return { width: this.width, height: this.height, shapes: this.shapes };
  }
}

const CHIP_WIDTH = Math.ceil(textWidth('Amber/Green', BODY, true)) + 12;

function header(c: Canvas, title: string, subtitle: string): number {
  c.text(MARGIN, MARGIN + 16, title, c.width - 2 * MARGIN, { size: 18, bold: true });
  c.text(MARGIN, MARGIN + 34, subtitle, c.width - 2 * MARGIN, { size: BODY, color: GREY });
  c.rule(MARGIN, MARGIN + 42, c.width - MARGIN);
  return MARGIN + 42;
}

function footer(c: Canvas, text: string): void {
  const lines = wrapText(text, c.width - 2 * MARGIN, SMALL, 2);
  lines.forEach((line, i) =>
    c.text(
      MARGIN,
      c.height - MARGIN / 2 - (lines.length - 1 - i) * 11,
      line,
      c.width - 2 * MARGIN,
      {
        size: SMALL,
        color: GREY,
      },
    ),
  );
}

/** "Declared [Amber]   Computed [Amber/Red]   ▼ worse" from `x` at box top `top`. */
function statusLine(
  c: Canvas,
  x: number,
  top: number,
  declared: RagStatus | null,
  computed: RagStatus | null,
  trend: keyof typeof TREND_ARROW,
): void {
  const h = 18;
  const base = top + h / 2 + BODY * 0.36;
  for (const [word, status] of [
    ['Declared', declared],
    ['Computed', computed],
  ] as const) {
    c.text(x, base, word, 80, { bold: true });
    x += textWidth(word, BODY, true) + 6;
    c.chip(x, top, CHIP_WIDTH, h, status);
    x += CHIP_WIDTH + 18;
  }
  c.text(x, base, 'Trend', 60, { bold: true });
  x += textWidth('Trend', BODY, true) + 6;
  c.text(x, base, TREND_ARROW[trend], 120);
}

interface Column {
  title: string;
  /** Share of the table's width. */
  share: number;
  cell: (w: WorkstreamReport) => string | { status: RagStatus | null };
}

const COLUMNS: Column[] = [
  { title: 'Workstream', share: 0.19, cell: (w) => w.name },
  { title: 'Lead', share: 0.12, cell: (w) => w.lead ?? '—' },
  { title: 'Declared', share: 0.095, cell: (w) => ({ status: w.declared }) },
  { title: 'Computed', share: 0.095, cell: (w) => ({ status: w.computed }) },
  { title: 'Trend', share: 0.075, cell: (w) => TREND_ARROW[w.trend] },
  { title: 'Overdue', share: 0.065, cell: (w) => String(w.overdue.length) },
  { title: 'Slipped', share: 0.06, cell: (w) => String(w.slipped.length) },
  {
    title: 'Next milestone',
    share: 0.17,
    cell: (w) =>
      w.nextMilestone === null
        ? '—'
        : `${ukOf(w.nextMilestone.date)} ${w.nextMilestone.id} ${w.nextMilestone.task}`,
  },
  { title: 'Flags', share: 0.13, cell: (w) => (w.flags.length ? flagWords(w.flags) : '—') },
];

function summaryPage(report: HighlightReport, size: { width: number; height: number }): Page {
  const c = new Canvas(size.width, size.height);
  const p = report.programme;
  let y = header(
    c,
    `${p.name ?? 'Programme'}: highlight report`,
    `Report date ${ukOf(report.reportDate)}${report.previousReportDate === null ? ' (first report)' : `, previous report ${ukOf(report.previousReportDate)}`}; milestones due in the next ${report.periodWeeks} weeks, to ${ukOf(report.periodEnd)}; roll-up: ${report.rollup}`,
  );
  y += 12;
  c.text(MARGIN, y + 9 + BODY * 0.36, 'Programme', 90, { size: 12, bold: true });
  statusLine(c, MARGIN + 90, y, p.declared, p.computed, p.trend);
  y += 18;
  if (p.flags.length) {
    y += 14;
    c.text(MARGIN, y, `Flags: ${flagWords(p.flags)}`, c.width - 2 * MARGIN, { color: GREY });
  }
  y += 22;

  // The table of workstreams.
  const tableW = c.width - 2 * MARGIN;
  const xs: number[] = [];
  let x = MARGIN;
  for (const col of COLUMNS) {
    xs.push(x);
    x += col.share * tableW;
  }
  let rowH = 20;
  c.shapes.push({
    kind: 'rect',
    role: 'label',
    x: MARGIN,
    y,
    w: tableW,
    h: rowH,
    fill: HEAD_FILL,
    stroke: null,
  });
  COLUMNS.forEach((col, i) =>
    c.text(xs[i] + 3, y + 14, col.title, col.share * tableW - 6, { size: SMALL, bold: true }),
  );
  y += rowH;
  rowH = 26;
  // Room below for the "… and N more" line and the two-line footer.
  const bottom = c.height - 60;
  const fit = Math.max(1, Math.floor((bottom - y) / rowH));
  const shown =
    report.workstreams.length > fit ? report.workstreams.slice(0, fit - 1) : report.workstreams;
  for (const w of shown) {
    COLUMNS.forEach((col, i) => {
      const v = col.cell(w);
      const cw = col.share * tableW;
      if (typeof v === 'string') {
        // Names, leads, milestones and flags in up to two lines; the name in bold.
        const bold = i === 0;
        const lines = wrapText(v, cw - 6, SMALL, 2, bold);
        const first = lines.length === 1 ? y + 16.5 : y + 11.5;
        lines.forEach((l, n) =>
          c.text(xs[i] + 3, first + n * 10.5, l, cw - 6, { size: SMALL, bold }),
        );
      } else c.chip(xs[i] + 2, y + 4, Math.min(cw - 6, CHIP_WIDTH), rowH - 8, v.status, SMALL);
    });
    y += rowH;
    c.rule(MARGIN, y, c.width - MARGIN);
  }
  if (shown.length < report.workstreams.length) {
    c.text(
      MARGIN + 3,
      y + 14,
      `… and ${report.workstreams.length - shown.length} more workstreams, each on its own page.`,
      tableW,
      { color: GREY },
    );
  }
  footer(
    c,
    'Each status is written in its box; trend against the previous report: ▲ better, ► same, ▼ worse, ● new. Declared: as reported by the lead; computed: rolled up from the plan and the RAID log.',
  );
  return c.page();
}

interface Section {
  title: string;
  /** Lines, each fitted to the column; `wrap` sections are paragraphs wrapped to lines. */
  items: string[];
  wrap?: boolean;
  none: string;
}

/** Draws `sections` down a column between `top` and `bottom`, cutting long lists with a count. */
function column(
  c: Canvas,
  x: number,
  width: number,
  top: number,
  bottom: number,
  sections: Section[],
): void {
  const headH = 18;
  const gap = 8;
  // Lines each section wants; paragraphs are wrapped first.
  const lines = sections.map((s) =>
    s.items.length === 0
      ? [s.none]
      : s.wrap
        ? s.items.flatMap((t) => wrapText(t, width - 8, BODY, 200))
        : s.items,
  );
  const available = Math.floor((bottom - top - sections.length * (headH + gap)) / LINE);
  const budget = lines.map((l) => l.length);
  // Take lines from the longest section until all fit (each keeps at least two).
  while (budget.reduce((a, b) => a + b, 0) > available) {
    let longest = 0;
    for (let i = 1; i < budget.length; i++) if (budget[i] > budget[longest]) longest = i;
    if (budget[longest] <= 2) break;
    budget[longest]--;
  }
  let y = top;
  sections.forEach((s, i) => {
    y += headH - 4;
    c.text(x, y, s.title, width, { size: 12, bold: true });
    y += 4;
    const all = lines[i];
    const cut = all.length > budget[i];
    const show = cut ? all.slice(0, Math.max(1, budget[i] - 1)) : all;
    for (const line of show) {
      y += LINE;
      c.text(x + 8, y - 3, line, width - 8, {
        size: BODY,
        color: s.items.length === 0 ? GREY : INK,
      });
    }
    if (cut) {
      y += LINE;
      const left = s.wrap
        ? 'the rest is on the Highlight report sheet'
        : `${s.items.length - show.length} more`;
      c.text(x + 8, y - 3, `… and ${left}`, width - 8, { size: BODY, color: GREY, bold: true });
    }
    y += gap;
  });
}

function workstreamPage(
  report: HighlightReport,
  w: WorkstreamReport,
  size: { width: number; height: number },
): Page {
  const c = new Canvas(size.width, size.height);
  let y = header(
    c,
    w.name,
    `Lead: ${w.lead ?? 'not named'}; date of report: ${w.dateOfReport === null ? 'not given' : ukOf(w.dateOfReport)}; ${w.tasks} task${w.tasks === 1 ? '' : 's'} in the plan; report date ${ukOf(report.reportDate)}`,
  );
  y += 10;
  statusLine(c, MARGIN, y, w.declared, w.computed, w.trend);
  y += 18;
  if (w.flags.length) {
    y += 14;
    c.text(MARGIN, y, `Flags: ${flagWords(w.flags)}`, c.width - 2 * MARGIN, { color: GREY });
  }
  y += 10;
  const colW = (c.width - 2 * MARGIN - 24) / 2;
  const bottom = c.height - MARGIN - 10;
  const period = `${ukOf(report.reportDate)} to ${ukOf(report.periodEnd)}`;
  column(c, MARGIN, colW, y, bottom, [
    {
      title: 'Progress to date',
      items: w.progressToDate ? [w.progressToDate] : [],
      wrap: true,
      none: 'Not provided.',
    },
    {
      title: `Milestones due (${period})`,
      items: w.milestonesDue.map((m) => `${ukOf(m.date)}  ${m.id}  ${m.task}`),
      none: 'None in the period.',
    },
    {
      title: 'Completed since the previous report',
      items: w.completedSincePrevious.map((t) => `${t.id}  ${t.task}`),
      none: report.previousReportDate === null ? 'No previous report.' : 'None.',
    },
  ]);
  column(c, MARGIN + colW + 24, colW, y, bottom, [
    {
      title: `Overdue (${w.overdue.length})`,
      items: w.overdue.map((t) => `due ${ukOf(t.date)}  ${t.id}  ${t.task}`),
      none: 'None.',
    },
    {
      title: `Slipped against baseline (${w.slipped.length})`,
      items: w.slipped.map((t) => `${t.days} day${t.days === 1 ? '' : 's'}  ${t.id}  ${t.task}`),
      none: 'None.',
    },
    {
      title: 'Open risks and issues',
      items: w.risks.map(
        (r) =>
          `${r.id}  ${r.status !== null ? RAG_LABEL[r.status] : (r.rating ?? 'Unrated')}  ${r.description}`,
      ),
      none: w.risksAndIssues ? w.risksAndIssues : 'None open.',
    },
    {
      title: 'Escalations',
      items: w.escalations,
      none: 'None.',
    },
  ]);
  footer(
    c,
    'Each status is written in its box; trend against the previous report: ▲ better, ► same, ▼ worse, ● new.',
  );
  return c.page();
}

/** The board pack: summary, one page per workstream, then the board timeline. */
export function boardPack(
  report: HighlightReport,
  plan: Plan,
  options: PackOptions,
): { document: BoardDocument; summary: PackSummary } {
  const size = PAGE_SIZES[options.page];
  const timeline = layoutBoard(plan, { reportDate: report.reportDate, page: options.page });
  const name = report.programme.name ?? 'Programme';
  const pages = [
    summaryPage(report, size),
    ...report.workstreams.map((w) => workstreamPage(report, w, size)),
    ...timeline.document.pages,
  ];
  return {
    document: {
      title: `${name}: highlight report, ${ukOf(report.reportDate)}`,
      description: `The board pack at ${ukOf(report.reportDate)}: the programme summary, one page for each of ${report.workstreams.length} workstreams, and the board timeline.`,
      lang: timeline.document.lang,
      pages,
    },
    summary: {
      pages: pages.length,
      summaryPages: 1,
      workstreamPages: report.workstreams.length,
      timelinePages: timeline.document.pages.length,
    },
  };
}

/** A slide's notes: every text shortened on it, in full, and every shape's description. */
export function packNotes(doc: BoardDocument, page: number): string {
  const out: string[] = [];
  for (const s of doc.pages[page].shapes) {
    if (s.kind === 'text') {
      if (s.full) out.push(s.full);
    } else if (s.title && s.role !== 'baseline' && s.role !== 'label') out.push(s.title);
  }
  return out.join('\n');
}
