/** `plan-sync report --json`: statuses as canonical labels (`Amber/Red`), dates as ISO. */

import { isoOf } from '../dates.js';
import { findingsJson } from '../format/json.js';
import { RAG_LABEL, type RagStatus } from '../rag.js';
import type { HighlightReport } from './model.js';

const label = (s: RagStatus | null) => (s === null ? null : RAG_LABEL[s]);

export function reportJsonData(report: HighlightReport): Record<string, unknown> {
  return {
    reportDate: isoOf(report.reportDate),
    previousReportDate:
      report.previousReportDate === null ? null : isoOf(report.previousReportDate),
    period: { weeks: report.periodWeeks, end: isoOf(report.periodEnd) },
    rollup: report.rollup,
    scale: report.scale,
    programme: {
      name: report.programme.name,
      declared: label(report.programme.declared),
      computed: label(report.programme.computed),
      trend: report.programme.trend,
    },
    workstreams: report.workstreams.map((w) => ({
      name: w.name,
      lead: w.lead,
      declared: label(w.declared),
      computed: label(w.computed),
      trend: w.trend,
      dateOfReport: w.dateOfReport === null ? null : isoOf(w.dateOfReport),
      milestonesDue: w.milestonesDue.map((m) => ({ id: m.id, task: m.task, date: isoOf(m.date) })),
      completedSincePrevious: w.completedSincePrevious.map((t) => t.id),
      overdue: w.overdue.map((t) => t.id),
      slipped: w.slipped.map((t) => ({ id: t.id, days: t.days })),
      risks: w.risks.map((r) => ({ id: r.id, rating: r.rating, description: r.description })),
      escalations: w.escalations,
      flags: w.flags,
    })),
  };
}

/** The report and its findings (validation findings too, when given) as one JSON document. */
export function reportJson(
  report: HighlightReport,
  findings = report.findings,
  extra: Record<string, unknown> = {},
): string {
  const data = reportJsonData(report);
  // findingsJson puts `findings` first; the shape lists it last.
  const parsed = JSON.parse(findingsJson(findings)) as { findings: unknown[] };
  return JSON.stringify({ ...data, findings: parsed.findings, ...extra }, null, 2);
}
