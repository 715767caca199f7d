/**
 * Error types (`Error.name` of bcml's non-retryable errors) that no retry can fix: every workflow lists them in its
 * retry policies' `nonRetryableErrorTypes`. Activities should still map errors with `retryable: false` to
 * `ApplicationFailure.nonRetryable` themselves (a `DatasetError` may be either).
 */
export const NON_RETRYABLE_ERROR_TYPES: readonly string[] = [
  'InvalidInputError',
  'MetricInputError',
  'TensorShapeError',
  'BackendUnavailableError',
];
