import { resolve } from 'node:path';
import { findingsJson } from '../../core/format/json.js';
import {
  DEFAULT_LIMIT,
  formatFindings,
  notDrawnSentence,
  summaryLine,
} from '../../core/format/human.js';
import { hasErrors, sortFindings } from '../../core/findings.js';
import { writeRefusal } from '../../core/refusals.js';
import { syncPlan } from '../../core/sync/plan-sync.js';
import { asCannotProceed, CannotProceed } from '../io/load.js';
import { writeChecked } from '../io/checked-output.js';
import { collectGarbage } from '../io/memory.js';
import { oneOf, parseCommandLine } from './args.js';
import { loadPlan, PLAN_OPTIONS } from './plan-input.js';
import { assertCanWrite } from '../io/safe-write.js';
import { applySyncEdits } from '../xlsx/apply-sync.js';
import { touchesStyles } from '../xlsx/styles-part.js';
import { TIMELINE_NAME, type SyncEdits } from '../../core/sync/edits.js';
import { describeOtherChanges, describeSync, partsLine } from './describe.js';
import { partContents } from '../xlsx/package.js';
import type { TextContent } from '../xlsx/zip.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { EXIT_CANNOT, EXIT_FINDINGS, EXIT_OK, paintFor, type CommandIO } from './context.js';

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
  --verbose            with --dry-run, also list the parts of the .xlsx package that would change
  --all                list every finding (by default 50 per sheet and severity)
  --json               print {"findings":[...],"summary":{...}} instead of text
  --sheet NAME         the plan sheet (default: Plan, Transition Plan, Programme Plan or Project Plan)
  --report-date DATE   the date marked on the timeline and used for overdue checks
  --column FIELD=TITLE the column titled TITLE is FIELD (start, end, id, task, rag, workstream,
                       lead, stakeholders, progress, dependencies, baseline-start, baseline-end),
                       e.g. --column start=From; may be repeated; overrides the Settings sheet's
                       "Column: Start" rows
  --normalise-rag      rewrite statuses in full (A/R becomes Amber/Red)
  --no-backup          do not keep NAME.backup.xlsx when updating in place
  --force              replace FILE (or OUT) even when it is read-only; it stays read-only

Exit codes: 0 synced with no errors, 1 synced but some rows have errors (listed; rows whose dates
cannot be drawn are marked on the timeline), 2 nothing was written (file unreadable, no plan, file
open, read-only or changed while working, disk full or folder not writable, a cell of yours where
the timeline goes, or a timeline too wide for the sheet).`;

const SCALES = ['auto', 'week', 'month', 'quarter'] as const;

/** A file this size holds a plan of some 20,000 tasks. */
const LARGE_FILE = 1 << 20;

export async function runSync(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'sync',
      positionals: ['FILE'],
      options: {
        ...PLAN_OPTIONS,
        output: { type: 'string', short: 'o', value: 'OUT (the file to write)' },
        scale: { type: 'string', value: 'auto, week, month or quarter' },
        'dry-run': { type: 'boolean' },
        verbose: { type: 'boolean' },
        'normalise-rag': { type: 'boolean' },
        'normalize-rag': { type: 'boolean', alias: true },
        'no-backup': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(SYNC_HELP);
    return EXIT_OK;
  }
  const scale = values.scale === undefined ? undefined : oneOf('scale', values.scale, SCALES);
  const file = positionals[0];
  const out = values.output ?? file;
  const inPlace = resolve(out) === resolve(file);
  const dryRun = values['dry-run'] ?? false;

  const planned = planSync(file, values, io, scale, () => {
    // Reading a workbook that is open is safe; only the file written must not be open.
    if (!dryRun) assertCanWrite(out, { force: values.force });
  });
  if ('reason' in planned) {
    // Exit 2 always says why on stderr, with --json too (stdout keeps the JSON).
    if (values.json) io.stdout(findingsJson(planned.findings, { summary: null, written: null }));
    io.stderr(`plan-sync: ${planned.reason} Nothing was written.`);
    return EXIT_CANNOT;
  }
  const { loaded, findings, summary, refusal, sheet } = planned;
  if (refusal) {
    // Nothing is written, not even a backup: the file stays exactly as it was.
    if (values.json)
      io.stdout(findingsJson(findings, { summary: null, written: null, refused: refusal.reason }));
    io.stderr(
      `plan-sync: ${file}: ${refusal.reason.replace(/; nothing was changed\.$/, '')}; nothing was written.`,
    );
    return EXIT_CANNOT;
  }
  // The cell grid and the validated plan are garbage now: collected before the sheet is patched
  // (a large plan only; a small one is not worth a collection's time).
  const large = loaded.bytes.length >= LARGE_FILE;
  if (large) collectGarbage();
  const normalised = planned.edits!.ragCells.filter((r) => r.normalisedText !== undefined).length;
  let changes;
  try {
    changes = applySyncEdits(loaded.pkg, planned.edits!);
  } catch (e) {
    if (e instanceof WorkbookReadError) throw asCannotProceed(file, e, ' Nothing was written.');
    throw new CannotProceed(`${(e as Error).message}; nothing was written.`);
  }
  // Neither the edits (the timeline's grid) nor the sheet as read are needed once the new sheet
  // is made (parts being replaced are not read again before writing): collected before writing.
  planned.edits = null;
  for (const [path, content] of changes.changed)
    if (typeof content !== 'string') loaded.pkg.forgetText(path);
  if (large) collectGarbage();
  const changed = partContents(loaded.pkg, changes.changed);
  const added = partContents(loaded.pkg, changes.added);
  const changedParts = [...changed.keys(), ...added.keys()];

  const { written, backup } = writeChecked(
    loaded,
    changed,
    added,
    { ...values, out, inPlace, dryRun },
    textsOf([...changes.changed, ...changes.added]),
  );

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
    if (dryRun) {
      const cells = describeSync(summary, sheet, 'would', normalised);
      const other = describeOtherChanges({
        styles: touchesStyles(loaded.pkg, { changed, added }),
        names: changed.has(loaded.pkg.workbookPath) ? [TIMELINE_NAME] : [],
      });
      const would = [cells, other].filter(Boolean).map((t) => `would ${t}`);
      const what =
        changedParts.length && would.length
          ? `${would.join('; ')}.`.replace(/^w/, 'W')
          : `Nothing would change: ${file} is already up to date.`;
      io.stdout(
        `Dry run: nothing was written. ${what}${inPlace ? '' : ` The result would go to ${out}; ${file} would stay as it is.`}`,
      );
      if (values.verbose) io.stdout(partsLine('would', changedParts));
    } else {
      const did = describeSync(summary, sheet, 'did', normalised);
      if (!changedParts.length && inPlace)
        io.stdout(`${file} is already up to date; nothing was written.`);
      else
        io.stdout(
          `${paint('Synced', 'ok')} ${written}${did ? `: ${did}` : ''}.${backup ? ` Backup of the original: ${backup}.` : ''}`,
        );
      if (values.verbose) io.stdout(partsLine('did', changedParts));
    }
    const notDrawn = notDrawnSentence(summary.notDrawn, summary.timelineRange !== null);
    if (notDrawn) io.stdout(notDrawn);
    io.stdout(summaryLine(findings) + '.');
  }
  return hasErrors(findings) ? EXIT_FINDINGS : EXIT_OK;
}

/** The parts given as one string (a sheet in pieces is checked as its pieces). */
function textsOf(parts: [string, TextContent][]): Map<string, string> {
  return new Map(parts.filter((p): p is [string, string] => typeof p[1] === 'string'));
}

/**
 * Reads and validates FILE and works out the sync's edits. Only what the write needs is returned:
 * the cell grid and the validated plan are dropped here, before the sheet is patched, so a large
 * plan is not held twice.
 */
function planSync(
  file: string,
  values: Parameters<typeof loadPlan>[1] & { 'normalise-rag'?: boolean; 'normalize-rag'?: boolean },
  io: CommandIO,
  scale: (typeof SCALES)[number] | undefined,
  beforeRead: () => void,
) {
  const { loaded, wb, validated } = loadPlan(file, values, io, beforeRead);
  if (!validated.ok) return { reason: validated.reason, findings: validated.findings };
  const protection = writeRefusal(validated.plan.sheet, 'sync');
  if (protection) throw new CannotProceed(protection);
  // What reading and the rules left behind is garbage: collected before the edits are made, so
  // that it and theirs are not held at once (50,000 tasks: some 20 MB less at the peak, for 45 ms).
  if (loaded.bytes.length >= LARGE_FILE) collectGarbage();
  const { edits, findings, summary, refusal } = syncPlan(wb, validated.plan, validated.findings, {
    scale,
    reportDate: validated.reportDate,
    normaliseRag: values['normalise-rag'] || values['normalize-rag'],
    key: true,
    print: true,
  });
  return {
    loaded,
    /** Let go (null) once applied. */
    edits: edits as SyncEdits | null,
    summary,
    refusal,
    sheet: validated.plan.sheet.name,
    findings: sortFindings([...validated.findings, ...findings]),
  };
}
