#!/usr/bin/env node
/**
 * Second step of `npm run build:cli` (after tsc): bundles lib/ into lib/bundle/plan-sync.cjs, one
 * CommonJS file with the npm packages left as require() calls, then runs a few commands on the
 * worked example so that V8's compiled code for them can be saved beside it
 * (lib/bundle/plan-sync.cache). lib/sync/engine-loader.js loads both; see there for why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { BUNDLE, CODE_CACHE, compileBundle, sourceHash } from '../lib/sync/engine-loader.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// A cache left from an earlier build must never meet the new bundle.
rmSync(CODE_CACHE, { force: true });
buildSync({
  entryPoints: [join(ROOT, 'lib/sync/commands/run.js')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  // import() of a package becomes require(), which a vm.Script can call; import.meta.url is the
  // bundle's own (lib/bundle/ is as deep as lib/sync/, so relative paths still hold).
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

const source = readFileSync(BUNDLE, 'utf8');
const { engine, script } = compileBundle(source, undefined);
const dir = mkdtempSync(join(tmpdir(), 'plan-sync-warm-'));
const quiet = { stdout: () => {}, stderr: () => {}, color: false };
try {
  const plan = join(dir, 'plan.xlsx');
  for (const argv of [
    ['init', plan, '--example'],
    ['validate', plan, '--report-date', '2020-11-13'],
    ['sync', plan, '--report-date', '2020-11-13', '--no-backup'],
    ['validate', plan, '--report-date', '2020-11-13'],
  ]) {
    const [command, ...rest] = argv;
    const code = await engine.runCommand(command, rest, quiet);
    if (code !== 0 && argv[0] !== 'validate')
      throw new Error(`plan-sync ${argv[0]} exited ${code} while warming the code cache`);
  }
  writeFileSync(CODE_CACHE, Buffer.concat([sourceHash(source), script.createCachedData()]));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
