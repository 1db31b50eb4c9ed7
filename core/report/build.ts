/**
 * Building the highlight report from the plan, its Workstreams and Settings sheets, the RAID log
 * and the Status history: roll-up, evidence, checks and the history rows to write. Pure.
 */

import { a1 } from '../cells.js';
import { addDays, type Day } from '../dates.js';
import { sortFindings, type Finding } from '../findings.js';
import { workstreamKey, type Plan, type Task, type WorkstreamInfo } from '../plan/read.js';
import { parseRag, RAG_LABEL, type RagStatus } from '../rag.js';
import type { RagRollup, RagScale } from '../plan/settings.js';
import { taskSpan } from '../plan/span.js';
import {
  completedSince,
  linkedTo,
  milestoneDay,
  milestonesDue,
  nextMilestone,
  openRisks,
  overdueTasks,
  saysNothing,
  slippedTasks,
  taskStatus,
} from './evidence.js';
import {
  historyKey,
  historyStatus,
  mergeHistory,
  previousReportDate,
  snapshotAt,
  trendOf,
  type HistoryRow,
} from './history.js';
import type { HighlightReport, ProgrammeReport, WorkstreamReport } from './model.js';
import { checkRaidLog, raidLabel, type RaidItem, type RaidLog } from './raid.js';
import { REPORT_RULES } from './rules/index.js';
import { mixedDoneAndNotStarted, rollUp } from './rollup.js';
import { readStatus } from './scale.js';

export const DEFAULT_PERIOD_WEEKS = 4;

export interface ReportInput {
  plan: Plan;
  reportDate: Day;
  /** The RAID log, when the workbook has one. */
  raid?: RaidLog | null;
  /** The Status history rows already in the workbook. */
  history?: readonly HistoryRow[];
}

/** The name used for tasks with no workstream. */
export const NO_WORKSTREAM = '(No workstream)';

interface Group {
  info: WorkstreamInfo | null;
  name: string;
  tasks: Task[];
}

/** Workstreams in the Workstreams sheet's order, then any the plan's tasks name that it lacks. */
function groupTasks(plan: Plan): Group[] {
  const groups = new Map<string, Group>();
  for (const info of plan.workstreams ?? []) {
    const key = workstreamKey(info.name);
    if (!groups.has(key)) groups.set(key, { info, name: info.name, tasks: [] });
  }
  for (const t of plan.tasks) {
    const name = t.workstream ?? NO_WORKSTREAM;
    const key = t.workstream === null ? '\u0000none' : workstreamKey(name);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { info: null, name, tasks: [] }));
    g.tasks.push(t);
  }
  return [...groups.values()];
}

function declaredOf(
  parse: WorkstreamInfo['rag'],
  scale: RagScale,
): { declared: RagStatus | null; parts?: RagStatus[] } {
  const read = readStatus(parse, scale);
  return read.parts ? { declared: read.status, parts: read.parts } : { declared: read.status };
}

/** Lines of an escalations cell, bullets stripped, `None` left out. */
function escalationLines(text: string | null): string[] {
  if (text === null) return [];
  return text
    .split(/\n+/)
    .map((l) => l.replace(/^[\s•▪○·*-]+/, '').trim())
    .filter((l) => l !== '' && !saysNothing(l));
}

function average(values: readonly number[]): number | null {
  if (!values.length) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return Math.round((sum / values.length) * 10) / 10;
}

export function buildHighlightReport(input: ReportInput): HighlightReport {
  const { plan, reportDate } = input;
  const settings = plan.settings;
  const rollup: RagRollup = settings.ragRollup ?? 'worst';
  const scale: RagScale = settings.ragScale ?? 'five-point';
  const periodWeeks = settings.reportPeriodWeeks ?? DEFAULT_PERIOD_WEEKS;
  const periodDays = periodWeeks * 7;
  const periodEnd = addDays(reportDate, periodDays);
  const history = input.history ?? [];
  const previousDate = previousReportDate(history, reportDate);
  const previousRows = snapshotAt(history, previousDate);
  const previous = previousDate === null ? null : { date: previousDate, rows: previousRows };
  const items: readonly RaidItem[] = input.raid?.items ?? [];
  const findings: Finding[] = input.raid ? checkRaidLog(input.raid, plan) : [];

  const groups = groupTasks(plan);
  const milestoneRows = new Set(
    plan.tasks.filter((t) => milestoneDay(t) !== null).map((t) => t.row),
  );
  const workstreams: WorkstreamReport[] = groups.map((g) => {
    const key = workstreamKey(g.name);
    const linked = linkedTo(g.tasks);
    const belongs = (item: RaidItem) =>
      (item.workstream !== null && workstreamKey(item.workstream) === key) || linked(item);
    const risks = openRisks(items, belongs, scale);
    const children: (RagStatus | null)[] = g.tasks.map((t) => taskStatus(t, scale));
    for (const r of risks) if (r.status !== null) children.push(r.status);
    const computed = rollUp(children, rollup, scale);
    const { declared, parts } = declaredOf(g.info?.rag ?? null, scale);
    const overdue = overdueTasks(g.tasks, reportDate, scale);
    const escalationsText = g.info?.escalations ?? null;
    const escalations = escalationLines(escalationsText);
    for (const item of items)
      if (item.open && item.escalate && belongs(item))
        escalations.push(`${raidLabel(item)}: ${item.description ?? '(no description)'}`);
    const dateOfReport = g.info?.dateOfReport?.kind === 'date' ? g.info.dateOfReport.day : null;
    const before = previousRows.get(historyKey('workstream', g.name));
    const now = declared ?? computed;
    const ws: WorkstreamReport = {
      name: g.name,
      lead: g.info?.lead ?? null,
      listed: g.info !== null,
      declared,
      declaredText: g.info?.ragText ?? null,
      computed,
      trend: trendOf(now, before && historyStatus(before, scale), scale),
      dateOfReport,
      sheet: g.info?.sheet ?? null,
      cells: g.info?.cells ?? {},
      progressToDate: g.info?.progressToDate ?? null,
      nextPeriod: g.info?.nextPeriod ?? null,
      risksAndIssues: g.info?.risksAndIssues ?? null,
      escalationsText,
      tasks: g.tasks.length,
      milestonesDue: milestonesDue(g.tasks, reportDate, periodEnd, scale),
      nextMilestone: nextMilestone(g.tasks, reportDate, scale),
      completedSincePrevious: completedSince(g.tasks, reportDate, previous, periodDays, scale),
      overdue,
      overdueMilestones: overdue.filter((o) => milestoneRows.has(o.row)),
      slipped: slippedTasks(g.tasks),
      risks,
      escalations,
      flags: [],
    };
    if (parts) ws.declaredParts = parts;
    const mixed = rollup === 'manual' ? null : mixedDoneAndNotStarted(children);
    if (mixed) ws.mixedDoneAndNotStarted = mixed;
    return ws;
  });

  const programmeText = settings.programmeRag?.text ?? null;
  const programmeDeclared = declaredOf(
    programmeText === null ? null : parseRag(programmeText),
    scale,
  );
  const programmeComputed = rollUp(
    workstreams.map((w) => w.computed),
    rollup,
    scale,
  );
  const programmeName = settings.programmeName ?? null;
  const programmeBefore = previousRows.get(historyKey('programme', ''));
  const programme: ProgrammeReport = {
    name: programmeName,
    declared: programmeDeclared.declared,
    declaredText: programmeText,
    computed: programmeComputed,
    trend: trendOf(
      programmeDeclared.declared ?? programmeComputed,
      programmeBefore && historyStatus(programmeBefore, scale),
      scale,
    ),
    sheet: settings.programmeRag ? (settings.sheetName ?? 'Settings') : null,
    cell: settings.programmeRag?.cell ?? null,
    flags: [],
  };
  if (programmeDeclared.parts) programme.declaredParts = programmeDeclared.parts;
  const programmeMixed =
    rollup === 'manual' ? null : mixedDoneAndNotStarted(workstreams.map((w) => w.computed));
  if (programmeMixed) programme.mixedDoneAndNotStarted = programmeMixed;

  const base = {
    reportDate,
    previousReportDate: previousDate,
    periodWeeks,
    periodEnd,
    rollup,
    scale,
    programme,
    workstreams,
  };
  const ctx = { plan, report: base, staleBefore: addDays(reportDate, -periodDays) };
  for (const rule of REPORT_RULES)
    for (const { subject, finding } of rule.check(ctx)) {
      findings.push(finding);
      const flags = subject.kind === 'programme' ? subject.programme.flags : subject.ws.flags;
      if (!flags.includes(finding.rule)) flags.push(finding.rule);
    }
  // A task whose status names several parts rolls up as its worse part.
  for (const t of plan.tasks) {
    const parse = t.rag?.parse;
    if (parse?.kind !== 'compound' || plan.columns.rag === undefined) continue;
    const status = taskStatus(t, scale);
    if (status === null) continue;
    findings.push({
      severity: 'info',
      rule: 'rag-compound-split',
      sheet: plan.sheet.name,
      cell: a1(t.row, plan.columns.rag),
      message: `Task ${t.id ?? `in row ${t.row}`}: "${t.rag!.text}" rolls up as its worse part, ${RAG_LABEL[status]}.`,
      row: t.row,
    });
  }

  const fresh = snapshotRows({
    plan,
    reportDate,
    scale,
    programme,
    workstreams,
    groups: groupTasks(plan),
  });
  return {
    ...base,
    findings: sortFindings(findings),
    history: mergeHistory(history, reportDate, fresh),
  };
}

/** This report date's history rows: the programme, each workstream, each task with an ID. */
function snapshotRows(args: {
  plan: Plan;
  reportDate: Day;
  scale: RagScale;
  programme: ProgrammeReport;
  workstreams: readonly WorkstreamReport[];
  groups: readonly Group[];
}): HistoryRow[] {
  const { reportDate, scale, programme, workstreams, groups } = args;
  const label = (s: RagStatus | null) => (s === null ? null : RAG_LABEL[s]);
  const rows: HistoryRow[] = [
    {
      date: reportDate,
      level: 'programme',
      key: programme.name ?? 'Programme',
      name: null,
      rag: label(programme.declared),
      computed: label(programme.computed),
      start: null,
      end: null,
      progress: null,
    },
  ];
  workstreams.forEach((ws, i) => {
    const spans = groups[i].tasks.map(taskSpan).flatMap((s) => (s.kind === 'dated' ? [s] : []));
    const progress = groups[i].tasks.flatMap((t) =>
      t.progress.kind === 'value' ? [t.progress.percent] : [],
    );
    rows.push({
      date: reportDate,
      level: 'workstream',
      key: ws.name,
      name: ws.lead,
      rag: label(ws.declared),
      computed: label(ws.computed),
      start: spans.length ? spans.reduce((m, s) => Math.min(m, s.first), Infinity) : null,
      end: spans.length ? spans.reduce((m, s) => Math.max(m, s.last), -Infinity) : null,
      progress: average(progress),
    });
  });
  for (const g of groups)
    for (const t of g.tasks) {
      if (t.id === null) continue;
      const span = taskSpan(t);
      const status = taskStatus(t, scale);
      rows.push({
        date: reportDate,
        level: 'task',
        key: t.id,
        name: t.name,
        rag: status === null ? t.rag?.text || null : RAG_LABEL[status],
        computed: null,
        start: span.kind === 'dated' ? span.first : null,
        end: span.kind === 'dated' ? span.last : null,
        progress: t.progress.kind === 'value' ? t.progress.percent : null,
      });
    }
  return rows;
}
