import { ActivityFailure, ApplicationFailure, TemporalFailure } from '@temporalio/workflow';

import { messageOf } from './edge-input.js';

/**
 * Why an activity failed, in one line: the activity's own error message (its `ApplicationFailure` or timeout), not
 * the wrapper's "Activity task failed".
 */
export function activityErrorMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause !== undefined) {
    const { cause } = error;
    if (cause instanceof ApplicationFailure || !(cause instanceof TemporalFailure)) return cause.message;
    return `${cause.name}: ${cause.message}`;
  }
  return messageOf(error);
}

/**
 * The failure that ends a workflow when a step it cannot do without failed: non-retryable, with the activity's
 * error type (`InvalidInputError`, …) and message, so the caller sees why (`invalid dataset.uri: …`).
 */
export function stepFailure(error: unknown, step: string): ApplicationFailure {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const type = cause instanceof ApplicationFailure && cause.type ? cause.type : 'ActivityError';
  return ApplicationFailure.create({
    message: `${step} failed: ${activityErrorMessage(error)}`,
    type,
    nonRetryable: true,
    ...(error instanceof Error ? { cause: error } : {}),
  });
}
