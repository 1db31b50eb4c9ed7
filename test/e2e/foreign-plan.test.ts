/**
 * A real programme plan made by another tool (openpyxl): title rows, alias headers, UK text dates,
 * a status drop-down, a data bar and a chart on another sheet. Results are read back with openpyxl,
 * Python's zipfile and LibreOffice, never with our own reader.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { outlineFor } from '../../core/board/layout.js';
import {
  NO_STATUS_BAR,
  RAG_COLOURS,
  RAG_LABEL,
  RAG_STATUSES,
  REPORT_DATE_COLOUR,
  type RagStatus,
} from '../../core/rag.js';
import { cli, findingsOf } from '../helpers/cli.js';
import { loadExpected, makeFixture } from '../helpers/fixtures.js';
import { resaveWithLibreOffice } from '../helpers/libreoffice.js';
import {
  columnLetter,
  dumpWorkbook,
  sheetOf,
  type SheetDump,
  type WorkbookDump,
} from '../helpers/openpyxl.js';
import { diffParts, partText } from '../helpers/parts.js';

const expected = loadExpected('foreign-plan');
const STATUS_OF_LABEL = new Map(RAG_STATUSES.map((s) => [RAG_LABEL[s], s] as [string, RagStatus]));

function monthStart(iso: string): string {
  return iso.slice(0, 8) + '01';
}

/** The sheet's period header cells (right of the table, on the header row) as ISO date -> column letter. */
function timelineColumns(sheet: SheetDump): Map<string, string> {
  const columns = new Map<string, string>();
  for (let col = expected.headers.length + 1; col <= sheet.maxCol; col++) {
    const cell = sheet.cells[`${columnLetter(col)}${expected.headerRow}`];
    if (cell?.isDate) columns.set(String(cell.value).slice(0, 10), columnLetter(col));
  }
  return columns;
}

/** Sections of a worksheet part that a sync must never touch. */
function untouchable(xml: string): string[] {
  const grab = (name: string) =>
    [...xml.matchAll(new RegExp(`<${name}[\\s>][\\s\\S]*?</${name}>`, 'g'))].map((m) => m[0]);
  return [
    'dataValidations',
    'conditionalFormatting',
    'mergeCells',
    'hyperlinks',
    'extLst',
    'sheetProtection',
    'autoFilter',
    'pageSetup',
  ].flatMap(grab);
}

describe('a real programme plan from another tool', () => {
  let dir: string;
  let original: string;
  let file: string;
  let before: WorkbookDump;
  let after: WorkbookDump;
  let plan: SheetDump;
  let firstSync: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-sync-foreign-'));
    original = makeFixture('foreign-plan', dir);
    file = join(dir, 'Transition plan.xlsx');
    copyFileSync(original, file);
    before = dumpWorkbook(original);
    firstSync = await cli(['sync', file, '--report-date', expected.reportDate]);
    after = dumpWorkbook(file);
    plan = sheetOf(after, expected.sheet);
  });

  it('validates with exit 0, warning only about the dates typed as text', async () => {
    const run = await cli(['validate', original, '--json', '--report-date', expected.reportDate]);
    expect(run.code).toBe(0);
    const findings = findingsOf(run);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(
      findings
        .filter((f) => f.rule === 'date-as-text')
        .map((f) => f.cell)
        .sort(),
    ).toEqual([...expected.textDates].sort());
    expect(findings.every((f) => f.sheet === expected.sheet)).toBe(true);
  });

  it('syncs in place with exit 0 and keeps the original as a backup', () => {
    expect(firstSync.code).toBe(0);
    expect(firstSync.stdout).toMatch(/Synced .*Transition plan\.xlsx/);
    const backup = join(dir, 'Transition plan.backup.xlsx');
    expect(readFileSync(backup).equals(readFileSync(original))).toBe(true);
  });

  it('colours every RAG cell with its status colour and keeps its text', () => {
    for (const task of expected.tasks) {
      const cell = plan.cells[`H${task.row}`];
      expect(cell?.value ?? null).toBe(task.statusText);
      if (task.status === null) {
        expect(cell?.fill ?? null).toBeNull();
        continue;
      }
      const colours = RAG_COLOURS[STATUS_OF_LABEL.get(task.status)!];
      expect(cell.fill, `H${task.row}`).toBe(colours.fill);
      expect(cell.fontColor, `H${task.row}`).toBe(colours.text);
    }
  });

  it('puts a real date, the first of each month, in each period header', () => {
    const columns = timelineColumns(plan);
    const months = [...columns.keys()];
    expect(months[0]).toBe(monthStart(expected.tasks.map((t) => t.start).sort()[0]));
    expect(months[months.length - 1]).toBe(
      monthStart(
        expected.tasks
          .map((t) => t.end)
          .sort()
          .reverse()[0],
      ),
    );
    for (let i = 1; i < months.length; i++)
      expect(new Date(months[i]).getUTCMonth()).toBe(
        (new Date(months[i - 1]).getUTCMonth() + 1) % 12,
      );
    const first = plan.cells[`${columns.get(months[0])}${expected.headerRow}`];
    expect(first.numFmt).toBe('mmm-yy');
  });

  it('fills exactly the months each task overlaps, in its status colour, and marks milestones', () => {
    const columns = timelineColumns(plan);
    // The first timeline cell of a row holds a space when nothing else is there (it stops text
    // from the column to its left running over the timeline).
    const firstColumn = [...columns.values()][0];
    for (const task of expected.tasks) {
      const status = task.status === null ? null : STATUS_OF_LABEL.get(task.status)!;
      const first = monthStart(task.start);
      const last = monthStart(task.end);
      for (const [month, col] of columns) {
        const cell = plan.cells[`${col}${task.row}`];
        const inside = month >= first && month <= last;
        if (task.milestone) {
          const empty = col === firstColumn ? ' ' : null;
          expect(cell?.value ?? null, `${col}${task.row}`).toBe(inside ? '◆' : empty);
          // The diamond in its status colour (darkened to 3:1 on white where need be), no fill.
          if (inside) {
            expect(cell.fill ?? null).toBeNull();
            expect(cell.fontColor).toBe(
              outlineFor(status ? RAG_COLOURS[status].bar : NO_STATUS_BAR),
            );
          } else expect(cell?.fill ?? null).toBeNull();
        } else if (inside) {
          expect(cell?.fill, `${col}${task.row} should be filled`).toBe(
            status ? RAG_COLOURS[status].bar : NO_STATUS_BAR,
          );
        } else {
          expect(cell?.fill ?? null, `${col}${task.row} should be empty`).toBeNull();
        }
      }
    }
  });

  it('marks the report date’s month with a border down the timeline', () => {
    const col = timelineColumns(plan).get('2020-11-01')!;
    for (let row = expected.headerRow; row <= expected.lastRow; row++) {
      expect(plan.cells[`${col}${row}`]?.borderLeft, `${col}${row}`).toBe(REPORT_DATE_COLOUR);
    }
  });

  it('freezes the header and the task column', () => {
    expect(plan.freezePanes).toBe(`D${expected.headerRow + 1}`);
  });

  it('changes only the plan sheet, the styles and the defined names; every other part byte for byte', () => {
    const diff = diffParts(original, file);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.sort()).toEqual([
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet2.xml',
    ]);
  });

  it('keeps the drop-down, the data bar, merges and hyperlinks of the plan sheet exactly as written', () => {
    expect(untouchable(partText(file, 'xl/worksheets/sheet2.xml'))).toEqual(
      untouchable(partText(original, 'xl/worksheets/sheet2.xml')),
    );
    const was = sheetOf(before, expected.sheet);
    expect(plan.dataValidations).toEqual(was.dataValidations);
    expect(plan.conditionalFormats).toEqual(was.conditionalFormats);
    expect(plan.merged).toEqual(was.merged);
    expect(sheetOf(after, 'Dashboard').charts).toBe(1);
    expect(after.definedNames).toEqual({
      ...before.definedNames,
      PlanSync_Timeline: expect.stringMatching(/^'Transition Plan'!\$M\$3:\$\w+\$28$/),
      // The sheet had no page setup of its own: sync sets print titles (ID to Task, band and header).
      'Transition Plan!_xlnm.Print_Titles': "'Transition Plan'!$A:$C,'Transition Plan'!$3:$4",
    });
  });

  it('keeps every cell of the user’s table as it was', () => {
    const was = sheetOf(before, expected.sheet);
    for (const [ref, cell] of Object.entries(was.cells)) {
      if (ref.startsWith('H') && Number(ref.slice(1)) > expected.headerRow) continue;
      expect(plan.cells[ref], ref).toEqual(cell);
    }
  });

  it('changes nothing on a second sync', async () => {
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const again = await cli(['sync', file, '--report-date', expected.reportDate]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up to date');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('opens in LibreOffice, which sees the same colours and dates', () => {
    const resaved = resaveWithLibreOffice(file, join(dir, 'lo'));
    expect(existsSync(resaved)).toBe(true);
    const lo = sheetOf(dumpWorkbook(resaved, { sheets: [expected.sheet] }), expected.sheet);
    const columns = timelineColumns(lo);
    expect([...columns.keys()]).toEqual([...timelineColumns(plan).keys()]);
    const task = expected.tasks.find((t) => !t.milestone && t.status === 'Green')!;
    const col = columns.get(monthStart(task.start))!;
    expect(lo.cells[`${col}${task.row}`].fill).toBe(RAG_COLOURS.green.bar);
    expect(lo.cells[`H${task.row}`].fill).toBe(RAG_COLOURS.green.fill);
  });
});

describe('the same plan saved by LibreOffice', () => {
  it('syncs, changing only the plan sheet, styles and names, and reads back with openpyxl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-sync-lo-'));
    const loFile = resaveWithLibreOffice(makeFixture('foreign-plan', dir), join(dir, 'lo'));
    const file = join(dir, 'lo-plan.xlsx');
    copyFileSync(loFile, file);
    const run = await cli(['sync', file, '--report-date', expected.reportDate]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const diff = diffParts(loFile, file);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.sort()).toEqual([
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    const plan = sheetOf(dumpWorkbook(file, { sheets: [expected.sheet] }), expected.sheet);
    const task = expected.tasks.find((t) => !t.milestone && t.status === 'Amber')!;
    expect(plan.cells[`H${task.row}`].fill).toBe(RAG_COLOURS.amber.fill);
    const col = timelineColumns(plan).get(monthStart(task.end))!;
    expect(plan.cells[`${col}${task.row}`].fill).toBe(RAG_COLOURS.amber.bar);
    expect((await cli(['sync', file, '--report-date', expected.reportDate])).stdout).toContain(
      'already up to date',
    );
  });
});
