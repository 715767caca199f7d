import { resolveStackConfig } from '@bcml/infra';

import type { CliIo } from './cli-io.js';

/** `MLFLOW_TRACKING_URI`, defaulting to the local stack's MLflow server. */
export function trackingUri(env: CliIo['env']): string {
  const value = env['MLFLOW_TRACKING_URI']?.trim();
  return value === undefined || value === '' ? resolveStackConfig(env).mlflow.trackingUri : value;
}

/**
 * The MLflow server's URL as output shows it (links to runs): `trackingUri` without the credentials an
 * `http://user:password@host` value may hold.
 */
export function shownTrackingUri(env: CliIo['env']): string {
  return trackingUri(env).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1');
}
