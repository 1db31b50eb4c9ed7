import {
  countBySeverity,
  groupOf,
  locationOf,
  sortFindings,
  type Finding,
  type Severity,
} from '../findings.js';

/** Colours a piece of text for a terminal; the identity when output is not a TTY. */
export type Paint = (
  text: string,
  tone: 'error' | 'warning' | 'info' | 'dim' | 'bold' | 'ok',
) => string;

export const plain: Paint = (text) => text;

export const ansi: Paint = (text, tone) => {
  const code = { error: '31', warning: '33', info: '36', dim: '2', bold: '1', ok: '32' }[tone];
  return `\u001b[${code}m${text}\u001b[0m`;
};

const HEADING: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info`;
}

/** How many findings of one sheet and severity are listed before the rest are counted. */
export const DEFAULT_LIMIT = 50;

/**
 * Findings grouped by sheet, then severity; one line each: cell, message, rule. Long groups are
 * cut at `limit` lines with a count of the rest (a 5,000-task plan can have thousands of warnings).
 */
export function formatFindings(
  findings: readonly Finding[],
  paint: Paint = plain,
  limit: number = Number.POSITIVE_INFINITY,
): string {
  const lines: string[] = [];
  let sheet: string | null = null;
  let severity: Severity | null = null;
  let shown = 0;
  let group = 0;
  const flush = () => {
    if (group > shown)
      lines.push(
        `    ${paint(`... and ${group - shown} more (use --all or --json to list them all)`, 'dim')}`,
      );
  };
  for (const f of sortFindings(findings)) {
    const fGroup = groupOf(f);
    if (fGroup !== sheet || f.severity !== severity) {
      flush();
      shown = group = 0;
    }
    if (fGroup !== sheet) {
      sheet = fGroup;
      severity = null;
      lines.push(paint(fGroup, 'bold'));
    }
    if (f.severity !== severity) {
      severity = f.severity;
      const n = findings.filter((x) => groupOf(x) === fGroup && x.severity === f.severity).length;
      lines.push(`  ${paint(`${HEADING[f.severity]} (${n})`, f.severity)}`);
    }
    group++;
    if (shown >= limit) continue;
    shown++;
    const where = (locationOf(f) || '-').padEnd(6);
    lines.push(`    ${paint(where, 'bold')} ${f.message} ${paint(`[${f.rule}]`, 'dim')}`);
  }
  flush();
  return lines.join('\n');
}

/**
 * The rows a sync could not draw, for a summary: `2 rows could not be drawn (marked ⚠ on the
 * timeline): row 5, the end date (F5) is not a real date; row 9, no start or end date.`
 */
export function notDrawnSentence(
  rows: readonly { row: number; reason: string }[],
  marked: boolean,
  limit = 10,
): string {
  if (!rows.length) return '';
  const listed = rows
    .slice(0, limit)
    .map((r) => `row ${r.row}, ${r.reason}`)
    .join('; ');
  const more = rows.length > limit ? `; and ${rows.length - limit} more` : '';
  const where = marked ? ' (marked ⚠ on the timeline)' : '';
  return `${plural(rows.length, 'row')} could not be drawn${where}: ${listed}${more}.`;
}
