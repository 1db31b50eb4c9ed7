/**
 * The add-in's commands (addin/commands.ts over addin/excel-adapter.ts) against the fake Excel:
 * validate, colour RAG and draw the Gantt timeline of a small plan, in a few round trips.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommands } from '../../addin/commands.js';
import { dayFromYMD } from '../../core/dates.js';
import { RAG_COLOURS } from '../../core/rag.js';
import {
  installFakeOffice,
  removeFakeOffice,
  type FakeOffice,
  type FakeWorkbookInit,
} from './index.js';

const DATE = 'dd/mm/yyyy';
// Serials: 45292 = 1 Jan 2024, 45323 = 1 Feb 2024, 45352 = 1 Mar 2024, 45382 = 31 Mar 2024.
function planInit(): FakeWorkbookInit {
  const task = (
    row: number,
    id: number,
    ws: string,
    name: string,
    start: number,
    end: number,
    rag: string,
  ) => ({
    [`A${row}`]: { value: id },
    [`B${row}`]: { value: ws },
    [`C${row}`]: { value: name },
    [`D${row}`]: { value: start, numberFormat: DATE },
    [`E${row}`]: { value: end, numberFormat: DATE },
    [`F${row}`]: { value: rag },
  });
  return {
    sheets: [
      {
        name: 'Plan',
        cells: {
          A1: { value: 'ID', format: { bold: true } },
          B1: { value: 'Workstream', format: { bold: true } },
          C1: { value: 'Task', format: { bold: true } },
          D1: { value: 'Start', format: { bold: true } },
          E1: { value: 'End', format: { bold: true } },
          F1: { value: 'RAG', format: { bold: true } },
          ...task(2, 1, 'Design', 'Draft the design', 45292, 45322, 'Green'),
          ...task(3, 2, 'Build', 'Build the service', 45323, 45382, 'Red'),
          ...task(4, 3, 'Test', 'Test the service', 45352, 45382, 'A/R'),
        },
      },
    ],
  };
}

let fake: FakeOffice;

beforeEach(() => {
  fake = installFakeOffice(planInit());
});

afterEach(removeFakeOffice);

const today = dayFromYMD(2024, 2, 15)!;

describe('add-in commands against the fake Excel', () => {
  it('validates, colours RAG cells and draws the monthly timeline', async () => {
    const commands = createCommands({ today });
    expect(commands.missingRequirements()).toEqual([]);

    const validated = await commands.validate();
    expect(validated.summary).toMatch(/^3 tasks on sheet "Plan"/);
    // Values, then the table's number formats: two round trips.
    expect(fake.stats.syncs).toBe(2);

    const rag = await commands.colourRag();
    expect(rag.summary).toMatch(/Coloured 3 RAG cells/);
    const plan = fake.workbook.sheet('Plan');
    expect(plan.cell('F2')?.format?.fill).toBe(`#${RAG_COLOURS.green.fill}`);
    expect(plan.cell('F2')?.format?.fill).toBe('#BFE0CC');
    expect(plan.cell('F2')?.format?.fontColor).toBe(`#${RAG_COLOURS.green.text}`);
    expect(plan.cell('F3')?.format?.fill).toBe(`#${RAG_COLOURS.red.fill}`);
    expect(plan.cell('F4')?.format?.fill).toBe(`#${RAG_COLOURS['amber-red'].fill}`);
    // Values, formats and fills, write: three round trips, none over the limit.
    expect(fake.stats.syncs).toBe(5);
    expect(Math.max(...fake.stats.requestBytes)).toBeLessThan(4 * 1024 * 1024);

    const gantt = await commands.buildGantt('month');
    expect(gantt.summary).toMatch(/Drew \d+ bars?/);
    const cells = plan.cells();
    // Timeline header: month starts as serial numbers with a date format, right of the table.
    const header = Object.entries(cells).filter(
      ([ref, c]) => /^[G-Z]+\d+$/.test(ref) && typeof c.value === 'number' && c.numberFormat,
    );
    expect(header.length).toBeGreaterThanOrEqual(3);
    const serials = header.map(([, c]) => c.value as number);
    expect(serials).toContain(45292); // Jan 2024
    expect(serials).toContain(45323); // Feb 2024
    expect(serials).toContain(45352); // Mar 2024
    // Bars are fills in the timeline; the task table is untouched.
    const bars = Object.entries(cells).filter(
      ([ref, c]) => /^[H-Z]+[2-4]$/.test(ref) && c.format?.fill && !c.value,
    );
    expect(bars.length).toBeGreaterThan(0);
    expect(plan.cell('C2')).toEqual({ value: 'Draft the design' });
    expect(plan.cell('D2')).toEqual({ value: 45292, numberFormat: DATE });
    // The timeline's hidden defined name, and frozen panes.
    const names = fake.workbook.names();
    expect(names).toHaveLength(1);
    expect(names[0].visible).toBe(false);
    expect(names[0].formula).toMatch(/^=Plan!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+$/);
    expect(plan.freeze).not.toBeNull();

    // Redrawing replaces the timeline (the name exists now: deleted and added in one request).
    const again = await commands.buildGantt('month');
    expect(again.summary).toMatch(/Drew \d+ bars?/);
    expect(fake.workbook.names()).toHaveLength(1);
    await fake.workbook.settle();
  });

  it('reports the missing requirement set on an old Excel', async () => {
    fake = installFakeOffice({ ...planInit(), apiVersion: '1.8' });
    const commands = createCommands({ today });
    expect(commands.missingRequirements()).toEqual(['ExcelApi 1.9']);
    await expect(commands.validate()).rejects.toThrow(/ExcelApi 1\.9/);
  });
  it('keeps the plan up to date after a user edit, ignoring its own writes', async () => {
    const commands = createCommands({ today });
    const updates: string[] = [];
    await commands.setKeepUpToDate(true, (r) =>
      updates.push(r instanceof Error ? `error: ${r.message}` : r.summary),
    );
    fake.workbook.sheet('Plan').setCell('F2', { value: 'Red' });
    await fake.workbook.fireChange('Plan', 'F2', {
      details: { valueBefore: 'Green', valueAfter: 'Red' },
    });
    await fake.workbook.fireChange('Plan', 'C3'); // the task name: no redraw needed
    await new Promise((resolve) => setTimeout(resolve, 400)); // the pane waits 250 ms
    await fake.workbook.settle(); // the add-in's own writes fire onChanged too (ThisLocalAddin)
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatch(/^Coloured 3 RAG cells; drew/);
    expect(fake.workbook.sheet('Plan').cell('F2')?.format?.fill).toBe(`#${RAG_COLOURS.red.fill}`);
    await commands.setKeepUpToDate(false, () => undefined);
    await fake.workbook.fireChange('Plan', 'F2');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(updates).toHaveLength(1);
  });

  // Adapter bugs the fake found, now fixed: these guard against their return.

  it('newPlan freezes only the header row of Workstreams (excel-adapter.ts addSheets)', async () => {
    fake = installFakeOffice({ sheets: [{ name: 'Sheet1', cells: { A1: { value: 'notes' } } }] });
    await createCommands({ today }).newPlan();
    // The template asks for { row: 2, col: 1 }: row 1 frozen, no column (as sheet-patch.ts writes it).
    // addSheets sends freezeAt('A1:A1'), which freezes row 1 AND column A.
    expect(fake.workbook.sheet('Workstreams').freeze).toBe('1:1');
  });

  it('redraws when an old timeline name refers to #REF! (commands.ts nameExists)', async () => {
    fake = installFakeOffice({
      ...planInit(),
      names: [{ name: 'PlanSync_Timeline', formula: '=Plan!#REF!', visible: false }],
    });
    // The name has type Error, so readPlanWorkbook drops it, nameExists is false, and names.add
    // fails the write request with ItemAlreadyExists (after the timeline cells were written).
    await createCommands({ today }).buildGantt('month');
  });

  it('recolours a 3,000-task weekly plan after drawing its timeline (5 MB response limit)', async () => {
    const cells: NonNullable<FakeWorkbookInit['sheets'][number]['cells']> = {
      ...planInit().sheets[0].cells,
    };
    for (let i = 0; i < 3000; i++) {
      const r = i + 2;
      const start = 45292 + ((i * 7) % 900);
      Object.assign(cells, {
        [`A${r}`]: { value: i + 1 },
        [`B${r}`]: { value: `Workstream ${i % 7}` },
        [`C${r}`]: { value: `Task number ${i}` },
        [`D${r}`]: { value: start, numberFormat: DATE },
        [`E${r}`]: { value: start + 60, numberFormat: DATE },
        [`F${r}`]: { value: ['Green', 'Red', 'Amber'][i % 3] },
      });
    }
    fake = installFakeOffice({ sheets: [{ name: 'Plan', cells }] });
    const commands = createCommands({ today });
    await commands.buildGantt('week'); // fine: the read is 3,000 x 6 cells
    // Now the used range is 3,000 x 145 cells; values + numberFormat in one response pass 5 MB.
    await commands.colourRag();
  });
});
