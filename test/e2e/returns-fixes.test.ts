/**
 * Reviewer-found defects of `plan-sync returns`: issuing again over a lead's filled-in return,
 * stale returns known from the issue manifest, duplicate IDs, dates in comments. Returns are
 * edited with openpyxl as a lead would, and read back with openpyxl.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { makeFixture } from '../helpers/fixtures.js';
import { runPython } from '../helpers/python.js';

let dir: string;
let master: string;

function py<T>(code: string, ...args: string[]): T {
  return JSON.parse(runPython(code, args)) as T;
}

/** Sets one field of one task in a return, saved where argv[2] says. */
const EDIT_ONE = String.raw`
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Return']
col = {ws.cell(5, c).value: c for c in range(1, 12)}
for r in range(6, ws.max_row + 1):
    if ws.cell(r, 1).value == sys.argv[3]:
        ws.cell(r, col[sys.argv[4]]).value = sys.argv[5]
wb.save(sys.argv[2])
print('{}')
`;

const govFile = 'Governance return 2020-11-13.xlsx';
const hrFile = 'HR and Consultation return 2020-11-13.xlsx';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-sync-returns-fixes-'));
  master = join(dir, 'master.xlsx');
  copyFileSync(makeFixture('foreign-plan', dir), master);
}, 120_000);

describe('issuing again over returns already sent back', () => {
  it('refuses a filled-in return unless --force, which keeps it as a backup', async () => {
    const out = join(dir, 'again');
    const issue = (...more: string[]) =>
      cli(['returns', 'issue', master, '--out', out, '--report-date', '13/11/2020', ...more]);
    expect((await issue()).code).toBe(0);
    const gov = join(out, govFile);
    // The lead fills it in and sends it back unrenamed: it lands under the same name.
    py(EDIT_ONE, gov, gov, '1.2', 'RAG', 'Red');
    const filled = readFileSync(gov);
    const hrBefore = readFileSync(join(out, hrFile));

    const refused = await issue();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${gov} has been filled in (1.2 RAG)`);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(gov).equals(filled)).toBe(true);
    // Nothing at all was written: the untouched HR return is as it was.
    expect(readFileSync(join(out, hrFile)).equals(hrBefore)).toBe(true);
    expect(existsSync(join(out, 'Governance return 2020-11-13.backup.xlsx'))).toBe(false);

    // An untouched return is still replaced silently.
    const hrOnly = await issue('--workstream', 'HR and Consultation');
    expect(hrOnly.code).toBe(0);
    expect(hrOnly.stderr).toBe('');

    const forced = await issue('--force');
    expect(forced.code).toBe(0);
    const backup = join(out, 'Governance return 2020-11-13.backup.xlsx');
    expect(readFileSync(backup).equals(filled)).toBe(true);
    const rag = py<{ rag: string | null }>(
      String.raw`
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Return']
col = {ws.cell(5, c).value: c for c in range(1, 12)}
rag = [ws.cell(r, col['RAG']).value for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == '1.2'][0]
print(json.dumps({'rag': rag}))
`,
      gov,
    );
    expect(rag.rag).not.toBe('Red');
    // The re-issued file is untouched again: issuing once more replaces it without --force.
    expect((await issue()).code).toBe(0);
  }, 240_000);
});

/** Sets cells of the master's plan sheet with openpyxl: argv[2] is JSON {"A16": "3", ...}. */
const SET_MASTER = String.raw`
import sys, json, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Transition Plan']
for ref, v in json.loads(sys.argv[2]).items():
    if isinstance(v, dict):
        ws[ref].value = datetime.datetime.strptime(v['date'], '%Y-%m-%d')
        ws[ref].number_format = 'dd/mm/yyyy'
    else:
        ws[ref].value = v
wb.save(sys.argv[1])
print('{}')
`;

function masterWith(name: string, cells: Record<string, string | { date: string }>): string {
  const file = join(dir, name);
  copyFileSync(master, file);
  py(SET_MASTER, file, JSON.stringify(cells));
  return file;
}

describe('stale returns, known from the manifest the issue writes', () => {
  it('flags a 13 Nov return merged after 27 Nov returns were issued', async () => {
    const out = join(dir, 'cycles');
    const plan = join(dir, 'cycles-master.xlsx');
    copyFileSync(master, plan);
    for (const date of ['13/11/2020', '27/11/2020'])
      expect(
        (await cli(['returns', 'issue', plan, '--out', out, '--report-date', date])).code,
      ).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'Returns issued.json'), 'utf8')) as {
      cycles: { reportDate: string; master: string; files: string[] }[];
    };
    expect(manifest.cycles.map((c) => [c.reportDate, c.master])).toEqual([
      ['2020-11-13', 'cycles-master.xlsx'],
      ['2020-11-27', 'cycles-master.xlsx'],
    ]);
    expect(manifest.cycles[0].files).toContain(govFile);

    // The lead sends back the 13 Nov return (saved beside the others); none of 27 Nov is merged.
    const old = join(out, 'gov-13-nov.xlsx');
    py(EDIT_ONE, join(out, govFile), old, '1.3', 'RAG', 'Red');
    const run = await cli(['returns', 'merge', plan, old, '--json']);
    expect(run.code).toBe(1);
    const stale = (
      JSON.parse(run.stdout) as { findings: { rule: string; message: string }[] }
    ).findings.filter((f) => f.rule === 'return-stale');
    expect(stale).toHaveLength(1);
    expect(stale[0].message).toContain(
      'returns have since been issued for 27 Nov 2020 (known from the Returns issued.json beside it)',
    );

    // Moved away from its manifest, the same return is not known to be stale (the limitation).
    const moved = join(dir, 'moved');
    mkdirSync(moved, { recursive: true });
    copyFileSync(old, join(moved, 'gov-13-nov.xlsx'));
    const plan2 = join(dir, 'cycles-master2.xlsx');
    copyFileSync(master, plan2);
    const away = await cli(['returns', 'merge', plan2, join(moved, 'gov-13-nov.xlsx'), '--json']);
    const rules = (JSON.parse(away.stdout) as { findings: { rule: string }[] }).findings.map(
      (f) => f.rule,
    );
    expect(rules).not.toContain('return-stale');
  }, 240_000);
});

describe('duplicate task IDs in the master', () => {
  it('issue refuses, naming the IDs and their cells', async () => {
    const dup = masterWith('dup.xlsx', { A16: '3' });
    const out = join(dir, 'dup-returns');
    const run = await cli(['returns', 'issue', dup, '--out', out, '--report-date', '13/11/2020']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 (A13, A16)');
    expect(run.stderr).toContain('Nothing was written.');
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('merge refuses a master that has since got a duplicate of a returned ID', async () => {
    const out = join(dir, 'dup-merge');
    const plan = join(dir, 'dup-merge.xlsx');
    copyFileSync(master, plan);
    const issued = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      out,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Finance',
    ]);
    expect(issued.code).toBe(0);
    const fin = join(dir, 'fin-dup.xlsx');
    py(EDIT_ONE, join(out, 'Finance return 2020-11-13.xlsx'), fin, '3', 'Comments', 'Done');
    py(SET_MASTER, plan, JSON.stringify({ A16: '3' }));
    const before = readFileSync(plan);
    const run = await cli(['returns', 'merge', plan, fin]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 (A13, A16)');
    expect(readFileSync(plan).equals(before)).toBe(true);
  }, 120_000);
});

describe('a date in a comment cell', () => {
  it('is issued as the date, and an untouched return merges as no change', async () => {
    // 1.4's status is one the plan cannot read: issued as written, it is no edit of the lead's.
    const plan = masterWith('comment-date.xlsx', {
      K9: { date: '2020-12-04' },
      H9: 'AMBER OLA / GREEN',
    });
    const out = join(dir, 'comment-date');
    const run = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      out,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Governance',
    ]);
    expect(run.code).toBe(0);
    const ret = join(out, govFile);
    const comment = py<{ v: unknown }>(
      String.raw`
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Return']
col = {ws.cell(5, c).value: c for c in range(1, 12)}
print(json.dumps({'v': [ws.cell(r, col['Comments']).value for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == '1.4'][0]}))
`,
      ret,
    );
    expect(comment.v).toBe('04/12/2020');
    const merged = await cli(['returns', 'merge', plan, ret]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).not.toContain('Set Comments');
    // Untouched, so issuing again replaces it without --force.
    const again = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      out,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Governance',
    ]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  }, 120_000);
});

describe('merging DIR/*.xlsx', () => {
  it("skips the backups plan-sync keeps and Excel's lock files, saying so", async () => {
    const plan = masterWith('glob.xlsx', {});
    const out = join(dir, 'glob');
    const issued = await cli([
      'returns',
      'issue',
      plan,
      '--out',
      out,
      '--report-date',
      '13/11/2020',
      '--workstream',
      'Governance',
    ]);
    expect(issued.code).toBe(0);
    const ret = join(out, govFile);
    py(EDIT_ONE, ret, ret, '1.2', 'RAG', 'Red');
    // What a shell's glob finds beside the return: a kept backup (an older, different return)
    // and the lock file Excel leaves while the lead still has it open.
    const backup = join(out, govFile.replace(/\.xlsx$/, '.backup.xlsx'));
    py(EDIT_ONE, ret, backup, '1.2', 'RAG', 'Green');
    const lock = join(out, `~$${govFile}`);
    writeFileSync(lock, 'lead\0\0');

    const both = await cli(['returns', 'merge', plan, backup, lock, '--json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('no return to merge');
    expect(both.stderr).toContain('a backup plan-sync keeps');

    const merged = await cli(['returns', 'merge', plan, backup, ret, lock]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain(`${basename(backup)} was not read: it is a backup`);
    expect(merged.stdout).toContain(`~$${govFile} was not read: it is Excel's lock file`);
    const rag = py<{ v: unknown }>(
      String.raw`
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Transition Plan']
print(json.dumps({'v': [ws.cell(r, 8).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == '1.2'][0]}))
`,
      plan,
    );
    expect(rag.v).toBe('Red');
  }, 120_000);
});
