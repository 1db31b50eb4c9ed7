/**
 * Messages a PMO officer can act on: a mistyped command line, a file that is not a workbook, a
 * dry run. Each is one line naming what is wrong and what to do; nothing is written.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

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
      "plan-sync validate: unknown option --frobnicate. validate takes --json, --all, --sheet, --report-date. Run 'plan-sync validate --help'.",
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
      'plan-sync: unknown command "frobnicate"; the commands are validate, sync, init, import-budget. Run \'plan-sync --help\' for the list.',
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
