/**
 * Returns for a workstream of 22,000 tasks: past the about 125,000 values V8 takes as spread
 * arguments (a return fingerprints 7 values a task, a merge 6 a row). `returns issue` used to stop
 * with "Maximum call stack size exceeded" from about 18,000 tasks; eslint.config.js now forbids
 * spread arguments in product code, and this runs the real commands on real files.
 */
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { diffParts, listParts } from '../helpers/parts.js';
import { runPython } from '../helpers/python.js';
import { buildPlanWorkbook } from '../../sync/commands/init.js';
import { generatePlan, SYNTHETIC_WORKSTREAMS } from '../../core/template.js';

const TASKS = 22_000;
const WORKSTREAM = SYNTHETIC_WORKSTREAMS[0];

/** The task ids under the return sheet's ID header, read by openpyxl. */
const READ_RETURN = String.raw`
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = [row for row in wb['Return'].iter_rows(values_only=True)]
header = next(i for i, row in enumerate(rows) if row and row[0] == 'ID')
print(json.dumps([row[0] for row in rows[header + 1:] if row and row[0] is not None]))
`;

/** The Returns log's rows, read by openpyxl. */
const READ_LOG = String.raw`
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb['Returns log']
print(json.dumps([[str(v) for v in row] for row in ws.iter_rows(values_only=True)]))
`;

describe('returns for a workstream of 22,000 tasks', () => {
  it('are issued, then merged back, with the plan unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-big-returns-'));
    const plan = join(dir, 'plan.xlsx');
    // One workstream for every task: ids stay unique, as each workstream counts its own.
    const tasks = generatePlan(TASKS, { seed: 7, years: 3 }).map((t) => ({
      ...t,
      workstream: WORKSTREAM.name,
    }));
    writeFileSync(
      plan,
      await buildPlanWorkbook({
        tasks,
        workstreams: SYNTHETIC_WORKSTREAMS,
        settings: { programmeName: 'One big workstream' },
      }),
    );

    const out = join(dir, 'returns');
    const issued = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      out,
      '--report-date',
      '2024-10-01',
      '--workstream',
      WORKSTREAM.name,
    ]);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    expect(issued.stdout).toContain(`(${TASKS} tasks)`);
    const file = join(out, `${WORKSTREAM.name} return 2024-10-01.xlsx`);
    expect(readdirSync(out).sort()).toEqual([
      `${WORKSTREAM.name} return 2024-10-01.xlsx`,
      'Returns issued.json',
    ]);

    // Every task, once, by the ids the plan gives them.
    const ids = JSON.parse(runPython(READ_RETURN, [file])) as string[];
    expect(ids).toHaveLength(TASKS);
    expect(new Set(ids)).toEqual(new Set(tasks.map((t) => t.id)));

    const issuedPlan = join(dir, 'plan-as-issued.xlsx');
    copyFileSync(plan, issuedPlan);
    const merged = await cli(['returns', 'merge', plan, file, '--no-backup']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('0 changes applied');
    const log = JSON.parse(runPython(READ_LOG, [plan])) as string[][];
    expect(log.some((row) => row.includes(WORKSTREAM.name) && row.includes('Merged'))).toBe(true);
    // The plan sheet itself is byte for byte as issued: only the log and what lists it changed.
    const diff = diffParts(issuedPlan, plan);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).not.toContain('xl/worksheets/sheet1.xml');
    expect(listParts(plan).has('xl/worksheets/sheet1.xml')).toBe(true);
  }, 180_000);
});
