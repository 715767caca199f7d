import { resolveStackConfig } from '@bcml/infra';

import type { CliIo } from './cli-io.js';

/** `MLFLOW_TRACKING_URI`, defaulting to the local stack's MLflow server. */
export function trackingUri(env: CliIo['env']): string {
  const value = env['MLFLOW_TRACKING_URI']?.trim();
  return value === undefined || value === '' ? resolveStackConfig(env).mlflow.trackingUri : value;
}
