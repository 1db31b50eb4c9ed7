/**
 * Damaged and hostile input (issue 7, part 4): every read is bounded, nothing written addresses
 * a cell outside Excel's grid or is malformed in the encoding it declares, and a file that cannot
 * be handled gets a one-line reason (exit 2, the file untouched), never "unexpected problem".
 * Outputs are read back with Python (zipfile, expat, openpyxl) and, for a sample, LibreOffice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../helpers/cli.js';
import {
  deflatedZeros,
  entriesOf,
  entryOf,
  examplePlan,
  PLAN_SHEET,
  partOf,
  rawZip,
  STYLES,
  WORKBOOK,
  withParts,
  zerosCrc,
} from '../helpers/hostile.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { packageProblems } from '../helpers/package-check.js';
import { partBytes } from '../helpers/parts.js';
import { runPython } from '../helpers/python.js';
import { XlsxPackage } from '../../sync/xlsx/package.js';

const REPORT = ['--report-date', '2020-11-13'];
let dir: string;
let base: Buffer;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-hostile-'));
  base = await examplePlan();
});

function file(bytes: Buffer, name = 'plan.xlsx'): string {
  const path = join(mkdtempSync(join(dir, `case${n++}-`)), name);
  writeFileSync(path, bytes);
  return path;
}

/** Exit 2 with a one-line reason matching `reason`, and the file byte for byte as it was. */
function refused(run: CliRun, path: string, before: Buffer, reason: RegExp): void {
  expect(run.code, run.stderr || run.stdout).toBe(2);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).not.toMatch(/unexpected problem|\n\s+at /);
  expect(run.stderr.split('\n')).toHaveLength(1);
  expect(readFileSync(path).equals(before)).toBe(true);
}

/** validate and sync both refuse, with the same reason. */
async function bothRefuse(bytes: Buffer, reason: RegExp): Promise<void> {
  const path = file(bytes);
  refused(await cli(['validate', path, ...REPORT]), path, bytes, reason);
  refused(await cli(['sync', path, ...REPORT]), path, bytes, reason);
}

/** The plan sheet with `edit` applied to its XML. */
const sheetEdit = (edit: (xml: string) => string) => withParts(base, { [PLAN_SHEET]: edit });

describe('cell positions outside the grid are refused, with the sheet and row named', () => {
  it('a row numbered 99999999999999999999 (validate and sync used to loop forever)', async () => {
    const bytes = sheetEdit((x) =>
      x
        .replace('<row r="61"', '<row r="99999999999999999999"')
        .replace(/r="([A-M])61"/g, 'r="$199999999999999999999"'),
    );
    await bothRefuse(
      bytes,
      /^plan-sync: sheet "Plan" is damaged: it has a row numbered "99999999999999999999", outside Excel's grid \(rows 1 to 1,048,576, columns A to XFD\)\. Let Excel repair/,
    );
  });

  it('a cell past column XFD, and a row after row 1,048,576', async () => {
    await bothRefuse(
      sheetEdit((x) => x.replace('<c r="M2"', '<c r="XFE2"')),
      /sheet "Plan" is damaged: row 2 has a cell at "XFE2", outside Excel's grid/,
    );
    await bothRefuse(
      sheetEdit((x) =>
        x.replace('</sheetData>', '<row r="1048577"><c><v>1</v></c></row></sheetData>'),
      ),
      /sheet "Plan" is damaged: it has a row numbered "1048577"/,
    );
  });

  it('a row of 100,000 cells without references (used to write a cell in column 100,002)', async () => {
    const wide = '<c><v>1</v></c>'.repeat(100_000);
    await bothRefuse(
      sheetEdit((x) => x.replace('</sheetData>', `<row r="62">${wide}</row></sheetData>`)),
      /sheet "Plan" is damaged: row 62 has more cells than Excel's 16,384 columns \(A to XFD\)/,
    );
  });

  it('rows out of order, a cell outside its row, a cell that is not a reference', async () => {
    await bothRefuse(
      sheetEdit((x) => x.replace('<row r="5"', '<row r="3"').replace(/r="([A-M])5"/g, 'r="$13"')),
      /sheet "Plan" is damaged: row 3 comes after row 4/,
    );
    await bothRefuse(
      sheetEdit((x) => x.replace('<c r="A5"', '<c r="A9"')),
      /sheet "Plan" is damaged: cell A9 is inside row 5/,
    );
    await bothRefuse(
      sheetEdit((x) => x.replace('<c r="A5"', '<c r="5A"')),
      /sheet "Plan" is damaged: row 5 has a cell named "5A", not a cell reference/,
    );
  });

  it('a task in row 1,048,576: validate costs what the cells cost, sync writes inside the grid', async () => {
    const bytes = sheetEdit((x) =>
      x.replace('<row r="61"', '<row r="1048576"').replace(/r="([A-M])61"/g, 'r="$11048576"'),
    );
    const path = file(bytes);
    let started = performance.now();
    const validated = await cli(['validate', path, '--json', ...REPORT]);
    expect(validated.code).toBe(0);
    // A hang guard, not a speed target (that is in bench/).
    expect(performance.now() - started).toBeLessThan(30_000);
    started = performance.now();
    const synced = await cli(['sync', path, '--no-backup', ...REPORT]);
    expect(synced.code, synced.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(30_000);
    // Read back with Python's zipfile and expat (openpyxl would take minutes over a million rows).
    const check = runPython(
      String.raw`
import sys, re, zipfile, xml.etree.ElementTree as ET
zf = zipfile.ZipFile(sys.argv[1])
assert zf.testzip() is None
rows, bad, last, lastRow = 0, 0, None, 0
for _, el in ET.iterparse(zf.open('xl/worksheets/sheet1.xml')):
    tag = el.tag.rsplit('}', 1)[-1]
    if tag == 'row':
        rows += 1
        bad += not (1 <= int(el.get('r')) <= 1048576)
        lastRow = max(lastRow, int(el.get('r')))
        el.clear()
    elif tag == 'c':
        m = re.fullmatch(r'([A-Z]{1,3})([0-9]+)', el.get('r'))
        bad += not (m and int(m.group(2)) <= 1048576 and (len(m.group(1)) < 3 or m.group(1) <= 'XFD'))
        if el.get('r') == 'A1048576':
            last = ''.join(el.itertext())
sst = [''.join(si.itertext()) for si in ET.fromstring(zf.read('xl/sharedStrings.xml'))]
# The timeline gets the table's rows, not a million lined blank ones in between.
print(rows < 1000, lastRow, bad, sst[int(last)])`,
      [path],
      { timeoutMs: 120_000 },
    ).trim();
    expect(check).toBe('True 1048576 0 8.7');
  }, 60_000);
});

describe('output that used to be corrupt is well-formed', () => {
  it('a cell with r="" gets its reference, not a second r attribute', async () => {
    const bytes = sheetEdit((x) => x.replace('<c r="H5"', '<c r=""'));
    expect(partOf(bytes, PLAN_SHEET)).toContain('<c r="" t="s">');
    const path = file(bytes);
    const run = await cli(['sync', path, '--no-backup', ...REPORT]);
    expect(run.code, run.stderr).toBe(0);
    const sheet = partBytes(path, PLAN_SHEET).toString('utf8');
    expect(sheet).not.toMatch(/<c [^>]*\br="[^"]*"[^>]*\br="/);
    expect(sheet).toMatch(/<c r="H5" [^>]*s="\d+"/);
    expect(packageProblems([path])).toEqual([[]]);
    const plan = sheetOf(dumpWorkbook(path, { sheets: ['Plan'] }), 'Plan');
    expect(plan.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
  });

  it('a sheet part in UTF-16 is written back in UTF-16, as it declares', async () => {
    const utf16 = (text: string) =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(text.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le'),
      ]);
    const bytes = withParts(base, { [PLAN_SHEET]: utf16(partOf(base, PLAN_SHEET)) });
    const path = file(bytes);
    const run = await cli(['sync', path, '--no-backup', ...REPORT]);
    expect(run.code, run.stderr).toBe(0);
    const written = partBytes(path, PLAN_SHEET);
    expect([...written.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    const text = written.subarray(2).toString('utf16le');
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-16"/);
    expect(text).toMatch(/<c r="H5" [^>]*s="\d+"/); // coloured
    expect(packageProblems([path])).toEqual([[]]);
    const lo = sheetOf(
      dumpWorkbook(resaveWithLibreOffice(path, join(dir, 'lo-utf16')), { sheets: ['Plan'] }),
      'Plan',
    );
    expect(lo.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
  }, 120_000);

  it('a part declaring ISO-8859-1 is read in it, and written as UTF-8 with its declaration rewritten', async () => {
    const latin1 = (text: string) =>
      Buffer.from(
        text
          .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
          .replace('<sheetData>', '<sheetData><!-- café -->'),
        'latin1',
      );
    const bytes = withParts(base, { [PLAN_SHEET]: latin1(partOf(base, PLAN_SHEET)) });
    const path = file(bytes);
    const run = await cli(['sync', path, '--no-backup', ...REPORT]);
    expect(run.code, run.stderr).toBe(0);
    const text = partBytes(path, PLAN_SHEET).toString('utf8');
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"/);
    expect(text).toContain('<!-- café -->');
    expect(packageProblems([path])).toEqual([[]]);
  });

  it('a part that says UTF-16 but is not is refused', async () => {
    await bothRefuse(
      sheetEdit((x) => x.replace('encoding="UTF-8"', 'encoding="UTF-16"')),
      /sheet "Plan" \(xl\/worksheets\/sheet1\.xml\) is damaged: it says it is in UTF-16 but is not/,
    );
  });
});

describe('problems that used to be "unexpected problem" get a reason', () => {
  it('a workbook without xl/styles.xml: the styles part is created, with its relationship and content type', async () => {
    const bytes = withParts(base, {
      [STYLES]: null,
      'xl/_rels/workbook.xml.rels': (x) => x.replace(/<Relationship [^>]*\/styles"[^>]*\/>/, ''),
      '[Content_Types].xml': (x) => x.replace(/<Override PartName="\/xl\/styles\.xml"[^>]*\/>/, ''),
    });
    const path = file(bytes);
    const run = await cli(['sync', path, '--no-backup', '--json', ...REPORT]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).changedParts).toEqual(
      expect.arrayContaining([
        PLAN_SHEET,
        STYLES,
        '[Content_Types].xml',
        'xl/_rels/workbook.xml.rels',
      ]),
    );
    expect(partBytes(path, '[Content_Types].xml').toString()).toContain(
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    );
    expect(partBytes(path, 'xl/_rels/workbook.xml.rels').toString()).toMatch(
      /<Relationship Id="rId\d+" Type="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships\/styles" Target="styles\.xml"\/>/,
    );
    expect(packageProblems([path])).toEqual([[]]);
    const plan = sheetOf(dumpWorkbook(path, { sheets: ['Plan'] }), 'Plan');
    expect(plan.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
    // The header's s="4" meant no format (there were no styles): it still does, whatever
    // formats were added after the defaults.
    expect(partOf(bytes, PLAN_SHEET)).toContain('<c r="A1" s="4"');
    expect(plan.cells.A1).toMatchObject({ value: 'ID', fill: null, bold: false, borderLeft: null });
    const lo = sheetOf(
      dumpWorkbook(resaveWithLibreOffice(path, join(dir, 'lo-nostyles')), { sheets: ['Plan'] }),
      'Plan',
    );
    expect(lo.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0' });
    expect(lo.cells.A1).toMatchObject({ value: 'ID', fill: null, bold: false });
  }, 120_000);

  it('a damaged part that would be copied as it is: nothing is written', async () => {
    // import-budget reads only the budget sheet, but the plan sheet would be copied into the result.
    const bytes = sheetEdit((x) => x.replace('<v>43892</v>', '<v>4389x</v>'));
    const path = file(bytes);
    const csv = join(mkdtempSync(join(dir, 'csv-')), 't.csv');
    writeFileSync(csv, 'Label,2020-21\nA,1\n');
    refused(
      await cli(['import-budget', path, csv]),
      path,
      bytes,
      /^plan-sync: plan\.xlsx: sheet "Plan" \(xl\/worksheets\/sheet1\.xml\) is damaged: cell F2 holds "4389x" where a number belongs\. Let Excel repair .* Nothing was written\.$/,
    );
  });

  it('a truncated sheet, and a workbook.xml with an unclosed element', async () => {
    await bothRefuse(
      sheetEdit((x) => x.slice(0, Math.floor(x.length / 2))),
      /^plan-sync: sheet "Plan" \(xl\/worksheets\/sheet1\.xml\) is damaged: /,
    );
    await bothRefuse(
      withParts(base, { [WORKBOOK]: (x) => x.replace('</sheets>', '') }),
      /^plan-sync: plan\.xlsx: the part xl\/workbook\.xml of the workbook is damaged: <sheets> is closed by "<\/workbook>"/,
    );
  });

  it('a central directory that points at the wrong local header (import-budget used to fail)', async () => {
    const entries = entriesOf(base);
    const sheetAt = entries.findIndex((e) => e.name === PLAN_SHEET);
    const wrong = rawZip(entries, (i, offsets) => offsets[i === sheetAt ? 0 : i]);
    const path = file(base);
    const source = file(wrong, 'finance.xlsx');
    const run = await cli(['import-budget', path, `${source}#Plan!A1:E5`]);
    refused(
      run,
      path,
      base,
      /^plan-sync: finance\.xlsx: the workbook file is damaged: zip entry xl\/worksheets\/sheet1\.xml is corrupt/,
    );
    // The same damage in the workbook itself.
    const target = file(wrong);
    refused(await cli(['import-budget', target, source]), target, wrong, /is corrupt/);
    await bothRefuse(wrong, /zip entry xl\/worksheets\/sheet1\.xml is corrupt/);
  });

  it('a 10,000-task dependency cycle is one finding, found quickly', async () => {
    const rows: string[] = [];
    for (let r = 2; r <= 10_001; r++) {
      const id = r - 1;
      const dep = id === 1 ? 10_000 : id - 1;
      rows.push(
        `<row r="${r}"><c r="A${r}"><v>${id}</v></c><c r="B${r}" t="inlineStr"><is><t>Task ${id}</t></is></c>` +
          `<c r="C${r}"><v>44000</v></c><c r="D${r}"><v>44001</v></c><c r="E${r}" t="inlineStr"><is><t>${dep}</t></is></c></row>`,
      );
    }
    const header =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Task</t></is></c>' +
      '<c r="C1" t="inlineStr"><is><t>Start</t></is></c><c r="D1" t="inlineStr"><is><t>End</t></is></c>' +
      '<c r="E1" t="inlineStr"><is><t>Depends on</t></is></c></row>';
    const bytes = sheetEdit((x) =>
      x
        .replace(
          /<sheetData>[\s\S]*<\/sheetData>/,
          `<sheetData>${header}${rows.join('')}</sheetData>`,
        )
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:E10001"/>'),
    );
    const path = file(bytes);
    const started = performance.now();
    const run = await cli(['validate', path, '--json', ...REPORT]);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    const cycles = (
      JSON.parse(run.stdout) as { findings: { rule: string; cell: string; message: string }[] }
    ).findings.filter((f) => f.rule === 'dependency-cycle');
    expect(cycles).toEqual([
      expect.objectContaining({
        cell: 'E2',
        message:
          'Dependency cycle: 10,000 tasks depend on each other in a circle (1, 2, 3, 4, 5 and 9,995 more, in rows 2 to 10001). Remove one of these dependencies.',
      }),
    ]);
  }, 60_000);
});

describe('zip bombs are refused before they are inflated', () => {
  /** 1 GiB of zeros, deflated (about 4.5 MB). */
  let zeros: Buffer;
  beforeAll(async () => {
    zeros = await deflatedZeros(1 << 30);
  }, 60_000);

  /** The plan with its sheet replaced by 1 GiB of zeros that declares `declared` bytes. */
  const bomb = (declared: number): Buffer =>
    rawZip(
      entriesOf(base).map((e) =>
        e.name === PLAN_SHEET
          ? { name: e.name, stored: zeros, method: 8, crc: zerosCrc(declared), size: declared }
          : e,
      ),
    );

  /** Runs the real command line in a child process; its peak memory in MB. */
  function peakMemory(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): { code: number; stderr: string; mb: number } {
    const script = `
      import { main } from ${JSON.stringify(new URL('../../lib/sync/cli.js', import.meta.url).href)};
      const err = [];
      const code = await main(${JSON.stringify(args)}, { stdout() {}, stderr: (t) => err.push(t), color: false });
      process.stdout.write(JSON.stringify({ code, stderr: err.join('\\n'), mb: process.resourceUsage().maxRSS / 1024 }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...env },
    });
    return JSON.parse(out) as { code: number; stderr: string; mb: number };
  }

  it('an entry declaring 1 GiB: refused at once, memory stays small', async () => {
    const path = file(bomb(1 << 30));
    const started = performance.now();
    const run = peakMemory(['validate', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^plan-sync: the part xl\/worksheets\/sheet1\.xml would take more than 500 MB once unpacked, the most plan-sync reads from one part \(set PLAN_SYNC_MAX_PART_MB to a number of megabytes to change it\)/,
    );
    expect(run.mb).toBeLessThan(250);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('an entry that lies about its size: inflating stops at the size it declares', async () => {
    const path = file(bomb(5000));
    const run = peakMemory(['sync', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /zip entry xl\/worksheets\/sheet1\.xml is corrupt: it unpacks to more than the 5000 bytes it declares/,
    );
    expect(run.mb).toBeLessThan(250);
  }, 60_000);

  it('PLAN_SYNC_MAX_PART_MB sets the limit (and a wrong value is a reason, not a crash)', async () => {
    const entries = entriesOf(base);
    const big = Buffer.from(
      partOf(base, PLAN_SHEET).replace('</worksheet>', `<!--${' '.repeat(3 << 20)}--></worksheet>`),
    );
    const path = file(
      rawZip(entries.map((e) => (e.name === PLAN_SHEET ? entryOf(e.name, big) : e))),
    );
    const limited = peakMemory(['validate', path], { PLAN_SYNC_MAX_PART_MB: '2' });
    expect(limited.code).toBe(2);
    expect(limited.stderr).toMatch(/would take more than 2 MB once unpacked/);
    expect(peakMemory(['validate', path], { PLAN_SYNC_MAX_PART_MB: '4' }).code).toBe(0);
    const wrong = peakMemory(['validate', path], { PLAN_SYNC_MAX_PART_MB: 'lots' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /PLAN_SYNC_MAX_PART_MB is "lots": set it to a number of megabytes from 1 to 2000/,
    );
  }, 60_000);
});

describe('import-budget keeps every cell inside the grid', () => {
  it('a CSV of 20,000 columns is refused, naming the line and column that would not fit', async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `Y${i}`).join(',');
    const values = Array.from({ length: 20_000 }, (_, i) => String(i)).join(',');
    const csv = join(mkdtempSync(join(dir, 'csv-')), 'wide.csv');
    writeFileSync(csv, `Label,${header}\nRow,${values}\n`);
    const path = file(base);
    refused(
      await cli(['import-budget', path, csv]),
      path,
      base,
      /^plan-sync: wide\.csv: line 1, column 16,385 would land past column XFD: the table has 20,001 columns and an Excel sheet has 1,048,576 rows and 16,384 columns \(A to XFD\); nothing was imported\.$/,
    );
  });
});

describe('--json with exit 2 still says why on stderr', () => {
  it.each([['validate'], ['sync'], ['import-budget']])('%s', async (command) => {
    const path = file(
      withParts(base, { [WORKBOOK]: (x) => x.replace('<sheets>', '<sheets><bad') }),
    );
    const csv = join(mkdtempSync(join(dir, 'csv-')), 't.csv');
    writeFileSync(csv, 'Label,2020-21\nA,1\n');
    const args =
      command === 'import-budget' ? [command, path, csv, '--json'] : [command, path, '--json'];
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^plan-sync: plan\.xlsx: the part xl\/workbook\.xml of the workbook is damaged: /,
    );
  });

  it('validate --json of a workbook without the plan sheet asked for: JSON on stdout, the reason on stderr', async () => {
    const run = await cli(['validate', file(base), '--json', '--sheet', 'Nope']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).findings[0].rule).toBe('plan-sheet');
    expect(run.stderr).toMatch(/^plan-sync: No sheet named "Nope" in this workbook/);
  });
});

describe('the real command line', () => {
  it('refuses a damaged file with exit 2 and one line, in a child process', () => {
    const path = file(sheetEdit((x) => x.replace('<c r="M2"', '<c r="XFE2"')));
    const run = spawnSync(
      process.execPath,
      [new URL('../../bin/plan-sync.js', import.meta.url).pathname, 'validate', path],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('styles wrapped in mc:AlternateContent (Hancom, some Excel builds)', () => {
  const ac = (entry: string) =>
    `<mc:AlternateContent><mc:Choice Requires="x14ac">${entry}</mc:Choice><mc:Fallback>${entry}</mc:Fallback></mc:AlternateContent>`;
  /** The example's styles with the second font and the third cell format each wrapped. */
  const wrapped = () =>
    withParts(base, {
      [STYLES]: (x) =>
        x
          .replace('<font><b/></font>', ac('<font><b/></font>'))
          .replace(
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
            ac(
              '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
            ),
          ),
    });

  /** Each cell's fill, font colour and number format as Excel resolves them: AlternateContent read through its first Choice. */
  const EXCEL_VIEW = String.raw`
import sys, json, zipfile, xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
MC = '{http://schemas.openxmlformats.org/markup-compatibility/2006}'
zf = zipfile.ZipFile(sys.argv[1])
styles = ET.fromstring(zf.read('xl/styles.xml'))
def entries(section, child):
    out = []
    for el in styles.find(M + section):
        if el.tag == M + child: out.append(el)
        elif el.tag == MC + 'AlternateContent': out.extend(el.find(MC + 'Choice').findall(M + child))
    return out, int(styles.find(M + section).get('count'))
xfs, xf_count = entries('cellXfs', 'xf')
fonts, font_count = entries('fonts', 'font')
fills, fill_count = entries('fills', 'fill')
sheet = ET.fromstring(zf.read('xl/worksheets/sheet1.xml'))
out = {'counts': [xf_count == len(xfs), font_count == len(fonts), fill_count == len(fills)]}
for c in sheet.iter(M + 'c'):
    if c.get('r') in sys.argv[2:]:
        xf = xfs[int(c.get('s', 0))]
        fg = fills[int(xf.get('fillId'))].find('.//' + M + 'fgColor')
        color = fonts[int(xf.get('fontId'))].find(M + 'color')
        out[c.get('r')] = [fg.get('rgb') if fg is not None else None, color.get('rgb') if color is not None else None, xf.get('numFmtId')]
print(json.dumps(out))`;

  it('new formats are indexed by top-level entries, so each cell gets the format meant', async () => {
    const path = file(wrapped());
    const run = await cli(['sync', path, '--no-backup', '--json', ...REPORT]);
    expect(run.code, run.stderr).toBe(0);
    const view = JSON.parse(runPython(EXCEL_VIEW, [path, 'H5', 'H2', 'F2', 'I2'])) as Record<
      string,
      unknown
    >;
    expect(view.counts).toEqual([true, true, true]);
    expect(view.H5).toEqual(['FFB8D3F0', 'FF0C2D4A', '0']); // Complete: fill and text colour
    expect(view.F2).toEqual([null, null, '164']); // a date keeps its date format
    expect(view.I2).toEqual([null, null, '9']); // a percentage keeps its percentage format
    // openpyxl cannot open such a workbook (nor the original); LibreOffice can.
    expect(packageProblems([path], { openpyxl: false })).toEqual([[]]);
    const lo = sheetOf(
      dumpWorkbook(resaveWithLibreOffice(path, join(dir, 'lo-ac')), { sheets: ['Plan'] }),
      'Plan',
    );
    expect(lo.cells.H5).toMatchObject({ value: 'Complete', fill: 'B8D3F0', fontColor: '0C2D4A' });
    expect(lo.cells.F2).toMatchObject({ isDate: true, numFmt: 'dd/mm/yyyy' });
    expect(lo.cells.I2).toMatchObject({ value: 0.6, numFmt: '0%' });
  }, 120_000);

  it('the reader looks up number formats by top-level entries too', () => {
    const pkg = XlsxPackage.open(wrapped());
    // cellXfs 2 is the wrapped date format; 3 (after it) is the percentage.
    expect([1, 2, 3].map((s) => pkg.numFmtOfStyle(s))).toEqual(['@', 'dd/mm/yyyy', '0%']);
  });
});
