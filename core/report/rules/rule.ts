import type { Day } from '../../dates.js';
import type { Finding, Severity } from '../../findings.js';
import type { Plan } from '../../plan/read.js';
import { parseRag, type RagStatus } from '../../rag.js';
import { worseOf } from '../scale.js';
import type { HighlightReport, ProgrammeReport, WorkstreamReport } from '../model.js';

export interface ReportContext {
  plan: Plan;
  report: Omit<HighlightReport, 'findings' | 'history'>;
  /** The first day a date of report is still current: the report date minus the period. */
  staleBefore: Day;
}

/** What a report finding is about: a workstream, or the programme. */
export type Subject =
  { kind: 'workstream'; ws: WorkstreamReport } | { kind: 'programme'; programme: ProgrammeReport };

export interface SubjectFinding {
  subject: Subject;
  finding: Finding;
}

/** A highlight-report check: like a validation rule (core/rules), but over the report's data. */
export interface ReportRule {
  id: string;
  severity: Severity;
  description: string;
  check(ctx: ReportContext): SubjectFinding[];
}

/** Every subject with a declared status: the workstreams, then the programme. */
export function subjects(ctx: ReportContext): Subject[] {
  return [
    ...ctx.report.workstreams.map((ws): Subject => ({ kind: 'workstream', ws })),
    { kind: 'programme', programme: ctx.report.programme },
  ];
}

/** Where a subject's declared status is: its RAG cell on the Workstreams sheet, or the Settings cell. */
export function declaredCell(subject: Subject): { sheet: string; cell: string } | null {
  if (subject.kind === 'programme') {
    const { sheet, cell } = subject.programme;
    return sheet !== null && cell !== null ? { sheet, cell } : null;
  }
  const { sheet, cells } = subject.ws;
  const cell = cells.rag ?? cells.name;
  return sheet !== null && cell !== undefined ? { sheet, cell } : null;
}

export function subjectLabel(subject: Subject): string {
  return subject.kind === 'programme' ? 'The programme' : `Workstream "${subject.ws.name}"`;
}

export function statusOfSubject(subject: Subject): {
  declared: WorkstreamReport['declared'];
  computed: WorkstreamReport['computed'];
} {
  const s = subject.kind === 'programme' ? subject.programme : subject.ws;
  return { declared: s.declared, computed: s.computed };
}

/**
 * The subject's status as typed, before the scale (on three points an `Amber/Green` is reported as
 * Amber but was still declared Amber-Green); a compound's worse part; null when none.
 */
export function typedStatus(subject: Subject): RagStatus | null {
  const s = subject.kind === 'programme' ? subject.programme : subject.ws;
  const parse = s.declaredText === null ? null : parseRag(s.declaredText);
  if (parse?.kind === 'status') return parse.status;
  if (parse?.kind === 'compound') return worseOf(parse.statuses);
  return s.declared;
}

export function finding(
  rule: ReportRule,
  subject: Subject,
  at: { sheet: string; cell: string },
  message: string,
): SubjectFinding {
  return {
    subject,
    finding: { severity: rule.severity, rule: rule.id, sheet: at.sheet, cell: at.cell, message },
  };
}
