import { describe, expect, it } from 'vitest';
import type { SheetData, WorkbookData } from '../../core/cells.js';
import { choosePlanSheet, likelyPlanSheets, planSheetsToRead } from '../../core/plan/locate.js';
import { readPlan } from '../../core/plan/read.js';
import { writeRefusal } from '../../core/refusals.js';
import { d, HEADER, sheet } from './build.js';

const task = [1, 'W', 'T', 'L', d('2020-01-01'), d('2020-02-01'), 'G'];

/** Reads as a host does: whatever planSheetsToRead asks for, until it asks for nothing. */
function readAsHost(all: SheetData[], sheetName?: string): { wb: WorkbookData; steps: string[][] } {
  const names = all.map((s) => s.name);
  const read: SheetData[] = [];
  const steps: string[][] = [];
  for (let need = planSheetsToRead(names, read, { sheetName }); need.length;) {
    expect(steps.length).toBeLessThan(names.length + 1);
    steps.push(need);
    read.push(...need.map((n) => all.find((s) => s.name === n)!));
    need = planSheetsToRead(names, read, { sheetName });
  }
  return { wb: { date1904: false, names: [], sheets: read, sheetNames: names }, steps };
}

describe('choosePlanSheet', () => {
  const names = ['Notes', 'Programme Plan', 'plan', 'Settings'];

  it('takes the chosen sheet, then the configured one, then the first usual name', () => {
    expect(choosePlanSheet(names, 'notes', 'Settings')).toEqual({ kind: 'sheet', name: 'Notes' });
    expect(choosePlanSheet(names, undefined, 'programme-plan')).toEqual({
      kind: 'sheet',
      name: 'Programme Plan',
    });
    expect(choosePlanSheet(names, undefined, undefined)).toEqual({ kind: 'sheet', name: 'plan' });
  });

  it('says where a missing sheet was asked for, and searches when no name fits', () => {
    expect(choosePlanSheet(names, 'Gantt', undefined)).toEqual({
      kind: 'missing',
      wanted: 'Gantt',
      from: 'option',
    });
    expect(choosePlanSheet(names, undefined, 'Gantt')).toEqual({
      kind: 'missing',
      wanted: 'Gantt',
      from: 'settings',
    });
    expect(choosePlanSheet(['Data', 'Notes'], undefined, undefined)).toEqual({ kind: 'search' });
  });
});

describe('planSheetsToRead', () => {
  const plan = sheet('Plan', [HEADER, task]);
  const schedule = sheet('Schedule', [HEADER, task, task.map((v, i) => (i === 0 ? 2 : v))]);
  const notes = sheet('Notes', [['hello']]);
  const workstreams = sheet('Workstreams', [['Workstream'], ['W']]);

  it('reads Settings first, then only the plan sheet it names', () => {
    const settings = sheet('Settings', [['Plan sheet', 'schedule']]);
    const { wb, steps } = readAsHost([notes, plan, schedule, settings, workstreams]);
    expect(steps).toEqual([['Settings', 'Workstreams'], ['Schedule']]);
    const result = readPlan(wb);
    expect(result.ok && result.plan.sheet.name).toBe('Schedule');
  });

  it('reads the usual plan sheet when Settings names none, and nothing else', () => {
    const settings = sheet('Settings', [['Report date', d('2020-11-13')]]);
    const { wb, steps } = readAsHost([notes, schedule, plan, settings]);
    expect(steps).toEqual([['Settings'], ['Plan']]);
    expect(readPlan(wb).ok).toBe(true);
  });

  it('reads everything in one step without a Settings sheet, or when --sheet chooses', () => {
    expect(readAsHost([notes, plan, workstreams]).steps).toEqual([['Workstreams', 'Plan']]);
    const settings = sheet('Settings', [['Plan sheet', 'Plan']]);
    expect(readAsHost([notes, plan, schedule, settings], 'Schedule').steps).toEqual([
      ['Settings', 'Schedule'],
    ]);
  });

  it('reads every sheet when the plan must be found by its header', () => {
    const { wb, steps } = readAsHost([notes, schedule]);
    expect(steps).toEqual([['Notes', 'Schedule']]);
    expect(readPlan(wb).ok && readPlan(wb).findings[0].rule).toBe('plan-sheet');
  });

  it('names every sheet of the workbook, read or not, when the configured one is missing', () => {
    const settings = sheet('Settings', [[], ['Plan sheet', 'Gantt']]);
    const { wb, steps } = readAsHost([notes, plan, settings]);
    expect(steps).toEqual([['Settings']]);
    const result = readPlan(wb);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        rule: 'plan-sheet',
        sheet: 'Settings',
        cell: 'B2',
        message:
          'The Settings sheet names "Gantt" as the plan sheet (cell B2), but this workbook has no sheet called that (it has "Notes", "Plan", "Settings"). Correct the Settings sheet, or use --sheet NAME.',
      },
    ]);
  });

  it('offers hosts the usual names to read before they know the sheets', () => {
    expect(likelyPlanSheets()).toEqual([
      'Plan',
      'Transition Plan',
      'Programme Plan',
      'Project Plan',
      'Settings',
      'Workstreams',
    ]);
    expect(likelyPlanSheets({ sheetName: 'Gantt' })).toEqual(['Gantt', 'Settings', 'Workstreams']);
  });
});

describe('writeRefusal', () => {
  it('refuses a protected sheet, in words for each kind of write', () => {
    const locked = sheet('Plan', [HEADER], { protected: true });
    expect(writeRefusal(sheet('Plan', [HEADER]), 'sync')).toBeNull();
    expect(writeRefusal(locked, 'sync')).toBe(
      'Sheet "Plan" is protected, so its RAG cells cannot be coloured nor its timeline drawn. Unprotect it in Excel (Review > Unprotect Sheet), then try again; nothing was changed.',
    );
    expect(writeRefusal({ ...locked, name: 'Budget' }, 'budget')).toBe(
      'Sheet "Budget" is protected, so no table can be imported into it. Unprotect it in Excel (Review > Unprotect Sheet) or choose another budget sheet, then try again; nothing was imported.',
    );
  });
});
