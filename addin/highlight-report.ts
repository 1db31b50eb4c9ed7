/**
 * The pane's Highlight report (loaded on first use): the same engine and sheets as
 * `plan-sync report`, read and written through the Office.js adapter.
 */

import { sortFindings, type Finding } from '../core/findings.js';
import { isoOf } from '../core/dates.js';
import { RAG_LABEL, type RagStatus } from '../core/rag.js';
import { buildHighlightReport } from '../core/report/build.js';
import { HISTORY_SHEET, readHistory, TREND_ARROW } from '../core/report/history.js';
import { highlightSheet, historySheet, REPORT_SHEET } from '../core/report/layout.js';
import { findRaidSheet, readRaidLog } from '../core/report/raid.js';
import { ownedSheetRefusal } from '../core/report/refusal.js';
import type { CommandResult } from './commands-api.js';
import { counts, plural, type Validated } from './commands.js';
import type { WorkbookSession } from './excel-adapter.js';

/** The highlight report in Excel: the same engine and sheets as `plan-sync report`. */
export async function highlightReportIn(
  session: WorkbookSession,
  validated: Validated,
  reportDate: NonNullable<CommandResult['reportDate']>,
): Promise<CommandResult> {
  const readFindings: Finding[] = [];
  const first = await session.readBudgetTarget(HISTORY_SHEET);
  const raidName = findRaidSheet(first.sheetNames);
  const raidSheet =
    raidName === undefined ? null : (await session.readBudgetTarget(raidName)).sheet;
  const reportSheet = first.sheetNames.some((n) => n.toLowerCase() === REPORT_SHEET.toLowerCase())
    ? (await session.readBudgetTarget(REPORT_SHEET)).sheet
    : null;
  for (const [owned, name] of [
    [first.sheet, HISTORY_SHEET],
    [reportSheet, REPORT_SHEET],
  ] as const) {
    const refusal = owned && ownedSheetRefusal(owned, name);
    if (refusal) throw new Error(refusal);
  }
  const raid = raidSheet ? readRaidLog(raidSheet, readFindings) : null;
  // Office.js exposes only the 1900 date system (see readPlanWorkbook).
  const history = first.sheet ? readHistory(first.sheet, false, readFindings) : [];
  const report = buildHighlightReport({
    plan: validated.plan,
    reportDate: validated.reportDate,
    raid,
    history,
  });
  await session.writeOwnedSheets([
    highlightSheet(report, false),
    historySheet(report.history, false),
  ]);
  const findings = sortFindings([...validated.findings, ...readFindings, ...report.findings]);
  const label = (s: RagStatus | null) => (s === null ? null : RAG_LABEL[s]);
  const p = report.programme;
  const flagged = report.workstreams.filter((w) => w.flags.length).length;
  return {
    findings,
    summary: `Built the "${REPORT_SHEET}" and "${HISTORY_SHEET}" sheets for ${isoOf(report.reportDate)}: programme declared ${label(p.declared) ?? 'no status'}, computed ${label(p.computed) ?? 'nothing'}; ${plural(flagged, 'workstream')} flagged. ${counts(findings)}.`,
    reportDate,
    report: {
      programme: {
        name: p.name ?? 'Programme',
        declared: label(p.declared),
        computed: label(p.computed),
        trend: TREND_ARROW[p.trend],
        flags: p.flags,
        sheet: p.sheet,
        cell: p.cell,
      },
      workstreams: report.workstreams.map((w) => ({
        name: w.name,
        declared: label(w.declared),
        computed: label(w.computed),
        trend: TREND_ARROW[w.trend],
        flags: w.flags,
        sheet: w.sheet,
        cell: w.cells.rag ?? w.cells.name ?? null,
      })),
    },
  };
}
