/**
 * The task pane's commands: the engine does the work, the Office.js adapter reads and writes.
 * One command works with the workbook at a time, whether a click or an automatic update started
 * it. Budget import code (CSV, money, table checks, .xlsx reading) loads on demand.
 */

import { parseRange } from '../core/cells.js';
import { sortFindings, countBySeverity, type Finding } from '../core/findings.js';
import { notDrawnSentence } from '../core/format/human.js';
import { dayFromYMD, isoOf, type Day } from '../core/dates.js';
import { RAG_COLOURS, RAG_STATUSES } from '../core/rag.js';
import { writeRefusal } from '../core/refusals.js';
import { TIMELINE_NAME } from '../core/sync/edits.js';
import { syncPlan } from '../core/sync/plan-sync.js';
import { templateSheets } from '../core/template-layout.js';
import { validateWorkbook, type ValidateResult } from '../core/validate.js';
import {
  ExcelFailure,
  NoPlanError,
  UnsupportedExcelError,
  type BoardRunOptions,
  type BudgetFile,
  type CommandResult,
  type HostCapabilities,
  type PlanCommands,
  type RunOptions,
  type TimelineScale,
} from './commands-api.js';
import {
  apiSupported,
  newHostState,
  officeErrorCode,
  onPlanEdited,
  RetryCommand,
  withWorkbook,
  type HostState,
  type PlanNeeds,
  type PlanRead,
  type WorkbookSession,
} from './excel-adapter.js';

/** The lowest ExcelApi set the add-in needs (setCellProperties, getRanges, frozen panes). */
export const REQUIRED_API = '1.9';
/** Merged areas (Range.getMergedAreasOrNullObject): the timeline must not draw over merged cells. */
export const GANTT_API = '1.13';
/** WorksheetChangedEventArgs.triggerSource: automatic updates must not answer their own writes. */
export const LIVE_API = '1.14';
/** Worksheet.shapes.addSvg and pageLayout: the board timeline's pictures and print setup. */
export const BOARD_API = '1.9';
/** Before it, Excel empties its undo list whenever an add-in writes. */
export const UNDO_API = '1.19';
const RAG_FILLS = new Set(RAG_STATUSES.map((s) => RAG_COLOURS[s].fill));
/** A command that only reads the plan: its cells and number formats. */
const PLAN_ONLY: PlanNeeds = { fills: false, placement: false, numberFormats: 'now' };
/** Attempts of one command when Excel refuses a multi-area address (the session adapts each time). */
const ATTEMPTS = 6;

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function counts(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`;
}

/** What to do when Excel refuses a request, by Office.js error code. */
const ADVICE: Record<string, string> = {
  AccessDenied:
    'Excel refused the change: the sheet or workbook is protected, or you can only read this file. Unprotect it (Review > Unprotect Sheet) or ask its owner for edit access, then try again',
  ItemAlreadyExists:
    'Excel refused the change: a sheet or defined name of that name already exists. Rename or delete it (Formulas > Name Manager for names), then try again',
  InvalidArgument:
    'Excel refused part of the change as not valid in this version of Excel. Try again; if it happens again, update Excel or use Excel on the web',
  RequestPayloadSizeLimitExceeded:
    'The change was too large for Excel to take at once. Try again; if it happens again, use Excel for Windows or Mac, which take larger changes than Excel on the web',
  ResponsePayloadSizeLimitExceeded:
    'The plan was too large for Excel to send at once. Try again; if it happens again, use Excel for Windows or Mac, which send more than Excel on the web',
  GeneralException:
    'Excel reported an internal error, which often means the plan was too large to send or change at once. Save the workbook and try again; if it happens again, use Excel for Windows or Mac',
  ApiNotFound:
    'This version of Excel lacks a feature plan-sync needs. Update Excel, or use Excel on the web',
  ItemNotFound:
    'A sheet or name plan-sync was working with has gone (deleted or renamed meanwhile). Try again',
  InvalidOperation:
    'Excel did not allow this change now (a cell may be in edit mode). Press Enter or Esc in the sheet, then try again',
  RangeExceedsLimit:
    'The plan has more cells than Excel reads at once. Remove unused rows and columns far down or right of the plan, then try again',
};

/** An error as the pane shows it: Office.js errors become advice, by their code (type, not name). */
function failureOf(err: unknown): unknown {
  if (
    err instanceof NoPlanError ||
    err instanceof UnsupportedExcelError ||
    err instanceof ExcelFailure
  )
    return err;
  const code = officeErrorCode(err);
  if (code === null) return err;
  const advice =
    ADVICE[code] ??
    'Excel could not finish the change. Try again; if it happens again, close and reopen the workbook';
  return new ExcelFailure(`${advice} (Excel said ${code}).`, code);
}

function requireApi(version: string, what: string): void {
  if (!apiSupported(version))
    throw new UnsupportedExcelError(
      `${what} needs ExcelApi ${version}, which this version of Excel does not have. Update Excel, or use Excel on the web.`,
      `ExcelApi ${version}`,
    );
}

/** `2020-11-13` -> a Day (the pane's date field); undefined when empty or not a date. */
function chosenDay(options: RunOptions | undefined): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(options?.reportDate ?? '');
  return m ? (dayFromYMD(Number(m[1]), Number(m[2]), Number(m[3])) ?? undefined) : undefined;
}

export type Validated = Extract<ValidateResult, { ok: true }>;

interface LivePlan {
  read: PlanRead;
  validated: Validated;
  reportDate: NonNullable<CommandResult['reportDate']>;
}

export interface CommandOptions {
  /** Today's date, for tests; the machine's local date otherwise. */
  today?: Day;
  /** Bytes a request or response may carry before it is split (tests lower Excel's limit). */
  requestBudget?: number;
}

/** Runs a command in Excel: again from a fresh read when the session changed how it writes. */
export type RunInExcel = <T>(fn: (session: WorkbookSession) => Promise<T>) => Promise<T>;

export function createCommands(options: CommandOptions = {}): PlanCommands {
  const { today, requestBudget } = options;
  const host: HostState = newHostState(requestBudget);
  const listeners = new Set<(busy: boolean) => void>();
  let queue: Promise<unknown> = Promise.resolve();
  let working = 0;

  /**
   * One command at a time, a click or an automatic update: the next waits until the one before
   * has finished. Listeners hear when automatic updates start and stop working.
   */
  function exclusive<T>(task: () => Promise<T>, automatic = false): Promise<T> {
    const run = queue.then(() => {
      if (automatic && working++ === 0) for (const l of listeners) l(true);
      return task();
    });
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return automatic
      ? run.finally(() => {
          if (--working === 0) for (const l of listeners) l(false);
        })
      : run;
  }

  const inExcel: RunInExcel = async <T>(fn: (session: WorkbookSession) => Promise<T>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withWorkbook(host, fn);
      } catch (e) {
        if (e instanceof RetryCommand) {
          if (attempt < ATTEMPTS) continue;
          throw failureOf(e.original);
        }
        throw failureOf(e);
      }
    }
  };

  /**
   * Reads and validates the plan. A missing plan is a NoPlanError, which the pane answers with
   * "New plan".
   */
  async function validateLive(
    session: WorkbookSession,
    needs: PlanNeeds,
    run: RunOptions | undefined,
    errorsOnly = false,
  ): Promise<LivePlan> {
    const read = await session.readPlanWorkbook({}, needs);
    const chosen = chosenDay(run);
    const validated = validateWorkbook(read.data, { today, reportDate: chosen, errorsOnly });
    if (!validated.ok) {
      if (validated.findings.some((f) => f.rule === 'plan-sheet'))
        throw new NoPlanError(validated.reason);
      throw new Error(validated.reason);
    }
    const from =
      chosen !== undefined
        ? 'chosen'
        : validated.plan.settings.reportDate !== undefined
          ? 'settings'
          : 'today';
    return { read, validated, reportDate: { iso: isoOf(validated.reportDate), from } };
  }

  /** Findings again once the number formats read with the writes have arrived, and sync's own. */
  function refreshed(
    live: LivePlan,
    run: RunOptions | undefined,
    ofSync: readonly Finding[],
  ): Finding[] {
    const again = validateWorkbook(live.read.data, { today, reportDate: chosenDay(run) });
    // validateWorkbook's findings come sorted: sorted again only with sync's own among them.
    if (again.ok && !ofSync.length) return again.findings;
    return sortFindings([...(again.ok ? again.findings : live.validated.findings), ...ofSync]);
  }

  async function runSync(
    parts: { rag: boolean; timeline: boolean },
    scale: TimelineScale | undefined,
    run: RunOptions | undefined,
  ): Promise<CommandResult> {
    requireApi(REQUIRED_API, 'plan-sync');
    if (parts.timeline) requireApi(GANTT_API, 'Build Gantt (to see merged cells before drawing)');
    return inExcel(async (session) => {
      const live = await validateLive(
        session,
        {
          fills: parts.rag,
          placement: parts.timeline,
          numberFormats: 'with-writes',
          pageSetup: parts.timeline,
        },
        run,
        // Errors only: the findings shown are made once the number formats have arrived (refreshed).
        true,
      );
      const { read, validated } = live;
      const { plan } = validated;
      const refusal = writeRefusal(plan.sheet, 'sync');
      if (refusal) throw new Error(refusal);
      const result = syncPlan(read.data, plan, validated.findings, {
        scale,
        reportDate: validated.reportDate,
        timeline: parts.timeline,
        key: true,
        // The board print setup, applied only where the sheet has none of the user's.
        print: parts.timeline,
      });
      if (result.refusal) {
        // A cell of the user's is in the way, or the timeline cannot fit: nothing is written at all.
        await session.readPending(read.pending);
        const findings = refreshed(live, run, result.findings);
        return {
          findings,
          summary: result.refusal.reason,
          refused: true,
          reportDate: live.reportDate,
        };
      }
      await session.applySync(result.edits, read, parts, RAG_FILLS, session.hasName(TIMELINE_NAME));
      const findings = refreshed(live, run, result.findings);
      const s = result.summary;
      const done: string[] = [];
      if (parts.rag) done.push(`coloured ${plural(s.ragCells, 'RAG cell')}`);
      if (parts.timeline) {
        done.push(
          s.timelineRange
            ? `drew ${plural(s.bars, 'bar')} and ${plural(s.milestones, 'milestone')} over ${plural(s.periods, s.scale ?? 'period')} in ${s.timelineRange}`
            : 'drew no timeline',
        );
      }
      const text = done.join('; ');
      const notDrawn = parts.timeline ? notDrawnSentence(s.notDrawn, s.timelineRange !== null) : '';
      return {
        findings,
        summary: `${text.charAt(0).toUpperCase()}${text.slice(1)}. ${notDrawn ? `${notDrawn} ` : ''}${counts(findings)}.`,
        reportDate: live.reportDate,
      };
    });
  }

  /** Which columns of the plan an edit must touch to need a redraw. */
  function watchedColumns(validated: Validated): number[] {
    const c = validated.plan.columns;
    return [c.id, c.start, c.end, c.rag, c.dependencies, c.progress].filter(
      (x): x is number => x !== undefined,
    );
  }

  interface Live {
    stopped: boolean;
    running: boolean;
    again: boolean;
    timer: ReturnType<typeof setTimeout> | null;
    stop: () => Promise<void>;
  }
  let live: Live | null = null;

  const commands: PlanCommands = {
    missingRequirements() {
      return apiSupported(REQUIRED_API) ? [] : [`ExcelApi ${REQUIRED_API}`];
    },

    capabilities(): HostCapabilities {
      return {
        ganttNeeds: apiSupported(GANTT_API) ? null : `ExcelApi ${GANTT_API}`,
        liveNeeds: !apiSupported(GANTT_API)
          ? `ExcelApi ${GANTT_API}`
          : apiSupported(LIVE_API)
            ? null
            : `ExcelApi ${LIVE_API}`,
        undoKept: apiSupported(UNDO_API),
        boardNeeds: apiSupported(BOARD_API) ? null : `ExcelApi ${BOARD_API}`,
      };
    },

    onBusy(listener) {
      listeners.add(listener);
    },

    async validate(run) {
      requireApi(REQUIRED_API, 'plan-sync');
      return exclusive(() =>
        inExcel(async (session) => {
          const { validated, reportDate } = await validateLive(
            session,
            { fills: false, placement: false, numberFormats: 'now' },
            run,
          );
          const tasks = validated.plan.tasks.length;
          return {
            findings: validated.findings,
            summary: `${plural(tasks, 'task')} on sheet "${validated.plan.sheet.name}": ${counts(validated.findings)}.`,
            reportDate,
          };
        }),
      );
    },

    colourRag: (run) => exclusive(() => runSync({ rag: true, timeline: false }, undefined, run)),
    buildGantt: (scale, run) =>
      exclusive(() => runSync({ rag: false, timeline: true }, scale, run)),

    async importBudget(file: BudgetFile, importOptions = {}) {
      requireApi(REQUIRED_API, 'plan-sync');
      return exclusive(async () => {
        const { importBudgetTable } = await import('./budget-import.js');
        return importBudgetTable(file, importOptions, inExcel);
      });
    },

    async mergeReturn(file: BudgetFile, mergeOptions = {}) {
      requireApi(REQUIRED_API, 'plan-sync');
      return exclusive(async () => {
        const { mergeReturnFile } = await import('./returns-merge.js');
        return mergeReturnFile(file, { ...mergeOptions, today }, inExcel);
      });
    },

    async newPlan() {
      requireApi(REQUIRED_API, 'plan-sync');
      return exclusive(() =>
        inExcel(async (session) => {
          const { added, skipped } = await session.addSheets(templateSheets());
          const parts = [];
          if (added.length) parts.push(`Added ${added.join(', ')}.`);
          if (skipped.length)
            parts.push(`Kept your existing ${skipped.join(', ')} (not overwritten).`);
          return { findings: [], summary: parts.join(' ') || 'Nothing to add.' };
        }),
      );
    },

    async adoptPaintedTimeline() {
      requireApi(REQUIRED_API, 'plan-sync');
      return exclusive(async () => {
        const { adoptActiveSheet } = await import('./adopt.js');
        return adoptActiveSheet(inExcel);
      });
    },

    async boardTimeline(run: BoardRunOptions = {}) {
      requireApi(BOARD_API, 'Board timeline (a picture in the workbook)');
      return exclusive(() =>
        inExcel(async (session) => {
          const live = await validateLive(session, PLAN_ONLY, run);
          // The board engine loads only when first used.
          const { boardTimelineIn } = await import('./board-timeline.js');
          return boardTimelineIn(session, live.validated, live.reportDate, run);
        }),
      );
    },

    async boardDeck(run: BoardRunOptions = {}) {
      requireApi(REQUIRED_API, 'plan-sync');
      const live = await exclusive(() =>
        inExcel((session) => validateLive(session, PLAN_ONLY, run)),
      );
      const { boardDeckOf } = await import('./board-timeline.js');
      return boardDeckOf(live.validated, run);
    },

    async highlightReport(run) {
      requireApi(REQUIRED_API, 'plan-sync');
      return exclusive(() =>
        inExcel(async (session) => {
          const live = await validateLive(session, PLAN_ONLY, run);
          // The report engine loads only when first used, like the budget import.
          const { highlightReportIn } = await import('./highlight-report.js');
          return highlightReportIn(session, live.validated, live.reportDate);
        }),
      );
    },

    selectCell(sheet, cell) {
      return exclusive(() => inExcel((session) => session.select(sheet, cell)));
    },

    async setKeepUpToDate(on, onUpdate, runOptions) {
      if (live) {
        const old = live;
        live = null;
        old.stopped = true;
        if (old.timer) clearTimeout(old.timer);
        old.timer = null;
        await old.stop();
      }
      if (!on) return;
      requireApi(REQUIRED_API, 'plan-sync');
      requireApi(GANTT_API, 'Keep up to date (it redraws the Gantt)');
      requireApi(LIVE_API, 'Keep up to date (to tell its own changes from yours)');
      const { validated } = await exclusive(() =>
        inExcel((session) =>
          validateLive(
            session,
            { fills: false, placement: false, numberFormats: 'now' },
            runOptions?.(),
          ),
        ),
      );
      const sheet = validated.plan.sheet.name;
      const columns = watchedColumns(validated);
      const state: Live = {
        stopped: false,
        running: false,
        again: false,
        timer: null,
        stop: async () => undefined,
      };
      const schedule = () => {
        if (state.stopped) return;
        if (state.timer) clearTimeout(state.timer);
        state.timer = setTimeout(() => {
          state.timer = null;
          void update();
        }, 250);
      };
      const update = async () => {
        if (state.stopped) return;
        if (state.running) {
          state.again = true;
          return;
        }
        state.running = true;
        try {
          const result = await exclusive(
            () => runSync({ rag: true, timeline: true }, undefined, runOptions?.()),
            true,
          );
          if (!state.stopped) onUpdate(result);
        } catch (e) {
          if (!state.stopped) onUpdate(e instanceof Error ? e : new Error(String(e)));
        } finally {
          state.running = false;
          if (state.again && !state.stopped) {
            state.again = false;
            schedule();
          }
        }
      };
      state.stop = await onPlanEdited(sheet, (address) => {
        if (state.stopped) return;
        // Edits elsewhere (comments, the timeline itself) do not need a redraw.
        const range = parseRange(address.replace(/^.*!/, '').replace(/\$/g, ''));
        if (range && !columns.some((c) => c >= range.left && c <= range.right)) return;
        if (state.running) {
          state.again = true;
          return;
        }
        schedule();
      });
      live = state;
    },
  };
  return commands;
}
