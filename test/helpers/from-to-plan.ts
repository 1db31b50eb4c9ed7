/**
 * A plan whose date columns are titled `From` and `To` (the aliases do not know them), built with
 * openpyxl: a title row, the header on row 3, one task a row, optionally a Settings sheet.
 */
import { RAG_LABEL, type RagStatus } from '../../core/rag.js';
import { runPython } from './python.js';

/** A task of the From/To plan: row 4 onwards, header on row 3 under a title. */
export const FROM_TO_TASKS: [string, string, string, string, RagStatus][] = [
  ['1', 'Agree scope', '2020-09-01', '2020-09-30', 'complete'],
  ['2', 'Consult staff', '2020-09-14', '2020-11-20', 'green'],
  ['3', 'Move payroll', '2020-10-05', '2021-01-29', 'amber'],
  ['4', 'Exit contracts', '2020-11-02', '2021-03-31', 'red'],
  ['5', 'Board decision', '2020-12-10', '2020-12-10', 'amber-green'],
  ['6', 'New IT network', '2020-10-01', '2021-02-26', 'amber-red'],
  ['7', 'Train teams', '2021-01-04', '2021-03-19', 'not-started'],
  ['8', 'Go live', '2021-04-01', '2021-04-01', 'not-started'],
];

/** Statuses are written in full. */
export const STATUS_TEXT = RAG_LABEL;

/**
 * Writes the From/To plan with openpyxl; `settings` rows go on a Settings sheet (after a report
 * date of 13 Nov 2020) when given. `planSheet` names the plan's sheet (default Plan); `decoy`
 * puts an old plan, on a sheet called Plan, first.
 */
export function writeFromToPlan(
  file: string,
  settings: [string, string][] | null,
  options: { planSheet?: string; decoy?: boolean } = {},
): void {
  runPython(
    String.raw`
import sys, json, datetime, openpyxl
out, tasks, settings, options = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = options['planSheet']
ws.append(['Shared services transition'])
ws.append([])
ws.append(['Ref', 'Activity', 'Owner', 'From', 'To', 'Status'])
for ref, name, start, end, status in tasks:
    ws.append([ref, name, 'PMO', datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), status])
    for col in (4, 5):
        ws.cell(ws.max_row, col).number_format = 'dd/mm/yyyy'
if options['decoy']:
    # An old plan under the usual name, which the Settings sheet tells plan-sync to leave alone.
    old = wb.create_sheet('Plan', 0)
    old.append(['ID', 'Task', 'Start', 'End', 'RAG'])
    old.append(['0', 'Superseded plan', datetime.date(2019, 1, 7), datetime.date(2019, 3, 29), 'Red'])
if settings is not None:
    s = wb.create_sheet('Settings')
    s.append(['Setting', 'Value'])
    s.append(['Report date', datetime.date(2020, 11, 13)])
    s['B2'].number_format = 'dd/mm/yyyy'
    for label, value in settings:
        s.append([label, value])
wb.save(out)
`,
    [
      file,
      JSON.stringify(FROM_TO_TASKS.map(([r, n, s, e, st]) => [r, n, s, e, STATUS_TEXT[st]])),
      JSON.stringify(settings),
      JSON.stringify({ planSheet: options.planSheet ?? 'Plan', decoy: options.decoy ?? false }),
    ],
  );
}
