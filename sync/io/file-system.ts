/**
 * The file-system calls the command line reads and writes workbooks with, behind one object so
 * tests can make the disk misbehave (short writes, a full disk, a read-back that differs) without
 * needing a broken disk. Production code always uses node:fs.
 */

import * as fs from 'node:fs';

export interface FileStat {
  size: number;
  mode: number;
  mtimeMs: number;
  uid: number;
  gid: number;
  isDirectory(): boolean;
}

export interface FileSystem {
  statSync(path: string): FileStat;
  readFileSync(path: string): Buffer;
  openSync(path: string, flags: string, mode?: number): number;
  /** Writes up to `length` bytes; may write fewer without throwing. */
  writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  readSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  fstatSync(fd: number): FileStat;
  fchmodSync(fd: number, mode: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  linkSync(existing: string, link: string): void;
  unlinkSync(path: string): void;
  /** Free space for an unprivileged user, in bytes. */
  freeBytes(path: string): number;
}

export const nodeFileSystem: FileSystem = {
  statSync: (path) => fs.statSync(path),
  readFileSync: (path) => fs.readFileSync(path),
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length, position) =>
    fs.writeSync(fd, buffer, offset, length, position),
  readSync: (fd, buffer, offset, length, position) =>
    fs.readSync(fd, buffer, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  fstatSync: (fd) => fs.fstatSync(fd),
  fchmodSync: (fd, mode) => fs.fchmodSync(fd, mode),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  linkSync: (existing, link) => fs.linkSync(existing, link),
  unlinkSync: (path) => fs.unlinkSync(path),
  freeBytes: (path) => {
    const s = fs.statfsSync(path);
    return s.bavail * s.bsize;
  },
};

let current: FileSystem = nodeFileSystem;

/** The file system in use (node:fs unless a test replaced some calls). */
export function fileSystem(): FileSystem {
  return current;
}

/**
 * For tests only: replace some calls (the rest stay node:fs) until called again with null.
 * Returns the replaced file system, so a test can wrap the real calls.
 */
export function replaceFileSystemForTests(calls: Partial<FileSystem> | null): FileSystem {
  current = calls ? { ...nodeFileSystem, ...calls } : nodeFileSystem;
  return current;
}
