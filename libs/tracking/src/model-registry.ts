import { InvalidInputError } from '@bcml/core';

import { artifactUriJoin, joinArtifactPath } from './artifact-uri.js';
import { downloadArtifacts } from './artifacts.js';
import { isAlreadyExists, MlflowError } from './mlflow-error.js';
import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';
import { parseModelUri } from './model-uri.js';
import { getRun } from './runs.js';
import {
  wireKeyValues,
  wireNumber,
  wireObject,
  wireObjects,
  wireString,
  wireStrings,
  type WireObject,
} from './wire-json.js';

/** Where a model version is in its registration. */
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

/** One version of a registered model. */
export interface ModelVersion {
  readonly name: string;
  /** MLflow's version number, as a string (`"1"`). */
  readonly version: string;
  readonly status: ModelVersionStatus;
  readonly statusMessage: string;
  /** Where its files are, e.g. `mlflow-artifacts:/1/<run>/artifacts/model`. */
  readonly source: string;
  readonly runId: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly creationTimestamp: number | undefined;
}

/** A registered model: a name, its aliases (alias → version) and its latest versions. */
export interface RegisteredModel {
  readonly name: string;
  readonly description: string;
  readonly aliases: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly latestVersions: readonly ModelVersion[];
  readonly creationTimestamp: number | undefined;
}

/** Options of a registered model or a model version. */
export interface RegistryEntryOptions {
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** How long `waitForModelVersion` polls. */
export interface WaitOptions {
  /** Default 300 000 (5 min). */
  readonly timeoutMs?: number;
  /** Default 1000. */
  readonly pollIntervalMs?: number;
}

/** The run a version is created from: what `RunInfo` has. */
export interface VersionRunRef {
  readonly runId: string;
  readonly artifactUri: string;
}

const STATUSES: readonly ModelVersionStatus[] = ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'];

/** Reads a model version from MLflow's JSON. */
export function parseModelVersion(wire: WireObject): ModelVersion {
  const status = wireString(wire, 'status');
  return {
    name: wireString(wire, 'name'),
    version: wireString(wire, 'version'),
    status: (STATUSES as readonly string[]).includes(status) ? (status as ModelVersionStatus) : 'PENDING_REGISTRATION',
    statusMessage: wireString(wire, 'status_message'),
    source: wireString(wire, 'source'),
    runId: wireString(wire, 'run_id'),
    aliases: wireStrings(wire, 'aliases'),
    description: wireString(wire, 'description'),
    tags: wireKeyValues(wire, 'tags'),
    creationTimestamp: wireNumber(wire, 'creation_timestamp'),
  };
}

/** Reads a registered model from MLflow's JSON. */
export function parseRegisteredModel(wire: WireObject): RegisteredModel {
  const aliases: Record<string, string> = {};
  for (const alias of wireObjects(wire, 'aliases')) aliases[wireString(alias, 'alias')] = wireString(alias, 'version');
  return {
    name: wireString(wire, 'name'),
    description: wireString(wire, 'description'),
    aliases,
    tags: wireKeyValues(wire, 'tags'),
    latestVersions: wireObjects(wire, 'latest_versions').map(parseModelVersion),
    creationTimestamp: wireNumber(wire, 'creation_timestamp'),
  };
}

const tagList = (tags: Readonly<Record<string, string>> | undefined): { key: string; value: string }[] =>
  Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));

/** The registered model `name`. */
export async function getRegisteredModel(http: MlflowHttp, name: string): Promise<RegisteredModel> {
  const answer = wireObject(await http.json('GET', `${TRACKING_API}/registered-models/get`, { query: { name } }));
  return parseRegisteredModel(wireObject(answer.registered_model));
}

/** Creates the registered model `name`, or returns it unchanged when it exists (idempotent). */
export async function createRegisteredModel(
  http: MlflowHttp,
  name: string,
  options: RegistryEntryOptions = {},
): Promise<RegisteredModel> {
  try {
    const answer = wireObject(
      await http.json('POST', `${TRACKING_API}/registered-models/create`, {
        body: {
          name,
          tags: tagList(options.tags),
          ...(options.description === undefined ? {} : { description: options.description }),
        },
      }),
    );
    return parseRegisteredModel(wireObject(answer.registered_model));
  } catch (error) {
    if (isAlreadyExists(error)) return getRegisteredModel(http, name);
    throw error;
  }
}

/**
 * Deletes the registered model `name` with all its versions and aliases (a hard delete: the name is free again;
 * the runs' artifacts stay); fails with `RESOURCE_DOES_NOT_EXIST` when there is none.
 */
export async function deleteRegisteredModel(http: MlflowHttp, name: string): Promise<void> {
  await http.json('DELETE', `${TRACKING_API}/registered-models/delete`, { body: { name } });
}

/**
 * Registers the run's artifact folder `artifactPath` (e.g. `model`) as a new version of `name`:
 * source = the run's artifact URI + path, with the run id (the server checks the source is inside the run).
 */
export async function createModelVersion(
  http: MlflowHttp,
  name: string,
  run: VersionRunRef,
  artifactPath: string,
  options: RegistryEntryOptions = {},
): Promise<ModelVersion> {
  const path = joinArtifactPath(artifactPath);
  if (path === '') throw new InvalidInputError('artifactPath', 'the model folder inside the run, e.g. "model"', '');
  const answer = wireObject(
    await http.json('POST', `${TRACKING_API}/model-versions/create`, {
      body: {
        name,
        source: artifactUriJoin(run.artifactUri, path),
        run_id: run.runId,
        tags: tagList(options.tags),
        ...(options.description === undefined ? {} : { description: options.description }),
      },
    }),
  );
  return parseModelVersion(wireObject(answer.model_version));
}

/** Version `version` of `name`. */
export async function getModelVersion(http: MlflowHttp, name: string, version: string): Promise<ModelVersion> {
  const answer = wireObject(await http.json('GET', `${TRACKING_API}/model-versions/get`, { query: { name, version } }));
  return parseModelVersion(wireObject(answer.model_version));
}

/**
 * Polls version `version` of `name` until it is READY; FAILED_REGISTRATION is a non-retryable error,
 * not READY within the timeout a retryable one.
 */
export async function waitForModelVersion(
  http: MlflowHttp,
  name: string,
  version: string,
  options: WaitOptions = {},
): Promise<ModelVersion> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const pollMs = options.pollIntervalMs ?? 1000;
  const deadline = http.now() + timeoutMs;
  const endpoint = `${TRACKING_API}/model-versions/get`;
  for (;;) {
    const current = await getModelVersion(http, name, version);
    if (current.status === 'READY') return current;
    if (current.status === 'FAILED_REGISTRATION') {
      throw new MlflowError(`model ${name} version ${version} failed to register: ${current.statusMessage}`, {
        method: 'GET',
        endpoint,
        status: undefined,
        errorCode: 'FAILED_REGISTRATION',
        retryable: false,
      });
    }
    if (http.now() >= deadline) {
      throw new MlflowError(`model ${name} version ${version} is not READY after ${timeoutMs} ms (${current.status})`, {
        method: 'GET',
        endpoint,
        status: undefined,
        errorCode: current.status,
        retryable: true,
      });
    }
    await http.retryDeps.sleep(pollMs);
  }
}

/** Points alias `alias` (e.g. `champion`) of `name` at `version`, moving it if it pointed elsewhere. */
export async function setModelAlias(http: MlflowHttp, name: string, alias: string, version: string): Promise<void> {
  await http.json('POST', `${TRACKING_API}/registered-models/alias`, { body: { name, alias, version } });
}

/** Removes alias `alias` of `name`. */
export async function deleteModelAlias(http: MlflowHttp, name: string, alias: string): Promise<void> {
  await http.json('DELETE', `${TRACKING_API}/registered-models/alias`, { body: { name, alias } });
}

/** The version alias `alias` of `name` points at. */
export async function getModelVersionByAlias(http: MlflowHttp, name: string, alias: string): Promise<ModelVersion> {
  const answer = wireObject(
    await http.json('GET', `${TRACKING_API}/registered-models/alias`, { query: { name, alias } }),
  );
  return parseModelVersion(wireObject(answer.model_version));
}

/** The highest version number of `name`. */
export async function getLatestModelVersion(http: MlflowHttp, name: string): Promise<ModelVersion> {
  const answer = wireObject(
    await http.json('POST', `${TRACKING_API}/registered-models/get-latest-versions`, { body: { name } }),
  );
  const versions = wireObjects(answer, 'model_versions').map(parseModelVersion);
  const latest = versions.sort((a, b) => Number(b.version) - Number(a.version))[0];
  if (latest === undefined) {
    throw new MlflowError(`registered model ${name} has no versions`, {
      method: 'POST',
      endpoint: `${TRACKING_API}/registered-models/get-latest-versions`,
      status: 404,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      retryable: false,
    });
  }
  return latest;
}

/** The version a `models:/<name>/<version>`, `models:/<name>@<alias>` or `models:/<name>/latest` URI names. */
export async function resolveModelUri(http: MlflowHttp, uri: string): Promise<ModelVersion> {
  const parsed = parseModelUri(uri);
  switch (parsed.kind) {
    case 'version':
      return getModelVersion(http, parsed.name, parsed.version);
    case 'alias':
      return getModelVersionByAlias(http, parsed.name, parsed.alias);
    case 'latest':
      return getLatestModelVersion(http, parsed.name);
  }
}

/** The artifact URI of a version's files (`model-versions/get-download-uri`). */
export async function getModelVersionDownloadUri(http: MlflowHttp, name: string, version: string): Promise<string> {
  const answer = wireObject(
    await http.json('GET', `${TRACKING_API}/model-versions/get-download-uri`, { query: { name, version } }),
  );
  return wireString(answer, 'artifact_uri');
}

/**
 * Downloads the files of a model (`models:/…` URI, or `runs:/<run>/<path>`) into `localDir`; resolves the
 * local files written.
 */
export async function downloadModel(http: MlflowHttp, uri: string, localDir: string): Promise<string[]> {
  const runs = /^runs:\/([^/]+)\/(.*)$/.exec(uri);
  if (runs !== null) {
    const run = await getRun(http, runs[1] ?? '');
    return downloadArtifacts(http, run.info.artifactUri, runs[2] ?? '', localDir);
  }
  const version = await resolveModelUri(http, uri);
  const artifactUri = await getModelVersionDownloadUri(http, version.name, version.version);
  if (artifactUri.startsWith('runs:/')) return downloadModel(http, artifactUri, localDir);
  return downloadArtifacts(http, artifactUri, '', localDir);
}
