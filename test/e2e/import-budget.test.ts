/**
 * Finance imports budget tables into a real plan workbook that has a chart. Results are read back
 * with openpyxl and Python's zipfile, and opened in LibreOffice.
 */
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RAG_COLOURS } from '../../core/rag.js';
import { cli, type JsonFinding } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixtures.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import { dumpWorkbook, sheetOf, type SheetDump } from '../helpers/openpyxl.js';
import { diffParts, partText } from '../helpers/parts.js';
import { runPython } from '../helpers/python.js';
import { TABLE_3, TABLE_5, TABLE_6A, TABLE_6C } from '../core/budget/seed-tables.js';

interface ImportJson {
  findings: (JsonFinding & {
    source?: { file: string; line: number; column: number };
    label?: string;
    stated?: number;
    computed?: number;
    difference?: number;
  })[];
  summary: {
    range: string;
    sheet: string;
    unchanged: boolean;
    createdSheet: boolean;
    units: string | null;
  };
}

let dir: string;
let plan: string;
const files: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-budget-'));
  plan = makeFixture('foreign-plan', dir);
  // Table 3 saved as "CSV UTF-8" by Excel (with a BOM); Table 5 by Excel on Windows (Windows-1252,
  // with a £ in its header); Table 6c as plain UTF-8; Table 6a with a text column.
  files.t3 = join(dir, 'Table 3 budget build.csv');
  writeFileSync(
    files.t3,
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TABLE_3, 'utf8')]),
  );
  files.t5 = join(dir, 'table5.csv');
  writeFileSync(
    files.t5,
    Buffer.from(TABLE_5.replace('(000s)', '(£000s)').replace(/–/g, '-'), 'latin1'),
  );
  files.t6c = join(dir, 'table6c.csv');
  writeFileSync(files.t6c, TABLE_6C, 'utf8');
  files.t6a = join(dir, 'table6a.csv');
  writeFileSync(files.t6a, TABLE_6A, 'utf8');
});

function workbook(name: string): string {
  const file = join(mkdtempSync(join(dir, 'wb-')), name);
  copyFileSync(plan, file);
  return file;
}

async function importJson(
  args: string[],
): Promise<{ code: number; out: ImportJson; stderr: string }> {
  const run = await cli(['import-budget', ...args, '--json']);
  return {
    code: run.code,
    out: run.stdout ? (JSON.parse(run.stdout) as ImportJson) : (undefined as never),
    stderr: run.stderr,
  };
}

function budget(file: string): SheetDump {
  return sheetOf(dumpWorkbook(file, { sheets: ['Budget'] }), 'Budget');
}

/** The row of the budget sheet whose column A holds `label`, after `from`. */
function rowOf(sheet: SheetDump, label: string, from = 1): number {
  for (let r = from; r <= sheet.maxRow; r++) if (sheet.cells[`A${r}`]?.value === label) return r;
  throw new Error(`no row "${label}"`);
}

describe('importing the seed’s tables into a plan with a chart', () => {
  let file: string;
  let t3: Awaited<ReturnType<typeof importJson>>;
  let t5: Awaited<ReturnType<typeof importJson>>;
  let t6c: Awaited<ReturnType<typeof importJson>>;

  beforeAll(async () => {
    file = workbook('plan.xlsx');
    t3 = await importJson([file, files.t3]);
    t5 = await importJson([file, files.t5, '--name', 'Table 5: Directorate budgets']);
    t6c = await importJson([file, files.t6c]);
  });

  it('imports each with exit 0 (warnings do not fail without --strict)', () => {
    expect([t3.code, t5.code, t6c.code]).toEqual([0, 0, 0]);
    expect(t3.out.summary).toMatchObject({ sheet: 'Budget', createdSheet: true, units: '£000' });
    expect(t5.out.summary.createdSheet).toBe(false);
  });

  it('creates the Budget sheet right after the plan sheet, with numbers stored as numbers', () => {
    const dump = dumpWorkbook(file, { sheets: ['Budget'] });
    expect(dump.sheets.map((s) => s.name)).toEqual([
      'Notes',
      'Transition Plan',
      'Budget',
      'Dashboard',
    ]);
    const sheet = sheetOf(dump, 'Budget');
    const row = rowOf(sheet, 'Base budget 2016-17');
    expect(['B', 'C', 'D', 'E'].map((c) => sheet.cells[`${c}${row}`].value)).toEqual([
      12617, 16279, 18574, 47470,
    ]);
    expect(sheet.cells[`B${row}`].numFmt).toBe('#,##0;-#,##0');
    const transfers = rowOf(sheet, 'Transfers to/(from) LGSS base');
    expect(sheet.cells[`B${transfers}`].value).toBe(-1728);
  });

  it('reports exactly the totals that do not add up, with label, stated, computed and difference', () => {
    const totals = t3.out.findings.filter((f) => f.rule.startsWith('budget-total'));
    expect(totals.map((f) => [f.label, f.stated, f.computed, f.difference])).toEqual([
      ['(no label)', 3944, -3944, 7888],
      ['(no label)', -11333, -3445, -7888],
      ['Net budget', 11782, 19670, -7888],
    ]);
    expect(totals[0]).toMatchObject({
      severity: 'warning',
      source: { file: 'Table 3 budget build.csv', line: 13, column: 3 },
    });
    expect(totals[0]).not.toHaveProperty('sheet');
    const sixC = t6c.out.findings
      .filter((f) => f.rule.startsWith('budget-total'))
      .map((f) => f.label);
    expect(sixC).toEqual([
      'Audit',
      'Transactions',
      'HR Professional',
      'IT',
      'Procurement',
      'Insurance',
      'TOTAL',
      'Remaining',
      'Balance',
    ]);
  });

  it('raises no finding about totals for a table that adds up (Windows-1252, £ intact)', () => {
    expect(t5.out.findings.filter((f) => f.rule.startsWith('budget-total'))).toEqual([]);
    const sheet = budget(file);
    const header = rowOf(sheet, 'LGSS Services by Directorate');
    expect(sheet.cells[`B${header}`].value).toBe('Gross Expenditure Budget (£000s)');
  });

  it('sets sections and totals apart and highlights totals that do not add up, with a note', () => {
    const sheet = budget(file);
    const section = rowOf(sheet, 'IT Directorate:');
    expect(sheet.cells[`A${section}`].bold).toBe(true);
    const net = rowOf(sheet, 'Net budget');
    expect(sheet.cells[`A${net}`].bold).toBe(true);
    expect(sheet.cells[`C${net}`].fill).toBe(RAG_COLOURS.amber.fill);
    expect(sheet.cells[`B${net}`].fill).toBeNull();
    expect(String(sheet.cells[`F${net}`].value)).toContain('MKC: stated 11,782');
    expect(sheet.cells[`F${rowOf(sheet, 'Base budget 2016-17')}`]?.value ?? null).toBeNull();
  });

  it('keeps Check notes on one line and gives a wrapped column title a row tall enough', () => {
    const sheet = budget(file);
    // Table 6c's Check column (H) is narrow on this sheet: wrapped, its notes ran over their neighbours.
    expect(String(sheet.cells[`H${rowOf(sheet, 'Audit')}`].value)).toMatch(/^Total: stated -220/);
    const notes = Object.entries(sheet.cells).filter(
      ([, c]) => typeof c.value === 'string' && /stated .* parts add up/.test(c.value),
    );
    expect(notes).toHaveLength(11);
    for (const [ref, c] of notes) expect(c.wrap, ref).toBe(false);
    // "Gross Expenditure Budget (£000s)" wraps in column B (12 wide): its row is four lines tall,
    // so the title is not drawn over the line above it. No other row is given a height.
    const header = rowOf(sheet, 'LGSS Services by Directorate');
    expect(sheet.cells[`B${header}`].wrap).toBe(true);
    expect(sheet.rowHeights).toEqual({ [String(header)]: 60 });
  });

  it('keeps the chart and every part it does not own byte for byte', () => {
    const diff = diffParts(plan, file);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual(['xl/worksheets/sheet4.xml']);
    expect(diff.changed).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
    ]);
    expect(sheetOf(dumpWorkbook(file), 'Dashboard').charts).toBe(1);
  });

  it('changes nothing when the same table is imported again', async () => {
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const again = await importJson([file, files.t6c]);
    expect(again.code).toBe(0);
    expect(again.out.summary.unchanged).toBe(true);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('opens in LibreOffice with the numbers intact', () => {
    const lo = sheetOf(
      dumpWorkbook(resaveWithLibreOffice(file, join(dir, 'lo')), { sheets: ['Budget'] }),
      'Budget',
    );
    const row = rowOf(lo, 'Net budget');
    expect(lo.cells[`E${row}`].value).toBe(30918);
  });
});

describe('re-importing and other sources', () => {
  it('replaces only that table’s block when its source changes', async () => {
    const file = workbook('plan.xlsx');
    await importJson([file, files.t6a, '--name', 'Pressures']);
    await importJson([file, files.t3, '--name', 'Budget build']);
    const before = budget(file);
    const changed = join(dir, 'pressures-v2.csv');
    writeFileSync(
      changed,
      TABLE_6A.replace('LGSS Law Ltd (NBC Contract),62', 'LGSS Law Ltd (NBC Contract),70').replace(
        ',"1,563",',
        ',"1,571",',
      ),
    );
    const run = await importJson([file, changed, '--name', 'Pressures']);
    expect(run.code).toBe(0);
    const after = budget(file);
    expect(after.cells[`B${rowOf(after, 'LGSS Law Ltd (NBC Contract)')}`].value).toBe(70);
    // The other block is untouched, cell for cell.
    const top = rowOf(before, 'Budget build');
    for (const [ref, cell] of Object.entries(before.cells)) {
      if (Number(ref.replace(/^[A-Z]+/, '')) >= top) expect(after.cells[ref], ref).toEqual(cell);
    }
  });

  it('moves a grown block below the others rather than overwrite them', async () => {
    const file = workbook('plan.xlsx');
    await importJson([file, files.t6a, '--name', 'Pressures']);
    await importJson([file, files.t3, '--name', 'Budget build']);
    const grown = join(dir, 'pressures-grown.csv');
    writeFileSync(
      grown,
      TABLE_6A.replace(
        'General,,',
        'General,,\nNew pressure A,10,\nNew pressure B,20,\nNew pressure C,30,',
      ).replace(',"1,563",', ',"1,623",'),
    );
    const run = await importJson([file, grown, '--name', 'Pressures']);
    expect(run.out.findings.filter((f) => f.rule.startsWith('budget-total'))).toEqual([]);
    const sheet = budget(file);
    const build = rowOf(sheet, 'Budget build');
    expect(rowOf(sheet, 'Pressures')).toBeGreaterThan(build);
    expect(sheet.cells.A1?.value ?? null).toBeNull();
    expect(run.out.summary.range).toMatch(/^Budget!\$A\$\d+:\$C\$\d+$/);
  });

  it('imports a range of another workbook by sheet and address', async () => {
    const source = join(dir, 'finance.xlsx');
    runPython(
      `
import sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Cover'; ws['A1'] = 'Finance pack'
t = wb.create_sheet('Savings')
rows = [['', '2017-18', '2018-19', 'Total'], ['', '£000', '£000', '£000'], ['Finance', -295, -275, -570], ['Audit', -75, -15, -90], ['TOTAL', -370, -290, -660]]
for r, row in enumerate(rows, start=3):
    for c, v in enumerate(row, start=2):
        t.cell(r, c, v if v != '' else None)
wb.save(sys.argv[1])
`,
      [source],
    );
    const file = workbook('plan.xlsx');
    const run = await importJson([file, `${source}#Savings!B3:E7`]);
    expect(run.code).toBe(0);
    expect(run.out.findings).toEqual([]);
    const sheet = budget(file);
    expect(sheet.cells[`C${rowOf(sheet, 'TOTAL')}`].value).toBe(-290);
    expect(String(sheet.cells.A2.value)).toContain('finance.xlsx#Savings!B3:E7');
    // A total that is wrong in a workbook source is reported at its cell there.
    runPython(
      `import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1]); wb['Savings']['C7'] = -380; wb.save(sys.argv[1])`,
      [source],
    );
    const wrong = await importJson([file, `${source}#Savings!B3:E7`]);
    expect(wrong.out.findings.find((f) => f.rule === 'budget-total-row')).toMatchObject({
      sheet: 'Savings',
      cell: 'C7',
      label: 'TOTAL',
      stated: -380,
      computed: -370,
      difference: -10,
    });
  });

  it('flags junk as an error at its line and column, still imports the rest, and stores formula-like text as text', async () => {
    const junk = join(dir, 'junk.csv');
    writeFileSync(
      junk,
      'Item,2020-21,Notes\nConsultancy,12x,=HYPERLINK("http://example.com")\nLicences,40,@SUM(A1)\nTotal,40,\n',
    );
    const file = workbook('plan.xlsx');
    const run = await importJson([file, junk]);
    expect(run.code).toBe(1);
    expect(run.out.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({
        rule: 'budget-not-a-number',
        source: { file: 'junk.csv', line: 2, column: 2 },
      }),
    ]);
    const sheet = budget(file);
    const consultancy = rowOf(sheet, 'Consultancy');
    expect(sheet.cells[`B${consultancy}`].value).toBe('12x');
    expect(sheet.cells[`B${consultancy}`].fill).toBe(RAG_COLOURS.red.fill);
    expect(sheet.cells[`C${consultancy}`].value).toBe('=HYPERLINK("http://example.com")');
    // Stored as a string, never as a formula, and marked to stay text when edited in Excel.
    const xml = partText(file, 'xl/worksheets/sheet4.xml');
    expect(xml).not.toContain('<f>');
    expect(xml).toContain('<t>=HYPERLINK(&quot;http://example.com&quot;)</t>');
    expect(partText(file, 'xl/styles.xml')).toMatch(/quotePrefix="1"/);
    expect((await importJson([file, junk, '--strict'])).code).toBe(1);
  });

  it('--strict turns totals that do not add up into exit 1', async () => {
    const file = workbook('plan.xlsx');
    expect((await importJson([file, files.t3, '--strict', '--dry-run'])).code).toBe(1);
    expect((await importJson([file, files.t5, '--strict', '--dry-run'])).code).toBe(0);
  });

  it('refuses unreadable input with exit 2 and a one-line reason, leaving the workbook untouched', async () => {
    const file = workbook('plan.xlsx');
    const bytes = readFileSync(file);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'Item,2020-21\nA,"10\nB,20\n');
    for (const table of [broken, join(dir, 'missing.csv'), `${plan}#NoSuchSheet`]) {
      const run = await cli(['import-budget', file, table]);
      expect(run.code, table).toBe(2);
      expect(run.stderr).toMatch(/^plan-sync: [^\n]+$/);
    }
    expect((await cli(['import-budget', file, broken])).stderr).toContain('line 2');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(join(file, '..'))).toEqual(['plan.xlsx']);
  });
});
