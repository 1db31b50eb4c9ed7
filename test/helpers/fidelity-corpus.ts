/**
 * The fidelity corpus: workbooks made by other tools (XlsxWriter, openpyxl, LibreOffice), full of
 * features a user's workbook carries (see test/fixtures/README.md). The XlsxWriter and openpyxl
 * workbooks are built by their scripts in test/fixtures/ (fast and deterministic); the LibreOffice
 * ones are slow to make, so they are committed in test/fixtures/fidelity/ beside their script.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPythonScript } from './python.js';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Made by LibreOffice with fidelity_libreoffice.py, committed. */
export const COMMITTED_FIDELITY_DIR = join(FIXTURES_DIR, 'fidelity');

/** Which script makes which file. */
export const FIDELITY_SOURCES = {
  'xw_full.xlsx': 'fidelity_xlsxwriter.py',
  'xw_vba.xlsm': 'fidelity_xlsxwriter.py',
  'openpyxl_full.xlsx': 'fidelity_openpyxl.py',
  'lo_pivot_ext.xlsx': 'fidelity_libreoffice.py',
  'ext_source.xlsx': 'fidelity_libreoffice.py',
} as const;

export type FidelityFile = keyof typeof FIDELITY_SOURCES;

export const FIDELITY_FILES = Object.keys(FIDELITY_SOURCES) as FidelityFile[];

/** Build the whole corpus into `dir` (the generated files, plus copies of the committed ones). */
export function buildFidelityCorpus(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const script of ['fidelity_xlsxwriter.py', 'fidelity_openpyxl.py']) {
    runPythonScript(join(FIXTURES_DIR, script), [dir], { timeoutMs: 60_000 });
  }
  for (const [name, script] of Object.entries(FIDELITY_SOURCES)) {
    if (script !== 'fidelity_libreoffice.py') continue;
    copyFileSync(join(COMMITTED_FIDELITY_DIR, name), join(dir, name));
  }
  const missing = FIDELITY_FILES.filter((name) => !existsSync(join(dir, name)));
  if (missing.length > 0) throw new Error(`fidelity corpus: ${missing.join(', ')} not built`);
}
