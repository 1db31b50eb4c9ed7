import { finding, type ReportRule, type SubjectFinding } from './rule.js';

/** A template prompt left in a return: `Please provide brief overview...`, `[Insert text]`. */
const PROMPT =
  /(^|[\n•▪○·*.:;-]\s*)(please\s+(provide|identify|give|add|insert|state|list|describe|summarise|summarize|enter|complete|detail|outline|update)\b|\[?insert\b|\[?enter\s+(text|here)\b|tbc\s*$|xxx)/i;

export function isPrompt(text: string): boolean {
  return PROMPT.test(text);
}

const FIELDS = [
  ['progressToDate', 'progress to date'],
  ['nextPeriod', 'next period'],
  ['risksAndIssues', 'risks and issues'],
  ['escalationsText', 'escalations'],
] as const;

const CELL_OF = {
  progressToDate: 'progressToDate',
  nextPeriod: 'nextPeriod',
  risksAndIssues: 'risksAndIssues',
  escalationsText: 'escalations',
} as const;

export const reportPlaceholder: ReportRule = {
  id: 'report-placeholder',
  severity: 'warning',
  description:
    "Highlight-report text still holding the template's prompt, or empty for a workstream that is not complete.",
  check(ctx) {
    const out: SubjectFinding[] = [];
    for (const ws of ctx.report.workstreams) {
      if (ws.sheet === null) continue;
      const complete =
        ws.declared === 'complete' || (ws.declared === null && ws.computed === 'complete');
      for (const [field, words] of FIELDS) {
        const cell = ws.cells[CELL_OF[field]];
        if (cell === undefined) continue;
        const text = ws[field];
        const subject = { kind: 'workstream' as const, ws };
        const at = { sheet: ws.sheet, cell };
        if (text !== null && isPrompt(text))
          out.push(
            finding(
              this,
              subject,
              at,
              `Workstream "${ws.name}": the ${words} still holds the template's prompt ("${text.split('\n')[0].slice(0, 60)}..."). Replace it with the workstream's own words.`,
            ),
          );
        else if (text === null && !complete)
          out.push(
            finding(
              this,
              subject,
              at,
              `Workstream "${ws.name}" has no ${words} for this report. Ask ${ws.lead ?? 'its lead'} for it (write "None" when there is nothing to say).`,
            ),
          );
      }
    }
    return out;
  },
};
