/** `plan-sync report`: the highlight report sheet and the Status history, from the plan. */

import { extname, resolve } from 'node:path';
import type { Finding } from '../../core/findings.js';
import { hasErrors, sortFindings } from '../../core/findings.js';
import { DEFAULT_LIMIT, formatFindings, summaryLine } from '../../core/format/human.js';
import { isoOf, ukOf } from '../../core/dates.js';
import { findSheetName } from '../../core/plan/locate.js';
import { RAG_LABEL, type RagStatus } from '../../core/rag.js';
import { buildHighlightReport } from '../../core/report/build.js';
import {
  HISTORY_SHEET,
  readHistory,
  TREND_ARROW,
  type HistoryRow,
} from '../../core/report/history.js';
import { reportJson } from '../../core/report/json.js';
import { PAGE_SIZE_NAMES, type PageSize } from '../../core/board/drawing.js';
import { boardPack, packNotes } from '../../core/report/pack.js';
import { highlightSheet, historySheet, REPORT_SHEET } from '../../core/report/layout.js';
import { findRaidSheet, readRaidLog, type RaidLog } from '../../core/report/raid.js';
import { ownedSheetRefusal } from '../../core/report/refusal.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { writeChecked } from '../io/checked-output.js';
import { CannotProceed, readSheetOf } from '../io/load.js';
import { assertCanWrite, safeWrite } from '../io/safe-write.js';
import { applyOwnedSheets, encodeOwned } from '../xlsx/apply-report.js';
import { oneOf, parseCommandLine } from './args.js';
import {
  EXIT_CANNOT,
  EXIT_FINDINGS,
  EXIT_OK,
  paintFor,
  UsageError,
  type CommandIO,
} from './context.js';
import { partsLine } from './describe.js';
import { loadPlan, PLAN_OPTIONS } from './plan-input.js';

export const REPORT_HELP = `Usage: plan-sync report FILE [-o OUT] [--report-date DATE] [--json]
                       [--pdf OUT.pdf] [--pptx OUT.pptx]

Builds the programme's highlight report from the plan: rolls task statuses (and their risks and
issues) up to each workstream and to the programme, checks each declared status against that
evidence, and writes two sheets plan-sync owns:
  Highlight report  programme summary, status definitions, one row per workstream (declared and
                    computed status, trend, overdue, slipped, next milestone, flags), then each
                    workstream's progress, milestones due, completions, overdue and slipped
                    tasks, open risks and issues, and escalations; laid out for A4 landscape
  Status history    one row per task, per workstream and for the programme at each report date
                    (a report for a date already there replaces that date's rows)
Every other sheet and part of the workbook is kept exactly as it was.

Read from the workbook: the plan, the Workstreams sheet (lead, RAG, date of report, progress to
date, next period, risks and issues, escalations), the Settings sheet (Programme RAG, RAG
roll-up: worst/mean/manual, RAG scale: five-point/three-point, Report period in weeks) and a
RAID log sheet (RAID, RAID log, Risks and issues) when there is one.

Options:
  -o, --output OUT     write the result to OUT and leave FILE untouched
  --report-date DATE   the date reported at (default: the Settings sheet's, else today)
  --json               print the report and its findings as JSON
  --dry-run            say what would change; write nothing
  --verbose            also list the parts of the .xlsx package that change
  --all                list every finding (by default 50 per sheet and severity)
  --sheet NAME         the plan sheet (default: Plan, Transition Plan, Programme Plan or Project Plan)
  --column FIELD=TITLE the column titled TITLE is FIELD (as for sync)
  --no-backup          do not keep NAME.backup.xlsx when updating in place
  --force              replace FILE (or OUT) even when it is read-only; it stays read-only
  --pdf OUT.pdf         also write the board pack as a PDF (A4 landscape): the programme summary,
                       one page per workstream, then the board timeline (as plan-sync export)
  --pptx OUT.pptx      also write the board pack as editable slides (16:9)
  --page SIZE          the board pack's page: 16:9, a4 or a3 (default a4 for --pdf, 16:9 for
                       --pptx)

Exit codes: 0 written, no errors (warnings such as a status that differs from its roll-up are
allowed), 1 written, but the plan has errors (listed), 2 nothing was written (as for sync: file
unreadable, no plan, file open, read-only or changed while working, a report sheet protected, disk
full or folder not writable).`;

const label = (s: RagStatus | null) => (s === null ? '—' : RAG_LABEL[s]);

export async function runReport(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'report',
      positionals: ['FILE'],
      options: {
        ...PLAN_OPTIONS,
        output: { type: 'string', short: 'o', value: 'OUT (the file to write)' },
        'dry-run': { type: 'boolean' },
        verbose: { type: 'boolean' },
        'no-backup': { type: 'boolean' },
        force: { type: 'boolean' },
        pdf: { type: 'string', value: 'OUT.pdf (the board pack)' },
        pptx: { type: 'string', value: 'OUT.pptx (the board pack)' },
        page: { type: 'string', value: '16:9, a4 or a3' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(REPORT_HELP);
    return EXIT_OK;
  }
  const packs: { format: 'pdf' | 'pptx'; file: string }[] = [];
  for (const format of ['pdf', 'pptx'] as const) {
    const target = values[format];
    if (target === undefined) continue;
    if (extname(target).toLowerCase() !== `.${format}`)
      throw new UsageError(`--${format} ${target}: the board pack's file must end in .${format}.`);
    packs.push({ format, file: target });
  }
  const page: PageSize | undefined =
    values.page === undefined ? undefined : oneOf('page', values.page, PAGE_SIZE_NAMES);
  if (page && !packs.length)
    throw new UsageError("--page is the board pack's page size: give it with --pdf or --pptx.");
  const file = positionals[0];
  const out = values.output ?? file;
  const inPlace = resolve(out) === resolve(file);
  const dryRun = values['dry-run'] ?? false;
  for (const pack of packs)
    if ([file, out].some((f) => resolve(f) === resolve(pack.file)))
      throw new UsageError(`--${pack.format} ${pack.file} would overwrite the workbook.`);

  const { loaded, validated } = loadPlan(file, values, io, () => {
    if (dryRun) return;
    assertCanWrite(out, { force: values.force });
    for (const pack of packs) assertCanWrite(pack.file, { force: values.force });
  });
  if (!validated.ok) {
    if (values.json)
      io.stdout(JSON.stringify({ findings: validated.findings, written: null }, null, 2));
    io.stderr(`plan-sync: ${validated.reason} Nothing was written.`);
    return EXIT_CANNOT;
  }
  const { plan } = validated;
  const pkg = loaded.pkg;
  const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet').map((s) => s.name);
  const readFindings: Finding[] = [];

  const raidName = findRaidSheet(worksheets);
  let raid: RaidLog | null = null;
  if (raidName !== undefined) raid = readRaidLog(readSheetOf(loaded, raidName), readFindings);

  let history: HistoryRow[] = [];
  for (const owned of [REPORT_SHEET, HISTORY_SHEET]) {
    const name = findSheetName(worksheets, owned);
    if (name === undefined || name.toLowerCase() !== owned.toLowerCase()) continue;
    const sheet = readSheetOf(loaded, name);
    const refusal = ownedSheetRefusal(sheet, owned);
    if (refusal) throw new CannotProceed(`${file}: ${refusal}`);
    if (owned === HISTORY_SHEET) history = readHistory(sheet, pkg.date1904, readFindings);
  }

  const report = buildHighlightReport({ plan, reportDate: validated.reportDate, raid, history });
  const findings = sortFindings([...validated.findings, ...readFindings, ...report.findings]);

  let changes;
  try {
    changes = applyOwnedSheets(pkg, [
      highlightSheet(report, pkg.date1904),
      historySheet(report.history, pkg.date1904),
    ]);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw e;
    throw new CannotProceed(`${(e as Error).message}; nothing was written.`);
  }
  const { changed, added } = encodeOwned(pkg, changes);
  // Only what differs from the file counts as a change (a re-run on the same date changes nothing).
  for (const [name, bytes] of changed)
    if (pkg.zip.has(name) && pkg.zip.read(name).equals(bytes)) changed.delete(name);
  const changedParts = [...changed.keys(), ...added.keys()];

  const { written, backup } = writeChecked(loaded, changed, added, {
    ...values,
    out,
    inPlace,
    dryRun,
  });

  // The board pack: written after the workbook, each file atomically (as export writes).
  const packLines: string[] = [];
  const packJson: { file: string; pages: number; written: boolean }[] = [];
  for (const pack of packs) {
    const { document, summary } = boardPack(report, plan, {
      page: page ?? (pack.format === 'pdf' ? 'a4' : '16:9'),
    });
    const what = pack.format === 'pdf' ? 'page' : 'slide';
    const parts = `${summary.pages} ${what}s: the summary, ${summary.workstreamPages} workstream${summary.workstreamPages === 1 ? '' : 's'} and ${summary.timelinePages} of the timeline`;
    if (dryRun) {
      packLines.push(`Dry run: would write the board pack ${pack.file} (${parts}).`);
    } else {
      const bytes =
        pack.format === 'pdf'
          ? await (await import('../export/pdf.js')).boardPdf(document)
          : await (
              await import('../export/pptx.js')
            ).boardPptx(document, (i) => packNotes(document, i));
      safeWrite(pack.file, bytes, { backup: false, force: values.force });
      packLines.push(`Wrote the board pack ${pack.file} (${parts}).`);
    }
    packJson.push({ file: pack.file, pages: summary.pages, written: !dryRun });
  }

  if (values.json) {
    const text = reportJson(report, findings, { written, backup, dryRun, changedParts });
    io.stdout(
      packs.length
        ? JSON.stringify({ ...(JSON.parse(text) as object), pack: packJson }, null, 2)
        : text,
    );
  } else {
    const paint = paintFor(io);
    if (findings.length)
      io.stdout(formatFindings(findings, paint, values.all ? Infinity : DEFAULT_LIMIT));
    const p = report.programme;
    io.stdout(
      `Highlight report at ${ukOf(report.reportDate)}${report.previousReportDate === null ? '' : ` (previous ${ukOf(report.previousReportDate)})`}: programme declared ${label(p.declared)}, computed ${label(p.computed)}, ${TREND_ARROW[p.trend]}.`,
    );
    for (const w of report.workstreams)
      io.stdout(
        `  ${w.name}: declared ${label(w.declared)}, computed ${label(w.computed)}, ${TREND_ARROW[w.trend]}${w.flags.length ? ` [${w.flags.join(', ')}]` : ''}`,
      );
    const sheets = `sheets "${REPORT_SHEET}" and "${HISTORY_SHEET}"`;
    if (dryRun)
      io.stdout(
        `Dry run: nothing was written. Would ${changes.addedSheets.length ? 'add' : 'rebuild'} ${sheets} for ${isoOf(report.reportDate)}.`,
      );
    else if (!changedParts.length && inPlace)
      io.stdout(`${file} already has this report; nothing was written.`);
    else
      io.stdout(
        `${paint('Reported', 'ok')} into ${sheets} of ${written}.${backup ? ` Backup of the original: ${backup}.` : ''}`,
      );
    for (const line of packLines) io.stdout(line);
    if (values.verbose) io.stdout(partsLine(dryRun ? 'would' : 'did', changedParts));
    io.stdout(summaryLine(findings) + '.');
  }
  return hasErrors(findings) ? EXIT_FINDINGS : EXIT_OK;
}
