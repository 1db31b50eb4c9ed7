/**
 * The bytes a command would write, built and checked: every part copied as it is must be sound,
 * and the result must read back as exactly what was meant. Dry runs build it too and only skip
 * the write, so a dry run fails exactly when the real run would.
 */
import { verifyPackage } from '../xlsx/verify.js';
import { writeZip, type EntryContent } from '../xlsx/zip.js';
import { assertSound, CannotProceed, type LoadedWorkbook } from './load.js';
import { safeWrite } from './safe-write.js';

export function checkedOutput(
  loaded: LoadedWorkbook,
  changed: ReadonlyMap<string, EntryContent>,
  added: ReadonlyMap<string, EntryContent>,
  /** The changed and added parts as text, when the caller has them: XML checked once, as text. */
  texts: ReadonlyMap<string, string> = new Map(),
): Buffer {
  assertSound(loaded, new Set(changed.keys()));
  const bytes =
    changed.size || added.size ? writeZip(loaded.pkg.zip, changed, [...added]) : loaded.bytes;
  // Check our own output before it replaces anything: a file we cannot read is never written.
  try {
    verifyPackage(bytes, loaded.pkg.zip, changed, added, texts);
  } catch (e) {
    throw new CannotProceed(
      `internal check failed, the result could not be read back (${(e as Error).message}); nothing was written.`,
    );
  }
  return bytes;
}

export interface WriteCheckedOptions {
  /** The file to write: the workbook itself (in place) or -o OUT. */
  out: string;
  inPlace: boolean;
  dryRun: boolean;
  /** The command's --no-backup and --force (pass its option values). */
  'no-backup'?: boolean;
  force?: boolean;
}

/**
 * Builds, checks and (unless a dry run) safely writes the workbook with `changed` and `added`.
 * Nothing is built when nothing changes in place; a copy to -o OUT is written even unchanged.
 */
export function writeChecked(
  loaded: LoadedWorkbook,
  changed: ReadonlyMap<string, EntryContent>,
  added: ReadonlyMap<string, EntryContent>,
  options: WriteCheckedOptions,
  /** The changed and added parts as text, when the caller has them (see checkedOutput). */
  texts: ReadonlyMap<string, string> = new Map(),
): { written: string | null; backup: string | null } {
  if (!changed.size && !added.size && options.inPlace) return { written: null, backup: null };
  // Built and checked in dry runs too: a dry run fails exactly when the real run would.
  const bytes = checkedOutput(loaded, changed, added, texts);
  if (options.dryRun) return { written: null, backup: null };
  const { backup } = safeWrite(options.out, bytes, {
    original: options.inPlace ? loaded.bytes : undefined,
    backup: options.inPlace && !options['no-backup'],
    force: options.force,
  });
  return { written: options.out, backup };
}
