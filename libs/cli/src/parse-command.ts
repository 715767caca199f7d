import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A parsed command line: its options, its positional arguments, and whether `--help` was asked for. */
export interface ParsedCommand {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/** Parses `args` strictly with `node:util` `parseArgs` (plus `-h/--help`); a bad line is a `UsageError`. */
export function parseCommand(args: readonly string[], options: Options, usage: string): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const flat: Record<string, string | boolean | undefined> = {};
    for (const [key, value] of Object.entries(values)) {
      flat[key] = Array.isArray(value) ? value.map(String).join(',') : value;
    }
    return { values: flat, positionals, help: values['help'] === true };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
}

/** The string value of option `name`, or undefined. */
export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}
