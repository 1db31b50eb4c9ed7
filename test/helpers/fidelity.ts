/**
 * Paths of the fidelity corpus in a test (built once per run by test/global-setup.ts; see
 * fidelity-corpus.ts). Tests that modify a workbook copy it first.
 */
import { join } from 'node:path';
import { inject } from 'vitest';
import type { FidelityFile } from './fidelity-corpus.js';

export { FIDELITY_FILES, type FidelityFile } from './fidelity-corpus.js';

/** The path of a corpus workbook, e.g. `fidelityPath('xw_full.xlsx')`. */
export function fidelityPath(name: FidelityFile): string {
  return join(inject('fidelityDir'), name);
}
