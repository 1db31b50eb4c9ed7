import { describe, expect, it } from 'vitest';
import type { Cell, WorkbookData } from '../../core/cells.js';
import { dayFromYMD, serialFromDay, type Day } from '../../core/dates.js';
import { RULES } from '../../core/rules/index.js';
import { sortFindings } from '../../core/findings.js';
import { generatePlan } from '../../core/template.js';
import { validateWorkbook } from '../../core/validate.js';
import { d, HEADER, sheet, workbook, type Input } from '../core/build.js';

const TODAY = dayFromYMD(2020, 11, 13)!;

/** What Colour RAG and Build Gantt validate before the number formats arrive. */
const errorsBeforeFormats = (wb: WorkbookData, options: { today: Day }) =>
  validateWorkbook(wb, { ...options, errorsOnly: true });

/** A plan with a finding of every rule: errors and warnings, in formatted and bare cells. */
function planWithEverything(): WorkbookData {
  const rows: Input[][] = [
    [null, 'Governance', 'No id', 'A', d('2020-12-01'), d('2020-12-20'), 'Green', null, null],
    ['1', 'Governance', 'Twice', 'A', d('2020-10-01'), d('2020-10-20'), 'Amber', null, null],
    ['1', 'Nowhere', 'Twice again', 'A', 'not a date', d('2020-12-20'), 'Purple', null, '9'],
    ['2', 'Governance', 'Backwards', 'A', d('2020-12-20'), d('2020-12-01'), 'Red/Amber', null, '3'],
    [
      '3',
      'Governance',
      'Loop',
      'A',
      44000,
      '2020-12-05',
      'Complete',
      { value: 0.5, numFmt: '0%' },
      '2',
    ],
    [
      '4',
      'Governance',
      'Too far',
      'A',
      d('2020-12-01'),
      null,
      'Green',
      { value: 1.5, numFmt: '0%' },
      null,
    ],
    ['5', 'Governance', 'Bare progress', 'A', 44100, 44120, 'Green', 250, '1'],
  ];
  return workbook([
    sheet('Plan', [HEADER, ...rows]),
    sheet('Workstreams', [['Workstream'], ['Governance']]),
  ]);
}

/** The same workbook as the pane first reads it: no number formats yet. */
function withoutFormats(wb: WorkbookData): WorkbookData {
  return {
    ...wb,
    sheets: wb.sheets.map((s) => ({
      ...s,
      cells: s.cells.map((line) =>
        line?.map((c): Cell | undefined => (c ? { value: c.value } : c)),
      ),
    })),
  };
}

function errorsOf(wb: WorkbookData) {
  const full = validateWorkbook(wb, { today: TODAY });
  const quick = errorsBeforeFormats(wb, { today: TODAY });
  if (!full.ok || !quick.ok) throw new Error('no plan');
  return { full, quick };
}

describe('errorsBeforeFormats (Colour RAG and Build Gantt before the number formats arrive)', () => {
  for (const [name, make] of [
    ['formatted', planWithEverything],
    ['read without number formats', () => withoutFormats(planWithEverything())],
    ['generated, 300 tasks', () => withoutFormats(generatedPlan())],
  ] as const) {
    it(`finds the same errors as validate, and only them (${name})`, () => {
      const { full, quick } = errorsOf(make());
      const errors = full.findings.filter((f) => f.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(sortFindings(quick.findings)).toEqual(errors);
      expect(quick.plan).toEqual(full.plan);
      expect(quick.reportDate).toEqual(full.reportDate);
    });
  }

  it('relies on every rule’s findings having the rule’s severity', () => {
    for (const wb of [planWithEverything(), withoutFormats(planWithEverything())]) {
      const { full } = errorsOf(wb);
      const ctx = { plan: full.plan, reportDate: full.reportDate };
      const found = RULES.flatMap((rule) =>
        rule.check(ctx).map((f) => ({ rule: rule.id, expected: rule.severity, got: f.severity })),
      );
      // The plan above exercises the rules of errors and most of the others.
      expect(new Set(found.map((f) => f.rule)).size).toBeGreaterThanOrEqual(12);
      expect(found.filter((f) => f.expected !== f.got)).toEqual([]);
    }
  });

  it('needs no sorting of validate’s findings again (the pane shows them as they come)', () => {
    for (const wb of [planWithEverything(), withoutFormats(generatedPlan())]) {
      const { full } = errorsOf(wb);
      expect(full.findings.length).toBeGreaterThan(3);
      expect(sortFindings([...full.findings])).toEqual(full.findings);
    }
  });

  it('refuses what validate refuses, with the same reason', () => {
    const none = workbook([sheet('Sheet1', [['hello']])]);
    expect(errorsBeforeFormats(none, { today: TODAY })).toEqual(
      validateWorkbook(none, { today: TODAY }),
    );
  });
});

function generatedPlan(): WorkbookData {
  const tasks = generatePlan(300, { seed: 7, years: 2 });
  const rows: Input[][] = tasks.map((t, i) => [
    // Some duplicate IDs and unknown dependencies, so that there are errors to find.
    i % 50 === 7 ? tasks[i - 1].id : t.id,
    t.workstream,
    t.task,
    null,
    { value: serialFromDay(t.start, false), numFmt: 'dd/mm/yyyy' },
    { value: serialFromDay(t.end, false), numFmt: 'dd/mm/yyyy' },
    t.rag,
    null,
    i % 60 === 11 ? 'X9' : (t.dependsOn ?? null),
  ]);
  return workbook([sheet('Plan', [HEADER, ...rows])]);
}
