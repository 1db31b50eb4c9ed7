#!/usr/bin/env node
/**
 * `node bench/adopt-bench.js` (after `npm run build:cli`): plan-sync adopt on generated Gantts
 * painted by hand: numbered tasks under workstream headings, a monthly timeline of 24 months,
 * each task a run of one colour (some with a gap, some with the original timetable beside), a
 * label with a day on every tenth row, and a legend.
 *
 * Targets: 5,000 tasks in under 5 s; 50,000 tasks adopted (under 60 s, peak RSS under 1.5 GB).
 * Always exits 0: it is a benchmark, it prints PASS or FAIL against each target.
 *
 * Usage: node bench/adopt-bench.js [--tasks 5000,50000] [--keep DIR]  (--keep: leave the workbooks in DIR)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { main } from '../lib/sync/cli.js';

const MONTHS = 24;
const NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const REVISED = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF92D050' } };
const ORIGINAL = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { theme: 0, tint: -0.249977111117893 },
};
const TARGET_5000_S = 5;
const TARGET_50000_S = 60;
const RSS_TARGET_MB = 1500;

async function paintedWorkbook(file, tasks) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const ws = wb.addWorksheet('Transition Plan');
  ws.addRow(['Transition plan (generated)']).commit();
  ws.addRow([]).commit();
  const header = ['Actions / Deliverables / Activities', 'Stakeholders / Resources'];
  for (let m = 0; m < MONTHS; m++)
    header.push(`${NAMES[(m + 2) % 12]}-${20 + Math.floor((m + 2) / 12)}`);
  ws.addRow(header).commit();
  let n = 0;
  let ws_ = 0;
  while (n < tasks) {
    ws.addRow([`Workstream ${++ws_}`]).commit();
    for (let k = 1; k <= 20 && n < tasks; k++, n++) {
      const first = (n * 7) % (MONTHS - 6);
      const length = 1 + (n % 5);
      const values = [`${k}. Task ${n + 1} of the generated plan`, `Lead ${n % 17}`];
      const row = ws.addRow(values);
      for (let m = first; m < first + length; m++) {
        if (n % 13 === 0 && m === first + 1 && length > 2) continue; // a gap
        row.getCell(3 + m).fill = REVISED;
      }
      if (n % 11 === 0 && first > 1) row.getCell(3 + first - 2).fill = ORIGINAL;
      if (n % 10 === 0) row.getCell(3 + first).value = `Go Live 1/${((first + 2) % 12) + 1}`;
      row.commit();
    }
  }
  ws.addRow([]).commit();
  const legend1 = ws.addRow([null, 'Original planned timetable']);
  legend1.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFBFBFBF' } };
  legend1.commit();
  const legend2 = ws.addRow([null, 'Revised timetable']);
  legend2.getCell(1).fill = REVISED;
  legend2.commit();
  await wb.commit();
}

async function measure(tasks, dir) {
  const file = join(dir, `painted-${tasks}.xlsx`);
  await paintedWorkbook(file, tasks);
  const out = join(dir, `painted-${tasks}.adopted.xlsx`);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  const lines = [];
  const code = await main(['adopt', file, '-o', out], {
    stdout: (t) => lines.push(t),
    stderr: (t) => lines.push(t),
    color: false,
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const mb = Math.round(peak / 1024 / 1024);
  const size = (statSync(file).size / 1024 / 1024).toFixed(1);
  console.log(
    `${tasks.toLocaleString('en-GB')} tasks (${size} MB): adopt ${seconds.toFixed(2)} s, exit ${code}, peak RSS ${mb} MB`,
  );
  console.log(`  ${lines[0]}`);
  return { seconds, mb, code };
}

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '5000,50000' }, keep: { type: 'string' } },
});
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'plan-sync-adopt-bench-'));
try {
  for (const tasks of values.tasks.split(',').map(Number)) {
    const r = await measure(tasks, dir);
    const target = tasks <= 5000 ? TARGET_5000_S : TARGET_50000_S;
    const ok = r.seconds <= target && r.mb <= RSS_TARGET_MB && r.code !== 2;
    console.log(`  ${ok ? 'PASS' : 'FAIL'}: under ${target} s and ${RSS_TARGET_MB} MB`);
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
