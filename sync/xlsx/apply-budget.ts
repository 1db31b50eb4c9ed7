/** Writes an imported budget block into the package: the budget sheet (created when missing), styles and its name. */

import type { BudgetImportResult } from '../../core/budget/import.js';
import { addWorksheet, EMPTY_WORKSHEET } from './add-sheet.js';
import type { XlsxPackage } from './package.js';
import { patchSheet } from './sheet-patch.js';
import { cellFormatsUsed, stylesPartOf } from './styles-part.js';
import { StylesEditor } from './styles.js';
import { setDefinedName } from './workbook-patch.js';

type Planned = Extract<BudgetImportResult, { ok: true }>;

export interface PackageChanges {
  changed: Map<string, string>;
  added: Map<string, string>;
}

export function applyBudgetImport(
  pkg: XlsxPackage,
  plan: Planned,
  sheetName: string,
  after: string | undefined,
): PackageChanges {
  const changed = new Map<string, string>();
  const added = new Map<string, string>();
  const existing = pkg.sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
  if (existing && existing.kind !== 'worksheet')
    throw new Error(`"${existing.name}" is a chart sheet; choose another --sheet`);

  let sheetPath: string;
  let sheetXml: string;
  let workbookXml = pkg.workbookXml;
  if (existing) {
    sheetPath = existing.path;
    sheetXml = pkg.text(sheetPath);
  } else {
    // A new budget sheet gets column widths that suit the table.
    const cols = plan.block.columnWidths
      .map(
        (w, i) =>
          `<col min="${plan.area.left + i}" max="${plan.area.left + i}" width="${w}" customWidth="1"/>`,
      )
      .join('');
    const created = addWorksheet(
      pkg,
      sheetName,
      after,
      EMPTY_WORKSHEET.replace('<sheetData/>', `<cols>${cols}</cols><sheetData/>`),
    );
    for (const [k, v] of created.changed) changed.set(k, v);
    for (const [k, v] of created.added) added.set(k, v);
    sheetPath = created.path;
    sheetXml = added.get(sheetPath)!;
    workbookXml = changed.get(pkg.workbookPath) ?? workbookXml;
  }

  const stylesPart = stylesPartOf(pkg, { changed, added });
  const styles = new StylesEditor(stylesPart.xml, () => cellFormatsUsed(pkg));
  const xf = styles.blockXfs(plan.block.styleTable, plan.block.styles);
  const patched = patchSheet(sheetXml, {
    cells: new Map(),
    block: { area: plan.area, width: plan.block.width, xf, values: plan.block.values },
    clearRanges: plan.clear,
    rowHeights: new Map(
      [...plan.block.rowHeights].map(([offset, height]) => [plan.area.top + offset, height]),
    ),
  });
  (existing ? changed : added).set(sheetPath, patched);
  if (styles.changed || added.has(stylesPart.path))
    (added.has(stylesPart.path) ? added : changed).set(stylesPart.path, styles.toXml());
  const named = setDefinedName(
    workbookXml,
    plan.definedName.name,
    plan.definedName.ref,
    plan.definedName.comment,
  );
  if (named !== pkg.workbookXml) changed.set(pkg.workbookPath, named);
  return { changed, added };
}
