/**
 * The bytes a command would write, built and checked: every part copied as it is must be sound,
 * and the result must read back as exactly what was meant. Dry runs build it too and only skip
 * the write, so a dry run fails exactly when the real run would.
 */
import { verifyPackage } from '../xlsx/verify.js';
import { writeZip } from '../xlsx/zip.js';
import { assertSound, CannotProceed, type LoadedWorkbook } from './load.js';

export function checkedOutput(
  loaded: LoadedWorkbook,
  changed: Map<string, Buffer>,
  added: ReadonlyMap<string, Buffer>,
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
