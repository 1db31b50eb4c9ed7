/**
 * `plan-sync adopt FILE`: turns a hand-painted Gantt into a plan with dates, written to a NEW
 * workbook beside it (the original package untouched, plus a Plan and an Adoption review sheet).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  adoptPaintedSheet,
  evidenceCells,
  needsReview,
  type AdoptResult,
} from '../../core/adopt/adopt.js';
import {
  adoptionSheets,
  CONFIDENCE_LABEL,
  freeSheetName,
  PLAN_SHEET,
  REVIEW_SHEET,
} from '../../core/adopt/sheets.js';
import { isoOf, ukOf, type Day } from '../../core/dates.js';
import { plural } from '../../core/format/human.js';
import { RAG_LABEL } from '../../core/rag.js';
import { cellStyleIndexes, FillColours } from '../../core/xlsx/fills.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { assertSound, CannotProceed, loadWorkbookFile, readSheetOf } from '../io/load.js';
import { assertCanWrite, backupPathFor, safeWrite } from '../io/safe-write.js';
import { addGridSheet } from '../xlsx/apply-adopt.js';
import { encodeParts, XlsxPackage } from '../xlsx/package.js';
import { verifyPackage } from '../xlsx/verify.js';
import { writeZip } from '../xlsx/zip.js';
import { parseCommandLine } from './args.js';
import {
  EXIT_CANNOT,
  EXIT_FINDINGS,
  EXIT_OK,
  paintFor,
  UsageError,
  type CommandIO,
} from './context.js';

export const ADOPT_HELP = `Usage: plan-sync adopt FILE [--sheet NAME] [-o OUT.xlsx] [--json]

Reads a Gantt painted by hand (coloured month, week or quarter cells, labels typed in them) and
proposes a plan with dates: start = the first day of the first painted period, end = the last day
of the last; gaps split a row into parts; a legend or two blocks of columns naming the "Original"
and "Revised" timetables make the original the baseline; a label with a day ("Go Live 1/11",
"4/12/2020", UK day-first, the year from its column) is a milestone; other labels become
comments; a RAG colour is proposed as the status.

FILE is never written. The result is a new workbook, OUT (default: FILE's name with .adopted),
holding every sheet and part of FILE unchanged plus a "Plan" sheet in plan-sync's format and an
"Adoption review" sheet saying for each row what was inferred, from which cells, how sure
(high: one solid run; medium: gaps, mixed colours, a status guessed from a colour; low: labels
only, no paint) and why.
Check the review, then run plan-sync validate and sync on OUT.

Options:
  --sheet NAME     the painted sheet (default: the first sheet with a timeline header)
  -o, --output OUT the workbook to write (default: NAME.adopted.xlsx beside FILE)
  --json           print the proposal as data
  --force          replace OUT when it already exists (keeping OUT's old copy as
                   NAME.backup.xlsx beside it), even when it is read-only

Exit codes: 0 every painted row adopted, 1 some rows need review (low confidence or nothing
inferred; listed), 2 nothing written (no painted timeline found, file unreadable, OUT open).`;

/** `plan.xlsx` -> `plan.adopted.xlsx`, beside it. */
export function adoptedPathFor(path: string): string {
  const ext = extname(path) || '.xlsx';
  return join(dirname(path), `${basename(path, extname(path))}.adopted${ext}`);
}

type Adopted = Extract<AdoptResult, { ok: true }>;

/** The painted sheet's fills, resolved through the workbook's styles and theme. */
function fillsOf(pkg: XlsxPackage, sheetPath: string): (row: number, col: number) => string | null {
  const rels = pkg.relsOf(pkg.workbookPath).filter((r) => r.targetMode !== 'External');
  const part = (type: string) => {
    const rel = rels.find((r) => r.type.endsWith(type));
    return rel && pkg.hasPart(rel.path) ? pkg.text(rel.path) : undefined;
  };
  const colours = new FillColours(part('/styles'), part('/theme'));
  const styles = cellStyleIndexes(pkg.text(sheetPath));
  return (row, col) => {
    const s = styles.get(row)?.get(col);
    return s === undefined ? null : colours.ofStyle(s);
  };
}

function dateOrNull(day: Day | null): string | null {
  return day === null ? null : isoOf(day);
}

function jsonOf(result: Adopted, extra: Record<string, unknown>): string {
  const t = result.timeline;
  return JSON.stringify(
    {
      sheet: result.sheetName,
      timeline: {
        row: t.row,
        scale: t.scale,
        first: t.columns[0].label,
        last: t.columns[t.columns.length - 1].label,
        columns: t.columns.length,
        blocks: t.blocks.map((b) => ({
          from: b.columns[0].label,
          to: b.columns[b.columns.length - 1].label,
          role: b.role,
        })),
      },
      legend: result.legend,
      taskColumn: result.taskColumn,
      headings: result.headings,
      rows: result.rows.map((r) => ({
        row: r.row,
        id: r.id,
        workstream: r.workstream,
        task: r.task,
        start: dateOrNull(r.start),
        end: dateOrNull(r.end),
        baselineStart: dateOrNull(r.baselineStart),
        baselineEnd: dateOrNull(r.baselineEnd),
        segments: r.segments.map((s) => ({
          start: isoOf(s.start),
          end: isoOf(s.end),
          cells: s.cells,
        })),
        milestones: r.milestones.map((m) => ({
          date: isoOf(m.day),
          text: m.text,
          label: m.label,
          cell: m.cell,
        })),
        rag: r.ragText ?? (r.ragProposed ? RAG_LABEL[r.ragProposed] : null),
        ragFrom: r.ragText ? 'column' : r.ragProposed ? 'colour' : null,
        confidence: r.confidence,
        needsReview: needsReview(r),
        cells: evidenceCells(r),
        reasons: r.reasons,
        notes: r.notes,
      })),
      ...extra,
    },
    null,
    2,
  );
}

export async function runAdopt(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'adopt',
      positionals: ['FILE'],
      options: {
        sheet: { type: 'string', value: 'NAME (the painted sheet)' },
        output: { type: 'string', short: 'o', value: 'OUT (the workbook to write)' },
        json: { type: 'boolean' },
        force: { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(ADOPT_HELP);
    return EXIT_OK;
  }
  const file = positionals[0];
  const out = values.output ?? adoptedPathFor(file);
  if (resolve(out) === resolve(file))
    throw new UsageError(
      `-o names FILE itself; adopt never writes the painted workbook: give another name, e.g. ${basename(adoptedPathFor(file))}.`,
    );

  // An earlier adoption may hold the user's review work: never replace it unasked.
  if (existsSync(out) && !values.force)
    throw new CannotProceed(
      `${out} already exists (an earlier adoption?). Choose another name with -o, or add --force to replace it (its old copy is kept as ${basename(backupPathFor(out))}). Nothing was written.`,
    );

  const loaded = loadWorkbookFile(file);
  const pkg = loaded.pkg;
  const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet');
  let candidates = worksheets;
  if (values.sheet !== undefined) {
    const wanted = values.sheet;
    const found =
      pkg.sheets.find((s) => s.name === wanted) ??
      pkg.sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!found)
      throw new CannotProceed(
        `${basename(file)} has no sheet named "${wanted}"; its sheets are ${pkg.sheets.map((s) => `"${s.name}"`).join(', ')}. Nothing was written.`,
      );
    if (found.kind !== 'worksheet')
      throw new CannotProceed(
        `"${found.name}" is a chart sheet, not a painted plan. Nothing was written.`,
      );
    candidates = [found];
  }

  // The first sheet (in tab order) with a timeline header is the painted plan.
  let result: AdoptResult | null = null;
  let firstFailure: string | null = null;
  for (const ref of candidates) {
    const sheet = readSheetOf(loaded, ref.name);
    const attempt = adoptPaintedSheet({
      sheet,
      date1904: pkg.date1904,
      fill: fillsOf(pkg, ref.path),
    });
    if (attempt.ok) {
      result = attempt;
      break;
    }
    firstFailure ??= attempt.reason;
  }
  if (!result || !result.ok) {
    const reason =
      candidates.length === 1
        ? (firstFailure ?? 'no worksheet to read')
        : `no painted timeline found on any of the ${candidates.length} sheets: looked for ${firstFailure?.split(': looked for ')[1] ?? 'month headings'}`;
    if (values.json)
      io.stdout(JSON.stringify({ sheet: null, rows: [], written: null, reason }, null, 2));
    io.stderr(`plan-sync: ${basename(file)}: ${reason}. Nothing was written.`);
    return EXIT_CANNOT;
  }
  if (!result.rows.length) {
    const reason = `the timeline on sheet "${result.sheetName}" (row ${result.timeline.row}) has no task rows below it`;
    if (values.json)
      io.stdout(
        JSON.stringify({ sheet: result.sheetName, rows: [], written: null, reason }, null, 2),
      );
    io.stderr(`plan-sync: ${basename(file)}: ${reason}. Nothing was written.`);
    return EXIT_CANNOT;
  }

  assertCanWrite(out, { force: values.force });
  const names = pkg.sheets.map((s) => s.name);
  const planSheet = freeSheetName(PLAN_SHEET, names);
  const reviewSheet = freeSheetName(REVIEW_SHEET, [...names, planSheet]);
  const sheets = adoptionSheets(result, {
    planSheet,
    reviewSheet,
    date1904: pkg.date1904,
    source: `sheet "${result.sheetName}" of ${basename(file)}`,
  });

  // Two sheets, one after the other: the second is added to the package the first made.
  let bytes: Buffer;
  try {
    assertSound(loaded, new Set());
    const first = addGridSheet(pkg, sheets.plan, result.sheetName);
    const changed1 = encodeParts(pkg, first.changed);
    const added1 = encodeParts(pkg, first.added);
    const step1 = writeZip(pkg.zip, changed1, [...added1]);
    const pkg2 = XlsxPackage.open(step1);
    const second = addGridSheet(pkg2, sheets.review, planSheet);
    const changed2 = encodeParts(pkg2, second.changed);
    const added2 = encodeParts(pkg2, second.added);
    bytes = writeZip(pkg2.zip, changed2, [...added2]);
    // One check of the result against FILE: every part as FILE has it, but those two steps wrote.
    const changed = new Map(changed1);
    const added = new Map(added1);
    for (const [name, content] of changed2) (added.has(name) ? added : changed).set(name, content);
    for (const [name, content] of added2) added.set(name, content);
    verifyPackage(bytes, pkg.zip, changed, added);
  } catch (e) {
    if (e instanceof CannotProceed) throw e;
    if (e instanceof WorkbookReadError)
      throw new CannotProceed(`${basename(file)}: ${e.message} Nothing was written.`);
    throw new CannotProceed(
      `the adopted workbook could not be built (${(e as Error).message}); nothing was written.`,
    );
  }
  const { backup } = safeWrite(out, bytes, { backup: true, force: values.force });

  const review = result.rows.filter(needsReview);
  const count = (c: keyof typeof CONFIDENCE_LABEL) =>
    result.rows.filter((r) => r.confidence === c).length;
  // Milestones from labels on painted rows are plan rows of their own.
  const milestones = sheets.planRows.filter((p) => p.id !== p.from.id).length;
  if (values.json) {
    io.stdout(
      jsonOf(result, {
        written: resolve(out),
        planSheet,
        reviewSheet,
        planRows: sheets.planRows.length,
        backup,
        summary: {
          rows: result.rows.length,
          high: count('high'),
          medium: count('medium'),
          low: count('low'),
          none: count('none'),
          needsReview: review.length,
        },
      }),
    );
  } else {
    const paint = paintFor(io);
    const t = result.timeline;
    io.stdout(
      `${paint('Adopted', 'ok')} ${plural(result.rows.length, 'row')} from sheet "${result.sheetName}" of ${basename(file)} (timeline in row ${t.row}, ${t.columns[0].label} to ${t.columns[t.columns.length - 1].label}): ${count('high')} high, ${count('medium')} medium, ${count('low')} low confidence, ${count('none')} with nothing inferred.`,
    );
    io.stdout(
      `Wrote ${out}: sheet "${planSheet}" (${plural(sheets.planRows.length, 'plan row')}${milestones ? `, ${plural(milestones, 'milestone')} from labels` : ''}) and sheet "${reviewSheet}"; every sheet of ${basename(file)} is kept as it was, and ${basename(file)} itself was not changed.${backup ? ` The ${basename(out)} it replaced is kept as ${backup}.` : ''}`,
    );
    if (planSheet !== PLAN_SHEET)
      io.stdout(
        `The workbook already has a sheet "${PLAN_SHEET}", so the plan is on "${planSheet}": add --sheet "${planSheet}" to validate and sync.`,
      );
    if (review.length) {
      io.stdout(`${paint('Needs review', 'warning')} (${plural(review.length, 'row')}):`);
      for (const r of review.slice(0, 50))
        io.stdout(
          `  row ${r.row} (${r.id}) ${r.task}: ${r.reasons.filter((x) => !x.startsWith('RAG ')).pop() ?? 'check it'}${r.start !== null ? `; proposed ${ukOf(r.start)} to ${ukOf(r.end!)}` : ''}`,
        );
      if (review.length > 50)
        io.stdout(`  ...and ${review.length - 50} more on sheet "${reviewSheet}".`);
    }
    io.stdout(
      `Next: check "${reviewSheet}", then plan-sync validate ${/[\s"']/.test(out) ? JSON.stringify(out) : out}${planSheet !== PLAN_SHEET ? ` --sheet "${planSheet}"` : ''}.`,
    );
  }
  return review.length ? EXIT_FINDINGS : EXIT_OK;
}
