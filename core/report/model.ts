/** The highlight report as plain data: what the sheet, `--json` and the pane show. */

import type { Day } from '../dates.js';
import type { Finding } from '../findings.js';
import type { RagRollup, RagScale } from '../plan/settings.js';
import type { RagStatus } from '../rag.js';
import type { RaidType } from './raid.js';
import type { HistoryRow, Trend } from './history.js';

export interface TaskRef {
  id: string;
  task: string;
  /** The plan row, for links to the task. */
  row: number;
}

export interface DatedTask extends TaskRef {
  date: Day;
}

export interface SlippedTask extends TaskRef {
  days: number;
}

export interface RiskRef {
  id: string;
  type: RaidType | null;
  rating: string | null;
  status: RagStatus | null;
  score: number | null;
  description: string;
  owner: string | null;
  escalate: boolean;
  row: number;
}

export interface WorkstreamReport {
  name: string;
  lead: string | null;
  /** On the Workstreams sheet; false for a workstream only the plan's tasks name. */
  listed: boolean;
  declared: RagStatus | null;
  declaredText: string | null;
  /** The parts of a compound declared status (`AMBER OLA / GREEN`). */
  declaredParts?: RagStatus[];
  computed: RagStatus | null;
  /**
   * Why nothing was computed although there was something to roll up: every task (or
   * workstream) is Complete or Not started, a mix of the two, which counts only when all are so.
   */
  mixedDoneAndNotStarted?: { complete: number; notStarted: number };
  trend: Trend;
  dateOfReport: Day | null;
  /** The Workstreams sheet and the cells of this workstream's row, for findings and links. */
  sheet: string | null;
  cells: Partial<Record<string, string>>;
  progressToDate: string | null;
  nextPeriod: string | null;
  risksAndIssues: string | null;
  escalationsText: string | null;
  tasks: number;
  milestonesDue: DatedTask[];
  nextMilestone: DatedTask | null;
  completedSincePrevious: TaskRef[];
  overdue: DatedTask[];
  /** Overdue milestones (start = end), for the watermelon check. */
  overdueMilestones: DatedTask[];
  slipped: SlippedTask[];
  /** Open risks and issues, highest rated first. */
  risks: RiskRef[];
  escalations: string[];
  /** Rule ids of the findings about this workstream. */
  flags: string[];
}

export interface ProgrammeReport {
  name: string | null;
  declared: RagStatus | null;
  declaredText: string | null;
  declaredParts?: RagStatus[];
  computed: RagStatus | null;
  /**
   * Why nothing was computed although there was something to roll up: every task (or
   * workstream) is Complete or Not started, a mix of the two, which counts only when all are so.
   */
  mixedDoneAndNotStarted?: { complete: number; notStarted: number };
  trend: Trend;
  /** The Settings cell of the declared status (`Programme RAG`). */
  sheet: string | null;
  cell: string | null;
  flags: string[];
}

export interface HighlightReport {
  reportDate: Day;
  previousReportDate: Day | null;
  periodWeeks: number;
  periodEnd: Day;
  rollup: RagRollup;
  scale: RagScale;
  programme: ProgrammeReport;
  workstreams: WorkstreamReport[];
  findings: Finding[];
  /** The whole Status history after this report: earlier dates, then this one. */
  history: HistoryRow[];
}
