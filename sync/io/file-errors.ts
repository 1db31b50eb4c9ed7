/**
 * One-line reasons for file-system failures (a file that cannot be read, a folder that cannot be
 * written, a full disk...), naming the file or folder and saying what to do. Every read and write
 * of the command line goes through here, so the same failure reads the same everywhere.
 */

import { basename, dirname, join, resolve } from 'node:path';

/** Our own failures of a write that the system did not report as an error. */
export const SHORT_WRITE = 'ESHORTWRITE';
export const READ_BACK_DIFFERS = 'EREADBACK';

export interface ShortWriteError extends Error {
  code: typeof SHORT_WRITE;
  written: number;
  total: number;
}

export function shortWriteError(written: number, total: number): ShortWriteError {
  return Object.assign(new Error(`only ${written} of ${total} bytes were written`), {
    code: SHORT_WRITE as typeof SHORT_WRITE,
    written,
    total,
  });
}

export function readBackError(detail: string): Error {
  return Object.assign(new Error(detail), { code: READ_BACK_DIFFERS });
}

export interface ReadContext {
  action: 'read';
  /** The file as the user named it. */
  path: string;
}

export interface WriteContext {
  action: 'write';
  /** The file being written, as the user named it. */
  path: string;
  /** What is true of the user's files after the failure, e.g. "the original is unchanged". */
  outcome: string;
  /** Bytes the write needs free beside the file (the new file, and its backup when one is kept). */
  needed: number;
  /** Bytes free there now, when the system can say. */
  free: number | null;
  /** A backup is part of what needs the space. */
  withBackup: boolean;
}

/** `8 KB`, `1.4 MB`: rounded up for what is needed, down for what is free. */
export function formatSize(bytes: number, round: 'up' | 'down'): string {
  const r = round === 'up' ? Math.ceil : Math.floor;
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${r(bytes / 1024)} KB`;
  return `${r(bytes / 1024 / 102.4) / 10} MB`;
}

function codeOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

const IN_USE =
  'is in use by another program (Excel, a backup or a file-sync tool); close it and try again';
const TOO_MANY_OPEN = 'too many files are open on this computer; close some programs and try again';
const TOO_LONG =
  'the name or folder path is too long; use a shorter name or a folder nearer the top of the disk';

function readReason(e: unknown, path: string): string {
  switch (codeOf(e)) {
    case 'ENOENT':
      return `${path}: no such file. Check the name and the folder (give the full path if the file is elsewhere).`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: plan-sync is not allowed to read this file (or to open its folder). Ask its owner for read access, or copy it to a folder of your own and use the copy.`;
    case 'EISDIR':
      return `${path} is a folder, not a file. Give the path of the workbook inside it.`;
    case 'ENOTDIR':
      return `${path}: part of this path is a file, not a folder. Check the path.`;
    case 'EIO':
      return `${path}: the disk reported an error while reading it (EIO). Copy the file to another disk and try again.`;
    case 'EBUSY':
    case 'ETXTBSY':
      return `${path} ${IN_USE}.`;
    case 'EMFILE':
    case 'ENFILE':
      return `${path} cannot be opened: ${TOO_MANY_OPEN}.`;
    case 'ENAMETOOLONG':
      return `${path} cannot be opened: ${TOO_LONG}.`;
    case 'ELOOP':
      return `${path}: this path is a shortcut (symbolic link) that points back to itself. Give the real file.`;
    default:
      return `${path}: cannot be read (${codeOf(e) ?? (e as Error).message}).`;
  }
}

function writeReason(e: unknown, ctx: WriteContext): string {
  const file = basename(ctx.path);
  const folder = dirname(resolve(ctx.path));
  const space = () => {
    const what = ctx.withBackup ? 'the new file and its backup' : 'the new file';
    const free = ctx.free === null ? '' : `; only ${formatSize(ctx.free, 'down')} free`;
    return `it needs about ${formatSize(ctx.needed, 'up')} free in ${folder} for ${what}${free}`;
  };
  const full = `the disk is full (${space()}). Free some space and try again`;
  switch (codeOf(e)) {
    case 'ENOSPC':
      return full;
    case 'EDQUOT':
      return `your disk quota is used up (${space()}). Delete some of your files or ask for a larger quota, then try again`;
    case SHORT_WRITE: {
      const { written, total } = e as ShortWriteError;
      if (ctx.free !== null && ctx.free < ctx.needed) return full;
      return `the disk accepted only ${written} of ${total} bytes. Check the disk, or save to another folder, and try again`;
    }
    case READ_BACK_DIFFERS:
      return `the file read back from the disk is not what was written (${(e as Error).message}). Check the disk, or save to another folder, and try again`;
    case 'EACCES':
    case 'EPERM':
      return `plan-sync is not allowed to create or replace files in the folder ${folder}. Ask for write permission on that folder, or copy the workbook to a folder of your own and work there`;
    case 'EROFS':
      return `the folder ${folder} is on a read-only disk or share. Copy the workbook to a folder you can write to and run the command there`;
    case 'EISDIR':
      return `${ctx.path} is a folder. Give a file name, for example ${join(ctx.path, 'plan.xlsx')}`;
    case 'ENOENT':
      return `the folder ${folder} does not exist. Create it first, or choose another folder`;
    case 'ENOTDIR':
      return `part of the path ${ctx.path} is a file, not a folder. Check the path`;
    case 'EIO':
      return `the disk reported an error (EIO) in ${folder}. Check the disk, or save to another folder, and try again`;
    case 'EFBIG':
      return `the file is too large for the disk in ${folder}. Save it on another disk`;
    case 'EBUSY':
    case 'ETXTBSY':
      return `${file} ${IN_USE}`;
    case 'EMFILE':
    case 'ENFILE':
      return TOO_MANY_OPEN;
    case 'ENAMETOOLONG':
      return TOO_LONG;
    default:
      return `the system said ${codeOf(e) ?? (e as Error).message}`;
  }
}

/** The one-line reason for a failed read or write (without the `plan-sync: ` prefix). */
export function fileProblem(e: unknown, ctx: ReadContext | WriteContext): string {
  if (ctx.action === 'read') return readReason(e, ctx.path);
  return `${basename(ctx.path)} could not be written: ${writeReason(e, ctx)}; ${ctx.outcome}.`;
}
