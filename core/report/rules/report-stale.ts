import { ukOf } from '../../dates.js';
import { finding, type ReportRule, type SubjectFinding } from './rule.js';

export const reportStale: ReportRule = {
  id: 'report-stale',
  severity: 'warning',
  description:
    "A workstream's date of report older than the report period before the report date, missing, or not a date.",
  check(ctx) {
    const out: SubjectFinding[] = [];
    const weeks = ctx.report.periodWeeks;
    for (const ws of ctx.report.workstreams) {
      const cell = ws.cells.dateOfReport;
      if (ws.sheet === null || cell === undefined) continue;
      const subject = { kind: 'workstream' as const, ws };
      const at = { sheet: ws.sheet, cell };
      if (ws.dateOfReport === null) {
        out.push(
          finding(
            this,
            subject,
            at,
            `Workstream "${ws.name}" has no date of report that can be read. Enter the date of its latest report, such as ${ukOf(ctx.report.reportDate)}.`,
          ),
        );
      } else if (ws.dateOfReport < ctx.staleBefore) {
        out.push(
          finding(
            this,
            subject,
            at,
            `Workstream "${ws.name}" last reported on ${ukOf(ws.dateOfReport)}, more than ${weeks} week${weeks === 1 ? '' : 's'} before the report date ${ukOf(ctx.report.reportDate)}. Ask ${ws.lead ?? 'its lead'} for an update.`,
          ),
        );
      }
    }
    return out;
  },
};
