#!/usr/bin/env node
/**
 * `npm run bench:export`: plan-sync export of a generated 5,000-task plan to each format, in a
 * child process each (as a user runs it: start-up and lazy library loading included), and one
 * workstream of it to PNG (a 5,000-task plan is some 200 pages: a picture of each is not what
 * anyone wants). Medians of REPEATS runs. Target: each under 10 s. Always exits 0: it is a
 * benchmark, it prints PASS or FAIL against each target.
 *
 * Usage: node bench/export-bench.js [--tasks 5000] [--repeats 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPlanWorkbook } from '../lib/sync/commands/init.js';
import { generatePlan, SYNTHETIC_WORKSTREAMS } from '../lib/core/template.js';

const BIN = fileURLToPath(new URL('../bin/plan-sync.js', import.meta.url));
const TARGET_S = 10;

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '5000' },
    repeats: { type: 'string', default: '3' },
  },
});
const n = Number(values.tasks);
const repeats = Number(values.repeats);

const dir = mkdtempSync(join(tmpdir(), 'plan-sync-export-bench-'));
try {
  const tasks = generatePlan(n, { seed: 20201113, years: 3 });
  const file = join(dir, `plan-${n}.xlsx`);
  writeFileSync(
    file,
    await buildPlanWorkbook({
      tasks,
      workstreams: SYNTHETIC_WORKSTREAMS,
      settings: { programmeName: `Synthetic plan, ${n} tasks` },
    }),
  );
  const workstream = SYNTHETIC_WORKSTREAMS[0].name;
  const cases = [
    ['svg', []],
    ['pdf', []],
    ['pptx', []],
    ['png', ['--workstream', workstream]],
  ];
  const rows = [['format', 'options', 'pages', 'median s', 'size MB', `target < ${TARGET_S} s`]];
  for (const [format, extra] of cases) {
    const out = join(dir, `board.${format}`);
    const times = [];
    let summary = null;
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const res = spawnSync(
        process.execPath,
        [BIN, 'export', file, '-o', out, '--report-date', '2021-06-30', '--json', ...extra],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      times.push((performance.now() - t0) / 1000);
      if (res.status === 2 || res.error) {
        console.error(res.stderr || res.error);
        process.exit(0);
      }
      summary = JSON.parse(res.stdout).summary;
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1];
    rows.push([
      format,
      extra.join(' ') || '(whole plan)',
      String(summary.pages),
      median.toFixed(2),
      (statSync(out).size / 1024 / 1024).toFixed(1),
      median < TARGET_S ? 'PASS' : 'FAIL',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`plan-sync export, ${n.toLocaleString('en-GB')} tasks, median of ${repeats}:\n`);
  for (const [k, r] of rows.entries()) {
    console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
