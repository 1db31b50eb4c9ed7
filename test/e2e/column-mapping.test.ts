/**
 * A plan whose columns the aliases do not know (`From`/`To`): mapped on the Settings sheet or with
 * --column, it syncs like any plan. Built with openpyxl, read back with openpyxl.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RAG_COLOURS } from '../../core/rag.js';
import { cli, findingsOf } from '../helpers/cli.js';
import { columnLetter, dumpWorkbook, sheetOf, type SheetDump } from '../helpers/openpyxl.js';
import { FROM_TO_TASKS, STATUS_TEXT, writeFromToPlan } from '../helpers/from-to-plan.js';

const HEADER_ROW = 3;
const MAPPING: [string, string][] = [
  ['Column: Start', 'From'],
  ['Column: End', 'To'],
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-columns-'));
});

function fresh(name: string, settings: [string, string][] | null): string {
  const file = join(mkdtempSync(join(dir, 'case-')), name);
  writeFromToPlan(file, settings);
  return file;
}

/** Period header cells right of the table: ISO month -> column letter. */
function timeline(plan: SheetDump): Map<string, string> {
  const columns = new Map<string, string>();
  for (let col = 7; col <= plan.maxCol; col++) {
    const cell = plan.cells[`${columnLetter(col)}${HEADER_ROW}`];
    if (cell?.isDate) columns.set(String(cell.value).slice(0, 7), columnLetter(col));
  }
  return columns;
}

/** Every RAG cell coloured and every bar over exactly its months, read back with openpyxl. */
function expectSynced(file: string): SheetDump {
  const plan = sheetOf(dumpWorkbook(file, { sheets: ['Plan'] }), 'Plan');
  const months = timeline(plan);
  expect([...months.keys()][0]).toBe('2020-09');
  expect([...months.keys()].pop()).toBe('2021-04');
  FROM_TO_TASKS.forEach(([, , start, end, status], i) => {
    const row = HEADER_ROW + 1 + i;
    expect(plan.cells[`F${row}`].value).toBe(STATUS_TEXT[status]);
    expect(plan.cells[`F${row}`].fill, `F${row}`).toBe(RAG_COLOURS[status].fill);
    const first = [...months.values()][0];
    for (const [month, col] of months) {
      const inside = month >= start.slice(0, 7) && month <= end.slice(0, 7);
      const cell = plan.cells[`${col}${row}`];
      if (start === end) {
        // The first timeline cell holds a space when empty, so text cannot spill over the timeline.
        const empty = col === first ? ' ' : null;
        expect(cell?.value ?? null, `${col}${row}`).toBe(inside ? '◆' : empty);
      } else {
        expect(cell?.fill ?? null, `${col}${row}`).toBe(inside ? RAG_COLOURS[status].bar : null);
      }
    }
  });
  return plan;
}

describe('a plan titled From and To', () => {
  it('without a mapping: the missing Start and End say both ways to map them', async () => {
    const file = fresh('plan.xlsx', null);
    const run = await cli(['validate', file, '--json']);
    expect(run.code).toBe(1);
    expect(
      findingsOf(run)
        .filter((f) => f.rule === 'required-columns')
        .map((f) => [f.cell, f.message]),
    ).toEqual([
      [
        'A3',
        'The header row (row 3) has no Start column. If one of From, To is it, map it: on the Settings sheet put "Column: Start" in column A and the title in column B, or use --column start=TITLE. Otherwise add a column titled "Start".',
      ],
      [
        'A3',
        'The header row (row 3) has no End column. If one of From, To is it, map it: on the Settings sheet put "Column: End" in column A and the title in column B, or use --column end=TITLE. Otherwise add a column titled "End".',
      ],
    ]);
  });

  it('mapped on the Settings sheet: syncs every bar and RAG cell', async () => {
    const file = fresh('plan.xlsx', MAPPING);
    const run = await cli(['sync', file]);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(
      'Synced ' +
        file +
        ': coloured 8 RAG cells and drew a timeline of 8 months (Sep 2020 to Apr 2021) with 6 bars and 2 milestones on sheet "Plan" (H2:O11).',
    );
    expectSynced(file);
  });

  it('mapped with --column: the same cells as through the Settings sheet', async () => {
    const viaSettings = fresh('settings.xlsx', MAPPING);
    const viaOption = fresh('option.xlsx', []);
    expect((await cli(['sync', viaSettings])).code).toBe(0);
    const run = await cli(['sync', viaOption, '--column', 'start=From', '--column', 'END=To']);
    expect(run.code, run.stdout).toBe(0);
    const a = expectSynced(viaSettings);
    const b = expectSynced(viaOption);
    expect(b.cells).toEqual(a.cells);
  });

  it('a --column title the header lacks: one line, exit 2, nothing written', async () => {
    const file = fresh('plan.xlsx', []);
    const bytes = readFileSync(file);
    for (const command of ['validate', 'sync']) {
      const run = await cli([command, file, '--column', 'start=Form', '--column', 'end=To']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `plan-sync: --column start=Form: the header row (row 3) of sheet "Plan" has no column titled "Form"; did you mean "From"? Its columns are Ref, Activity, Owner, From, To, Status.${command === 'sync' ? ' Nothing was written.' : ''}`,
      );
      expect(run.stdout).toBe('');
    }
    const bad = await cli(['sync', file, '--column', 'strat=From']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'plan-sync sync: --column strat=From: "strat" is not a plan column; did you mean start? The fields are id, workstream, task, lead, stakeholders, start, end, rag, progress, dependencies, baseline-start, baseline-end. Run \'plan-sync sync --help\'.',
    );
    const noTitle = await cli(['validate', file, '--column', 'start']);
    expect(noTitle.stderr).toBe(
      'plan-sync validate: --column "start" needs a field and a column title: --column FIELD=TITLE, e.g. --column start=From. Run \'plan-sync validate --help\'.',
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(join(file, '..'))).toEqual(['plan.xlsx']);
  });

  it('a Settings title the header lacks: an error on that Settings cell', async () => {
    const file = fresh('plan.xlsx', [
      ['Column: Start', 'Starts'],
      ['Column: End', 'To'],
    ]);
    const copy = join(dir, 'before.xlsx');
    copyFileSync(file, copy);
    const run = await cli(['validate', file, '--json']);
    expect(run.code).toBe(1);
    expect(findingsOf(run).filter((f) => f.sheet === 'Settings')).toEqual([
      {
        severity: 'error',
        rule: 'settings',
        sheet: 'Settings',
        cell: 'B3',
        message:
          'Column: Start is "Starts", but the header row (row 3) of sheet "Plan" has no column titled "Starts". Its columns are Ref, Activity, Owner, From, To, Status.',
      },
    ]);
    expect(readFileSync(file).equals(readFileSync(copy))).toBe(true);
  });
});
