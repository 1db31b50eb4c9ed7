/**
 * The add-in and the command line run one engine: the same workbook synced by `plan-sync sync`
 * and by the task pane's Colour RAG + Build Gantt (against the fake Excel host) must end with the
 * same cell values and fills. (Round trips and Excel's limits: hosts.test.ts.)
 */
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dayFromSerial, dayFromYMD, isoOf, type Day } from '../../core/dates.js';
import { exampleProgramme, generatePlan } from '../../core/template.js';
import { createCommands } from '../../addin/commands.js';
import { installFakeOffice, removeFakeOffice } from '../fake-excel/index.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { cli } from '../helpers/cli.js';
import { fidelityPath } from '../helpers/fidelity.js';
import { makeFixture } from '../helpers/fixtures.js';
import { writeFromToPlan } from '../helpers/from-to-plan.js';
import { planInit } from '../helpers/plan-init.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { runPython } from '../helpers/python.js';
import { withParts } from '../helpers/hostile.js';
import { TABLE_3, TABLE_5 } from '../core/budget/seed-tables.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-parity-'));

const install = installFakeOffice;

afterEach(removeFakeOffice);

interface Seen {
  value: string | number | boolean | null;
  /** The fill colour: solid, or the background behind a pattern. */
  fill: string | null;
  /** A hatched fill as `lightUp on FFF7D1 in F0C419` (OOXML pattern name); null when none. */
  pattern: string | null;
}

/** What the command line wrote, read back with openpyxl: value and fill of every cell. */
function cliCells(file: string, sheet: string): Map<string, Seen> {
  const dump = sheetOf(dumpWorkbook(file, { sheets: [sheet] }), sheet);
  const cells = new Map<string, Seen>();
  for (const [ref, c] of Object.entries(dump.cells)) {
    // Formulas are the user's and untouched; the fake host does not calculate them.
    if (typeof c.value === 'string' && c.value.startsWith('=')) continue;
    const value = c.isDate && typeof c.value === 'string' ? c.value.slice(0, 10) : c.value;
    const fill = c.fill ?? c.patternBackground;
    const pattern = c.pattern && `${c.pattern} in ${c.patternColor}`;
    if (value === null && fill === null) continue;
    cells.set(ref, { value, fill, pattern });
  }
  return cells;
}

/** What the add-in left in the fake workbook, in the same terms. */
function addinCells(
  fake: ReturnType<typeof install>,
  sheet: string,
  dateCells: Set<string>,
): Map<string, Seen> {
  const cells = new Map<string, Seen>();
  for (const [ref, c] of Object.entries(fake.workbook.sheet(sheet).cells())) {
    let value = c.value ?? null;
    if (typeof value === 'number' && dateCells.has(ref))
      value = isoOf(dayFromSerial(value, false)!);
    if (typeof value === 'string' && value === '') value = null;
    const fill = c.format?.fill ? c.format.fill.replace('#', '').toUpperCase() : null;
    // Office.js names patterns in PascalCase (`LightUp`); the file names them `lightUp`.
    const name = c.format?.pattern;
    const lines = c.format?.patternColor?.replace('#', '').toUpperCase() ?? '000000';
    const pattern = name ? `${name.charAt(0).toLowerCase()}${name.slice(1)} in ${lines}` : null;
    if (value === null && fill === null) continue;
    cells.set(ref, { value, fill, pattern });
  }
  return cells;
}

async function compare(name: string, source: string, sheet: string, today: Day) {
  const file = join(mkdtempSync(join(dir, 'cli-')), name);
  copyFileSync(source, file);
  // A corpus file is read-only, and a copy keeps that; the copy is a user's working file.
  chmodSync(file, 0o644);
  const run = await cli(['sync', file], today);
  expect(run.code, run.stderr).toBeLessThan(2);
  const expected = cliCells(file, sheet);

  const fake = install(fakeInitFromXlsx(source));
  const commands = createCommands({ today });
  await commands.colourRag();
  await commands.buildGantt('auto');
  const dateCells = new Set(
    [...expected]
      .filter(([, c]) => typeof c.value === 'string' && /^\d{4}-\d\d-\d\d$/.test(c.value))
      .map(([ref]) => ref),
  );
  const formulas = new Set(
    Object.entries(fake.workbook.sheet(sheet).cells())
      .filter(([, c]) => c.formula)
      .map(([ref]) => ref),
  );
  const actual = addinCells(fake, sheet, dateCells);
  for (const ref of formulas) actual.delete(ref);
  const differences: string[] = [];
  for (const ref of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(ref) ?? { value: null, fill: null, pattern: null };
    const a = actual.get(ref) ?? { value: null, fill: null, pattern: null };
    // Theme and indexed colours are the user's own (never ours): the readers just name them differently.
    const themed = e.fill !== null && /^(theme|indexed):/.test(e.fill);
    if (e.value !== a.value || e.pattern !== a.pattern || (e.fill !== a.fill && !themed))
      differences.push(`${ref}: command line ${JSON.stringify(e)}, add-in ${JSON.stringify(a)}`);
  }
  expect(differences.slice(0, 20)).toEqual([]);
  expect(expected.size).toBeGreaterThan(50);
  return expected;
}

describe('add-in and command line give the same cells', () => {
  const nov2020 = dayFromYMD(2020, 11, 13)!;
  const mar2024 = dayFromYMD(2024, 3, 15)!;

  it('on a plan from another tool (title rows, aliases, text dates)', async () => {
    await compare('foreign.xlsx', makeFixture('foreign-plan', dir), 'Transition Plan', nov2020);
  });

  it('on a plan with error rows: the same bars, colours and ⚠ markers', async () => {
    const seen = await compare(
      'error-rows.xlsx',
      makeFixture('error-rows-plan', dir),
      'Plan',
      nov2020,
    );
    const markers = [...seen].filter(([, c]) => String(c.value).startsWith('⚠ No bar'));
    expect(markers.map(([ref]) => ref).sort()).toEqual(['L5', 'L8', 'L9']);
    for (const [, c] of markers) expect(c.pattern).toBe('lightUp in F0C419');
    // The Red task with a date typo keeps its colour; so does every recognised status.
    expect(seen.get('G5')).toMatchObject({ value: 'Red', fill: 'F5BFB5' });
  });

  it('on a plan with seeded errors (coloured and drawn alike)', async () => {
    await compare(
      'errors.xlsx',
      makeFixture('foreign-plan-errors', dir),
      'Transition Plan',
      nov2020,
    );
  });

  it.each(['xw_full.xlsx', 'openpyxl_full.xlsx'] as const)(
    'on the fidelity workbook %s',
    async (name) => {
      await compare(name, fidelityPath(name), 'Plan', mar2024);
    },
  );

  it('on a plan whose From and To columns are mapped on the Settings sheet', async () => {
    const file = join(dir, 'from-to.xlsx');
    writeFromToPlan(file, [
      ['Column: Start', 'From'],
      ['Column: End', 'To'],
    ]);
    await compare('from-to.xlsx', file, 'Plan', nov2020);
  });

  it('on the plan sheet the Settings sheet names, beside an old sheet called Plan', async () => {
    const file = join(dir, 'configured.xlsx');
    writeFromToPlan(
      file,
      [
        ['Plan sheet', 'Schedule'],
        ['Column: Start', 'From'],
        ['Column: End', 'To'],
      ],
      { planSheet: 'Schedule', decoy: true },
    );
    await compare('configured.xlsx', file, 'Schedule', nov2020);
  });

  it('when no task can be drawn any more: the earlier timeline is cleared in both', async () => {
    const drawn = join(dir, 'drawn.xlsx');
    expect((await cli(['init', drawn, '--example'])).code).toBe(0);
    expect((await cli(['sync', drawn, '--no-backup'], nov2020)).code).toBe(0);
    const before = sheetOf(dumpWorkbook(drawn, { sheets: ['Plan'] }), 'Plan');
    expect(before.maxCol).toBeGreaterThan(13);
    // Every start and end date removed (columns F and G): nothing left to draw.
    const undated = join(dir, 'undated.xlsx');
    const bytes = withParts(readFileSync(drawn), {
      'xl/worksheets/sheet1.xml': (x) =>
        x.replace(/<c r="[FG](\d+)"[^>]*?(\/>|>[\s\S]*?<\/c>)/g, (m, row: string) =>
          row === '1' ? m : '',
        ),
    });
    writeFileSync(undated, bytes);
    const seen = await compare('undated.xlsx', undated, 'Plan', nov2020);
    const beyondPlan = [...seen.keys()].filter((ref) => /^([N-Z]|[A-Z]{2,})\d/.test(ref));
    expect(beyondPlan).toEqual([]);
  });

  it('on the realistic sample plan', async () => {
    const sample = join(dir, 'sample.xlsx');
    const made = await cli(['init', sample, '--example']);
    expect(made.code).toBe(0);
    await compare('sample.xlsx', sample, 'Plan', exampleProgramme().reportDate);
  });
});

describe('New plan and plan-sync init', () => {
  it('give the same drop-downs and checks (one template, core/template-layout.ts)', async () => {
    const file = join(mkdtempSync(join(dir, 'init-')), 'new.xlsx');
    expect((await cli(['init', file])).code).toBe(0);
    const dump = dumpWorkbook(file, { sheets: ['Plan', 'Workstreams'] });

    const fake = install({ sheets: [{ name: 'Notes', cells: { A1: { value: 'mine' } } }] });
    await createCommands().newPlan();
    for (const name of ['Plan', 'Workstreams']) {
      const fromInit = sheetOf(dump, name);
      const inExcel = fake.workbook.validations(name);
      expect(inExcel.map((v) => v.range)).toEqual(fromInit.dataValidations);
      inExcel.forEach((v, i) => {
        const rule = v.rule as {
          list?: { source: string };
          decimal?: { formula1: number; formula2: number };
        };
        // openpyxl reads a list as its quoted formula, a decimal by its lower bound.
        const formula = rule.list ? `"${rule.list.source}"` : String(rule.decimal!.formula1);
        expect(formula).toBe(fromInit.dataValidationFormulas[i]);
      });
    }
    expect(fake.workbook.validations('Plan')[0]).toMatchObject({
      range: 'H2:H1000',
      rule: {
        list: {
          inCellDropDown: true,
          source: 'Red,Amber/Red,Amber,Amber/Green,Green,Complete,Not started',
        },
      },
      prompt: { showPrompt: true, title: 'RAG status' },
      errorAlert: { showAlert: true, style: 'Warning', title: 'Not a listed status' },
    });
  });
});

describe('refusals are the same in both hosts', () => {
  it('a protected plan sheet: nothing changed, the same words', async () => {
    const file = join(mkdtempSync(join(dir, 'locked-')), 'locked.xlsx');
    writeFromToPlan(file, [
      ['Column: Start', 'From'],
      ['Column: End', 'To'],
    ]);
    runPython(
      "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nwb['Plan'].protection.sheet = True\nwb.save(sys.argv[1])",
      [file],
    );
    const bytes = readFileSync(file);
    const words =
      'Sheet "Plan" is protected, so its RAG cells cannot be coloured nor its timeline drawn. Unprotect it in Excel (Review > Unprotect Sheet), then try again; nothing was changed.';
    const run = await cli(['sync', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`plan-sync: ${words}`);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    const fake = install(fakeInitFromXlsx(file));
    const before = JSON.stringify(fake.workbook.sheet('Plan').cells());
    const commands = createCommands({ today: dayFromYMD(2020, 11, 13)! });
    await expect(commands.colourRag()).rejects.toThrow(words);
    await expect(commands.buildGantt('auto')).rejects.toThrow(words);
    expect(JSON.stringify(fake.workbook.sheet('Plan').cells())).toBe(before);
  });

  it('a protected budget sheet: nothing imported, the same words', async () => {
    const file = join(mkdtempSync(join(dir, 'budget-')), 'plan.xlsx');
    expect((await cli(['init', file])).code).toBe(0);
    runPython(
      "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nws = wb.create_sheet('Budget')\nws['A1'] = 'Kept'\nws.protection.sheet = True\nwb.save(sys.argv[1])",
      [file],
    );
    const csv = join(file, '..', 'table.csv');
    writeFileSync(csv, 'Item,2020-21\nStaff,10\nTotal,10\n');
    const bytes = readFileSync(file);
    const words =
      'Sheet "Budget" is protected, so no table can be imported into it. Unprotect it in Excel (Review > Unprotect Sheet) or choose another budget sheet, then try again; nothing was imported.';
    const run = await cli(['import-budget', file, csv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`plan-sync: ${words}`);
    expect(readFileSync(file).equals(bytes)).toBe(true);

    const fake = install(fakeInitFromXlsx(file));
    const commands = createCommands();
    await expect(
      commands.importBudget({ name: 'table.csv', bytes: readFileSync(csv) }),
    ).rejects.toThrow(words);
    expect(fake.workbook.sheet('Budget').cells()).toEqual({
      A1: expect.objectContaining({ value: 'Kept' }),
    });
  });
});

describe('requests that would pass the size limit', () => {
  it('are split into bands and batches, with the same result as one request', async () => {
    const today = dayFromYMD(2025, 10, 1)!;
    const tasks = generatePlan(400, { seed: 11 });
    const whole = install(planInit(tasks));
    await createCommands({ today }).buildGantt('week');
    await createCommands({ today }).colourRag();
    const expected = whole.workbook.sheet('Plan').cells();

    // The same plan in an Excel whose requests and responses may carry 60 KB at most.
    const limit = 60_000;
    const small = install({ ...planInit(tasks), payloadLimit: limit });
    const commands = createCommands({ today, requestBudget: limit * 0.6 });
    await commands.buildGantt('week');
    const syncsBefore = small.stats.syncs;
    await commands.colourRag();
    // The second read meets a plan with a weekly timeline: sizes first, then bands of rows.
    expect(small.stats.syncs - syncsBefore).toBeGreaterThan(3);
    expect(Math.max(...small.stats.requestBytes)).toBeLessThanOrEqual(limit);
    expect(small.workbook.sheet('Plan').cells()).toEqual(expected);
  });
});

describe('a cell of the user’s where the timeline must go', () => {
  it('makes Build Gantt refuse, write nothing and name the cell', async () => {
    const today = dayFromYMD(2020, 11, 13)!;
    const tasks = generatePlan(12, { seed: 5 }).map((t, i) => ({
      ...t,
      start: dayFromYMD(2020, 9, 1)! + i * 3,
      end: dayFromYMD(2020, 10, 15)! + i * 5,
    }));
    const fake = install(planInit(tasks));
    const commands = createCommands({ today });
    await commands.buildGantt('month');
    const monthly = fake.workbook.sheet('Plan').cells();
    const drawn = Object.keys(monthly).length;
    // A note typed where a weekly timeline would go (the monthly one ends well before column Z).
    expect(Object.keys(monthly).filter((ref) => ref.startsWith('Z'))).toEqual([]);
    fake.workbook.sheet('Plan').setCell('Z5', { value: 'ask finance' });
    const before = fake.workbook.sheet('Plan').cells();
    const names = fake.workbook.names();
    const result = await commands.buildGantt('week');
    expect(result.refused).toBe(true);
    expect(result.summary).toBe(
      'The timeline needs cell Z5, which holds your data: move or clear it, then try again; nothing was changed.',
    );
    expect(result.findings.filter((f) => f.rule === 'timeline-blocked')).toEqual([
      expect.objectContaining({ cell: 'Z5', sheet: 'Plan', severity: 'error' }),
    ]);
    expect(fake.workbook.sheet('Plan').cells()).toEqual(before);
    expect(fake.workbook.names()).toEqual(names);
    expect(drawn).toBeGreaterThan(20);
    // Colouring RAG cells does not touch the timeline, so it still works.
    const rag = await commands.colourRag();
    expect(rag.refused).toBeUndefined();
    expect(fake.workbook.sheet('Plan').cell('Z5')?.value).toBe('ask finance');
  });
});

describe('budget import', () => {
  it('lands the same cells, fills, notes and row heights in Excel as on the command line', async () => {
    const plan = makeFixture('error-rows-plan', dir);
    const tables = [
      ['Table 5', 'table5.csv', TABLE_5],
      ['Table 3', 'table3.csv', TABLE_3],
    ] as const;
    const file = join(mkdtempSync(join(dir, 'budget-')), 'plan.xlsx');
    copyFileSync(plan, file);
    for (const [name, csv, text] of tables) {
      writeFileSync(join(dir, csv), text);
      const run = await cli(['import-budget', file, join(dir, csv), '--name', name]);
      expect(run.code, run.stderr).toBe(0);
    }
    const dump = sheetOf(dumpWorkbook(file, { sheets: ['Budget'] }), 'Budget');

    const fake = install(fakeInitFromXlsx(plan));
    const commands = createCommands();
    for (const [name, csv, text] of tables)
      await commands.importBudget({ name: csv, bytes: new TextEncoder().encode(text) }, { name });
    const sheet = fake.workbook.sheet('Budget');

    // The import time differs between the two runs; everything else is the same.
    const stamp = (v: unknown) => typeof v === 'string' && v.startsWith('Imported by plan-sync');
    const differences: string[] = [];
    const refs = new Set([...Object.keys(dump.cells), ...Object.keys(sheet.cells())]);
    for (const ref of refs) {
      const e = dump.cells[ref];
      const a = sheet.cell(ref);
      const ev = e?.value ?? null;
      const av = a?.value ?? null;
      if (stamp(ev) && stamp(av)) continue;
      const ef = e?.fill ?? null;
      const af = a?.format?.fill?.replace('#', '') ?? null;
      const ew = e?.wrap ?? false;
      const aw = a?.format?.wrapText ?? false;
      if (ev !== av || ef !== af || ew !== aw)
        differences.push(
          `${ref}: ${JSON.stringify([ev, ef, ew])} vs ${JSON.stringify([av, af, aw])}`,
        );
    }
    expect(differences.slice(0, 20)).toEqual([]);
    const heights = Object.fromEntries(
      Array.from({ length: dump.maxRow }, (_, i) => [String(i + 1), sheet.rowHeight(i + 1)]).filter(
        ([, h]) => h !== undefined,
      ),
    );
    expect(heights).toEqual(dump.rowHeights);
    expect(Object.values(heights)).toEqual([60]);
  });

  it('a finding about a CSV cell points at the cell it was imported to', async () => {
    const plan = makeFixture('error-rows-plan', dir);
    const fake = install(fakeInitFromXlsx(plan));
    const result = await createCommands().importBudget(
      { name: 'table3.csv', bytes: new TextEncoder().encode(TABLE_3) },
      { name: 'Table 3' },
    );
    const totals = result.findings.filter((f) => f.total);
    expect(totals.length).toBeGreaterThan(0);
    const sheet = fake.workbook.sheet('Budget');
    for (const f of totals) {
      expect(f.sheet).toBe('Budget');
      // The cell named holds the stated total, as imported.
      expect(sheet.cell(f.cell)?.value, f.cell).toBe(f.total!.stated);
      expect(f.source?.file).toBe('table3.csv');
    }
  });
});
