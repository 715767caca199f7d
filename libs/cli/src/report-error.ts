import { BcmlError, InvalidInputError } from '@bcml/core';
import { StackError } from '@bcml/infra';

import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** Prints `error` the way a person wants it (the message, no stack for known errors) and returns the exit code. */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(`bcml: ${error.message}\n\n${error.usage}\n`);
    return EXIT.usage;
  }
  if (error instanceof InvalidInputError) {
    io.err(`bcml: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof BcmlError || error instanceof StackError) {
    io.err(`bcml: ${error.message}\n`);
    return EXIT.failure;
  }
  const debug = io.env['BCML_DEBUG'] !== undefined && io.env['BCML_DEBUG'] !== '';
  const text = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  io.err(`bcml: ${text}\n`);
  return EXIT.failure;
}
