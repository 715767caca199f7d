import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';

import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';

/** The innermost failure message of a failed workflow, and whether its type says the input was invalid. */
function innermost(error: WorkflowFailedError): { message: string; invalidInput: boolean } {
  let invalidInput = false;
  let message = error.message;
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    message = cause.message;
    if (cause instanceof ApplicationFailure && cause.type?.startsWith('InvalidInput') === true) invalidInput = true;
    cause = cause.cause;
  }
  return { message, invalidInput };
}

/** Prints why a workflow failed and returns 2 for invalid input, 1 otherwise; rethrows other errors. */
export function workflowFailureExit(error: unknown, io: CliIo): number {
  if (!(error instanceof WorkflowFailedError)) throw error;
  const { message, invalidInput } = innermost(error);
  io.err(`bcml: the workflow failed: ${message}\n`);
  return invalidInput ? EXIT.usage : EXIT.failure;
}
