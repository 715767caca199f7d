import { CONTROL_TASK_QUEUE, NON_RETRYABLE_ERROR_TYPES } from '@bcml/core';
import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** Retry policy of the control pool's activities: 5 attempts, 2 s doubling to 1 min, bad input never retried. */
const controlRetry: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
};

/** Options of long control activities (prepare, reduce, evaluate): 1 h, heartbeat at least every 2 min. */
export const longControlActivity: ActivityOptions = {
  taskQueue: CONTROL_TASK_QUEUE,
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: controlRetry,
};

/** Options of short control activities (render a report, record a verdict, finish a run): 15 min, no heartbeat. */
export const shortControlActivity: ActivityOptions = {
  taskQueue: CONTROL_TASK_QUEUE,
  startToCloseTimeout: '15 minutes',
  retry: controlRetry,
};
