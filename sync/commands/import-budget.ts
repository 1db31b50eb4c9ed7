import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  budgetSheetAfter,
  DEFAULT_BUDGET_SHEET,
  fingerprintOf,
  formatImportTime,
  planBudgetImport,
} from '../../core/budget/import.js';
import { findingsJson } from '../../core/format/json.js';
import { writeRefusal } from '../../core/refusals.js';
import { DEFAULT_LIMIT, formatFindings, plural, summaryLine } from '../../core/format/human.js';
import { rangeA1 } from '../../core/cells.js';
import { hasErrors, sortFindings } from '../../core/findings.js';
import { budgetTargetRefusal, budgetTargetSheetsToRead } from '../../core/budget/target.js';
import { sniffFileKind } from '../../core/xlsx/file-kind.js';
import { readBudgetSource, splitSelector } from '../io/budget-source.js';
import {
  asCannotProceed,
  CannotProceed,
  loadWorkbookFile,
  readSheetOf,
  type LoadedWorkbook,
} from '../io/load.js';
import { typed } from '../io/not-a-workbook.js';
import { assertCanWrite, safeWrite } from '../io/safe-write.js';
import { applyBudgetImport } from '../xlsx/apply-budget.js';
import { touchesStyles } from '../xlsx/styles-part.js';
import { describeOtherChanges, partsLine } from './describe.js';
import { sheetNameProblem } from '../xlsx/add-sheet.js';
import { checkedOutput } from '../io/checked-output.js';
import { parseCommandLine } from './args.js';
import { encodeParts } from '../xlsx/package.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { EXIT_FINDINGS, EXIT_OK, paintFor, UsageError, type CommandIO } from './context.js';

export const IMPORT_BUDGET_HELP = `Usage: plan-sync import-budget WORKBOOK TABLE [--name NAME] [--sheet SHEET] [--json] [--strict] [--dry-run]

Imports a finance table into WORKBOOK's budget sheet and checks every total.

TABLE is a CSV file (UTF-8 with or without BOM, or Windows-1252; comma, semicolon or tab
separated), or an .xlsx/.xlsm workbook with an optional selector: book.xlsx#Sheet,
book.xlsx#Sheet!A1:G20, or book.xlsx#NAME for a defined name or an Excel table (default: the
first sheet's used range).

Numbers land as numbers in the table's units; TBD, n/a, [x] and - are kept as written (not
zero); sections and totals are set apart. Each total row is checked against the rows above it and
a Total column against the columns it sums, allowing rounding of 0.5 per figure; totals that do
not add up are reported with the label, stated and computed values and the difference, highlighted
in the workbook with a note, and never changed. Re-importing a table with the same name replaces
its block and nothing else; importing an unchanged file again changes nothing.

Options:
  --name NAME    the table's name (default: from the file name or selector)
  --sheet SHEET  the budget sheet (default: Budget, created after the plan sheets when missing)
  --json         print {"findings":[...],"summary":{...}}
  --strict       exit 1 on warnings too (totals that do not add up)
  --dry-run      check and report; write nothing
  --verbose      with --dry-run, also list the parts of the .xlsx package that would change
  --all          list every finding (by default 50 per file and severity)
  --no-backup    do not keep WORKBOOK.backup.xlsx
  --force        import even when WORKBOOK is read-only; it stays read-only

Exit codes: 0 imported and consistent, 1 imported with errors (or warnings with --strict),
2 nothing imported (unreadable input, workbook refused: open, read-only, changed while working,
disk full or folder not writable), with a one-line reason.`;

/** WORKBOOK, loaded; a CSV there with a workbook as TABLE means the two were swapped. */
function loadTarget(workbookPath: string, tableSpec: string): LoadedWorkbook {
  try {
    return loadWorkbookFile(workbookPath);
  } catch (e) {
    const table = splitSelector(tableSpec).path;
    const kindOf = (path: string) => {
      try {
        return sniffFileKind(readFileSync(path), path);
      } catch {
        return null;
      }
    };
    const wbKind = kindOf(workbookPath);
    if (
      e instanceof CannotProceed &&
      (wbKind === 'csv' || wbKind === 'text') &&
      kindOf(table) === 'xlsx'
    ) {
      throw new CannotProceed(
        `${basename(workbookPath)} is a CSV file and ${basename(table)} is a workbook: the workbook comes first, then the table: plan-sync import-budget ${typed(table)} ${typed(workbookPath)}.`,
      );
    }
    throw e;
  }
}

export async function runImportBudget(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    {
      command: 'import-budget',
      positionals: ['WORKBOOK', 'TABLE'],
      options: {
        name: { type: 'string', value: "NAME (the table's name)" },
        sheet: { type: 'string', value: 'SHEET (the budget sheet)' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        verbose: { type: 'boolean' },
        all: { type: 'boolean' },
        'no-backup': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    },
    argv,
  );
  if (values.help) {
    io.stdout(IMPORT_BUDGET_HELP);
    return EXIT_OK;
  }
  const [workbookPath, tableSpec] = positionals;
  const sheetName = values.sheet ?? DEFAULT_BUDGET_SHEET;
  const problem = sheetNameProblem(sheetName);
  if (problem) throw new UsageError(`--sheet: ${problem}.`);
  const dryRun = values['dry-run'] ?? false;

  const loaded = loadTarget(workbookPath, tableSpec);
  if (!dryRun) assertCanWrite(workbookPath, { force: values.force });
  const source = readBudgetSource(tableSpec);
  const name = (values.name ?? source.defaultName).trim();
  if (!name) throw new UsageError('--name must not be empty.');

  const pkg = loaded.pkg;
  const target = pkg.sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
  if (target && target.kind !== 'worksheet')
    throw new CannotProceed(
      `"${target.name}" is a chart sheet; choose another --sheet. Nothing was imported.`,
    );
  const targetSheet = target ? readSheetOf(loaded, target.name) : null;
  const worksheets = pkg.sheets.filter((s) => s.kind === 'worksheet').map((s) => s.name);
  const planSheets = budgetTargetSheetsToRead(worksheets).map((n) => readSheetOf(loaded, n));
  const onPlan = budgetTargetRefusal(worksheets, sheetName, [
    ...planSheets,
    ...(targetSheet ? [targetSheet] : []),
  ]);
  if (onPlan) throw new CannotProceed(onPlan);
  const refusal = targetSheet && writeRefusal(targetSheet, 'budget');
  if (refusal) throw new CannotProceed(refusal);
  const plan = planBudgetImport({
    source: source.table,
    name,
    sourceLabel: source.label,
    importedAt: formatImportTime(new Date()),
    fingerprint: fingerprintOf([
      source.bytes,
      tableSpec.includes('#') ? tableSpec.slice(tableSpec.lastIndexOf('#')) : '',
      name,
      sheetName,
    ]),
    sheetName: target?.name ?? sheetName,
    sheet: targetSheet,
    names: pkg.definedNames,
  });
  if (!plan.ok)
    throw new CannotProceed(
      `${basename(source.label.split(' (')[0])}: ${plan.reason}; nothing was imported.`,
    );
  const findings = sortFindings(plan.findings);

  let written: string | null = null;
  let backup: string | null = null;
  let changedParts: string[] = [];
  let stylesChange = false;
  if (!plan.unchanged) {
    let changes;
    try {
      changes = applyBudgetImport(
        pkg,
        plan,
        target?.name ?? sheetName,
        budgetSheetAfter(pkg.sheets.map((s) => s.name)),
      );
    } catch (e) {
      if (e instanceof WorkbookReadError)
        throw asCannotProceed(workbookPath, e, ' Nothing was written.');
      throw new CannotProceed(`${(e as Error).message}; nothing was imported.`);
    }
    const changed = encodeParts(pkg, changes.changed);
    const added = encodeParts(pkg, changes.added);
    changedParts = [...changed.keys(), ...added.keys()];
    stylesChange = touchesStyles(pkg, { changed, added });
    // Built and checked in dry runs too: a dry run fails exactly when the real run would.
    const bytes = checkedOutput(
      loaded,
      changed,
      added,
      new Map([...changes.changed, ...changes.added]),
    );
    if (!dryRun) {
      ({ backup } = safeWrite(workbookPath, bytes, {
        original: loaded.bytes,
        backup: !values['no-backup'],
        force: values.force,
      }));
      written = resolve(workbookPath);
    }
  }

  const rows = plan.table.rows.filter((r) => r.kind !== 'blank').length;
  const summary = {
    name,
    sheet: target?.name ?? sheetName,
    range: plan.definedName.ref,
    rows,
    columns: plan.table.columns.length,
    units: plan.table.units?.label ?? null,
    unchanged: plan.unchanged,
    createdSheet: !target,
  };
  if (values.json) {
    io.stdout(findingsJson(findings, { summary, changedParts, written, backup, dryRun }));
  } else {
    const paint = paintFor(io);
    if (findings.length)
      io.stdout(formatFindings(findings, paint, values.all ? Infinity : DEFAULT_LIMIT));
    const table = `"${name}" (${plural(rows, 'row')}${plan.table.units ? `, ${plan.table.units.label}` : ''})`;
    const budgetSheet = target?.name ?? sheetName;
    const cells = `cells ${rangeA1(plan.area)} of sheet "${budgetSheet}"`;
    const replacing = pkg.definedNames.some((n) => n.name === plan.definedName.name)
      ? `, replacing its earlier import`
      : '';
    if (plan.unchanged)
      io.stdout(
        `${basename(workbookPath)} already has ${table} in ${cells}, from this exact source; nothing was changed.`,
      );
    else if (dryRun) {
      const other = describeOtherChanges({
        styles: stylesChange,
        names: changedParts.includes(pkg.workbookPath) ? [plan.definedName.name] : [],
      });
      const after = budgetSheetAfter(pkg.sheets.map((s) => s.name));
      const land = target
        ? `import ${table} into ${cells}${replacing}`
        : `add sheet "${sheetName}"${after ? ` after "${after}"` : ''} and import ${table} into its cells ${rangeA1(plan.area)}`;
      io.stdout(`Dry run: nothing was written. Would ${land}${other ? `; would ${other}` : ''}.`);
      if (values.verbose) io.stdout(partsLine('would', changedParts));
    } else {
      io.stdout(
        `${paint('Imported', 'ok')} ${table} into ${cells} in ${workbookPath}${replacing}.${backup ? ` Backup of the original: ${backup}.` : ''}`,
      );
      if (values.verbose) io.stdout(partsLine('did', changedParts));
    }
    io.stdout(summaryLine(findings) + '.');
  }
  const warnings = findings.some((f) => f.severity === 'warning');
  return hasErrors(findings) || (values.strict && warnings) ? EXIT_FINDINGS : EXIT_OK;
}
