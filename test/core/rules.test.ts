import { describe, expect, it } from 'vitest';
import { dayFromYMD } from '../../core/dates.js';
import type { Finding } from '../../core/findings.js';
import { RULES } from '../../core/rules/index.js';
import { validateWorkbook } from '../../core/validate.js';
import { d, HEADER, sheet, workbook, type Input } from './build.js';

const REPORT = dayFromYMD(2020, 11, 13)!;

function findingsFor(rows: Input[][], extraSheets = [] as ReturnType<typeof sheet>[]): Finding[] {
  const result = validateWorkbook(workbook([sheet('Plan', [HEADER, ...rows]), ...extraSheets]), {
    reportDate: REPORT,
  });
  if (!result.ok) throw new Error(result.reason);
  return result.findings;
}

type Field = 'start' | 'end' | 'rag' | 'pct' | 'deps' | 'ws';
const ok = (id: Input, extra: Partial<Record<Field, Input>> = {}): Input[] => {
  const get = (k: Field, fallback: Input) => (k in extra ? extra[k]! : fallback);
  return [
    id,
    get('ws', 'Governance'),
    `Task ${String(id)}`,
    'Tricia Burningham',
    get('start', d('2020-12-01')),
    get('end', d('2020-12-20')),
    get('rag', 'Green'),
    get('pct', null),
    get('deps', null),
  ];
};
const pct = (value: number): Input => ({ value, numFmt: '0%' });

const where = (findings: Finding[], rule: string) =>
  findings.filter((f) => f.rule === rule).map((f) => f.cell);

describe('rules', () => {
  it('every rule has a unique id, a severity and a description', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.description.length).toBeGreaterThan(10);
    }
  });

  it('a clean plan has no findings', () => {
    expect(
      findingsFor([
        ok(1),
        ok(2, { deps: '1', start: d('2020-12-20'), end: d('2021-01-10') }),
        ok(3, { start: d('2020-12-05'), end: d('2020-12-05') }),
      ]),
    ).toEqual([]);
  });

  it('empty and duplicate IDs are errors at the ID cell', () => {
    const f = findingsFor([ok(1), ok(null), ok(1), ok('1 ')]);
    expect(where(f, 'id-empty')).toEqual(['A3']);
    expect(where(f, 'id-duplicate')).toEqual(['A4', 'A5']);
    expect(f.find((x) => x.rule === 'id-duplicate')!.message).toContain('A2');
  });

  it('impossible and unreadable dates are errors; text dates are warnings', () => {
    const f = findingsFor([
      ok(1, { start: '31/11/2020' }),
      ok(2, { end: 'TBC' }),
      ok(3, { start: '01/12/2020', end: '2020-12-20' }),
      ok(4, { start: 44166 }),
    ]);
    expect(where(f, 'date-invalid')).toEqual(['E2', 'F3']);
    expect(f.find((x) => x.cell === 'E2')!.message).toMatch(/31\/11\/2020 is not a real date/);
    expect(where(f, 'date-as-text')).toEqual(['E4', 'F4', 'E5']);
    expect(f.find((x) => x.cell === 'E4')!.message).toContain('1 Dec 2020');
  });

  it('end before start is an error at the end cell', () => {
    const f = findingsFor([ok(1, { start: d('2020-12-10'), end: d('2020-12-01') })]);
    expect(f).toEqual([
      expect.objectContaining({ rule: 'end-before-start', cell: 'F2', severity: 'error', row: 2 }),
    ]);
  });

  it('a task with no dates is a warning; one date makes a milestone', () => {
    const f = findingsFor([ok(1, { start: null, end: null }), ok(2, { start: null })]);
    expect(where(f, 'date-missing')).toEqual(['E2']);
  });

  it('unknown statuses are errors, compound statuses warnings, abbreviations fine', () => {
    const f = findingsFor([
      ok(1, { rag: 'Purple' }),
      ok(2, { rag: 'AMBER OLA / GREEN' }),
      ok(3, { rag: 'A/R' }),
      ok(4, { rag: 'b' }),
      ok(5, { rag: null }),
    ]);
    expect(where(f, 'rag-unknown')).toEqual(['G2']);
    expect(where(f, 'rag-compound')).toEqual(['G3']);
    expect(f.filter((x) => x.row === 4 || x.row === 5 || x.row === 6)).toEqual([]);
  });

  it('dependencies on unknown IDs are errors; MS Project link types are understood', () => {
    const f = findingsFor([
      ok(1),
      ok(2, { deps: '1FS+2d; 9.9', start: d('2020-12-21'), end: d('2020-12-30') }),
    ]);
    expect(f).toEqual([
      expect.objectContaining({
        rule: 'dependency-unknown',
        cell: 'I3',
        message: expect.stringContaining('"9.9"'),
      }),
    ]);
  });

  it('dependency cycles are reported once each, at the first task of the cycle', () => {
    const f = findingsFor([
      ok(1, { deps: '3' }),
      ok(2, { deps: '1' }),
      ok(3, { deps: '2' }),
      ok(4, { deps: '4' }),
      ok(5, { deps: '1' }),
    ]);
    expect(where(f, 'dependency-cycle')).toEqual(['I2', 'I5']);
    expect(f.find((x) => x.cell === 'I2' && x.rule === 'dependency-cycle')!.message).toBe(
      'Dependency cycle: tasks 1, 2, 3 depend on each other in a circle. Remove one of these dependencies.',
    );
    expect(f.find((x) => x.cell === 'I5' && x.rule === 'dependency-cycle')!.message).toBe(
      'Dependency cycle: task 4 depends on itself. Remove this dependency.',
    );
  });

  it('a 10,000-task cycle is one short finding, found in linear time', () => {
    const n = 10_000;
    const rows = Array.from({ length: n }, (_, i) =>
      ok(i + 1, { deps: String(i ? i : n), start: d('2021-01-01'), end: d('2021-01-01') }),
    );
    const started = performance.now();
    const cycles = findingsFor(rows).filter((x) => x.rule === 'dependency-cycle');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(cycles).toEqual([
      expect.objectContaining({
        cell: 'I2',
        message:
          'Dependency cycle: 10,000 tasks depend on each other in a circle (1, 2, 3, 4, 5 and 9,995 more, in rows 2 to 10001). Remove one of these dependencies.',
      }),
    ]);
  });

  it('a long dependency chain does not overflow the stack', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      ok(i + 1, { deps: i ? String(i) : null, start: d('2021-01-01'), end: d('2021-01-01') }),
    );
    expect(where(findingsFor(rows), 'dependency-cycle')).toEqual([]);
  });

  it('a successor starting before its predecessor ends is a warning', () => {
    const f = findingsFor([ok(1), ok(2, { deps: '1', start: d('2020-12-10') })]);
    expect(f).toEqual([
      expect.objectContaining({ rule: 'dependency-overlap', severity: 'warning', cell: 'I3' }),
    ]);
  });

  it('progress outside 0..100% is an error; Complete below 100% a warning', () => {
    const f = findingsFor([
      ok(1, { pct: pct(1.5) }),
      ok(2, { pct: 'lots' }),
      ok(3, { pct: pct(0.4), rag: 'Complete' }),
      ok(4, { pct: pct(1), rag: 'Done' }),
      ok(5, { pct: -0.1 }),
    ]);
    expect(where(f, 'progress-range')).toEqual(['H2', 'H3', 'H6']);
    expect(where(f, 'complete-progress')).toEqual(['H4']);
  });

  it('workstreams missing from the Workstreams sheet are warnings', () => {
    const ws = sheet('Workstreams', [
      ['Workstream', 'Lead'],
      ['Project work stream 1: Governance', 'TB'],
    ]);
    const f = findingsFor([ok(1), ok(2, { ws: 'Finanse' })], [ws]);
    expect(where(f, 'workstream-unknown')).toEqual(['B3']);
    expect(where(findingsFor([ok(2, { ws: 'Finanse' })]), 'workstream-unknown')).toEqual([]);
  });

  it('tasks due before the report date and not complete are overdue', () => {
    const f = findingsFor([
      ok(1, { start: d('2020-10-01'), end: d('2020-11-12') }),
      ok(2, { start: d('2020-10-01'), end: d('2020-11-12'), rag: 'Complete' }),
      ok(3, { start: d('2020-10-01'), end: d('2020-11-13') }),
      ok(4, { start: d('2020-10-01'), end: null }),
    ]);
    expect(where(f, 'overdue')).toEqual(['F2', 'E5']);
  });

  it('a task whose date is impossible is never overdue, or compared, by its other date', () => {
    const f = findingsFor([
      // Due "31/11/2020": not due on its start (1 Oct), which the report date has passed.
      ok(1, { start: d('2020-10-01'), end: '31/11/2020' }),
      ok(2, { start: '31/09/2020', end: null }),
      // Depends on task 1, whose end is unknown: not "before task 1 ends on 1 Oct 2020".
      ok(3, { deps: '1', start: d('2020-09-15'), end: d('2020-12-20') }),
      // Starts "TBC": not "starts on 1 Dec 2020" (its end) before task 5 ends.
      ok(4, { deps: '5', start: 'TBC', end: d('2020-12-01') }),
      ok(5, { start: d('2020-11-20'), end: d('2020-12-10') }),
    ]);
    expect(where(f, 'date-invalid')).toEqual(['F2', 'E3', 'E5']);
    expect(where(f, 'overdue')).toEqual([]);
    expect(where(f, 'dependency-overlap')).toEqual([]);
    // A milestone given only one date is still due, and compared, on that date.
    const milestone = findingsFor([
      ok(1, { start: null, end: d('2020-12-15') }),
      ok(2, { deps: '1', start: d('2020-12-10'), end: null }),
    ]);
    expect(milestone.filter((x) => x.rule === 'dependency-overlap')).toEqual([
      expect.objectContaining({
        cell: 'I3',
        message: expect.stringContaining(
          'starts on 10 Dec 2020, before task 1 (which it depends on) ends on 15 Dec 2020',
        ),
      }),
    ]);
  });

  it('the report date comes from the option, then Settings, then today', () => {
    const plan = sheet('Plan', [HEADER, ok(1, { start: d('2020-10-01'), end: d('2020-11-12') })]);
    const settings = sheet('Settings', [['Report date', d('2020-11-01')]]);
    const fromSettings = validateWorkbook(workbook([plan, settings]), {
      today: dayFromYMD(2030, 1, 1)!,
    });
    expect(fromSettings.ok && fromSettings.findings.filter((f) => f.rule === 'overdue')).toEqual(
      [],
    );
    const fromToday = validateWorkbook(workbook([plan]), { today: dayFromYMD(2030, 1, 1)! });
    expect(fromToday.ok && fromToday.findings.map((f) => f.rule)).toEqual(['overdue']);
  });
});
