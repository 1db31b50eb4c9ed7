/**
 * What Colour RAG and Build Gantt need to know before they write: the plan, and its errors,
 * whose rows sync leaves alone. The number formats of the plan's dates arrive only with the
 * writes (same round trip), and the findings the pane shows come from validating again then;
 * the warnings of this first reading (every date not yet known to be formatted as one is "a
 * number") would be thrown away unread, so they are not made, nor sorted. Every rule's findings
 * have the rule's severity (rules/rule.ts taskFinding), so the rules of errors find them all.
 */

import type { WorkbookData } from '../core/cells.js';
import { todayLocal } from '../core/dates.js';
import { readPlan } from '../core/plan/read.js';
import { RULES } from '../core/rules/index.js';
import type { ValidateOptions, ValidateResult } from '../core/validate.js';

const ERROR_RULES = RULES.filter((rule) => rule.severity === 'error');

/** As validateWorkbook, but with only the findings that are errors, unsorted. */
export function errorsBeforeFormats(
  wb: WorkbookData,
  options: Pick<ValidateOptions, 'reportDate' | 'today'> = {},
): ValidateResult {
  const read = readPlan(wb);
  if (!read.ok) return read;
  const { plan } = read;
  const reportDate =
    options.reportDate ?? plan.settings.reportDate ?? options.today ?? todayLocal();
  const findings = read.findings.filter((f) => f.severity === 'error');
  for (const rule of ERROR_RULES)
    for (const f of rule.check({ plan, reportDate })) findings.push(f);
  return { ok: true, plan, findings, reportDate };
}
