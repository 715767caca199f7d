import { InvalidInputError } from './bcml-error.js';

/**
 * The URI schemes that name the same bytes on every machine of a deployment: MLflow artifacts (`mlflow-artifacts:`,
 * `runs:/`), the model registry (`models:/`), bundled datasets (`bcml:`), object stores (`s3://`) and web URLs.
 * Everything that crosses an activity boundary (payloads, results, heartbeats) uses one of them; local paths and
 * `file:` URIs stay inside one activity.
 */
export const LOCATION_INDEPENDENT_SCHEMES: readonly string[] = [
  'mlflow-artifacts:',
  'runs:',
  'models:',
  'bcml:',
  's3:',
  'http:',
  'https:',
];

/** Whether `uri` names the same bytes on every machine (no `file:` URI, no local path). */
export function isLocationIndependent(uri: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(uri)?.[1]?.toLowerCase();
  return scheme !== undefined && LOCATION_INDEPENDENT_SCHEMES.includes(scheme);
}

/** Throws a non-retryable `InvalidInputError` naming `field` unless `uri` is location independent; returns it. */
export function locationIndependentUriAt(field: string, uri: string): string {
  if (!isLocationIndependent(uri)) {
    throw new InvalidInputError(field, `a location-independent URI (${LOCATION_INDEPENDENT_SCHEMES.join(', ')})`, uri);
  }
  return uri;
}
