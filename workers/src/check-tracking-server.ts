import { InvalidInputError, type TrackingSpec } from '@bcml/core';
import { type MlflowClient } from '@bcml/tracking';

/**
 * Checks a spec's `tracking.uri`, when it names one, against the workers' tracking server: the workers log to theirs
 * only, so another is an `InvalidInputError` naming `tracking.uri` (nothing to check when not tracked).
 */
export function checkTrackingServer(spec: TrackingSpec, tracking: MlflowClient | null): void {
  if (spec.uri === undefined || tracking === null) return;
  if (withoutTrailingSlash(spec.uri) !== withoutTrailingSlash(tracking.trackingUri)) {
    throw new InvalidInputError('tracking.uri', `the workers' tracking server (${tracking.trackingUri})`, spec.uri);
  }
}

function withoutTrailingSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}
