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
import { partText } from '../helpers/parts.js';

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

  it('sync skips the rows with errors, syncs the rest and exits 1', async () => {
    const file = fresh('foreign-plan-errors', 'plan.xlsx');
    const run = await cli(['sync', file, '--json', '--report-date', '2020-11-13']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { summary: { skippedRows: number[]; bars: number } };
    const rows = [
      ...new Set(
        Object.values(expected)
          .flat()
          .map((c) => Number(c.slice(1))),
      ),
    ].sort((a, b) => a - b);
    expect(out.summary.skippedRows).toEqual(rows);
    const plan = sheetOf(dumpWorkbook(file, { sheets: ['Transition Plan'] }), 'Transition Plan');
    const timeline = Array.from({ length: plan.maxCol - 12 }, (_, i) => columnLetter(13 + i));
    for (const row of rows) {
      expect(
        timeline.filter(
          (c) => plan.cells[`${c}${row}`]?.fill && !plan.cells[`${c}${row}`]?.borderLeft,
        ),
        `row ${row}`,
      ).toEqual([]);
      expect(plan.cells[`H${row}`]?.fill ?? null, `H${row}`).toBeNull();
    }
    expect(timeline.some((c) => plan.cells[`${c}5`]?.fill)).toBe(true);
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
    expect(dry.stdout).toContain('Dry run: would have coloured');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const out = join(file, '..', 'out.xlsx');
    const run = await cli(['sync', file, '-o', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(join(file, '..')).sort()).toEqual(['Plan.xlsx', 'out.xlsx']);
  });

  it('a user’s note in the old timeline stops the redraw with an error at that cell', async () => {
    const file = fresh('foreign-plan', 'Plan.xlsx');
    await cli(['sync', file]);
    // Type a note into the timeline, as a user in Excel would (patch the sheet part with Python).
    const xml = partText(file, 'xl/worksheets/sheet2.xml');
    expect(xml).toContain('r="P10"');
    const { execFileSync } = await import('node:child_process');
    execFileSync('/usr/bin/python3', [
      '-c',
      `
import sys, zipfile, re
src = sys.argv[1]
data = {}
with zipfile.ZipFile(src) as z:
    for i in z.infolist(): data[i.filename] = z.read(i.filename)
x = data['xl/worksheets/sheet2.xml'].decode()
x = re.sub(r'<c r="P10"[^>]*?(/>|>.*?</c>)', '<c r="P10" t="inlineStr"><is><t>see minutes</t></is></c>', x, count=1)
data['xl/worksheets/sheet2.xml'] = x.encode()
with zipfile.ZipFile(src, 'w', zipfile.ZIP_DEFLATED) as z:
    for k, v in data.items(): z.writestr(k, v)
`,
      file,
    ]);
    const run = await cli(['sync', file, '--json']);
    expect(run.code).toBe(1);
    expect(findingsOf(run).filter((f) => f.rule === 'timeline-blocked')).toEqual([
      expect.objectContaining({ cell: 'P10', severity: 'error' }),
    ]);
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
