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

/**
 * Heartbeat timeout of every control activity: the control worker heartbeats while an activity runs
 * (`heartbeatTicker`), so one that was killed is retried on another control worker after this long, not after the
 * start-to-close timeout. Only a worker blocked this long without yielding misses its heartbeats.
 */
export const CONTROL_HEARTBEAT_TIMEOUT = '20 seconds';

/** Options of long control activities (prepare, reduce, evaluate): 1 h, heartbeat timeout 20 s. */
export const longControlActivity: ActivityOptions = {
  taskQueue: CONTROL_TASK_QUEUE,
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: CONTROL_HEARTBEAT_TIMEOUT,
  retry: controlRetry,
};

/** Options of short control activities (render a report, record a verdict, finish a run): 15 min, heartbeat 20 s. */
export const shortControlActivity: ActivityOptions = {
  taskQueue: CONTROL_TASK_QUEUE,
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: CONTROL_HEARTBEAT_TIMEOUT,
  retry: controlRetry,
};
