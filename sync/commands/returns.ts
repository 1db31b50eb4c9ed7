/**
 * `plan-sync returns issue` and `plan-sync returns merge`: each reporting cycle, one return
 * workbook per workstream goes out to its lead, and what comes back is merged into the master
 * plan with a three-way merge (core/returns/merge.ts).
 */

import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SheetData, WorkbookData } from '../../core/cells.js';
import { formatImportTime } from '../../core/budget/import.js';
import { isoOf, todayLocal, ukOf, type Day } from '../../core/dates.js';
import { hasErrors, sortFindings, type Finding } from '../../core/findings.js';
import { findingsJson } from '../../core/format/json.js';
import { DEFAULT_LIMIT, formatFindings, plural, summaryLine } from '../../core/format/human.js';
import { writeRefusal } from '../../core/refusals.js';
import {
  HIGHLIGHT_SHEET,
  ISSUED_SHEET,
  planReturns,
  readIssuedSheet,
  RETURN_SHEET,
} from '../../core/returns/issue.js';
import {
  laterCycle,
  MANIFEST_FILE,
  manifestText,
  parseManifest,
  recordCycle,
  type IssuedCycle,
} from '../../core/returns/manifest.js';
import { duplicateIds, returnEdits } from '../../core/returns/edited.js';
import { WORKSTREAM_ROW_ID } from '../../core/returns/highlight.js';
import { readReturnsLog, RETURNS_LOG_SHEET } from '../../core/returns/log.js';
import {
  mergeReturns,
  type LogEntry,
  type ReturnSummary,
  type ReturnWorkbook,
} from '../../core/returns/merge.js';
import { validateWorkbook } from '../../core/validate.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { CannotProceed, loadWorkbookFile, readSheetOf, workbookData } from '../io/load.js';
import { checkedOutput } from '../io/checked-output.js';
import { assertCanWrite, backupPathFor, safeWrite } from '../io/safe-write.js';
import { buildReturnWorkbook, returnFileName } from '../returns/build-return.js';
import { applyReturns } from '../xlsx/apply-returns.js';
import { encodeParts, XlsxPackage } from '../xlsx/package.js';
import { parseCommandLine } from './args.js';
import {
  EXIT_CANNOT,
  EXIT_FINDINGS,
  EXIT_OK,
  paintFor,
  UsageError,
  type CommandIO,
} from './context.js';
import { columnOptions, loadPlan, PLAN_OPTIONS } from './plan-input.js';
import { pushAll } from '../../core/arrays.js';

export const RETURNS_HELP = `Usage: plan-sync returns issue FILE --out DIR [--report-date DATE] [--workstream NAME ...]
       plan-sync returns merge FILE RETURN.xlsx ... [--dry-run] [--json] [--accept-new]

Collects the workstream leads' updates into the master plan FILE.

issue   writes one workbook per workstream, DIR/<Workstream> return <report date>.xlsx: a Return
        sheet with the workstream's tasks, where only Start, End, RAG, % complete and Comments
        can be edited (the rest is locked with sheet protection without a password: guidance,
        not security), with a RAG drop-down and date checks; and a very hidden sheet recording
        what was issued. Issuing again for the same report date replaces those files, except one
        a lead has already filled in (it is refused, unless --force, which keeps it as
        <name>.backup.xlsx). DIR/Returns issued.json records every cycle issued there, so a
        merge knows when a return is stale. A plan using one ID for two tasks is refused (its
        returns could not be merged back unambiguously). FILE is only read.
merge   merges each RETURN into FILE. For every field, the value issued (base), the return's
        and the master's now are compared: a change only the lead made is applied; a change
        both made differently is a conflict, reported at the master cell, which keeps its value.
        Dates typed as text (15/12/2020), abbreviations (A/G) and 0.5 or 50% are read as in the
        plan. Rows of another workstream or no longer in the master are rejected; new rows are
        added only with --accept-new. A return older than the latest issued is flagged as
        stale (known from the Returns issued.json beside the return, the Settings report date,
        the Returns log, or the other returns merged). Every merge is recorded on the Returns
        log sheet; merging the same return again changes nothing. Files named *.backup.xlsx
        (copies plan-sync keeps) and ~$*.xlsx (Excel's lock files) are skipped and listed, so
        DIR/*.xlsx can be given. FILE is written like sync: atomically, the original kept as
        FILE.backup.xlsx, every part of the workbook plan-sync does not own kept byte for byte.

Options (issue):
  --out DIR            the folder for the returns (created when missing)
  --report-date DATE   the cycle's report date (default: the Settings sheet's, else today)
  --workstream NAME    only this workstream (may be repeated)
  --force              replace returns already filled in (kept as .backup.xlsx) or read-only
Options (merge):
  --dry-run            report what would change; write nothing
  --accept-new         add the returns' new tasks to the end of the plan
  --no-backup          do not keep FILE.backup.xlsx
  --force              replace FILE even when it is read-only; it stays read-only
Both:
  --json               print {"findings":[...],"summary":{...}}
  --sheet NAME, --column FIELD=TITLE   as for validate

Exit codes: 0 done (merge: every change applied), 1 merged but something was not applied
(conflicts, rejected rows, values that are not dates or statuses, stale returns), 2 nothing was
written (the reason is printed).`;

export async function runReturns(argv: string[], io: CommandIO): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'issue') return runIssue(rest, io);
  if (action === 'merge') return runMerge(rest, io);
  if (action === undefined || action === '--help' || action === '-h') {
    io.stdout(RETURNS_HELP);
    return action === undefined ? EXIT_CANNOT : EXIT_OK;
  }
  throw new UsageError(
    `"${action}" is not a returns command: use plan-sync returns issue FILE --out DIR, or plan-sync returns merge FILE RETURN.xlsx.`,
  );
}

async function runIssue(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'returns issue',
      positionals: ['FILE'],
      options: {
        ...PLAN_OPTIONS,
        out: { type: 'string', value: 'DIR (the folder for the returns)' },
        workstream: { type: 'string', multiple: true, value: 'NAME (a workstream)' },
        force: { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(RETURNS_HELP);
    return EXIT_OK;
  }
  const out = values.out;
  if (!out) throw new UsageError('--out DIR is needed: the folder the returns are written to.');
  const file = positionals[0];
  const { validated } = loadPlan(file, values, io);
  if (!validated.ok) {
    io.stderr(`plan-sync: ${validated.reason} Nothing was written.`);
    return EXIT_CANNOT;
  }
  const plan = validated.plan;
  const dups = duplicateIds(plan.tasks, plan.columns.id ?? 1);
  if (dups.length) {
    io.stderr(
      `plan-sync: ${basename(file)}: sheet "${plan.sheet.name}" uses the same ID for more than one task: ${dups.join('; ')}. A return's rows are matched by ID, so it could not be merged back unambiguously; give each task its own ID. Nothing was written.`,
    );
    return EXIT_CANNOT;
  }
  const reportDate = validated.reportDate ?? plan.settings.reportDate ?? io.today ?? todayLocal();
  const issued = planReturns(plan, {
    reportDate,
    master: basename(file),
    issuedAt: new Date().toISOString(),
    workstreams: values.workstream,
  });
  if (!issued.ok)
    throw new CannotProceed(`${basename(file)}: ${issued.reason}; nothing was written.`);
  try {
    if (statSync(out, { throwIfNoEntry: false })?.isFile())
      throw new CannotProceed(`--out ${out} is a file; give a folder. Nothing was written.`);
    mkdirSync(out, { recursive: true });
  } catch (e) {
    if (e instanceof CannotProceed) throw e;
    throw new CannotProceed(
      `the folder ${out} cannot be created (${(e as Error).message}); nothing was written.`,
    );
  }
  const iso = isoOf(reportDate);
  const targets = issued.returns.map((r) => ({
    issue: r,
    path: join(out, returnFileName(r, iso)),
  }));
  // Refuse before writing any: a return open in Excel stops the whole issue, and so does one
  // a lead has already filled in and sent back under the same name (unless --force).
  const filledIn = new Set<string>();
  const refusals: string[] = [];
  for (const t of targets) {
    if (!existsSync(t.path)) continue;
    const edits = existingEdits(t.path);
    if (edits === null) continue;
    filledIn.add(t.path);
    if (!values.force)
      refusals.push(
        `${t.path} has been filled in (${edits}); it was not replaced. Merge it first with plan-sync returns merge, or issue again with --force (it is kept as ${basename(backupPathFor(t.path))}).`,
      );
  }
  if (refusals.length) {
    for (const r of refusals) io.stderr(`plan-sync: ${r}`);
    io.stderr('plan-sync: nothing was written.');
    return EXIT_CANNOT;
  }
  for (const t of targets) assertCanWrite(t.path, { force: values.force });
  const written: { workstream: string; file: string; tasks: number }[] = [];
  for (const t of targets) {
    const bytes = await buildReturnWorkbook(t.issue);
    safeWrite(t.path, bytes, { backup: filledIn.has(t.path), force: values.force });
    written.push({
      workstream: t.issue.workstream,
      file: resolve(t.path),
      tasks: t.issue.tasks.length,
    });
  }
  const first = issued.returns[0];
  if (first)
    recordIssued(out, {
      cycle: first.cycleId,
      reportDate: iso,
      master: first.master,
      fingerprint: first.fingerprint,
      issuedAt: first.issuedAt,
      files: targets.map((t) => basename(t.path)),
    });
  const findings = sortFindings(issued.findings);
  if (values.json) {
    io.stdout(
      findingsJson(findings, {
        summary: { reportDate: iso, cycle: issued.returns[0]?.cycleId ?? null, returns: written },
      }),
    );
  } else {
    if (findings.length)
      io.stdout(formatFindings(findings, paintFor(io), values.all ? Infinity : DEFAULT_LIMIT));
    io.stdout(
      `Issued ${plural(written.length, 'return')} for the report date ${ukOf(reportDate)} (${basename(file)} was not changed):`,
    );
    for (const w of written) io.stdout(`  ${w.workstream}: ${w.file} (${plural(w.tasks, 'task')})`);
  }
  return EXIT_OK;
}

/**
 * What a lead changed in the existing return at `path`, as one short list; null when it is
 * untouched as issued, or is not a return plan-sync can read (then it is replaced as before).
 */
function existingEdits(path: string): string | null {
  let read;
  try {
    read = returnEdits(readReturnWorkbook(path));
  } catch {
    return 'it cannot be read as a return';
  }
  if (read.kind === 'not-a-return' || !read.edits.length) return null;
  const shown = read.edits.slice(0, 5).join(', ');
  return read.edits.length > 5 ? `${shown} and ${read.edits.length - 5} more` : shown;
}

/** Adds the cycle to DIR's `Returns issued.json` (written whole, then renamed into place). */
function recordIssued(dir: string, cycle: IssuedCycle): void {
  const path = join(dir, MANIFEST_FILE);
  const before = existsSync(path) ? parseManifest(readFileSync(path, 'utf8')) : null;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, manifestText(recordCycle(before, cycle)));
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new CannotProceed(
      `the returns were written, but ${path} could not be (${(e as Error).message}); a merge will not know from it that they were issued.`,
    );
  }
}

/** The later cycle recorded in the `Returns issued.json` beside a return, if any. */
function issuedLaterOf(
  returnPath: string,
  master: string,
  reportDate: Day | null,
): ReturnWorkbook['issuedLater'] {
  const path = join(dirname(resolve(returnPath)), MANIFEST_FILE);
  if (reportDate === null || !existsSync(path)) return undefined;
  let manifest;
  try {
    manifest = parseManifest(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const later = manifest && laterCycle(manifest, master, reportDate);
  return later ? { reportDate: later, manifest: MANIFEST_FILE } : undefined;
}

/** A return's Return sheet and hidden issue record, read with the repo's own reader. */
function readReturnWorkbook(path: string): WorkbookData {
  const loaded = loadWorkbookFile(path);
  const sheets: SheetData[] = [];
  for (const name of [RETURN_SHEET, HIGHLIGHT_SHEET, ISSUED_SHEET]) {
    const ref = loaded.pkg.sheets.find(
      (s) => s.kind === 'worksheet' && s.name.toLowerCase() === name.toLowerCase(),
    );
    if (ref) sheets.push(readSheetOf(loaded, ref.name));
  }
  return { date1904: loaded.pkg.date1904, sheets, names: [] };
}

function summaryText(r: ReturnSummary): string {
  const parts = [
    `${r.applied} applied`,
    r.added ? `${r.added} added` : '',
    plural(r.conflicts, 'conflict'),
    `${r.rejected} rejected`,
    r.notApplied ? `${r.notApplied} not applied` : '',
  ].filter(Boolean);
  return `${r.file} (${r.workstream}, report date ${ukOf(r.reportDate)}${r.stale ? ', stale' : ''}${r.alreadyMerged ? ', merged before' : ''}): ${parts.join(', ')}`;
}

async function runMerge(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'returns merge',
      positionals: ['FILE', 'RETURN.xlsx'],
      repeatLast: true,
      options: {
        ...PLAN_OPTIONS,
        'dry-run': { type: 'boolean' },
        'accept-new': { type: 'boolean' },
        verbose: { type: 'boolean' },
        'no-backup': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(RETURNS_HELP);
    return EXIT_OK;
  }
  const [file, ...given] = positionals;
  // A shell's DIR/*.xlsx also matches the copies we keep and Excel's lock files: not returns.
  const skipped: { path: string; why: string }[] = [];
  const returnPaths: string[] = [];
  for (const path of given) {
    const why = notAReturn(path);
    if (why === null) returnPaths.push(path);
    else skipped.push({ path, why });
  }
  if (given.length && !returnPaths.length)
    throw new UsageError(
      `no return to merge: ${skipped.map((s) => `${basename(s.path)} is ${s.why}`).join('; ')}.`,
    );
  const dryRun = values['dry-run'] ?? false;
  columnOptions(values.column);
  const { loaded, validated } = loadPlan(file, values, io, () => {
    if (!dryRun) assertCanWrite(file, { force: values.force });
  });
  if (!validated.ok) {
    if (values.json) io.stdout(findingsJson(validated.findings, { summary: null, written: null }));
    io.stderr(`plan-sync: ${validated.reason} Nothing was written.`);
    return EXIT_CANNOT;
  }
  const plan = validated.plan;
  const protection = writeRefusal(plan.sheet, 'sync');
  if (protection)
    throw new CannotProceed(
      protection.replace(
        'its RAG cells cannot be coloured nor its timeline drawn',
        'no return can be merged into it',
      ),
    );
  const seen = new Set<string>();
  const inputs = returnPaths.map((path) => {
    if (resolve(path) === resolve(file))
      throw new CannotProceed(
        `${path} is the master plan itself, not a return; nothing was written.`,
      );
    if (seen.has(resolve(path))) throw new UsageError(`${path} is given twice.`);
    seen.add(resolve(path));
    const wb = readReturnWorkbook(path);
    const issuedSheet = wb.sheets.find(
      (sh) => sh.name.toLowerCase() === ISSUED_SHEET.toLowerCase(),
    );
    const record = readIssuedSheet(issuedSheet);
    const issuedLater = record.ok
      ? issuedLaterOf(path, record.issue.master, record.issue.reportDate)
      : undefined;
    return { file: basename(path), wb, ...(issuedLater ? { issuedLater } : {}) };
  });
  const logRef = loaded.pkg.sheets.find(
    (s) => s.kind === 'worksheet' && s.name.toLowerCase() === RETURNS_LOG_SHEET.toLowerCase(),
  );
  const logSheet = logRef ? readSheetOf(loaded, logRef.name) : undefined;
  const logRead = readReturnsLog(logSheet);
  const merged = mergeReturns(plan, inputs, {
    masterFile: basename(file),
    acceptNew: values['accept-new'] ?? false,
    now: formatImportTime(new Date()),
    history: logRead.history,
  });
  if (!merged.ok) throw new CannotProceed(`${merged.reason} Nothing was written.`);

  let changedParts: string[] = [];
  let written: string | null = null;
  let backup: string | null = null;
  const findings: Finding[] = [...merged.findings];
  if (merged.writes.length || merged.log.length) {
    let parts;
    try {
      parts = applyReturns(loaded.pkg, plan, merged.writes, merged.log, {
        existing: logRef?.name ?? null,
        lastRow: logRead.lastRow,
      });
    } catch (e) {
      if (e instanceof WorkbookReadError) throw e;
      throw new CannotProceed(`${(e as Error).message}; nothing was written.`);
    }
    const changed = encodeParts(loaded.pkg, parts.changed);
    const added = encodeParts(loaded.pkg, parts.added);
    changedParts = [...changed.keys(), ...added.keys()];
    const bytes = checkedOutput(loaded, changed, added);
    // Validated as written: what the merged values break (an end now before its start) is said.
    const after = validateWorkbook(workbookData(XlsxPackage.open(bytes), values.sheet), {
      sheetName: values.sheet,
      columns: columnOptions(values.column),
      reportDate: validated.reportDate,
      today: io.today,
    });
    const touched = new Set(merged.writes.filter((w) => !w.sheet).map((w) => w.row));
    if (after.ok)
      pushAll(
        findings,
        after.findings.filter(
          (f) => f.row !== undefined && touched.has(f.row) && f.severity === 'error',
        ),
      );
    if (!dryRun) {
      ({ backup } = safeWrite(file, bytes, {
        original: loaded.bytes,
        backup: !values['no-backup'],
        force: values.force,
      }));
      written = resolve(file);
    }
  }
  for (const { path, why } of skipped)
    findings.push({
      rule: 'return-skipped',
      severity: 'info',
      message: `${basename(path)} was not read: it is ${why}.`,
      sheet: '',
      cell: '',
    });
  const sorted = sortFindings(findings);
  const applied = merged.log.filter((e) => e.outcome === 'Applied' || e.outcome === 'Added');
  if (values.json) {
    io.stdout(
      findingsJson(sorted, {
        summary: {
          returns: merged.returns.map((r) => ({ ...r, reportDate: isoOf(r.reportDate) })),
          applied: applied.map(jsonEntry),
          missing: merged.missing,
        },
        changedParts,
        written,
        backup,
        dryRun,
      }),
    );
  } else {
    const paint = paintFor(io);
    if (sorted.length)
      io.stdout(formatFindings(sorted, paint, values.all ? Infinity : DEFAULT_LIMIT));
    for (const r of merged.returns) io.stdout(summaryText(r) + '.');
    const verb = dryRun ? 'Would set' : 'Set';
    for (const e of applied)
      io.stdout(
        e.outcome === 'Added'
          ? `  ${dryRun ? 'Would add' : 'Added'} task ${e.id} at ${e.cell}.`
          : `  ${verb} ${e.field} of ${e.id === WORKSTREAM_ROW_ID ? e.workstream : e.id} (${e.cell}) from ${e.master} to ${e.theirs}.`,
      );
    const changes = applied.length;
    if (dryRun)
      io.stdout(
        `Dry run: nothing was written. ${changes ? `Would change ${plural(changes, 'cell')}` : 'No task would change'}${merged.log.length ? `${changes ? ' and' : ';'} would add ${plural(merged.log.length, 'row')} to the ${RETURNS_LOG_SHEET} sheet` : ''}.`,
      );
    else if (written)
      io.stdout(
        `${paint('Merged', 'ok')} into ${written}: ${plural(changes, 'change')} applied, ${plural(merged.log.length, 'row')} added to the ${RETURNS_LOG_SHEET} sheet.${backup ? ` Backup of the original: ${backup}.` : ''}${changes ? ' Run plan-sync sync to recolour the statuses and redraw the timeline.' : ''}`,
      );
    else
      io.stdout(
        `Nothing to merge: these returns were merged before and nothing has changed; ${file} was not written.`,
      );
    io.stdout(summaryLine(sorted) + '.');
  }
  const notApplied = sorted.some((f) => f.severity !== 'info');
  return notApplied || hasErrors(sorted) ? EXIT_FINDINGS : EXIT_OK;
}

function jsonEntry(e: LogEntry) {
  return { id: e.id, field: e.field, cell: e.cell, from: e.master, to: e.theirs, return: e.file };
}

/** Why a file given to merge is not a lead's return, or null when it may be one. */
export function notAReturn(path: string): string | null {
  const name = basename(path);
  if (name.startsWith('~$')) return "Excel's lock file for a workbook open in Excel";
  if (/\.backup\.xlsx$/i.test(name)) return 'a backup plan-sync keeps (*.backup.xlsx)';
  return null;
}
