/**
 * A user's first click used to pay for compiling the engine: V8 compiles each function when it is
 * first called, and optimises the busy ones only as they run. Once the pane is ready, in the time
 * it sits idle, the engine runs a few times on a made-up plan (nothing read from or written to
 * Excel, nothing shown), so that the first click finds its code compiled. A command that starts
 * stops it: the user never waits for it.
 */

import type { Cell, WorkbookData } from '../core/cells.js';
import { countBySeverity, sortFindings } from '../core/findings.js';
import { serialFromDay, type Day } from '../core/dates.js';
import { syncPlan } from '../core/sync/plan-sync.js';
import { generatePlan, PLAN_HEADERS } from '../core/template.js';
import { validateWorkbook } from '../core/validate.js';
import { blockWrites } from './range-formats.js';

/** Tasks in the made-up plan: enough for the busy loops to be optimised, quick to run. */
const TASKS = 400;
/** Times over: each run lets V8 optimise more of what the last one ran. */
const RUNS = 3;

/** A plan as the pane reads it from Excel: values first, number formats added later. */
function madeUpPlan(): { wb: WorkbookData; dates: Cell[]; reportDate: Day } {
  const tasks = generatePlan(TASKS, { seed: 7, years: 2 });
  const col = (title: string) => PLAN_HEADERS.indexOf(title) + 1;
  const cells: (Cell | undefined)[][] = [[], PLAN_HEADERS.map((h) => ({ value: h }))];
  cells[1].unshift(undefined);
  const dates: Cell[] = [];
  tasks.forEach((t, i) => {
    const line: (Cell | undefined)[] = [];
    line[col('ID')] = { value: t.id };
    line[col('Workstream')] = { value: t.workstream };
    line[col('Task')] = { value: t.task };
    line[col('Lead')] = { value: t.lead };
    for (const [title, day] of [
      ['Start', t.start],
      ['End', t.end],
    ] as const) {
      const cell: Cell = { value: serialFromDay(day, false) };
      dates.push(cell);
      line[col(title)] = cell;
    }
    line[col('RAG')] = { value: t.rag };
    if (t.dependsOn) line[col('Depends on')] = { value: t.dependsOn };
    cells[i + 2] = line;
  });
  const sheet = {
    name: 'Plan',
    cells,
    maxRow: tasks.length + 1,
    maxCol: PLAN_HEADERS.length,
    merges: [],
    tables: [],
    protected: false,
  };
  return {
    wb: { date1904: false, names: [], sheets: [sheet], sheetNames: ['Plan'] },
    dates,
    // Mid-plan: some tasks overdue, some not.
    reportDate: tasks[tasks.length >> 1].start,
  };
}

/** The engine's part of Validate, Colour RAG and Build Gantt, in steps of a few milliseconds. */
function steps(): (() => void)[] {
  const { wb, dates, reportDate } = madeUpPlan();
  let first: ReturnType<typeof validateWorkbook> | null = null;
  let synced: ReturnType<typeof syncPlan> | null = null;
  return [
    () => {
      first = validateWorkbook(wb, { reportDate, errorsOnly: true });
    },
    () => {
      if (first?.ok)
        synced = syncPlan(wb, first.plan, first.findings, {
          reportDate: first.reportDate,
          timeline: true,
          key: true,
          print: true,
        });
    },
    () => {
      const timeline = synced?.edits.timeline;
      if (synced && timeline) blockWrites(timeline, synced.edits.styles, timeline.area);
    },
    () => {
      // The warm-up's own cells, given a date format for a second pass.
      for (const cell of dates) (cell as { numFmt?: string }).numFmt = 'dd/mm/yyyy';
      const again = validateWorkbook(wb, { reportDate });
      countBySeverity(sortFindings(again.findings));
    },
  ];
}

let pending: ReturnType<typeof setTimeout> | null = null;
let started = false;

/** The warm-up's steps one after the other, at once (for tests). */
export function warmUpNow(): void {
  for (const step of steps()) step();
}

/** Starts warming up the engine, a step at a time, once; each step waits for the pane to be free. */
export function warmUpEngine(): void {
  if (started) return;
  started = true;
  const since = performance.now();
  let runs = 0;
  let queue: (() => void)[] = [];
  const next = () => {
    pending = null;
    if (!queue.length && runs++ < RUNS) queue = steps();
    const step = queue.shift();
    if (!step) {
      finished(since);
      return;
    }
    try {
      step();
    } catch {
      // Only ever a warm-up: a real command says what went wrong.
      return;
    }
    pending = setTimeout(next, 0);
  };
  pending = setTimeout(next, 0);
}

/** The User Timing measure the warm-up leaves when done (the pane's benchmark waits for it). */
export const WARM_UP_MEASURE = 'plan-sync warm-up';

function finished(since: number): void {
  try {
    performance.measure(WARM_UP_MEASURE, { start: since });
  } catch {
    // A webview without User Timing level 3: nothing to time.
  }
}

/** A command is starting: the warm-up gives way for good. */
export function stopWarmUp(): void {
  started = true;
  if (pending !== null) clearTimeout(pending);
  pending = null;
}
