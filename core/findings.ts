/** Findings are plain data: rules make them, formatters print them, hosts show them. */

import { parseA1 } from './cells.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** The id of the rule that found it, e.g. `end-before-start`. */
  rule: string;
  sheet: string;
  /** A1 address of the cell to look at; empty when the finding is about the whole sheet. */
  cell: string;
  /** What is wrong and what to do about it. */
  message: string;
  /** The plan row the finding is about, when it is about a task (rows with errors are not synced). */
  row?: number;
  /** For a finding about a CSV file (then `sheet` and `cell` are empty): where in the file. */
  source?: { file: string; line: number; column: number };
  /** For a total that does not add up: which, and by how much. */
  total?: { label: string; column: string; stated: number; computed: number; difference: number };
}

/** Where a finding points, for people: `B7`, `line 12, column 3`, or ''. */
export function locationOf(f: Finding): string {
  if (f.source) return `line ${f.source.line}, column ${f.source.column}`;
  return f.cell;
}

/** The group a finding is listed under: its sheet, or its source file. */
export function groupOf(f: Finding): string {
  if (f.source) return `File "${f.source.file}"`;
  return f.sheet ? `Sheet "${f.sheet}"` : 'Workbook';
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/** What each rule's findings are called when listed together (the pane groups them by rule). */
const RULE_TITLES: Record<string, string> = {
  'complete-progress': 'Complete but not 100% done',
  'date-as-text': 'Dates typed as text or numbers',
  'date-invalid': 'Dates that are not real dates',
  'date-missing': 'Tasks without dates',
  'dependency-cycle': 'Dependencies that go round in a circle',
  'dependency-overlap': 'Tasks starting before what they depend on ends',
  'dependency-unknown': 'Dependencies on unknown IDs',
  'adopt-review': 'Adopted rows to check',
  'end-before-start': 'Tasks ending before they start',
  'id-duplicate': 'Duplicate IDs',
  'id-empty': 'Tasks without an ID',
  overdue: 'Overdue tasks',
  'progress-range': 'Progress outside 0% to 100%',
  'rag-compound': 'Statuses with two colours',
  'rag-unknown': 'Unknown RAG statuses',
  slippage: 'Tasks ending later than their baseline',
  'workstream-unknown': 'Unknown workstreams',
  timeline: 'Timeline',
  'timeline-blocked': 'Cells in the timeline’s way',
  'timeline-too-wide': 'Timeline too wide',
  'budget-total-row': 'Total rows that do not add up',
  'budget-total-column': 'Total columns that do not add up',
  'budget-not-a-number': 'Figures that are not numbers',
  'budget-no-value': 'Cells with no value',
  'budget-units': 'Units',
  'rag-rollup-mismatch': 'Statuses that differ from their roll-up',
  'rag-watermelon': 'Statuses better than their evidence',
  'rag-not-computed': 'Statuses with nothing computed to check them',
  'rag-compound-split': 'Two statuses in one cell (the worse is used)',
  'report-stale': 'Out-of-date reports',
  'report-placeholder': 'Returns with prompts or gaps',
  'raid-header': 'RAID log without a header',
  'raid-type-unknown': 'RAID items of unknown type',
  'raid-rating-unknown': 'RAID ratings not understood',
  'raid-workstream-unknown': 'RAID items of unknown workstreams',
  'raid-task-unknown': 'RAID items linked to unknown tasks',
  'raid-owner-missing': 'Open RAID items without an owner',
  'history-row': 'Status history rows not read',
};

/** The heading of a rule's findings: its title, else its id in words (`plan-sheet` -> `Plan sheet`). */
export function ruleTitle(rule: string): string {
  const title = RULE_TITLES[rule];
  if (title) return title;
  const words = rule.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Sort by sheet (in the order first seen), severity, then row and column. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const groupOrder = new Map<string, number>();
  for (const f of findings)
    if (!groupOrder.has(groupOf(f))) groupOrder.set(groupOf(f), groupOrder.size);
  const pos = (f: Finding): [number, number] => {
    if (f.source) return [f.source.line, f.source.column];
    const at = parseA1(f.cell);
    return at ? [at.row, at.col] : [0, 0];
  };
  return [...findings].sort((a, b) => {
    const s = groupOrder.get(groupOf(a))! - groupOrder.get(groupOf(b))!;
    if (s) return s;
    const v = SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
    if (v) return v;
    const [ar, ac] = pos(a);
    const [br, bc] = pos(b);
    return ar - br || ac - bc || a.rule.localeCompare(b.rule);
  });
}
