/**
 * Tests of the test helpers themselves: the independent readers (openpyxl, Python zipfile,
 * LibreOffice) and the "made by another tool" fixture workbooks.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_NAMES,
  loadExpected,
  makeFixture,
  regenerateExpected,
  type FixtureName,
} from './helpers/fixtures.js';
import {
  convertWithLibreOffice,
  parseCsv,
  resaveWithLibreOffice,
  sheetCsvWithLibreOffice,
} from './helpers/libreoffice.js';
import {
  columnLetter,
  dumpWorkbook,
  rowValues,
  sheetOf,
  type WorkbookDump,
} from './helpers/openpyxl.js';
import { fidelityPath } from './helpers/fidelity.js';
import { diffParts, listParts, partBytes, partText } from './helpers/parts.js';
import { hasOpenpyxl, runPython, runPythonScript } from './helpers/python.js';

const XW_FULL = fidelityPath('xw_full.xlsx');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-helpers-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('python', () => {
  it('runs /usr/bin/python3 with arguments and returns stdout', () => {
    expect(runPython('import sys; print(sys.argv[1:])', ['a', 'b c'])).toBe("['a', 'b c']\n");
  });

  it('throws with stderr when the script fails', () => {
    expect(() => runPython('import sys; sys.stderr.write("boom here"); sys.exit(3)')).toThrow(
      /exit code 3[\s\S]*boom here/,
    );
  });

  it('finds openpyxl', () => {
    expect(hasOpenpyxl()).toBe(true);
  });
});

describe('dumpWorkbook (openpyxl)', () => {
  let dump: WorkbookDump;
  beforeAll(() => {
    dump = dumpWorkbook(XW_FULL);
  });

  it('sees the Plan sheet, its header and a real date', () => {
    expect(dump.sheets.map((s) => s.name)).toEqual([
      'Plan',
      'Lists',
      'Finance',
      'Charts',
      'ChartSheet',
    ]);
    const plan = sheetOf(dump, 'Plan');
    expect(plan.kind).toBe('worksheet');
    expect(plan.cells.A1.value).toBe('ID');
    expect(plan.cells.A1.bold).toBe(true);
    expect(plan.cells.D2.isDate).toBe(true);
    expect(plan.cells.D2.value).toMatch(ISO_DATE);
    expect(plan.cells.D2.value).toBe('2024-01-04');
    expect(plan.maxRow).toBe(41);
    expect(rowValues(plan, 1, 10)).toEqual([
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
    ]);
  });

  it('reports sheet features', () => {
    const plan = sheetOf(dump, 'Plan');
    expect(plan.freezePanes).toBe('C2');
    expect(plan.merged).toEqual(['L1:P2']);
    expect(plan.dataValidations).toEqual(['F2:F41', 'G2:G41', 'Q2:Q1048576']);
    expect(plan.conditionalFormats).toHaveLength(11);
    expect(plan.conditionalFormatTypes).toContain('dataBar');
    expect(plan.hyperlinks).toEqual(['N5', 'N6']);
    expect(plan.columnWidths.B).toBeCloseTo(30.71, 1);
    expect(sheetOf(dump, 'Lists').state).toBe('hidden');
    expect(sheetOf(dump, 'Finance').protected).toBe(true);
    expect(sheetOf(dump, 'Charts')).toMatchObject({ charts: 1, images: 1 });
  });

  it('lists the chart sheet as a chart sheet', () => {
    expect(sheetOf(dump, 'ChartSheet')).toMatchObject({ kind: 'chartsheet', charts: 1, cells: {} });
  });

  it('reads defined names, sheet-scoped ones as Sheet!Name', () => {
    expect(dump.definedNames).toMatchObject({
      BudgetTotal: 'SUM(Plan!$G$2:$G$41)',
      RagList: 'Lists!$A$1:$A$3',
      'Plan!LocalName': 'Plan!$B$2',
      'Plan!_xlnm.Print_Area': 'Plan!$A$1:$J$41',
    });
    expect(dump.date1904).toBe(false);
  });

  it('dumps cells only for the sheets asked for', () => {
    const some = dumpWorkbook(XW_FULL, { sheets: ['Lists'] });
    expect(Object.keys(sheetOf(some, 'Plan').cells)).toHaveLength(0);
    expect(sheetOf(some, 'Plan').maxRow).toBe(41);
    expect(sheetOf(some, 'Lists').cells.A1.value).toBe('Red');
  });

  it('reports fills, font colours, borders and rotation', () => {
    const file = join(dir, 'styled.xlsx');
    runPython(
      String.raw`
import sys
from openpyxl import Workbook
from openpyxl.styles import PatternFill, Font, Border, Side, Alignment
from openpyxl.styles.colors import Color
wb = Workbook(); ws = wb.active; ws.title = 'S'
ws['A1'] = 'Red'; ws['A1'].fill = PatternFill('solid', fgColor='FFC00000'); ws['A1'].font = Font(color='FFFFFF', bold=True)
ws['B1'] = 'x'; ws['B1'].fill = PatternFill('solid', fgColor=Color(theme=4, tint=0.4))
ws['C1'].border = Border(left=Side(style='thin'), right=Side(style='medium', color='FF0000'))
ws['D1'] = 'Oct-20'; ws['D1'].alignment = Alignment(textRotation=90)
ws['E1'] = 'y'; ws['E1'].fill = PatternFill('lightGray', fgColor='00FF00')
wb.save(sys.argv[1])
`,
      [file],
    );
    const s = sheetOf(dumpWorkbook(file), 'S');
    expect(s.cells.A1).toMatchObject({
      fill: 'C00000',
      fontColor: 'FFFFFF',
      bold: true,
      rotation: 0,
    });
    expect(s.cells.B1.fill).toBe('theme:4');
    expect(s.cells.C1).toMatchObject({ value: null, borderLeft: 'auto', borderRight: 'FF0000' });
    expect(s.cells.D1.rotation).toBe(90);
    expect(s.cells.E1.fill).toBeNull();
  });

  it('dumps a 200-row plan quickly', () => {
    const file = join(dir, 'big.xlsx');
    runPython(
      String.raw`
import sys, datetime
from openpyxl import Workbook
from openpyxl.styles import PatternFill
wb = Workbook(); ws = wb.active; ws.title = 'Plan'
ws.append(['ID', 'Workstream', 'Task', 'Start', 'End', 'RAG'] + ['M%d' % i for i in range(24)])
for r in range(2, 202):
    ws.append([str(r - 1), 'WS', 'Task %d' % r, datetime.date(2020, 3, 1), datetime.date(2020, 6, 30), 'Green'])
    for c in range(7, 31):
        ws.cell(r, c).fill = PatternFill('solid', fgColor='00703C' if c % 3 else 'FFFFFF')
wb.save(sys.argv[1])
`,
      [file],
    );
    const s = sheetOf(dumpWorkbook(file), 'Plan');
    expect(s.maxRow).toBe(201);
    expect(Object.keys(s.cells).length).toBe(201 * 30);
  });

  it('lists column letters', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('parts (Python zipfile)', () => {
  it('lists parts with sha256 and finds no difference between a file and itself', () => {
    const parts = listParts(XW_FULL);
    expect(parts.size).toBe(33);
    expect(parts.get('xl/workbook.xml')).toMatch(/^[0-9a-f]{64}$/);
    expect(diffParts(XW_FULL, XW_FULL)).toEqual({ changed: [], added: [], removed: [] });
    const copy = join(dir, 'copy.xlsx');
    copyFileSync(XW_FULL, copy);
    expect(diffParts(XW_FULL, copy)).toEqual({ changed: [], added: [], removed: [] });
  });

  it('reports changed, added and removed parts', () => {
    const after = join(dir, 'edited.xlsx');
    runPython(
      String.raw`
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1]); out = zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED)
for i in src.infolist():
    if i.filename == 'docProps/custom.xml':
        continue
    data = src.read(i)
    if i.filename == 'xl/worksheets/sheet2.xml':
        data = data + b'<!-- edited -->'
    out.writestr(i, data)
out.writestr('xl/extra.xml', b'<extra/>')
out.close()
`,
      [XW_FULL, after],
    );
    expect(diffParts(XW_FULL, after)).toEqual({
      changed: ['xl/worksheets/sheet2.xml'],
      added: ['xl/extra.xml'],
      removed: ['docProps/custom.xml'],
    });
  });

  it('reads one part as text or bytes', () => {
    expect(partText(XW_FULL, 'xl/workbook.xml')).toContain('<sheet name="Plan"');
    expect(partBytes(XW_FULL, 'xl/media/image1.png').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(() => partText(XW_FULL, 'xl/nope.xml')).toThrow(/no part 'xl\/nope.xml'/);
  });
});

/** Every part of a workbook as text (binary parts as their size), read with Python's zipfile. */
function partsOf(file: string): Record<string, string> {
  return JSON.parse(
    runPython(
      String.raw`
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = {}
for n in z.namelist():
    data = z.read(n)
    out[n] = data.decode('utf-8') if n.endswith(('.xml', '.rels', '.vml')) else '%d bytes' % len(data)
print(json.dumps(out))
`,
      [file],
    ),
  ) as Record<string, string>;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('the fidelity corpus (test/fixtures/fidelity_*.py)', () => {
  it('xw_full.xlsx carries every feature the fidelity tests rely on', () => {
    const parts = partsOf(XW_FULL);
    const plan = parts['xl/worksheets/sheet1.xml'];
    const workbook = parts['xl/workbook.xml'];
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining([
        'xl/charts/chart1.xml',
        'xl/charts/chart2.xml',
        'xl/chartsheets/sheet1.xml',
        'xl/tables/table1.xml',
        'xl/comments1.xml',
        'xl/media/image1.png',
        'docProps/custom.xml',
        'customXml/item1.xml',
        'customXml/itemProps1.xml',
      ]),
    );
    expect(parts['xl/_rels/workbook.xml.rels']).toContain('Target="../customXml/item1.xml"');
    expect(count(plan, /<cfRule /g)).toBe(11);
    expect(plan).toContain('<x14:dataBar '); // the data bar's 2010 extension
    expect(plan).toContain('<x14:sparklineGroups ');
    expect(count(plan, /<dataValidation /g)).toBe(3);
    expect(plan).toContain('<formula1>RagList</formula1>');
    expect(plan).toContain('<legacyDrawing ');
    expect(plan).toMatch(/<row r="5" [^>]*hidden="1"/);
    expect(Object.values(parts).some((xml) => xml.includes('txBox="1"'))).toBe(true);
    expect(workbook).toContain('<definedName name="BudgetTotal">SUM(Plan!$G$2:$G$41)<');
    expect(workbook).toContain('<definedName name="LocalName" localSheetId="0">');
    expect(workbook).toContain('<sheet name="Lists" sheetId="2" state="hidden"');
    expect(parts['xl/worksheets/sheet3.xml']).toContain('<sheetProtection password=');
    expect(parts['xl/tables/table1.xml']).toContain('<calculatedColumnFormula>');
  });

  it('xw_vba.xlsm adds the VBA project, its content type and a form button', () => {
    const parts = partsOf(fidelityPath('xw_vba.xlsm'));
    expect(parts['xl/vbaProject.bin']).toBe('15872 bytes');
    expect(parts['[Content_Types].xml']).toContain('sheet.macroEnabled.main+xml');
    expect(parts['xl/drawings/vmlDrawing1.vml']).toContain('<x:FmlaMacro>[0]!say_hello<');
    const same = partsOf(XW_FULL);
    expect(parts['xl/charts/chart1.xml']).toBe(same['xl/charts/chart1.xml']);
  });

  it('openpyxl_full.xlsx has the same plan in openpyxl’s own flavour', () => {
    const parts = partsOf(fidelityPath('openpyxl_full.xlsx'));
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining([
        'xl/charts/chart1.xml',
        'xl/chartsheets/sheet1.xml',
        'xl/tables/table1.xml',
        'xl/comments/comment1.xml',
        'xl/media/image1.png',
      ]),
    );
    expect(parts).not.toHaveProperty(['xl/sharedStrings.xml']); // inline strings
    expect(parts['xl/styles.xml']).toMatch(/<fgColor theme="4" tint=/);
    expect(parts['xl/styles.xml']).toContain('<fgColor indexed="22"/>');
    const plan = sheetOf(dumpWorkbook(fidelityPath('openpyxl_full.xlsx')), 'Plan');
    expect(plan.cells.D41).toMatchObject({ value: '2024-04-30', isDate: true });
    expect(plan.conditionalFormats).toHaveLength(10);
  });

  it('the LibreOffice workbooks have a pivot table and an external link to ext_source.xlsx', () => {
    const parts = partsOf(fidelityPath('lo_pivot_ext.xlsx'));
    expect(parts['xl/pivotTables/pivotTable1.xml']).toContain('name="PivotBudget"');
    expect(parts['xl/pivotCache/pivotCacheDefinition1.xml']).toContain(
      '<worksheetSource ref="A1:C31" sheet="Data"/>',
    );
    expect(parts['xl/externalLinks/_rels/externalLink1.xml.rels']).toContain(
      'Target="ext_source.xlsx" TargetMode="External"',
    );
    expect(parts['xl/worksheets/sheet1.xml']).toContain(
      '<f aca="false">[1]Sheet1!A1</f><v>123</v>',
    );
    expect(partsOf(fidelityPath('ext_source.xlsx'))['xl/worksheets/sheet1.xml']).toContain(
      '<v>123</v>',
    );
  });

  it('plans: 40 tasks with real 2024 dates and RAG Red, Amber, Green', () => {
    for (const file of [XW_FULL, fidelityPath('openpyxl_full.xlsx')]) {
      const plan = sheetOf(dumpWorkbook(file, { sheets: ['Plan'] }), 'Plan');
      const rows = Array.from({ length: 40 }, (_, i) => i + 2);
      expect(plan.maxRow).toBe(41);
      expect(rows.map((r) => plan.cells[`A${r}`].value)).toEqual(rows.map((r) => r - 1));
      for (const r of rows) {
        for (const c of ['D', 'E']) {
          expect(plan.cells[`${c}${r}`]).toMatchObject({ isDate: true });
          expect(String(plan.cells[`${c}${r}`].value)).toMatch(/^2024-/);
        }
      }
      expect(new Set(rows.map((r) => plan.cells[`F${r}`].value))).toEqual(
        new Set(['Red', 'Amber', 'Green']),
      );
    }
  });

  it('the XlsxWriter script gives the same bytes every time', () => {
    const again = join(dir, 'xw-again');
    runPythonScript(fileURLToPath(new URL('./fixtures/fidelity_xlsxwriter.py', import.meta.url)), [
      again,
    ]);
    for (const name of ['xw_full.xlsx', 'xw_vba.xlsm'] as const) {
      expect(readFileSync(join(again, name)).equals(readFileSync(fidelityPath(name)))).toBe(true);
    }
  });
});

describe('fixtures', () => {
  it.each(FIXTURE_NAMES)('%s: committed expected JSON matches its script', (name: FixtureName) => {
    const committed = JSON.parse(
      readFileSync(new URL(`./fixtures/${name}.expected.json`, import.meta.url), 'utf8'),
    );
    expect(regenerateExpected(name, join(dir, 'regen'))).toEqual(committed);
  });

  describe('foreign-plan', () => {
    const exp = loadExpected('foreign-plan');
    let dump: WorkbookDump;
    beforeAll(() => {
      dump = dumpWorkbook(makeFixture('foreign-plan', dir));
    });

    it('has Notes, Transition Plan and Dashboard with a chart reading the plan', () => {
      expect(dump.sheets.map((s) => [s.name, s.kind])).toEqual([
        ['Notes', 'worksheet'],
        ['Transition Plan', 'worksheet'],
        ['Dashboard', 'worksheet'],
      ]);
      expect(sheetOf(dump, 'Dashboard').charts).toBe(1);
      const file = makeFixture('foreign-plan', dir);
      const chartPart = [...listParts(file).keys()].find((p) => p.startsWith('xl/charts/chart'))!;
      expect(partText(file, chartPart)).toContain("'Transition Plan'!$I$5:$I$28");
      expect(dump.definedNames.PlanTable).toBe("'Transition Plan'!$A$4:$K$28");
    });

    it('has title rows, the alias header on row 4 and 24 task rows', () => {
      const plan = sheetOf(dump, exp.sheet);
      expect(plan.cells.A1.value).toBe('LGSS Business Transition Programme');
      expect(plan.cells.A2.value).toBe('Transition plan – version 24 September 2020');
      expect(rowValues(plan, 3, 11).every((v) => v === null)).toBe(true);
      expect(rowValues(plan, exp.headerRow, 11)).toEqual(exp.headers);
      expect(plan.maxRow).toBe(28);
      expect(exp.tasks).toHaveLength(24);
      expect(exp.tasks.map((t) => t.row)).toEqual(Array.from({ length: 24 }, (_, i) => i + 5));
    });

    it('holds the expected values, real dates and text dates', () => {
      const plan = sheetOf(dump, exp.sheet);
      expect(exp.textDates.length).toBeGreaterThanOrEqual(4);
      for (const t of exp.tasks) {
        expect(plan.cells[`A${t.row}`].value).toBe(t.ref);
        expect(plan.cells[`H${t.row}`]?.value ?? null).toBe(t.statusText);
        expect(plan.cells[`I${t.row}`]).toMatchObject({ value: t.progress, numFmt: '0%' });
        for (const [col, iso] of [
          ['F', t.start],
          ['G', t.end],
        ] as const) {
          const cell = plan.cells[`${col}${t.row}`];
          if (exp.textDates.includes(`${col}${t.row}`)) {
            expect(cell.isDate).toBe(false);
            expect(typeof cell.value).toBe('string');
          } else {
            expect(cell).toMatchObject({ value: iso, isDate: true, numFmt: 'dd/mm/yyyy' });
          }
        }
      }
      expect(exp.tasks.filter((t) => t.milestone).map((t) => t.task)).toEqual(
        expect.arrayContaining(['Go live Lead Authority model', 'Repatriation of services']),
      );
      expect(new Set(exp.tasks.map((t) => t.statusText))).toEqual(
        new Set([
          'Green',
          'AMBER',
          'A/R',
          'Amber/Green',
          'Complete',
          'Not started',
          'G',
          'Red',
          null,
        ]),
      );
    });

    it('has a status drop-down, a data bar, widths and no frozen pane', () => {
      const plan = sheetOf(dump, exp.sheet);
      expect(plan.dataValidations).toEqual(['H5:H28']);
      expect(plan.dataValidationFormulas).toEqual([
        '"Red,Amber/Red,Amber,Amber/Green,Green,Complete,Not started"',
      ]);
      expect(plan.conditionalFormats).toEqual(['I5:I28']);
      expect(plan.conditionalFormatTypes).toEqual(['dataBar']);
      expect(plan.freezePanes).toBeNull();
      expect(plan.columnWidths.C).toBe(48);
      expect(plan.merged).toEqual(['A1:K1']);
    });
  });

  it('foreign-plan-errors holds each seeded error at its cell', () => {
    const errors = loadExpected('foreign-plan-errors');
    const plan = sheetOf(dumpWorkbook(makeFixture('foreign-plan-errors', dir)), 'Transition Plan');
    expect(Object.keys(errors).sort()).toEqual([
      'date-invalid',
      'dependency-cycle',
      'dependency-unknown',
      'end-before-start',
      'id-duplicate',
      'rag-unknown',
    ]);
    expect(plan.cells[errors['date-invalid'] as string].value).toBe('31/11/2020');
    expect(plan.cells[errors['rag-unknown'] as string].value).toBe('Purple');
    expect(plan.cells[errors['dependency-unknown'] as string].value).toBe('9.9');
    expect(plan.cells[errors['id-duplicate'] as string].value).toBe('7.b');
    expect(plan.cells.A27.value).toBe('7.b');
    expect(plan.cells.G24.value).toBe('2020-11-30');
    expect(plan.cells.F24.value).toBe('2020-12-01');
    // 1.3 (J8) depends on 1.4, and 1.4 (J9) on 1.3: one cycle, reported at its first task.
    expect(plan.cells[errors['dependency-cycle'] as string].value).toBe('1.1, 1.4');
    expect(plan.cells.J9.value).toBe('1.3');
    expect(plan.maxRow).toBe(28);
  });

  it('plan-1904 is saved with the 1904 date system', () => {
    const exp = loadExpected('plan-1904');
    const file = makeFixture('plan-1904', dir);
    const dump = dumpWorkbook(file);
    expect(dump.date1904).toBe(true);
    const plan = sheetOf(dump, 'Plan');
    expect(rowValues(plan, 1)).toEqual(exp.headers);
    expect(plan.maxRow).toBe(exp.tasks.length + 1);
    const xml = partText(file, 'xl/worksheets/sheet1.xml');
    for (const t of exp.tasks) {
      expect(plan.cells[`D${t.row}`]).toMatchObject({ value: t.start, isDate: true });
      expect(plan.cells[`E${t.row}`].value).toBe(t.end);
      expect(xml).toContain(`<c r="D${t.row}" s="2" t="n"><v>${t.startSerial}</v></c>`);
    }
  });

  it('prefixed-plan has x:-prefixed parts that openpyxl still reads', () => {
    const exp = loadExpected('prefixed-plan');
    const file = makeFixture('prefixed-plan', dir);
    for (const part of exp.prefixedParts!) {
      const text = partText(file, part);
      expect(text).toMatch(/^<\?xml[^>]*\?><x:(workbook|styleSheet|worksheet) /);
      expect(text).toContain('xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"');
      expect(text).not.toMatch(/<(?!\/|x:|\?)/);
    }
    const plan = sheetOf(dumpWorkbook(file), 'Plan');
    expect(rowValues(plan, 1)).toEqual(exp.headers);
    expect(plan.cells.A1).toMatchObject({ bold: true, fill: 'D9D9D9' });
    for (const t of exp.tasks) {
      expect(rowValues(plan, t.row)).toEqual([
        t.id,
        t.workstream,
        t.task,
        t.lead,
        t.start,
        t.end,
        t.status,
        t.progress,
      ]);
    }
  });
});

describe('csv parsing', () => {
  it('parses quotes, doubled quotes, embedded newlines and a BOM', () => {
    expect(parseCsv('\ufeffa,"b ""q""",c\r\n"x\ny",,z\n')).toEqual([
      ['a', 'b "q"', 'c'],
      ['x\ny', '', 'z'],
    ]);
  });
});

describe('LibreOffice', () => {
  it('converts foreign-plan to csv: the first sheet, and the plan sheet by name', () => {
    const file = makeFixture('foreign-plan', dir);
    const first = readFileSync(convertWithLibreOffice(file, 'csv', join(dir, 'lo')), 'utf8');
    expect(first).toContain('About this workbook');
    const csv = sheetCsvWithLibreOffice(file, 'Transition Plan', join(dir, 'lo'));
    expect(csv.endsWith('foreign-plan-Transition Plan.csv')).toBe(true);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    expect(rows[3]).toEqual(loadExpected('foreign-plan').headers);
    expect(readFileSync(csv, 'utf8')).toContain('Go live Lead Authority model');
    expect(rows[4].slice(5, 9)).toEqual(['02/03/2020', '30/04/2020', 'Complete', '100%']);
  });

  it('load-and-saves the prefixed plan and the 1904 plan as xlsx', () => {
    const prefixed = sheetOf(
      dumpWorkbook(resaveWithLibreOffice(makeFixture('prefixed-plan', dir), join(dir, 'lo'))),
      'Plan',
    );
    expect(prefixed.cells.C3.value).toBe('Repatriation of services');
    expect(prefixed.cells.E3).toMatchObject({ value: '2020-10-01', isDate: true });
    const dump1904 = dumpWorkbook(
      resaveWithLibreOffice(makeFixture('plan-1904', dir), join(dir, 'lo')),
    );
    expect(dump1904.date1904).toBe(true);
    expect(sheetOf(dump1904, 'Plan').cells.D3.value).toBe('2020-10-01');
  });

  it('converts to pdf and refuses to overwrite its input', () => {
    const pdf = convertWithLibreOffice(makeFixture('plan-1904', dir), 'pdf', join(dir, 'lo'));
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = makeFixture('plan-1904', dir);
    expect(() => convertWithLibreOffice(file, 'xlsx', dir)).toThrow(/overwrite its input/);
  });

  it('throws with LibreOffice output when nothing is produced', () => {
    const bogus = join(dir, 'not-a-workbook.xlsx');
    copyFileSync(new URL('./helpers.test.ts', import.meta.url), bogus);
    expect(() => convertWithLibreOffice(bogus, 'pdf', join(dir, 'lo-bad'))).toThrow(
      /produced no[\s\S]*could not be loaded/,
    );
  });
});
