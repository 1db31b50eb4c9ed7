/**
 * Workbooks "from another tool": built on demand by the openpyxl scripts in test/fixtures/
 * (run with /usr/bin/python3), with the expected facts in test/fixtures/<name>.expected.json.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPythonScript } from './python.js';

export type FixtureName =
  'foreign-plan' | 'foreign-plan-errors' | 'plan-1904' | 'prefixed-plan' | 'error-rows-plan';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

const SCRIPTS: Record<FixtureName, string> = {
  'foreign-plan': 'foreign_plan.py',
  'foreign-plan-errors': 'foreign_plan_errors.py',
  'plan-1904': 'plan_1904.py',
  'prefixed-plan': 'prefixed_plan.py',
  'error-rows-plan': 'error_rows_plan.py',
};

export const FIXTURE_NAMES = Object.keys(SCRIPTS) as FixtureName[];

const built = new Map<string, string>();

/** The Python script that builds a fixture. */
export function fixtureScript(name: FixtureName): string {
  return join(FIXTURES_DIR, SCRIPTS[name]);
}

/**
 * Build fixture `name` as `outDir/<name>.xlsx` and return its path. Built once per process and
 * outDir; tests that modify the file should copy it first (or use their own outDir).
 */
export function makeFixture(name: FixtureName, outDir: string): string {
  const out = join(outDir, `${name}.xlsx`);
  if (built.get(name) === out && existsSync(out)) return out;
  mkdirSync(outDir, { recursive: true });
  runPythonScript(fixtureScript(name), [out], { timeoutMs: 60_000 });
  built.set(name, out);
  return out;
}

/** One task row of foreign-plan.expected.json. */
export interface ForeignPlanTask {
  row: number;
  ref: string;
  workstream: string;
  task: string;
  lead: string;
  /** The status exactly as typed in the workbook (null = blank cell). */
  statusText: string | null;
  /** Canonical label: Red, Amber/Red, Amber, Amber/Green, Green, Complete, Not started; null when blank. */
  status: string | null;
  /** ISO dates. */
  start: string;
  end: string;
  milestone: boolean;
  /** 0..1 fraction, as stored (formatted 0%). */
  progress: number;
  dependsOn: string[];
}

export interface ForeignPlanExpected {
  sheet: string;
  headerRow: number;
  firstRow: number;
  lastRow: number;
  /** The report date under which the plan has no overdue task. */
  reportDate: string;
  headers: string[];
  /** Cells whose date is typed as text (all valid UK dates). */
  textDates: string[];
  tasks: ForeignPlanTask[];
}

/** Rule id -> the cell the finding is about (a cycle is reported once, at its first task). */
export type ForeignPlanErrorsExpected = Record<string, string | string[]>;

export interface SmallPlanExpected {
  sheet: string;
  headerRow: number;
  headers: string[];
  date1904?: boolean;
  prefixedParts?: string[];
  tasks: {
    row: number;
    id: string;
    workstream: string;
    task: string;
    lead?: string;
    start: string;
    end: string;
    /** Serials as stored in the 1904 system (plan-1904 only). */
    startSerial?: number;
    endSerial?: number;
    status: string;
    progress?: number;
    milestone: boolean;
  }[];
}

/** error-rows-plan.expected.json: what the timeline must show for each task row. */
export interface ErrorRowsExpected {
  sheet: string;
  headerRow: number;
  reportDate: string;
  rows: {
    row: number;
    id: string;
    /** The status as typed. */
    rag: string;
    /** The recognised status (`amber-red`...), null when it is not one. */
    status: string | null;
    drawn: 'bar' | 'milestone' | 'marker';
  }[];
}

export interface ExpectedByFixture {
  'foreign-plan': ForeignPlanExpected;
  'foreign-plan-errors': ForeignPlanErrorsExpected;
  'plan-1904': SmallPlanExpected;
  'prefixed-plan': SmallPlanExpected;
  'error-rows-plan': ErrorRowsExpected;
}

/** The committed test/fixtures/<name>.expected.json. */
export function loadExpected<N extends FixtureName>(name: N): ExpectedByFixture[N] {
  return JSON.parse(
    readFileSync(join(FIXTURES_DIR, `${name}.expected.json`), 'utf8'),
  ) as ExpectedByFixture[N];
}

/**
 * Run a fixture script's `--expected` mode into `outDir` and return the JSON it would commit
 * (tests compare it with the committed file so the two cannot drift apart).
 */
export function regenerateExpected(name: FixtureName, outDir: string): unknown {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, `${name}.regenerated.json`);
  runPythonScript(fixtureScript(name), [
    join(outDir, `${name}.regenerated.xlsx`),
    '--expected',
    json,
  ]);
  return JSON.parse(readFileSync(json, 'utf8'));
}
