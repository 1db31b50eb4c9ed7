import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromYMD, serialFromDay } from '../../core/dates.js';
import { CannotProceed } from '../../sync/io/load.js';
import { safeWrite } from '../../sync/io/safe-write.js';
import { cli, findingsOf } from '../helpers/cli.js';
import { loadExpected, makeFixture } from '../helpers/fixtures.js';
import { columnLetter, dumpWorkbook, sheetOf } from '../helpers/openpyxl.js';
import { partText, typeIntoCell } from '../helpers/parts.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-errors-'));
});

function fresh(
  fixture: 'foreign-plan' | 'foreign-plan-errors' | 'plan-1904' | 'prefixed-plan',
  name: string,
): string {
  const file = join(mkdtempSync(join(dir, 'case-')), name);
  copyFileSync(makeFixture(fixture, dir), file);
  return file;
}

describe('seeded errors', () => {
  const expected = loadExpected('foreign-plan-errors');

  it('are each reported at their own cell, with exit 1', async () => {
    const run = await cli([
      'validate',
      fresh('foreign-plan-errors', 'plan.xlsx'),
      '--json',
      '--report-date',
      '2020-11-13',
    ]);
    expect(run.code).toBe(1);
    const errors = findingsOf(run).filter((f) => f.severity === 'error');
    for (const [rule, cells] of Object.entries(expected)) {
      const want = Array.isArray(cells) ? cells : [cells];
      expect(
        errors
          .filter((f) => f.rule === rule)
          .map((f) => f.cell)
          .sort(),
        rule,
      ).toEqual([...want].sort());
    }
    expect(new Set(errors.map((f) => f.rule))).toEqual(new Set(Object.keys(expected)));
    for (const f of errors) {
      expect(f.sheet).toBe('Transition Plan');
      expect(f.message.length).toBeGreaterThan(20);
    }
  });

  it('prints a human report grouped by sheet and severity', async () => {
    const run = await cli([
      'validate',
      fresh('foreign-plan-errors', 'plan.xlsx'),
      '--report-date',
      '2020-11-13',
    ]);
    expect(run.stdout).toMatch(
      /^Sheet "Transition Plan"\n {2}Errors \(6\)\n {4}J8 +Dependency cycle: tasks 1\.3, 1\.4 /,
    );
    expect(run.stdout).toMatch(
      /\n {4}A28 +ID "7\.b" is already used in A27\. Give this task a different ID\. \[id-duplicate\]\n {2}Warnings \(6\)\n/,
    );
    expect(run.stdout).toMatch(/6 errors, \d+ warnings?, \d+ info\.$/);
  });

  it('sync colours and draws rows with errors, marks the rows it cannot draw, and exits 1', async () => {
    const file = fresh('foreign-plan-errors', 'plan.xlsx');
    const run = await cli(['sync', file, '--json', '--report-date', '2020-11-13']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      summary: { notDrawn: { row: number; cell: string }[]; errorRows: number };
    };
    // Only the impossible date (F18) and the end before its start (G24) stop a bar.
    expect(out.summary.notDrawn.map((n) => n.cell)).toEqual([
      expected['date-invalid'],
      expected['end-before-start'],
    ]);
    const rows = [
      ...new Set(
        Object.values(expected)
          .flat()
          .map((c) => Number(c.slice(1))),
      ),
    ].sort((a, b) => a - b);
    expect(out.summary.errorRows).toBe(rows.length);
    const plan = sheetOf(dumpWorkbook(file, { sheets: ['Transition Plan'] }), 'Transition Plan');
    const timeline = Array.from({ length: plan.maxCol - 12 }, (_, i) => columnLetter(13 + i));
    const bar = (row: number) =>
      timeline.filter(
        (c) => plan.cells[`${c}${row}`]?.fill && !plan.cells[`${c}${row}`]?.borderLeft,
      );
    for (const row of rows) {
      const marked = out.summary.notDrawn.some((n) => n.row === row);
      if (marked) {
        expect(bar(row), `row ${row}`).toEqual([]);
        expect(String(plan.cells[`M${row}`].value), `M${row}`).toMatch(/^⚠ No bar: /);
      } else {
        expect(
          bar(row).length + timeline.filter((c) => plan.cells[`${c}${row}`]?.value === '◆').length,
          `row ${row}`,
        ).toBeGreaterThan(0);
      }
    }
    // The unknown status (H20) is the only status cell left uncoloured.
    for (const row of rows) {
      const fill = plan.cells[`H${row}`]?.fill ?? null;
      if (`H${row}` === expected['rag-unknown']) expect(fill, `H${row}`).toBeNull();
      else expect(fill, `H${row}`).not.toBeNull();
    }
  });
});

describe('refusals leave the file untouched', () => {
  it('when Excel has it open', async () => {
    const file = fresh('foreign-plan', 'Plan.xlsx');
    writeFileSync(join(file, '..', '~$Plan.xlsx'), 'owner');
    const bytes = readFileSync(file);
    const run = await cli(['sync', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'plan-sync: Plan.xlsx is open in Excel or LibreOffice (found ~$Plan.xlsx). Close it and try again; nothing was written.',
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('when LibreOffice has it open', async () => {
    const file = fresh('foreign-plan', 'Plan.xlsx');
    writeFileSync(join(file, '..', '.~lock.Plan.xlsx#'), 'lock');
    expect((await cli(['sync', file])).code).toBe(2);
  });

  it('when it changed on disk while we worked', () => {
    const file = fresh('foreign-plan', 'Plan.xlsx');
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('edited')]));
    const now = readFileSync(file);
    expect(() => safeWrite(file, Buffer.from('new'), { original: bytes, backup: true })).toThrow(
      CannotProceed,
    );
    expect(readFileSync(file).equals(now)).toBe(true);
    expect(readdirSync(join(file, '..'))).toEqual(['Plan.xlsx']);
  });

  it('when it is not a workbook, or missing, with one line and no stack', async () => {
    const text = join(dir, 'notes.xlsx');
    writeFileSync(text, 'just some text');
    for (const target of [text, join(dir, 'missing.xlsx')]) {
      for (const command of ['validate', 'sync']) {
        const run = await cli([command, target]);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^plan-sync: [^\n]+$/);
        expect(run.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    }
    expect(readFileSync(text, 'utf8')).toBe('just some text');
  });

  it('dry runs write nothing; -o leaves the input untouched', async () => {
    const file = fresh('foreign-plan', 'Plan.xlsx');
    const bytes = readFileSync(file);
    const dry = await cli(['sync', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written. Would colour');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const out = join(file, '..', 'out.xlsx');
    const run = await cli(['sync', file, '-o', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(join(file, '..')).sort()).toEqual(['Plan.xlsx', 'out.xlsx']);
  });

  it('a user’s note in the old timeline stops the sync with an error at that cell', async () => {
    const file = fresh('foreign-plan', 'Plan.xlsx');
    await cli(['sync', file]);
    // Type a note into the timeline, as a user in Excel would.
    expect(partText(file, 'xl/worksheets/sheet2.xml')).toContain('r="P10"');
    typeIntoCell(file, 'xl/worksheets/sheet2.xml', 'P10', 'see minutes');
    const bytes = readFileSync(file);
    const run = await cli(['sync', file, '--json']);
    expect(run.code).toBe(2);
    expect(findingsOf(run).filter((f) => f.rule === 'timeline-blocked')).toEqual([
      expect.objectContaining({ cell: 'P10', severity: 'error' }),
    ]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(
      sheetOf(dumpWorkbook(file, { sheets: ['Transition Plan'] }), 'Transition Plan').cells.P10
        .value,
    ).toBe('see minutes');
  });
});

describe('other writers and date systems', () => {
  it('puts 1904-system serials in the header of a 1904 workbook', async () => {
    const expected = loadExpected('plan-1904');
    const file = fresh('plan-1904', 'mac.xlsx');
    const run = await cli(['sync', file, '--json', '--report-date', '2020-11-13']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout).summary as {
      firstPeriod: string;
      timelineRange: string;
    };
    const start = expected.tasks.map((t) => t.start).sort()[0];
    const dump = dumpWorkbook(file, { sheets: ['Plan'] });
    expect(dump.date1904).toBe(true);
    const first = summary.timelineRange.split(':')[0];
    const cell = sheetOf(dump, 'Plan').cells[first.replace(/\d+$/, '') + expected.headerRow];
    expect(cell.value).toBe(summary.firstPeriod);
    expect(summary.firstPeriod <= start).toBe(true);
    const [y, m] = summary.firstPeriod.split('-').map(Number);
    expect(partText(file, 'xl/worksheets/sheet1.xml')).toContain(
      `<v>${serialFromDay(dayFromYMD(y, m, 1)!, true)}</v>`,
    );
  });

  it('patches workbooks whose XML uses a namespace prefix, keeping the prefix', async () => {
    const file = fresh('prefixed-plan', 'sdk.xlsx');
    const run = await cli(['sync', file, '--report-date', '2020-11-13']);
    expect(run.code).toBe(0);
    const xml = partText(file, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toMatch(/<(c|row|col|pane) /);
    expect(xml).toMatch(/<x:pane /);
    const plan = sheetOf(dumpWorkbook(file, { sheets: ['Plan'] }), 'Plan');
    expect(Object.values(plan.cells).filter((c) => c.fill).length).toBeGreaterThan(4);
  });
});
