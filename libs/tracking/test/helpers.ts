import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  createMlflowClient,
  isNotFound,
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

/** Ids of the experiments this test file created on the stack's server (each test file has its own module). */
const createdExperiments = new Set<string>();

/** Notes an experiment a test created, for `deleteCreatedExperiments`; returns its id. */
export function trackExperiment(experimentId: string): string {
  createdExperiments.add(experimentId);
  return experimentId;
}

/** A fresh experiment for one test, deleted by `deleteCreatedExperiments`; resolves its id. */
export async function newExperiment(client: MlflowClient, prefix: string): Promise<string> {
  return trackExperiment((await client.getOrCreateExperiment(uniqueName(`bcml-test-${prefix}`))).experimentId);
}

/**
 * Deletes the experiments this file's tests created (call it in `afterAll`), so that repeated test runs leave
 * nothing in the MLflow UI of the long-lived local stack.
 */
export async function deleteCreatedExperiments(): Promise<void> {
  const client = stackClient();
  for (const experimentId of createdExperiments) await client.deleteExperiment(experimentId);
  createdExperiments.clear();
}

/** Names of the registered models this test file may have created on the stack's server. */
const createdRegisteredModels = new Set<string>();

/** A fresh registered-model name for one test, deleted by `deleteCreatedRegisteredModels` (if it was created). */
export function newRegisteredModelName(prefix: string): string {
  const name = uniqueName(`bcml-test-${prefix}`);
  createdRegisteredModels.add(name);
  return name;
}

/**
 * Deletes the registered models this file's tests named with `newRegisteredModelName` (call it in `afterAll`),
 * with their versions, so that repeated test runs leave nothing in the Models page of the local stack's MLflow.
 */
export async function deleteCreatedRegisteredModels(): Promise<void> {
  const client = stackClient();
  for (const name of createdRegisteredModels) {
    await client.deleteRegisteredModel(name).catch((error: unknown) => {
      if (!isNotFound(error)) throw error; // never created (its test failed first)
    });
  }
  createdRegisteredModels.clear();
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
