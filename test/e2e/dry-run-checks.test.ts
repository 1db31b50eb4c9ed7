/**
 * A dry run builds and checks the result exactly as the real run does, only without writing it:
 * a workbook the real run refuses is refused by the dry run too, with the same reason.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../helpers/cli.js';
import { examplePlan, withParts } from '../helpers/hostile.js';

const REPORT = ['--report-date', '2020-11-13'];
let dir: string;
let damagedTheme: Buffer;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-dry-run-'));
  // A part neither command reads, but both would copy into the result: left unclosed.
  damagedTheme = withParts(await examplePlan(), {
    'xl/theme/theme1.xml': (x) => x.replace(/<\/a:theme>\s*$/, ''),
  });
});

function file(bytes: Buffer): string {
  const path = join(mkdtempSync(join(dir, `case${n++}-`)), 'plan.xlsx');
  writeFileSync(path, bytes);
  return path;
}

function refusedAlike(real: CliRun, dry: CliRun, path: string): void {
  expect(real.code, real.stderr).toBe(2);
  expect(real.stderr).toMatch(/xl\/theme\/theme1\.xml.*damaged|damaged.*xl\/theme\/theme1\.xml/);
  expect(dry.code, dry.stdout).toBe(2);
  expect(dry.stderr).toBe(real.stderr);
  expect(dry.stdout).not.toMatch(/Dry run/);
  expect(readFileSync(path).equals(damagedTheme)).toBe(true);
}

describe('a dry run fails exactly when the real run would', () => {
  it('sync: a damaged part that would be copied', async () => {
    const path = file(damagedTheme);
    const dry = await cli(['sync', path, '--dry-run', ...REPORT]);
    const real = await cli(['sync', path, ...REPORT]);
    refusedAlike(real, dry, path);
  });

  it('import-budget: a damaged part that would be copied', async () => {
    const path = file(damagedTheme);
    const csv = join(mkdtempSync(join(dir, 'csv-')), 'budget.csv');
    writeFileSync(csv, 'Line,2020-21,2021-22\nStaff,120,130\nIT,40,35\n');
    const dry = await cli(['import-budget', path, csv, '--dry-run']);
    const real = await cli(['import-budget', path, csv]);
    refusedAlike(real, dry, path);
  });

  it('a sound workbook: the dry run still reports what it would do and writes nothing', async () => {
    const bytes = await examplePlan();
    const path = file(bytes);
    const dry = await cli(['sync', path, '--dry-run', ...REPORT]);
    expect(dry.code, dry.stderr).toBeLessThan(2);
    expect(dry.stdout).toMatch(/^Dry run: nothing was written\. Would /m);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
