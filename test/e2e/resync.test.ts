/** The reporting cycle: the team edits statuses and dates, then syncs again. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RAG_COLOURS } from '../../core/rag.js';
import { cli } from '../helpers/cli.js';
import { loadExpected, makeFixture } from '../helpers/fixtures.js';
import { dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { runPython } from '../helpers/python.js';

const expected = loadExpected('foreign-plan');

describe('re-syncing after edits', () => {
  it('recolours changed statuses, removes the colour of cleared ones, and moves bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-resync-'));
    const file = join(dir, 'plan.xlsx');
    copyFileSync(makeFixture('foreign-plan', dir), file);
    expect((await cli(['sync', file, '--normalise-rag'])).code).toBe(0);

    const first = sheetOf(dumpWorkbook(file, { sheets: [expected.sheet] }), expected.sheet);
    const aR = expected.tasks.find((t) => t.statusText === 'A/R')!;
    expect(first.cells[`H${aR.row}`].value).toBe('Amber/Red');
    const green = expected.tasks.find((t) => t.status === 'Green' && !t.milestone)!;
    const red = expected.tasks.find((t) => t.status === 'Red' && !t.milestone)!;

    // The team clears one status, turns another Red, and extends a task to the end of the timeline.
    runPython(
      `
import sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[sys.argv[2]]
ws['H' + sys.argv[3]] = None
ws['H' + sys.argv[4]] = 'Green'
ws['G' + sys.argv[4]] = datetime.datetime(2021, 3, 31)
wb.save(sys.argv[1])
`,
      [file, expected.sheet, String(green.row), String(red.row)],
    );
    const resync = await cli(['sync', file, '--json']);
    expect(resync.code).toBe(0);
    const plan = sheetOf(dumpWorkbook(file, { sheets: [expected.sheet] }), expected.sheet);
    expect(plan.cells[`H${green.row}`]?.fill ?? null).toBeNull();
    expect(plan.cells[`H${red.row}`].fill).toBe(RAG_COLOURS.green.fill);

    const header = expected.headerRow;
    const monthCol = (iso: string) =>
      Object.entries(plan.cells)
        .find(
          ([ref, c]) =>
            ref.endsWith(String(header)) && /^[A-Z]+\d+$/.test(ref) && c.isDate && c.value === iso,
        )?.[0]
        .replace(/\d+$/, '');
    const march = monthCol('2021-03-01')!;
    expect(plan.cells[`${march}${red.row}`].fill).toBe(RAG_COLOURS.green.bar);
    // The cleared task keeps a bar, in the no-status colour, and the timeline is not duplicated.
    const headerDates = Object.entries(plan.cells).filter(
      ([ref, c]) => new RegExp(`^[A-Z]+${header}$`).test(ref) && c.isDate,
    );
    expect(new Set(headerDates.map(([, c]) => c.value)).size).toBe(headerDates.length);
  });
});
