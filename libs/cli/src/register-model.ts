import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InvalidInputError, registeredModelNameAt, registryAliasAt } from '@bcml/core';
import { modelVersionUri, type MlflowClient, type VersionRunRef, type WaitOptions } from '@bcml/tracking';

/** The experiment `bcml model register` logs a model folder to unless told otherwise. */
export const MODEL_REGISTRATION_EXPERIMENT = 'bcml-models';

/** Where `registerModel` registers a model, and under which aliases. */
export interface RegisterModelOptions {
  /** The registered model's name (created when missing). */
  readonly name: string;
  /** Aliases to point at the new version (`champion`, `challenger`); moved if they pointed elsewhere. */
  readonly aliases: readonly string[];
  /** The experiment a model folder is logged to (default `MODEL_REGISTRATION_EXPERIMENT`). */
  readonly experiment?: string;
  /** How long to wait for the version to become READY. */
  readonly wait?: WaitOptions;
}

/** A registered model version. */
export interface RegisteredModelVersion {
  readonly name: string;
  readonly version: string;
  /** `models:/<name>/<version>`. */
  readonly uri: string;
  /** The run holding the version's files. */
  readonly runId: string;
  readonly aliases: readonly string[];
}

/**
 * Registers a model as a new version of `options.name` in the MLflow model registry and points the aliases at it.
 * `source` is a saved tfjs model folder (or its `file://` URI), which is logged to a new run of the experiment first;
 * `runs:/<run>/<path>`, registered from that run as it is; or `models:/…`, whose files are copied into a new run. Bad
 * input (a name, an alias, a folder without `model.json`) is an `InvalidInputError` raised before anything is logged.
 */
export async function registerModel(
  tracking: MlflowClient,
  source: string,
  options: RegisterModelOptions,
): Promise<RegisteredModelVersion> {
  const name = registeredModelNameAt('--name', options.name);
  const aliases = options.aliases.map((alias) => registryAliasAt('--alias', alias));
  const experiment = options.experiment ?? MODEL_REGISTRATION_EXPERIMENT;
  let run: VersionRunRef;
  let artifactPath = 'model';
  const fromRun = /^runs:\/([^/]+)\/(.+)$/.exec(source);
  if (fromRun !== null) {
    run = (await tracking.getRun(fromRun[1] ?? '')).info;
    artifactPath = fromRun[2] ?? '';
  } else if (source.startsWith('models:')) {
    const dir = await mkdtemp(join(tmpdir(), 'bcml-register-'));
    try {
      await tracking.downloadModel(source, dir);
      run = await logModelFolder(tracking, dir, { experiment, name, source });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else {
    const dir = source.startsWith('file:') ? fileURLToPath(source) : source;
    try {
      await access(join(dir, 'model.json'));
    } catch (cause) {
      throw new InvalidInputError(
        'model',
        'a saved tfjs model folder (with model.json), runs:/… or models:/…',
        source,
        {
          cause,
        },
      );
    }
    run = await logModelFolder(tracking, dir, { experiment, name, source });
  }
  await tracking.createRegisteredModel(name);
  const created = await tracking.createModelVersion(name, run, artifactPath, { tags: { 'bcml.source': source } });
  const ready = await tracking.waitForModelVersion(name, created.version, options.wait);
  for (const alias of aliases) await tracking.setModelAlias(name, alias, ready.version);
  return { name, version: ready.version, uri: modelVersionUri(name, ready.version), runId: run.runId, aliases };
}

/** Logs a model folder to a new, finished run of `experiment` (artifact path `model`). */
async function logModelFolder(
  tracking: MlflowClient,
  dir: string,
  { experiment, name, source }: { experiment: string; name: string; source: string },
): Promise<VersionRunRef> {
  const { experimentId } = await tracking.getOrCreateExperiment(experiment);
  const run = await tracking.createRun(experimentId, {
    runName: name,
    tags: { 'bcml.kind': 'model', 'bcml.registeredModel': name },
  });
  try {
    await tracking.logParams(run.info.runId, { source });
    await tracking.logTfjsModel(run.info, dir);
    await tracking.endRun(run.info.runId, 'FINISHED');
  } catch (error) {
    await tracking.endRun(run.info.runId, 'FAILED').catch(() => undefined);
    throw error;
  }
  return run.info;
}
