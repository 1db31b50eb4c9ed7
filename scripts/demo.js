#!/usr/bin/env node
/**
 * `npm run demo`: creates demo/sample-plan.xlsx from the worked example with the built CLI,
 * then syncs it (colours the RAG cells, draws the timeline) as at 13 November 2020.
 * Works right after `git clone`: runs `npm ci` when node_modules is missing or stale, and builds
 * lib/ when it is missing or older than the sources. demo/ is ignored by git: the demo never
 * changes a tracked file. Exits non-zero if a step fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkNode, ensureBuilt, ensureNpmDeps, ROOT as root } from './setup.js';

const cli = join(root, 'bin', 'plan-sync.js');
const folder = join(root, 'demo');
const plan = join(folder, 'sample-plan.xlsx');
const backup = join(folder, 'sample-plan.backup.xlsx');
const shown = (p) => relative(process.cwd(), p) || p;

checkNode();
ensureNpmDeps();
ensureBuilt();
mkdirSync(folder, { recursive: true });

function step(title, args) {
  console.log(`\n$ plan-sync ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`demo: ${title} could not be run: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`demo: ${title} failed (exit code ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

// Paths relative to the repository root, as a user would type them there.
const rel = relative(root, plan);
step('init', ['init', rel, '--example', '--force']);
step('sync', ['sync', rel, '--report-date', '2020-11-13']);

console.log(`
Demo done.
  Result: ${shown(plan)}  (open it in Excel or LibreOffice: Plan sheet, RAG colours and the timeline to the right)
  Backup: ${existsSync(backup) ? shown(backup) : '(none)'}  (the workbook as init created it, before sync)
Run it again: node bin/plan-sync.js sync ${rel} --report-date 2020-11-13`);
