/**
 * What the task pane can ask of the add-in. The pane (taskpane.ts) only renders and calls these;
 * addin/commands.ts implements them with the engine and the Office.js adapter.
 */

import type { Finding } from '../core/findings.js';

export type TimelineScale = 'auto' | 'week' | 'month' | 'quarter';

export interface CommandResult {
  findings: Finding[];
  /** One line for the status area, e.g. `Coloured 24 RAG cells.` */
  summary: string;
  /** Nothing was written: the summary says why and the findings name the cells in the way. */
  refused?: boolean;
  /** The report date the plan was judged at (YYYY-MM-DD), and where it came from. */
  reportDate?: { iso: string; from: 'chosen' | 'settings' | 'today' };
  /** Highlight report: the programme and workstream statuses the pane shows. */
  report?: ReportSummary;
  /** Board timeline: the sheet drawn on and its pages (one picture each). */
  board?: { sheet: string; pages: number };
}

/** A status line of the highlight report: labels such as `Amber/Red`, trend such as `▼ worse`. */
export interface ReportLine {
  name: string;
  declared: string | null;
  computed: string | null;
  trend: string;
  /** Rule ids of its findings, e.g. `rag-watermelon`. */
  flags: string[];
  /** Where its declared status is, to link to; null when it has none. */
  sheet: string | null;
  cell: string | null;
}

export interface ReportSummary {
  programme: ReportLine;
  workstreams: ReportLine[];
}

/** The workbook has no plan sheet: the pane offers to create one. */
export class NoPlanError extends Error {
  override name = 'NoPlanError';
}

/** This Excel lacks an API set the command needs: the pane says which. */
export class UnsupportedExcelError extends Error {
  override name = 'UnsupportedExcelError';
  constructor(
    message: string,
    /** The requirement set missing, e.g. `ExcelApi 1.13`. */
    readonly apiSet: string,
  ) {
    super(message);
  }
}

/** Excel refused or failed a request: the message says, in plain words, what to do. */
export class ExcelFailure extends Error {
  override name = 'ExcelFailure';
  constructor(
    message: string,
    /** Office.js's error code, e.g. `AccessDenied`. */
    readonly code: string,
  ) {
    super(message);
  }
}

export interface BudgetFile {
  name: string;
  bytes: Uint8Array;
}

/** What a command is run with, from the pane's fields. */
export interface RunOptions {
  /** The report date (YYYY-MM-DD) chosen in the pane; otherwise the Settings sheet's, else today. */
  reportDate?: string;
}

/** Board timeline's options, from the pane's fields (as `plan-sync export` takes them). */
export interface BoardRunOptions extends RunOptions {
  /** Page (and picture) size: 16:9 (default), a4 or a3. */
  page?: '16:9' | 'a4' | 'a3';
  /** Only these workstreams: one name, or names separated by commas or semicolons. */
  workstreams?: string;
  /** The title (default: the programme name on the Settings sheet). */
  title?: string;
  scale?: TimelineScale;
}

/** The board as a slide deck, for the pane to offer as a download. */
export interface BoardDeckFile {
  fileName: string;
  bytes: Uint8Array;
  summary: string;
}

export interface HostCapabilities {
  /** The requirement set Build Gantt lacks on this Excel (null when it can run). */
  ganttNeeds: string | null;
  /** The requirement set Keep up to date lacks (null when it can run). */
  liveNeeds: string | null;
  /** Excel keeps its undo history when the add-in writes (ExcelApi 1.19). */
  undoKept: boolean;
  /** The requirement set Board timeline lacks (pictures in a sheet; null when it can run). */
  boardNeeds?: string | null;
}

export interface PlanCommands {
  /** Requirement sets that are missing on this Excel (empty when all is well). */
  missingRequirements(): string[];
  capabilities(): HostCapabilities;
  validate(options?: RunOptions): Promise<CommandResult>;
  colourRag(options?: RunOptions): Promise<CommandResult>;
  buildGantt(scale: TimelineScale, options?: RunOptions): Promise<CommandResult>;
  importBudget(
    file: BudgetFile,
    options?: { name?: string; sheet?: string },
  ): Promise<CommandResult>;
  newPlan(): Promise<CommandResult>;
  /**
   * Infers a plan with dates from the Gantt painted by hand on the active sheet and writes it as
   * new Plan and Adoption review sheets (under free names: never over an existing sheet).
   */
  adoptPaintedTimeline(): Promise<CommandResult>;
  /**
   * Draws the board timeline (the picture `plan-sync export x.svg` draws) on the `Board timeline`
   * sheet, one picture per page; a sheet of that name plan-sync did not make is refused.
   */
  boardTimeline(options?: BoardRunOptions): Promise<CommandResult>;
  /** The same board as an editable PowerPoint deck, for the pane to offer as a download. */
  boardDeck(options?: BoardRunOptions): Promise<BoardDeckFile>;
  /** Builds the Highlight report and Status history sheets (as plan-sync report does). */
  highlightReport(options?: RunOptions): Promise<CommandResult>;
  /**
   * Merges a workstream lead's return (an .xlsx issued by `plan-sync returns issue`) into the open
   * workbook with the three-way merge; conflicts come back as findings at their cells.
   */
  mergeReturn(file: BudgetFile, options?: { acceptNew?: boolean }): Promise<CommandResult>;
  /** Selects a finding's cell in the workbook. */
  selectCell(sheet: string, cell: string): Promise<void>;
  /**
   * While on, edits to dates or RAG in the plan re-colour and redraw within a second; each
   * automatic update is reported through `onUpdate`. `options` gives the report date to use.
   */
  setKeepUpToDate(
    on: boolean,
    onUpdate: (result: CommandResult | Error) => void,
    options?: () => RunOptions,
  ): Promise<void>;
  /**
   * `listener(true)` when an automatic update (Keep up to date) starts working with the workbook,
   * `listener(false)` when it has finished. Commands run one at a time: a click waits for it.
   */
  onBusy(listener: (busy: boolean) => void): void;
}
