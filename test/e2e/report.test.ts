/**
 * The highlight report, tried as a new user would on a programme workbook the tests never saw
 * (typed in from the seeds' own statuses and written by openpyxl, with a chart): read back with
 * openpyxl and Python's zipfile, and printed by LibreOffice.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RAG_COLOURS } from '../../core/rag.js';
import { cli, type JsonFinding } from '../helpers/cli.js';
import { writeProgrammeXlsx, WORKSTREAM_ROWS } from '../helpers/highlight-programme.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { dumpWorkbook, sheetOf, type SheetDump } from '../helpers/openpyxl.js';
import { diffParts, listParts } from '../helpers/parts.js';

interface ReportJson {
  reportDate: string;
  programme: { declared: string | null; computed: string | null; trend: string };
  workstreams: {
    name: string;
    declared: string | null;
    computed: string | null;
    trend: string;
    dateOfReport: string | null;
    milestonesDue: { id: string; task: string; date: string }[];
    overdue: string[];
    slipped: { id: string; days: number }[];
    risks: { id: string; rating: string | null; description: string }[];
    escalations: string[];
  }[];
  findings: JsonFinding[];
  written: string | null;
}

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-report-'));
const source = join(dir, 'programme.xlsx');

function historyRows(sheet: SheetDump): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 2; r <= sheet.maxRow; r++)
    rows.push(['A', 'B', 'C', 'E'].map((c) => sheet.cells[`${c}${r}`]?.value ?? null));
  return rows;
}

beforeAll(() => {
  writeProgrammeXlsx(source, dir);
});

describe('plan-sync report on the seed programme', () => {
  const out = join(dir, 'report.xlsx');
  let run: Awaited<ReturnType<typeof cli>>;
  let json: ReportJson;

  beforeAll(async () => {
    run = await cli(['report', source, '-o', out, '--json', '--report-date', '2020-11-13']);
    json = JSON.parse(run.stdout) as ReportJson;
  });

  it('exits 0 (warnings only) and leaves the input untouched with -o', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(json.written).toBe(out);
    expect(diffParts(source, source)).toEqual({ changed: [], added: [], removed: [] });
  });

  it('flags the declared Amber against tasks rolling up to Amber/Red at its cell', () => {
    const governance = json.workstreams[0];
    expect([governance.declared, governance.computed]).toEqual(['Amber', 'Amber/Red']);
    expect(
      json.findings
        .filter((f) => f.rule === 'rag-rollup-mismatch')
        .map((f) => `${f.sheet}!${f.cell}`),
    ).toEqual(['Workstreams!C2', 'Settings!B4']);
  });

  it('flags the Green workstream with an overdue milestone as a watermelon', () => {
    const f = json.findings.filter((x) => x.rule === 'rag-watermelon');
    expect(f.map((x) => `${x.sheet}!${x.cell}`)).toEqual(['Workstreams!C7']);
    expect(f[0].message).toContain('Communication and Engagement');
  });

  it('lists exactly the milestones due in the four weeks after 13 November 2020', () => {
    expect(json.workstreams.flatMap((w) => w.milestonesDue)).toEqual([
      { id: '1.6', task: 'Final Joint Committee', date: '2020-11-26' },
      { id: '1.8', task: 'Inaugural Lead Authority Board', date: '2020-12-04' },
      { id: '8.1', task: 'Lead Authority go-live', date: '2020-12-01' },
    ]);
  });

  it('prints statuses as canonical labels and dates as ISO', () => {
    expect(json.reportDate).toBe('2020-11-13');
    expect(json.workstreams[4]).toMatchObject({
      name: 'IT Network & Infrastructure',
      declared: 'Amber',
      dateOfReport: '2020-11-04',
      slipped: [{ id: '5.1', days: 14 }],
      risks: [{ id: 'I1', rating: 'Amber', description: expect.stringContaining('OLA') }],
    });
    expect(json.programme).toEqual({
      name: 'LGSS Business Transition Programme',
      declared: 'Amber',
      computed: 'Amber/Red',
      trend: 'new',
    });
  });

  it('keeps every part it does not own byte for byte, and adds the two sheets', () => {
    const diff = diffParts(source, out);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual(['xl/worksheets/sheet5.xml', 'xl/worksheets/sheet6.xml']);
    // The workbook's sheet list and its bookkeeping, and the styles the report uses.
    // (openpyxl's docProps/app.xml lists no sheets, so it stays as it is.)
    expect(diff.changed).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
    ]);
    const before = listParts(source);
    const after = listParts(out);
    for (const part of [
      'xl/worksheets/sheet1.xml',
      'xl/charts/chart1.xml',
      'xl/drawings/drawing1.xml',
    ])
      expect(after.get(part)).toBe(before.get(part));
  });

  it('writes the report sheet and the history, read back by openpyxl', () => {
    const dump = dumpWorkbook(out, { sheets: ['Highlight report', 'Status history'] });
    expect(dump.sheets.map((s) => s.name)).toEqual([
      'Plan',
      'Workstreams',
      'Settings',
      'RAID log',
      'Highlight report',
      'Status history',
    ]);
    const report = sheetOf(dump, 'Highlight report');
    expect(report.cells.A1.value).toBe('Highlight report: LGSS Business Transition Programme');
    const texts = Object.values(report.cells).map((c) => c.value);
    expect(texts).toContain('● new');
    expect(texts).toContain('Amber/Red');
    // The Governance row of the workstream table: declared Amber, computed Amber/Red, coloured.
    const row = Object.entries(report.cells)
      .find(([, c]) => c.value === 'Project work stream 1: Governance')![0]
      .slice(1);
    expect(report.cells[`C${row}`].value).toBe('Amber');
    expect(report.cells[`D${row}`].value).toBe('Amber/Red');
    expect(report.cells[`D${row}`].fill).toBe(RAG_COLOURS['amber-red'].fill);
    expect(report.cells[`J${row}`].value).toBe('differs from roll-up');

    const history = sheetOf(dump, 'Status history');
    const rows = historyRows(history);
    expect(rows).toHaveLength(1 + 8 + 23);
    expect(rows[0]).toEqual([
      '2020-11-13',
      'Programme',
      'LGSS Business Transition Programme',
      'Amber',
    ]);
    expect(rows).toContainEqual(['2020-11-13', 'Workstream', 'HR and Consultation', 'Green']);
    expect(rows).toContainEqual(['2020-11-13', 'Task', '1.9', 'Amber/Red']);
  });

  it('opens in LibreOffice and prints the report on A4 landscape', () => {
    const review = join(process.cwd(), 'test-output', 'review', '11');
    mkdirSync(review, { recursive: true });
    const pdf = convertWithLibreOffice(out, 'pdf', dir);
    copyFileSync(pdf, join(review, 'report.pdf'));
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' });
    const pages = [...info.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({
      page: Number(m[1]),
      w: Number(m[2]),
      h: Number(m[3]),
    }));
    const reportPages = pages.filter(({ page }) =>
      /Highlight report|Status definitions|Progress to date/.test(
        execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], {
          encoding: 'utf8',
        }),
      ),
    );
    // The summary page and one page per workstream.
    expect(reportPages.length).toBeGreaterThanOrEqual(9);
    for (const p of reportPages) {
      expect(Math.round(p.w)).toBe(842);
      expect(Math.round(p.h)).toBe(595);
    }
    const first = reportPages[0].page;
    const text = execFileSync(
      'pdftotext',
      ['-f', String(first), '-l', String(first), '-layout', pdf, '-'],
      { encoding: 'utf8' },
    );
    expect(text).toContain('Highlight report: LGSS Business Transition Programme');
    expect(text).toMatch(/Governance.*Amber.*Amber\/Red/);
    execFileSync('pdftoppm', [
      '-f',
      String(first),
      '-l',
      String(first + 1),
      '-r',
      '70',
      '-png',
      pdf,
      join(review, 'report'),
    ]);
  });
});

describe('direction of travel over two report dates', () => {
  it('gives worse for Green to Amber, and a second report on the same date does not duplicate history', async () => {
    const green = join(dir, 'green.xlsx');
    const oct = join(dir, 'october.xlsx');
    copyFileSync(source, green);
    expect((await cli(['report', green, '-o', oct, '--report-date', '2020-10-16'])).code).toBe(0);

    // HR's lead sends an Amber return: typed into the October workbook as a person would.
    const amberRows = WORKSTREAM_ROWS.map((r) => [...r]);
    amberRows[2][2] = 'Amber';
    const typed = join(dir, 'typed');
    mkdirSync(typed, { recursive: true });
    const november = join(dir, 'november.xlsx');
    copyFileSync(oct, november);
    execFileSync('/usr/bin/python3', [
      '-c',
      "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nwb['Workstreams']['C3'] = 'Amber'\nwb.save(sys.argv[1])",
      november,
    ]);

    const typedCopy = join(typed, 'before.xlsx');
    copyFileSync(november, typedCopy);
    const first = await cli(['report', november, '--json', '--report-date', '2020-11-13']);
    expect(first.code).toBe(0);
    const hr = (JSON.parse(first.stdout) as ReportJson).workstreams.find(
      (w) => w.name === 'HR and Consultation',
    )!;
    expect(hr.trend).toBe('worse');
    // In place: the original is the backup; only the two owned sheets changed, every other part
    // (the openpyxl-saved plan and its chart) byte for byte.
    expect(readFileSync(join(dir, 'november.backup.xlsx')).equals(readFileSync(typedCopy))).toBe(
      true,
    );
    // (openpyxl re-saved the styles when HR's status was typed, so the report adds its own again.)
    const diff = diffParts(typedCopy, november);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      'xl/styles.xml',
      'xl/worksheets/sheet5.xml',
      'xl/worksheets/sheet6.xml',
    ]);
    const afterFirst = historyRows(
      sheetOf(dumpWorkbook(november, { sheets: ['Status history'] }), 'Status history'),
    );
    expect(afterFirst).toHaveLength(2 * 32);
    expect(afterFirst).toContainEqual(['2020-10-16', 'Workstream', 'HR and Consultation', 'Green']);
    expect(afterFirst).toContainEqual(['2020-11-13', 'Workstream', 'HR and Consultation', 'Amber']);

    const bytes = readFileSync(november);
    const again = await cli(['report', november, '--report-date', '2020-11-13', '--no-backup']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already has this report; nothing was written');
    expect(readFileSync(november).equals(bytes)).toBe(true);
    const afterAgain = historyRows(
      sheetOf(dumpWorkbook(november, { sheets: ['Status history'] }), 'Status history'),
    );
    expect(afterAgain).toEqual(afterFirst);
  });

  it('refuses a protected report sheet, and a chart sheet in its place, writing nothing', async () => {
    const protectedFile = join(dir, 'protected.xlsx');
    copyFileSync(join(dir, 'october.xlsx'), protectedFile);
    execFileSync('/usr/bin/python3', [
      '-c',
      "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nwb['Highlight report'].protection.sheet = True\nwb.save(sys.argv[1])",
      protectedFile,
    ]);
    const before = readFileSync(protectedFile);
    const r = await cli(['report', protectedFile, '--report-date', '2020-11-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Sheet "Highlight report" is protected');
    expect(readFileSync(protectedFile).equals(before)).toBe(true);

    const chart = join(dir, 'chartsheet.xlsx');
    execFileSync('/usr/bin/python3', [
      '-c',
      "import sys, openpyxl\nfrom openpyxl.chart import BarChart, Reference\nwb = openpyxl.load_workbook(sys.argv[1])\ncs = wb.create_chartsheet('Highlight report')\nc = BarChart()\nc.add_data(Reference(wb['Plan'], min_col=8, min_row=1, max_row=5))\ncs.add_chart(c)\nwb.save(sys.argv[2])",
      source,
      chart,
    ]);
    const chartBytes = readFileSync(chart);
    const c = await cli(['report', chart, '--report-date', '2020-11-13']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('"Highlight report" is a chart sheet');
    expect(readFileSync(chart).equals(chartBytes)).toBe(true);
  });

  it("refuses to replace the user's own Status History or Highlight report sheet, writing nothing", async () => {
    for (const [sheet, a1] of [
      ['Status History', 'Week ending'],
      ['HIGHLIGHT REPORT', 'Board notes'],
    ]) {
      const mine = join(dir, `mine-${sheet.replace(' ', '-')}.xlsx`);
      execFileSync('/usr/bin/python3', [
        '-c',
        "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nws = wb.create_sheet(sys.argv[3])\nws['A1'] = sys.argv[4]\nws['A2'] = 'Kept by hand'\nwb.save(sys.argv[2])",
        source,
        mine,
        sheet,
        a1,
      ]);
      const before = readFileSync(mine);
      const r = await cli(['report', mine, '--report-date', '2020-11-13']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Sheet "${sheet}" is not one plan-sync made`);
      expect(r.stderr).toContain('Rename your sheet');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(mine).equals(before)).toBe(true);
      expect(sheetOf(dumpWorkbook(mine, { sheets: [sheet] }), sheet).cells.A2?.value).toBe(
        'Kept by hand',
      );
    }
  });

  it('--dry-run says what it would do and writes nothing', async () => {
    const before = readFileSync(source);
    const r = await cli(['report', source, '--dry-run', '--report-date', '2020-11-13']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Dry run: nothing was written. Would add sheets "Highlight report" and "Status history"',
    );
    expect(readFileSync(source).equals(before)).toBe(true);
  });

  it('refuses a board pack file of the wrong kind, writing nothing', async () => {
    const r = await cli(['report', source, '--pdf', join(dir, 'pack.pptx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must end in .pdf');
  });
});
