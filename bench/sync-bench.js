#!/usr/bin/env node
/**
 * `npm run bench`: plan-sync sync against the naive exceljs approach on a generated plan.
 *
 *   (a) naive: exceljs reads the workbook, sets the RAG fill and one fill per month of each task's
 *       span (whole new style objects, as the exceljs notes require), writes the workbook;
 *   (b) plan-sync sync, in-process (`main` from lib/sync/cli.js, silent io), on a fresh copy;
 *       and once more in a child process (`node --expose-gc`) for its peak memory.
 *
 * Medians of REPEATS runs. Targets: plan-sync / naive <= 0.5, plan-sync peak RSS < 300 MB,
 * time per task roughly constant from 1,250 to 10,000 tasks. Always exits 0: it is a benchmark,
 * it prints PASS or FAIL against each target.
 *
 * Usage: node bench/sync-bench.js [--tasks 5000] [--repeats 3]
 *        node --expose-gc bench/sync-bench.js --child sync|naive FILE   (internal: one measured run)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { main } from '../lib/sync/cli.js';
import { buildPlanWorkbook } from '../lib/sync/commands/init.js';
import { generatePlan, SYNTHETIC_WORKSTREAMS } from '../lib/core/template.js';
import { RAG_COLOURS, RAG_LABEL, RAG_STATUSES } from '../lib/core/rag.js';
import { addDays } from '../lib/core/dates.js';

const SELF = fileURLToPath(import.meta.url);
const YEARS = 3;
const SEED = 20201113;
const RATIO_TARGET = 0.5;
const RSS_TARGET_MB = 300;
const LINEAR_SIZES = [1250, 2500, 5000, 10000];
/** ms per task at the largest size may be at most this many times that at the smallest. */
const LINEAR_TOLERANCE = 1.5;

const SILENT = { stdout() {}, stderr() {}, color: false };
const STATUS_BY_LABEL = new Map(RAG_STATUSES.map((s) => [RAG_LABEL[s], s]));

// ---------------------------------------------------------------------------------------------
// The two contenders

/** Report date of the generated plans: half-way through their three years. */
function reportDateIso(tasks) {
  const first = Math.min(...tasks.map((t) => t.start));
  const day = addDays(first, Math.round((YEARS * 365) / 2));
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

async function naive(file, out) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Plan');
  const header = ws.getRow(1);
  const col = {};
  header.eachCell((cell, c) => (col[String(cell.value)] = c));

  // Month columns to the right of the table, one blank column between.
  const rows = [];
  let y0 = Infinity;
  let m0 = 0;
  let last = -Infinity;
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const start = row.getCell(col.Start).value;
    const end = row.getCell(col.End).value;
    if (!(start instanceof Date) || !(end instanceof Date)) continue;
    const a = start.getUTCFullYear() * 12 + start.getUTCMonth();
    const b = end.getUTCFullYear() * 12 + end.getUTCMonth();
    rows.push({ row, a, b });
    if (a < y0 * 12 + m0) [y0, m0] = [Math.floor(a / 12), a % 12];
    last = Math.max(last, b);
  }
  const firstMonth = y0 * 12 + m0;
  const left = ws.columnCount + 2;
  for (let k = 0; k <= last - firstMonth; k++) {
    const cell = header.getCell(left + k);
    const month = firstMonth + k;
    cell.value = new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
    cell.style = { ...cell.style, numFmt: 'mmm-yy', font: { bold: true } };
  }
  for (const { row, a, b } of rows) {
    const rag = row.getCell(col.RAG);
    const status = STATUS_BY_LABEL.get(String(rag.value));
    const colours = status ? RAG_COLOURS[status] : null;
    if (colours) {
      rag.style = {
        ...rag.style,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${colours.fill}` } },
        font: { ...(rag.style.font ?? {}), color: { argb: `FF${colours.text}` } },
      };
    }
    const bar = colours ? colours.bar : '505A5F';
    for (let month = a; month <= b; month++) {
      const cell = row.getCell(left + (month - firstMonth));
      cell.style = {
        ...cell.style,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${bar}` } },
      };
    }
  }
  await wb.xlsx.writeFile(out);
}

async function planSync(file, reportDate) {
  const code = await main(['sync', file, '--report-date', reportDate, '--no-backup'], SILENT);
  if (code !== 0) throw new Error(`plan-sync sync exited ${code} on ${file}`);
}

// ---------------------------------------------------------------------------------------------
// Child mode: one measured run with memory sampling

async function child(kind, file, reportDate) {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  if (kind === 'naive') await naive(file, `${file}.naive-out.xlsx`);
  else await planSync(file, reportDate);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  // maxRSS is in kilobytes: the kernel's high-water mark, which catches peaks between samples.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ms, sampledPeak: peak, maxRss }) + '\n');
}

function measureInChild(kind, file, reportDate) {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', SELF, '--child', kind, file, reportDate],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (result.status !== 0)
    throw new Error(`child (${kind}) failed: ${result.stderr || result.error}`);
  const line = result.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

// ---------------------------------------------------------------------------------------------
// Driver

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// A full GC before each timed run, so one contender's garbage is not collected on the other's clock.
setFlagsFromString('--expose-gc');
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : runInNewContext('gc');

async function timed(fn) {
  collect();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function makePlan(dir, n) {
  const tasks = generatePlan(n, { seed: SEED, years: YEARS });
  const file = join(dir, `plan-${n}.xlsx`);
  const bytes = await buildPlanWorkbook({
    tasks,
    workstreams: SYNTHETIC_WORKSTREAMS,
    settings: { programmeName: `Synthetic plan, ${n} tasks` },
  });
  writeFileSync(file, bytes);
  return { file, reportDate: reportDateIso(tasks) };
}

const mb = (bytes) => bytes / (1024 * 1024);
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r, k) => {
      const line = r
        .map((cell, i) =>
          i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]),
        )
        .join('  ');
      return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

async function run() {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '5000' },
      repeats: { type: 'string', default: '3' },
    },
  });
  const n = Number(values.tasks);
  const repeats = Math.max(1, Number(values.repeats));
  const dir = mkdtempSync(join(tmpdir(), 'plan-sync-bench-'));
  const started = performance.now();
  try {
    console.log(
      `plan-sync benchmark: ${fmt(n)} tasks over ${YEARS} years, median of ${repeats} runs (Node ${process.version}).`,
    );
    const { file, reportDate } = await makePlan(dir, n);
    console.log(
      `Generated ${file} (${fmt(statSync(file).size / 1024)} KB) with the init code path; report date ${reportDate}.`,
    );

    // Warm-up of both (module loading, JIT) so neither first measured run is penalised.
    copyFileSync(file, join(dir, 'warm.xlsx'));
    await planSync(join(dir, 'warm.xlsx'), reportDate);
    await naive(file, join(dir, 'warm-naive.xlsx'));

    const naiveMs = [];
    const syncMs = [];
    for (let i = 0; i < repeats; i++) {
      const copy = join(dir, `sync-${i}.xlsx`);
      copyFileSync(file, copy);
      naiveMs.push(await timed(() => naive(file, join(dir, `naive-${i}.xlsx`))));
      syncMs.push(await timed(() => planSync(copy, reportDate)));
    }
    const naiveMedian = median(naiveMs);
    const syncMedian = median(syncMs);
    const ratio = syncMedian / naiveMedian;

    const syncCopy = join(dir, 'child-sync.xlsx');
    copyFileSync(file, syncCopy);
    const syncMem = measureInChild('sync', syncCopy, reportDate);
    const naiveMem = measureInChild('naive', file, reportDate);
    const syncPeak = mb(Math.max(syncMem.maxRss, syncMem.sampledPeak));
    const naivePeak = mb(Math.max(naiveMem.maxRss, naiveMem.sampledPeak));

    console.log('');
    console.log(
      table([
        ['', 'median ms', 'runs (ms)', 'peak RSS MB'],
        ['naive exceljs', fmt(naiveMedian), naiveMs.map((m) => fmt(m)).join(' / '), fmt(naivePeak)],
        ['plan-sync sync', fmt(syncMedian), syncMs.map((m) => fmt(m)).join(' / '), fmt(syncPeak)],
      ]),
    );
    console.log('');
    console.log(
      `ratio plan-sync / naive: ${fmt(ratio, 3)} (target <= ${RATIO_TARGET}) ${verdict(ratio <= RATIO_TARGET)}`,
    );
    console.log(
      `plan-sync peak RSS: ${fmt(syncPeak)} MB (maxRSS ${fmt(mb(syncMem.maxRss))}, sampled every 20 ms ${fmt(mb(syncMem.sampledPeak))}; target < ${RSS_TARGET_MB}) ${verdict(syncPeak < RSS_TARGET_MB)}`,
    );

    console.log('\nLinearity (plan-sync sync, median of runs):');
    const linear = [];
    for (const size of LINEAR_SIZES) {
      const plan = size === n ? { file, reportDate } : await makePlan(dir, size);
      const runs = [];
      for (let i = 0; i < repeats; i++) {
        const copy = join(dir, `linear-${size}-${i}.xlsx`);
        copyFileSync(plan.file, copy);
        runs.push(await timed(() => planSync(copy, plan.reportDate)));
      }
      const ms = median(runs);
      linear.push({ size, ms, perTask: ms / size });
    }
    console.log(
      table([
        ['tasks', 'ms', 'ms per task'],
        ...linear.map((l) => [fmt(l.size), fmt(l.ms), fmt(l.perTask, 3)]),
      ]),
    );
    const growth = linear[linear.length - 1].perTask / linear[0].perTask;
    console.log(
      `ms per task at ${fmt(LINEAR_SIZES[LINEAR_SIZES.length - 1])} / at ${fmt(LINEAR_SIZES[0])}: ${fmt(growth, 2)} (target <= ${LINEAR_TOLERANCE}) ${verdict(growth <= LINEAR_TOLERANCE)}`,
    );
    console.log(`\nTotal benchmark time ${fmt((performance.now() - started) / 1000, 1)} s.`);
  } catch (e) {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    console.log('FAIL (the benchmark could not complete)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1], args[2], args[3]);
} else {
  await run();
  process.exitCode = 0;
}
