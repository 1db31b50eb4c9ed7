/* eslint-disable @typescript-eslint/no-explicit-any */
import { describe, expect, it } from 'vitest';

import { bundleFakeOffice } from './bundle.js';
import { fidelityPath } from '../helpers/fidelity.js';
import { fakeInitFromXlsx } from './from-xlsx.js';
import { createFakeOffice, REQUEST_LIMIT, type FakeWorkbookInit } from './index.js';

function plan(): FakeWorkbookInit {
  return {
    sheets: [
      {
        name: 'Plan',
        cells: {
          A1: { value: 'ID' },
          B1: { value: 'Task' },
          A2: { value: 1 },
          B2: { value: 'Design', format: { fill: '#FF0000', bold: true } },
          C2: { value: 45295, numberFormat: 'd mmm yyyy' },
        },
        merges: ['L1:P2'],
        tables: [{ name: 'Tasks', range: 'A1:C2' }],
      },
      { name: 'Transition Plan', cells: {} },
      { name: 'Locked', protected: true, cells: { A1: { value: 'x' } } },
    ],
    names: [
      { name: 'Timeline', formula: '=Plan!$K$1:$V$7', comment: 'ours', visible: false },
      { name: 'Broken', formula: '=#REF!' },
    ],
  };
}

/** The `code` of what `fn` throws (or rejects with). */
async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `not an Office error: ${String(e)}`;
  }
  return undefined;
}

function setup(init: FakeWorkbookInit = plan()) {
  const fake = createFakeOffice(init);
  const Excel = fake.Excel as any;
  return { ...fake, Excel, run: (batch: (ctx: any) => Promise<unknown>) => Excel.run(batch) };
}

describe('proxy rules', () => {
  it('throws PropertyNotLoaded before load + sync, and delivers values after', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Plan').getRange('A1:B2');
      expect(await codeOf(() => range.values)).toBe('PropertyNotLoaded');
      range.load('values,address, rowIndex');
      expect(await codeOf(() => range.values)).toBe('PropertyNotLoaded');
      await ctx.sync();
      expect(range.values).toEqual([
        ['ID', 'Task'],
        [1, 'Design'],
      ]);
      expect(range.address).toBe('Plan!A1:B2');
      expect(range.rowIndex).toBe(0);
      expect(await codeOf(() => range.numberFormat)).toBe('PropertyNotLoaded');
      const sheets = ctx.workbook.worksheets;
      expect(await codeOf(() => sheets.items)).toBe('PropertyNotLoaded');
      sheets.load('items/name');
      await ctx.sync();
      expect(sheets.items.map((s: any) => s.name)).toEqual(['Plan', 'Transition Plan', 'Locked']);
      expect(await codeOf(() => sheets.items[0].position)).toBe('PropertyNotLoaded');
    });
  });

  it('applies writes at sync, in order; loads see the state at their place in the queue', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const a = sheet.getRange('D1');
      const before = sheet.getRange('D1').load('values');
      a.values = [['first']];
      a.values = [['second']];
      expect(a.values).toEqual([['second']]); // an assigned value reads back without a load
      const after = sheet.getRange('D1').load('values');
      expect(workbook.sheet('Plan').cell('D1')).toBeUndefined();
      await ctx.sync();
      expect(before.values).toEqual([['']]);
      expect(after.values).toEqual([['second']]);
      expect(workbook.sheet('Plan').cell('D1')).toEqual({ value: 'second' });
    });
  });

  it('counts round trips; an empty sync sends nothing; Excel.run sends what is left queued', async () => {
    const { run, stats, workbook } = setup();
    await run(async (ctx) => {
      await ctx.sync();
      expect(stats.syncs).toBe(0);
      expect(stats.emptySyncs).toBe(1);
      ctx.workbook.worksheets.getItem('Plan').load('name');
      await ctx.sync();
      expect(stats.syncs).toBe(1);
      ctx.workbook.worksheets.getItem('Plan').getRange('E5').values = [[7]];
    });
    expect(stats.syncs).toBe(2);
    expect(stats.requestBytes).toHaveLength(2);
    expect(stats.responseBytes).toHaveLength(2);
    expect(workbook.sheet('Plan').cell('E5')).toEqual({ value: 7 });
  });

  it('records request and response bytes, and rejects a request over 5 MB applying nothing', async () => {
    const { run, stats, workbook } = setup();
    const row = Array.from({ length: 100 }, (_, i) => `cell ${i}`);
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.getRange('A10:CV10').values = [row];
      await ctx.sync();
      expect(stats.requestBytes[0]).toBeGreaterThan(JSON.stringify(row).length);
      sheet.getRange('A10:CV10').load('values');
      await ctx.sync();
      expect(stats.responseBytes[1]).toBeGreaterThan(JSON.stringify(row).length);

      sheet.getRange('Z1').values = [['small write first']];
      const big = 'x'.repeat(REQUEST_LIMIT);
      sheet.getRange('Z2').values = [[big]];
      expect(await codeOf(() => ctx.sync())).toBe('RequestPayloadSizeLimitExceeded');
      expect(stats.requestBytes[2]).toBeGreaterThan(REQUEST_LIMIT);
    });
    expect(workbook.sheet('Plan').cell('Z1')).toBeUndefined();
    expect(workbook.sheet('Plan').cell('Z2')).toBeUndefined();
  });

  it('a failing action rejects the sync: earlier actions stay applied, later ones are not', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.getItem('Plan').getRange('G1').values = [['applied']];
      const missing = sheets.getItem('Nope');
      missing.getRange('A1').values = [['never']];
      sheets.getItem('Plan').getRange('G2').values = [['not applied']];
      const r = sheets.getItem('Plan').getRange('A1').load('values');
      expect(await codeOf(() => ctx.sync())).toBe('ItemNotFound');
      expect(await codeOf(() => r.values)).toBe('PropertyNotLoaded');
    });
    expect(workbook.sheet('Plan').cell('G1')?.value).toBe('applied');
    expect(workbook.sheet('Plan').cell('G2')).toBeUndefined();
  });

  it('finds sheets case-insensitively; ItemNotFound surfaces at sync', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('PLAN').load('name');
      await ctx.sync();
      expect(s.name).toBe('Plan');
      ctx.workbook.worksheets.getItem('Missing');
      expect(await codeOf(() => ctx.sync())).toBe('ItemNotFound');
    });
  });

  it('null objects: isNullObject known after sync, properties undefined, actions ignored', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets;
      const missing = ws.getItemOrNullObject('Missing');
      expect(await codeOf(() => missing.isNullObject)).toBe('PropertyNotLoaded');
      missing.load('name');
      missing.getRange('A1').values = [['ignored']];
      const used = missing.getUsedRangeOrNullObject().load('address');
      const emptyUsed = ws.getItem('Transition Plan').getUsedRangeOrNullObject().load('address');
      const planUsed = ws
        .getItem('Plan')
        .getUsedRangeOrNullObject()
        .load('address,rowIndex,columnIndex');
      const noMerge = ws
        .getItem('Plan')
        .getRange('A1:C3')
        .getMergedAreasOrNullObject()
        .load('address');
      const merge = planUsed.getMergedAreasOrNullObject().load('address');
      const name = ctx.workbook.names.getItemOrNullObject('Nope').load('formula');
      const plain = ws.getItemOrNullObject('plan'); // no load: isNullObject is still known after sync
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(missing.name).toBeUndefined();
      expect(used.isNullObject).toBe(true);
      expect(emptyUsed.isNullObject).toBe(true);
      expect(planUsed.isNullObject).toBe(false);
      expect(planUsed.address).toBe('Plan!A1:C2');
      expect(noMerge.isNullObject).toBe(true);
      expect(merge.isNullObject).toBe(true); // the used range A1:C2 does not reach L1:P2
      expect(name.isNullObject).toBe(true);
      expect(name.formula).toBeUndefined();
      expect(plain.isNullObject).toBe(false);
      const wide = ws
        .getItem('Plan')
        .getRange('A1:Z9')
        .getMergedAreasOrNullObject()
        .load('address');
      await ctx.sync();
      expect(wide.address).toBe('Plan!L1:P2');
    });
    expect(workbook.sheetNames()).toEqual(['Plan', 'Transition Plan', 'Locked']);
  });

  it('quotes sheet names in addresses when Excel does', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets
        .getItem('Transition Plan')
        .getRange('a1:c3')
        .load('address');
      await ctx.sync();
      expect(r.address).toBe("'Transition Plan'!A1:C3");
    });
  });

  it('throws ApiNotFound for members above the supported ExcelApi version', async () => {
    const { run, Office } = setup({ ...plan(), apiVersion: '1.10' });
    const req = (Office as any).context.requirements;
    expect(req.isSetSupported('ExcelApi', '1.9')).toBe(true);
    expect(req.isSetSupported('ExcelApi', '1.10')).toBe(true);
    expect(req.isSetSupported('ExcelApi', '1.13')).toBe(false);
    expect(req.isSetSupported('ExcelApiOnline', '1.1')).toBe(false);
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Plan').getRange('A1');
      expect(await codeOf(() => r.getMergedAreasOrNullObject())).toBe('ApiNotFound');
      expect(
        await codeOf(() => ctx.workbook.worksheets.getItem('Plan').getRanges('A1')),
      ).toBeUndefined();
    });
    expect(await (Office as any).onReady()).toEqual({ host: 'Excel', platform: 'OfficeOnline' });
  });
});

describe('values, formats and cells', () => {
  it('types values like Excel (en-US)', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Transition Plan');
      sheet.getRange('A1:J1').values = [
        ['1,563', "'=x", '=SUM(A1)', '-5', 'Green', true, '12%', '3/15/2024', "'0042", 2.5],
      ];
      sheet.getRange('A2:B2').values = [['-abc', '']];
      sheet.getRange('C2').numberFormat = [['@']];
      sheet.getRange('C2').values = [['007']];
      await ctx.sync();
      sheet.getRange('A1:B1').values = [[null, 'kept?']];
    });
    const s = workbook.sheet('Transition Plan');
    expect(s.cell('A1')).toEqual({ value: 1563, numberFormat: '#,##0' });
    expect(s.cell('B1')).toEqual({ value: 'kept?' });
    expect(s.cell('C1')).toEqual({ formula: '=SUM(A1)' });
    expect(s.cell('D1')).toEqual({ value: -5 });
    expect(s.cell('E1')).toEqual({ value: 'Green' });
    expect(s.cell('F1')).toEqual({ value: true });
    expect(s.cell('G1')).toEqual({ value: 0.12, numberFormat: '0%' });
    expect(s.cell('H1')).toEqual({ value: 45366, numberFormat: 'm/d/yyyy' });
    expect(s.cell('I1')).toEqual({ value: '0042', quotePrefix: true });
    expect(s.cell('J1')).toEqual({ value: 2.5 });
    expect(s.cell('A2')).toEqual({ formula: '=-abc' });
    expect(s.cell('B2')).toBeUndefined();
    expect(s.cell('C2')).toEqual({ value: '007', numberFormat: '@' });
  });

  it('keeps the quote prefix: "\'=x" is the text =x', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Plan').getRange('D4');
      r.values = [["'=x"]];
      const back = ctx.workbook.worksheets
        .getItem('Plan')
        .getRange('D4')
        .load('values,formulas,valueTypes,text');
      await ctx.sync();
      expect(back.values).toEqual([['=x']]);
      expect(back.valueTypes).toEqual([['String']]);
    });
    expect(workbook.sheet('Plan').cell('D4')).toEqual({ value: '=x', quotePrefix: true });
  });

  it('refuses arrays of the wrong size at sync', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Plan').getRange('A5:C5').values = [[1, 2]];
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
  });

  it('reads number formats and text', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets
        .getItem('Plan')
        .getRange('A2:C2')
        .load('numberFormat,text,values');
      await ctx.sync();
      expect(r.numberFormat).toEqual([['General', 'General', 'd mmm yyyy']]);
      expect(r.text).toEqual([['1', 'Design', '4 Jan 2024']]);
    });
  });

  it('applies formats to ranges and range areas; getRanges refuses addresses over 8,192 characters at sync', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const areas = sheet.getRanges('K4:M4,L5:N5');
      areas.format.fill.color = 'bfe0cc';
      areas.format.font.color = '#005A30';
      areas.format.font.bold = true;
      areas.format.horizontalAlignment = 'Center';
      areas.format.textOrientation = 90;
      areas.format.wrapText = true;
      const box = sheet.getRange('K7:L8').format.borders;
      const left = box.getItem('EdgeLeft');
      left.style = 'Continuous';
      left.weight = 'Medium';
      left.color = '#4C2C92';
      sheet.getRange('K1:M1').format.columnWidth = 30;
      areas.load('address');
      await ctx.sync();
      expect(areas.address).toBe('Plan!K4:M4, Plan!L5:N5');

      const long = Array.from({ length: 2000 }, (_, i) => `A${i + 1}`).join(',');
      expect(long.length).toBeGreaterThan(8192);
      const tooLong = sheet.getRanges(long); // no error yet
      tooLong.format.fill.color = '#000000';
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
    const s = workbook.sheet('Plan');
    expect(s.cell('K4')).toEqual({
      format: {
        fill: '#BFE0CC',
        fontColor: '#005A30',
        bold: true,
        horizontalAlignment: 'Center',
        textOrientation: 90,
        wrapText: true,
      },
    });
    expect(s.cell('N5')?.format?.fill).toBe('#BFE0CC');
    expect(s.cell('K5')).toBeUndefined();
    expect(s.cell('K7')?.format?.borders).toEqual({
      EdgeLeft: { style: 'Continuous', color: '#4C2C92', weight: 'Medium' },
    });
    expect(s.cell('K8')?.format?.borders?.EdgeLeft?.weight).toBe('Medium');
    expect(s.cell('L7')).toBeUndefined();
    expect([s.columnWidth('K'), s.columnWidth(12), s.columnWidth('M'), s.columnWidth('N')]).toEqual(
      [30, 30, 30, undefined],
    );
    expect(s.cell('A1')).toEqual({ value: 'ID' });
  });

  it('clear(All) removes values, formats and merges; Contents keeps formats; used range counts formats', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.getRange('B2').clear('Contents');
      sheet.getRange('C2').clear();
      sheet.getRange('K1:Q3').clear('All');
      sheet.getRange('T20').format.fill.color = '#FFF2A8';
      const used = sheet.getUsedRangeOrNullObject().load('address');
      const valuesOnly = sheet.getUsedRangeOrNullObject(true).load('address');
      await ctx.sync();
      expect(used.address).toBe('Plan!A1:T20');
      expect(valuesOnly.address).toBe('Plan!A1:B2');
    });
    const s = workbook.sheet('Plan');
    expect(s.cell('B2')).toEqual({ format: { fill: '#FF0000', bold: true } });
    expect(s.cell('C2')).toBeUndefined();
    expect(s.merges).toEqual([]);
  });

  it('getCellProperties reports fills (#FFFFFF for none) after sync; setCellProperties writes them', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Plan').getRange('B1:B2');
      const props = r.getCellProperties({
        format: { fill: { color: true }, font: { color: true, bold: true } },
      });
      expect(await codeOf(() => props.value)).toBe('PropertyNotLoaded');
      await ctx.sync();
      expect(props.value).toEqual([
        [{ format: { fill: { color: '#FFFFFF' }, font: { color: '#000000', bold: false } } }],
        [{ format: { fill: { color: '#FF0000' }, font: { color: '#000000', bold: true } } }],
      ]);
      r.setCellProperties([
        [
          {
            format: {
              fill: { color: '#BFE0CC' },
              font: { color: '#005A30' },
              borders: { bottom: { style: 'Continuous', color: '#000000', weight: 'Thin' } },
            },
          },
        ],
        [{ format: { fill: { pattern: 'None' } } }],
      ]);
    });
    const s = workbook.sheet('Plan');
    expect(s.cell('B1')?.format).toEqual({
      fill: '#BFE0CC',
      fontColor: '#005A30',
      borders: { EdgeBottom: { style: 'Continuous', color: '#000000', weight: 'Thin' } },
    });
    expect(s.cell('B2')?.format).toEqual({ bold: true });
  });

  it('sets fill patterns as Excel does: ExcelApi 1.9, FillPattern names, no gradients', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem('Plan').getRanges('D1:D2,F4');
      r.format.fill.color = '#FFF7D1';
      r.format.fill.pattern = 'LightUp';
      r.format.fill.patternColor = '#F0C419';
      const fill = ctx.workbook.worksheets.getItem('Plan').getRange('D1').format.fill;
      fill.load('color,pattern,patternColor');
      const props = ctx.workbook.worksheets
        .getItem('Plan')
        .getRange('F4')
        .getCellProperties({
          format: { fill: { color: true, pattern: true, patternColor: true } },
        });
      await ctx.sync();
      expect([fill.color, fill.pattern, fill.patternColor]).toEqual([
        '#FFF7D1',
        'LightUp',
        '#F0C419',
      ]);
      expect(props.value[0][0].format.fill).toEqual({
        color: '#FFF7D1',
        pattern: 'LightUp',
        patternColor: '#F0C419',
      });
      for (const bad of ['lightUp', 'Hatched', 'LinearGradient']) {
        r.format.fill.pattern = bad;
        expect(await codeOf(() => ctx.sync()), bad).toBe('InvalidArgument');
      }
      r.format.fill.patternColor = 'not a colour';
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      // A solid fill reads back as Solid; clear() removes the pattern with the fill.
      const solid = ctx.workbook.worksheets.getItem('Plan').getRange('B2').format.fill;
      solid.load('pattern');
      ctx.workbook.worksheets.getItem('Plan').getRange('F4').format.fill.clear();
      await ctx.sync();
      expect(solid.pattern).toBe('Solid');
    });
    expect(workbook.sheet('Plan').cell('D2')?.format).toEqual({
      fill: '#FFF7D1',
      pattern: 'LightUp',
      patternColor: '#F0C419',
    });
    expect(workbook.sheet('Plan').cell('F4')).toBeUndefined();
    const old = setup({ ...plan(), apiVersion: '1.8' });
    await old.run(async (ctx) => {
      const f = ctx.workbook.worksheets.getItem('Plan').getRange('D1').format.fill;
      expect(await codeOf(() => (f.pattern = 'LightUp'))).toBe('ApiNotFound');
      expect(await codeOf(() => (f.patternColor = '#F0C419'))).toBe('ApiNotFound');
    });
  });

  it('sets row heights in points (ExcelApi 1.2, 0 to 409), reading null when rows differ', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.getRange('3:4').format.rowHeight = 45;
      const both = sheet.getRange('A3:A4').format;
      const mixed = sheet.getRange('A2:A3').format;
      both.load('rowHeight');
      mixed.load('rowHeight');
      await ctx.sync();
      expect(both.rowHeight).toBe(45);
      expect(mixed.rowHeight).toBeNull();
      sheet.getRange('5:5').format.rowHeight = 410;
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
    expect([2, 3, 4, 5].map((r) => workbook.sheet('Plan').rowHeight(r))).toEqual([
      undefined,
      45,
      45,
      undefined,
    ]);
    const old = setup({ ...plan(), apiVersion: '1.1' });
    await old.run(async (ctx) => {
      const f = ctx.workbook.worksheets.getItem('Plan').getRange('3:3').format;
      expect(await codeOf(() => (f.rowHeight = 30))).toBe('ApiNotFound');
    });
  });

  it('refuses writes to a protected sheet', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Locked');
      sheet.protection.load('protected');
      await ctx.sync();
      expect(sheet.protection.protected).toBe(true);
      sheet.getRange('A1').values = [['y']];
      expect(await codeOf(() => ctx.sync())).toBe('AccessDenied');
    });
  });
});

describe('workbook objects', () => {
  it('loads names with their type; adds (hidden) and deletes names', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const names = ctx.workbook.names;
      names.load('items/name,items/formula,items/comment,items/visible,items/type');
      await ctx.sync();
      expect(
        names.items.map((n: any) => [n.name, n.formula, n.comment, n.visible, n.type]),
      ).toEqual([
        ['Timeline', '=Plan!$K$1:$V$7', 'ours', false, 'Range'],
        ['Broken', '=#REF!', '', true, 'Error'],
      ]);
      names.getItem('Timeline').delete();
      const item = names.add('Timeline', '=Plan!$K$1:$Z$9', 'again');
      item.visible = false;
      names.add('Header', ctx.workbook.worksheets.getItem('Plan').getRange('A1:B1'));
      await ctx.sync();
      names.add('header', '=Plan!$A$1');
      expect(await codeOf(() => ctx.sync())).toBe('ItemAlreadyExists');
      names.getItem('Broken').visible = false;
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      names.getItem('Nope').delete();
      expect(await codeOf(() => ctx.sync())).toBe('ItemNotFound');
    });
    expect(workbook.names()).toEqual([
      { name: 'Broken', formula: '=#REF!', comment: '', visible: true },
      { name: 'Timeline', formula: '=Plan!$K$1:$Z$9', comment: 'again', visible: false },
      { name: 'Header', formula: '=Plan!$A$1:$B$1', comment: '', visible: true },
    ]);
  });

  it('adds worksheets at the end, refuses duplicate names at sync, moves them by position', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets;
      const added = ws.add('Budget');
      added.position = 1;
      added.getRange('A1').values = [['Budget']];
      added.getRange('A1').format.columnWidth = 99;
      added.activate();
      await ctx.sync();
      ws.add('PLAN');
      expect(await codeOf(() => ctx.sync())).toBe('ItemAlreadyExists');
      ws.load('items/name,items/position');
      await ctx.sync();
      expect(ws.items.map((s: any) => `${s.position}:${s.name}`)).toEqual([
        '0:Plan',
        '1:Budget',
        '2:Transition Plan',
        '3:Locked',
      ]);
    });
    expect(workbook.sheetNames()).toEqual(['Plan', 'Budget', 'Transition Plan', 'Locked']);
    expect(workbook.sheet('Budget').cell('A1')).toEqual({ value: 'Budget' });
    expect(workbook.sheet('Budget').columnWidth('A')).toBe(99);
    expect(workbook.activeSheet()).toBe('Budget');
  });

  it('loads tables with their worksheet names and ranges', async () => {
    const { run } = setup();
    await run(async (ctx) => {
      const tables = ctx.workbook.tables;
      tables.load('items/name,items/worksheet/name');
      await ctx.sync();
      expect(tables.items.map((t: any) => [t.name, t.worksheet.name])).toEqual([['Tasks', 'Plan']]);
      const r = tables.items[0].getRange().load('address');
      await ctx.sync();
      expect(r.address).toBe('Plan!A1:C2');
    });
  });

  it('freezes panes and reports their location', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const none = sheet.freezePanes.getLocationOrNullObject().load('address');
      await ctx.sync();
      expect(none.isNullObject).toBe(true);
      sheet.freezePanes.freezeAt(sheet.getRange('A1:C3'));
      const loc = sheet.freezePanes.getLocationOrNullObject().load('address');
      await ctx.sync();
      expect(loc.isNullObject).toBe(false);
      expect(loc.address).toBe('Plan!A1:C3');
      sheet.freezePanes.freezeRows(2);
    });
    expect(workbook.sheet('Plan').freeze).toBe('1:2');
  });

  it('runs a batch on an existing context (Excel.run(context, batch))', async () => {
    const { Excel, stats } = setup();
    let saved: any;
    await Excel.run(async (ctx: any) => {
      saved = ctx;
      await ctx.sync();
    });
    await Excel.run(saved, async (ctx: any) => {
      expect(ctx).toBe(saved);
      ctx.workbook.worksheets.getItem('Plan').load('name');
      await ctx.sync();
    });
    expect(stats.syncs).toBe(1);
    expect(await codeOf(() => Excel.run(() => 5))).toBe('RunMustReturnPromise');
  });
});

describe('onChanged', () => {
  async function listen(fake: ReturnType<typeof setup>, sheet = 'Plan') {
    const events: any[] = [];
    let registration: any;
    await fake.run(async (ctx) => {
      registration = ctx.workbook.worksheets.getItem(sheet).onChanged.add(async (e: any) => {
        events.push(e);
      });
      await ctx.sync();
    });
    return { events, registration };
  }

  it('calls handlers for user edits (details only when given)', async () => {
    const fake = setup();
    const { events } = await listen(fake);
    await fake.workbook.fireChange('Plan', 'D5', {
      details: { valueAfter: 'Red', valueBefore: 'Green' },
    });
    await fake.workbook.fireChange('plan', 'A1:C9');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      address: 'D5',
      changeType: 'RangeEdited',
      source: 'Local',
      triggerSource: 'Unknown',
      type: 'WorksheetChanged',
      details: { valueAfter: 'Red', valueBefore: 'Green' },
    });
    expect(typeof events[0].worksheetId).toBe('string');
    expect(events[1].details).toBeUndefined();
    await fake.workbook.fireChange('Transition Plan', 'A1');
    expect(events).toHaveLength(2);
  });

  it('fires after the sync for add-in writes, with triggerSource ThisLocalAddin', async () => {
    const fake = setup();
    const { events } = await listen(fake);
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.getRange('F2').values = [['Amber']];
      sheet.getRange('K3:O3').values = [[1, 2, 3, 4, 5]];
      sheet.getRange('K9').format.fill.color = '#FF0000'; // formats do not fire onChanged
      await ctx.sync();
      expect(events).toHaveLength(0); // asynchronous, after the sync
    });
    await fake.workbook.settle();
    expect(events.map((e) => [e.address, e.triggerSource])).toEqual([
      ['F2', 'ThisLocalAddin'],
      ['K3:O3', 'ThisLocalAddin'],
    ]);
    expect(events[0].details).toEqual({
      valueBefore: '',
      valueAfter: 'Amber',
      valueTypeBefore: 'Empty',
      valueTypeAfter: 'String',
    });
    expect(events[1].details).toBeUndefined();
  });

  it('fires nothing while runtime.enableEvents is false, and stops after remove()', async () => {
    const fake = setup();
    const { events, registration } = await listen(fake);
    await fake.run(async (ctx) => {
      ctx.runtime.enableEvents = false;
      ctx.workbook.worksheets.getItem('Plan').getRange('F2').values = [['Red']];
      await ctx.sync();
    });
    await fake.workbook.fireChange('Plan', 'F2');
    await fake.workbook.settle();
    expect(events).toHaveLength(0);
    await fake.run(async (ctx) => {
      ctx.runtime.enableEvents = true;
      await ctx.sync();
    });
    await fake.workbook.fireChange('Plan', 'F2');
    expect(events).toHaveLength(1);
    await fake.Excel.run(registration.context, async (ctx: any) => {
      registration.remove();
      await ctx.sync();
    });
    await fake.workbook.fireChange('Plan', 'F2');
    expect(events).toHaveLength(1);
  });
});

describe('as strict as real Excel', () => {
  const at = (init: Partial<FakeWorkbookInit>) => setup({ ...plan(), ...init });

  it('takes multi-area addresses only with its list separator: ; on German desktop, , on the web', async () => {
    const german = at({ platform: 'PC', locale: 'de-DE' });
    await german.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.getRanges('K4;L5').load('areaCount');
      await ctx.sync();
      sheet.getRanges('K4,L5').load('areaCount');
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
    const web = at({ platform: 'OfficeOnline', locale: 'de-DE' });
    await web.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const areas = sheet.getRanges('K4,L5');
      areas.load('areaCount');
      await ctx.sync();
      expect(areas.areaCount).toBe(2);
      sheet.getRanges('K4;L5').load('areaCount');
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
    // German culture on desktop (ExcelApi 1.11): the decimal separator gives the list separator away.
    await german.run(async (ctx) => {
      const culture = ctx.workbook.application.cultureInfo;
      culture.load('name');
      culture.numberFormat.load('numberDecimalSeparator');
      await ctx.sync();
      expect([culture.name, culture.numberFormat.numberDecimalSeparator]).toEqual(['de-de', ',']);
    });
    expect((german.Office as any).context.platform).toBe('PC');
  });

  it('refuses an address with more areas than it takes, though far under 8,192 characters', async () => {
    const fake = at({ maxAreas: 50 });
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const fifty = Array.from({ length: 50 }, (_, i) => `K${i + 1}`).join(',');
      sheet.getRanges(fifty).format.fill.color = '#FF0000';
      await ctx.sync();
      sheet.getRanges(`${fifty},K60`).format.fill.color = '#00FF00';
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
    expect(fake.workbook.sheet('Plan').cell('K50')?.format?.fill).toBe('#FF0000');
  });

  it('counts an envelope for every call and result', async () => {
    const plain = at({ envelope: 0 });
    const wrapped = at({ envelope: 200 });
    for (const fake of [plain, wrapped]) {
      await fake.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem('Plan');
        sheet.getRange('A1:B2').load('values');
        sheet.getRange('E5').values = [[1]];
        await ctx.sync();
      });
    }
    // 7 calls: workbook, worksheets, getItem, getRange, load, getRange, set values; 1 result.
    expect(wrapped.stats.requestBytes[0] - plain.stats.requestBytes[0]).toBe(7 * 200);
    expect(wrapped.stats.responseBytes[0] - plain.stats.responseBytes[0]).toBe(200);
  });

  it('fails an oversized read with GeneralException on the web (or the code it is given)', async () => {
    for (const [code, init] of [
      ['GeneralException', {}],
      [
        'ResponsePayloadSizeLimitExceeded',
        { oversizedReadCode: 'ResponsePayloadSizeLimitExceeded' },
      ],
    ] as const) {
      const fake = at({ payloadLimit: 2000, ...init });
      await fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Plan').getRange('A1:Z200').load('values');
        expect(await codeOf(() => ctx.sync())).toBe(code);
      });
    }
  });

  it('returns values as null past the cells it reads at once', async () => {
    const fake = at({ maxReadCells: 100 });
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const small = sheet.getRange('A1:J10').load('values');
      const big = sheet.getRange('A1:J11').load('values');
      await ctx.sync();
      expect(small.values).toHaveLength(10);
      expect(big.values).toBeNull();
    });
  });

  it("tells a co-author's edit (source Remote) from this user's", async () => {
    const fake = setup();
    const events: any[] = [];
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Plan').onChanged.add(async (e: any) => {
        events.push(e);
      });
      await ctx.sync();
    });
    await fake.workbook.fireChange('Plan', 'B2', { source: 'Remote' });
    await fake.workbook.fireChange('Plan', 'B3');
    expect(events.map((e) => [e.address, e.source])).toEqual([
      ['B2', 'Remote'],
      ['B3', 'Local'],
    ]);
  });

  it('finds constants and formulas as areas, without the empty cells between them', async () => {
    const fake = setup({
      sheets: [
        {
          name: 'Plan',
          cells: {
            K1: { value: 1 },
            L1: { value: 2 },
            K2: { value: 3 },
            L2: { value: 4 },
            P9: { value: '◆' },
            Q9: { formula: '=1+1', value: 2 },
          },
        },
      ],
    });
    await fake.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem('Plan').getRange('K1:Z100');
      const constants = range.getSpecialCellsOrNullObject('Constants');
      constants.areas.load('items/address,items/values');
      const formulas = range.getSpecialCellsOrNullObject('Formulas');
      formulas.areas.load('items/address,items/values');
      const none = ctx.workbook.worksheets
        .getItem('Plan')
        .getRange('A1:B2')
        .getSpecialCellsOrNullObject('Constants');
      await ctx.sync();
      expect(constants.areas.items.map((r: any) => [r.address, r.values])).toEqual([
        [
          'Plan!K1:L2',
          [
            [1, 2],
            [3, 4],
          ],
        ],
        ['Plan!P9', [['◆']]],
      ]);
      expect(formulas.areas.items.map((r: any) => r.address)).toEqual(['Plan!Q9']);
      expect(none.isNullObject).toBe(true);
    });
  });

  it('sets data validation (ExcelApi 1.8) and resets a cell to its style (ExcelApi 1.7)', async () => {
    const fake = setup();
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      const dv = sheet.getRange('H2:H1000').dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: 'Red,Amber,Green' } };
      dv.errorAlert = { showAlert: true, style: 'Warning', title: 'RAG', message: 'Use a status.' };
      sheet.getRange('B2').style = 'Normal';
      await ctx.sync();
      sheet.getRange('H2').dataValidation.rule = { list: {} } as any;
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
    expect(fake.workbook.validations('Plan')).toEqual([
      {
        range: 'H2:H1000',
        rule: { list: { inCellDropDown: true, source: 'Red,Amber,Green' } },
        errorAlert: { showAlert: true, style: 'Warning', title: 'RAG', message: 'Use a status.' },
      },
    ]);
    // The style took the fill and the bold away; the value stays.
    expect(fake.workbook.sheet('Plan').cell('B2')).toEqual({ value: 'Design' });
  });

  it('fails the request it is told to, part-way, keeping what came before', async () => {
    const fake = setup();
    fake.workbook.failRequest(1, 1, 'GeneralException', true);
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.getRange('A1').load('values'); // a read: not counted as a writing request
      await ctx.sync();
      sheet.getRange('E1').values = [['first']];
      sheet.getRange('E2').values = [['second']];
      expect(await codeOf(() => ctx.sync())).toBe('GeneralException');
    });
    // getItem and getRange E1 were applied: the set of E1 was the failing (second) action.
    expect(fake.workbook.sheet('Plan').cell('E1')).toBeUndefined();
    expect(fake.workbook.sheet('Plan').cell('E2')).toBeUndefined();
  });
});

describe('fakeInitFromXlsx', () => {
  it('reads the fidelity workbook xw_full.xlsx', () => {
    const init = fakeInitFromXlsx(fidelityPath('xw_full.xlsx'));
    expect(init.sheets.map((s) => s.name)).toEqual(['Plan', 'Lists', 'Finance', 'Charts']); // no chart sheet
    const planSheet = init.sheets[0];
    expect(planSheet.cells!.A1.value).toBe('ID');
    expect(planSheet.cells!.A1.format?.fill).toMatch(/^#[0-9A-F]{6}$/);
    expect(planSheet.cells!.A1.format?.bold).toBe(true);
    const d2 = planSheet.cells!.D2;
    expect(typeof d2.value).toBe('number');
    expect(d2.value).toBe(45295); // 4 Jan 2024
    expect(d2.numberFormat).toMatch(/[dmy]/);
    expect(planSheet.merges).toContain('L1:P2');
    expect(planSheet.freeze).toBe('A1:B1');
    expect(init.sheets[1].visibility).toBe('Hidden');
    expect(init.sheets[2].protected).toBe(true);
    expect(init.sheets[2].tables).toEqual([{ name: 'FinanceTbl', range: 'A1:F11' }]);
    const names = Object.fromEntries((init.names ?? []).map((n) => [n.name, n.formula]));
    expect(names.RagList).toBe('=Lists!$A$1:$A$3');
    expect(names.BudgetTotal).toBe('=SUM(Plan!$G$2:$G$41)');
    expect(names.LocalName).toBeUndefined(); // sheet-scoped: not in workbook.names

    // And the fake loads it.
    const fake = createFakeOffice(init);
    expect(fake.workbook.sheet('Plan').cell('D2')).toMatchObject({ value: 45295 });
  });
});

describe('bundleFakeOffice', () => {
  it('builds a browser script that installs Office and Excel on window', async () => {
    const code = await bundleFakeOffice();
    const stubWindow: Record<string, any> = { __FAKE_WORKBOOK__: plan() };
    new Function('window', code)(stubWindow);
    expect(typeof stubWindow.Office.onReady).toBe('function');
    expect(typeof stubWindow.Excel.run).toBe('function');
    expect(stubWindow.__fake.workbook.sheetNames()).toEqual(['Plan', 'Transition Plan', 'Locked']);
    const name = await stubWindow.Excel.run(async (ctx: any) => {
      const s = ctx.workbook.worksheets.getItem('Plan').load('name');
      await ctx.sync();
      return s.name;
    });
    expect(name).toBe('Plan');
    expect(stubWindow.__fake.stats.syncs).toBe(1);
  });
});

describe('page layout and grid lines (ExcelApi 1.8, 1.9)', () => {
  it('sets orientation, paper size and fit-to-pages at sync, refusing values Excel refuses', async () => {
    const { run, workbook } = setup();
    await run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem('Plan');
      sheet.pageLayout.orientation = 'Landscape';
      sheet.pageLayout.paperSize = 'A4';
      sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      sheet.showGridlines = false;
      expect(workbook.sheet('Plan').pageLayout.orientation).toBe('Portrait');
      await ctx.sync();
      expect(workbook.sheet('Plan').pageLayout).toEqual({
        orientation: 'Landscape',
        paperSize: 'A4',
        zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      });
      expect(workbook.sheet('Plan').showGridlines).toBe(false);
      sheet.pageLayout.orientation = 'Sideways';
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
      sheet.pageLayout.zoom = { scale: 80, horizontalFitToPages: 1 };
      expect(await codeOf(() => ctx.sync())).toBe('InvalidArgument');
    });
  });
});
