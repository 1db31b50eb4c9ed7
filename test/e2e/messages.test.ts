/**
 * Messages a PMO officer can act on: a mistyped command line, a file that is not a workbook, a
 * dry run. Each is one line naming what is wrong and what to do; nothing is written.
 */
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { convertWithLibreOffice } from '../helpers/libreoffice.js';

let dir: string;
let plan: string;

/** Runs the command line in `dir` and checks that it wrote nothing there. */
async function refused(args: string[]): Promise<string> {
  const before = new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
  const run = await cli(args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(1);
  const after = readdirSync(dir);
  expect(after.sort()).toEqual([...before.keys()].sort());
  for (const f of after) expect(readFileSync(join(dir, f)).equals(before.get(f)!), f).toBe(true);
  return run.stderr;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-messages-'));
  plan = join(dir, 'plan.xlsx');
  expect((await cli(['init', plan, '--example'])).code).toBe(0);
  expect(statSync(plan).size).toBeGreaterThan(1000);
});

describe('a mistyped command line', () => {
  it('names an unknown option and suggests the close one', async () => {
    expect(await refused(['validate', plan, '--jsn'])).toBe(
      "plan-sync validate: unknown option --jsn; did you mean --json? Run 'plan-sync validate --help'.",
    );
    expect(await refused(['sync', plan, '--dryrun'])).toBe(
      "plan-sync sync: unknown option --dryrun; did you mean --dry-run? Run 'plan-sync sync --help'.",
    );
    expect(await refused(['sync', plan, '-json'])).toBe(
      "plan-sync sync: unknown option -json; did you mean --json? Run 'plan-sync sync --help'.",
    );
    expect(await refused(['init', join(dir, 'new.xlsx'), '--examples'])).toBe(
      "plan-sync init: unknown option --examples; did you mean --example? Run 'plan-sync init --help'.",
    );
    expect(await refused(['import-budget', plan, 'table.csv', '--nmae', 'X'])).toBe(
      "plan-sync import-budget: unknown option --nmae; did you mean --name? Run 'plan-sync import-budget --help'.",
    );
  });

  it('lists the options when none is close', async () => {
    expect(await refused(['validate', plan, '--frobnicate'])).toBe(
      "plan-sync validate: unknown option --frobnicate. validate takes --json, --all, --sheet, --report-date, --column. Run 'plan-sync validate --help'.",
    );
  });

  it('says which value is missing', async () => {
    expect(await refused(['sync', plan, '-o'])).toBe(
      "plan-sync sync: -o needs a value: -o OUT (the file to write). Run 'plan-sync sync --help'.",
    );
    // `-o --json` would otherwise write a file called --json.
    expect(await refused(['sync', plan, '-o', '--json'])).toBe(
      "plan-sync sync: -o needs a value: -o OUT (the file to write). Run 'plan-sync sync --help'.",
    );
    expect(await refused(['validate', plan, '--sheet'])).toBe(
      "plan-sync validate: --sheet needs a value: --sheet NAME (the plan sheet). Run 'plan-sync validate --help'.",
    );
  });

  it('refuses a value given to a switch', async () => {
    expect(await refused(['validate', plan, '--json=yes'])).toBe(
      'plan-sync validate: --json is a switch and takes no value (remove "=yes"). Run \'plan-sync validate --help\'.',
    );
  });

  it('suggests the command meant', async () => {
    expect(await refused(['synk', plan])).toBe(
      'plan-sync: unknown command "synk"; did you mean sync? Run \'plan-sync --help\' for the list.',
    );
    expect(await refused(['frobnicate'])).toBe(
      'plan-sync: unknown command "frobnicate"; the commands are validate, sync, init, import-budget, adopt. Run \'plan-sync --help\' for the list.',
    );
    expect(await refused(['plan.xlsx'])).toBe(
      'plan-sync: "plan.xlsx" is a file, not a command: put the command first, e.g. plan-sync validate plan.xlsx. Run \'plan-sync --help\' for the list.',
    );
  });

  it('counts the files: too few, too many, a name with spaces', async () => {
    expect(await refused(['validate'])).toBe(
      "plan-sync validate: validate needs one FILE: plan-sync validate FILE. Run 'plan-sync validate --help'.",
    );
    expect(await refused(['import-budget', plan])).toBe(
      "plan-sync import-budget: import-budget needs a WORKBOOK and a TABLE: plan-sync import-budget WORKBOOK TABLE. Run 'plan-sync import-budget --help'.",
    );
    expect(await refused(['validate', 'My', 'Plan.xlsx'])).toBe(
      'plan-sync validate: validate takes one FILE, but was given 2: "My" "Plan.xlsx". Put a file name with spaces in quotes (e.g. "My Plan.xlsx"). Run \'plan-sync validate --help\'.',
    );
    expect(await refused(['sync', plan, 'json'])).toBe(
      'plan-sync sync: "json" is one word too many; did you mean --json? Run \'plan-sync sync --help\'.',
    );
  });

  it('suggests a scale', async () => {
    expect(await refused(['sync', plan, '--scale', 'weeks'])).toBe(
      'plan-sync sync: --scale "weeks" is not one of auto, week, month, quarter; did you mean week? Run \'plan-sync sync --help\'.',
    );
  });
});

describe('a file that is not a workbook', () => {
  it('a CSV: says to import it as a budget table, or to save it as .xlsx', async () => {
    const csv = join(dir, 'budget.csv');
    writeFileSync(csv, 'Item,2020-21,2021-22\nStaff,10,12\nTotal,10,12\n');
    const advice =
      'budget.csv: this is a CSV file, not an Excel workbook; to import it as a budget table use plan-sync import-budget WORKBOOK ' +
      `${csv}, or open it in Excel and save it as Excel Workbook (.xlsx).`;
    expect(await refused(['validate', csv])).toBe(`plan-sync: ${advice}`);
    expect(await refused(['sync', csv])).toBe(`plan-sync: ${advice}`);
    // The content decides, not the name.
    const disguised = join(dir, 'Plan export.xlsx');
    copyFileSync(csv, disguised);
    expect(await refused(['validate', disguised])).toBe(
      'plan-sync: Plan export.xlsx: this is a CSV file, not an Excel workbook; to import it as a budget table use plan-sync import-budget WORKBOOK ' +
        `"${disguised}", or open it in Excel and save it as Excel Workbook (.xlsx).`,
    );
    // WORKBOOK and TABLE the wrong way round.
    expect(await refused(['import-budget', csv, plan])).toBe(
      `plan-sync: budget.csv is a CSV file and plan.xlsx is a workbook: the workbook comes first, then the table: plan-sync import-budget ${plan} ${csv}.`,
    );
    expect(await refused(['import-budget', csv, csv])).toBe(`plan-sync: ${advice}`);
    expect(await refused(['init', csv])).toBe(
      `plan-sync: ${csv}: init creates a new plan workbook, so FILE must end .xlsx (e.g. budget.xlsx); to import a CSV file as a budget table, use plan-sync import-budget WORKBOOK ${csv}. Nothing was written.`,
    );
    rmSync(disguised);
  });

  it('an .xls or .ods: says to save it as .xlsx; a PDF or text: says what it is', async () => {
    const made = mkdtempSync(join(tmpdir(), 'plan-sync-formats-'));
    const xls = convertWithLibreOffice(plan, 'xls', made);
    const ods = convertWithLibreOffice(plan, 'ods', made);
    const pdf = convertWithLibreOffice(plan, 'pdf', made);
    for (const f of [xls, ods, pdf]) copyFileSync(f, join(dir, basename(f)));
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'Dear team,\nthe plan is attached.\n');
    for (const command of ['validate', 'sync']) {
      expect(await refused([command, join(dir, 'plan.xls')])).toBe(
        'plan-sync: plan.xls: this is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as Excel Workbook (.xlsx).',
      );
      expect(await refused([command, join(dir, 'plan.ods')])).toBe(
        'plan-sync: plan.ods: this is an OpenDocument spreadsheet (.ods); save it as Excel Workbook (.xlsx): in LibreOffice, File > Save As, file type Excel 2007-365.',
      );
      expect(await refused([command, join(dir, 'plan.pdf')])).toBe(
        'plan-sync: plan.pdf: this is a PDF, not an Excel workbook; use the Excel file (.xlsx) it was made from.',
      );
      expect(await refused([command, notes])).toBe(
        'plan-sync: notes.txt: this is a text file, not an Excel workbook (.xlsx).',
      );
    }
    // The same words for a budget table given in a format plan-sync cannot read.
    expect(await refused(['import-budget', plan, join(dir, 'plan.xls'), '--dry-run'])).toBe(
      'plan-sync: plan.xls: this is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as Excel Workbook (.xlsx).',
    );
    expect(await refused(['import-budget', join(dir, 'plan.ods'), plan])).toBe(
      'plan-sync: plan.ods: this is an OpenDocument spreadsheet (.ods); save it as Excel Workbook (.xlsx): in LibreOffice, File > Save As, file type Excel 2007-365.',
    );
    for (const f of ['plan.xls', 'plan.ods', 'plan.pdf', 'notes.txt']) rmSync(join(dir, f));
  });
});

describe('a dry run', () => {
  /** The line after the findings, before the counts. */
  const said = (stdout: string) => stdout.split('\n').slice(-2, -1)[0];

  it('of sync speaks of cells and sheets in one tense; part names only with --verbose', async () => {
    const before = readFileSync(plan);
    const dry = await cli(['sync', plan, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(said(dry.stdout)).toBe(
      'Dry run: nothing was written. Would colour 60 RAG cells and draw a timeline of 13 months (Mar 2020 to Mar 2021) with 51 bars and 9 milestones on sheet "Plan" (O1:AA61); would update the workbook\'s cell styles and the hidden name PlanSync_Timeline.',
    );
    expect(dry.stdout).not.toMatch(/\.xml|would have|drew|coloured/);

    const verbose = await cli(['sync', plan, '--dry-run', '--verbose', '--scale', 'week']);
    expect(verbose.stdout.split('\n').slice(-3, -1)).toEqual([
      'Dry run: nothing was written. Would colour 60 RAG cells and draw a timeline of 58 weeks (24 Feb 2020 to 29 Mar 2021) with 51 bars and 9 milestones on sheet "Plan" (O1:BT61); would update the workbook\'s cell styles and the hidden name PlanSync_Timeline.',
      'Parts of the .xlsx package that would change: xl/worksheets/sheet1.xml, xl/workbook.xml, xl/styles.xml.',
    ]);
    const other = await cli(['sync', plan, '--dry-run', '-o', join(dir, 'out.xlsx')]);
    expect(said(other.stdout)).toMatch(
      new RegExp(
        `PlanSync_Timeline\\. The result would go to ${join(dir, 'out.xlsx')}; ${plan} would stay as it is\\.$`,
      ),
    );
    // --json keeps its fields.
    const json = JSON.parse((await cli(['sync', plan, '--dry-run', '--json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(Object.keys(json).sort()).toEqual(
      ['backup', 'changedParts', 'dryRun', 'findings', 'summary', 'written'].sort(),
    );
    expect(json).toMatchObject({
      dryRun: true,
      written: null,
      changedParts: ['xl/worksheets/sheet1.xml', 'xl/workbook.xml', 'xl/styles.xml'],
    });
    expect(readFileSync(plan).equals(before)).toBe(true);
    expect(readdirSync(dir)).not.toContain('out.xlsx');
  });

  it('of a sync with nothing to do says so', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'plan-sync-dry-')), 'plan.xlsx');
    copyFileSync(plan, copy);
    const synced = await cli(['sync', copy]);
    expect(said(synced.stdout)).toBe(
      `Synced ${copy}: coloured 60 RAG cells and drew a timeline of 13 months (Mar 2020 to Mar 2021) with 51 bars and 9 milestones on sheet "Plan" (O1:AA61). Backup of the original: ${copy.replace(/\.xlsx$/, '.backup.xlsx')}.`,
    );
    expect(said((await cli(['sync', copy, '--dry-run'])).stdout)).toBe(
      `Dry run: nothing was written. Nothing would change: ${copy} is already up to date.`,
    );
    expect(said((await cli(['sync', copy])).stdout)).toBe(
      `${copy} is already up to date; nothing was written.`,
    );
  });

  it('of import-budget says where the table would land', async () => {
    const csv = join(dir, 'Staff costs.csv');
    writeFileSync(csv, 'Item,2020-21,2021-22\nStaff,10,12\nIT,5,6\nTotal,15,18\n');
    const before = readFileSync(plan);
    const dry = await cli(['import-budget', plan, csv, '--dry-run', '--verbose']);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n').slice(-3, -1)).toEqual([
      'Dry run: nothing was written. Would add sheet "Budget" after "RAG key" and import "Staff costs" (3 rows) into its cells A1:C6; would update the workbook\'s cell styles and the hidden name PlanSync_Budget_Staff_costs.',
      'Parts of the .xlsx package that would change: xl/_rels/workbook.xml.rels, xl/workbook.xml, [Content_Types].xml, docProps/app.xml, xl/styles.xml, xl/worksheets/sheet5.xml.',
    ]);
    expect(readFileSync(plan).equals(before)).toBe(true);
    rmSync(csv);
  });
});
