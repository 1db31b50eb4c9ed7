/**
 * The engine's door: runs one command and turns what it throws into an exit code. Everything
 * behind it is bundled into lib/bundle/plan-sync.cjs (see ../engine-loader.ts); ../cli.ts, which
 * answers --help without it, hands each command here.
 */

import type { CommandName } from '../cli.js';
import { CannotProceed } from '../io/load.js';
import { WorkbookReadError } from '../../core/xlsx/read-error.js';
import { EXIT_CANNOT, UsageError, type CommandIO } from './context.js';

// Each command's code runs its module's top level only when it runs.
const COMMANDS: Record<CommandName, (argv: string[], io: CommandIO) => Promise<number>> = {
  validate: async (argv, io) => (await import('./validate.js')).runValidate(argv, io),
  sync: async (argv, io) => (await import('./sync.js')).runSync(argv, io),
  init: async (argv, io) => (await import('./init.js')).runInit(argv, io),
  'import-budget': async (argv, io) =>
    (await import('./import-budget.js')).runImportBudget(argv, io),
  adopt: async (argv, io) => (await import('./adopt.js')).runAdopt(argv, io),
  report: async (argv, io) => (await import('./report.js')).runReport(argv, io),
  returns: async (argv, io) => (await import('./returns.js')).runReturns(argv, io),
  export: async (argv, io) => (await import('./export.js')).runExport(argv, io),
};

export async function runCommand(
  command: CommandName,
  argv: string[],
  io: CommandIO,
): Promise<number> {
  try {
    return await COMMANDS[command](argv, io);
  } catch (e) {
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
