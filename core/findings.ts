/** Findings are plain data: rules make them, formatters print them, hosts show them. */

import { flatten } from './flat-text.js';
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
  'return-conflict': 'Changed in both the return and the master',
  'return-invalid-value': 'Return values that cannot be read',
  'return-other-workstream': 'Rows of another workstream',
  'return-unknown-id': 'Tasks no longer in the master',
  'return-not-issued': 'Tasks not in the return as issued',
  'return-new-row': 'New tasks in a return',
  'return-added': 'New tasks added',
  'return-no-id': 'Return rows without an ID',
  'return-duplicate-id': 'IDs repeated in a return',
  'return-stale': 'Stale returns',
  'return-no-column': 'Fields the master has no column for',
  'return-formula': 'Formulas a return would overwrite',
  'return-missing': 'Workstreams without a return',
  'return-other-master': 'Returns issued from another file',
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

/** Each message held flat (see core/flat-text.ts): a large plan's findings are kept to the end. */
export function flattenMessages(findings: readonly Finding[], from = 0): void {
  for (let i = from; i < findings.length; i++) flatten(findings[i].message);
}

/** Sort by sheet (in the order first seen), severity, then row and column. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  // Keys computed once per finding, not in the comparator (50,000 findings: a million compares).
  const n = findings.length;
  // Groups (see groupOf) by sheet name and by file name, numbered in the order first seen.
  const sheetGroup = new Map<string, number>();
  const fileGroup = new Map<string, number>();
  let groups = 0;
  const group = new Float64Array(n);
  const severity = new Float64Array(n);
  const row = new Float64Array(n);
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = findings[i];
    const byName = f.source ? fileGroup : sheetGroup;
    const name = f.source ? f.source.file : f.sheet;
    let order = byName.get(name);
    if (order === undefined) byName.set(name, (order = groups++));
    group[i] = order;
    severity[i] = SEVERITY_ORDER.indexOf(f.severity);
    if (f.source) {
      row[i] = f.source.line;
      col[i] = f.source.column;
    } else {
      const at = parseA1(f.cell);
      if (at) {
        row[i] = at.row;
        col[i] = at.col;
      }
    }
  }
  const compare = (a: number, b: number) =>
    group[a] - group[b] ||
    severity[a] - severity[b] ||
    row[a] - row[b] ||
    col[a] - col[b] ||
    findings[a].rule.localeCompare(findings[b].rule) ||
    a - b;
  // Rules list their findings row by row: a list from one rule is often in order already.
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) inOrder = compare(i - 1, i) < 0;
  if (inOrder) return findings.slice();
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(compare);
  return order.map((i) => findings[i]);
}
