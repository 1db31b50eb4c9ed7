/**
 * One option parser for every command: node's parseArgs reads the words, and every mistake
 * (an unknown or misspelt option, a missing value, a word too many or too few) becomes a one-line
 * UsageError in plain words, with a suggestion when a known option is close.
 */

import { parseArgs } from 'node:util';
import { suggest } from '../../core/suggest.js';
import { UsageError } from './context.js';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** May be given more than once (`--column start=From --column end=To`). */
  multiple?: boolean;
  /** What a string option's value is, for messages: `OUT (the file to write)`. */
  value?: string;
  /** Another spelling of an option (`--normalize-rag`): accepted, not listed. */
  alias?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface CommandSpec<O extends OptionSpecs> {
  command: string;
  /** The positional arguments, in order, as the usage line names them: `['WORKBOOK', 'TABLE']`. */
  positionals: readonly string[];
  options: O;
  /** The last positional may be given more than once (`RETURN.xlsx ...`). */
  repeatLast?: boolean;
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'string'
  ? S['multiple'] extends true
    ? string[]
    : string
  : boolean;

export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: ValueOf<O[K]> } & {
  help?: boolean;
};

export interface ParsedCommandLine<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

/** `['FILE']` -> `one FILE`; `['WORKBOOK', 'TABLE']` -> `a WORKBOOK and a TABLE`. */
function describePositionals(names: readonly string[]): string {
  if (names.length === 1) return `one ${names[0]}`;
  const words = names.map((n) => `a ${n}`);
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The option closest to a mistyped word (`jsn`, `report_date`, `dryrun`), as `--name`. */
function suggestOption(typed: string, options: OptionSpecs): string | undefined {
  const name = suggest(typed, Object.keys(options), (w) =>
    w.toLowerCase().replace(/[^a-z0-9]/g, ''),
  );
  return name && `--${name}`;
}

export function parseCommandLine<const O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): ParsedCommandLine<O> {
  const options: OptionSpecs = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  const config: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> =
    {};
  for (const [name, o] of Object.entries(options)) {
    config[name] = { type: o.type };
    if (o.short) config[name].short = o.short;
    if (o.multiple) config[name].multiple = true;
  }
  // Not strict: every word comes back as a token, and the mistakes are told here in plain words.
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const { command } = spec;

  if (tokens.some((t) => t.kind === 'option' && t.name === 'help' && t.value === undefined))
    return { values: { help: true } as OptionValues<O>, positionals: [] };

  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const o = options[token.name];
    if (!o) {
      // A short group such as `-json` reads as unknown letters: tell the word as typed.
      const raw = argv[token.index].split('=')[0];
      const typed = raw.replace(/^--?/, '');
      const close =
        typed.length === 1
          ? Object.values(options).find((s) => s.short?.toLowerCase() === typed.toLowerCase())
          : undefined;
      const hint = close?.short ? `-${close.short}` : suggestOption(typed, options);
      throw new UsageError(
        hint
          ? `unknown option ${raw}; did you mean ${hint}?`
          : `unknown option ${raw}. ${command} takes ${Object.entries(spec.options)
              .filter(([, o]) => !o.alias)
              .map(([n]) => `--${n}`)
              .join(', ')}.`,
      );
    }
    if (o.type === 'boolean') {
      if (token.value !== undefined)
        throw new UsageError(
          `${token.rawName} is a switch and takes no value (remove "=${token.value}").`,
        );
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    // `-o --json` means the value was forgotten: parseArgs would take `--json` as the file name.
    if (value === undefined || (token.inlineValue === false && /^-./.test(value)))
      throw new UsageError(
        `${token.rawName} needs a value: ${token.rawName} ${o.value ?? 'VALUE'}.`,
      );
    if (o.multiple) values[token.name] = [...((values[token.name] as string[]) ?? []), value];
    else values[token.name] = value;
  }

  const wanted = spec.positionals;
  if (positionals.length < wanted.length) {
    throw new UsageError(
      `${command} needs ${describePositionals(wanted)}: plan-sync ${command} ${wanted.join(' ')}.`,
    );
  }
  if (positionals.length > wanted.length && !spec.repeatLast) {
    const extra = positionals[wanted.length];
    const option = suggestOption(extra, options);
    throw new UsageError(
      option
        ? `"${extra}" is one word too many; did you mean ${option}?`
        : `${command} takes ${describePositionals(wanted)}, but was given ${positionals.length}: ${positionals.map((p) => `"${p}"`).join(' ')}. Put a file name with spaces in quotes (e.g. "${positionals.slice(wanted.length - 1).join(' ')}").`,
    );
  }
  return { values: values as OptionValues<O>, positionals };
}

/** The value of `--option` when it is one of `allowed` (any case), else a usage error with a suggestion. */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value.toLowerCase())) return value.toLowerCase() as T;
  const close = suggest(value, allowed);
  throw new UsageError(
    `--${option} "${value}" is not one of ${allowed.join(', ')}${close ? `; did you mean ${close}?` : '.'}`,
  );
}
