import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellValue, columnLetters, parseRange, type SheetData } from '../../core/cells.js';
import { WorkbookReadError, XlsxPackage } from '../../sync/xlsx/package.js';
import { writeZip, ZipReader } from '../../sync/xlsx/zip.js';
import { fidelityPath, type FidelityFile } from '../helpers/fidelity.js';

const PLAN_HEADER = [
  'ID',
  'Workstream',
  'Task',
  'Start',
  'End',
  'RAG',
  'Budget',
  'Actual',
  'Pct',
  'Var',
];

function fixture(name: FidelityFile): Buffer {
  return readFileSync(fidelityPath(name));
}

function open(name: FidelityFile): XlsxPackage {
  return XlsxPackage.open(fixture(name));
}

/** A fixture with some parts replaced (by text). */
function patched(name: FidelityFile, edits: Record<string, (xml: string) => string>): Buffer {
  const zip = ZipReader.open(fixture(name));
  const changes = new Map<string, Buffer | null>();
  for (const [part, edit] of Object.entries(edits)) {
    changes.set(part, Buffer.from(edit(zip.readText(part)), 'utf8'));
  }
  return writeZip(zip, changes);
}

function row(sheet: SheetData, r: number, from: number, to: number): unknown[] {
  const out: unknown[] = [];
  for (let c = from; c <= to; c++) out.push(cellValue(sheet, r, c));
  return out;
}

function expectReadError(buf: Buffer, message: string): void {
  let error: unknown;
  try {
    XlsxPackage.open(buf);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(WorkbookReadError);
  expect((error as Error).message).toBe(message);
  expect((error as Error).message).not.toMatch(/\n/);
}

describe('XlsxPackage on the XlsxWriter workbook', () => {
  const pkg = open('xw_full.xlsx');

  it('lists sheets with their kinds, states and parts', () => {
    expect(pkg.workbookPath).toBe('xl/workbook.xml');
    expect(pkg.date1904).toBe(false);
    expect(pkg.isMacroEnabled).toBe(false);
    expect(pkg.sheets).toEqual([
      {
        name: 'Plan',
        sheetId: '1',
        rId: 'rId1',
        path: 'xl/worksheets/sheet1.xml',
        kind: 'worksheet',
        state: 'visible',
        index: 0,
      },
      {
        name: 'Lists',
        sheetId: '2',
        rId: 'rId2',
        path: 'xl/worksheets/sheet2.xml',
        kind: 'worksheet',
        state: 'hidden',
        index: 1,
      },
      {
        name: 'Finance',
        sheetId: '3',
        rId: 'rId3',
        path: 'xl/worksheets/sheet3.xml',
        kind: 'worksheet',
        state: 'visible',
        index: 2,
      },
      {
        name: 'Charts',
        sheetId: '4',
        rId: 'rId4',
        path: 'xl/worksheets/sheet4.xml',
        kind: 'worksheet',
        state: 'visible',
        index: 3,
      },
      {
        name: 'ChartSheet',
        sheetId: '5',
        rId: 'rId5',
        path: 'xl/chartsheets/sheet1.xml',
        kind: 'chartsheet',
        state: 'visible',
        index: 4,
      },
    ]);
  });

  it('reads the Plan sheet: header, dates with their format, formulas, rich text, styled blanks', () => {
    const plan = pkg.readSheet('Plan');
    expect(plan.name).toBe('Plan');
    expect(row(plan, 1, 1, 10)).toEqual(PLAN_HEADER);
    expect(plan.cells[2][4]).toEqual({ value: 45295, numFmt: 'yyyy-mm-dd' }); // 2024-01-04
    expect(plan.cells[2][1]).toEqual({ value: 1 });
    expect(row(plan, 2, 2, 3)).toEqual(['WS1', 'Task 1']);
    expect(plan.cells[2][6]).toEqual({ value: 'Amber' });
    expect(plan.cells[2][9]).toEqual({ value: 0.025 });
    expect(plan.cells[2][10]).toEqual({ value: -100, formula: true });
    expect(plan.cells[41][10]).toEqual({ value: -4000, formula: true });
    expect(plan.cells[1][11]).toBeUndefined(); // K1: no cell element
    expect(plan.cells[1][12]).toEqual({ value: 'Merged header' }); // L1, merged over L1:P2
    expect(plan.cells[3][12]).toEqual({ value: 'Rich bold and red italic' }); // L3: rich text runs
    expect(plan.cells[1][13]).toEqual({ value: null }); // M1: styled, no value
    expect(plan.cells[5][14]).toEqual({ value: 'External link' });
    expect(plan.maxRow).toBe(41);
    expect(plan.maxCol).toBe(16); // P1:P2 are styled empty cells
    expect(plan.merges).toEqual([parseRange('L1:P2')]);
    expect(plan.tables).toEqual([]);
    expect(plan.protected).toBe(false);
  });

  it('reads the hidden Lists sheet and the protected Finance sheet with its table', () => {
    const lists = pkg.readSheet('Lists');
    expect(row(lists, 1, 1, 1).concat(row(lists, 2, 1, 1), row(lists, 3, 1, 1))).toEqual([
      'Red',
      'Amber',
      'Green',
    ]);
    expect(lists.maxRow).toBe(3);
    expect(lists.maxCol).toBe(1);

    const finance = pkg.readSheet('Finance');
    expect(row(finance, 1, 1, 6)).toEqual(['Cost centre', 'Q1', 'Q2', 'Q3', 'Q4', 'Total']);
    expect(finance.tables).toEqual([{ top: 1, left: 1, bottom: 11, right: 6 }]);
    expect(finance.protected).toBe(true);
    expect(finance.cells[2][6]).toEqual({ value: 0, formula: true });
    expect(finance.cells[2][8]).toEqual({ value: 0, formula: true });
    expect(finance.maxRow).toBe(11);
    expect(finance.maxCol).toBe(8);
  });

  it('refuses to read a chart sheet or a sheet that does not exist', () => {
    expect(() => pkg.readSheet('ChartSheet')).toThrow(WorkbookReadError);
    expect(() => pkg.readSheet('ChartSheet')).toThrow(/chart sheet/);
    expect(() => pkg.readSheet('plan')).toThrow(/no sheet named "plan"/);
    expect(pkg.readSheet('Charts').cells[13][1]).toEqual({ value: 'M12' });
  });

  it('reads defined names, including the sheet-scoped and hidden ones', () => {
    expect(pkg.definedNames).toEqual([
      { name: '_xlnm._FilterDatabase', ref: 'Plan!$A$1:$J$41', scope: 'Plan', hidden: true },
      { name: 'BudgetTotal', ref: 'SUM(Plan!$G$2:$G$41)' },
      { name: 'LocalName', ref: 'Plan!$B$2', scope: 'Plan' },
      { name: '_xlnm.Print_Area', ref: 'Plan!$A$1:$J$41', scope: 'Plan' },
      { name: '_xlnm.Print_Titles', ref: 'Plan!$1:$1', scope: 'Plan' },
      { name: 'RagList', ref: 'Lists!$A$1:$A$3' },
    ]);
  });

  it('resolves relationship targets, including ../ and external ones', () => {
    const wbRels = pkg.relsOf('xl/workbook.xml');
    expect(wbRels.find((r) => r.id === 'rId999')).toEqual({
      id: 'rId999',
      type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml',
      target: '../customXml/item1.xml',
      path: 'customXml/item1.xml',
    });
    expect(wbRels.find((r) => r.id === 'rId8')?.path).toBe('xl/sharedStrings.xml');
    const sheetRels = pkg.relsOf('xl/worksheets/sheet1.xml');
    expect(sheetRels.find((r) => r.id === 'rId1')).toMatchObject({
      target: 'https://example.com/plan',
      targetMode: 'External',
      path: '',
    });
    expect(sheetRels.find((r) => r.id === 'rId4')?.path).toBe('xl/comments1.xml');
    expect(pkg.relsOf('').find((r) => r.type.endsWith('/officeDocument'))?.path).toBe(
      'xl/workbook.xml',
    );
    expect(pkg.relsOf('xl/worksheets/sheet2.xml')).toEqual([]);
  });

  it('reads shared strings and number formats', () => {
    const sst = pkg.sharedStrings();
    expect(sst).toHaveLength(59);
    expect(sst.slice(0, 10)).toEqual(PLAN_HEADER);
    expect(sst[25]).toBe('Rich bold and red italic');
    expect(pkg.numFmtOfStyle(0)).toBeUndefined();
    expect(pkg.numFmtOfStyle(1)).toBeUndefined();
    expect(pkg.numFmtOfStyle(2)).toBe('yyyy-mm-dd');
    expect(pkg.numFmtOfStyle(99)).toBeUndefined();
    expect(pkg.text('xl/workbook.xml')).toBe(pkg.workbookXml);
  });
});

describe('XlsxPackage on the macro-enabled workbook', () => {
  const pkg = open('xw_vba.xlsm');

  it('knows it is macro-enabled and reads the same sheets', () => {
    expect(pkg.isMacroEnabled).toBe(true);
    expect(pkg.sheets.map((s) => [s.name, s.kind, s.state])).toEqual([
      ['Plan', 'worksheet', 'visible'],
      ['Lists', 'worksheet', 'hidden'],
      ['Finance', 'worksheet', 'visible'],
      ['Charts', 'worksheet', 'visible'],
      ['ChartSheet', 'chartsheet', 'visible'],
    ]);
    const plan = pkg.readSheet('Plan');
    expect(row(plan, 1, 1, 10)).toEqual(PLAN_HEADER);
    expect(plan.cells[2][4]).toEqual({ value: 45295, numFmt: 'yyyy-mm-dd' });
    expect(pkg.readSheet('Finance').protected).toBe(true);
    expect(pkg.relsOf('xl/workbook.xml').find((r) => r.type.endsWith('/vbaProject'))?.path).toBe(
      'xl/vbaProject.bin',
    );
  });
});

describe('XlsxPackage on the openpyxl workbook', () => {
  const pkg = open('openpyxl_full.xlsx');

  it('resolves absolute relationship targets', () => {
    expect(pkg.sheets.map((s) => [s.name, s.kind, s.state, s.path])).toEqual([
      ['Plan', 'worksheet', 'visible', 'xl/worksheets/sheet1.xml'],
      ['Lists', 'worksheet', 'hidden', 'xl/worksheets/sheet2.xml'],
      ['Finance', 'worksheet', 'visible', 'xl/worksheets/sheet3.xml'],
      ['Charts', 'worksheet', 'visible', 'xl/worksheets/sheet4.xml'],
      ['ChartSheet', 'chartsheet', 'visible', 'xl/chartsheets/sheet1.xml'],
    ]);
    expect(pkg.relsOf('xl/worksheets/sheet1.xml').find((r) => r.id === 'comments')).toMatchObject({
      target: '/xl/comments/comment1.xml',
      path: 'xl/comments/comment1.xml',
    });
    expect(pkg.isMacroEnabled).toBe(false);
    expect(pkg.sharedStrings()).toEqual([]); // openpyxl writes inline strings, no shared-strings part
  });

  it('reads inline strings, dates and formulas without cached values', () => {
    const plan = pkg.readSheet('Plan');
    // openpyxl's Plan has no "Var" heading: J1 is empty though J2:J41 hold formulas.
    expect(row(plan, 1, 1, 10)).toEqual([...PLAN_HEADER.slice(0, 9), null]);
    expect(plan.cells[1][12]).toEqual({ value: 'Merged header' });
    expect(plan.cells[2][4]).toEqual({ value: 45295, numFmt: 'yyyy-mm-dd' });
    expect(plan.cells[2][1]).toEqual({ value: 1 });
    expect(plan.cells[2][10]).toEqual({ value: null, formula: true }); // <f>H2-G2</f><v></v>
    expect(plan.merges).toEqual([parseRange('L1:P2')]);
    expect(plan.protected).toBe(false);
    expect(plan.maxRow).toBe(41);

    const finance = pkg.readSheet('Finance');
    expect(finance.tables).toEqual([parseRange('A1:F11')]);
    expect(finance.protected).toBe(true);
    expect(pkg.readSheet('Lists').cells[3][1]).toEqual({ value: 'Green' });
  });

  it('reads defined names with quoted sheet names', () => {
    expect(pkg.definedNames).toContainEqual({ name: 'LocalName', ref: 'Plan!$B$2', scope: 'Plan' });
    expect(pkg.definedNames).toContainEqual({
      name: '_xlnm._FilterDatabase',
      ref: "'Plan'!$A$1:$I$41",
      scope: 'Plan',
      hidden: true,
    });
    expect(pkg.definedNames).toContainEqual({
      name: 'BudgetTotal',
      ref: 'SUM(Plan!$G$2:$G$41)',
      comment: 'total',
    });
    expect(pkg.definedNames).toHaveLength(6);
  });
});

describe('XlsxPackage on the LibreOffice workbooks', () => {
  it('reads the pivot workbook (data descriptors, external link, custom "General" format)', () => {
    const pkg = open('lo_pivot_ext.xlsx');
    expect(pkg.zip.entries.every((e) => (e.flags & 8) === 8)).toBe(true);
    expect(pkg.sheets.map((s) => [s.name, s.kind])).toEqual([
      ['Data', 'worksheet'],
      ['Pivot', 'worksheet'],
    ]);
    const data = pkg.readSheet('Data');
    expect(row(data, 1, 1, 3)).toEqual(['Workstream', 'Lead', 'Budget']);
    expect(data.cells[2][3]).toEqual({ value: 100 }); // s="0" is numFmtId 164 = "General"
    expect(data.cells[1][6]).toEqual({ value: 123, formula: true }); // =[1]Sheet1!A1
    expect(data.maxRow).toBe(31);
    expect(data.maxCol).toBe(6);
    const pivot = pkg.readSheet('Pivot');
    expect(pivot.cells[3][3]).toEqual({ value: null });
    expect(pivot.cells[9][5]).toEqual({ value: 46500 });
    expect(pivot.cells[9][1]).toEqual({ value: 'Total Result' });
    expect(pkg.numFmtOfStyle(0)).toBeUndefined();
    const ext = pkg.relsOf('xl/workbook.xml').find((r) => r.type.endsWith('/externalLink'));
    expect(ext?.path).toBe('xl/externalLinks/externalLink1.xml');
    expect(pkg.relsOf('xl/externalLinks/externalLink1.xml')[0]).toMatchObject({
      target: 'ext_source.xlsx',
      targetMode: 'External',
      path: '',
    });
    expect(pkg.definedNames).toEqual([]);
  });

  it('reads the external link source', () => {
    const pkg = open('ext_source.xlsx');
    expect(pkg.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    const sheet = pkg.readSheet('Sheet1');
    expect(sheet.cells[1][1]).toEqual({ value: 123 });
    expect([sheet.maxRow, sheet.maxCol]).toEqual([1, 1]);
  });
});

/** Puts an `x:` prefix on every unprefixed element and switches attributes to single quotes. */
function prefixed(xml: string): string {
  return xml
    .replace(/<(\/?)(?![?!])(?![\w.-]+:)(?=[A-Za-z_])/g, '<$1x:')
    .replace(/\sxmlns="/, ' xmlns:x="')
    .replace(/(\s[\w:.-]+)="([^"']*)"/g, "$1='$2'");
}

describe('namespace prefixes and unusual markup', () => {
  it('reads a workbook whose parts use an x: prefix (as the .NET Open XML SDK writes)', () => {
    const buf = patched('xw_full.xlsx', {
      'xl/workbook.xml': prefixed,
      'xl/worksheets/sheet1.xml': prefixed,
      'xl/worksheets/sheet3.xml': prefixed,
      'xl/sharedStrings.xml': prefixed,
      'xl/styles.xml': prefixed,
      'xl/tables/table1.xml': prefixed,
    });
    const zip = ZipReader.open(buf);
    const sheetXml = zip.readText('xl/worksheets/sheet1.xml');
    expect(sheetXml).toContain(
      "<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'",
    );
    expect(sheetXml).toContain("<x:c r='D2' s='2'><x:v>45295</x:v></x:c>");
    expect(sheetXml).toContain('<x14:sparkline>');

    const pkg = XlsxPackage.open(buf);
    const original = open('xw_full.xlsx');
    expect(pkg.sheets).toEqual(original.sheets);
    expect(pkg.definedNames).toEqual(original.definedNames);
    expect(pkg.sharedStrings()).toEqual(original.sharedStrings());
    expect(pkg.readSheet('Plan')).toEqual(original.readSheet('Plan'));
    expect(pkg.readSheet('Finance')).toEqual(original.readSheet('Finance'));
    expect(pkg.readSheet('Plan').cells[2][4]).toEqual({ value: 45295, numFmt: 'yyyy-mm-dd' });
  });

  it('reads every cell type, missing r attributes, entities and escapes', () => {
    const sheet = [
      '<?xml version="1.0" encoding="UTF-8"?>\n',
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
      // Row 1 without r; cells without r follow one another.
      '<row><c t="s"><v>59</v></c><c t="s"><v>60</v></c><c t="inlineStr"><is><r><t xml:space="preserve">  two </t></r><r><rPr><b/></rPr><t>runs</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></is></c></row>',
      // Row 2 with r, attributes in any order and either quote.
      "<row r='2'><c t='b' r='A2'><v>1</v></c><c r=\"B2\" t=\"b\"><v>0</v></c><c r='C2' t='e'><v>#REF!</v></c>",
      '<c r="D2" t="d"><v>2024-01-04</v></c><c r="E2" t="d"><v>2024-01-04T12:00:00</v></c>',
      '<c r="F2" t="str"><f>"a&amp;b"</f><v>a&amp;b &lt;c&gt; &#x41;&#66; _x000D_</v></c>',
      '<c r="G2" s="2"/><c r="H2" s="2"><v>45295</v></c><c r="I2"><f t="shared" ref="I2:I3" si="0">H2+1</f><v>45296</v></c></row>',
      // Row 3 without r follows row 2; a cell with r skips ahead; one without r follows it.
      '<row><c r="C3"><v>3.5</v></c><c><v>-2E-3</v></c><c r="I3"><f t="shared" si="0"/><v>45297</v></c></row>',
      '<row r="10" spans="1:30"><c r="AD10" t="e"><v>#N/A</v></c></row>',
      '<row r="11"/>',
      '</sheetData></worksheet>',
    ].join('');
    const sst = (xml: string) =>
      xml.replace(
        '</sst>',
        '<si><t>line_x000A_break _x005F_x0041_</t></si><si><r><t>ric</t></r><r><t>h</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh><phoneticPr fontId="1"/></si></sst>',
      );
    const buf = patched('xw_full.xlsx', {
      'xl/worksheets/sheet2.xml': () => sheet,
      'xl/sharedStrings.xml': sst,
    });
    const pkg = XlsxPackage.open(buf);
    expect(pkg.sharedStrings()[59]).toBe('line\nbreak _x0041_');
    expect(pkg.sharedStrings()[60]).toBe('rich');
    const s = pkg.readSheet('Lists');
    expect(s.cells[1][1]).toEqual({ value: 'line\nbreak _x0041_' });
    expect(s.cells[1][2]).toEqual({ value: 'rich' });
    expect(s.cells[1][3]).toEqual({ value: '  two runs' });
    expect(s.cells[2][1]).toEqual({ value: true });
    expect(s.cells[2][2]).toEqual({ value: false });
    expect(s.cells[2][3]).toEqual({ value: { error: '#REF!' } });
    expect(s.cells[2][4]).toEqual({ value: 45295 });
    expect(s.cells[2][5]).toEqual({ value: 45295.5 });
    expect(s.cells[2][6]).toEqual({ value: 'a&b <c> AB \r', formula: true });
    expect(s.cells[2][7]).toEqual({ value: null, numFmt: 'yyyy-mm-dd' });
    expect(s.cells[2][8]).toEqual({ value: 45295, numFmt: 'yyyy-mm-dd' });
    expect(s.cells[2][9]).toEqual({ value: 45296, formula: true });
    expect(s.cells[3][3]).toEqual({ value: 3.5 });
    expect(s.cells[3][4]).toEqual({ value: -0.002 });
    expect(s.cells[3][9]).toEqual({ value: 45297, formula: true });
    expect(s.cells[10][30]).toEqual({ value: { error: '#N/A' } });
    expect(s.cells[11]).toBeUndefined();
    expect(s.maxRow).toBe(10); // an empty <row> holds no cell element
    expect(s.maxCol).toBe(30);
  });

  it('converts date cells with the 1904 date system', () => {
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="d"><v>2024-01-04</v></c><c r="B1" t="d"><v>1904-01-01T06:00:00</v></c></row></sheetData></worksheet>';
    const buf = patched('xw_full.xlsx', {
      'xl/worksheets/sheet2.xml': () => sheet,
      'xl/workbook.xml': (xml) => xml.replace('<workbookPr ', '<workbookPr date1904="1" '),
    });
    const pkg = XlsxPackage.open(buf);
    expect(pkg.date1904).toBe(true);
    const s = pkg.readSheet('Lists');
    expect(s.cells[1][1]).toEqual({ value: 45295 - 1462 });
    expect(s.cells[1][2]).toEqual({ value: 0.25 });
  });

  it('maps built-in number format ids', () => {
    const buf = patched('xw_full.xlsx', {
      'xl/styles.xml': (xml) =>
        xml.replace(
          '</cellXfs>',
          '<xf numFmtId="14"/><xf numFmtId="9"/><xf numFmtId="22"/><xf numFmtId="49"/><xf numFmtId="17"/><xf/></cellXfs>',
        ),
    });
    const pkg = XlsxPackage.open(buf);
    expect([4, 5, 6, 7, 8, 9].map((i) => pkg.numFmtOfStyle(i))).toEqual([
      'mm-dd-yy',
      '0%',
      'm/d/yy h:mm',
      '@',
      'mmm-yy',
      undefined,
    ]);
  });

  it('reads a 5,000-row by 60-column sheet quickly', () => {
    const rows: string[] = [];
    for (let r = 1; r <= 5000; r++) {
      const cells: string[] = [];
      for (let c = 0; c < 60; c++) {
        const ref = columnLetters(c + 1) + r;
        if (c % 3 === 0) cells.push(`<c r="${ref}" t="s"><v>${(r + c) % 59}</v></c>`);
        else if (c % 3 === 1) cells.push(`<c r="${ref}" s="2"><v>${45000 + r}</v></c>`);
        else cells.push(`<c r="${ref}"><f>A${r}+1</f><v>${r * c}.5</v></c>`);
      }
      rows.push(`<row r="${r}" spans="1:60">${cells.join('')}</row>`);
    }
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const buf = patched('xw_full.xlsx', { 'xl/worksheets/sheet2.xml': () => sheet });
    // How long this takes is measured by `npm run bench`, not asserted here.
    const s: SheetData = XlsxPackage.open(buf).readSheet('Lists');
    expect(s.maxRow).toBe(5000);
    expect(s.maxCol).toBe(60);
    expect(s.cells[5000][60]).toEqual({ value: 5000 * 59 + 0.5, formula: true });
    expect(s.cells[4999][2]).toEqual({ value: 45000 + 4999, numFmt: 'yyyy-mm-dd' });
    expect(s.cells[1][1]).toEqual({ value: 'Workstream' });
  });
});

describe('XlsxPackage.open errors', () => {
  it('explains files that are not workbooks', () => {
    expectReadError(Buffer.alloc(0), 'the file is empty (0 bytes), not an Excel workbook');
    expectReadError(
      Buffer.from('ID,Task\n1,Plan\n'),
      'this is a CSV file, not an Excel workbook; open it in Excel and save it as Excel Workbook (.xlsx)',
    );
    expectReadError(
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]),
      'not an Excel workbook (.xlsx/.xlsm)',
    );
    const cfb = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    Buffer.from('Workbook', 'utf16le').copy(cfb, 512);
    expectReadError(
      cfb,
      'this is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as Excel Workbook (.xlsx)',
    );
  });

  it('explains a zip without a workbook part', () => {
    const zip = ZipReader.open(fixture('ext_source.xlsx'));
    const noWorkbook = writeZip(
      zip,
      new Map<string, Buffer | null>([
        ['xl/workbook.xml', null],
        ['_rels/.rels', null],
      ]),
    );
    expectReadError(noWorkbook, 'not an Excel workbook: no workbook part');
    // A Word-like package: the officeDocument relationship points at something else.
    const wordish = writeZip(zip, new Map([['xl/workbook.xml', Buffer.from('<document/>')]]));
    expectReadError(wordish, 'not an Excel workbook: no workbook part');
  });

  it('refuses Strict Open XML workbooks', () => {
    const strict = patched('ext_source.xlsx', {
      'xl/workbook.xml': (xml) =>
        xml.replace(
          'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
          'http://purl.oclc.org/ooxml/spreadsheetml/main',
        ),
    });
    expectReadError(
      strict,
      "Strict Open XML workbooks are not supported; save as 'Excel Workbook (.xlsx)'",
    );
  });
});
