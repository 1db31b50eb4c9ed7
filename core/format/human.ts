import { countBySeverity, sortFindings, type Finding, type Severity } from '../findings.js';

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

/** Findings grouped by sheet, then severity; one line each: cell, rule, message. */
export function formatFindings(findings: readonly Finding[], paint: Paint = plain): string {
  const lines: string[] = [];
  let sheet: string | null = null;
  let severity: Severity | null = null;
  for (const f of sortFindings(findings)) {
    if (f.sheet !== sheet) {
      sheet = f.sheet;
      severity = null;
      lines.push(paint(f.sheet ? `Sheet "${f.sheet}"` : 'Workbook', 'bold'));
    }
    if (f.severity !== severity) {
      severity = f.severity;
      const n = findings.filter((x) => x.sheet === f.sheet && x.severity === f.severity).length;
      lines.push(`  ${paint(`${HEADING[f.severity]} (${n})`, f.severity)}`);
    }
    const where = (f.cell || '-').padEnd(6);
    lines.push(`    ${paint(where, 'bold')} ${f.message} ${paint(`[${f.rule}]`, 'dim')}`);
  }
  return lines.join('\n');
}
