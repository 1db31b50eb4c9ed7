/**
 * What real Excel does that a lenient host would hide (issue 8): desktop Excel in German wants
 * `;` between areas, Excel refuses addresses with many areas, oversized reads fail (as
 * GeneralException on the web) or come back null, a request can fail part-way, old hosts lack
 * merged areas, co-authors' edits reach every open copy, and Excel's errors need words a user
 * can act on. The fake Excel host models each; the add-in must get the same result everywhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dayFromYMD } from '../../core/dates.js';
import { generatePlan } from '../../core/template.js';
import { createCommands } from '../../addin/commands.js';
import {
  ExcelFailure,
  UnsupportedExcelError,
  type CommandResult,
  type PlanCommands,
} from '../../addin/commands-api.js';
import {
  installFakeOffice,
  removeFakeOffice,
  type FakeCell,
  type FakeOffice,
  type FakeWorkbookInit,
} from '../fake-excel/index.js';
import { planInit } from '../helpers/plan-init.js';
import { TABLE_3 } from '../core/budget/seed-tables.js';

afterEach(removeFakeOffice);

const today = dayFromYMD(2025, 10, 1)!;
const base = planInit(generatePlan(300, { seed: 3 }));

type Step = (c: PlanCommands) => Promise<unknown>;
const STEPS: Step[] = [
  (c) => c.colourRag(),
  (c) => c.buildGantt('month'),
  (c) => c.importBudget({ name: 'table3.csv', bytes: new TextEncoder().encode(TABLE_3) }),
  (c) => c.newPlan(),
];

/** Every sheet's cells after `steps`, and the round trips each step took. */
async function outcome(
  init: FakeWorkbookInit,
  steps: Step[] = STEPS,
  options: Parameters<typeof createCommands>[0] = {},
): Promise<{
  sheets: Record<string, Record<string, FakeCell>>;
  trips: number[];
  fake: FakeOffice;
}> {
  const fake = installFakeOffice(init);
  const commands = createCommands({ today, ...options });
  const trips: number[] = [];
  for (const step of steps) {
    const before = fake.stats.syncs;
    await step(commands);
    trips.push(fake.stats.syncs - before);
  }
  await fake.workbook.settle();
  const sheets: Record<string, Record<string, FakeCell>> = {};
  for (const name of fake.workbook.sheetNames()) {
    const cells = fake.workbook.sheet(name).cells();
    // The import time differs between runs; everything else must not.
    for (const c of Object.values(cells))
      if (typeof c.value === 'string' && c.value.startsWith('Imported by plan-sync')) c.value = '';
    sheets[name] = cells;
  }
  removeFakeOffice();
  return { sheets, trips, fake };
}

let reference: Awaited<ReturnType<typeof outcome>> | undefined;
async function onTheWeb() {
  reference ??= await outcome({ ...base, platform: 'OfficeOnline' });
  return reference;
}

describe('locales whose list separator is ;', () => {
  it('German desktop Excel: colours, draws, imports and adds the template as everywhere else', async () => {
    const german = await outcome({ ...base, platform: 'PC', locale: 'de-DE' });
    expect(german.sheets).toEqual((await onTheWeb()).sheets);
    expect(german.trips.every((t) => t <= 3)).toBe(true);
    expect(Object.keys(german.sheets)).toEqual([
      'Plan',
      'Budget',
      'Workstreams',
      'Settings',
      'RAG key',
    ]);
  });

  it('a Czech desktop at ExcelApi 1.9 (no CultureInfo): the language tells ;', async () => {
    const czech = await outcome({ ...base, platform: 'PC', locale: 'cs-CZ', apiVersion: '1.9' }, [
      (c) => c.colourRag(),
      (c) => c.newPlan(),
    ]);
    expect(czech.trips).toEqual([3, 2]);
    expect(czech.sheets.Plan.H2.format?.fill).toMatch(/^#/);
  });

  it('a misleading locale (Swiss German: . for decimals, ; between areas) is found once per session', async () => {
    const swiss = await outcome({
      ...base,
      platform: 'PC',
      locale: 'de-CH',
      decimalSeparator: '.',
      listSeparator: ';',
    });
    expect(swiss.sheets).toEqual((await onTheWeb()).sheets);
    // The first write found the separator (nothing written before it), then all went as usual.
    expect(swiss.trips[0]).toBeGreaterThan(3);
    expect(swiss.trips.slice(1).every((t) => t <= 3)).toBe(true);
  });
});

describe('addresses with many areas', () => {
  it('are split when Excel takes fewer areas than the add-in first sends', async () => {
    const strict = await outcome({ ...base, maxAreas: 20 });
    expect(strict.sheets).toEqual((await onTheWeb()).sheets);
    expect(strict.trips.slice(1).every((t) => t <= 3)).toBe(true);
  });
});

describe('oversized reads', () => {
  const validateOnly: Step[] = [(c) => c.validate()];
  async function findingsWith(init: Partial<FakeWorkbookInit>, budget?: number) {
    const fake = installFakeOffice({ ...base, ...init });
    const result = await createCommands({ today, requestBudget: budget }).validate();
    const responses = [...fake.stats.responseBytes];
    removeFakeOffice();
    return { result, responses };
  }

  it('are read again in halves, whichever way Excel refuses them', async () => {
    const { result: expected } = await findingsWith({});
    for (const refusal of [
      { oversizedReadCode: 'GeneralException' as const },
      { oversizedReadCode: 'ResponsePayloadSizeLimitExceeded' as const },
    ]) {
      // Excel takes 40 kB; the add-in plans bands of up to 200 kB.
      const { result } = await findingsWith({ payloadLimit: 40_000, ...refusal }, 200_000);
      expect(result).toEqual(expected);
    }
  });

  it('whose values come back null past the cells Excel reads at once are read again in halves', async () => {
    const { result: expected } = await findingsWith({});
    const { result } = await findingsWith({ maxReadCells: 1500 });
    expect(result).toEqual(expected);
  });

  it('never include formatting far down the sheet (values-only used range)', async () => {
    const stray = structuredClone(base);
    stray.sheets[0].cells!.A1000000 = { format: { fill: '#FFFF00' } };
    stray.sheets[0].cells!.XFD5 = { format: { bold: true } };
    const { result: expected } = await findingsWith({});
    const { result, responses } = await findingsWith(stray);
    expect(result).toEqual(expected);
    expect(Math.max(...responses)).toBeLessThan(200_000);
    expect(await outcome(stray, validateOnly).then((o) => o.trips)).toEqual([2]);
  });
});

describe('a Build Gantt split over several requests that fails part-way', () => {
  const steps: Step[] = [(c) => c.buildGantt('month'), (c) => c.buildGantt('week')];
  // Requests of 20 kB at most: the weekly timeline over the monthly one takes three.
  const budget = 20_000;

  it.each([
    [1, 5],
    [1, 60],
    [2, 25],
    [3, 10],
  ])(
    'writing request %i failing after %i calls leaves a workbook on which Build Gantt then succeeds',
    async (request, calls) => {
      const clean = await outcome(base, steps, { requestBudget: budget });
      const fake = installFakeOffice(base);
      const commands = createCommands({ today, requestBudget: budget });
      await commands.buildGantt('month');
      fake.workbook.failRequest(request, calls, 'GeneralException', true);
      await expect(commands.buildGantt('week')).rejects.toThrow(ExcelFailure);
      const again: CommandResult = await commands.buildGantt('week');
      expect(again.refused).toBeUndefined();
      expect(again.summary).toMatch(/^Drew \d+ bars/);
      await fake.workbook.settle();
      expect(fake.workbook.sheet('Plan').cells()).toEqual(clean.sheets.Plan);
      expect(fake.workbook.names()).toEqual(clean.fake.workbook.names());
    },
  );
});

describe('merged cells on ExcelApi 1.9 to 1.12 (merged areas are invisible there)', () => {
  it('Build Gantt is refused, naming ExcelApi 1.13, and changes nothing; Colour RAG works', async () => {
    const merged = { ...structuredClone(base), apiVersion: '1.12' };
    merged.sheets[0].merges = ['P4:R6'];
    const fake = installFakeOffice(merged);
    const commands = createCommands({ today });
    const before = fake.workbook.sheet('Plan').cells();
    const syncs = fake.stats.syncs;
    const refused = commands.buildGantt('month');
    await expect(refused).rejects.toThrow(UnsupportedExcelError);
    await expect(commands.buildGantt('month')).rejects.toThrow(
      'Build Gantt (to see merged cells before drawing) needs ExcelApi 1.13, which this version of Excel does not have. Update Excel, or use Excel on the web.',
    );
    expect(fake.stats.syncs).toBe(syncs);
    expect(fake.workbook.sheet('Plan').cells()).toEqual(before);
    expect(fake.workbook.sheet('Plan').merges).toEqual(['P4:R6']);
    expect(commands.capabilities()).toMatchObject({ ganttNeeds: 'ExcelApi 1.13' });
    const rag = await commands.colourRag();
    expect(rag.summary).toMatch(/^Coloured \d+ RAG cells/);
  });
});

describe('Keep up to date', () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('under a storm of clicks and edits, one command works with the workbook at a time', async () => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    const updates: (CommandResult | Error)[] = [];
    const busy: boolean[] = [];
    commands.onBusy((b) => busy.push(b));
    await commands.buildGantt('month');
    await commands.setKeepUpToDate(true, (u) => updates.push(u));
    const clicks: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i++) {
      await fake.workbook.fireChange('Plan', `H${i + 2}`);
      clicks.push(commands.colourRag(), commands.buildGantt('month'));
      await wait(100);
      await fake.workbook.fireChange('Plan', `F${i + 2}`);
    }
    const results = await Promise.allSettled(clicks);
    await wait(400);
    await fake.workbook.settle();
    await wait(400);
    await fake.workbook.settle();
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(fake.stats.maxConcurrentRuns).toBe(1);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.filter((u) => u instanceof Error)).toEqual([]);
    expect(fake.workbook.names().filter((n) => n.name === 'PlanSync_Timeline')).toHaveLength(1);
    expect(fake.workbook.handlerErrors).toEqual([]);
    expect(busy[busy.length - 1]).toBe(false);
    await commands.setKeepUpToDate(false, () => undefined);
  });

  it("never writes for a co-author's edit", async () => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    const updates: unknown[] = [];
    await commands.setKeepUpToDate(true, (u) => updates.push(u));
    const syncs = fake.stats.syncs;
    await fake.workbook.fireChange('Plan', 'H5', { source: 'Remote' });
    await wait(500);
    await fake.workbook.settle();
    expect(fake.stats.syncs).toBe(syncs);
    expect(updates).toEqual([]);
    // This user's own edit of the same cell does redraw.
    await fake.workbook.fireChange('Plan', 'H5');
    await wait(500);
    await fake.workbook.settle();
    expect(fake.stats.syncs).toBeGreaterThan(syncs);
    await commands.setKeepUpToDate(false, () => undefined);
  });

  it('stops when switched off: an edit just before leaves no update pending', async () => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    const updates: unknown[] = [];
    await commands.setKeepUpToDate(true, (u) => updates.push(u));
    await fake.workbook.fireChange('Plan', 'H5');
    await commands.setKeepUpToDate(false, () => undefined);
    const syncs = fake.stats.syncs;
    await wait(600);
    await fake.workbook.settle();
    expect(fake.stats.syncs).toBe(syncs);
    expect(updates).toEqual([]);
  });

  it('needs ExcelApi 1.14 to tell its own changes from the user’s, and says so', async () => {
    installFakeOffice({ ...base, apiVersion: '1.13' });
    const commands = createCommands({ today });
    await expect(commands.setKeepUpToDate(true, () => undefined)).rejects.toThrow(
      /Keep up to date \(to tell its own changes from yours\) needs ExcelApi 1\.14/,
    );
    expect(commands.capabilities()).toEqual({
      ganttNeeds: null,
      liveNeeds: 'ExcelApi 1.14',
      undoKept: false,
      boardNeeds: null,
    });
  });
});

describe("Excel's errors", () => {
  const cases: [string, RegExp][] = [
    ['AccessDenied', /protected, or you can only read this file\. Unprotect it/],
    ['ItemAlreadyExists', /already exists\. Rename or delete it/],
    ['GeneralException', /internal error/],
    ['InvalidOperation', /Press Enter or Esc in the sheet/],
    ['ApiNotFound', /Update Excel, or use Excel on the web/],
  ];
  it.each(cases)('%s becomes advice a user can act on', async (code, advice) => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    fake.workbook.failRequest(1, 3, code, true);
    const error = await commands.colourRag().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExcelFailure);
    expect((error as ExcelFailure).code).toBe(code);
    expect((error as Error).message).toMatch(advice);
    expect((error as Error).message).toMatch(new RegExp(`\\(Excel said ${code}\\)\\.$`));
    expect((error as Error).message).not.toMatch(/\n/);
  });

  it('a request refused as too big (nothing of it written) is sent again in smaller ones', async () => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    fake.workbook.failRequest(1, 0, 'RequestPayloadSizeLimitExceeded', true);
    const result = await commands.colourRag();
    expect(result.summary).toMatch(/^Coloured \d+ RAG cells/);
    expect(fake.workbook.sheet('Plan').cell('H2')?.format?.fill).toMatch(/^#/);
  });

  it('InvalidArgument on a read becomes advice too', async () => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    fake.workbook.failRequest(1, 2, 'InvalidArgument');
    await expect(commands.selectCell('Plan', 'B7')).rejects.toThrow(
      /not valid in this version of Excel\. Try again; if it happens again, update Excel or use Excel on the web \(Excel said InvalidArgument\)\./,
    );
  });
});

describe('removing a RAG colour', () => {
  it('restores the automatic font colour and keeps the cell’s own formats; a fill of the user’s stays', async () => {
    const fake = installFakeOffice(base);
    const commands = createCommands({ today });
    await commands.colourRag();
    const sheet = fake.workbook.sheet('Plan');
    const coloured = sheet.cell('H3')!;
    expect(coloured.format?.fontColor).toMatch(/^#/);
    // The user deletes two statuses: one cell bold with a border, one with a fill of their own.
    sheet.setCell('H3', {
      format: {
        ...coloured.format,
        bold: true,
        borders: { EdgeBottom: { style: 'Continuous', color: '#000000', weight: 'Thin' } },
      },
      numberFormat: '@',
    });
    sheet.setCell('H4', { format: { fill: '#FFFF00', fontColor: '#0000FF' } });
    const before = fake.stats.syncs;
    await commands.colourRag();
    // One round trip more than usual: the cell's formats are read before its style is reset.
    expect(fake.stats.syncs - before).toBe(4);
    expect(sheet.cell('H3')).toEqual({
      numberFormat: '@',
      format: {
        bold: true,
        borders: { EdgeBottom: { style: 'Continuous', color: '#000000', weight: 'Thin' } },
      },
    });
    expect(sheet.cell('H4')).toEqual({ format: { fill: '#FFFF00', fontColor: '#0000FF' } });
  });
});

describe('plans past 130,000 tasks', () => {
  it('are coloured without a spread over plan-sized arrays (Math.min(...) overflows the stack there)', async () => {
    const fake = installFakeOffice(planInit(generatePlan(150_000, { seed: 9 })));
    const result = await createCommands({ today }).colourRag();
    expect(result.summary).toMatch(/^Coloured 150000 RAG cells\./);
    let largest = 0;
    for (const n of [...fake.stats.requestBytes, ...fake.stats.responseBytes])
      if (n > largest) largest = n;
    expect(largest).toBeLessThan(5 * 1024 * 1024);
    expect(fake.workbook.sheet('Plan').cell('H150001')?.format?.fill).toMatch(/^#/);
  }, 120_000);
});
