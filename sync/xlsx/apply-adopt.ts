/**
 * Writes the sheets an adoption proposes (core/adopt/sheets.ts) into a package: each a new
 * worksheet added after the painted sheet, its cells as one block, its formats appended to the
 * styles part. Every other part is copied as it is.
 */
import { gridBlock, type SheetGrid } from '../../core/adopt/sheets.js';
import { addWorksheet, EMPTY_WORKSHEET } from './add-sheet.js';
import type { PackageChanges } from './apply-budget.js';
import type { XlsxPackage } from './package.js';
import { patchSheet } from './sheet-patch.js';
import { stylesPartOf } from './styles-part.js';
import { StylesEditor } from './styles.js';

/** The changes that add `grid` as a new worksheet after the sheet `after`. */
export function addGridSheet(pkg: XlsxPackage, grid: SheetGrid, after?: string): PackageChanges {
  const block = gridBlock(grid);
  const cols = grid.widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const created = addWorksheet(
    pkg,
    grid.name,
    after,
    // Printed landscape, one page wide, like the rest of a programme pack.
    EMPTY_WORKSHEET.replace(
      '<dimension ',
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ',
    )
      .replace('<sheetData/>', `<cols>${cols}</cols><sheetData/>`)
      .replace(
        '</worksheet>',
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>',
      ),
  );
  const changed = new Map(created.changed);
  const added = new Map(created.added);

  const stylesPart = stylesPartOf(pkg, { changed, added });
  const styles = new StylesEditor(stylesPart.xml);
  const xf = styles.blockXfs(block.styleTable, block.styles);
  const sheetXml = patchSheet(added.get(created.path)!, {
    cells: new Map(),
    block: {
      area: { top: 1, left: 1, bottom: block.height, right: block.width },
      width: block.width,
      xf,
      values: block.values,
    },
    clearRanges: [],
    freeze: grid.freezeRows > 0 ? { row: grid.freezeRows + 1, col: 1 } : null,
    rowHeights: grid.rowHeights,
  });
  added.set(created.path, sheetXml);
  if (styles.changed || added.has(stylesPart.path))
    (added.has(stylesPart.path) ? added : changed).set(stylesPart.path, styles.toXml());
  return { changed, added };
}
