/**
 * Writing a workbook back without ever leaving a half-written file: refuse when the file is open
 * or changed under us, keep a backup, write a temporary file beside the target, then rename it.
 */

import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { CannotProceed } from './load.js';

/** Excel's owner file (`~$Plan.xlsx`, long names lose two letters) and LibreOffice's lock file. */
export function lockFilesFor(path: string): string[] {
  const dir = dirname(path);
  const name = basename(path);
  return [join(dir, `~$${name}`), join(dir, `~$${name.slice(2)}`), join(dir, `.~lock.${name}#`)];
}

export function assertNotOpen(path: string): void {
  const lock = lockFilesFor(path).find((f) => existsSync(f));
  if (lock) {
    throw new CannotProceed(
      `${basename(path)} is open in Excel or LibreOffice (found ${basename(lock)}). Close it and try again; nothing was written.`,
    );
  }
}

/** `Plan.xlsx` -> `Plan.backup.xlsx`, beside it. */
export function backupPathFor(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.backup${ext}`);
}

export interface SafeWriteOptions {
  /** The file as we read it: the target must still hold exactly these bytes (in-place writes). */
  original?: Buffer;
  /** Keep a copy of the current target beside it before replacing it. */
  backup: boolean;
}

export function safeWrite(
  target: string,
  bytes: Buffer,
  options: SafeWriteOptions,
): { backup: string | null } {
  assertNotOpen(target);
  if (options.original) {
    let now: Buffer | null;
    try {
      now = readFileSync(target);
    } catch {
      now = null;
    }
    if (!now || !now.equals(options.original)) {
      throw new CannotProceed(
        `${basename(target)} changed on disk while plan-sync was working. Nothing was written; run the command again.`,
      );
    }
  }
  const temp = join(dirname(target), `.${basename(target)}.plan-sync-${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The new file keeps the old one's permissions.
    if (existsSync(target)) chmodSync(temp, statSync(target).mode & 0o7777);
    let backup: string | null = null;
    if (options.backup && existsSync(target)) {
      backup = backupPathFor(target);
      copyFileSync(target, backup);
    }
    renameSync(temp, target);
    return { backup };
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file may not exist
    }
    if (e instanceof CannotProceed) throw e;
    throw new CannotProceed(
      `${basename(target)} could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the original is unchanged.`,
    );
  }
}
