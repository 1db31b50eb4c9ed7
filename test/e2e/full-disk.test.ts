/**
 * A plan on a nearly full disk, for real: a small tmpfs is mounted (the tests run as root, as CI
 * does), filled until only a few KB are free, and the built command line is run on it as a user
 * would. Whatever fails, the plan and its previous backup keep their exact bytes (and still open in
 * openpyxl), no temporary file is left, an output file is absent or complete, and the reason is one
 * line on stderr with exit code 2.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../helpers/built-cli.js';
import { dumpWorkbook, sheetOf, type WorkbookDump } from '../helpers/openpyxl.js';

const PAGE = 4096;
let root: string;
let disk: string;
let mounted = false;
/** The plan (init --example, 16.7 KB like the plan in the issue) and an older backup of it. */
let plan0: Buffer;
let backup0: Buffer;
let planDump: WorkbookDump;
/** Sizes of what each command writes, measured on the normal disk first. */
let syncedSize: number;
let importedSize: number;
let initSize: number;
let csv: string;

function mount(args: string[]): void {
  const res = spawnSync('mount', args, { encoding: 'utf8' });
  if (res.status !== 0)
    throw new Error(
      `mount ${args.join(' ')} failed (${(res.stderr || res.error?.message || `exit ${res.status}`).trim()}): this test needs to mount a small tmpfs, which needs root (CI runs as root)`,
    );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plan-sync-full-disk-'));
  disk = join(root, 'disk');
  mkdirSync(disk);
  mount(['-t', 'tmpfs', '-o', 'size=512k,mode=0755', 'tmpfs', disk]);
  mounted = true;

  const normal = join(root, 'normal');
  mkdirSync(normal);
  const made = (args: string[]) => {
    const run = runBuiltCli(args);
    if (run.code > 1) throw new Error(`plan-sync ${args.join(' ')}: ${run.stderr}`);
  };
  made(['init', join(normal, 'plan.xlsx'), '--example']);
  made(['init', join(normal, 'old.xlsx')]);
  plan0 = readFileSync(join(normal, 'plan.xlsx'));
  backup0 = readFileSync(join(normal, 'old.xlsx'));
  planDump = dumpWorkbook(join(normal, 'plan.xlsx'), { sheets: ['Plan'] });
  made(['sync', join(normal, 'plan.xlsx'), '-o', join(normal, 'synced.xlsx')]);
  syncedSize = readFileSync(join(normal, 'synced.xlsx')).length;
  csv = join(normal, 'budget.csv');
  writeFileSync(csv, 'Item,2020-21,2021-22\nStaff,10,12\nSystems,5,6\nTotal,15,18\n');
  copyFileSync(join(normal, 'plan.xlsx'), join(normal, 'budget.xlsx'));
  made(['import-budget', join(normal, 'budget.xlsx'), csv, '--no-backup']);
  importedSize = readFileSync(join(normal, 'budget.xlsx')).length;
  made(['init', join(normal, 'new.xlsx'), '--example']);
  initSize = readFileSync(join(normal, 'new.xlsx')).length;
});

afterAll(() => {
  if (mounted) {
    const res = spawnSync('umount', [disk], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`umount ${disk} failed: ${res.stderr}`);
  }
  rmSync(root, { recursive: true, force: true });
});

function freeBytes(): number {
  const s = statfsSync(disk);
  return s.bavail * s.bsize;
}

/** An empty disk holding plan.xlsx (and an older plan.backup.xlsx), then filled up to `free`. */
function stage(free: number, files: { backup?: boolean; extra?: Record<string, Buffer> } = {}) {
  for (const name of readdirSync(disk)) rmSync(join(disk, name), { recursive: true, force: true });
  const dir = join(disk, 'plans');
  mkdirSync(dir);
  writeFileSync(join(dir, 'plan.xlsx'), plan0);
  if (files.backup) writeFileSync(join(dir, 'plan.backup.xlsx'), backup0);
  for (const [name, bytes] of Object.entries(files.extra ?? {}))
    writeFileSync(join(dir, name), bytes);
  const now = freeBytes();
  if (now < free) throw new Error(`the test disk has only ${now} bytes free, ${free} wanted`);
  writeFileSync(join(disk, 'filler'), Buffer.alloc(now - free));
  expect(freeBytes()).toBe(free);
  return { dir, plan: join(dir, 'plan.xlsx'), backup: join(dir, 'plan.backup.xlsx') };
}

const pages = (bytes: number) => Math.ceil(bytes / PAGE) * PAGE;
const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** The plan and its backup are exactly as they were, and openpyxl still reads the plan. */
function expectIntact(dir: string, names: string[]): void {
  expect(readFileSync(join(dir, 'plan.xlsx')).equals(plan0)).toBe(true);
  if (names.includes('plan.backup.xlsx'))
    expect(readFileSync(join(dir, 'plan.backup.xlsx')).equals(backup0)).toBe(true);
  expect(readdirSync(dir).sort()).toEqual([...names].sort());
  const dump = dumpWorkbook(join(dir, 'plan.xlsx'), { sheets: ['Plan'] });
  expect(dump.sheets.map((s) => s.name)).toEqual(['Plan', 'Workstreams', 'Settings', 'RAG key']);
  expect(sheetOf(dump, 'Plan').cells).toEqual(sheetOf(planDump, 'Plan').cells);
}

describe('sync on a nearly full disk', () => {
  it('--no-backup with 8 KB free: exit 2, the plan keeps every byte', () => {
    const { dir, plan } = stage(8192);
    const run = runBuiltCli(['sync', plan, '--no-backup']);
    expect(run.stderr).toBe(
      `plan-sync: plan.xlsx could not be written: the disk is full (it needs about ${kb(syncedSize)} free in ${dir} for the new file; only 8 KB free). Free some space and try again; the original is unchanged.`,
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expectIntact(dir, ['plan.xlsx']);
  });

  it('with a backup, wherever the disk fills, the plan and the previous backup are kept', () => {
    const both = pages(syncedSize) + pages(plan0.length);
    // Nothing free; 8 KB; room for the new file only; one page short of room for both.
    for (const free of [0, 8192, pages(syncedSize) + PAGE, both - PAGE]) {
      const { dir, plan } = stage(free, { backup: true });
      const run = runBuiltCli(['sync', plan]);
      expect(run.stderr, `${free} bytes free`).toBe(
        `plan-sync: plan.xlsx could not be written: the disk is full (it needs about ${kb(syncedSize + plan0.length)} free in ${dir} for the new file and its backup; only ${free < 1024 ? `${free} bytes` : `${free / 1024} KB`} free). Free some space and try again; the original is unchanged.`,
      );
      expect(run.code).toBe(2);
      expectIntact(dir, ['plan.xlsx', 'plan.backup.xlsx']);
    }
  });

  it('with room for both, the same command succeeds and the backup is the old plan', () => {
    const { dir, plan, backup } = stage(pages(syncedSize) + pages(plan0.length), {
      backup: true,
    });
    const run = runBuiltCli(['sync', plan]);
    expect(run.stderr).toBe('');
    expect(run.code).toBeLessThan(2);
    expect(readFileSync(backup).equals(plan0)).toBe(true);
    expect(readFileSync(plan).length).toBe(syncedSize);
    expect(readdirSync(dir).sort()).toEqual(['plan.backup.xlsx', 'plan.xlsx']);
    const after = sheetOf(dumpWorkbook(plan, { sheets: ['Plan'] }), 'Plan');
    expect(after.maxCol).toBeGreaterThan(sheetOf(planDump, 'Plan').maxCol);
  });

  it('-o OUT: a new OUT is never left truncated, an existing OUT keeps its bytes', () => {
    let { dir, plan } = stage(8192);
    let run = runBuiltCli(['sync', plan, '-o', join(dir, 'out.xlsx')]);
    expect(run.stderr).toBe(
      `plan-sync: out.xlsx could not be written: the disk is full (it needs about ${kb(syncedSize)} free in ${dir} for the new file; only 8 KB free). Free some space and try again; nothing was written.`,
    );
    expect(run.code).toBe(2);
    expectIntact(dir, ['plan.xlsx']);

    ({ dir, plan } = stage(8192, { extra: { 'out.xlsx': backup0 } }));
    run = runBuiltCli(['sync', plan, '-o', join(dir, 'out.xlsx')]);
    expect(run.stderr).toMatch(/; the existing out\.xlsx is unchanged\.$/);
    expect(run.code).toBe(2);
    expect(readFileSync(join(dir, 'out.xlsx')).equals(backup0)).toBe(true);
    expectIntact(dir, ['plan.xlsx', 'out.xlsx']);
  });
});

describe('import-budget and init on a nearly full disk', () => {
  it('import-budget: exit 2, the plan and its previous backup are kept', () => {
    const { dir, plan } = stage(8192, { backup: true });
    const run = runBuiltCli(['import-budget', plan, csv]);
    expect(run.stderr).toBe(
      `plan-sync: plan.xlsx could not be written: the disk is full (it needs about ${kb(importedSize + plan0.length)} free in ${dir} for the new file and its backup; only 8 KB free). Free some space and try again; the original is unchanged.`,
    );
    expect(run.code).toBe(2);
    expectIntact(dir, ['plan.xlsx', 'plan.backup.xlsx']);
  });

  it('init: no file is left, and it does not speak of an original', () => {
    const { dir } = stage(8192);
    const run = runBuiltCli(['init', join(dir, 'new.xlsx'), '--example']);
    expect(run.stderr).toBe(
      `plan-sync: new.xlsx could not be written: the disk is full (it needs about ${kb(initSize)} free in ${dir} for the new file; only 8 KB free). Free some space and try again; nothing was written.`,
    );
    expect(run.code).toBe(2);
    expect(existsSync(join(dir, 'new.xlsx'))).toBe(false);
    expectIntact(dir, ['plan.xlsx']);
  });

  it('init --force over a plan leaves that plan as it was', () => {
    const { dir, plan } = stage(8192);
    const run = runBuiltCli(['init', plan, '--example', '--force']);
    expect(run.stderr).toMatch(
      /^plan-sync: plan\.xlsx could not be written: the disk is full \(.*\)\. Free some space and try again; the existing plan\.xlsx is unchanged\.$/,
    );
    expect(run.code).toBe(2);
    expectIntact(dir, ['plan.xlsx']);
  });
});

describe('a read-only disk', () => {
  it('says so, names the folder, and changes nothing', () => {
    const { dir, plan } = stage(64 * 1024, { backup: true });
    mount(['-o', 'remount,ro', disk]);
    try {
      for (const args of [
        ['sync', plan],
        ['import-budget', plan, csv],
        ['init', join(dir, 'x.xlsx')],
      ]) {
        const run = runBuiltCli(args);
        expect(run.stderr).toMatch(
          new RegExp(
            `^plan-sync: (plan|x)\\.xlsx could not be written: the folder ${dir} is on a read-only disk or share\\. Copy the workbook to a folder you can write to and run the command there; (the original is unchanged|nothing was written)\\.$`,
          ),
        );
        expect(run.code).toBe(2);
      }
    } finally {
      mount(['-o', 'remount,rw', disk]);
    }
    expectIntact(dir, ['plan.xlsx', 'plan.backup.xlsx']);
  });
});
