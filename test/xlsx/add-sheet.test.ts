/**
 * addWorksheet on workbooks from several writers, checked with readers that are not ours:
 * openpyxl (sheet order, defined names), Python zipfile (which parts changed), LibreOffice (opens it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addWorksheet, EMPTY_WORKSHEET, type AddedSheet } from '../../sync/xlsx/add-sheet.js';
import { XlsxPackage } from '../../sync/xlsx/package.js';
import { xmlProblem } from '../../core/xlsx/xml-check.js';
import { writeZip, ZipReader } from '../../sync/xlsx/zip.js';
import { fidelityPath, type FidelityFile } from '../helpers/fidelity.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import { dumpWorkbook, type WorkbookDump } from '../helpers/openpyxl.js';
import { diffParts, listParts, partText } from '../helpers/parts.js';
import { runPython } from '../helpers/python.js';

const tmp = mkdtempSync(join(tmpdir(), 'plan-sync-add-sheet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fileCount = 0;
function tmpFile(name: string, data: Buffer): string {
  const file = join(tmp, `${fileCount++}-${name}`);
  writeFileSync(file, data);
  return file;
}

/** The package with the sheet added, as written by writeZip. */
function write(pkg: XlsxPackage, result: AddedSheet): Buffer {
  const changes = new Map<string, Buffer | null>();
  for (const [name, text] of result.changed) changes.set(name, Buffer.from(text, 'utf8'));
  const added: [string, Buffer][] = [...result.added].map(([n, t]) => [n, Buffer.from(t, 'utf8')]);
  return writeZip(pkg.zip, changes, added);
}

/** Rewrites a part's text inside a zip (or moves it to `rename`), other parts byte for byte. */
function rewriteZip(buf: Buffer, edits: Record<string, { text: string; rename?: string }>): Buffer {
  const zip = ZipReader.open(buf);
  const changes = new Map<string, Buffer | null>();
  const added: [string, Buffer][] = [];
  for (const [name, { text, rename }] of Object.entries(edits)) {
    if (rename) {
      changes.set(name, null);
      added.push([rename, Buffer.from(text, 'utf8')]);
    } else changes.set(name, Buffer.from(text, 'utf8'));
  }
  return writeZip(zip, changes, added);
}

/** Every element of a SpreadsheetML part prefixed `x:`, attributes in single quotes, `r:` renamed `rel:`. */
function prefixWorkbookXml(xml: string): string {
  return xml
    .replace(/<(\/?)([A-Za-z][\w]*)(?=[\s/>])/g, '<$1x:$2')
    .replace(
      'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
      'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
    )
    .replace(/xmlns:r=/g, 'xmlns:rel=')
    .replace(/ r:id=/g, ' rel:id=')
    .replace(/="([^"]*)"/g, "='$1'");
}

/**
 * xw_full.xlsx with the workbook part prefixed (`<x:workbook>`, single quotes) and moved to
 * `book/main.xml`, a sheet-scoped name on the third sheet and activeTab/firstSheet on the third
 * and second tabs, so that inserting after the first sheet must shift them all.
 */
function prefixedMovedVariant(): Buffer {
  const src = readFileSync(fidelityPath('xw_full.xlsx'));
  const pkg = XlsxPackage.open(src);
  let wb = pkg.workbookXml
    .replace(
      '<definedName name="LocalName" localSheetId="0">Plan!$B$2',
      () => '<definedName name="LocalName" localSheetId="2">Finance!$B$2',
    )
    .replace('<workbookView ', () => '<workbookView firstSheet="1" activeTab="2" ');
  expect(wb).toContain('localSheetId="2"');
  wb = prefixWorkbookXml(wb);
  // Relative targets now start from book/, so they climb back into xl/.
  const rels = pkg
    .text('xl/_rels/workbook.xml.rels')
    .replace(/Target="(?!\/)([^"]*)"/g, (_, t: string) => `Target="../xl/${t}"`);
  return rewriteZip(src, {
    'xl/workbook.xml': { text: wb, rename: 'book/main.xml' },
    'xl/_rels/workbook.xml.rels': { text: rels, rename: 'book/_rels/main.xml.rels' },
    '_rels/.rels': {
      text: pkg.text('_rels/.rels').replace('Target="xl/workbook.xml"', 'Target="book/main.xml"'),
    },
    '[Content_Types].xml': {
      text: pkg
        .text('[Content_Types].xml')
        .replace('PartName="/xl/workbook.xml"', 'PartName="/book/main.xml"'),
    },
  });
}

interface Case {
  name: string;
  source: () => Buffer;
  workbookPart: string;
  relsPart: string;
  /** The new part's name. */
  newPart: string;
  /** docProps/app.xml lists the sheets (XlsxWriter's does; openpyxl's and LibreOffice's do not). */
  appListsSheets: boolean;
}

const fromCorpus = (name: FidelityFile) => () => readFileSync(fidelityPath(name));

const CASES: Case[] = [
  {
    name: 'xw_full.xlsx',
    source: fromCorpus('xw_full.xlsx'),
    workbookPart: 'xl/workbook.xml',
    relsPart: 'xl/_rels/workbook.xml.rels',
    newPart: 'xl/worksheets/sheet5.xml',
    appListsSheets: true,
  },
  {
    name: 'xw_vba.xlsm',
    source: fromCorpus('xw_vba.xlsm'),
    workbookPart: 'xl/workbook.xml',
    relsPart: 'xl/_rels/workbook.xml.rels',
    newPart: 'xl/worksheets/sheet5.xml',
    appListsSheets: true,
  },
  {
    name: 'openpyxl_full.xlsx',
    source: fromCorpus('openpyxl_full.xlsx'),
    workbookPart: 'xl/workbook.xml',
    relsPart: 'xl/_rels/workbook.xml.rels',
    newPart: 'xl/worksheets/sheet5.xml',
    appListsSheets: false,
  },
  {
    name: 'lo_pivot_ext.xlsx',
    source: fromCorpus('lo_pivot_ext.xlsx'),
    workbookPart: 'xl/workbook.xml',
    relsPart: 'xl/_rels/workbook.xml.rels',
    newPart: 'xl/worksheets/sheet3.xml',
    appListsSheets: false,
  },
  {
    name: 'prefixed workbook at book/main.xml',
    source: prefixedMovedVariant,
    workbookPart: 'book/main.xml',
    relsPart: 'book/_rels/main.xml.rels',
    newPart: 'book/worksheets/sheet1.xml',
    appListsSheets: true,
  },
];

/** Sheet-scoped names as `Sheet!Name` -> formula, from an openpyxl dump. */
function scopedNames(dump: WorkbookDump): Record<string, string> {
  return Object.fromEntries(Object.entries(dump.definedNames).filter(([k]) => k.includes('!')));
}

describe.each(CASES)('adding a sheet to $name', (c) => {
  const source = c.source();
  const before = tmpFile('before.xlsx', source);
  const pkg = XlsxPackage.open(source);
  const first = pkg.sheets[0].name;
  const result = addWorksheet(pkg, 'Budget', first);
  const out = write(pkg, result);
  const after = tmpFile(c.name.endsWith('.xlsm') ? 'after.xlsm' : 'after.xlsx', out);

  it('adds one part and changes only the package bookkeeping', () => {
    expect(result.path).toBe(c.newPart);
    expect([...result.added.keys()]).toEqual([c.newPart]);
    const diff = diffParts(before, after);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual([c.newPart]);
    const expected = ['[Content_Types].xml', c.workbookPart, c.relsPart];
    if (c.appListsSheets) expected.push('docProps/app.xml');
    expect(diff.changed).toEqual(expected.sort());
    expect([...result.changed.keys()].sort()).toEqual(expected.sort());
    expect(partText(after, c.newPart)).toBe(EMPTY_WORKSHEET);
  });

  it('writes parts that read back as written and are well formed', () => {
    const written = ZipReader.open(out);
    for (const [name, text] of [...result.changed, ...result.added]) {
      expect(written.read(name).toString('utf8')).toBe(text);
      expect(xmlProblem(text), name).toBeNull();
    }
    // And Python's XML parser agrees.
    const parsed = runPython(
      String.raw`
import sys, zipfile, xml.etree.ElementTree as ET
zf = zipfile.ZipFile(sys.argv[1])
for name in sys.argv[2:]:
    ET.fromstring(zf.read(name))
print('ok')
`,
      [after, ...result.changed.keys(), ...result.added.keys()],
    );
    expect(parsed.trim()).toBe('ok');
  });

  it('reads back with openpyxl: Budget second, every sheet-scoped name on the same sheet', () => {
    const was = dumpWorkbook(before);
    const now = dumpWorkbook(after);
    const names = was.sheets.map((s) => s.name);
    expect(now.sheets.map((s) => s.name)).toEqual([names[0], 'Budget', ...names.slice(1)]);
    const budget = now.sheets[1];
    expect(budget.kind).toBe('worksheet');
    expect(budget.state).toBe('visible');
    expect(budget.maxRow).toBe(0);
    expect(now.definedNames).toEqual(was.definedNames);
    expect(scopedNames(now)).toEqual(scopedNames(was));
    // The other sheets keep their kind and visibility.
    expect(
      now.sheets.filter((s) => s.name !== 'Budget').map((s) => [s.name, s.kind, s.state]),
    ).toEqual(was.sheets.map((s) => [s.name, s.kind, s.state]));
  });

  it('keeps the package metadata consistent', () => {
    const ct = partText(after, '[Content_Types].xml');
    expect(ct).toContain(
      `<Override PartName="/${c.newPart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    );
    const reopened = XlsxPackage.open(out);
    const budget = reopened.sheet('Budget');
    expect(budget).toMatchObject({ kind: 'worksheet', path: c.newPart, index: 1 });
    const ids = reopened.sheets.map((s) => Number(s.sheetId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Number(budget!.sheetId)).toBe(Math.max(...pkg.sheets.map((s) => Number(s.sheetId))) + 1);
    const rels = reopened.relsOf(reopened.workbookPath);
    expect(new Set(rels.map((r) => r.id)).size).toBe(rels.length);
    if (c.appListsSheets) {
      const app = partText(after, 'docProps/app.xml');
      const worksheets =
        /<vt:lpstr>Worksheets<\/vt:lpstr><\/vt:variant><vt:variant><vt:i4>(\d+)</.exec(app);
      expect(Number(worksheets![1])).toBe(
        pkg.sheets.filter((s) => s.kind === 'worksheet').length + 1,
      );
      const titles = [...app.matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map((m) => m[1]);
      expect(titles.slice(titles.indexOf(first), titles.indexOf(first) + 3)).toEqual([
        first,
        'Budget',
        pkg.sheets[1].name,
      ]);
      expect(app).toMatch(new RegExp(`<TitlesOfParts><vt:vector size="${titles.length - 3}"`));
    }
  });

  // Only the macro-enabled workbook has macros to keep.
  if (c.name.endsWith('.xlsm')) {
    it('keeps the macros and the macro-enabled content type', () => {
      const ct = partText(after, '[Content_Types].xml');
      expect(ct).toContain(
        `<Override PartName="/${c.workbookPart}" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>`,
      );
      expect(ct).toContain(
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
      );
      expect(listParts(after).get('xl/vbaProject.bin')).toBe(
        listParts(before).get('xl/vbaProject.bin'),
      );
      expect(partText(after, c.relsPart)).toContain('Target="vbaProject.bin"');
    });
  }

  it('opens in LibreOffice, which sees the Budget sheet', () => {
    const resaved = resaveWithLibreOffice(after, join(tmp, `lo-${fileCount++}`));
    const dump = dumpWorkbook(resaved);
    const names = dump.sheets.map((s) => s.name);
    expect(names).toContain('Budget');
    expect(names.indexOf('Budget')).toBe(1);
  });
});

describe('positions shift with the inserted sheet', () => {
  it('increments localSheetId, activeTab and firstSheet at or after the new position', () => {
    const pkg = XlsxPackage.open(prefixedMovedVariant());
    const result = addWorksheet(pkg, 'Budget', 'Plan');
    const wb = result.changed.get('book/main.xml')!;
    expect(wb).toContain(
      "<x:sheet name='Plan' sheetId='1' rel:id='rId1'/><x:sheet name=\"Budget\" sheetId=\"6\" rel:id=\"rId9\"/><x:sheet name='Lists'",
    );
    expect(wb).toContain(
      "<x:definedName name='LocalName' localSheetId='3'>Finance!$B$2</x:definedName>",
    );
    expect(wb).toContain("<x:definedName name='_xlnm.Print_Area' localSheetId='0'>");
    expect(wb).toContain("<x:workbookView firstSheet='2' activeTab='3' ");
    // Nothing else in the part changed.
    const undo = wb
      .replace('<x:sheet name="Budget" sheetId="6" rel:id="rId9"/>', '')
      .replace("localSheetId='3'", "localSheetId='2'")
      .replace("firstSheet='2' activeTab='3'", "firstSheet='1' activeTab='2'");
    expect(undo).toBe(pkg.workbookXml);
    expect(result.changed.get('book/_rels/main.xml.rels')).toContain(
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    );
  });

  it('leaves a tab before the new sheet alone and declares the r: prefix where the root does not (openpyxl)', () => {
    const pkg = XlsxPackage.open(readFileSync(fidelityPath('openpyxl_full.xlsx')));
    const wb = addWorksheet(pkg, 'Budget', 'Finance').changed.get('xl/workbook.xml')!;
    expect(wb).toContain(
      '<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Budget" sheetId="6" r:id="rId8"/>',
    );
    expect(wb).toContain('firstSheet="0" activeTab="0"');
    expect(wb).toContain('<definedName name="LocalName" localSheetId="0">');
  });
});

describe('addWorksheet', () => {
  const xw = () => XlsxPackage.open(readFileSync(fidelityPath('xw_full.xlsx')));

  it('refuses a name that exists in another case', () => {
    expect(() => addWorksheet(xw(), 'plan')).toThrow(/already has a sheet named "Plan"/);
    expect(() => addWorksheet(xw(), 'Plan')).toThrow(/already has a sheet named "Plan"/);
    expect(() => addWorksheet(xw(), 'CHARTSHEET')).toThrow(
      /already has a sheet named "ChartSheet"/,
    );
  });

  it('refuses names Excel does not allow', () => {
    expect(() => addWorksheet(xw(), 'a/b')).toThrow(/contains "\/"/);
    expect(() => addWorksheet(xw(), 'x'.repeat(32))).toThrow(/at most 31 characters/);
    for (const bad of [
      'a:b',
      'a\\b',
      'a?b',
      'a*b',
      'a[b',
      'a]b',
      "'quoted",
      "quoted'",
      'History',
      'history',
      '',
      '   ',
    ]) {
      expect(() => addWorksheet(xw(), bad), bad).toThrow(Error);
    }
    expect(addWorksheet(xw(), 'x'.repeat(31)).path).toBe('xl/worksheets/sheet5.xml');
    expect(addWorksheet(xw(), "Bob's & <Co>").changed.get('xl/workbook.xml')).toContain(
      '<sheet name="Bob\'s &amp; &lt;Co&gt;" sheetId="6" r:id="rId9"/></sheets>',
    );
  });

  it('adds at the end when `after` is undefined or not a sheet', () => {
    for (const after of [undefined, 'Nope']) {
      const pkg = xw();
      const result = addWorksheet(pkg, 'Budget', after);
      const file = tmpFile('end.xlsx', write(pkg, result));
      const dump = dumpWorkbook(file);
      expect(dump.sheets.map((s) => s.name)).toEqual([
        'Plan',
        'Lists',
        'Finance',
        'Charts',
        'ChartSheet',
        'Budget',
      ]);
      // The app.xml titles: Budget after the last worksheet (Charts), before the chart sheet's title.
      expect(result.changed.get('docProps/app.xml')).toContain(
        '<vt:lpstr>Charts</vt:lpstr><vt:lpstr>Budget</vt:lpstr><vt:lpstr>ChartSheet</vt:lpstr>',
      );
    }
  });

  it('leaves docProps/app.xml alone when its sheet list does not match the workbook', () => {
    const src = readFileSync(fidelityPath('xw_full.xlsx'));
    const app = XlsxPackage.open(src).text('docProps/app.xml');
    const stale = rewriteZip(src, {
      'docProps/app.xml': {
        text: app.replace('<vt:lpstr>Lists</vt:lpstr>', '<vt:lpstr>Old</vt:lpstr>'),
      },
    });
    const result = addWorksheet(XlsxPackage.open(stale), 'Budget', 'Plan');
    expect([...result.changed.keys()].sort()).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
    ]);
  });

  it('takes the sheet XML it is given, and a second sheet gets the next free part and ids', () => {
    const pkg = xw();
    const custom = EMPTY_WORKSHEET.replace(
      '<sheetData/>',
      '<sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData>',
    );
    const first = addWorksheet(pkg, 'Budget', 'Plan', custom);
    const once = write(pkg, first);
    const pkg2 = XlsxPackage.open(once);
    const second = addWorksheet(pkg2, 'Risks', 'Budget');
    expect(second.path).toBe('xl/worksheets/sheet6.xml');
    const file = tmpFile('twice.xlsx', write(pkg2, second));
    const dump = dumpWorkbook(file, { sheets: ['Budget'] });
    expect(dump.sheets.map((s) => s.name).slice(0, 3)).toEqual(['Plan', 'Budget', 'Risks']);
    expect(dump.sheets[1].cells.A1.value).toBe(42);
    const reopened = XlsxPackage.open(readFileSync(file));
    expect(reopened.sheet('Risks')).toMatchObject({ sheetId: '7', rId: 'rId10' });
  });
});
