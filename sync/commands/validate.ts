import { findingsJson } from '../../core/format/json.js';
import { DEFAULT_LIMIT, formatFindings, summaryLine } from '../../core/format/human.js';
import { hasErrors } from '../../core/findings.js';
import { parseCommandLine } from './args.js';
import { loadPlan, PLAN_OPTIONS } from './plan-input.js';
import { EXIT_CANNOT, EXIT_FINDINGS, EXIT_OK, paintFor, type CommandIO } from './context.js';

export const VALIDATE_HELP = `Usage: plan-sync validate FILE [--json] [--sheet NAME] [--report-date DATE]

Checks the plan in FILE (.xlsx or .xlsm) and lists what needs attention, by sheet and severity.
Nothing is written.

Options:
  --all                list every finding (by default 50 per sheet and severity)
  --json               print {"findings":[...]} instead of text
  --sheet NAME         the plan sheet (default: Plan, Transition Plan, Programme Plan or Project Plan)
  --report-date DATE   judge overdue tasks at this date (default: Settings sheet, else today)
  --column FIELD=TITLE the column titled TITLE is FIELD (start, end, id, task, rag, workstream,
                       lead, stakeholders, progress, dependencies, baseline-start, baseline-end),
                       e.g. --column start=From; may be repeated; overrides the Settings sheet's
                       "Column: Start" rows

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 the file cannot be read as a plan.`;

export async function runValidate(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandLine(
    { command: 'validate', positionals: ['FILE'], options: PLAN_OPTIONS },
    argv,
  );
  if (values.help) {
    io.stdout(VALIDATE_HELP);
    return EXIT_OK;
  }
  const file = positionals[0];
  const { validated: result } = loadPlan(file, values, io);
  if (!result.ok) {
    // Exit 2 always says why on stderr, with --json too (stdout keeps the JSON).
    if (values.json) io.stdout(findingsJson(result.findings));
    io.stderr(`plan-sync: ${result.reason}`);
    return EXIT_CANNOT;
  }
  if (values.json) {
    io.stdout(findingsJson(result.findings));
  } else {
    const paint = paintFor(io);
    if (result.findings.length)
      io.stdout(formatFindings(result.findings, paint, values.all ? Infinity : DEFAULT_LIMIT));
    const tasks = result.plan.tasks.length;
    io.stdout(
      `${file}: ${tasks} task${tasks === 1 ? '' : 's'} on sheet "${result.plan.sheet.name}"; ${summaryLine(result.findings)}.`,
    );
  }
  return hasErrors(result.findings) ? EXIT_FINDINGS : EXIT_OK;
}
