import { BcmlError } from '@bcml/core';

/**
 * Training (or inference) stopped because its `AbortSignal` fired. `completedEpochs` epochs were finished; the
 * last checkpoint written (if any) is intact at `checkpoint`. Not retryable: cancellation was asked for.
 */
export class TrainingCancelledError extends BcmlError {
  override readonly name = 'TrainingCancelledError';

  constructor(
    readonly completedEpochs: number,
    readonly checkpoint: string | undefined,
    reason?: unknown,
  ) {
    super(
      `training cancelled after ${completedEpochs} completed epoch(s)` +
        (checkpoint === undefined ? '' : `; the last checkpoint is ${checkpoint}`),
      false,
      reason === undefined ? {} : { cause: reason },
    );
  }
}

/** Throws a `TrainingCancelledError` when `signal` has fired. */
export function throwIfCancelled(
  signal: AbortSignal | undefined,
  completedEpochs: number,
  checkpoint: string | undefined,
): void {
  if (signal?.aborted === true) throw new TrainingCancelledError(completedEpochs, checkpoint, signal.reason);
}
