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
}

/** The workbook has no plan sheet: the pane offers to create one. */
export class NoPlanError extends Error {
  override name = 'NoPlanError';
}

/** This Excel lacks an API set the command needs: the pane says which. */
export class UnsupportedExcelError extends Error {
  override name = 'UnsupportedExcelError';
}

export interface BudgetFile {
  name: string;
  bytes: Uint8Array;
}

export interface PlanCommands {
  /** Requirement sets that are missing on this Excel (empty when all is well). */
  missingRequirements(): string[];
  validate(): Promise<CommandResult>;
  colourRag(): Promise<CommandResult>;
  buildGantt(scale: TimelineScale): Promise<CommandResult>;
  importBudget(
    file: BudgetFile,
    options?: { name?: string; sheet?: string },
  ): Promise<CommandResult>;
  newPlan(): Promise<CommandResult>;
  /** Selects a finding's cell in the workbook. */
  selectCell(sheet: string, cell: string): Promise<void>;
  /**
   * While on, edits to dates or RAG in the plan re-colour and redraw within a second; each
   * automatic update is reported through `onUpdate`.
   */
  setKeepUpToDate(on: boolean, onUpdate: (result: CommandResult | Error) => void): Promise<void>;
}
