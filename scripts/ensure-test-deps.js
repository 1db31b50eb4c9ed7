#!/usr/bin/env node
/**
 * `npm test` runs this first (pretest), and .ci/run before `npm test`: it makes a fresh clone
 * ready to test. It checks the Node version; installs the Debian packages the tests read results
 * back with (python3-openpyxl, python3-xlsxwriter, libreoffice-calc, libreoffice-impress, chromium, poppler-utils) with
 * apt-get when running as root, or prints the apt-get command and stops; and runs `npm ci` when
 * node_modules is missing or does not match package-lock.json. Quiet when all is in place.
 *
 *   node scripts/ensure-test-deps.js [--verbose]   --verbose also prints the readers' versions
 */
import { spawnSync } from 'node:child_process';
import { checkNode, ensureDebianPackages, ensureNpmDeps, testReaders } from './setup.js';

checkNode();
ensureDebianPackages(testReaders, 'npm test');
ensureNpmDeps();

if (process.argv.includes('--verbose')) {
  const show = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    console.log((r.stdout || r.stderr || '').trim().split('\n')[0]);
  };
  console.log(`Node ${process.versions.node}`);
  show('/usr/bin/python3', [
    '-c',
    'import openpyxl, xlsxwriter; print("openpyxl", openpyxl.__version__, "/ XlsxWriter", xlsxwriter.__version__)',
  ]);
  show('soffice', ['--version']);
  show('/usr/bin/chromium', ['--version']);
  show('pdftotext', ['-v']);
}
