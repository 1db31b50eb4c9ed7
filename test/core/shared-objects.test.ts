/**
 * Large plans repeat themselves (the same leads, statuses, dates and progress down 50,000 rows):
 * the reader and the plan share one object for each distinct cell and field instead of making
 * one per row. These tests pin down what may be shared (equal cells and fields that are never
 * changed), what may not (a formula's cell, cells of different formats), and that nothing read
 * differs from what an unshared read gives.
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../core/cells.js';
import { readPlan, type Task } from '../../core/plan/read.js';
import {
  readCheckedWorksheet,
  readWorksheet,
  type CellContext,
} from '../../core/xlsx/worksheet-part.js';
import { HEADER, sheet, workbook } from './build.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const SST = ['Amber', 'Green', 'Amber'];

const context = (): CellContext => ({
  date1904: false,
  sharedStrings: () => SST,
  numFmtOfStyle: (i) => (i === 2 ? 'dd/mm/yyyy' : i === 3 ? '0%' : undefined),
});

const XML =
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>` +
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>45383</v></c><c r="C1" s="3"><v>0.5</v></c><c r="D1"><v>45383</v></c></row>' +
  '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" s="2"><v>45383</v></c><c r="C2" s="3"><v>0.5</v></c><c r="D2"><f>B2</f><v>45383</v></c></row>' +
  '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="2"><v>45384</v></c><c r="C3" s="3"><v>0.5</v></c><c r="D3"><f>B3</f><v>45383</v></c></row>' +
  '</sheetData></worksheet>';

describe.each([
  ['checked in one pass', (xml: string) => readCheckedWorksheet(xml, 'Plan', context())!],
  ['read the general way', (xml: string) => readWorksheet(xml, 'Plan', context())],
])('cells %s', (_, read) => {
  const cells = read(XML).cells;

  it('gives equal plain cells one object', () => {
    expect(cells[2][1]).toBe(cells[1][1]); // the same shared string
    expect(cells[2][2]).toBe(cells[1][2]); // the same date, the same format
    expect(cells[2][3]).toBe(cells[1][3]); // the same fraction, the same format
  });

  it('keeps apart what differs: the value, the format, a formula', () => {
    expect(cells[3][1]).not.toBe(cells[1][1]); // another shared string with equal text
    expect(cells[3][1]).toEqual({ value: 'Amber' });
    expect(cells[3][2]).not.toBe(cells[1][2]);
    expect(cells[1][4]).not.toBe(cells[1][2]); // 45383 without a date format
    expect(cells[1][4]).toEqual({ value: 45383 });
    expect(cells[2][4]).not.toBe(cells[3][4]); // a formula's cell is its own
    expect(cells[2][4]).toEqual({ value: 45383, formula: true });
  });

  it('reads every value as an unshared read would', () => {
    const values = cells.slice(1).map((row) => row.slice(1));
    expect(values).toEqual([
      [
        { value: 'Amber' },
        { value: 45383, numFmt: 'dd/mm/yyyy' },
        { value: 0.5, numFmt: '0%' },
        { value: 45383 },
      ],
      [
        { value: 'Amber' },
        { value: 45383, numFmt: 'dd/mm/yyyy' },
        { value: 0.5, numFmt: '0%' },
        { value: 45383, formula: true },
      ],
      [
        { value: 'Amber' },
        { value: 45384, numFmt: 'dd/mm/yyyy' },
        { value: 0.5, numFmt: '0%' },
        { value: 45383, formula: true },
      ],
    ]);
  });
});

describe('plan fields', () => {
  // One cell object in several rows, as the reader gives equal cells.
  const start: Cell = { value: 45383, numFmt: 'dd/mm/yyyy' };
  const end: Cell = { value: 45400, numFmt: 'dd/mm/yyyy' };
  const half: Cell = { value: 0.5, numFmt: '0%' };
  const formulaEnd: Cell = { value: 45400, numFmt: 'dd/mm/yyyy', formula: true };
  const plan = readPlan(
    workbook([
      sheet('Plan', [
        HEADER,
        ['1', 'Finance', 'Agree budget', 'Sam', start, end, 'Amber', half, null],
        ['2', 'Finance', 'Sign contract', 'Sam', start, end, 'Amber', half, '1'],
        ['3', 'Finance', 'Go live', 'Sam', start, formulaEnd, 'Green', null, null],
        ['4', 'Finance', 'Close down', 'Sam', start, formulaEnd, 'Green', null, null],
      ]),
    ]),
  );
  if (!plan.ok) throw new Error(plan.reason);
  const [a, b, c, e] = plan.plan.tasks as [Task, Task, Task, Task];

  it('shares the fields read from one cell', () => {
    expect(b.start).toBe(a.start);
    expect(b.end).toBe(a.end);
    expect(b.rag).toBe(a.rag);
    expect(b.progress).toBe(a.progress);
    expect(c.progress).toBe(e.progress); // blank
    expect(a.dependsOn).toBe(c.dependsOn); // none
  });

  it('reads a formula cell each time, and every field as written', () => {
    expect(c.end).not.toBe(e.end);
    expect(c.end).toEqual(e.end);
    expect(a.start).toEqual({
      kind: 'date',
      day: a.start.kind === 'date' ? a.start.day : 0,
      source: 'date',
    });
    expect(a.end.kind === 'date' && a.end.day - (a.start.kind === 'date' ? a.start.day : 0)).toBe(
      17,
    );
    expect(a.progress).toEqual({ kind: 'value', percent: 50 });
    expect(c.progress).toEqual({ kind: 'blank' });
    expect(a.rag).toEqual({ text: 'Amber', parse: { kind: 'status', status: 'amber' } });
    expect(b.dependsOn).toEqual(['1']);
    expect(a.dependsOn).toEqual([]);
  });

  it('cannot have a shared blank changed under another task', () => {
    expect(Object.isFrozen(c.progress)).toBe(true);
    expect(Object.isFrozen(a.dependsOn)).toBe(true);
    expect(() => (a.dependsOn as string[]).push('2')).toThrow(TypeError);
  });
});
