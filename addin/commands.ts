/**
 * The task pane's commands: the engine does the work, the Office.js adapter reads and writes.
 * Budget import code (CSV, money, table checks, .xlsx reading) loads on demand, when first used.
 */

import { parseRange, type WorkbookData } from '../core/cells.js';
import { sortFindings, countBySeverity, type Finding } from '../core/findings.js';
import { notDrawnSentence } from '../core/format/human.js';
import type { Day } from '../core/dates.js';
import { RAG_COLOURS, RAG_STATUSES } from '../core/rag.js';
import { writeRefusal } from '../core/refusals.js';
import { TIMELINE_NAME } from '../core/sync/edits.js';
import { syncPlan } from '../core/sync/plan-sync.js';
import { previousTimeline } from '../core/sync/timeline-name.js';
import { readPlan } from '../core/plan/read.js';
import { templateSheets } from '../core/template-layout.js';
import { validateWorkbook, type ValidateResult } from '../core/validate.js';
import {
  NoPlanError,
  UnsupportedExcelError,
  type BudgetFile,
  type CommandResult,
  type PlanCommands,
  type TimelineScale,
} from './commands-api.js';
import { apiSupported, onPlanEdited, withWorkbook, type WorkbookSession } from './excel-adapter.js';

/** The lowest ExcelApi set the add-in needs (setCellProperties, getRanges, frozen panes). */
export const REQUIRED_API = '1.9';
const RAG_FILLS = new Set(RAG_STATUSES.map((s) => RAG_COLOURS[s].fill));

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counts(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`;
}

function requireApi(): void {
  if (!apiSupported(REQUIRED_API))
    throw new UnsupportedExcelError(
      `This version of Excel does not support ExcelApi ${REQUIRED_API}, which plan-sync needs. Update Excel, or use Excel on the web.`,
    );
}

interface LivePlan {
  data: WorkbookData;
  validated: Extract<ValidateResult, { ok: true }>;
  details: Awaited<ReturnType<WorkbookSession['readPlanDetails']>>;
}

/**
 * Validation of the live workbook in two round trips: values first (to find the plan), then the
 * table's number formats, the RAG cells' fills when `withFills`, tables and panes. A missing plan
 * is a NoPlanError, which the pane answers with "New plan".
 */
async function validateLive(
  session: WorkbookSession,
  today: Day | undefined,
  withFills: boolean,
): Promise<LivePlan> {
  const { data } = await session.readPlanWorkbook();
  const located = readPlan(data);
  if (!located.ok) {
    if (located.findings.some((f) => f.rule === 'plan-sheet'))
      throw new NoPlanError(located.reason);
    throw new Error(located.reason);
  }
  const { plan } = located;
  const old = previousTimeline(data.names, plan.sheet.name);
  const right = Math.min(plan.sheet.maxCol, old ? old.left - 1 : plan.sheet.maxCol);
  const formatArea =
    plan.lastRow > plan.headerRow && right >= 1
      ? { top: plan.headerRow + 1, left: 1, bottom: plan.lastRow, right }
      : null;
  const ragCol = plan.columns.rag;
  const ragCells =
    withFills && ragCol !== undefined && formatArea
      ? [
          { row: formatArea.top, col: ragCol },
          { row: formatArea.bottom, col: ragCol },
        ]
      : [];
  const details = await session.readPlanDetails(plan.sheet, formatArea, ragCells);
  plan.sheet.tables = details.tables;
  const validated = validateWorkbook(data, { today });
  if (!validated.ok) throw new Error(validated.reason);
  return { data, validated, details };
}

async function runSync(
  parts: { rag: boolean; timeline: boolean },
  scale: TimelineScale | undefined,
  env: CommandOptions,
): Promise<CommandResult> {
  requireApi();
  return withWorkbook(async (session) => {
    const { data, validated, details } = await validateLive(session, env.today, parts.rag);
    const { plan } = validated;
    const refusal = writeRefusal(plan.sheet, 'sync');
    if (refusal) throw new Error(refusal);
    const result = syncPlan(data, plan, validated.findings, {
      scale,
      reportDate: validated.reportDate,
      timeline: parts.timeline,
    });
    const findings = sortFindings([...validated.findings, ...result.findings]);
    if (result.refusal) {
      // A cell of the user's is in the way, or the timeline cannot fit: nothing is written at all.
      return { findings, summary: result.refusal.reason, refused: true };
    }
    const timeline = result.edits.timeline;
    await session.applySync(
      result.edits,
      details.fills,
      details.hasFrozenPanes,
      parts,
      RAG_FILLS,
      timeline ? timeline.nameRef : null,
      session.hasName(TIMELINE_NAME),
    );
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
    };
  }, env.requestBudget);
}

/** Which columns of the plan an edit must touch to need a redraw. */
function watchedColumns(validated: Extract<ValidateResult, { ok: true }>): number[] {
  const c = validated.plan.columns;
  return [c.id, c.start, c.end, c.rag, c.dependencies, c.progress].filter(
    (x): x is number => x !== undefined,
  );
}

export interface CommandOptions {
  /** Today's date, for tests; the machine's local date otherwise. */
  today?: Day;
  /** Request size before splitting, for tests that lower the host's limit; 4 MB otherwise. */
  requestBudget?: number;
}

export function createCommands(options: CommandOptions = {}): PlanCommands {
  const { today, requestBudget } = options;
  let stopWatching: (() => Promise<void>) | null = null;

  const commands: PlanCommands = {
    missingRequirements() {
      return apiSupported(REQUIRED_API) ? [] : [`ExcelApi ${REQUIRED_API}`];
    },

    async validate() {
      requireApi();
      return withWorkbook(async (session) => {
        const { validated } = await validateLive(session, today, false);
        const tasks = validated.plan.tasks.length;
        return {
          findings: validated.findings,
          summary: `${plural(tasks, 'task')} on sheet "${validated.plan.sheet.name}": ${counts(validated.findings)}.`,
        };
      }, requestBudget);
    },

    colourRag: () => runSync({ rag: true, timeline: false }, undefined, options),
    buildGantt: (scale) => runSync({ rag: false, timeline: true }, scale, options),

    async importBudget(file: BudgetFile, importOptions = {}) {
      requireApi();
      const { importBudgetTable } = await import('./budget-import.js');
      return importBudgetTable(file, importOptions, requestBudget);
    },

    async newPlan() {
      requireApi();
      return withWorkbook(async (session) => {
        const { added, skipped } = await session.addSheets(templateSheets());
        const parts = [];
        if (added.length) parts.push(`Added ${added.join(', ')}.`);
        if (skipped.length)
          parts.push(`Kept your existing ${skipped.join(', ')} (not overwritten).`);
        return { findings: [], summary: parts.join(' ') || 'Nothing to add.' };
      }, requestBudget);
    },

    async selectCell(sheet, cell) {
      await withWorkbook((session) => session.select(sheet, cell), requestBudget);
    },

    async setKeepUpToDate(on, onUpdate) {
      if (stopWatching) {
        await stopWatching();
        stopWatching = null;
      }
      if (!on) return;
      requireApi();
      const validated = await withWorkbook(
        async (session) => (await validateLive(session, today, false)).validated,
        requestBudget,
      );
      const sheet = validated.plan.sheet.name;
      const columns = watchedColumns(validated);
      let timer: ReturnType<typeof setTimeout> | null = null;
      let running = false;
      let again = false;
      const run = async () => {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          onUpdate(await runSync({ rag: true, timeline: true }, undefined, options));
        } catch (e) {
          onUpdate(e as Error);
        } finally {
          running = false;
          if (again) {
            again = false;
            void run();
          }
        }
      };
      stopWatching = await onPlanEdited(sheet, (address) => {
        // Edits elsewhere (comments, the timeline itself) do not need a redraw.
        const range = parseRange(address.replace(/^.*!/, '').replace(/\$/g, ''));
        if (range && !columns.some((c) => c >= range.left && c <= range.right)) return;
        if (running) {
          again = true;
          return;
        }
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void run(), 250);
      });
    },
  };
  return commands;
}
