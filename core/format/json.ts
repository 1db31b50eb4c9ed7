import { sortFindings, type Finding } from '../findings.js';

/** `{"findings":[...]}` with each finding's severity, rule, sheet, cell and message (and row). */
export function findingsJson(
  findings: readonly Finding[],
  extra: Record<string, unknown> = {},
): string {
  const list = sortFindings(findings).map(({ severity, rule, sheet, cell, message, row }) =>
    row === undefined
      ? { severity, rule, sheet, cell, message }
      : { severity, rule, sheet, cell, message, row },
  );
  return JSON.stringify({ findings: list, ...extra }, null, 2);
}
