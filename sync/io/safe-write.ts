/**
 * Writing a workbook without ever leaving a half-written file or losing the backup. Every command
 * that writes (sync, import-budget, init) goes through `safeWrite`, which refuses when the target is
 * open, read-only or changed under us, then:
 *
 *   1. writes the new file to a temporary file beside the target: every byte written (a short write
 *      is a failure), flushed to the disk, then read back and compared (size and SHA-256);
 *   2. when a backup is kept, writes the backup the same way to its own temporary file;
 *   3. checks the target still holds what we read;
 *   4. renames the backup over the old backup, then the new file over the target (the old backup is
 *      kept aside until the target is replaced, and put back if that fails);
 *   5. flushes the folder, so the renames survive a power cut.
 *
 * Any failure before the target is replaced removes the temporary files and leaves the target and
 * the old backup exactly as they were.
 */

import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, extname, join, posix, resolve, win32 } from 'node:path';
import { fileProblem, readBackError, shortWriteError, type WriteContext } from './file-errors.js';
import { fileSystem, type FileStat } from './file-system.js';
import { CannotProceed } from './load.js';

/** Excel's owner file (`~$Plan.xlsx`, long names lose two letters) and LibreOffice's lock file. */
export function lockFilesFor(path: string): string[] {
  const dir = dirname(path);
  const name = basename(path);
  return [join(dir, `~$${name}`), join(dir, `~$${name.slice(2)}`), join(dir, `.~lock.${name}#`)];
}

function statOrNull(path: string): FileStat | null {
  try {
    return fileSystem().statSync(path);
  } catch {
    return null;
  }
}

/**
 * How to delete the lock file `path`: the shell command on Linux and macOS (single quotes, so `~$`
 * is not expanded); on Windows, where Excel's lock file is hidden, File Explorer or PowerShell.
 */
export function howToDelete(path: string, platform: string = process.platform): string {
  if (platform === 'win32') {
    const full = win32.resolve(path);
    return `in File Explorer with View > Show > Hidden items on, or in PowerShell: Remove-Item -Force '${full.replace(/'/g, "''")}'`;
  }
  return `rm '${posix.resolve(path).replace(/'/g, `'\\''`)}'`;
}

export function assertNotOpen(path: string): void {
  const lock = lockFilesFor(path)
    .map((f) => ({ path: f, stat: statOrNull(f) }))
    .find((f) => f.stat);
  if (!lock) return;
  const name = basename(path);
  const workbook = statOrNull(path);
  // Excel and LibreOffice make the lock file when the workbook is opened; one older than the
  // workbook's last save may be left over from a crash (or the workbook was saved while open).
  if (!workbook || lock.stat!.mtimeMs < workbook.mtimeMs) {
    const why = workbook
      ? `that lock file is older than the workbook's last save, so it may be stale (left behind when Excel or LibreOffice closed unexpectedly)`
      : `${name} does not exist, so that lock file is stale`;
    throw new CannotProceed(
      `${name} looks open in Excel or LibreOffice (found ${basename(lock.path)}), but ${why}. If nobody has ${name} open, delete the lock file (${howToDelete(lock.path)}) and try again; nothing was written.`,
    );
  }
  throw new CannotProceed(
    `${name} is open in Excel or LibreOffice (found ${basename(lock.path)}). Close it and try again; nothing was written.`,
  );
}

/**
 * Read-only for the user running plan-sync: the write bit of their class (owner, group, others) is
 * off. Root may write any file, so for root (and on Windows) it means nobody may write it.
 */
function isReadOnly(stat: FileStat): boolean {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return (stat.mode & 0o222) === 0;
  if (stat.uid === uid) return (stat.mode & 0o200) === 0;
  if (stat.gid === process.getgid?.() || (process.getgroups?.() ?? []).includes(stat.gid))
    return (stat.mode & 0o020) === 0;
  return (stat.mode & 0o002) === 0;
}

export interface WriteChecks {
  /** Replace the target even when it is read-only. */
  force?: boolean;
}

/**
 * Everything that stops a write before any work is done: the target is open in Excel or
 * LibreOffice, is a folder, or is read-only (without --force). Commands call it early so they fail
 * fast; `safeWrite` calls it again just before writing.
 */
export function assertCanWrite(target: string, checks: WriteChecks = {}): void {
  assertNotOpen(target);
  const stat = statOrNull(target);
  if (!stat) return;
  if (stat.isDirectory())
    throw new CannotProceed(
      `${target} is a folder. Give a file name, for example ${join(target, 'plan.xlsx')}; nothing was written.`,
    );
  if (!checks.force && isReadOnly(stat))
    throw new CannotProceed(
      `${basename(target)} is read-only, so it was not changed. Make it writable first, or add --force to replace it anyway (it stays read-only).`,
    );
}

/** `Plan.xlsx` -> `Plan.backup.xlsx`, beside it. */
export function backupPathFor(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.backup${ext}`);
}

export interface SafeWriteOptions extends WriteChecks {
  /** The file as we read it: the target must still hold exactly these bytes (in-place writes). */
  original?: Buffer;
  /** Keep a copy of the current target beside it before replacing it. */
  backup: boolean;
}

/** A hidden name beside `path` that no other run can pick. */
function tempPathFor(path: string, suffix: string): string {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.plan-sync-${tag}.${suffix}`);
}

const READ_CHUNK = 1 << 20;

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** Every byte written, or an error: `writeSync` may write fewer bytes than asked without failing. */
function writeAll(fd: number, bytes: Buffer): void {
  const fs = fileSystem();
  let offset = 0;
  while (offset < bytes.length) {
    const n = fs.writeSync(fd, bytes, offset, bytes.length - offset, offset);
    if (!(n > 0)) throw shortWriteError(offset, bytes.length);
    offset += n;
  }
}

/** The open file holds exactly `bytes`: same size, same SHA-256 of what is read back. */
function assertHolds(fd: number, bytes: Buffer): void {
  const fs = fileSystem();
  const size = fs.fstatSync(fd).size;
  if (size !== bytes.length)
    throw readBackError(`the disk holds ${size} bytes, ${bytes.length} were written`);
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(Math.min(READ_CHUNK, Math.max(bytes.length, 1)));
  let position = 0;
  while (position < bytes.length) {
    const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, bytes.length - position), position);
    if (!(n > 0))
      throw readBackError(`only ${position} of ${bytes.length} bytes could be read back`);
    hash.update(chunk.subarray(0, n));
    position += n;
  }
  if (!hash.digest().equals(sha256(bytes)))
    throw readBackError('its contents differ from what was written');
}

/**
 * Create `path` (it must not exist) holding exactly `bytes`, flushed to the disk and verified.
 * `created` gets the path as soon as the file exists, so the caller can remove it on failure.
 */
function writeVerified(path: string, bytes: Buffer, mode: number | null, created: string[]): void {
  const fs = fileSystem();
  // A new file gets the usual permissions (the umask applies); a replacement keeps the old one's,
  // and is private until then.
  const fd = fs.openSync(path, 'wx+', mode === null ? 0o666 : 0o600);
  created.push(path);
  try {
    if (mode !== null) {
      try {
        fs.fchmodSync(fd, mode);
      } catch {
        // a file system without permissions (FAT) keeps its own
      }
    }
    writeAll(fd, bytes);
    fs.fsyncSync(fd);
    assertHolds(fd, bytes);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // the first failure is the one to report
    }
    throw e;
  }
  // Some file systems (NFS, SMB) report a failed write only when the file is closed.
  fs.closeSync(fd);
}

/**
 * Keep the current file at `path` under a hidden name too until the replacement is final, so it can
 * be put back. Null when there is no file at `path`.
 */
function setAside(path: string): { aside: string; linked: boolean } | null {
  const fs = fileSystem();
  if (!statOrNull(path)) return null;
  const aside = tempPathFor(path, 'old');
  try {
    // A second name for the same file: the old backup never disappears from its own name.
    fs.linkSync(path, aside);
    return { aside, linked: true };
  } catch {
    // No hard links here (FAT, some shares): move it aside instead.
    fs.renameSync(path, aside);
    return { aside, linked: false };
  }
}

/** Flush the folder's entries, so the renames are on the disk; not every system can. */
function syncFolder(folder: string): void {
  const fs = fileSystem();
  let fd: number | null = null;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; some file systems refuse to flush one
  } finally {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // nothing more to do
      }
    }
  }
}

function assertUnchanged(target: string, original: Buffer): void {
  let now: Buffer | null;
  try {
    now = fileSystem().readFileSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new CannotProceed(fileProblem(e, { action: 'read', path: target }));
    now = null;
  }
  if (!now || !now.equals(original)) {
    throw new CannotProceed(
      `${basename(target)} changed on disk while plan-sync was working. Nothing was written; run the command again.`,
    );
  }
}

export function safeWrite(
  target: string,
  bytes: Buffer,
  options: SafeWriteOptions,
): { backup: string | null } {
  assertCanWrite(target, options);
  const fs = fileSystem();
  const existing = statOrNull(target);
  const backupPath = options.backup && existing ? backupPathFor(target) : null;
  if (backupPath && statOrNull(backupPath)?.isDirectory())
    throw new CannotProceed(
      `${basename(backupPath)} is a folder, so no backup of ${basename(target)} can be kept beside it. Rename that folder, or add --no-backup; nothing was written.`,
    );
  const outcome = options.original
    ? 'the original is unchanged'
    : existing
      ? `the existing ${basename(target)} is unchanged`
      : 'nothing was written';
  const created: string[] = [];
  let backupBytes: Buffer | null = null;
  let oldBackup: ReturnType<typeof setAside> = null;
  let backupPlaced = false;
  try {
    const mode = existing ? existing.mode & 0o7777 : null;
    const newTemp = tempPathFor(target, 'tmp');
    writeVerified(newTemp, bytes, mode, created);
    let backupTemp: string | null = null;
    if (backupPath) {
      backupBytes = options.original ?? fs.readFileSync(target);
      backupTemp = tempPathFor(backupPath, 'tmp');
      writeVerified(backupTemp, backupBytes, mode, created);
    }
    if (options.original) assertUnchanged(target, options.original);
    if (backupPath && backupTemp) {
      oldBackup = setAside(backupPath);
      fs.renameSync(backupTemp, backupPath);
      created.splice(created.indexOf(backupTemp), 1);
      backupPlaced = true;
    }
    fs.renameSync(newTemp, target);
    created.splice(created.indexOf(newTemp), 1);
  } catch (e) {
    for (const path of created) {
      try {
        fs.unlinkSync(path);
      } catch {
        // already gone
      }
    }
    // The target was not replaced: the old backup goes back under its name (or, when there was
    // none, the new one goes).
    try {
      if (oldBackup && (backupPlaced || !oldBackup.linked))
        fs.renameSync(oldBackup.aside, backupPath!);
      else if (oldBackup) fs.unlinkSync(oldBackup.aside);
      else if (backupPlaced) fs.unlinkSync(backupPath!);
    } catch {
      // the old backup is still beside it under the hidden name
    }
    if (e instanceof CannotProceed) throw e;
    let free: number | null;
    try {
      free = fs.freeBytes(dirname(resolve(target)));
    } catch {
      free = null;
    }
    const context: WriteContext = {
      action: 'write',
      path: target,
      outcome,
      needed: bytes.length + (backupBytes?.length ?? (backupPath ? existing!.size : 0)),
      free,
      withBackup: backupPath !== null,
    };
    throw new CannotProceed(fileProblem(e, context));
  }
  // The target is replaced: the old backup's hidden name is no longer needed.
  if (oldBackup) {
    try {
      fs.unlinkSync(oldBackup.aside);
    } catch {
      // a leftover hidden copy of an old backup is harmless
    }
  }
  syncFolder(dirname(resolve(target)));
  return { backup: backupPath };
}
