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
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

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
  const sheetOrder = new Map<string, number>();
  for (const f of findings) if (!sheetOrder.has(f.sheet)) sheetOrder.set(f.sheet, sheetOrder.size);
  const pos = (cell: string): [number, number] => {
    const at = parseA1(cell);
    return at ? [at.row, at.col] : [0, 0];
  };
  return [...findings].sort((a, b) => {
    const s = sheetOrder.get(a.sheet)! - sheetOrder.get(b.sheet)!;
    if (s) return s;
    const v = SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
    if (v) return v;
    const [ar, ac] = pos(a.cell);
    const [br, bc] = pos(b.cell);
    return ar - br || ac - bc || a.rule.localeCompare(b.rule);
  });
}
