/** `init --force` over an existing workbook keeps NAME.backup.xlsx, as every other write does. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { examplePlan } from './helpers/hostile.js';
import { dumpWorkbook, sheetOf } from './helpers/openpyxl.js';

describe('plan-sync init --force over an existing file', () => {
  it('keeps the file it replaces as NAME.backup.xlsx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-init-backup-'));
    const file = join(dir, 'plan.xlsx');
    const original = await examplePlan();
    writeFileSync(file, original);
    const run = await cli(['init', file, '--force']);
    expect(run.code, run.stderr).toBe(0);
    const backup = join(dir, 'plan.backup.xlsx');
    expect(readFileSync(backup).equals(original)).toBe(true);
    expect(run.stdout).toContain(`Backup of the file it replaced: ${backup}.`);
    expect(sheetOf(dumpWorkbook(file), 'Plan').maxRow).toBe(1);
    expect(sheetOf(dumpWorkbook(backup), 'Plan').maxRow).toBe(61);
  });

  it('--no-backup keeps none; a new file needs none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-init-backup-'));
    const file = join(dir, 'plan.xlsx');
    writeFileSync(file, await examplePlan());
    expect((await cli(['init', file, '--force', '--no-backup'])).code).toBe(0);
    expect(existsSync(join(dir, 'plan.backup.xlsx'))).toBe(false);
    const fresh = join(dir, 'new.xlsx');
    const run = await cli(['init', fresh]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Backup/);
    expect(existsSync(join(dir, 'new.backup.xlsx'))).toBe(false);
  });
});
