import { describe, expect, it } from 'vitest';
import { headerFooterSections, type PrintSetup } from '../../core/sync/print-setup.js';
import {
  applyPrintSetup,
  hasOwnPageSetup,
  observedPageSetup,
  printTitlesRef,
  setPrintTitles,
} from '../../sync/xlsx/print-setup.js';
import { runPython } from '../helpers/python.js';

const SETUP: PrintSetup = {
  paper: 'a4',
  orientation: 'landscape',
  fitToWidth: 1,
  fitToHeight: 0,
  titleRows: { first: 3, last: 4 },
  titleColumns: { first: 1, last: 3 },
  footer: { left: 'R&D Programme', centre: 'Page &P of &N', right: 'Report date 13 Nov 2020' },
};
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const WB = `<workbook ${NS}><sheets><sheet name="Plan" sheetId="1"/></sheets></workbook>`;

/** The worksheet's children in document order, as an XML parser sees them. */
function children(xml: string): string[] {
  return JSON.parse(
    runPython(
      `import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.argv[1])
print(json.dumps([c.tag.split('}')[1] for c in root]))`,
      [xml],
    ),
  );
}

describe('the board print setup in a worksheet part', () => {
  it('adds sheetPr, margins, page setup and footer where the schema puts them', () => {
    const sheet = `<worksheet ${NS}><dimension ref="A1"/><sheetData/><drawing r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/><tableParts count="0"/></worksheet>`;
    const out = applyPrintSetup(sheet, SETUP);
    expect(children(out)).toEqual([
      'sheetPr',
      'dimension',
      'sheetData',
      'pageMargins',
      'pageSetup',
      'headerFooter',
      'drawing',
      'tableParts',
    ]);
    expect(out).toContain('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
    // A4 (paperSize 9): without it the sheet asks for US Letter, the schema's default.
    expect(out).toContain(
      '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
    );
    // A literal & in the footer is doubled (header/footer codes), then escaped for XML.
    expect(out).toContain(
      '<oddFooter>&amp;LR&amp;&amp;D Programme&amp;CPage &amp;P of &amp;N&amp;RReport date 13 Nov 2020</oddFooter>',
    );
  });

  it('keeps what is there: sheetPr children, a paper size, the printer settings link, a prefix', () => {
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheetPr codeName="Plan"><x:tabColor rgb="FF00FF00"/></x:sheetPr><x:sheetData/><x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><x:pageSetup paperSize="8" orientation="portrait" r:id="rId2"/></x:worksheet>`;
    const out = applyPrintSetup(sheet, SETUP);
    expect(out).toContain(
      '<x:sheetPr codeName="Plan"><x:tabColor rgb="FF00FF00"/><x:pageSetUpPr fitToPage="1"/></x:sheetPr>',
    );
    expect(out).toContain(
      // A3 (8), the paper the sheet names, stays.
      '<x:pageSetup paperSize="8" orientation="landscape" r:id="rId2" fitToWidth="1" fitToHeight="0"/>',
    );
    expect(out).toContain('<x:pageMargins left="0.7"');
    expect(children(out)).toEqual([
      'sheetPr',
      'sheetData',
      'pageMargins',
      'pageSetup',
      'headerFooter',
    ]);
  });

  it('opens a self-closing sheetPr to add fit to page', () => {
    const out = applyPrintSetup(
      `<worksheet ${NS}><sheetPr filterMode="1"/><sheetData/></worksheet>`,
      SETUP,
    );
    expect(out).toContain('<sheetPr filterMode="1"><pageSetUpPr fitToPage="1"/></sheetPr>');
  });

  it('tells a page setup the user made from what spreadsheets write by default, and from its own', () => {
    const sheet = (inner: string) => `<worksheet ${NS}><sheetData/>${inner}</worksheet>`;
    const own = (inner: string, wb = WB) => hasOwnPageSetup(sheet(inner), wb, 0);
    // exceljs's default, margins alone, nothing: not the user's.
    expect(
      own('<pageSetup orientation="portrait" scale="100" fitToWidth="1" fitToHeight="1"/>'),
    ).toBe(false);
    expect(
      own(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
      ),
    ).toBe(false);
    expect(own('')).toBe(false);
    expect(own('<headerFooter><oddFooter></oddFooter></headerFooter>')).toBe(false);
    // The user's.
    expect(own('<pageSetup orientation="landscape"/>')).toBe(true);
    expect(own('<pageSetup scale="55"/>')).toBe(true);
    expect(own('<headerFooter><oddFooter>&amp;CConfidential</oddFooter></headerFooter>')).toBe(
      true,
    );
    expect(
      hasOwnPageSetup(
        `<worksheet ${NS}><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetData/></worksheet>`,
        WB,
        0,
      ),
    ).toBe(true);
    const titled = WB.replace(
      '</sheets>',
      '</sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">Plan!$1:$1</definedName></definedNames>',
    );
    expect(own('', titled)).toBe(true);
    expect(hasOwnPageSetup(sheet(''), titled, 1)).toBe(false);
    // plan-sync's own, from an earlier sync: replaced.
    const ours = applyPrintSetup(sheet(''), SETUP);
    expect(hasOwnPageSetup(ours, titled, 0)).toBe(false);
  });

  it('sets print titles for the sheet, replacing its own and keeping other names', () => {
    const ref = printTitlesRef('My Plan', SETUP);
    expect(ref).toBe("'My Plan'!$A:$C,'My Plan'!$3:$4");
    const once = setPrintTitles(WB, 0, ref);
    expect(once).toContain(
      `<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'My Plan'!$A:$C,'My Plan'!$3:$4</definedName></definedNames>`,
    );
    expect(setPrintTitles(once, 0, ref)).toBe(once);
    const other = WB.replace(
      '</sheets>',
      '</sheets><definedNames><definedName name="Keep">Plan!$A$1</definedName></definedNames>',
    );
    const both = setPrintTitles(other, 0, 'Plan!$1:$1');
    expect(both).toContain(
      '<definedName name="Keep">Plan!$A$1</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">Plan!$1:$1</definedName>',
    );
  });

  it('reads the page setup as the pane does, so the engine decides for both hosts', () => {
    const sheet = (inner: string) => `<worksheet ${NS}><sheetData/>${inner}</worksheet>`;
    const seen = (inner: string, wb = WB) => observedPageSetup(sheet(inner), wb, 0);
    expect(seen('')).toEqual({
      orientation: 'portrait',
      scale: 100,
      fitToWidth: null,
      fitToHeight: null,
      header: { left: '', centre: '', right: '' },
      footer: { left: '', centre: '', right: '' },
      printTitleRows: false,
      printTitleColumns: false,
      printArea: false,
      otherHeadersFooters: false,
    });
    // Fitted to pages: the scale no longer counts, the page counts default to 1.
    const fitted = observedPageSetup(
      `<worksheet ${NS}><sheetPr><pageSetUpPr fitToPage="true"/></sheetPr><sheetData/><pageSetup scale="40" fitToHeight="0"/></worksheet>`,
      WB,
      0,
    );
    expect([fitted.scale, fitted.fitToWidth, fitted.fitToHeight]).toEqual([null, 1, 0]);
    // Sections decoded from XML, codes kept as Excel holds them.
    expect(
      seen(
        '<headerFooter><oddHeader>&amp;LR&amp;&amp;D&amp;RPage &amp;P</oddHeader><oddFooter>Draft</oddFooter></headerFooter>',
      ),
    ).toMatchObject({
      header: { left: 'R&&D', centre: '', right: 'Page &P' },
      footer: { left: '', centre: 'Draft', right: '' },
      otherHeadersFooters: false,
    });
    // Other headers and footers, and ones that are not plain text, are the owner's too.
    for (const hf of [
      '<headerFooter><evenFooter>&amp;CEven pages</evenFooter></headerFooter>',
      '<headerFooter differentFirst="1"><firstHeader></firstHeader></headerFooter>',
      '<headerFooter><oddFooter><![CDATA[&CConfidential]]></oddFooter></headerFooter>',
    ]) {
      expect(seen(hf).otherHeadersFooters).toBe(true);
      expect(hasOwnPageSetup(sheet(hf), WB, 0)).toBe(true);
    }
    const area = WB.replace(
      '</sheets>',
      '</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Plan!$A$1:$F$9</definedName></definedNames>',
    );
    expect(seen('', area).printArea).toBe(true);
    expect(hasOwnPageSetup(sheet(''), area, 0)).toBe(true);
    // What plan-sync wrote reads back as its own footer, in sections.
    expect(observedPageSetup(applyPrintSetup(sheet(''), SETUP), WB, 0).footer).toEqual({
      left: 'R&&D Programme',
      centre: 'Page &P of &N',
      right: 'Report date 13 Nov 2020',
    });
  });
});

describe('header and footer sections', () => {
  it('splits at &L, &C and &R, centring text before any code', () => {
    expect(headerFooterSections('')).toEqual({ left: '', centre: '', right: '' });
    expect(headerFooterSections('Confidential')).toEqual({
      left: '',
      centre: 'Confidential',
      right: '',
    });
    expect(headerFooterSections('&LA&CB&RC')).toEqual({ left: 'A', centre: 'B', right: 'C' });
    expect(headerFooterSections('&RC&LA')).toEqual({ left: 'A', centre: '', right: 'C' });
    // `&&L` is a literal `&` then the letter L, not a section code.
    expect(headerFooterSections('&LR&&L&RX')).toEqual({ left: 'R&&L', centre: '', right: 'X' });
    // Other codes stay in their section; a lone `&` at the end too.
    expect(headerFooterSections('&L&"Arial,Bold"&12Title&CPage &P of &N&R&D &T&')).toEqual({
      left: '&"Arial,Bold"&12Title',
      centre: 'Page &P of &N',
      right: '&D &T&',
    });
  });
});
