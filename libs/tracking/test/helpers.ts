import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createMlflowClient,
  trackingConfigFromEnv,
  type MlflowClient,
  type MlflowClientDeps,
  type TrackingConfig,
} from '@bcml/tracking';

/** The local stack's MLflow server (libs/tracking may not import @bcml/infra, so the address comes from env). */
export const TRACKING_URI = process.env.MLFLOW_TRACKING_URI ?? 'http://127.0.0.1:5000';

/** The tracking config of the local stack's server. */
export function stackConfig(): TrackingConfig {
  return trackingConfigFromEnv({ MLFLOW_TRACKING_URI: TRACKING_URI });
}

/** A client of the local stack's server. */
export function stackClient(deps: MlflowClientDeps = {}): MlflowClient {
  return createMlflowClient(stackConfig(), deps);
}

/** A name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A fresh experiment for one test; resolves its id. */
export async function newExperiment(client: MlflowClient, prefix: string): Promise<string> {
  return (await client.getOrCreateExperiment(uniqueName(`bcml-test-${prefix}`))).experimentId;
}

/** A temporary folder and its cleanup. */
export function tempDir(prefix: string): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `bcml-tracking-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The URL a `fetch` call targets, whatever form `input` takes. */
export function requestUrl(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}
