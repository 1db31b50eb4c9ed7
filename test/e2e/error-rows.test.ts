/**
 * What the Gantt shows must never mislead: a plan typed with the usual mistakes is synced, then read
 * back with openpyxl. Every recognised status is coloured and every task with valid dates has its
 * bar; the rest are marked. A sync that cannot be done safely writes nothing at all.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RAG_COLOURS, type RagStatus } from '../../core/rag.js';
import { parseTextDate, ukOf } from '../../core/dates.js';

/** `2020-11-13` (or `13/11/2020`) as the timeline writes it: `13 Nov 2020`. */
function reportDay(text: string): string {
  const parsed = parseTextDate(text);
  if (parsed.kind !== 'date') throw new Error(`not a date: ${text}`);
  return ukOf(parsed.day);
}
import { cli, findingsOf } from '../helpers/cli.js';
import { loadExpected, makeFixture } from '../helpers/fixtures.js';
import { columnLetter, dumpWorkbook, sheetOf, type SheetDump } from '../helpers/openpyxl.js';
import { typeIntoCell } from '../helpers/parts.js';

const expected = loadExpected('error-rows-plan');
let dir: string;
let source: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-error-rows-'));
  source = makeFixture('error-rows-plan', dir);
});

function fresh(name = 'plan.xlsx'): string {
  const file = join(mkdtempSync(join(dir, 'case-')), name);
  copyFileSync(source, file);
  return file;
}

interface SyncJson {
  summary: {
    notDrawn: { row: number; cell: string; reason: string }[];
    errorRows: number;
    bars: number;
    milestones: number;
    timelineRange: string;
  } | null;
  refused?: string;
  written: string | null;
}

/** The timeline's columns, from the summary's range (`L1:AG14`). */
function timelineColumns(range: string): string[] {
  const [from, to] = range.split(':').map((r) => r.replace(/\d+$/, ''));
  const number = (letters: string) =>
    [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const out: string[] = [];
  for (let c = number(from); c <= number(to); c++) out.push(columnLetter(c));
  return out;
}

/** Bar cells of a row: filled in a status colour (the report date's border alone is no bar). */
function barFills(plan: SheetDump, columns: string[], row: number): string[] {
  return columns
    .map((c) => plan.cells[`${c}${row}`]?.fill ?? null)
    .filter((f): f is string => f !== null);
}

/** The file as it is: bytes, modification time and the files beside it. */
function snapshot(file: string) {
  return {
    bytes: readFileSync(file),
    mtime: statSync(file).mtimeMs,
    files: readdirSync(join(file, '..')).sort(),
  };
}

describe('a plan with error rows', () => {
  let file: string;
  let out: SyncJson;
  let plan: SheetDump;
  let columns: string[];

  beforeAll(async () => {
    file = fresh();
    const run = await cli(['sync', file, '--json', '--report-date', expected.reportDate]);
    expect(run.code, run.stderr).toBe(1);
    out = JSON.parse(run.stdout) as SyncJson;
    plan = sheetOf(dumpWorkbook(file, { sheets: [expected.sheet] }), expected.sheet);
    columns = timelineColumns(out.summary!.timelineRange);
  });

  it('colours every cell holding a recognised status, on rows with errors too', () => {
    for (const r of expected.rows) {
      const cell = plan.cells[`G${r.row}`];
      expect(cell.value, `G${r.row}`).toBe(r.rag);
      expect(cell.fill, `G${r.row} (${r.rag})`).toBe(
        r.status ? RAG_COLOURS[r.status as RagStatus].fill : null,
      );
    }
    // The Red task with a date typo, the task with a mistyped dependency, the one with bad progress.
    expect(['G5', 'G6', 'G7'].map((ref) => plan.cells[ref].fill)).toEqual([
      RAG_COLOURS.red.fill,
      RAG_COLOURS.amber.fill,
      RAG_COLOURS['amber-red'].fill,
    ]);
  });

  it('draws the bar of every task whose own dates are valid', () => {
    for (const r of expected.rows.filter((x) => x.drawn === 'bar')) {
      const bar = RAG_COLOURS[(r.status ?? 'not-started') as RagStatus].bar;
      const fills = barFills(plan, columns, r.row);
      expect(fills.length, `row ${r.row}`).toBeGreaterThan(0);
      if (r.status) expect(new Set(fills), `row ${r.row}`).toEqual(new Set([bar]));
    }
    for (const r of expected.rows.filter((x) => x.drawn === 'milestone')) {
      expect(
        columns.filter((c) => plan.cells[`${c}${r.row}`]?.value === '◆'),
        `row ${r.row}`,
      ).toHaveLength(1);
    }
    expect(out.summary!.bars).toBe(expected.rows.filter((r) => r.drawn === 'bar').length);
    expect(out.summary!.milestones).toBe(2);
  });

  it('marks each row it cannot draw with ⚠, a reason and a pale hatched fill, and no bar', () => {
    const first = columns[0];
    const marked = expected.rows.filter((r) => r.drawn === 'marker').map((r) => r.row);
    expect(marked).toEqual([5, 8, 9]);
    for (const row of marked) {
      const cell = plan.cells[`${first}${row}`];
      expect(String(cell.value), `${first}${row}`).toMatch(/^⚠ No bar: /);
      expect(cell).toMatchObject({
        pattern: 'lightUp',
        patternColor: 'F0C419',
        patternBackground: 'FFF7D1',
        fill: null,
        bold: true,
      });
      expect(barFills(plan, columns.slice(1), row), `row ${row}`).toEqual([]);
    }
    expect(plan.cells[`${first}5`].value).toBe('⚠ No bar: the end date (F5) is not a real date');
    expect(plan.cells[`${first}8`].value).toBe('⚠ No bar: it ends (F8) before it starts (E8)');
    expect(plan.cells[`${first}9`].value).toBe('⚠ No bar: no start or end date');
  });

  it('lists the rows it could not draw in the JSON and text summaries', async () => {
    expect(out.summary!.notDrawn).toEqual([
      { row: 5, cell: 'F5', reason: 'the end date (F5) is not a real date' },
      { row: 8, cell: 'F8', reason: 'it ends (F8) before it starts (E8)' },
      { row: 9, cell: 'E9', reason: 'no start or end date' },
    ]);
    expect(out.summary!.errorRows).toBe(6);
    const again = fresh();
    const text = await cli(['sync', again, '--report-date', expected.reportDate]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      '3 rows could not be drawn (marked ⚠ on the timeline): row 5, the end date (F5) is not a real date; row 8, it ends (F8) before it starts (E8); row 9, no start or end date.',
    );
  });

  it('keeps the comments left of the timeline from running over it', () => {
    // Each row's first timeline cell holds something (a space when nothing else), so Excel and
    // LibreOffice cut the long comments in column J at the timeline's edge.
    const first = columns[0];
    for (let row = expected.headerRow + 1; row <= expected.rows.at(-1)!.row; row++) {
      expect(plan.cells[`${first}${row}`]?.value, `${first}${row}`).not.toBeNull();
    }
    expect(plan.cells[`${first}4`].value).toBe(' ');
    expect(plan.cells.J4.value).toMatch(/^Cabinet on 21 October/);
  });

  it('shows weeks as days under a month band, never rotated', () => {
    const header = columns.map((c) => plan.cells[`${c}${expected.headerRow}`]);
    expect(header.every((c) => c.isDate && c.numFmt === 'dd' && c.rotation === 0)).toBe(true);
    const band = columns
      .map((c) => plan.cells[`${c}1`]?.value ?? null)
      .filter((v): v is string => typeof v === 'string');
    // Months, and the report date labelled above its week.
    expect(band.filter((v) => !v.startsWith('Report date'))).toEqual([
      'Aug 2020',
      'Sep 2020',
      'Oct 2020',
      'Nov 2020',
      'Dec 2020',
      'Jan 2021',
    ]);
    expect(band.filter((v) => v.startsWith('Report date'))).toEqual([
      `Report date ${reportDay(expected.reportDate)}`,
    ]);
  });

  it('never reports a task as due on its start because its end date is impossible', async () => {
    const run = await cli(['validate', fresh(), '--json', '--report-date', expected.reportDate]);
    const overdue = findingsOf(run).filter((f) => f.rule === 'overdue');
    expect(overdue.map((f) => f.cell)).toEqual(['F4', 'F8']);
    expect(overdue.map((f) => f.message).join(' ')).not.toContain('1 Oct 2020');
  });
});

describe('a sync that cannot be done safely writes nothing', () => {
  it('a cell typed where a weekly timeline goes: exit 2, cell named, no write, no backup', async () => {
    const file = fresh();
    const monthly = await cli(['sync', file, '--scale', 'month', '--no-backup']);
    expect(monthly.code).toBe(1);
    // The monthly timeline is L..P; a weekly one reaches AG. A user types a note in T6.
    typeIntoCell(file, 'xl/worksheets/sheet1.xml', 'T6', 'ask Justine');
    const before = snapshot(file);
    const run = await cli(['sync', file, '--scale', 'week']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `plan-sync: ${file}: The timeline needs cell T6, which holds your data: move or clear it, then try again; nothing was written.`,
    );
    const json = await cli(['sync', file, '--scale', 'week', '--json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('T6');
    const parsed = JSON.parse(json.stdout) as SyncJson;
    expect(parsed.summary).toBeNull();
    expect(parsed.written).toBeNull();
    expect(parsed.refused).toContain('cell T6');
    expect(findingsOf(json).filter((f) => f.rule === 'timeline-blocked')).toEqual([
      expect.objectContaining({ cell: 'T6', severity: 'error' }),
    ]);
    const after = snapshot(file);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect(after.mtime).toBe(before.mtime);
    expect(after.files).toEqual(['plan.xlsx']);
    // Read back: the monthly timeline and the note are as they were.
    const plan = sheetOf(dumpWorkbook(file, { sheets: ['Plan'] }), 'Plan');
    expect(plan.cells.T6.value).toBe('ask Justine');
    expect(plan.cells.L2.numFmt).toBe('mmm-yy');
  });

  it('keeps an existing backup as it was', async () => {
    const file = fresh();
    expect((await cli(['sync', file, '--scale', 'month'])).code).toBe(1);
    const backup = join(file, '..', 'plan.backup.xlsx');
    const kept = readFileSync(backup);
    typeIntoCell(file, 'xl/worksheets/sheet1.xml', 'AA3', 'see notes');
    const before = snapshot(file);
    expect((await cli(['sync', file, '--scale', 'week'])).code).toBe(2);
    expect(readFileSync(backup).equals(kept)).toBe(true);
    expect(snapshot(file)).toEqual(before);
  });

  it('a date that pushes the timeline past column XFD: exit 2, task cell named, no write', async () => {
    const file = fresh();
    // Task 12 "ends" on 31/12/9999: type it over the real date in F14.
    typeIntoCell(file, 'xl/worksheets/sheet1.xml', 'F14', '31/12/9999');
    const before = snapshot(file);
    const out = join(file, '..', 'out.xlsx');
    for (const scale of ['auto', 'week', 'month', 'quarter']) {
      const run = await cli(['sync', file, '--scale', scale, '-o', out]);
      expect(run.code, scale).toBe(2);
      expect(run.stderr).toMatch(
        /^plan-sync: .*plan\.xlsx: Task 12 "Go live" ends on 31 Dec 9999: a \w+ly timeline from 1 Sep 2020 to 31 Dec 9999 needs [\d,]+ columns, more than fit before Excel's last column \(XFD\)\. Correct the date in F14; nothing was written\.$/,
      );
    }
    const json = await cli(['sync', file, '--json']);
    expect(findingsOf(json).filter((f) => f.rule === 'timeline-too-wide')).toEqual([
      expect.objectContaining({ cell: 'F14', severity: 'error', row: 14 }),
    ]);
    expect(existsSync(out)).toBe(false);
    expect(snapshot(file)).toEqual(before);
  });
});
