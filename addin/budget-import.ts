/** Budget import in Excel, loaded on demand: the same engine code as `plan-sync import-budget`. */

import {
  budgetSheetAfter,
  DEFAULT_BUDGET_SHEET,
  fingerprintOf,
  formatImportTime,
  planBudgetImport,
} from '../core/budget/import.js';
import { budgetTargetRefusal } from '../core/budget/target.js';
import { readBudgetSourceBytes } from '../core/budget/source.js';
import { countBySeverity, sortFindings } from '../core/findings.js';
import { writeRefusal } from '../core/refusals.js';
import { a1 } from '../core/cells.js';
import type { Finding } from '../core/findings.js';
import type { BudgetFile, CommandResult } from './commands-api.js';
import type { RunInExcel } from './commands.js';
import { inflateRaw } from './inflate.js';

export async function importBudgetTable(
  file: BudgetFile,
  options: { name?: string; sheet?: string },
  inExcel: RunInExcel,
): Promise<CommandResult> {
  const source = readBudgetSourceBytes(file.bytes, file.name, null, inflateRaw);
  const name = (options.name?.trim() || source.defaultName).trim();
  const sheetName = options.sheet?.trim() || DEFAULT_BUDGET_SHEET;
  return inExcel(async (session) => {
    const target = await session.readBudgetTarget(sheetName, true);
    const existing = target.sheetNames.find((n) => n.toLowerCase() === sheetName.toLowerCase());
    const onPlan = budgetTargetRefusal(target.sheetNames, sheetName, [
      ...target.others,
      ...(target.sheet ? [target.sheet] : []),
    ]);
    if (onPlan) throw new Error(onPlan);
    const refusal = target.sheet && writeRefusal(target.sheet, 'budget');
    if (refusal) throw new Error(refusal);
    const plan = planBudgetImport({
      source: source.table,
      name,
      sourceLabel: source.label,
      importedAt: formatImportTime(new Date()),
      fingerprint: fingerprintOf([file.bytes, '', name, existing ?? sheetName]),
      sheetName: existing ?? sheetName,
      sheet: target.sheet,
      names: target.names,
    });
    if (!plan.ok) throw new Error(`${file.name}: ${plan.reason}; nothing was imported.`);
    // A finding about a CSV cell also points at the cell it was imported to, to go there.
    const landed = (f: Finding): Finding => {
      const at = f.source && plan.block.sourceCell(f.source.line, f.source.column);
      return at
        ? {
            ...f,
            sheet: existing ?? sheetName,
            cell: a1(plan.area.top + at.row, plan.area.left + at.col),
          }
        : f;
    };
    const findings = sortFindings(plan.findings.map(landed));
    const c = countBySeverity(findings);
    const counts = `${c.error} errors, ${c.warning} warnings, ${c.info} info`;
    if (plan.unchanged)
      return {
        findings,
        summary: `"${name}" was already imported from this file; nothing changed. ${counts}.`,
      };
    const after = budgetSheetAfter(target.sheetNames);
    const position = existing
      ? null
      : after === undefined
        ? target.sheetNames.length
        : target.sheetNames.indexOf(after) + 1;
    const nameExists = session.hasName(plan.definedName.name);
    await session.applyBudget(
      existing ?? sheetName,
      existing !== undefined,
      position,
      plan.block,
      plan.block.styleTable,
      plan.area,
      plan.clear,
      { ...plan.definedName, exists: nameExists },
    );
    return { findings, summary: `Imported "${name}" to ${plan.definedName.ref}. ${counts}.` };
  });
}
