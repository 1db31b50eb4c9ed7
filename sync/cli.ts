/** The `plan-sync` command line: parses the command, runs it, turns failures into exit codes. */

import { readFileSync } from 'node:fs';
import { EXIT_CANNOT, EXIT_OK, UsageError, type CommandIO } from './commands/context.js';
import { suggest } from '../core/suggest.js';

export const MAIN_HELP = `plan-sync: keep a programme transition plan workbook checked, coloured and charted.

Usage: plan-sync <command> [options]

Commands:
  validate FILE          check the plan and list what needs attention (writes nothing)
  sync FILE [-o OUT]     validate, colour RAG cells and draw the Gantt timeline
  init FILE [--example]  create a new plan workbook from the template
  import-budget WORKBOOK TABLE
                         import a finance table (CSV or workbook range) and check its totals
  adopt FILE [-o OUT]    infer a plan with dates from a hand-painted Gantt (writes a new workbook)
  report FILE [-o OUT]   build the highlight report: RAG roll-up, checks, trend, report sheet
  returns issue FILE --out DIR
                         write one return workbook per workstream for its lead to update
  returns merge FILE RETURN.xlsx ...
                         merge the leads' returns into the plan (three-way merge, logged)
  export FILE -o OUT     the board timeline as a slide deck, PDF, SVG or PNG (.pptx .pdf .svg .png)

Run 'plan-sync <command> --help' for a command's options.
Exit codes: 0 fine, 1 the plan has errors, 2 nothing could be done (the reason is printed).`;

// Each command's code is loaded when it runs, so `--help` and a typo start as fast as Node does.
const COMMANDS: Record<string, (argv: string[], io: CommandIO) => Promise<number>> = {
  validate: async (argv, io) => (await import('./commands/validate.js')).runValidate(argv, io),
  sync: async (argv, io) => (await import('./commands/sync.js')).runSync(argv, io),
  init: async (argv, io) => (await import('./commands/init.js')).runInit(argv, io),
  'import-budget': async (argv, io) =>
    (await import('./commands/import-budget.js')).runImportBudget(argv, io),
  adopt: async (argv, io) => (await import('./commands/adopt.js')).runAdopt(argv, io),
  report: async (argv, io) => (await import('./commands/report.js')).runReport(argv, io),
  returns: async (argv, io) => (await import('./commands/returns.js')).runReturns(argv, io),
  export: async (argv, io) => (await import('./commands/export.js')).runExport(argv, io),
};

/** What to say when the first word is not a command: a typo, an option or a file put first. */
function unknownCommand(word: string): string {
  const names = Object.keys(COMMANDS);
  if (word.startsWith('-'))
    return `the command comes first, then its options (e.g. plan-sync validate plan.xlsx ${word}); the commands are ${names.join(', ')}.`;
  const close = suggest(word, names);
  if (close) return `unknown command "${word}"; did you mean ${close}?`;
  if (/\.(xlsx|xlsm|xls|csv|ods)$/i.test(word))
    return `"${word}" is a file, not a command: put the command first, e.g. plan-sync validate ${word}.`;
  return `unknown command "${word}"; the commands are ${names.join(', ')}.`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_HELP);
    return command === undefined ? EXIT_CANNOT : EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(version());
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`plan-sync: ${unknownCommand(command)} Run 'plan-sync --help' for the list.`);
    return EXIT_CANNOT;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    // Loaded by the command already (imported here so that `--help` does not load them).
    const { CannotProceed } = await import('./io/load.js');
    const { WorkbookReadError } = await import('../core/xlsx/read-error.js');
    // A part read late (after the file was opened) can still turn out damaged.
    if (e instanceof CannotProceed || e instanceof WorkbookReadError) {
      io.stderr(`plan-sync: ${e.message}`);
      return EXIT_CANNOT;
    }
    if (e instanceof UsageError) {
      io.stderr(`plan-sync ${command}: ${(e as Error).message} Run 'plan-sync ${command} --help'.`);
      return EXIT_CANNOT;
    }
    // Anything else is our bug: one line for the user, the stack only when asked for.
    io.stderr(
      `plan-sync: unexpected problem: ${(e as Error).message}. Nothing was written. Set PLAN_SYNC_DEBUG=1 for details.`,
    );
    if (process.env.PLAN_SYNC_DEBUG) io.stderr(String((e as Error).stack));
    return EXIT_CANNOT;
  }
}
