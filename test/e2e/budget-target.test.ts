/**
 * A budget table never goes onto the plan sheet, the Settings sheet or the Workstreams sheet,
 * where it would be read as tasks, settings or workstreams. Decided once in core
 * (core/budget/target.ts): the command line and the add-in refuse with the same words, exit 2
 * and nothing written.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommands } from '../../addin/commands.js';
import { installFakeOffice, removeFakeOffice } from '../fake-excel/index.js';
import { fakeInitFromXlsx } from '../fake-excel/from-xlsx.js';
import { cli } from '../helpers/cli.js';
import { examplePlan, withParts, WORKBOOK } from '../helpers/hostile.js';
import { writeFromToPlan } from '../helpers/from-to-plan.js';

let dir: string;
let example: Buffer;
let csv: string;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-budget-target-'));
  example = await examplePlan();
  csv = join(dir, 'table.csv');
  writeFileSync(csv, 'Item,2020-21\nStaff,10\nTotal,10\n');
});

afterEach(removeFakeOffice);

function file(bytes: Buffer): string {
  const path = join(mkdtempSync(join(dir, `case${n++}-`)), 'plan.xlsx');
  writeFileSync(path, bytes);
  return path;
}

const AGAIN = 'Choose another budget sheet, then try again; nothing was imported.';

/** Both hosts refuse `--sheet sheet` with `words`; the file and the fake workbook stay as they were. */
async function bothRefuse(path: string, sheet: string, words: string): Promise<void> {
  const bytes = readFileSync(path);
  const run = await cli(['import-budget', path, csv, '--sheet', sheet]);
  expect(run.code, run.stdout).toBe(2);
  expect(run.stderr).toBe(`plan-sync: ${words}`);
  expect(readFileSync(path).equals(bytes)).toBe(true);

  const fake = installFakeOffice(fakeInitFromXlsx(path));
  const before = JSON.stringify(
    fake.workbook.sheetNames().map((s) => fake.workbook.sheet(s).cells()),
  );
  await expect(
    createCommands().importBudget({ name: 'table.csv', bytes: readFileSync(csv) }, { sheet }),
  ).rejects.toThrow(words);
  expect(
    JSON.stringify(fake.workbook.sheetNames().map((s) => fake.workbook.sheet(s).cells())),
  ).toBe(before);
  removeFakeOffice();
}

describe('import-budget refuses the sheets the plan is read from', () => {
  it('the plan sheet, in any case', async () => {
    const path = file(example);
    const words = `Sheet "Plan" is the plan sheet: a budget table there would be read as tasks. ${AGAIN}`;
    await bothRefuse(path, 'Plan', words);
    await bothRefuse(path, 'plan', words);
  });

  it('the Settings and Workstreams sheets', async () => {
    const path = file(example);
    await bothRefuse(
      path,
      'Settings',
      `Sheet "Settings" holds the plan's settings: a budget table there would be read as settings. ${AGAIN}`,
    );
    await bothRefuse(
      path,
      'workstreams',
      `Sheet "Workstreams" lists the plan's workstreams: a budget table there would be read as workstreams. ${AGAIN}`,
    );
  });

  it('the plan sheet the Settings sheet names', async () => {
    const path = join(mkdtempSync(join(dir, 'configured-')), 'plan.xlsx');
    writeFromToPlan(
      path,
      [
        ['Plan sheet', 'Schedule'],
        ['Column: Start', 'From'],
        ['Column: End', 'To'],
      ],
      { planSheet: 'Schedule', decoy: true },
    );
    await bothRefuse(
      path,
      'Schedule',
      `Sheet "Schedule" is the plan sheet: a budget table there would be read as tasks. ${AGAIN}`,
    );
  });

  it('a plan sheet found by its header, and a new sheet that would take a plan name', async () => {
    const path = file(
      withParts(example, { [WORKBOOK]: (x) => x.replace('name="Plan"', 'name="Schedule"') }),
    );
    await bothRefuse(
      path,
      'Schedule',
      `Sheet "Schedule" is the plan sheet: a budget table there would be read as tasks. ${AGAIN}`,
    );
    await bothRefuse(
      path,
      'Plan',
      `A new sheet called "Plan" would be read as the plan sheet, and the budget table on it as tasks. ${AGAIN}`,
    );
  });

  it('another sheet is still fine', async () => {
    const path = file(example);
    const run = await cli(['import-budget', path, csv, '--sheet', 'Budget', '--no-backup']);
    expect(run.code, run.stderr).toBe(0);
  });
});
