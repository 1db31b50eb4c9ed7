/**
 * The pane's Board timeline against the fake Excel: the pictures it inserts are the SVG that
 * `plan-sync export x.svg` writes for the same workbook and options, one per page on a sheet
 * plan-sync owns (replaced on re-run, a user's sheet of that name refused); the slide deck it
 * offers opens as the CLI's does; and Build Gantt sets the board print setup only where the plan
 * sheet has none of the user's. Every inserted SVG is parsed by Python and rendered to PNG for
 * review (test-output/review/10p/).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { createCommands } from '../../addin/commands.js';
import { UnsupportedExcelError } from '../../addin/commands-api.js';
import { dayFromYMD, isoOf } from '../../core/dates.js';
import { exampleProgramme, generatePlan } from '../../core/template.js';
import { cli } from '../helpers/cli.js';
import { planInit } from '../helpers/plan-init.js';
import { runPython } from '../helpers/python.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { installFakeOffice, removeFakeOffice, type FakeWorkbookInit } from '../fake-excel/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const REVIEW = join(ROOT, 'test-output', 'review', '10p');
const FONT = join(ROOT, 'node_modules', 'dejavu-fonts-ttf', 'ttf', 'DejaVuSans.ttf');
const dir = mkdtempSync(join(tmpdir(), 'plan-sync-pane-board-'));
const today = dayFromYMD(2020, 11, 13)!;
let sample: string;
let sampleInit: FakeWorkbookInit;
const sampleDate = isoOf(exampleProgramme().reportDate);

beforeAll(async () => {
  mkdirSync(REVIEW, { recursive: true });
  sample = join(dir, 'sample.xlsx');
  expect((await cli(['init', sample, '--example'])).code).toBe(0);
  sampleInit = fakeInitFromXlsx(sample);
});

afterEach(removeFakeOffice);

/**
 * Each page's `<svg class="page">` element of an SVG file, as text, but for where it sits in the
 * file (`y`: pages are stacked in the exported file, each alone in a picture).
 */
function pagesOf(svg: string): string[] {
  return [...svg.matchAll(/<svg class="page"[\s\S]*?\n<\/svg>/g)].map((m) =>
    m[0].replace(/^(<svg class="page" data-page="\d+" x="0") y="[\d.]+"/, '$1'),
  );
}

/** Python's xml.etree reads each SVG: the bars' task IDs and start/end dates, and the text. */
function parsed(svgs: string[]): { bars: string[]; milestones: string[]; text: string[] } {
  const files = svgs.map((s, i) => {
    const f = join(dir, `parse-${i}.svg`);
    writeFileSync(f, s);
    return f;
  });
  const out = runPython(
    `
import json, sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
bars, milestones, text = [], [], []
for f in sys.argv[1:]:
    root = ET.parse(f).getroot()
    assert root.tag == ns + 'svg', root.tag
    for el in root.iter():
        c = el.get('class')
        if c == 'bar': bars.append(el.get('data-task-id') + ' ' + el.get('data-start') + ' ' + el.get('data-end'))
        if c == 'milestone' and el.get('data-date'): milestones.append(el.get('data-task-id') + ' ' + el.get('data-date'))
        if el.tag == ns + 'text' and el.text: text.append(el.text)
print(json.dumps({'bars': bars, 'milestones': milestones, 'text': text}))
`,
    files,
  );
  return JSON.parse(out) as { bars: string[]; milestones: string[]; text: string[] };
}

function render(svg: string, name: string): Buffer {
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: 1920 },
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles: [FONT], defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  writeFileSync(join(REVIEW, name), png);
  return png;
}

describe('Board timeline in the pane', () => {
  it('inserts, page by page, the SVG plan-sync export writes for the same workbook', async () => {
    const out = join(dir, 'board.svg');
    const run = await cli(['export', sample, '-o', out, '--report-date', sampleDate]);
    expect(run.code).toBe(0);
    const exported = readFileSync(out, 'utf8');
    const exportedPages = pagesOf(exported);
    expect(exportedPages.length).toBeGreaterThan(0);

    const fake = installFakeOffice(sampleInit);
    const result = await createCommands({ today }).boardTimeline({ reportDate: sampleDate });
    expect(result.board).toEqual({ sheet: 'Board timeline', pages: exportedPages.length });
    expect(result.summary).toMatch(/^Drew the board timeline on sheet "Board timeline" \(/);
    expect(fake.workbook.sheetNames()).toContain('Board timeline');
    const sheet = fake.workbook.sheet('Board timeline');
    const shapes = sheet.shapes;
    expect(shapes.map((s) => s.name)).toEqual(
      exportedPages.map((_, i) => `plan-sync board page ${i + 1}`),
    );
    shapes.forEach((shape, i) => {
      const svg = shape.svg!;
      // Same page, same drawing: identical text, page element and all.
      expect(pagesOf(svg)).toEqual([exportedPages[i]]);
      if (exportedPages.length === 1) expect(svg).toBe(exported);
      // The document's title and description head each picture, as in the exported file.
      const head = (x: string) => x.slice(x.indexOf('<title'), x.indexOf('</desc>'));
      expect(head(svg)).toBe(head(exported));
      expect(head(svg)).toMatch(
        /^<title id="board-title">.+<\/title>\n<desc id="board-desc">Timeline of /,
      );
    });
    // An independent reader finds the same bars and milestones in both.
    const mine = parsed(shapes.map((s) => s.svg!));
    const theirs = parsed([exported]);
    expect(mine.bars).toEqual(theirs.bars);
    expect(mine.milestones).toEqual(theirs.milestones);
    expect(mine.bars.length).toBeGreaterThan(10);
    expect(mine.milestones.length).toBeGreaterThan(0);
    expect(mine.text.join(' ')).toContain(exampleProgramme().programmeName);
    shapes.forEach((s, i) => {
      const png = render(s.svg!, `sample-page-${i + 1}.png`);
      expect(png.length).toBeGreaterThan(20_000);
    });
    // The title and a line saying who drew it; each page's heading above its picture.
    expect(String(sheet.cell('A1')?.value)).toMatch(
      new RegExp(`^Board timeline: .*, as at \\d{1,2} \\w{3} \\d{4}$`),
    );
    expect(String(sheet.cell('A2')?.value)).toMatch(/^Drawn by plan-sync from sheet "Plan"/);
    expect(sheet.showGridlines).toBe(false);
    expect(fake.workbook.activeSheet()).toBe('Board timeline');
  });

  it('stacks one picture per page down the sheet, each sized to its page under its heading', async () => {
    const fake = installFakeOffice(planInit(generatePlan(70, { seed: 7, years: 2 })));
    const result = await createCommands({ today }).boardTimeline({
      reportDate: '2020-11-13',
      page: 'a4',
    });
    const pages = result.board!.pages;
    expect(pages).toBeGreaterThanOrEqual(3);
    const sheet = fake.workbook.sheet('Board timeline');
    const shapes = sheet.shapes;
    expect(shapes).toHaveLength(pages);
    shapes.forEach((s, i) => {
      // A4 landscape in points, as the page.
      expect(s.width).toBeCloseTo(841.89, 1);
      expect(s.height).toBeCloseTo(595.28, 1);
      expect(s.left).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(s.top).toBeGreaterThan(shapes[i - 1].top + shapes[i - 1].height);
      // The heading sits in the row just above the picture (rows are 15 pt).
      const row = s.top / 15;
      expect(Number.isInteger(row)).toBe(true);
      expect(sheet.cell(`A${row}`)?.value).toBe(`Page ${i + 1} of ${pages}`);
      expect(sheet.rowHeight(row)).toBe(15);
    });
    const { bars } = parsed(shapes.map((s) => s.svg!));
    // Every dated task that is not a milestone has its bar, on one of the pages.
    expect(bars.length).toBeGreaterThan(50);
    render(shapes[1].svg!, 'synthetic-a4-page-2.png');
  });

  it('keeps every request under the size limit on a long plan, in several round trips', async () => {
    const limit = 400_000;
    const fake = installFakeOffice({
      ...planInit(generatePlan(1500, { seed: 11, years: 3 })),
      payloadLimit: limit,
    });
    const before = fake.stats.syncs;
    const result = await createCommands({ today, requestBudget: limit - 50_000 }).boardTimeline({
      reportDate: '2020-11-13',
    });
    const pages = result.board!.pages;
    expect(pages).toBeGreaterThanOrEqual(50);
    expect(result.summary).toContain('For a shorter board, choose the workstreams to show.');
    const shapes = fake.workbook.sheet('Board timeline').shapes;
    expect(shapes).toHaveLength(pages);
    expect(shapes[pages - 1].name).toBe(`plan-sync board page ${pages}`);
    expect(Math.max(...fake.stats.requestBytes)).toBeLessThan(limit);
    expect(fake.stats.syncs - before).toBeGreaterThan(3);
  });

  it('replaces its own sheet on re-run, with the workstream chosen', async () => {
    const fake = installFakeOffice(sampleInit);
    const commands = createCommands({ today });
    await commands.boardTimeline({ reportDate: sampleDate });
    const before = fake.workbook.sheet('Board timeline').shapes.length;
    const lane = exampleProgramme().tasks[0].workstream;
    const again = await commands.boardTimeline({ reportDate: sampleDate, workstreams: lane });
    const sheet = fake.workbook.sheet('Board timeline');
    expect(fake.workbook.sheetNames().filter((n) => n === 'Board timeline')).toHaveLength(1);
    expect(sheet.shapes.length).toBe(again.board!.pages);
    expect(sheet.shapes.length).toBeLessThanOrEqual(before);
    expect(sheet.shapes.map((s) => s.name)).toEqual(
      sheet.shapes.map((_, i) => `plan-sync board page ${i + 1}`),
    );
    const { text } = parsed(sheet.shapes.map((s) => s.svg!));
    const others = new Set(exampleProgramme().tasks.map((t) => t.workstream));
    others.delete(lane);
    expect(text).toContain(lane);
    for (const other of others) expect(text).not.toContain(other);
    // No heading of the earlier, longer board is left behind.
    const values = Object.values(sheet.cells()).map((c) => String(c.value));
    expect(values.filter((v) => v.startsWith('Board timeline: '))).toHaveLength(1);
    expect(values.filter((v) => /^Page \d+ of (\d+)$/.test(v)).length).toBe(
      again.board!.pages === 1 ? 0 : again.board!.pages,
    );
  });

  it('refuses a workstream the plan does not have, naming the closest', async () => {
    installFakeOffice(sampleInit);
    const lane = exampleProgramme().tasks[0].workstream;
    await expect(
      createCommands({ today }).boardTimeline({ workstreams: `${lane}x` }),
    ).rejects.toThrow(new RegExp(`is not a workstream of this plan; did you mean "${lane}"`));
  });

  it('refuses a sheet called Board timeline that the user made, and changes nothing', async () => {
    for (const own of [
      { name: 'Board timeline', cells: { A1: { value: 'My notes for the board' } } },
      // No values, but a picture of the user's.
      { name: 'Board timeline', shapes: [{ name: 'Logo', width: 80, height: 40 }] },
    ]) {
      const init = planInit(generatePlan(10, { seed: 3 }));
      init.sheets.push(own);
      const fake = installFakeOffice(init);
      await expect(
        createCommands({ today }).boardTimeline({ reportDate: '2020-11-13' }),
      ).rejects.toThrow(
        /^Sheet "Board timeline" is not one plan-sync made, .*Rename your sheet .*nothing was changed\.$/,
      );
      const sheet = fake.workbook.sheet('Board timeline');
      expect(sheet.shapes.map((s) => s.name)).toEqual(own.shapes ? ['Logo'] : []);
      expect(sheet.cells()).toEqual(own.cells ?? {});
      removeFakeOffice();
    }
  });

  it('says clearly when this Excel cannot insert pictures (ExcelApi 1.9)', async () => {
    const fake = installFakeOffice({ ...planInit(generatePlan(5)), apiVersion: '1.8' });
    const commands = createCommands({ today });
    expect(commands.capabilities().boardNeeds).toBe('ExcelApi 1.9');
    const err = await commands.boardTimeline().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedExcelError);
    expect((err as Error).message).toBe(
      'Board timeline (a picture in the workbook) needs ExcelApi 1.9, which this version of Excel does not have. Update Excel, or use Excel on the web.',
    );
    expect(fake.stats.syncs).toBe(0);
    expect(fake.workbook.sheetNames()).toEqual(['Plan']);
  });

  it('makes the slide deck the CLI makes, for download', async () => {
    installFakeOffice(sampleInit);
    const deck = await createCommands({ today }).boardDeck({ reportDate: sampleDate });
    expect(deck.fileName).toBe(
      `${exampleProgramme().programmeName} ${sampleDate}.pptx`.replace(/[\\/:*?"<>|]+/g, ' '),
    );
    const mine = join(dir, 'pane.pptx');
    writeFileSync(mine, deck.bytes);
    const theirs = join(dir, 'cli.pptx');
    expect((await cli(['export', sample, '-o', theirs, '--report-date', sampleDate])).code).toBe(0);
    const read = (file: string) =>
      JSON.parse(
        runPython(
          `
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
slides = sorted(n for n in z.namelist() if re.match(r'ppt/slides/slide\\d+\\.xml$', n))
xml = [z.read(n).decode() for n in slides]
print(json.dumps({'slides': len(slides), 'diamonds': sum(x.count('prst="diamond"') for x in xml), 'text': sorted(t for x in xml for t in re.findall(r'<a:t>([^<]*)</a:t>', x))}))
`,
          [file],
        ),
      ) as { slides: number; diamonds: number; text: string[] };
    const a = read(mine);
    expect(a).toEqual(read(theirs));
    expect(a.diamonds).toBeGreaterThan(0);
    expect(a.text).toContain(exampleProgramme().programmeName);
  });
});

describe('Build Gantt in the pane sets the board print setup', () => {
  it('on a plan sheet with no page setup: landscape, one page wide, titles and footer', async () => {
    const init = planInit(generatePlan(12, { seed: 5 }));
    init.sheets.push({
      name: 'Settings',
      cells: { A1: { value: 'Programme name' }, B1: { value: 'Shared services & HR' } },
    });
    const fake = installFakeOffice(init);
    const commands = createCommands({ today });
    await commands.buildGantt('month', { reportDate: '2020-11-13' });
    const plan = fake.workbook.sheet('Plan');
    expect(plan.pageLayout.orientation).toBe('Landscape');
    expect(plan.pageLayout.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    expect(plan.printTitles.rows).toBe('1:1');
    // ID and Task columns (A to C in the template's order) repeat on each page.
    expect(plan.printTitles.columns).toBe('A:C');
    expect(plan.headersFooters).toMatchObject({
      leftFooter: 'Shared services && HR',
      centerFooter: 'Page &P of &N',
      rightFooter: 'Report date 13 Nov 2020',
    });
    // Run again with another report date: plan-sync's own setup is replaced, not kept.
    await commands.buildGantt('month', { reportDate: '2020-12-11' });
    expect(plan.headersFooters.rightFooter).toBe('Report date 11 Dec 2020');
  });

  it('leaves a page setup the user made alone', async () => {
    const setups: NonNullable<FakeWorkbookInit['sheets'][number]['pageSetup']>[] = [
      { zoom: { scale: 80 } },
      { orientation: 'Landscape' },
      { printTitleRows: '1:1' },
      { headersFooters: { centerHeader: 'OFFICIAL' } },
      { printArea: 'A1:F10' },
    ];
    for (const pageSetup of setups) {
      const init = planInit(generatePlan(8, { seed: 9 }));
      init.sheets[0].pageSetup = pageSetup;
      const fake = installFakeOffice(init);
      const before = fake.workbook.sheet('Plan');
      const layout = before.pageLayout;
      const titles = before.printTitles;
      const hf = before.headersFooters;
      const result = await createCommands({ today }).buildGantt('month', {
        reportDate: '2020-11-13',
      });
      expect(result.summary).toMatch(/^Drew /);
      const after = fake.workbook.sheet('Plan');
      expect(after.pageLayout).toEqual(layout);
      expect(after.printTitles).toEqual(titles);
      expect(after.headersFooters).toEqual(hf);
      removeFakeOffice();
    }
  });
});
