/**
 * The add-in and the command line run one engine: the same workbook synced by `plan-sync sync`
 * and by the task pane's Colour RAG + Build Gantt (against the fake Excel host) must end with the
 * same cell values and fills. Also: the pane's round trips stay fixed as the plan grows.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { a1 } from '../../core/cells.js';
import { dayFromSerial, dayFromYMD, isoOf, serialFromDay, type Day } from '../../core/dates.js';
import {
  exampleProgramme,
  generatePlan,
  PLAN_HEADERS,
  type TemplateTask,
} from '../../core/template.js';
import { createCommands } from '../../addin/commands.js';
import { createFakeOffice, REQUEST_LIMIT, type FakeWorkbookInit } from '../fake-excel/index.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { cli } from '../helpers/cli.js';
import { fidelityPath } from '../helpers/fidelity.js';
import { makeFixture } from '../helpers/fixtures.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-parity-'));

function install(init: FakeWorkbookInit) {
  const fake = createFakeOffice(init);
  Object.assign(globalThis, { Office: fake.Office, Excel: fake.Excel });
  return fake;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
  delete (globalThis as Record<string, unknown>).Excel;
});

interface Seen {
  value: string | number | boolean | null;
  fill: string | null;
}

/** What the command line wrote, read back with openpyxl: value and fill of every cell. */
function cliCells(file: string, sheet: string): Map<string, Seen> {
  const dump = sheetOf(dumpWorkbook(file, { sheets: [sheet] }), sheet);
  const cells = new Map<string, Seen>();
  for (const [ref, c] of Object.entries(dump.cells)) {
    // Formulas are the user's and untouched; the fake host does not calculate them.
    if (typeof c.value === 'string' && c.value.startsWith('=')) continue;
    const value = c.isDate && typeof c.value === 'string' ? c.value.slice(0, 10) : c.value;
    if (value === null && c.fill === null) continue;
    cells.set(ref, { value, fill: c.fill });
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
    if (value === null && fill === null) continue;
    cells.set(ref, { value, fill });
  }
  return cells;
}

async function compare(name: string, source: string, sheet: string, today: Day) {
  const file = join(mkdtempSync(join(dir, 'cli-')), name);
  copyFileSync(source, file);
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
    const e = expected.get(ref) ?? { value: null, fill: null };
    const a = actual.get(ref) ?? { value: null, fill: null };
    // Theme and indexed colours are the user's own (never ours): the readers just name them differently.
    const themed = e.fill !== null && /^(theme|indexed):/.test(e.fill);
    if (e.value !== a.value || (e.fill !== a.fill && !themed))
      differences.push(`${ref}: command line ${JSON.stringify(e)}, add-in ${JSON.stringify(a)}`);
  }
  expect(differences.slice(0, 20)).toEqual([]);
  expect(expected.size).toBeGreaterThan(50);
}

describe('add-in and command line give the same cells', () => {
  const nov2020 = dayFromYMD(2020, 11, 13)!;
  const mar2024 = dayFromYMD(2024, 3, 15)!;

  it('on a plan from another tool (title rows, aliases, text dates)', async () => {
    await compare('foreign.xlsx', makeFixture('foreign-plan', dir), 'Transition Plan', nov2020);
  });

  it('on a plan with seeded errors (rows with errors skipped alike)', async () => {
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

  it('on the realistic sample plan', async () => {
    const sample = join(dir, 'sample.xlsx');
    const made = await cli(['init', sample, '--example']);
    expect(made.code).toBe(0);
    await compare('sample.xlsx', sample, 'Plan', exampleProgramme().reportDate);
  });
});

/** A plan workbook for the fake host, built directly (no file): header row 1, one task a row. */
function planInit(tasks: readonly TemplateTask[]): FakeWorkbookInit {
  const cells: FakeWorkbookInit['sheets'][number]['cells'] = {};
  PLAN_HEADERS.forEach((h, c) => (cells[a1(1, c + 1)] = { value: h }));
  const col = (h: string) => PLAN_HEADERS.indexOf(h) + 1;
  tasks.forEach((t, i) => {
    const row = i + 2;
    cells[a1(row, col('ID'))] = { value: t.id };
    cells[a1(row, col('Workstream'))] = { value: t.workstream };
    cells[a1(row, col('Task'))] = { value: t.task };
    cells[a1(row, col('Start'))] = {
      value: serialFromDay(t.start, false),
      numberFormat: 'dd/mm/yyyy',
    };
    cells[a1(row, col('End'))] = { value: serialFromDay(t.end, false), numberFormat: 'dd/mm/yyyy' };
    cells[a1(row, col('RAG'))] = { value: t.rag };
    if (t.dependsOn) cells[a1(row, col('Depends on'))] = { value: t.dependsOn };
  });
  return { sheets: [{ name: 'Plan', cells }] };
}

describe('round trips inside Excel', () => {
  it('stay fixed as the plan grows from 50 to 5,000 tasks, each request under 5 MB', async () => {
    const today = dayFromYMD(2025, 10, 1)!;
    const counts: Record<string, number[]> = {};
    for (const size of [50, 5000]) {
      const fake = install(planInit(generatePlan(size, { seed: 7 })));
      const commands = createCommands({ today });
      for (const [name, run] of [
        ['validate', () => commands.validate()],
        ['colourRag', () => commands.colourRag()],
        ['buildGantt', () => commands.buildGantt('auto')],
      ] as const) {
        const before = fake.stats.syncs;
        await run();
        (counts[name] ??= []).push(fake.stats.syncs - before);
      }
      expect(Math.max(...fake.stats.requestBytes)).toBeLessThan(REQUEST_LIMIT);
      expect(Math.max(...fake.stats.responseBytes)).toBeLessThan(REQUEST_LIMIT);
    }
    expect(counts).toEqual({ validate: [2, 2], colourRag: [3, 3], buildGantt: [3, 3] });
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
