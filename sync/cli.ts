/** The `plan-sync` command line: parses the command, runs it, turns failures into exit codes. */

import { readFileSync } from 'node:fs';
import { EXIT_CANNOT, EXIT_OK, type CommandIO } from './commands/context.js';
import { loadEngine } from './engine-loader.js';
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

/** The commands; their code is loaded only when one runs, so `--help` starts as fast as Node does. */
export const COMMAND_NAMES = [
  'validate',
  'sync',
  'init',
  'import-budget',
  'adopt',
  'report',
  'returns',
  'export',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const isCommand = (word: string): word is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(word);

/** What to say when the first word is not a command: a typo, an option or a file put first. */
function unknownCommand(word: string): string {
  const names = COMMAND_NAMES;
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
  if (!isCommand(command)) {
    io.stderr(`plan-sync: ${unknownCommand(command)} Run 'plan-sync --help' for the list.`);
    return EXIT_CANNOT;
  }
  const { runCommand } = await loadEngine();
  return runCommand(command, rest, io);
}
