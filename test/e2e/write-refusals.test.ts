/**
 * Before anything is written: a read-only file is refused unless --force, a lock file stops the
 * write of the file it locks (not the read of another), a stale lock file is called stale with the
 * command that removes it, and a folder the user may not write in (tried for real, as another user)
 * is named with what to do.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../helpers/built-cli.js';
import { cli } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixtures.js';
import { howToDelete } from '../../sync/io/safe-write.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { listParts } from '../helpers/parts.js';

/** The unprivileged user the permission cases run as. */
const NOBODY = 65534;

let root: string;
let fixture: string;
let csv: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plan-sync-refusals-'));
  chmodSync(root, 0o755);
  fixture = makeFixture('foreign-plan', join(root, 'fixtures'));
  csv = join(root, 'budget.csv');
  writeFileSync(csv, 'Item,2020-21\nStaff,10\nSystems,5\nTotal,15\n');
  chmodSync(csv, 0o644);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function fresh(name = 'Plan.xlsx'): { dir: string; plan: string; bytes: Buffer } {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  const plan = join(dir, name);
  copyFileSync(fixture, plan);
  return { dir, plan, bytes: readFileSync(plan) };
}

/** Seconds since the epoch, `ago` seconds back. */
const past = (ago: number) => Date.now() / 1000 - ago;

describe('a read-only file', () => {
  it('is not replaced in place, by sync or import-budget, unless --force', async () => {
    for (const argv of [(p: string) => ['sync', p], (p: string) => ['import-budget', p, csv]]) {
      const { dir, plan, bytes } = fresh();
      chmodSync(plan, 0o444);
      const run = await cli(argv(plan));
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'plan-sync: Plan.xlsx is read-only, so it was not changed. Make it writable first, or add --force to replace it anyway (it stays read-only).',
      );
      expect(readFileSync(plan).equals(bytes)).toBe(true);
      expect(readdirSync(dir)).toEqual(['Plan.xlsx']);

      const forced = await cli([...argv(plan), '--force']);
      expect(forced.code).toBeLessThan(2);
      expect(readFileSync(plan).equals(bytes)).toBe(false);
      expect(statSync(plan).mode & 0o777).toBe(0o444);
      expect(readFileSync(join(dir, 'Plan.backup.xlsx')).equals(bytes)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['Plan.backup.xlsx', 'Plan.xlsx']);
    }
  });

  it('can still be read to write another file; a read-only OUT is refused unless --force', async () => {
    const { dir, plan, bytes } = fresh();
    chmodSync(plan, 0o444);
    const out = join(dir, 'out.xlsx');
    expect((await cli(['sync', plan, '-o', out])).code).toBe(0);
    expect(readFileSync(plan).equals(bytes)).toBe(true);
    // Kept to compare parts with: zip times of changed parts are the time of writing, so two
    // runs a second apart differ in bytes but not in content.
    const first = join(dir, 'first.xlsx');
    writeFileSync(first, readFileSync(out));

    writeFileSync(out, 'an old report');
    chmodSync(out, 0o444);
    const run = await cli(['sync', plan, '-o', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'plan-sync: out.xlsx is read-only, so it was not changed. Make it writable first, or add --force to replace it anyway (it stays read-only).',
    );
    expect(readFileSync(out, 'utf8')).toBe('an old report');
    expect((await cli(['sync', plan, '-o', out, '--force'])).code).toBe(0);
    expect(listParts(out)).toEqual(listParts(first));
  });

  it('init keeps its own rule: an existing file needs --force, which replaces it even read-only', async () => {
    const { plan, bytes } = fresh();
    chmodSync(plan, 0o444);
    const run = await cli(['init', plan]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already exists\. Choose another name, or add --force/);
    expect(readFileSync(plan).equals(bytes)).toBe(true);
    expect((await cli(['init', plan, '--force'])).code).toBe(0);
    expect(dumpWorkbook(plan, { sheets: [] }).sheets.map((s) => s.name)).toEqual([
      'Plan',
      'Workstreams',
      'Settings',
      'RAG key',
    ]);
  });

  it('is judged by the write bit of the user running plan-sync', () => {
    const { dir, plan, bytes } = fresh();
    chownSync(dir, NOBODY, NOBODY);
    chownSync(plan, NOBODY, NOBODY);
    chmodSync(plan, 0o466); // others may write it, its owner may not
    const run = runBuiltCli(['sync', plan], { uid: NOBODY, gid: NOBODY });
    expect(run.stderr).toMatch(/^plan-sync: Plan\.xlsx is read-only, so it was not changed\./);
    expect(run.code).toBe(2);
    expect(readFileSync(plan).equals(bytes)).toBe(true);
    chmodSync(plan, 0o644);
    expect(runBuiltCli(['sync', plan], { uid: NOBODY, gid: NOBODY }).code).toBe(0);
  });
});

describe('lock files', () => {
  it('a workbook open in Excel can be read to write another file', async () => {
    const { dir, plan, bytes } = fresh();
    writeFileSync(join(dir, '~$Plan.xlsx'), 'owner');
    const out = join(dir, 'other.xlsx');
    const run = await cli(['sync', plan, '-o', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(plan).equals(bytes)).toBe(true);
    expect(sheetOf(dumpWorkbook(out, { sheets: [] }), 'Transition Plan').maxCol).toBeGreaterThan(
      sheetOf(dumpWorkbook(plan, { sheets: [] }), 'Transition Plan').maxCol,
    );
  });

  it('but OUT open in Excel or LibreOffice is refused', async () => {
    const { dir, plan } = fresh();
    const out = join(dir, 'other.xlsx');
    copyFileSync(plan, out);
    const before = readFileSync(out);
    for (const lock of ['~$other.xlsx', '.~lock.other.xlsx#']) {
      writeFileSync(join(dir, lock), 'owner');
      const run = await cli(['sync', plan, '-o', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `plan-sync: other.xlsx is open in Excel or LibreOffice (found ${lock}). Close it and try again; nothing was written.`,
      );
      expect(readFileSync(out).equals(before)).toBe(true);
      rmSync(join(dir, lock));
    }
  });

  it('import-budget and init --force refuse a workbook that is open', async () => {
    const { dir, plan, bytes } = fresh();
    writeFileSync(join(dir, '~$Plan.xlsx'), 'owner');
    for (const argv of [
      ['import-budget', plan, csv],
      ['init', plan, '--force'],
    ]) {
      const run = await cli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^plan-sync: Plan\.xlsx is open in Excel or LibreOffice/);
    }
    expect(readFileSync(plan).equals(bytes)).toBe(true);
  });

  it('older than the last save is called stale, with the command that deletes it', async () => {
    for (const lock of ['~$Plan.xlsx', '.~lock.Plan.xlsx#']) {
      const { dir, plan, bytes } = fresh();
      const lockPath = join(dir, lock);
      writeFileSync(lockPath, 'owner');
      utimesSync(lockPath, past(3600), past(3600));
      const run = await cli(['sync', plan]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `plan-sync: Plan.xlsx looks open in Excel or LibreOffice (found ${lock}), but that lock file is older than the workbook's last save, so it may be stale (left behind when Excel or LibreOffice closed unexpectedly). If nobody has Plan.xlsx open, delete the lock file (rm '${lockPath}') and try again; nothing was written.`,
      );
      expect(readFileSync(plan).equals(bytes)).toBe(true);
      // The command given works as printed in a shell ($ and # in the name included).
      const command = /\((rm '[^']+')\)/.exec(run.stderr)![1];
      execFileSync('/bin/sh', ['-c', command]);
      expect(existsSync(lockPath)).toBe(false);
      expect((await cli(['sync', plan])).code).toBe(0);
    }
  });

  it('the printed command works for any name, quotes and $ included', async () => {
    const { dir, plan } = fresh("Bob's $HOME `plan`.xlsx");
    const lockPath = join(dir, "~$Bob's $HOME `plan`.xlsx");
    writeFileSync(lockPath, 'owner');
    writeFileSync(join(dir, 'keep.txt'), 'other file');
    utimesSync(lockPath, past(3600), past(3600));
    const run = await cli(['sync', plan]);
    expect(run.code).toBe(2);
    const command = /delete the lock file \((rm .*)\) and try again/.exec(run.stderr)![1];
    execFileSync('/bin/sh', ['-c', command]);
    expect(readdirSync(dir).sort()).toEqual(["Bob's $HOME `plan`.xlsx", 'keep.txt']);
  });

  it('on Windows, says how to delete the hidden file', () => {
    expect(howToDelete("C:\\Users\\bob\\Bob's\\~$Plan.xlsx", 'win32')).toBe(
      "in File Explorer with View > Show > Hidden items on, or in PowerShell: Remove-Item -Force 'C:\\Users\\bob\\Bob''s\\~$Plan.xlsx'",
    );
  });

  it('for an OUT that does not exist is stale', async () => {
    const { dir, plan } = fresh();
    writeFileSync(join(dir, '~$new.xlsx'), 'owner');
    const run = await cli(['sync', plan, '-o', join(dir, 'new.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `plan-sync: new.xlsx looks open in Excel or LibreOffice (found ~$new.xlsx), but new.xlsx does not exist, so that lock file is stale. If nobody has new.xlsx open, delete the lock file (rm '${join(dir, '~$new.xlsx')}') and try again; nothing was written.`,
    );
    expect(existsSync(join(dir, 'new.xlsx'))).toBe(false);
  });
});

describe('folders and files plan-sync may not use (real, as an unprivileged user)', () => {
  const asNobody = (args: string[]) => runBuiltCli(args, { uid: NOBODY, gid: NOBODY });

  it('a folder it may not write in is named, with what to do', () => {
    const { dir, plan, bytes } = fresh();
    chmodSync(plan, 0o666); // the file itself is writable; its folder is not
    for (const [args, outcome] of [
      [['sync', plan], 'the original is unchanged'],
      [['import-budget', plan, csv], 'the original is unchanged'],
      [['init', join(dir, 'new.xlsx')], 'nothing was written'],
    ] as const) {
      const run = asNobody([...args]);
      expect(run.stderr).toBe(
        `plan-sync: ${args[0] === 'init' ? 'new' : 'Plan'}.xlsx could not be written: plan-sync is not allowed to create or replace files in the folder ${dir}. Ask for write permission on that folder, or copy the workbook to a folder of your own and work there; ${outcome}.`,
      );
      expect(run.code).toBe(2);
    }
    expect(readFileSync(plan).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['Plan.xlsx']);
  });

  it('a file it may not read is named, with what to do', () => {
    const { plan } = fresh();
    chmodSync(plan, 0o600);
    for (const args of [
      ['validate', plan],
      ['sync', plan],
      ['import-budget', plan, csv],
    ]) {
      const run = asNobody(args);
      expect(run.stderr).toBe(
        `plan-sync: ${plan}: plan-sync is not allowed to read this file (or to open its folder). Ask its owner for read access, or copy it to a folder of your own and use the copy.`,
      );
      expect(run.code).toBe(2);
    }
  });

  it('a folder given as the file, and a folder that does not exist', async () => {
    const { dir, plan, bytes } = fresh();
    const validate = await cli(['validate', dir]);
    expect(validate.stderr).toBe(
      `plan-sync: ${dir} is a folder, not a file. Give the path of the workbook inside it.`,
    );
    const into = await cli(['sync', plan, '-o', dir]);
    expect(into.stderr).toBe(
      `plan-sync: ${dir} is a folder. Give a file name, for example ${join(dir, 'plan.xlsx')}; nothing was written.`,
    );
    const missing = join(dir, 'no such folder', 'out.xlsx');
    const nowhere = await cli(['sync', plan, '-o', missing]);
    expect(nowhere.stderr).toBe(
      `plan-sync: out.xlsx could not be written: the folder ${join(dir, 'no such folder')} does not exist. Create it first, or choose another folder; nothing was written.`,
    );
    for (const run of [validate, into, nowhere]) expect(run.code).toBe(2);
    expect(readFileSync(plan).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['Plan.xlsx']);
  });
});

describe('--help', () => {
  it('every command that writes lists --force and what it does to a read-only file', async () => {
    for (const command of ['sync', 'import-budget', 'init']) {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout, command).toMatch(/^ {2}--force {2,}\S.*read-only/m);
    }
  });
});
