/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The fake's shapes (ExcelApi 1.9) and the rest of pageLayout (print titles, print area, headers
 * and footers): values Excel takes are kept, those it refuses fail the sync with its error code,
 * and nothing of it exists below ExcelApi 1.9.
 */
import { describe, expect, it } from 'vitest';
import { createFakeOffice, type FakeWorkbookInit } from './index.js';
import { svgProblem } from './shapes.js';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><title>A &amp; B</title><rect x="1" y="1" width="10" height="10"/></svg>';

function init(apiVersion = '1.14'): FakeWorkbookInit {
  return {
    apiVersion,
    sheets: [
      { name: 'Plan', cells: { A1: { value: 'ID' } } },
      {
        name: 'Other',
        cells: {},
        shapes: [{ name: 'Logo', left: 5, top: 6, width: 70, height: 30 }],
      },
    ],
  };
}

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `not an Office error: ${String(e)}`;
  }
  return undefined;
}

function setup(apiVersion?: string) {
  const fake = createFakeOffice(init(apiVersion));
  const Excel = fake.Excel as any;
  return { ...fake, run: (batch: (ctx: any) => Promise<unknown>) => Excel.run(batch) };
}

describe('svgProblem: what Excel would refuse as not an SVG', () => {
  it.each([
    ['', 'no SVG text'],
    ['not svg at all', 'no XML element'],
    ['<svg xmlns="http://www.w3.org/2000/svg"/> and more', 'text that is not well-formed XML'],
    ['<svg><rect/></svg>', 'no SVG namespace on <svg>'],
    ['<html xmlns="http://www.w3.org/1999/xhtml"/>', 'a root element <html>, not <svg>'],
    ['<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', 'a closing </svg> that does not match'],
    ['<svg xmlns="http://www.w3.org/2000/svg"><g>', 'an unclosed <g>'],
    [
      '<svg xmlns="http://www.w3.org/2000/svg"><text>A & B</text></svg>',
      'text that is not well-formed XML',
    ],
    [
      '<svg xmlns="http://www.w3.org/2000/svg"><rect x=1/></svg>',
      'text that is not well-formed XML',
    ],
    [
      '<svg xmlns="http://www.w3.org/2000/svg"/><svg xmlns="http://www.w3.org/2000/svg"/>',
      'more than one root element',
    ],
  ])('%j: %s', (xml, problem) => {
    expect(svgProblem(xml)).toBe(problem);
  });

  it('takes a well-formed SVG document, with an XML declaration and comments', () => {
    expect(svgProblem(SVG)).toBeNull();
    expect(
      svgProblem(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- board -->\n${SVG}\n`),
    ).toBeNull();
  });
});

describe('shapes (ExcelApi 1.9)', () => {
  it('adds an SVG picture, names, moves and sizes it, counts and deletes', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const shapes = ctx.workbook.worksheets.getItem('Plan').shapes;
      const pic = shapes.addSvg(SVG);
      pic.name = 'Board page 1';
      pic.left = 6;
      pic.top = 45;
      pic.width = 960;
      pic.height = 540;
      // Nothing reaches the workbook before the sync.
      expect(workbook.sheet('Plan').shapes).toEqual([]);
      const count = shapes.getCount();
      await ctx.sync();
      expect(count.value).toBe(1);
      expect(workbook.sheet('Plan').shapes).toMatchObject([
        {
          name: 'Board page 1',
          type: 'Image',
          left: 6,
          top: 45,
          width: 960,
          height: 540,
          svg: SVG,
        },
      ]);
      shapes.load('items/name,items/width');
      pic.load('id');
      await ctx.sync();
      expect(shapes.items.map((s: any) => [s.name, s.width])).toEqual([['Board page 1', 960]]);
      shapes.getItem(pic.id).delete();
      await ctx.sync();
      expect(workbook.sheet('Plan').shapes).toEqual([]);
    });
  });

  it('sizes a picture as its SVG says (CSS pixels to points) until told otherwise', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Plan').shapes.addSvg(SVG);
      await ctx.sync();
    });
    expect(workbook.sheet('Plan').shapes[0]).toMatchObject({ width: 300, height: 150 });
  });

  it('refuses what Excel refuses: text that is not SVG, sizes of 0, a shape that is not there', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const shapes = ctx.workbook.worksheets.getItem('Plan').shapes;
      shapes.addSvg('Board timeline');
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      shapes.addSvg('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>');
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      expect(workbook.sheet('Plan').shapes).toEqual([]);
      const pic = shapes.addSvg(SVG);
      await ctx.sync();
      pic.width = 0;
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      pic.left = -1;
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      shapes.getItem('Nothing').delete();
      expect(await codeOf(() => ctx.sync())).toBe('ItemNotFound');
      expect(workbook.sheet('Plan').shapes).toHaveLength(1);
    });
  });

  it('lists the shapes a sheet starts with, by name or id', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const shapes = ctx.workbook.worksheets.getItem('Other').shapes;
      const logo = shapes.getItem('Logo');
      logo.load('name,left,top,width,height');
      await ctx.sync();
      expect([logo.name, logo.left, logo.top, logo.width, logo.height]).toEqual([
        'Logo',
        5,
        6,
        70,
        30,
      ]);
    });
  });

  it('does not exist below ExcelApi 1.9 (ApiNotFound, thrown at once)', async () => {
    const { run } = setup('1.8');
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      expect(await codeOf(() => sheet.shapes)).toBe('ApiNotFound');
      expect(await codeOf(() => sheet.pageLayout)).toBe('ApiNotFound');
    });
  });
});

describe('pageLayout: print titles, print area, headers and footers (ExcelApi 1.9)', () => {
  it('sets print titles as whole rows and columns, and reads them back', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const layout = ctx.workbook.worksheets.getItem('Plan').pageLayout;
      const none = layout.getPrintTitleRowsOrNullObject();
      const area = layout.getPrintAreaOrNullObject();
      await ctx.sync();
      expect(none.isNullObject).toBe(true);
      expect(area.isNullObject).toBe(true);
      layout.getPrintTitleRows();
      expect(await codeOf(() => ctx.sync())).toBe('ItemNotFound');
      layout.setPrintTitleRows('$1:$3');
      layout.setPrintTitleColumns('$A:$C');
      const rows = layout.getPrintTitleRowsOrNullObject();
      rows.load('address');
      await ctx.sync();
      expect(rows.isNullObject).toBe(false);
      expect(rows.address).toBe('Plan!1:3');
      expect(workbook.sheet('Plan').printTitles).toEqual({
        rows: '1:3',
        columns: 'A:C',
        area: null,
      });
      // Not whole rows or columns: Excel says the range must span them.
      layout.setPrintTitleRows('A1:C3');
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      layout.setPrintTitleColumns('A1:A5');
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      expect(workbook.sheet('Plan').printTitles.rows).toBe('1:3');
    });
  });

  it('sets the footer for all pages, refusing one longer than 255 characters', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const hf =
        ctx.workbook.worksheets.getItem('Plan').pageLayout.headersFooters.defaultForAllPages;
      hf.leftFooter = 'Shared services && HR';
      hf.centerFooter = 'Page &P of &N';
      hf.rightFooter = 'Report date 13 Nov 2020';
      await ctx.sync();
      expect(workbook.sheet('Plan').headersFooters).toMatchObject({
        leftFooter: 'Shared services && HR',
        centerFooter: 'Page &P of &N',
        rightFooter: 'Report date 13 Nov 2020',
        centerHeader: '',
      });
      hf.load('leftFooter,centerHeader');
      await ctx.sync();
      expect([hf.leftFooter, hf.centerHeader]).toEqual(['Shared services && HR', '']);
      hf.leftFooter = 'x'.repeat(220);
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      expect(workbook.sheet('Plan').headersFooters.leftFooter).toBe('Shared services && HR');
    });
  });

  it('refuses a print scale outside 10 to 400 per cent', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const layout = ctx.workbook.worksheets.getItem('Plan').pageLayout;
      layout.zoom = { scale: 5 };
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      layout.zoom = { scale: 75 };
      await ctx.sync();
    });
  });
});
