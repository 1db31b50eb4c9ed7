import { sortFindings, type Finding } from '../findings.js';

/**
 * `{"findings":[...]}`: each finding's severity, rule and message, its location (`sheet` and
 * `cell`, or `source` with `line` and `column` for a CSV), its plan `row` when about a task, and
 * for totals the row `label`, `column`, `stated`, `computed` and `difference`.
 */
export function findingsJson(
  findings: readonly Finding[],
  extra: Record<string, unknown> = {},
): string {
  const list = sortFindings(findings).map((f) => {
    const { severity, rule, sheet, cell, message, row, source, total } = f;
    return {
      severity,
      rule,
      ...(source ? { source } : { sheet, cell }),
      message,
      ...(row === undefined ? {} : { row }),
      ...(total ?? {}),
    };
  });
  return JSON.stringify({ findings: list, ...extra }, null, 2);
}
