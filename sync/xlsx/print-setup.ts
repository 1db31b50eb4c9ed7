/**
 * Writes the engine's board print setup (core/sync/print-setup.ts) into a worksheet part and the
 * workbook's print titles, only when the sheet has no page setup of its own: a setup the user made
 * is theirs. One plan-sync set before (its footer carries the report date) is replaced.
 */

import { FOOTER_MARK, type PrintSetup } from '../../core/sync/print-setup.js';
import { columnLetters, quoteSheetName } from '../../core/cells.js';
import {
  childElements,
  elements,
  firstElement,
  getAttr,
  startTagOf,
  type XmlElement,
} from '../../core/xlsx/xml-scan.js';
import { escapeXml, rootPrefix, setAttrs } from './xml.js';
import { putDefinedName } from './workbook-patch.js';

/** The worksheet's children in the order the schema requires (CT_Worksheet). */
const ORDER = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

const PRINT_TITLES = '_xlnm.Print_Titles';

function root(xml: string): XmlElement {
  const el = firstElement(xml, 'worksheet');
  if (!el) throw new Error('worksheet part has no worksheet element');
  return el;
}

function child(xml: string, local: string): XmlElement | undefined {
  return childElements(xml, root(xml), local)[0];
}

/** Inserts `text` where a `local` child belongs: before the first child that must follow it. */
function insertChild(xml: string, local: string, text: string): string {
  const rank = ORDER.indexOf(local);
  const after = childElements(xml, root(xml)).find((el) => ORDER.indexOf(el.local) > rank);
  const at = after ? after.start : root(xml).closeStart;
  return xml.slice(0, at) + text + xml.slice(at);
}

/** The footer text of the sheet's headerFooter, if any (as written, still XML-escaped). */
function footerText(xml: string): string {
  const hf = child(xml, 'headerFooter');
  return hf ? xml.slice(hf.openEnd, hf.closeStart) : '';
}

/** True when the footer is one plan-sync wrote. */
function isOurs(xml: string): boolean {
  return footerText(xml).includes(`&amp;R${FOOTER_MARK}`);
}

/**
 * True when the sheet has a page setup its owner made: landscape, a scale or fit to page, a header
 * or footer, or print titles or a print area of its own. Margins, a paper size, portrait at 100%
 * (exceljs writes these by default) do not count.
 */
export function hasOwnPageSetup(
  sheetXml: string,
  workbookXml: string,
  sheetIndex: number,
): boolean {
  if (isOurs(sheetXml)) return false;
  const setup = child(sheetXml, 'pageSetup');
  if (setup) {
    // Portrait at 100% is every writer's default; fitTo sizes count only with fitToPage (below).
    const tag = startTagOf(sheetXml, setup);
    if (getAttr(tag, 'orientation') === 'landscape') return true;
    const scale = getAttr(tag, 'scale');
    if (scale !== undefined && scale !== '100') return true;
  }
  const pr = child(sheetXml, 'sheetPr');
  if (
    pr &&
    childElements(sheetXml, pr, 'pageSetUpPr').some((el) =>
      /fitToPage="(1|true)"/.test(startTagOf(sheetXml, el)),
    )
  )
    return true;
  if (
    footerText(sheetXml)
      .replace(/<[^>]*>/g, '')
      .trim() !== ''
  )
    return true;
  const names = firstElement(workbookXml, 'definedNames');
  if (names)
    for (const el of elements(workbookXml, 'definedName', names.openEnd, names.closeStart)) {
      const tag = startTagOf(workbookXml, el);
      const name = getAttr(tag, 'name');
      if (
        (name === PRINT_TITLES || name === '_xlnm.Print_Area') &&
        getAttr(tag, 'localSheetId') === String(sheetIndex)
      )
        return true;
    }
  return false;
}

/** A header/footer section's text: a literal `&` is written `&&`. */
const hfText = (text: string) => escapeXml(text.replace(/&(?!P|N)/g, '&&'));

/** The worksheet part with the board print setup written into it. */
export function applyPrintSetup(xml: string, setup: PrintSetup): string {
  const p = rootPrefix(xml);
  // Fit to page is switched on in sheetPr.
  const pr = child(xml, 'sheetPr');
  if (!pr) {
    xml = insertChild(
      xml,
      'sheetPr',
      `<${p}sheetPr><${p}pageSetUpPr fitToPage="1"/></${p}sheetPr>`,
    );
  } else {
    const existing = childElements(xml, pr, 'pageSetUpPr')[0];
    if (existing) {
      const tag = startTagOf(xml, existing);
      xml =
        xml.slice(0, existing.start) +
        setAttrs(tag, { fitToPage: '1' }) +
        xml.slice(existing.start + tag.length);
    } else if (pr.selfClosing) {
      const tag = startTagOf(xml, pr);
      xml =
        xml.slice(0, pr.start) +
        tag.replace(/\s*\/>$/, '>') +
        `<${p}pageSetUpPr fitToPage="1"/></${p}sheetPr>` +
        xml.slice(pr.end);
    } else {
      // pageSetUpPr is the last child sheetPr may have.
      xml =
        xml.slice(0, pr.closeStart) + `<${p}pageSetUpPr fitToPage="1"/>` + xml.slice(pr.closeStart);
    }
  }
  if (!child(xml, 'pageMargins'))
    xml = insertChild(
      xml,
      'pageMargins',
      `<${p}pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>`,
    );
  const attrs = {
    paperSize: PAPER_SIZE[setup.paper],
    orientation: setup.orientation,
    fitToWidth: String(setup.fitToWidth),
    fitToHeight: String(setup.fitToHeight),
  };
  const setupEl = child(xml, 'pageSetup');
  if (setupEl) {
    const tag = startTagOf(xml, setupEl);
    // A paper the sheet already names (A3, a US Letter template) is the owner's: kept.
    const { paperSize, ...rest } = attrs;
    const wanted = getAttr(tag, 'paperSize') === undefined ? { paperSize, ...rest } : rest;
    xml =
      xml.slice(0, setupEl.start) + setAttrs(tag, wanted) + xml.slice(setupEl.start + tag.length);
  } else {
    xml = insertChild(
      xml,
      'pageSetup',
      `<${p}pageSetup paperSize="${attrs.paperSize}" orientation="${attrs.orientation}" fitToWidth="${attrs.fitToWidth}" fitToHeight="${attrs.fitToHeight}"/>`,
    );
  }
  const { left, centre, right } = setup.footer;
  const footer = `<${p}headerFooter><${p}oddFooter>&amp;L${hfText(left)}&amp;C${escapeXml(centre)}&amp;R${hfText(right)}</${p}oddFooter></${p}headerFooter>`;
  const hf = child(xml, 'headerFooter');
  xml = hf
    ? xml.slice(0, hf.start) + footer + xml.slice(hf.end)
    : insertChild(xml, 'headerFooter', footer);
  return xml;
}

/** ST_PaperSize codes (ECMA-376 Part 1, 18.3.1.63). */
const PAPER_SIZE = { a4: '9' } as const;

/** `'Plan'!$A:$C,'Plan'!$3:$4`: the ID-to-Task columns and the header rows, on every page. */
export function printTitlesRef(sheet: string, setup: PrintSetup): string {
  const q = quoteSheetName(sheet);
  const rows = `${q}!$${setup.titleRows.first}:$${setup.titleRows.last}`;
  const cols = setup.titleColumns;
  return cols ? `${q}!$${columnLetters(cols.first)}:$${columnLetters(cols.last)},${rows}` : rows;
}

/** Sets the sheet's print titles (a sheet-scoped `_xlnm.Print_Titles`) in `xl/workbook.xml`. */
export function setPrintTitles(xml: string, sheetIndex: number, ref: string): string {
  const p = rootPrefix(xml);
  const element = `<${p}definedName name="${PRINT_TITLES}" localSheetId="${sheetIndex}">${escapeXml(ref)}</${p}definedName>`;
  return putDefinedName(xml, PRINT_TITLES, String(sheetIndex), element);
}
