/**
 * The two sheets the report owns, as cells and styles (written whole by a host): the `Highlight
 * report` laid out for A4 landscape, and the `Status history`. Colour is never the only sign: every
 * status cell holds its word, every trend its arrow and word.
 */

import type { CellRange } from '../cells.js';
import { serialFromDay, ukOf, type Day } from '../dates.js';
import { wrappedLines } from '../budget/layout.js';
import { RAG_COLOURS, RAG_DEFINITIONS, RAG_LABEL, RAG_STATUSES, type RagStatus } from '../rag.js';
import { StyleTable, type CellBlockData, type CellStyle } from '../sync/edits.js';
import type { Finding } from '../findings.js';
import { flagWords } from './flags.js';
import {
  HISTORY_HEADERS,
  HISTORY_SHEET,
  LEVEL_LABEL,
  TREND_ARROW,
  type HistoryRow,
  type Trend,
} from './history.js';
import type { HighlightReport, WorkstreamReport } from './model.js';
import { RAID_TYPE_LABEL } from './raid.js';

export const REPORT_SHEET = 'Highlight report';

/** The programme table's header (row 4 of the Highlight report): how the sheet is recognised. */
export const REPORT_HEADERS = [
  'Programme',
  'Report date',
  'Declared',
  'Computed',
  'Trend',
  'Workstreams',
  'Overdue',
  'Slipped',
  'Next milestone',
  'Flags',
] as const;

export interface OwnedSheet {
  name: string;
  block: CellBlockData;
  styles: CellStyle[];
  /** Column widths in characters, from column A. */
  widths: number[];
  rowHeights: Map<number, number>;
  merges: CellRange[];
  /** Rows a printed page starts at (besides the first). */
  pageBreaks: number[];
  /** Freeze panes below this row (1-based; 0 for none). */
  freezeRow: number;
  /** Print on A4 landscape, fitted to the page width. */
  landscape: boolean;
  /** Hide the grid lines on screen (a report, not a table). */
  hideGrid: boolean;
}

const LINE = 15;
/** Lines of a list shown in one cell: the rest are counted (a 50,000-task plan can have thousands overdue). */
const MAX_LINES = 25;
/** Excel holds at most 32,767 characters in a cell. */
const MAX_CELL_TEXT = 32_000;

function clip(text: string): string {
  return text.length <= MAX_CELL_TEXT
    ? text
    : `${text.slice(0, MAX_CELL_TEXT - 40)}… (cut: see the Workstreams sheet)`;
}
const BORDER = 'B1B4B6';
const HEADER_FILL = 'F3F2F1';
const SECTION_FILL = 'DEE0E2';
const NOTE = '505A5F';
const DATE_FORMAT = 'dd/mm/yyyy';

/** Widths of the report's ten columns (about 180 characters: fitted to A4 landscape). */
const WIDTHS = [30, 18, 12, 12, 11, 13, 9, 9, 34, 34];
const COLS = WIDTHS.length;
const TEXT_WIDTH = WIDTHS.slice(1).reduce((a, b) => a + b, 0);

const TREND_COLOUR: Record<Trend, string> = {
  better: '005A30',
  same: '282D30',
  worse: '942514',
  new: '505A5F',
};

class Grid {
  readonly table = new StyleTable();
  readonly rows: ({ value: string | number | null; style: CellStyle | null } | null)[][] = [];
  readonly heights = new Map<number, number>();
  readonly merges: CellRange[] = [];
  readonly breaks: number[] = [];

  /** The next row's number (1-based). */
  get next(): number {
    return this.rows.length + 1;
  }

  row(
    cells: ({ value: string | number | null; style?: CellStyle | null } | null)[],
    height?: number,
  ): number {
    this.rows.push(cells.map((c) => (c ? { value: c.value, style: c.style ?? null } : null)));
    const r = this.rows.length;
    if (height !== undefined && height !== LINE) this.heights.set(r, height);
    return r;
  }

  blank(): void {
    this.rows.push([]);
  }

  merge(row: number, left: number, right: number): void {
    if (right > left) this.merges.push({ top: row, bottom: row, left, right });
  }

  block(width: number): CellBlockData {
    const height = this.rows.length;
    const styles = new Int32Array(width * height).fill(-1);
    const values = new Map<number, number | string>();
    this.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell || c >= width) return;
        if (cell.style) styles[r * width + c] = this.table.id(cell.style);
        if (cell.value !== null && cell.value !== '') values.set(r * width + c, cell.value);
      }),
    );
    return { width, height, styles, values };
  }
}

const border: CellStyle = {
  borderBottom: BORDER,
  borderTop: BORDER,
  borderLeft: BORDER,
  borderRight: BORDER,
};

function ragCell(
  status: RagStatus | null,
  text?: string | null,
): { value: string; style: CellStyle } {
  if (status === null)
    return {
      value: text ? `${text} (not a status)` : '—',
      style: { ...border, hAlign: 'center', fontColor: NOTE },
    };
  const c = RAG_COLOURS[status];
  return {
    value: RAG_LABEL[status],
    style: { ...border, bold: true, fill: c.fill, fontColor: c.text, hAlign: 'center' },
  };
}

function trendCell(trend: Trend): { value: string; style: CellStyle } {
  return {
    value: TREND_ARROW[trend],
    style: { ...border, fontColor: TREND_COLOUR[trend], hAlign: 'center' },
  };
}

function textHeight(text: string, width: number): number {
  let lines = 0;
  for (const para of text.split('\n')) lines += wrappedLines(para, width);
  return Math.min(409, Math.max(1, lines) * LINE + 3);
}

function dayText(day: Day): string {
  return ukOf(day);
}

/** The report's details for one workstream, as label and text pairs (empty text: not shown). */
function details(
  ws: WorkstreamReport,
  report: HighlightReport,
  findings: readonly Finding[],
): [string, string][] {
  const list = (items: string[], none: string) => {
    if (!items.length) return none;
    const shown = items.slice(0, MAX_LINES);
    if (items.length > MAX_LINES) shown.push(`… and ${items.length - MAX_LINES} more.`);
    return shown.join('\n');
  };
  const risks = ws.risks.map(
    (r) =>
      `${r.type ? RAID_TYPE_LABEL[r.type] : 'Item'} ${r.id}${r.rating ? ` (${r.rating})` : ''}: ${r.description}${r.owner ? `; owner ${r.owner}` : ''}`,
  );
  if (ws.risksAndIssues && !risks.length) risks.push(ws.risksAndIssues);
  else if (ws.risksAndIssues) risks.push(`From the return: ${ws.risksAndIssues}`);
  const flagged = findings
    .filter(
      (f) =>
        ws.flags.includes(f.rule) &&
        f.sheet === ws.sheet &&
        Object.values(ws.cells).includes(f.cell),
    )
    .map((f) => `${f.sheet}!${f.cell}: ${f.message}`);
  return [
    ['Progress to date', ws.progressToDate ?? '(no return)'],
    ['Next period', ws.nextPeriod ?? '(no return)'],
    [
      `Milestones due by ${dayText(report.periodEnd)}`,
      list(
        ws.milestonesDue.map((m) => `${dayText(m.date)}  ${m.id} ${m.task}`),
        'None in the period.',
      ),
    ],
    [
      report.previousReportDate === null
        ? `Completed since ${dayText(report.reportDate - report.periodWeeks * 7)}`
        : `Completed since ${dayText(report.previousReportDate)}`,
      list(
        ws.completedSincePrevious.map((t) => `${t.id} ${t.task}`),
        'None.',
      ),
    ],
    [
      'Overdue',
      list(
        ws.overdue.map((t) => `${t.id} ${t.task} (due ${dayText(t.date)})`),
        'None.',
      ),
    ],
    [
      'Slipped against baseline',
      list(
        ws.slipped.map((t) => `${t.id} ${t.task}: ${t.days} day${t.days === 1 ? '' : 's'} later`),
        'None.',
      ),
    ],
    ['Open risks and issues', list(risks, 'None open.')],
    ['Escalations', list(ws.escalations, 'None.')],
    ['Flags', list(flagged, 'None.')],
  ];
}

/** The `Highlight report` sheet. */
export function highlightSheet(report: HighlightReport, date1904: boolean): OwnedSheet {
  const g = new Grid();
  const p = report.programme;
  const title = g.row(
    [
      {
        value: `Highlight report${p.name ? `: ${p.name}` : ''}`,
        style: { bold: true, fontSize: 16 },
      },
    ],
    24,
  );
  g.merge(title, 1, COLS);
  const rollupWords =
    report.rollup === 'manual' ? 'manual (nothing computed)' : `${report.rollup} of tasks`;
  const sub = g.row([
    {
      value: `Report date ${dayText(report.reportDate)}. Period: ${report.periodWeeks} week${report.periodWeeks === 1 ? '' : 's'}, to ${dayText(report.periodEnd)}. Previous report: ${report.previousReportDate === null ? 'none' : dayText(report.previousReportDate)}. Roll-up: ${rollupWords}, ${report.scale} scale.`,
      style: { italic: true, fontColor: NOTE },
    },
  ]);
  g.merge(sub, 1, COLS);
  g.blank();

  const head = (titles: string[]) =>
    g.row(
      titles.map((value) => ({
        value,
        style: { ...border, bold: true, fill: HEADER_FILL, wrap: true },
      })),
      30,
    );
  head([...REPORT_HEADERS]);
  const overdue = report.workstreams.reduce((n, w) => n + w.overdue.length, 0);
  const slipped = report.workstreams.reduce((n, w) => n + w.slipped.length, 0);
  const next = report.workstreams
    .map((w) => w.nextMilestone)
    .filter((m) => m !== null)
    .sort((a, b) => a.date - b.date)[0];
  g.row(
    [
      { value: p.name ?? 'Programme', style: { ...border, bold: true, wrap: true } },
      {
        value: serialFromDay(report.reportDate, date1904),
        style: { ...border, numFmt: DATE_FORMAT, hAlign: 'center' },
      },
      ragCell(p.declared, p.declaredText),
      ragCell(p.computed),
      trendCell(p.trend),
      { value: report.workstreams.length, style: { ...border, hAlign: 'center' } },
      { value: overdue, style: { ...border, hAlign: 'center' } },
      { value: slipped, style: { ...border, hAlign: 'center' } },
      {
        value: next ? `${dayText(next.date)} ${next.task}` : '—',
        style: { ...border, wrap: true },
      },
      { value: flagWords(p.flags), style: { ...border, wrap: true } },
    ],
    30,
  );
  g.blank();

  const wsHead = g.row([{ value: 'Workstreams', style: { bold: true, fontSize: 13 } }], 20);
  g.merge(wsHead, 1, COLS);
  head([
    'Workstream',
    'Lead',
    'Declared',
    'Computed',
    'Trend',
    'Date of report',
    'Overdue',
    'Slipped',
    'Next milestone',
    'Flags',
  ]);
  for (const ws of report.workstreams) {
    const nextText = ws.nextMilestone
      ? `${dayText(ws.nextMilestone.date)} ${ws.nextMilestone.id} ${ws.nextMilestone.task}`
      : '—';
    const flags = flagWords(ws.flags);
    const height = Math.max(
      textHeight(nextText, WIDTHS[8]),
      textHeight(flags, WIDTHS[9]),
      textHeight(ws.name, WIDTHS[0]),
    );
    g.row(
      [
        { value: ws.name, style: { ...border, bold: true, wrap: true } },
        { value: ws.lead ?? '', style: { ...border, wrap: true } },
        ragCell(ws.declared, ws.declaredText),
        ragCell(ws.computed),
        trendCell(ws.trend),
        ws.dateOfReport === null
          ? { value: '—', style: { ...border, hAlign: 'center' } }
          : {
              value: serialFromDay(ws.dateOfReport, date1904),
              style: { ...border, numFmt: DATE_FORMAT, hAlign: 'center' },
            },
        { value: ws.overdue.length, style: { ...border, hAlign: 'center' } },
        { value: ws.slipped.length, style: { ...border, hAlign: 'center' } },
        { value: nextText, style: { ...border, wrap: true } },
        { value: flags, style: { ...border, wrap: true, fontColor: flags ? '942514' : undefined } },
      ],
      height,
    );
  }
  g.blank();

  const defs = g.row([{ value: 'Status definitions', style: { bold: true, fontSize: 13 } }], 20);
  g.merge(defs, 1, COLS);
  const shown = RAG_STATUSES.filter(
    (s) => report.scale === 'five-point' || !['amber-red', 'amber-green'].includes(s),
  );
  for (const s of shown) {
    const r = g.row([ragCell(s), { value: RAG_DEFINITIONS[s], style: { ...border, wrap: true } }]);
    g.merge(r, 2, COLS);
    for (let c = 3; c <= COLS; c++) g.rows[r - 1][c - 1] = { value: null, style: border };
  }
  if (report.scale === 'three-point') {
    const r = g.row([
      {
        value: 'Three-point scale: Amber/Green and Amber/Red are reported as Amber.',
        style: { italic: true, fontColor: NOTE },
      },
    ]);
    g.merge(r, 1, COLS);
  }

  for (const ws of report.workstreams) {
    g.blank();
    g.breaks.push(g.next);
    const heading = g.row(
      [
        {
          value: `${ws.name}${ws.lead ? `  ·  ${ws.lead}` : ''}  ·  declared ${ws.declared ? RAG_LABEL[ws.declared] : '—'}, computed ${ws.computed ? RAG_LABEL[ws.computed] : '—'}, ${TREND_ARROW[ws.trend]}${ws.dateOfReport === null ? '' : `  ·  reported ${dayText(ws.dateOfReport)}`}`,
          style: { bold: true, fontSize: 12, fill: SECTION_FILL },
        },
        ...Array.from({ length: COLS - 1 }, () => ({ value: null, style: { fill: SECTION_FILL } })),
      ],
      20,
    );
    g.merge(heading, 1, COLS);
    for (const [label, text] of details(ws, report, report.findings)) {
      const r = g.row(
        [
          { value: label, style: { ...border, bold: true, fill: HEADER_FILL, wrap: true } },
          { value: clip(text), style: { ...border, wrap: true } },
          ...Array.from({ length: COLS - 2 }, () => ({ value: null, style: border })),
        ],
        Math.max(LINE, textHeight(text, TEXT_WIDTH - 2), textHeight(label, WIDTHS[0])),
      );
      g.merge(r, 2, COLS);
    }
  }

  return {
    name: REPORT_SHEET,
    block: g.block(COLS),
    styles: g.table.styles,
    widths: WIDTHS,
    rowHeights: g.heights,
    merges: g.merges,
    pageBreaks: g.breaks,
    freezeRow: 0,
    landscape: true,
    hideGrid: true,
  };
}

/** The `Status history` sheet: a header and one row per history row, dates as real dates. */
export function historySheet(rows: readonly HistoryRow[], date1904: boolean): OwnedSheet {
  const table = new StyleTable();
  const width = HISTORY_HEADERS.length;
  const height = rows.length + 1;
  const styles = new Int32Array(width * height).fill(-1);
  const values = new Map<number, number | string>();
  const header = table.id({ bold: true, fill: HEADER_FILL, borderBottom: BORDER });
  const date = table.id({ numFmt: DATE_FORMAT });
  const percent = table.id({ numFmt: '0%' });
  HISTORY_HEADERS.forEach((h, c) => {
    styles[c] = header;
    values.set(c, h);
  });
  rows.forEach((row, i) => {
    const at = (i + 1) * width;
    const put = (c: number, v: number | string | null, s = -1) => {
      if (v !== null) values.set(at + c, v);
      if (s >= 0 && v !== null) styles[at + c] = s;
    };
    put(0, serialFromDay(row.date, date1904), date);
    put(1, LEVEL_LABEL[row.level]);
    put(2, row.key);
    put(3, row.name);
    put(4, row.rag);
    put(5, row.computed);
    put(6, row.start === null ? null : serialFromDay(row.start, date1904), date);
    put(7, row.end === null ? null : serialFromDay(row.end, date1904), date);
    put(8, row.progress === null ? null : Math.round(row.progress * 1e4) / 1e6, percent);
  });
  return {
    name: HISTORY_SHEET,
    block: { width, height, styles, values },
    styles: table.styles,
    widths: [12, 12, 30, 50, 12, 14, 12, 12, 10],
    rowHeights: new Map(),
    merges: [],
    pageBreaks: [],
    freezeRow: 1,
    landscape: true,
    hideGrid: false,
  };
}
