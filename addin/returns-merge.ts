/** Merge a return in Excel, loaded on demand: the same engine as `plan-sync returns merge`. */

import type { SheetData, WorkbookData } from '../core/cells.js';
import { formatImportTime } from '../core/budget/import.js';
import { isDateFormat, serialFromDay, ukOf } from '../core/dates.js';
import { countBySeverity, sortFindings } from '../core/findings.js';
import { writeRefusal } from '../core/refusals.js';
import { HIGHLIGHT_SHEET, ISSUED_SHEET, RETURN_SHEET } from '../core/returns/issue.js';
import { LOG_COLUMNS, logBlock, readReturnsLog, RETURNS_LOG_SHEET } from '../core/returns/log.js';
import { mergeReturns } from '../core/returns/merge.js';
import { validateWorkbook } from '../core/validate.js';
import { WorkbookReadError, XlsxPackage } from '../core/xlsx/workbook-read.js';
import type { BudgetFile, CommandResult } from './commands-api.js';
import type { RunInExcel } from './commands.js';
import { inflateRaw } from './inflate.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The return's sheets plan-sync reads, from the file's bytes. */
function returnWorkbook(file: BudgetFile): WorkbookData {
  try {
    const pkg = XlsxPackage.open(file.bytes, inflateRaw);
    const sheets: SheetData[] = [];
    for (const name of [RETURN_SHEET, HIGHLIGHT_SHEET, ISSUED_SHEET]) {
      const ref = pkg.sheets.find(
        (s) => s.kind === 'worksheet' && s.name.toLowerCase() === name.toLowerCase(),
      );
      if (ref) sheets.push(pkg.readSheet(ref.name));
    }
    return { date1904: pkg.date1904, sheets, names: [] };
  } catch (e) {
    if (e instanceof WorkbookReadError)
      throw new Error(`${file.name}: ${e.message} Nothing was changed.`, { cause: e });
    throw new Error(`${file.name}: not a readable Excel workbook. Nothing was changed.`, {
      cause: e,
    });
  }
}

export async function mergeReturnFile(
  file: BudgetFile,
  options: { acceptNew?: boolean; today?: number },
  inExcel: RunInExcel,
): Promise<CommandResult> {
  const input = { file: file.name, wb: returnWorkbook(file) };
  return inExcel(async (session) => {
    const read = await session.readPlanWorkbook(
      {},
      { fills: false, placement: false, numberFormats: 'now' },
    );
    const validated = validateWorkbook(read.data, { today: options.today });
    if (!validated.ok) throw new Error(validated.reason);
    const plan = validated.plan;
    const refusal = writeRefusal(plan.sheet, 'sync');
    if (refusal) throw new Error(refusal);
    const target = await session.readBudgetTarget(RETURNS_LOG_SHEET);
    const logName =
      target.sheetNames.find((n) => n.toLowerCase() === RETURNS_LOG_SHEET.toLowerCase()) ?? null;
    const history = readReturnsLog(target.sheet ?? undefined);
    const merged = mergeReturns(plan, [input], {
      masterFile: '',
      acceptNew: options.acceptNew ?? false,
      now: formatImportTime(new Date()),
      history: history.history,
    });
    if (!merged.ok) throw new Error(`${merged.reason} Nothing was changed.`);
    const cellsOf = (name: string) =>
      name === plan.sheet.name ? plan.sheet : read.data.sheets.find((s) => s.name === name);
    const writes = merged.writes.map((w) => {
      const sheet = w.sheet ?? plan.sheet.name;
      const current = cellsOf(sheet)?.cells[w.row]?.[w.col];
      let value: number | string | null = null;
      let numberFormat: string | undefined;
      if (w.value.kind === 'date') {
        value = serialFromDay(w.value.day, plan.date1904);
        if (!current?.numFmt || !isDateFormat(current.numFmt)) numberFormat = 'dd/mm/yyyy';
      } else if (w.value.kind === 'number') {
        value = w.value.value;
        if (w.percent && !current?.numFmt?.includes('%')) numberFormat = '0%';
      } else if (w.value.kind === 'text') value = w.value.text;
      return { sheet, row: w.row, col: w.col, value, numberFormat };
    });
    let log = null;
    if (merged.log.length) {
      const exists = logName !== null;
      const block = logBlock(merged.log, exists ? history.lastRow + 1 : 1, !exists);
      log = {
        sheet: logName ?? RETURNS_LOG_SHEET,
        exists,
        block: {
          width: block.width,
          height: block.height,
          styles: block.styleOf,
          values: block.values,
        },
        styles: block.styles,
        area: { top: block.top, left: 1, bottom: block.top + block.height - 1, right: block.width },
        widths: LOG_COLUMNS.map((c) => c.width),
      };
    }
    if (writes.length || log) await session.applyReturnMerge(writes, log);
    const findings = sortFindings(merged.findings);
    const c = countBySeverity(findings);
    const r = merged.returns[0];
    const what = `${r.applied} applied, ${r.conflicts} ${r.conflicts === 1 ? 'conflict' : 'conflicts'}, ${r.rejected} rejected${r.notApplied ? `, ${r.notApplied} not applied` : ''}${r.added ? `, ${r.added} added` : ''}`;
    const summary =
      r.alreadyMerged && !writes.length
        ? `${file.name} was merged before and nothing has changed since; nothing was written.`
        : `Merged ${file.name} (${r.workstream}, report date ${ukOf(r.reportDate)}${r.stale ? ', stale' : ''}): ${what}. Logged on the ${RETURNS_LOG_SHEET} sheet.`;
    return {
      findings,
      summary: `${summary} ${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info.`,
    };
  });
}
