/** Applies the engine's sync edits to an .xlsx package by patching only the parts they touch. */

import type { SyncEdits } from '../../core/sync/edits.js';
import { RAG_COLOURS, RAG_STATUSES } from '../../core/rag.js';
import type { XlsxPackage } from './package.js';
import {
  editSkeleton,
  patchSheetParts,
  sameSheet,
  sheetPieces,
  sheetSkeleton,
  sheetTextIs,
  splitSheet,
  type CellBlock,
  type CellUpdate,
} from './sheet-patch.js';
import { StylesEditor } from './styles.js';
import { cellFormatsUsed, stylesPartOf, type PartTexts } from './styles-part.js';
import { setDefinedName } from './workbook-patch.js';
import { applyPrintSetup, hasOwnPageSetup, printTitlesRef, setPrintTitles } from './print-setup.js';
import type { TextContent } from './zip.js';

const RAG_FILLS = new Set(RAG_STATUSES.map((s) => RAG_COLOURS[s].fill));
const RAG_TEXT = new Set(RAG_STATUSES.map((s) => RAG_COLOURS[s].text));

/**
 * The new content of every part the edits change or add (unchanged parts are left out). The
 * sheet comes in pieces: a large sheet is never joined into one string.
 */
export function applySyncEdits(
  pkg: XlsxPackage,
  edits: SyncEdits,
): { changed: Map<string, TextContent>; added: Map<string, string> } {
  const sheetRef = pkg.sheets.find((s) => s.name === edits.sheet && s.kind === 'worksheet');
  if (!sheetRef) throw new Error(`sheet "${edits.sheet}" is not a worksheet`);
  const parts: PartTexts = { changed: new Map(), added: new Map() };
  const stylesPart = stylesPartOf(pkg, parts);
  const styles = new StylesEditor(stylesPart.xml, () => cellFormatsUsed(pkg));

  // Rows given the same edit share one (read-only) update: a plan has a handful of statuses, and
  // a map and a function for each of 50,000 rows would be some 17 MB held while the sheet is made.
  const cells = new Map<number, ReadonlyMap<number, CellUpdate>>();
  const sameEdit = new Map<string, ReadonlyMap<number, CellUpdate>>();
  for (const rag of edits.ragCells) {
    const { col, fill, fontColor, normalisedText: text } = rag;
    const key = `${col} ${fill} ${fontColor} ${text === undefined ? '' : `=${text}`}`;
    let line = sameEdit.get(key);
    if (!line) {
      const update: CellUpdate = {
        kind: 'restyle',
        restyle: (s) =>
          fill && fontColor
            ? styles.recolour(s, fill, fontColor)
            : styles.uncolour(s, RAG_FILLS, RAG_TEXT),
        text,
      };
      sameEdit.set(key, (line = new Map([[col, update]])));
    }
    cells.set(rag.row, line);
  }

  const timeline = edits.timeline;
  let block: CellBlock | null = null;
  if (timeline) {
    // The timeline's grid of style indexes is used as it is (50,000 tasks: 8 MB not copied).
    const xfOf = styles.styleXfs(edits.styles);
    const { area, width, rows, values } = timeline;
    block = { area, width, rows, xf: timeline.styles, xfOf, values };
  }

  const sheetXml = pkg.text(sheetRef.path);
  const patched = patchSheetParts(sheetXml, {
    cells,
    block,
    clearRanges: edits.clear,
    columnWidths: timeline
      ? { min: timeline.area.left, max: timeline.area.right, width: timeline.columnWidth }
      : null,
    freeze: timeline ? edits.freeze : null,
  });

  const changed = new Map<string, TextContent>();
  const original = splitSheet(sheetXml);
  let sheetOut = patched;
  let wbOut = pkg.workbookXml;
  // A board print setup, only where the user has none of their own. Page setup lives outside
  // sheetData: it is read and written on the sheet without its rows.
  const print = edits.print;
  if (print && !hasOwnPageSetup(sheetSkeleton(original), wbOut, sheetRef.index)) {
    sheetOut = editSkeleton(sheetOut, (xml) => applyPrintSetup(xml, print));
    wbOut = setPrintTitles(wbOut, sheetRef.index, printTitlesRef(edits.sheet, print));
  }
  // Rows rewritten as they were (a second sync) leave the part as it is.
  if (!sameSheet(original, sheetOut) && !sheetTextIs(sheetOut, sheetXml))
    changed.set(sheetRef.path, sheetPieces(sheetOut));
  if (timeline) wbOut = setDefinedName(wbOut, edits.timelineName, timeline.nameRef);
  if (wbOut !== pkg.workbookXml) changed.set(pkg.workbookPath, wbOut);
  if (!changed.size) return { changed, added: new Map() }; // nothing drawn: no styles needed
  for (const [path, text] of parts.changed) changed.set(path, text);
  const added = parts.added;
  if (styles.changed || added.has(stylesPart.path)) {
    (added.has(stylesPart.path) ? added : changed).set(stylesPart.path, styles.toXml());
  }
  return { changed, added };
}
