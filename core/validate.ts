import type { WorkbookData } from './cells.js';
import { todayLocal, type Day } from './dates.js';
import { flattenMessages, sortFindings, type Finding } from './findings.js';
import type { ColumnMapping } from './plan/columns.js';
import { readPlan, type Plan } from './plan/read.js';
import { RULES } from './rules/index.js';

export interface ValidateOptions {
  /** Plan sheet chosen by the user. */
  sheetName?: string;
  /** Column titles mapped by the user on the command line (`--column start=From`). */
  columns?: ColumnMapping;
  /** Report date given by the user; otherwise the Settings sheet's, otherwise today. */
  reportDate?: Day;
  /** Today's date (for tests); defaults to the machine's local calendar date. */
  today?: Day;
  /**
   * Only the findings that are errors, unsorted: for a host that needs only the rows sync leaves
   * alone (the pane, before the number formats arrive). Every rule's findings carry the rule's
   * severity, so only the rules of errors run.
   */
  errorsOnly?: boolean;
}

const ERROR_RULES = RULES.filter((rule) => rule.severity === 'error');

export type ValidateResult =
  | { ok: true; plan: Plan; findings: Finding[]; reportDate: Day }
  | { ok: false; findings: Finding[]; reason: string };

export function validateWorkbook(wb: WorkbookData, options: ValidateOptions = {}): ValidateResult {
  const read = readPlan(wb, { sheetName: options.sheetName, columns: options.columns });
  if (!read.ok) return read;
  const { plan } = read;
  const reportDate =
    options.reportDate ?? plan.settings.reportDate ?? options.today ?? todayLocal();
  const { errorsOnly = false } = options;
  const findings = errorsOnly
    ? read.findings.filter((f) => f.severity === 'error')
    : [...read.findings];
  flattenMessages(findings);
  // A loop, not push(...): a spread of a large plan's findings passes the engine's argument limit.
  for (const rule of errorsOnly ? ERROR_RULES : RULES) {
    const from = findings.length;
    for (const f of rule.check({ plan, reportDate })) findings.push(f);
    // Each rule's messages flat before the next rule runs (see flattenMessages).
    flattenMessages(findings, from);
  }
  return { ok: true, plan, findings: errorsOnly ? findings : sortFindings(findings), reportDate };
}

/** Rows that have at least one error: sync leaves them alone. */
export function rowsWithErrors(findings: readonly Finding[]): Set<number> {
  const rows = new Set<number>();
  for (const f of findings) if (f.severity === 'error' && f.row !== undefined) rows.add(f.row);
  return rows;
}
