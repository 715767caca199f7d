import { ApplicationFailure } from '@temporalio/workflow';

/**
 * Parses a workflow's input at the edge: a bad one fails the workflow at once, before any activity, with a
 * non-retryable `InvalidInputError` failure whose message names the field.
 */
export function parseAtEdge<T>(parse: (input: unknown) => T, input: unknown): T {
  try {
    return parse(input);
  } catch (error) {
    throw ApplicationFailure.nonRetryable(messageOf(error), 'InvalidInputError');
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
