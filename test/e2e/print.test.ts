/**
 * The synced plan prints for a board: the worked example (`init --example`, as the demo makes it)
 * printed by LibreOffice on few landscape pages with task names, timeline and key together; the
 * page setup read back by openpyxl; a page setup the user made left alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';
import { runPython } from '../helpers/python.js';

let dir: string;
let plan: string;

const PAGE_SETUP = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[sys.argv[2]]
ps = ws.page_setup
print(json.dumps({
  'orientation': ps.orientation, 'fitToWidth': ps.fitToWidth, 'fitToHeight': ps.fitToHeight,
  'scale': ps.scale, 'fitToPage': bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
  'titleRows': ws.print_title_rows, 'titleCols': ws.print_title_cols,
  'footer': [ws.oddFooter.left.text, ws.oddFooter.center.text, ws.oddFooter.right.text],
}))
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-print-'));
  plan = join(dir, 'sample-plan.xlsx');
  expect((await cli(['init', plan, '--example'])).code).toBe(0);
  const run = await cli(['sync', plan, '--report-date', '2020-11-13']);
  expect(run.stderr).toBe('');
});

describe('printing the synced plan', () => {
  it('sets landscape, one page wide, header rows and ID to Task columns as titles, and a footer', () => {
    const setup = JSON.parse(runPython(PAGE_SETUP, [plan, 'Plan']));
    expect(setup).toMatchObject({
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
      fitToPage: true,
      titleRows: '$1:$1',
      titleCols: '$A:$C',
    });
    expect(setup.footer).toEqual([
      'LGSS Business Transition Programme',
      'Page &P of &N',
      'Report date 13 Nov 2020',
    ]);
  });

  it('prints the plan on at most 3 pages, each with task names, the timeline and the key', () => {
    const pdf = convertWithLibreOffice(plan, 'pdf', join(dir, 'pdf'));
    const pages = Number(
      /^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1],
    );
    const planPages: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-'], {
        encoding: 'utf8',
      });
      // The plan sheet's pages are those with its task names.
      if (text.includes('Write Cabinet paper') || /Implement new governance/.test(text))
        planPages.push(text);
    }
    expect(planPages.length).toBeGreaterThanOrEqual(1);
    expect(planPages.length).toBeLessThanOrEqual(3);
    for (const text of planPages) {
      expect(text).toMatch(/Task/);
      expect(text).toMatch(/Nov-20/); // the timeline's header, beside the names
      expect(text).toMatch(/Report date 13 Nov 2020/);
    }
    expect(planPages.join('\n')).toMatch(/Key/);
    const landscape = execFileSync('pdfinfo', ['-f', '1', '-l', '1', pdf], { encoding: 'utf8' });
    const [, w, h] = /Page\s+1 size:\s+([\d.]+) x ([\d.]+)/.exec(landscape)!;
    expect(Number(w)).toBeGreaterThan(Number(h));
  }, 240_000);

  it('leaves a page setup the user made as it was', async () => {
    const own = join(dir, 'own.xlsx');
    expect((await cli(['init', own, '--example'])).code).toBe(0);
    runPython(
      `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Plan']
ws.page_setup.orientation = 'portrait'
ws.page_setup.scale = 55
ws.oddFooter.center.text = 'Our footer'
wb.save(sys.argv[1])
`,
      [own],
    );
    const before = JSON.parse(runPython(PAGE_SETUP, [own, 'Plan']));
    const sheetBefore = execFileSync('unzip', ['-p', own, 'xl/workbook.xml']).toString();
    const run = await cli(['sync', own, '--report-date', '2020-11-13']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(runPython(PAGE_SETUP, [own, 'Plan']))).toEqual(before);
    expect(execFileSync('unzip', ['-p', own, 'xl/workbook.xml']).toString()).not.toMatch(
      /Print_Titles/,
    );
    expect(sheetBefore).not.toMatch(/Print_Titles/);
  });

  it('updates its own footer on a later sync with a new report date, and changes nothing when run again', async () => {
    const run = await cli(['sync', plan, '--report-date', '2020-12-11']);
    expect(run.stderr).toBe('');
    const setup = JSON.parse(runPython(PAGE_SETUP, [plan, 'Plan']));
    expect(setup.footer[2]).toBe('Report date 11 Dec 2020');
    const bytes = readFileSync(plan);
    const again = await cli(['sync', plan, '--report-date', '2020-12-11']);
    expect(again.stdout).toMatch(/already up to date/);
    expect(readFileSync(plan).equals(bytes)).toBe(true);
  });
});
