/**
 * Writes the sheets the highlight report owns (`Highlight report`, `Status history`): each is
 * replaced whole (or added after the workbook's last sheet), with the styles it needs appended.
 * Every other part is left as it was.
 */

import { rangeA1 } from '../../core/cells.js';
import type { OwnedSheet } from '../../core/report/layout.js';
import { addWorksheet } from './add-sheet.js';
import { encodeParts, XlsxPackage } from './package.js';
import { patchSheet } from './sheet-patch.js';
import { stylesPartOf, type PartTexts } from './styles-part.js';
import { StylesEditor } from './styles.js';
import { escapeXml } from './xml.js';
import { writeZip } from './zip.js';

/** A complete worksheet part for an owned sheet: columns, cells, merges and print setup. */
export function ownedSheetXml(sheet: OwnedSheet, xf: Int32Array): string {
  const cols = sheet.widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const merges = sheet.merges.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${rangeA1(m)}"/>`).join('')}</mergeCells>`
    : '';
  // A break's id is the last row of the page before it.
  const breaks = sheet.pageBreaks.length
    ? `<rowBreaks count="${sheet.pageBreaks.length}" manualBreakCount="${sheet.pageBreaks.length}">${sheet.pageBreaks.map((r) => `<brk id="${r - 1}" max="16383" man="1"/>`).join('')}</rowBreaks>`
    : '';
  const footer = escapeXml(`&L&A&RPage &P of &N`);
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1"/>' +
    `<sheetViews><sheetView${sheet.hideGrid ? ' showGridLines="0"' : ''} workbookViewId="0"/></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData/>${merges}` +
    '<printOptions horizontalCentered="1"/>' +
    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>' +
    `<pageSetup paperSize="9" orientation="${sheet.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${footer}</oddFooter></headerFooter>${breaks}</worksheet>`;
  const { block } = sheet;
  if (block.height === 0) return xml;
  return patchSheet(xml, {
    cells: new Map(),
    block: {
      area: { top: 1, left: 1, bottom: block.height, right: block.width },
      width: block.width,
      xf,
      values: block.values,
    },
    clearRanges: [],
    rowHeights: sheet.rowHeights,
    freeze: sheet.freezeRow > 0 ? { row: sheet.freezeRow + 1, col: 1 } : null,
  });
}

export interface OwnedChanges extends PartTexts {
  /** The parts of the owned sheets: written in UTF-8 whatever the part they replace was in. */
  owned: Set<string>;
  /** Owned sheets added to the workbook (the others were replaced). */
  addedSheets: string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The changes that write `sheets` into the package: replaced when present, else added at the end. */
export function applyOwnedSheets(pkg: XlsxPackage, sheets: readonly OwnedSheet[]): OwnedChanges {
  const changes: OwnedChanges = {
    changed: new Map(),
    added: new Map(),
    owned: new Set(),
    addedSheets: [],
  };
  for (const sheet of sheets) {
    const existing = pkg.sheets.find((s) => same(s.name, sheet.name));
    if (existing && existing.kind !== 'worksheet')
      throw new Error(
        `"${existing.name}" is a chart sheet, and plan-sync writes the ${sheet.name} there: rename it`,
      );
  }
  const stylesPart = stylesPartOf(pkg, changes);
  const styles = new StylesEditor(stylesPart.xml);
  const xmls = sheets.map((s) => ownedSheetXml(s, styles.blockXfs(s.styles, s.block.styles)));
  if (styles.changed || changes.added.has(stylesPart.path))
    (changes.added.has(stylesPart.path) ? changes.added : changes.changed).set(
      stylesPart.path,
      styles.toXml(),
    );

  let current = pkg;
  sheets.forEach((sheet, i) => {
    const existing = current.sheets.find((s) => same(s.name, sheet.name));
    if (existing) {
      const target = changes.added.has(existing.path) ? changes.added : changes.changed;
      target.set(existing.path, xmls[i]);
      changes.owned.add(existing.path);
      return;
    }
    // Each added sheet goes after the last one, in a package holding the changes so far.
    if (changes.changed.size || changes.added.size) current = packageWith(pkg, changes);
    const names = current.sheets.map((s) => s.name);
    const created = addWorksheet(current, sheet.name, names[names.length - 1], xmls[i]);
    for (const [k, v] of created.changed)
      (changes.added.has(k) ? changes.added : changes.changed).set(k, v);
    for (const [k, v] of created.added) changes.added.set(k, v);
    changes.owned.add(created.path);
    changes.addedSheets.push(sheet.name);
  });
  return changes;
}

/** The package as it would be with `changes` (to plan further changes on top of them). */
function packageWith(pkg: XlsxPackage, changes: OwnedChanges): XlsxPackage {
  const { changed, added } = encodeOwned(pkg, changes);
  return XlsxPackage.open(writeZip(pkg.zip, changed, [...added]));
}

/** The changes as bytes for writeZip: owned sheets in UTF-8, other parts in their own encoding. */
export function encodeOwned(
  pkg: XlsxPackage,
  changes: OwnedChanges,
): { changed: Map<string, Buffer>; added: Map<string, Buffer> } {
  const changed = encodeParts(pkg, changes.changed);
  for (const path of changes.owned)
    if (changes.changed.has(path))
      changed.set(path, Buffer.from(changes.changed.get(path)!, 'utf8'));
  const added = encodeParts(pkg, changes.added);
  return { changed, added };
}
