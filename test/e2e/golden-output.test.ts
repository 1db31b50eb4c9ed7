/**
 * Speed work must not change what users get: varied plans (made by plan-sync init, openpyxl,
 * XlsxWriter; other column orders, title rows, shared strings, weekly to monthly over three years,
 * a re-sync, a budget import) are synced and the sha256 of every part the command changed is
 * compared with the hashes recorded from main before the speed work
 * (test/fixtures/golden-output.json; `npx vitest run test/e2e/golden-output.test.ts -u` rewrites
 * them when an issue changes the output on purpose). Parts are read back with Python's zipfile.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPlanWorkbook } from '../../sync/commands/init.js';
import { generatePlan, SYNTHETIC_WORKSTREAMS } from '../../core/template.js';
import { cli } from '../helpers/cli.js';
import { fidelityPath, type FidelityFile } from '../helpers/fidelity.js';
import { FIXTURES_DIR, makeFixture, type FixtureName } from '../helpers/fixtures.js';
import { listParts } from '../helpers/parts.js';
import { runPythonScript } from '../helpers/python.js';
import { TABLE_3 } from '../core/budget/seed-tables.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-golden-'));
  runPythonScript(join(FIXTURES_DIR, 'golden_plans.py'), [dir], { timeoutMs: 60_000 });
});

afterAll(() => vi.useRealTimers());

/** Part -> sha256 of the parts `after` adds or changes relative to `before`; removed ones as "-". */
function changedParts(before: string, after: string): Record<string, string> {
  const a = listParts(before);
  const b = listParts(after);
  const out: Record<string, string> = {};
  for (const [name, hash] of b) if (a.get(name) !== hash) out[name] = hash;
  for (const name of a.keys()) if (!b.has(name)) out[name] = '-';
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}

async function synced(input: string, name: string, args: string[] = []): Promise<string> {
  const out = join(dir, `${name}.out.xlsx`);
  const run = await cli(['sync', input, '-o', out, '--report-date', '2020-11-13', ...args]);
  expect(run.stderr).not.toContain('unexpected');
  expect([0, 1]).toContain(run.code);
  return out;
}

async function synthetic(name: string, tasks: number, years: number): Promise<string> {
  const file = join(dir, `${name}.xlsx`);
  const bytes = await buildPlanWorkbook({
    tasks: generatePlan(tasks, { seed: 20201113, years }),
    workstreams: SYNTHETIC_WORKSTREAMS,
    settings: { programmeName: `Synthetic plan, ${tasks} tasks` },
  });
  writeFileSync(file, bytes);
  return file;
}

const results: Record<string, Record<string, string>> = {};

async function record(name: string, input: string, args: string[] = []): Promise<void> {
  const out = await synced(input, name, args);
  results[name] = changedParts(input, out);
  expect(Object.keys(results[name]).length).toBeGreaterThan(0);
}

describe('synced outputs are byte-identical to those of main before the speed work', () => {
  it('plans made by plan-sync init (exceljs)', async () => {
    const example = join(dir, 'example.xlsx');
    expect((await cli(['init', example, '--example'])).code).toBe(0);
    await record('init-example', example);
    await record('init-example-week', example, ['--scale', 'week']);
    await record('init-example-normalised', example, ['--normalise-rag']);
    // A re-sync replaces the timeline drawn by the first one.
    const first = join(dir, 'init-example.out.xlsx');
    const again = join(dir, 'resync-in.xlsx');
    copyFileSync(first, again);
    await record('init-example-resync-quarter', again, ['--scale', 'quarter']);
    await record('synthetic-2000-3y', await synthetic('synthetic-2000', 2000, 3));
    await record('synthetic-300-1y-week', await synthetic('synthetic-300', 300, 1), [
      '--scale',
      'week',
    ]);
  });

  it('plans made by openpyxl: other column orders, title rows, monthly over three years', async () => {
    await record('openpyxl-reordered', join(dir, 'reordered.xlsx'));
    await record('openpyxl-titled-monthly', join(dir, 'titled.xlsx'), ['--scale', 'month']);
    await record('openpyxl-weekly', join(dir, 'weekly.xlsx'), ['--scale', 'week']);
    await record('openpyxl-stray', join(dir, 'stray.xlsx'));
  });

  it('the fixtures and the fidelity corpus', async () => {
    const fixtures: FixtureName[] = [
      'foreign-plan',
      'foreign-plan-errors',
      'plan-1904',
      'prefixed-plan',
      'error-rows-plan',
    ];
    for (const name of fixtures) await record(`fixture-${name}`, makeFixture(name, dir));
    const corpus: FidelityFile[] = ['xw_full.xlsx', 'xw_vba.xlsm', 'openpyxl_full.xlsx'];
    for (const name of corpus) await record(`fidelity-${name}`, fidelityPath(name));
  });

  it('a budget import', async () => {
    const plan = join(dir, 'budget-plan.xlsx');
    copyFileSync(makeFixture('foreign-plan', dir), plan);
    const before = join(dir, 'budget-before.xlsx');
    copyFileSync(plan, before);
    const table = join(dir, 'Table 3 budget build.csv');
    writeFileSync(table, TABLE_3, 'utf8');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2020, 10, 13, 9, 30));
    const run = await cli(['import-budget', plan, table]);
    vi.useRealTimers();
    expect(run.stderr).not.toContain('unexpected');
    results['import-budget-table-3'] = changedParts(before, plan);
    expect(Object.keys(results['import-budget-table-3']).length).toBeGreaterThan(0);
  });

  it('matches the recorded hashes', async () => {
    expect(Object.keys(results).length).toBe(19);
    await expect(JSON.stringify(results, null, 2) + '\n').toMatchFileSnapshot(
      '../fixtures/golden-output.json',
    );
  });
});
