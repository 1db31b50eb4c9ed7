import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findingsJson } from '../../core/format/json.js';
import {
  DEFAULT_LIMIT,
  formatFindings,
  notDrawnSentence,
  plural,
  summaryLine,
} from '../../core/format/human.js';
import { hasErrors, sortFindings } from '../../core/findings.js';
import type { Scale } from '../../core/periods.js';
import { syncPlan, type SyncSummary } from '../../core/sync/plan-sync.js';
import { CannotProceed } from '../io/load.js';
import { loadPlan, PLAN_OPTIONS } from './plan-input.js';
import { assertNotOpen, safeWrite } from '../io/safe-write.js';
import { applySyncEdits } from '../xlsx/apply-sync.js';
import { verifyPackage } from '../xlsx/verify.js';
import { writeZip } from '../xlsx/zip.js';
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
of the plan table. Every recognised status is coloured and every task with valid dates gets its
bar, even on rows with other errors; a row whose dates cannot be drawn is marked ⚠ on the
timeline and listed. Everything else in the workbook (charts, pivots, macros, names, validation,
formatting...) is kept exactly as it was.

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

Exit codes: 0 synced with no errors, 1 synced but some rows have errors (listed; rows whose dates
cannot be drawn are marked on the timeline), 2 nothing was written (file unreadable, no plan, file
open or changed while working, a cell of yours where the timeline goes, or a timeline too wide
for the sheet).`;

const SCALES = ['auto', 'week', 'month', 'quarter'];

function describe(summary: SyncSummary): string {
  const parts = [`coloured ${plural(summary.ragCells, 'RAG cell')}`];
  if (summary.timelineRange) {
    parts.push(
      `drew ${plural(summary.bars, 'bar')} and ${plural(summary.milestones, 'milestone')} on a ${summary.scale}ly timeline of ${plural(summary.periods, 'period')} (${summary.firstPeriod} to ${summary.lastPeriod}) in ${summary.timelineRange}`,
    );
  }
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
    if (values.json) io.stdout(findingsJson(validated.findings, { summary: null, written: null }));
    else io.stderr(`plan-sync: ${validated.reason} Nothing was written.`);
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
    refusal,
  } = syncPlan(wb, validated.plan, validated.findings, {
    scale: scale as 'auto' | Scale | undefined,
    reportDate: validated.reportDate,
    normaliseRag: values['normalise-rag'] || values['normalize-rag'],
  });
  const findings = sortFindings([...validated.findings, ...syncFindings]);
  if (refusal) {
    // Nothing is written, not even a backup: the file stays exactly as it was.
    if (values.json)
      io.stdout(findingsJson(findings, { summary: null, written: null, refused: refusal.reason }));
    io.stderr(
      `plan-sync: ${file}: ${refusal.reason.replace(/; nothing was changed\.$/, '')}; nothing was written.`,
    );
    return EXIT_CANNOT;
  }
  const changed = applySyncEdits(loaded.pkg, edits);

  let written: string | null = null;
  let backup: string | null = null;
  if (!dryRun && (changed.size > 0 || !inPlace)) {
    const parts = new Map([...changed].map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
    const bytes = changed.size ? writeZip(loaded.pkg.zip, parts) : loaded.bytes;
    // Check our own output before it replaces anything: a file we cannot read is never written.
    try {
      verifyPackage(bytes, loaded.pkg.zip, parts);
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
        changedParts: [...changed.keys()],
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
        `Dry run: would have ${what}. ${changed.size ? `Parts that would change: ${[...changed.keys()].join(', ')}.` : 'Nothing would change.'}`,
      );
    else if (!changed.size && inPlace)
      io.stdout(`${file} is already up to date (${what}); nothing was written.`);
    else
      io.stdout(
        `${paint('Synced', 'ok')} ${written}: ${what}.${backup ? ` Backup of the original: ${backup}.` : ''}`,
      );
    const notDrawn = notDrawnSentence(summary.notDrawn, summary.timelineRange !== null);
    if (notDrawn) io.stdout(notDrawn);
    io.stdout(summaryLine(findings) + '.');
  }
  return hasErrors(findings) ? EXIT_FINDINGS : EXIT_OK;
}
