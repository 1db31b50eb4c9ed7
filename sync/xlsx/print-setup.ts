/**
 * Writes the engine's board print setup (core/sync/print-setup.ts) into a worksheet part and the
 * workbook's print titles, only when the sheet has no page setup of its own: a setup the user made
 * is theirs. One plan-sync set before (its footer carries the report date) is replaced.
 */

import {
  hasOwnPageSetup as ownedByUser,
  headerFooterSections,
  type ObservedPageSetup,
  type PrintSetup,
} from '../../core/sync/print-setup.js';
import { columnLetters, quoteSheetName } from '../../core/cells.js';
import {
  childElements,
  decodeXml,
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

const NO_SECTIONS = { left: '', centre: '', right: '' };
const isOn = (value: string | undefined) => value === '1' || value === 'true';

/**
 * The sheet's page setup as core/sync/print-setup.ts judges it, read from the worksheet part and
 * the workbook's defined names (the pane reads the same from Office.js's pageLayout).
 */
export function observedPageSetup(
  sheetXml: string,
  workbookXml: string,
  sheetIndex: number,
): ObservedPageSetup {
  const setupEl = child(sheetXml, 'pageSetup');
  const setup = setupEl ? startTagOf(sheetXml, setupEl) : '';
  const pr = child(sheetXml, 'sheetPr');
  const fitted =
    pr !== undefined &&
    childElements(sheetXml, pr, 'pageSetUpPr').some((el) =>
      isOn(getAttr(startTagOf(sheetXml, el), 'fitToPage')),
    );
  // Pages across and down default to 1 (CT_PageSetup); scale counts only when not fitted.
  const number = (name: string, otherwise: number) => Number(getAttr(setup, name) ?? otherwise);

  let header = NO_SECTIONS;
  let footer = NO_SECTIONS;
  let otherHeadersFooters = false;
  const hf = child(sheetXml, 'headerFooter');
  if (hf) {
    const tag = startTagOf(sheetXml, hf);
    otherHeadersFooters =
      isOn(getAttr(tag, 'differentFirst')) || isOn(getAttr(tag, 'differentOddEven'));
    for (const el of childElements(sheetXml, hf)) {
      const inner = el.selfClosing ? '' : sheetXml.slice(el.openEnd, el.closeStart);
      // Markup inside (CDATA, a comment) is read as the owner's: never replaced unread.
      if (inner.includes('<')) otherHeadersFooters = true;
      const text = decodeXml(inner);
      if (el.local === 'oddHeader') header = headerFooterSections(text);
      else if (el.local === 'oddFooter') footer = headerFooterSections(text);
      else if (text.trim() !== '') otherHeadersFooters = true;
    }
  }

  let printTitleRows = false;
  let printTitleColumns = false;
  let printArea = false;
  const names = firstElement(workbookXml, 'definedNames');
  if (names)
    for (const el of elements(workbookXml, 'definedName', names.openEnd, names.closeStart)) {
      const tag = startTagOf(workbookXml, el);
      if (getAttr(tag, 'localSheetId') !== String(sheetIndex)) continue;
      const name = getAttr(tag, 'name');
      // One name holds both: which it is, the reference says; either way it is the owner's.
      if (name === PRINT_TITLES) printTitleRows = printTitleColumns = true;
      if (name === '_xlnm.Print_Area') printArea = true;
    }

  return {
    orientation: getAttr(setup, 'orientation') === 'landscape' ? 'landscape' : 'portrait',
    scale: fitted ? null : number('scale', 100),
    fitToWidth: fitted ? number('fitToWidth', 1) : null,
    fitToHeight: fitted ? number('fitToHeight', 1) : null,
    header,
    footer,
    printTitleRows,
    printTitleColumns,
    printArea,
    otherHeadersFooters,
  };
}

/** True when the sheet has a page setup its owner made (decided in core/sync/print-setup.ts). */
export function hasOwnPageSetup(
  sheetXml: string,
  workbookXml: string,
  sheetIndex: number,
): boolean {
  return ownedByUser(observedPageSetup(sheetXml, workbookXml, sheetIndex));
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
