import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findingsJson } from '../../core/format/json.js';
import { DEFAULT_LIMIT, formatFindings, plural, summaryLine } from '../../core/format/human.js';
import { hasErrors, sortFindings } from '../../core/findings.js';
import type { Scale } from '../../core/periods.js';
import { syncPlan, type SyncSummary } from '../../core/sync/plan-sync.js';
import { assertSound, CannotProceed } from '../io/load.js';
import { loadPlan, PLAN_OPTIONS } from './plan-input.js';
import { assertNotOpen, safeWrite } from '../io/safe-write.js';
import { applySyncEdits } from '../xlsx/apply-sync.js';
import { verifyPackage } from '../xlsx/verify.js';
import { writeZip } from '../xlsx/zip.js';
import { encodeParts } from '../xlsx/package.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import {
  EXIT_CANNOT,
  EXIT_FINDINGS,
  EXIT_OK,
  paintFor,
  UsageError,
  type CommandIO,
} from './context.js';

export const SYNC_HELP = `Usage: plan-sync sync FILE [-o OUT] [--scale auto|week|month|quarter] [--dry-run] [--json]

Validates the plan in FILE, then colours its RAG cells and draws the Gantt timeline to the right
of the plan table. Rows with errors are skipped and reported. Everything else in the workbook
(charts, pivots, macros, names, validation, formatting...) is kept exactly as it was.

By default FILE is updated in place: the original is kept beside it as NAME.backup.xlsx and the
new file replaces it in one step. Nothing is written when nothing would change.

Options:
  -o, --output OUT     write the result to OUT and leave FILE untouched
  --scale SCALE        timeline periods: auto (default), week, month or quarter
  --dry-run            report what would change; write nothing
  --all                list every finding (by default 50 per sheet and severity)
  --json               print {"findings":[...],"summary":{...}} instead of text
  --sheet NAME         the plan sheet (default: Plan, Transition Plan, Programme Plan or Project Plan)
  --report-date DATE   the date marked on the timeline and used for overdue checks
  --normalise-rag      rewrite statuses in full (A/R becomes Amber/Red)
  --no-backup          do not keep NAME.backup.xlsx when updating in place

Exit codes: 0 synced with no errors, 1 synced but some rows had errors (they were skipped),
2 nothing was written (file unreadable, no plan, file open or changed while working).`;

const SCALES = ['auto', 'week', 'month', 'quarter'];

function describe(summary: SyncSummary): string {
  const parts = [`coloured ${plural(summary.ragCells, 'RAG cell')}`];
  if (summary.timelineRange) {
    parts.push(
      `drew ${plural(summary.bars, 'bar')} and ${plural(summary.milestones, 'milestone')} on a ${summary.scale}ly timeline of ${plural(summary.periods, 'period')} (${summary.firstPeriod} to ${summary.lastPeriod}) in ${summary.timelineRange}`,
    );
  }
  if (summary.skippedRows.length)
    parts.push(`skipped ${plural(summary.skippedRows.length, 'row')} with errors`);
  return parts.join('; ');
}

export async function runSync(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...PLAN_OPTIONS,
      output: { type: 'string', short: 'o' },
      scale: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'normalise-rag': { type: 'boolean' },
      'normalize-rag': { type: 'boolean' },
      'no-backup': { type: 'boolean' },
    },
  });
  if (values.help) {
    io.stdout(SYNC_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('sync needs exactly one FILE.');
  const scale = values.scale;
  if (scale !== undefined && !SCALES.includes(scale))
    throw new UsageError(`--scale must be one of ${SCALES.join(', ')}.`);
  const file = positionals[0];
  const out = values.output ?? file;
  const inPlace = resolve(out) === resolve(file);
  const dryRun = values['dry-run'] ?? false;

  const { loaded, wb, validated } = loadPlan(file, values, io, () => {
    if (!dryRun) assertNotOpen(file);
  });
  if (!validated.ok) {
    // Exit 2 always says why on stderr, with --json too (stdout keeps the JSON).
    if (values.json) io.stdout(findingsJson(validated.findings, { summary: null, written: null }));
    io.stderr(`plan-sync: ${validated.reason} Nothing was written.`);
    return EXIT_CANNOT;
  }
  if (validated.plan.sheet.protected) {
    throw new CannotProceed(
      `Sheet "${validated.plan.sheet.name}" is protected. Unprotect it in Excel (Review > Unprotect Sheet), then sync again; nothing was written.`,
    );
  }

  const {
    edits,
    findings: syncFindings,
    summary,
  } = syncPlan(wb, validated.plan, validated.findings, {
    scale: scale as 'auto' | Scale | undefined,
    reportDate: validated.reportDate,
    normaliseRag: values['normalise-rag'] || values['normalize-rag'],
  });
  const findings = sortFindings([...validated.findings, ...syncFindings]);
  let changes;
  try {
    changes = applySyncEdits(loaded.pkg, edits);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw e;
    throw new CannotProceed(`${(e as Error).message}; nothing was written.`);
  }
  const changed = encodeParts(loaded.pkg, changes.changed);
  const added = encodeParts(loaded.pkg, changes.added);
  const changedParts = [...changed.keys(), ...added.keys()];

  let written: string | null = null;
  let backup: string | null = null;
  if (!dryRun && (changedParts.length > 0 || !inPlace)) {
    assertSound(loaded, new Set(changed.keys()));
    const bytes = changedParts.length
      ? writeZip(loaded.pkg.zip, changed, [...added])
      : loaded.bytes;
    // Check our own output before it replaces anything: a file we cannot read is never written.
    try {
      verifyPackage(bytes, loaded.pkg.zip, changed, added);
    } catch (e) {
      throw new CannotProceed(
        `internal check failed, the result could not be read back (${(e as Error).message}); nothing was written.`,
      );
    }
    ({ backup } = safeWrite(out, bytes, {
      original: inPlace ? loaded.bytes : undefined,
      backup: inPlace && !values['no-backup'],
    }));
    written = out;
  }

  if (values.json) {
    io.stdout(
      findingsJson(findings, {
        summary,
        changedParts,
        written,
        backup,
        dryRun,
      }),
    );
  } else {
    const paint = paintFor(io);
    if (findings.length)
      io.stdout(formatFindings(findings, paint, values.all ? Infinity : DEFAULT_LIMIT));
    const what = describe(summary);
    if (dryRun)
      io.stdout(
        `Dry run: would have ${what}. ${changedParts.length ? `Parts that would change: ${changedParts.join(', ')}.` : 'Nothing would change.'}`,
      );
    else if (!changedParts.length && inPlace)
      io.stdout(`${file} is already up to date (${what}); nothing was written.`);
    else
      io.stdout(
        `${paint('Synced', 'ok')} ${written}: ${what}.${backup ? ` Backup of the original: ${backup}.` : ''}`,
      );
    io.stdout(summaryLine(findings) + '.');
  }
  return hasErrors(findings) ? EXIT_FINDINGS : EXIT_OK;
}
