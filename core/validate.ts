import type { WorkbookData } from './cells.js';
import { todayLocal, type Day } from './dates.js';
import { sortFindings, type Finding } from './findings.js';
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
}

export type ValidateResult =
  | { ok: true; plan: Plan; findings: Finding[]; reportDate: Day }
  | { ok: false; findings: Finding[]; reason: string };

export function validateWorkbook(wb: WorkbookData, options: ValidateOptions = {}): ValidateResult {
  const read = readPlan(wb, { sheetName: options.sheetName, columns: options.columns });
  if (!read.ok) return read;
  const { plan } = read;
  const reportDate =
    options.reportDate ?? plan.settings.reportDate ?? options.today ?? todayLocal();
  const findings = [...read.findings];
  // A loop, not push(...): a spread of a large plan's findings passes the engine's argument limit.
  for (const rule of RULES) for (const f of rule.check({ plan, reportDate })) findings.push(f);
  return { ok: true, plan, findings: sortFindings(findings), reportDate };
}

/** Rows that have at least one error: sync leaves them alone. */
export function rowsWithErrors(findings: readonly Finding[]): Set<number> {
  const rows = new Set<number>();
  for (const f of findings) if (f.severity === 'error' && f.row !== undefined) rows.add(f.row);
  return rows;
}
