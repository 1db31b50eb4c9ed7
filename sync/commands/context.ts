import { parseTextDate, type Day } from '../../core/dates.js';
import { ansi, plain, type Paint } from '../../core/format/human.js';

/** What a command needs from the outside world; tests pass their own. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour output (a TTY without NO_COLOR). */
  color: boolean;
  /** Today's date, for tests; defaults to the machine's local date. */
  today?: Day;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_CANNOT = 2;

/** A bad command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {}

export function paintFor(io: CommandIO): Paint {
  return io.color ? ansi : plain;
}

export function parseDateOption(name: string, text: string | undefined): Day | undefined {
  if (text === undefined) return undefined;
  const parsed = parseTextDate(text);
  if (parsed.kind !== 'date') {
    throw new UsageError(
      `--${name} "${text}" is not a date${parsed.kind === 'invalid' ? `: ${parsed.reason}` : ''}. Use 2020-11-13 or 13/11/2020.`,
    );
  }
  return parsed.day;
}
