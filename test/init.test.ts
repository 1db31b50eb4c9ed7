/**
 * `plan-sync init`: run in-process, then read the written workbook back with openpyxl (an
 * independent reader) and with our own `validate`. Plus the invariants of the template data.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromYMD, isoOf, type Day } from '../core/dates.js';
import { RAG_COLOURS, RAG_DEFINITIONS, RAG_LABEL, RAG_STATUSES } from '../core/rag.js';
import {
  exampleProgramme,
  generatePlan,
  PLAN_HEADERS,
  type TemplateTask,
} from '../core/template.js';
import { main } from '../sync/cli.js';
import type { CommandIO } from '../sync/commands/context.js';
import {
  columnLetter,
  dumpWorkbook,
  rowValues,
  sheetOf,
  type SheetDump,
  type WorkbookDump,
} from './helpers/openpyxl.js';
import { runPython } from './helpers/python.js';

interface Captured {
  io: CommandIO;
  out: string[];
  err: string[];
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false }, out, err };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

function d(iso: string): Day {
  const [y, m, day] = iso.split('-').map(Number);
  return dayFromYMD(y, m, day)!;
}

const SEVEN_LABELS = RAG_STATUSES.map((s) => RAG_LABEL[s]);
const SHEETS = ['Plan', 'Workstreams', 'Settings', 'RAG key'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-init-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function column(sheet: SheetDump, title: string): string {
  const header = rowValues(sheet, 1);
  const index = header.indexOf(title);
  if (index < 0) throw new Error(`no column "${title}" in ${JSON.stringify(header)}`);
  return columnLetter(index + 1);
}

describe('plan-sync init --example', () => {
  let file: string;
  let dump: WorkbookDump;
  let plan: SheetDump;
  const example = exampleProgramme();

  beforeAll(async () => {
    file = join(dir, 'example.xlsx');
    const result = await run(['init', file, '--example']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`plan-sync sync ${file}`);
    expect(result.out.split('\n')).toHaveLength(1);
    dump = dumpWorkbook(file, { sheets: SHEETS });
    plan = sheetOf(dump, 'Plan');
  });

  it('has the four sheets in order, in the 1900 date system', () => {
    expect(dump.sheets.map((s) => s.name)).toEqual(SHEETS);
    expect(dump.sheets.every((s) => s.kind === 'worksheet' && s.state === 'visible')).toBe(true);
    expect(dump.date1904).toBe(false);
  });

  it('writes the Plan header: bold on light grey, frozen below it and right of Task', () => {
    expect(rowValues(plan, 1)).toEqual([...PLAN_HEADERS]);
    PLAN_HEADERS.forEach((_, i) => {
      const cell = plan.cells[`${columnLetter(i + 1)}1`];
      expect(cell.bold).toBe(true);
      expect(cell.fill).toBe('F3F2F1');
    });
    expect(plan.freezePanes).toBe('D2');
    expect(plan.columnWidths[column(plan, 'Task')]).toBeGreaterThan(30);
  });

  it('writes every example task, one per row, with text IDs', () => {
    expect(plan.maxRow).toBe(example.tasks.length + 1);
    const idCol = column(plan, 'ID');
    const taskCol = column(plan, 'Task');
    example.tasks.forEach((t, i) => {
      expect(plan.cells[`${idCol}${i + 2}`].value).toBe(t.id);
      expect(plan.cells[`${taskCol}${i + 2}`].value).toBe(t.task);
    });
  });

  it('writes dates as real Excel dates formatted dd/mm/yyyy', () => {
    const taskCol = column(plan, 'Task');
    const row = Object.entries(plan.cells).find(
      ([, c]) => c.value === 'Lead Authority model go-live',
    )?.[0];
    expect(row).toBeDefined();
    const n = Number(row!.slice(taskCol.length));
    for (const title of ['Start', 'End']) {
      const cell = plan.cells[`${column(plan, title)}${n}`];
      expect(cell.value).toBe('2020-12-01');
      expect(cell.isDate).toBe(true);
      expect(cell.numFmt).toBe('dd/mm/yyyy');
    }
    const baseline = plan.cells[`${column(plan, 'Baseline end')}${n}`];
    expect(baseline).toMatchObject({ value: '2020-10-01', isDate: true, numFmt: 'dd/mm/yyyy' });

    // Every task's dates come back as the calendar day that was written (no time-zone shift).
    const start = column(plan, 'Start');
    const end = column(plan, 'End');
    example.tasks.forEach((t, i) => {
      expect(plan.cells[`${start}${i + 2}`].value).toBe(isoOf(t.start));
      expect(plan.cells[`${end}${i + 2}`].value).toBe(isoOf(t.end));
    });
  });

  it('formats progress as a percentage and offers the seven statuses in a drop-down', () => {
    const pct = plan.cells[`${column(plan, '% complete')}2`];
    expect(pct.numFmt).toBe('0%');
    expect(typeof pct.value).toBe('number');
    const rag = column(plan, 'RAG');
    const i = plan.dataValidations.indexOf(`${rag}2:${rag}1000`);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(plan.dataValidationFormulas[i]).toBe(`"${SEVEN_LABELS.join(',')}"`);
  });

  it('fills the Workstreams and Settings sheets', () => {
    const ws = sheetOf(dump, 'Workstreams');
    expect(rowValues(ws, 1)).toEqual([
      'Workstream',
      'Lead',
      'RAG',
      'Date of report',
      'Progress to date',
      'Next period',
      'Risks and issues',
      'Escalations',
    ]);
    expect(ws.maxRow).toBe(example.workstreams.length + 1);
    expect(rowValues(ws, 2).slice(0, 4)).toEqual([
      'Governance',
      'Tricia Burningham',
      'Amber/Red',
      '2020-11-09',
    ]);
    expect(rowValues(ws, 2).slice(4)).toEqual([
      example.workstreams[0].progressToDate,
      example.workstreams[0].nextPeriod,
      example.workstreams[0].risksAndIssues,
      example.workstreams[0].escalations,
    ]);
    expect(ws.cells.E2.value).toMatch(/^Business Transition Board governance implemented/);
    expect(ws.cells.D2.isDate).toBe(true);

    const settings = sheetOf(dump, 'Settings');
    const byLabel = new Map<string, SheetDump['cells'][string] | undefined>();
    for (let r = 1; r <= settings.maxRow; r++) {
      const label = settings.cells[`A${r}`]?.value;
      if (typeof label === 'string') byLabel.set(label, settings.cells[`B${r}`]);
    }
    expect(byLabel.get('Programme name')?.value).toBe('LGSS Business Transition Programme');
    expect(byLabel.get('Report date')).toMatchObject({ value: '2020-11-13', isDate: true });
    expect(byLabel.get('Timeline scale')?.value).toBe('auto');
    expect(byLabel.get('Programme start')).toMatchObject({ value: '2020-03-01', isDate: true });
    expect(byLabel.get('Programme end')).toMatchObject({ value: '2021-03-31', isDate: true });
    // The column mapping is shown, empty: blank means the usual titles.
    expect(byLabel.get('RAG roll-up')?.value).toBe('worst');
    expect(byLabel.get('RAG scale')?.value).toBe('five-point');
    expect(byLabel.get('Report period')?.value).toBe(4);
    expect(byLabel.has('Column: Start')).toBe(true);
    expect(byLabel.get('Column: Start')?.value ?? null).toBeNull();
  });

  it('maps a renamed column once its title is typed on the Settings sheet', async () => {
    const mapped = join(mkdtempSync(join(dir, 'map-')), 'plan.xlsx');
    copyFileSync(file, mapped);
    // As a user would: retitle the Start column "Kick-off" and say so on the Settings sheet.
    runPython(
      String.raw`
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
plan, settings = wb['Plan'], wb['Settings']
for cell in plan[1]:
    if cell.value == 'Start': cell.value = 'Kick-off'
for row in settings.iter_rows(min_col=1, max_col=2):
    if row[0].value == 'Column: Start': row[1].value = 'Kick-off'
wb.save(sys.argv[1])
`,
      [mapped],
    );
    const renamed = await run(['validate', mapped, '--json']);
    const plain = await run(['validate', file, '--json']);
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.out)).toEqual(JSON.parse(plain.out));
    // Without the mapping the Start column is missing.
    const unmapped = await run(['validate', mapped, '--json', '--column', 'start=Start']);
    expect(unmapped.code).toBe(2);
  });

  it('colours the RAG key with RAG_COLOURS and gives each definition', () => {
    const key = sheetOf(dump, 'RAG key');
    RAG_STATUSES.forEach((status, i) => {
      const label = key.cells[`A${i + 2}`];
      expect(label.value).toBe(RAG_LABEL[status]);
      expect(label.fill).toBe(RAG_COLOURS[status].fill);
      expect(label.fontColor).toBe(RAG_COLOURS[status].text);
      expect(key.cells[`B${i + 2}`].value).toBe(RAG_DEFINITIONS[status]);
    });
  });

  it('validates with no errors (and no warnings) at the report date', async () => {
    const result = await run(['validate', file, '--json', '--report-date', '2020-11-13']);
    expect(result.err).toBe('');
    const findings = (
      JSON.parse(result.out) as { findings: { severity: string; rule: string; message: string }[] }
    ).findings;
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(result.code).toBe(0);
    // The re-baselined tasks are reported as slipped.
    expect(findings.some((f) => f.rule === 'slippage')).toBe(true);
  });

  it('syncs with exit 0 (colours and a timeline)', async () => {
    const copy = join(dir, 'example-synced.xlsx');
    writeFileSync(copy, readFileSync(file));
    const result = await run(['sync', copy, '--report-date', '2020-11-13', '--no-backup']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const synced = dumpWorkbook(copy);
    expect(Object.keys(synced.definedNames)).toContain('PlanSync_Timeline');
  });
});

describe('plan-sync init (empty template)', () => {
  it('writes the header, formats and drop-down with no tasks, and validates clean', async () => {
    const file = join(dir, 'blank.xlsx');
    const result = await run(['init', file]);
    expect(result.code).toBe(0);
    const dump = dumpWorkbook(file, { sheets: SHEETS });
    expect(dump.sheets.map((s) => s.name)).toEqual(SHEETS);
    const plan = sheetOf(dump, 'Plan');
    expect(rowValues(plan, 1)).toEqual([...PLAN_HEADERS]);
    expect(plan.maxRow).toBe(1);
    expect(plan.dataValidations).toContain('H2:H1000');
    const settings = sheetOf(dump, 'Settings');
    const labels = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => settings.cells[`A${r}`]?.value);
    expect(labels).toEqual([
      'Programme name',
      'Report date',
      'Timeline scale',
      'Programme start',
      'Programme end',
      'RAG roll-up',
      'RAG scale',
      'Report period',
      'Column: Start',
    ]);
    expect(settings.cells.B2?.value ?? null).toBeNull();
    expect(settings.cells.B3?.value ?? null).toBeNull();
    expect(settings.cells.B4.value).toBe('auto');

    const validated = await run(['validate', file, '--json', '--report-date', '2020-11-13']);
    expect(validated.code).toBe(0);
    expect((JSON.parse(validated.out) as { findings: unknown[] }).findings).toEqual([]);
  });
});

describe('plan-sync init refuses', () => {
  it('to overwrite an existing file (exit 2, file unchanged) unless --force', async () => {
    const file = join(dir, 'existing.xlsx');
    writeFileSync(file, 'not really a workbook');
    const before = readFileSync(file);
    const result = await run(['init', file, '--example']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/already exists.*--force/);
    expect(readFileSync(file).equals(before)).toBe(true);

    const forced = await run(['init', file, '--force']);
    expect(forced.code).toBe(0);
    expect(sheetOf(dumpWorkbook(file), 'Plan').maxRow).toBe(1);
  });

  it('a FILE not ending .xlsx, and a missing FILE', async () => {
    const file = join(dir, 'plan.xlsm');
    const result = await run(['init', file]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\.xlsx/);
    expect(existsSync(file)).toBe(false);
    expect((await run(['init'])).code).toBe(2);
  });

  it('a folder that does not exist', async () => {
    const result = await run(['init', join(dir, 'no-such-folder', 'plan.xlsx')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/does not exist/);
  });

  it('prints help with --help', async () => {
    const result = await run(['init', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Usage: plan-sync init FILE/);
  });
});

/** Checks a plan's structural invariants; returns the tasks by ID. */
function checkInvariants(tasks: readonly TemplateTask[]): Map<string, TemplateTask> {
  const byId = new Map<string, TemplateTask>();
  for (const t of tasks) {
    expect(byId.has(t.id), `duplicate ID ${t.id}`).toBe(false);
    byId.set(t.id, t);
  }
  for (const t of tasks) {
    expect(t.end).toBeGreaterThanOrEqual(t.start);
    expect(t.progress).toBeGreaterThanOrEqual(0);
    expect(t.progress).toBeLessThanOrEqual(1);
    expect(SEVEN_LABELS).toContain(t.rag);
    if (t.rag === 'Complete') expect(t.progress).toBe(1);
    const deps = t.dependsOn === '' ? [] : t.dependsOn.split(',').map((s) => s.trim());
    for (const dep of deps) {
      const pred = byId.get(dep);
      expect(pred, `task ${t.id} depends on unknown ${dep}`).toBeDefined();
      expect(dep).not.toBe(t.id);
      // Successors start on or after their predecessors end.
      expect(t.start, `task ${t.id} starts before ${dep} ends`).toBeGreaterThanOrEqual(pred!.end);
    }
  }
  // No cycles: a depth-first search finds no back edge.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    const deps = byId.get(id)!.dependsOn;
    for (const dep of deps === '' ? [] : deps.split(',').map((s) => s.trim())) {
      expect(state.get(dep), `cycle through ${id} and ${dep}`).not.toBe('visiting');
      if (!state.has(dep)) visit(dep);
    }
    state.set(id, 'done');
  };
  for (const t of tasks) if (!state.has(t.id)) visit(t.id);
  return byId;
}

describe('exampleProgramme()', () => {
  const example = exampleProgramme();

  it('is a 40-60 task programme in the eight workstreams, from March 2020 to March 2021', () => {
    expect(example.tasks.length).toBeGreaterThanOrEqual(40);
    expect(example.tasks.length).toBeLessThanOrEqual(60);
    expect(example.workstreams.map((w) => w.name)).toEqual([
      'Governance',
      'HR and Consultation',
      'Finance',
      'Language Services',
      'IT Network & Infrastructure',
      'Communication and Engagement',
      'Schools and Academies',
      'Programme Management',
    ]);
    const names = new Set(example.workstreams.map((w) => w.name));
    for (const t of example.tasks) {
      expect(names.has(t.workstream)).toBe(true);
      expect(t.start).toBeGreaterThanOrEqual(d('2020-03-01'));
      expect(t.end).toBeLessThanOrEqual(d('2021-03-31'));
      expect(t.lead).not.toBe('');
    }
    expect(isoOf(example.reportDate)).toBe('2020-11-13');
  });

  it('has unique IDs, known dependencies, no cycles, successors after predecessors', () => {
    checkInvariants(example.tasks);
  });

  it('uses all seven statuses, and every task ending before the report date is Complete', () => {
    expect(new Set(example.tasks.map((t) => t.rag))).toEqual(new Set(SEVEN_LABELS));
    for (const t of example.tasks) {
      if (t.end < example.reportDate) expect(t.rag, `task ${t.id}`).toBe('Complete');
    }
  });

  it('holds the programme key dates as milestones, and re-baselined tasks that slipped', () => {
    const milestone = (name: string) => example.tasks.find((t) => t.task === name);
    for (const [name, iso] of [
      ['Repatriation of services', '2020-10-01'],
      ['Lead Authority model go-live', '2020-12-01'],
      ['Final Joint Committee', '2020-11-26'],
      ['Inaugural Lead Authority Board', '2020-12-04'],
    ]) {
      const t = milestone(name);
      expect(t, name).toBeDefined();
      expect(isoOf(t!.start)).toBe(iso);
      expect(t!.end).toBe(t!.start);
    }
    for (const name of [
      'Write Cabinet paper x 3',
      'Dissolve joint union consultative forum',
      'Collective consultation',
    ]) {
      expect(milestone(name), name).toBeDefined();
    }
    const slipped = example.tasks.filter(
      (t) => t.baselineEnd !== undefined && t.end > t.baselineEnd,
    );
    expect(slipped.length).toBeGreaterThanOrEqual(5);
  });

  it('returns a fresh copy each time', () => {
    const a = exampleProgramme();
    a.tasks[0].task = 'changed';
    expect(exampleProgramme().tasks[0].task).not.toBe('changed');
  });
});

describe('generatePlan()', () => {
  it('makes N tasks with the invariants of a real plan', () => {
    const tasks = generatePlan(2000, { seed: 7 });
    expect(tasks).toHaveLength(2000);
    checkInvariants(tasks);
    expect(new Set(tasks.map((t) => t.workstream)).size).toBe(8);
    expect(new Set(tasks.map((t) => t.rag))).toEqual(new Set(SEVEN_LABELS));
    const milestones = tasks.filter((t) => t.start === t.end);
    expect(milestones.length).toBeGreaterThan(0);
    expect(milestones.length).toBeLessThan(tasks.length * 0.2);
    for (const t of tasks) {
      if (t.start !== t.end) {
        const days = t.end - t.start + 1;
        expect(days).toBeGreaterThanOrEqual(2);
        expect(days).toBeLessThanOrEqual(120);
      }
    }
    expect(tasks.filter((t) => t.dependsOn !== '').length).toBeGreaterThan(200);
  });

  it('spreads the tasks over `years` years (default 3)', () => {
    const span = (tasks: TemplateTask[]) =>
      Math.max(...tasks.map((t) => t.end)) - Math.min(...tasks.map((t) => t.start));
    const three = span(generatePlan(3000));
    expect(three).toBeGreaterThan(3 * 365 - 60);
    expect(three).toBeLessThanOrEqual(3 * 366);
    const one = span(generatePlan(3000, { years: 1 }));
    expect(one).toBeGreaterThan(365 - 60);
    expect(one).toBeLessThanOrEqual(366);
  });

  it('is deterministic for a seed, and differs between seeds', () => {
    expect(generatePlan(500, { seed: 42 })).toEqual(generatePlan(500, { seed: 42 }));
    expect(generatePlan(500)).toEqual(generatePlan(500, { seed: 1 }));
    expect(generatePlan(500, { seed: 42 })).not.toEqual(generatePlan(500, { seed: 43 }));
  });
});
