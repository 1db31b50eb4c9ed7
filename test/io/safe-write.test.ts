/**
 * The write path under a misbehaving disk, injected through the file-system seam: short and
 * zero-byte writes, a full disk at each step (write, flush, rename), a read-back that differs,
 * a failure only reported on close. After every failure the original and the previous backup hold
 * exactly their old bytes and no temporary file is left; the reason is one line naming the file.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplateWorkbook } from '../../sync/commands/init.js';
import {
  nodeFileSystem,
  replaceFileSystemForTests,
  type FileSystem,
} from '../../sync/io/file-system.js';
import { CannotProceed, loadWorkbookFile } from '../../sync/io/load.js';
import { safeWrite } from '../../sync/io/safe-write.js';
import { cli } from '../helpers/cli.js';

let root: string;
let original: Buffer;
let oldBackup: Buffer;
let replacement: Buffer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'plan-sync-seam-'));
  original = await buildTemplateWorkbook(true);
  oldBackup = await buildTemplateWorkbook(false);
  // Any bytes will do for the write path; make them bigger than one write so chunking shows.
  replacement = Buffer.concat([original, Buffer.alloc(5000, 7)]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  replaceFileSystemForTests(null);
});

let n = 0;
/** A folder with plan.xlsx and (unless told) an older plan.backup.xlsx. */
function setUp(withBackup = true): { dir: string; plan: string; backup: string } {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  const plan = join(dir, 'plan.xlsx');
  const backup = join(dir, 'plan.backup.xlsx');
  writeFileSync(plan, original);
  if (withBackup) writeFileSync(backup, oldBackup);
  return { dir, plan, backup };
}

function error(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** Which file an fd was opened for, so a fault can hit only the backup's temporary file. */
function tracking(calls: (paths: Map<number, string>) => Partial<FileSystem>): Partial<FileSystem> {
  const paths = new Map<number, string>();
  const rest = calls(paths);
  return {
    openSync: (path, flags, mode) => {
      const fd = nodeFileSystem.openSync(path, flags, mode);
      paths.set(fd, path);
      return fd;
    },
    ...rest,
  };
}

const isBackupTemp = (path: string | undefined) =>
  /\.plan\.backup\.xlsx\.plan-sync-/.test(path ?? '');

function failedWrite(
  plan: string,
  options: { backup: boolean; withOriginal?: boolean } = { backup: true },
): string {
  try {
    safeWrite(plan, replacement, {
      backup: options.backup,
      original: options.withOriginal === false ? undefined : original,
    });
  } catch (e) {
    expect(e).toBeInstanceOf(CannotProceed);
    return (e as Error).message;
  }
  throw new Error('safeWrite should have failed');
}

function expectUntouched(dir: string, withBackup = true): void {
  expect(readFileSync(join(dir, 'plan.xlsx')).equals(original)).toBe(true);
  if (withBackup) expect(readFileSync(join(dir, 'plan.backup.xlsx')).equals(oldBackup)).toBe(true);
  // No temporary file (or hidden copy) left behind.
  expect(readdirSync(dir).sort()).toEqual(
    withBackup ? ['plan.backup.xlsx', 'plan.xlsx'] : ['plan.xlsx'],
  );
}

describe('every write is complete', () => {
  it('keeps writing when the system writes fewer bytes than asked', () => {
    const { dir, plan, backup } = setUp();
    const sizes: number[] = [];
    replaceFileSystemForTests({
      writeSync: (fd, buffer, offset, length, position) => {
        const k = Math.min(length, 4096);
        sizes.push(k);
        return nodeFileSystem.writeSync(fd, buffer, offset, k, position);
      },
    });
    expect(safeWrite(plan, replacement, { backup: true, original })).toEqual({ backup });
    expect(readFileSync(plan).equals(replacement)).toBe(true);
    expect(readFileSync(backup).equals(original)).toBe(true);
    expect(sizes.length).toBeGreaterThan(2 * Math.floor(replacement.length / 4096));
    expect(readdirSync(dir).sort()).toEqual(['plan.backup.xlsx', 'plan.xlsx']);
  });

  it('fails when a write stops short (then writes nothing), on a disk that is full', () => {
    const { dir, plan } = setUp();
    replaceFileSystemForTests({
      writeSync: (fd, buffer, offset, length, position) =>
        position === 0 ? nodeFileSystem.writeSync(fd, buffer, offset, 8192, position) : 0,
      freeBytes: () => 8192,
    });
    expect(failedWrite(plan)).toBe(
      `plan.xlsx could not be written: the disk is full (it needs about ${Math.ceil((replacement.length + original.length) / 1024)} KB free in ${dir} for the new file and its backup; only 8 KB free). Free some space and try again; the original is unchanged.`,
    );
    expectUntouched(dir);
  });

  it('fails on a zero-byte write even when the disk claims space', () => {
    const { dir, plan } = setUp();
    replaceFileSystemForTests({ writeSync: () => 0 });
    expect(failedWrite(plan)).toBe(
      `plan.xlsx could not be written: the disk accepted only 0 of ${replacement.length} bytes. Check the disk, or save to another folder, and try again; the original is unchanged.`,
    );
    expectUntouched(dir);
  });

  it('fails when the flush reports the disk full', () => {
    const { dir, plan } = setUp();
    replaceFileSystemForTests({
      fsyncSync: () => {
        throw error('ENOSPC');
      },
      freeBytes: () => 0,
    });
    expect(failedWrite(plan)).toMatch(
      /^plan\.xlsx could not be written: the disk is full \(it needs about \d+ KB free in .+ for the new file and its backup; only 0 bytes free\)\. Free some space and try again; the original is unchanged\.$/,
    );
    expectUntouched(dir);
  });

  it('fails when only the close reports the failure (as on network shares)', () => {
    const { dir, plan } = setUp();
    let closes = 0;
    replaceFileSystemForTests({
      closeSync: (fd) => {
        nodeFileSystem.closeSync(fd);
        if (++closes === 1) throw error('EIO');
      },
    });
    expect(failedWrite(plan)).toBe(
      `plan.xlsx could not be written: the disk reported an error (EIO) in ${dir}. Check the disk, or save to another folder, and try again; the original is unchanged.`,
    );
    expectUntouched(dir);
  });
});

describe('the file is proven before it replaces anything', () => {
  it('refuses when what is read back differs from what was written', () => {
    const { dir, plan } = setUp();
    replaceFileSystemForTests({
      readSync: (fd, buffer, offset, length, position) => {
        const k = nodeFileSystem.readSync(fd, buffer, offset, length, position);
        if (position === 0) buffer[offset + 100] ^= 0xff;
        return k;
      },
    });
    expect(failedWrite(plan)).toBe(
      'plan.xlsx could not be written: the file read back from the disk is not what was written (its contents differ from what was written). Check the disk, or save to another folder, and try again; the original is unchanged.',
    );
    expectUntouched(dir);
  });

  it('refuses when the file on disk has another size than was written', () => {
    const { dir, plan } = setUp();
    replaceFileSystemForTests({
      fstatSync: (fd) => ({ ...nodeFileSystem.fstatSync(fd), size: 8192 }),
    });
    expect(failedWrite(plan)).toContain(
      `(the disk holds 8192 bytes, ${replacement.length} were written)`,
    );
    expectUntouched(dir);
  });
});

describe('the backup is only replaced by a complete one', () => {
  it('keeps the old backup when the disk fills while writing the new backup', () => {
    const { dir, plan } = setUp();
    replaceFileSystemForTests(
      tracking((paths) => ({
        writeSync: (fd, buffer, offset, length, position) => {
          if (isBackupTemp(paths.get(fd))) {
            if (position > 0) throw error('ENOSPC');
            return nodeFileSystem.writeSync(fd, buffer, offset, 4096, position);
          }
          return nodeFileSystem.writeSync(fd, buffer, offset, length, position);
        },
      })),
    );
    expect(failedWrite(plan)).toMatch(/the disk is full .* the original is unchanged\.$/);
    expectUntouched(dir);
  });

  const renameFails = (
    when: (from: string, to: string) => boolean,
    code: string,
  ): Partial<FileSystem> => ({
    renameSync: (from, to) => {
      if (when(from, to)) throw error(code);
      nodeFileSystem.renameSync(from, to);
    },
  });
  const toBackup = (_from: string, to: string) => to.endsWith('/plan.backup.xlsx');
  const toPlan = (_from: string, to: string) => to.endsWith('/plan.xlsx');
  const noHardLinks: Partial<FileSystem> = {
    linkSync: () => {
      throw error('ENOTSUP');
    },
  };
  const renames: [string, Partial<FileSystem>][] = [
    [
      'keeps the old backup when the backup cannot be renamed into place',
      renameFails(toBackup, 'ENOSPC'),
    ],
    [
      'puts the old backup back when the workbook cannot be renamed into place',
      renameFails(toPlan, 'ENOSPC'),
    ],
    [
      'does the same where the file system has no hard links',
      { ...noHardLinks, ...renameFails(toPlan, 'EIO') },
    ],
    [
      'keeps the old backup, moved aside and back, when there are no hard links and its rename fails',
      { ...noHardLinks, ...renameFails((f, t) => f.endsWith('.tmp') && toBackup(f, t), 'EIO') },
    ],
  ];
  for (const [name, calls] of renames) {
    it(name, () => {
      const { dir, plan } = setUp();
      replaceFileSystemForTests(calls);
      expect(failedWrite(plan)).toMatch(
        /^plan\.xlsx could not be written: .*; the original is unchanged\.$/,
      );
      expectUntouched(dir);
    });
  }

  it('refuses to put a backup where a folder of that name is', () => {
    const { dir, plan } = setUp(false);
    mkdirSync(join(dir, 'plan.backup.xlsx'));
    expect(failedWrite(plan)).toBe(
      'plan.backup.xlsx is a folder, so no backup of plan.xlsx can be kept beside it. Rename that folder, or add --no-backup; nothing was written.',
    );
    expect(readFileSync(plan).equals(original)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['plan.backup.xlsx', 'plan.xlsx']);
  });

  it('leaves no new backup when there was none and the workbook cannot be replaced', () => {
    const { dir, plan } = setUp(false);
    replaceFileSystemForTests(renameFails(toPlan, 'EBUSY'));
    expect(failedWrite(plan)).toBe(
      'plan.xlsx could not be written: plan.xlsx is in use by another program (Excel, a backup or a file-sync tool); close it and try again; the original is unchanged.',
    );
    expectUntouched(dir, false);
  });

  it('writes the backup through the same checked path when all is well', () => {
    const { dir, plan, backup } = setUp();
    const flushed: string[] = [];
    replaceFileSystemForTests(
      tracking((paths) => ({
        fsyncSync: (fd) => {
          flushed.push(paths.get(fd) ?? '?');
          nodeFileSystem.fsyncSync(fd);
        },
      })),
    );
    safeWrite(plan, replacement, { backup: true, original });
    expect(readFileSync(plan).equals(replacement)).toBe(true);
    expect(readFileSync(backup).equals(original)).toBe(true);
    // The new file, the backup and the folder are each flushed.
    expect(flushed.length).toBe(3);
    expect(isBackupTemp(flushed[1])).toBe(true);
    expect(flushed[2]).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['plan.backup.xlsx', 'plan.xlsx']);
  });
});

describe('reasons name the file or folder and say what to do', () => {
  const cases: [string, RegExp][] = [
    [
      'EACCES',
      /^plan\.xlsx could not be written: plan-sync is not allowed to create or replace files in the folder \/.+\/case-\d+\. Ask for write permission on that folder, or copy the workbook to a folder of your own and work there; the original is unchanged\.$/,
    ],
    [
      'EPERM',
      /^plan\.xlsx could not be written: plan-sync is not allowed to create or replace files in the folder /,
    ],
    [
      'EROFS',
      /^plan\.xlsx could not be written: the folder \/.+\/case-\d+ is on a read-only disk or share\. Copy the workbook to a folder you can write to and run the command there; the original is unchanged\.$/,
    ],
    [
      'EDQUOT',
      /^plan\.xlsx could not be written: your disk quota is used up \(it needs about \d+ KB free in .+ for the new file and its backup; only [\d.]+ (KB|MB|bytes) free\)\. Delete some of your files or ask for a larger quota, then try again; the original is unchanged\.$/,
    ],
    ['EFBIG', /^plan\.xlsx could not be written: the file is too large for the disk in /],
    ['EMFILE', /^plan\.xlsx could not be written: too many files are open on this computer; /],
    ['ENAMETOOLONG', /^plan\.xlsx could not be written: the name or folder path is too long; /],
  ];
  for (const [code, message] of cases) {
    it(`${code} when creating the new file`, () => {
      const { dir, plan } = setUp();
      replaceFileSystemForTests({
        openSync: () => {
          throw error(code);
        },
      });
      expect(failedWrite(plan)).toMatch(message);
      expectUntouched(dir);
    });
  }

  it('init, which has no original, never says the original is unchanged', async () => {
    const dir = join(root, `case-${++n}`);
    mkdirSync(dir);
    replaceFileSystemForTests({
      openSync: () => {
        throw error('EACCES');
      },
    });
    const run = await cli(['init', join(dir, 'new.xlsx')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `plan-sync: new.xlsx could not be written: plan-sync is not allowed to create or replace files in the folder ${dir}. Ask for write permission on that folder, or copy the workbook to a folder of your own and work there; nothing was written.`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('init --force over a file says that file is unchanged', async () => {
    const { dir, plan } = setUp(false);
    replaceFileSystemForTests({
      writeSync: () => {
        throw error('ENOSPC');
      },
      freeBytes: () => 4096,
    });
    const run = await cli(['init', plan, '--force']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^plan-sync: plan\.xlsx could not be written: the disk is full \(it needs about \d+ KB free in .+ for the new file and its backup; only 4 KB free\)\. Free some space and try again; the existing plan\.xlsx is unchanged\.$/,
    );
    expectUntouched(dir, false);
  });

  it('read errors name the file and say what to do', () => {
    const { plan } = setUp(false);
    const reads: [string, string][] = [
      [
        'EACCES',
        `${plan}: plan-sync is not allowed to read this file (or to open its folder). Ask its owner for read access, or copy it to a folder of your own and use the copy.`,
      ],
      [
        'EIO',
        `${plan}: the disk reported an error while reading it (EIO). Copy the file to another disk and try again.`,
      ],
      [
        'EBUSY',
        `${plan} is in use by another program (Excel, a backup or a file-sync tool); close it and try again.`,
      ],
    ];
    for (const [code, message] of reads) {
      replaceFileSystemForTests({
        readFileSync: () => {
          throw error(code);
        },
      });
      expect(() => loadWorkbookFile(plan)).toThrow(new CannotProceed(message));
    }
  });

  it('sync and import-budget report the same way, exit 2, one line', async () => {
    const { dir, plan } = setUp();
    writeFileSync(join(root, 'budget.csv'), 'Item,2020-21\nStaff,10\nTotal,10\n');
    replaceFileSystemForTests({
      openSync: () => {
        throw error('EROFS');
      },
    });
    for (const argv of [
      ['sync', plan],
      ['import-budget', plan, join(root, 'budget.csv')],
    ]) {
      const run = await cli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `plan-sync: plan.xlsx could not be written: the folder ${dir} is on a read-only disk or share. Copy the workbook to a folder you can write to and run the command there; the original is unchanged.`,
      );
    }
    expectUntouched(dir);
  });
});

describe('permissions', () => {
  it('a new file gets the usual permissions; a replaced one and its backup keep the old ones', () => {
    const { dir, plan } = setUp(false);
    chmodSync(plan, 0o640);
    safeWrite(plan, replacement, { backup: true, original });
    expect(statSync(plan).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'plan.backup.xlsx')).mode & 0o777).toBe(0o640);
    const fresh = join(dir, 'fresh.xlsx');
    safeWrite(fresh, replacement, { backup: false });
    const umask = process.umask();
    expect(statSync(fresh).mode & 0o777).toBe(0o666 & ~umask);
    expect(existsSync(join(dir, 'fresh.backup.xlsx'))).toBe(false);
  });
});
