import { InvalidInputError } from '@bcml/core';

import { isAlreadyExists, isNotFound } from './mlflow-error.js';
import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';
import { wireKeyValues, wireNumber, wireObject, wireString, type WireObject } from './wire-json.js';

/** An MLflow experiment: a named group of runs with one artifact location. */
export interface Experiment {
  readonly experimentId: string;
  readonly name: string;
  /** `mlflow-artifacts:/<id>` on a server started with `--serve-artifacts`. */
  readonly artifactLocation: string;
  readonly lifecycleStage: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly creationTime: number | undefined;
  readonly lastUpdateTime: number | undefined;
}

/** Options of a new experiment. */
export interface CreateExperimentOptions {
  /** Leave unset to get the server's default (proxied artifacts). */
  readonly artifactLocation?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Reads an experiment from MLflow's JSON. */
export function parseExperiment(wire: WireObject): Experiment {
  return {
    experimentId: wireString(wire, 'experiment_id'),
    name: wireString(wire, 'name'),
    artifactLocation: wireString(wire, 'artifact_location'),
    lifecycleStage: wireString(wire, 'lifecycle_stage'),
    tags: wireKeyValues(wire, 'tags'),
    creationTime: wireNumber(wire, 'creation_time'),
    lastUpdateTime: wireNumber(wire, 'last_update_time'),
  };
}

/** The experiment named `name` (active or deleted), or undefined when there is none. */
export async function getExperimentByName(http: MlflowHttp, name: string): Promise<Experiment | undefined> {
  try {
    const answer = wireObject(
      await http.json('GET', `${TRACKING_API}/experiments/get-by-name`, { query: { experiment_name: name } }),
    );
    return parseExperiment(wireObject(answer.experiment));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The experiment with id `experimentId`. */
export async function getExperiment(http: MlflowHttp, experimentId: string): Promise<Experiment> {
  const answer = wireObject(
    await http.json('GET', `${TRACKING_API}/experiments/get`, { query: { experiment_id: experimentId } }),
  );
  return parseExperiment(wireObject(answer.experiment));
}

/** Creates an experiment and returns its id; fails with `RESOURCE_ALREADY_EXISTS` if the name is taken. */
export async function createExperiment(
  http: MlflowHttp,
  name: string,
  options: CreateExperimentOptions = {},
): Promise<string> {
  const answer = wireObject(
    await http.json('POST', `${TRACKING_API}/experiments/create`, {
      body: {
        name,
        ...(options.artifactLocation === undefined ? {} : { artifact_location: options.artifactLocation }),
        tags: Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value })),
      },
    }),
  );
  return wireString(answer, 'experiment_id');
}

/**
 * Deletes the experiment `experimentId` and its runs (MLflow's soft delete: the UI hides it, its name stays taken
 * until the server's garbage collection); fails with `RESOURCE_DOES_NOT_EXIST` unless it is active.
 */
export async function deleteExperiment(http: MlflowHttp, experimentId: string): Promise<void> {
  await http.json('POST', `${TRACKING_API}/experiments/delete`, { body: { experiment_id: experimentId } });
}

/**
 * The active experiment named `name`, created if missing (safe against a concurrent create of the same name);
 * a deleted experiment of that name is an error (restore it in the UI or pick another name).
 */
export async function getOrCreateExperiment(
  http: MlflowHttp,
  name: string,
  options: CreateExperimentOptions = {},
): Promise<Experiment> {
  let experiment = await getExperimentByName(http, name);
  if (experiment === undefined) {
    try {
      return await getExperiment(http, await createExperiment(http, name, options));
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      experiment = await getExperimentByName(http, name);
      if (experiment === undefined) throw error;
    }
  }
  if (experiment.lifecycleStage !== 'active') {
    throw new InvalidInputError(
      'experiment',
      'the name of an active experiment (restore the deleted one or choose another name)',
      `"${name}", a ${experiment.lifecycleStage} experiment`,
    );
  }
  return experiment;
}
