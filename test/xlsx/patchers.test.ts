import { describe, expect, it } from 'vitest';
import { patchSheet, type CellUpdate } from '../../sync/xlsx/sheet-patch.js';
import { StylesEditor } from '../../sync/xlsx/styles.js';
import { setDefinedName } from '../../sync/xlsx/workbook-patch.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

function cells(entries: [number, number, CellUpdate][]): Map<number, Map<number, CellUpdate>> {
  const map = new Map<number, Map<number, CellUpdate>>();
  for (const [r, c, u] of entries) {
    if (!map.has(r)) map.set(r, new Map());
    map.get(r)!.set(c, u);
  }
  return map;
}

describe('patchSheet', () => {
  const sheet =
    `<worksheet ${NS}><dimension ref="A1:B3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="16384" width="9" style="3"/></cols>` +
    `<sheetData><row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>5</v></c></row>` +
    `<row r="3"><c t="s"><v>1</v></c><c><v>7</v></c></row></sheetData>` +
    `<dataValidations count="1"><dataValidation type="list" sqref="B2:B9"><formula1>"a,b"</formula1></dataValidation></dataValidations></worksheet>`;

  it('rewrites only the rows it touches, inserts missing rows in order, and keeps the rest verbatim', () => {
    const out = patchSheet(sheet, {
      cells: cells([
        [1, 2, { kind: 'restyle', restyle: (s) => s + 10 }],
        [2, 4, { kind: 'set', value: 43891, s: 7 }],
        [3, 4, { kind: 'set', value: '◆ & <x>', s: 0 }],
        [4, 3, { kind: 'set', value: null, s: 8 }],
      ]),
      clearRanges: [],
    });
    expect(out).toContain(
      '<row r="1" spans="1:2"><c r="A1" t="s"><v>0</v></c><c r="B1" s="12"><v>5</v></c></row>',
    );
    expect(out).toContain('<row r="2"><c r="D2" s="7"><v>43891</v></c></row><row r="3">');
    // Cells without r attributes get them when their row is rewritten.
    expect(out).toContain(
      '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>7</v></c><c r="D3" t="inlineStr"><is><t>◆ &amp; &lt;x&gt;</t></is></c></row>',
    );
    expect(out).toContain('<row r="4"><c r="C4" s="8"/></row></sheetData>');
    expect(out).toContain('<dimension ref="A1:D4"/>');
    expect(out.slice(out.indexOf('<dataValidations'))).toBe(
      sheet.slice(sheet.indexOf('<dataValidations')),
    );
  });

  it('clears ranges, splits column ranges around the timeline and freezes panes once', () => {
    const out = patchSheet(sheet, {
      cells: new Map(),
      clearRanges: [{ top: 1, left: 2, bottom: 3, right: 2 }],
      columnWidths: { min: 4, max: 6, width: 6.7109375 },
      freeze: { row: 2, col: 3 },
    });
    expect(out).toContain('<row r="1" spans="1:1"><c r="A1" t="s"><v>0</v></c></row>');
    expect(out).not.toContain('<v>7</v>');
    expect(out).toContain(
      '<cols><col min="1" max="3" width="9" style="3"/><col min="4" max="6" width="6.7109375" style="3" customWidth="1"/><col min="7" max="16384" width="9" style="3"/></cols>',
    );
    expect(out).toContain(
      '<sheetView workbookViewId="0"><pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/></sheetView>',
    );
    const again = patchSheet(out, {
      cells: new Map(),
      clearRanges: [],
      columnWidths: { min: 4, max: 6, width: 6.7109375 },
      freeze: { row: 5, col: 5 },
    });
    expect(again).toBe(out);
  });

  it('adds cols and sheetViews where a sheet has none, keeping a namespace prefix', () => {
    const bare = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/></x:worksheet>`;
    const out = patchSheet(bare, {
      cells: cells([[1, 1, { kind: 'set', value: 1, s: 0 }]]),
      clearRanges: [],
      columnWidths: { min: 1, max: 1, width: 5 },
      freeze: { row: 2, col: 1 },
    });
    expect(out).toBe(
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetViews><x:sheetView workbookViewId="0"><x:pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></x:sheetView></x:sheetViews><x:cols><x:col min="1" max="1" width="5" customWidth="1"/></x:cols><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>',
    );
  });

  it('normalises text of a value cell but never of a formula', () => {
    const withFormula = sheet.replace(
      '<c r="B1" s="2"><v>5</v></c>',
      '<c r="B1" s="2"><f>A1</f><v>5</v></c>',
    );
    const out = patchSheet(withFormula, {
      cells: cells([
        [1, 1, { kind: 'restyle', restyle: () => 4, text: 'Amber/Red' }],
        [1, 2, { kind: 'restyle', restyle: () => 4, text: 'Amber/Red' }],
      ]),
      clearRanges: [],
    });
    expect(out).toContain(
      '<c r="A1" s="4" t="inlineStr"><is><t>Amber/Red</t></is></c><c r="B1" s="4"><f>A1</f><v>5</v></c>',
    );
  });
});

describe('StylesEditor', () => {
  const styles =
    `<styleSheet ${NS}><fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment horizontal="left"/></xf></cellXfs></styleSheet>`;

  it('leaves the part unchanged when nothing is added', () => {
    expect(new StylesEditor(styles).toXml()).toBe(styles);
  });

  it('recolours a cell format keeping its number format and alignment, reusing what exists', () => {
    const editor = new StylesEditor(styles);
    const xf = editor.recolour(1, 'BFE0CC', '005A30');
    expect(xf).toBe(2);
    expect(editor.recolour(1, 'BFE0CC', '005A30')).toBe(2);
    const xml = editor.toXml();
    expect(xml).toContain('<fonts count="2">');
    expect(xml).toContain(
      '<font><sz val="11"/><color rgb="FF005A30"/><name val="Calibri"/></font></fonts>',
    );
    expect(xml).toContain('<fills count="3">');
    expect(xml).toContain(
      '<xf numFmtId="14" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyFont="1"><alignment horizontal="left"/></xf></cellXfs>',
    );
    // A second editor over the result finds everything already there.
    const again = new StylesEditor(xml);
    expect(again.recolour(1, 'BFE0CC', '005A30')).toBe(2);
    expect(again.recolour(2, 'BFE0CC', '005A30')).toBe(2);
    expect(again.toXml()).toBe(xml);
    expect(again.solidFillOf(2)).toBe('BFE0CC');
    // Removing our colour gives the original number format and alignment with no fill.
    const plain = again.uncolour(2, new Set(['BFE0CC']), new Set(['005A30']));
    expect(again.solidFillOf(plain)).toBeNull();
    expect(again.toXml()).toContain(
      '<xf numFmtId="14" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyFont="1"><alignment horizontal="left"/></xf></cellXfs>',
    );
    expect(again.uncolour(1, new Set(['BFE0CC']), new Set(['005A30']))).toBe(1);
  });

  it('builds owned formats with a custom number format, borders and rotation', () => {
    const editor = new StylesEditor(styles);
    const xf = editor.owned({
      numFmt: 'dd-mmm-yy',
      bold: true,
      rotation: 90,
      borderLeft: '4C2C92',
      borderRight: '4C2C92',
      fill: 'F3F2F1',
    });
    const xml = editor.toXml();
    expect(
      xml.startsWith(
        `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd-mmm-yy"/></numFmts>`,
      ),
    ).toBe(true);
    expect(xml).toContain(
      '<border><left style="medium"><color rgb="FF4C2C92"/></left><right style="medium"><color rgb="FF4C2C92"/></right><top/><bottom/><diagonal/></border></borders>',
    );
    expect(xml).toContain(
      `<xf numFmtId="164" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment textRotation="90"/></xf>`,
    );
    expect(xf).toBe(2);
    expect(editor.owned({ numFmt: 'mmm-yy' })).toBe(3);
    expect(editor.toXml()).toContain('<xf numFmtId="17" ');
  });
});

describe('setDefinedName', () => {
  it('adds, replaces, and leaves alone', () => {
    const wb = `<workbook ${NS}><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="1"/></workbook>`;
    const added = setDefinedName(wb, 'PlanSync_Timeline', "'My Plan'!$K$1:$V$7");
    expect(added).toContain(
      `</sheets><definedNames><definedName name="PlanSync_Timeline" hidden="1">'My Plan'!$K$1:$V$7</definedName></definedNames><calcPr`,
    );
    expect(setDefinedName(added, 'PlanSync_Timeline', "'My Plan'!$K$1:$V$7")).toBe(added);
    const moved = setDefinedName(added, 'PlanSync_Timeline', "'My Plan'!$K$1:$Z$9");
    expect(moved.match(/definedName name=/g)).toHaveLength(1);
    expect(moved).toContain('$K$1:$Z$9');
  });
});
