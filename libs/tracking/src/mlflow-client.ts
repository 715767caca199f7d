import {
  listArtifactFiles,
  listArtifacts,
  downloadArtifact,
  downloadArtifacts,
  uploadArtifact,
  uploadArtifacts,
  type ArtifactEntry,
} from './artifacts.js';
import { logInputs, type DatasetInput } from './dataset-inputs.js';
import {
  createExperiment,
  deleteExperiment,
  getExperiment,
  getExperimentByName,
  getOrCreateExperiment,
  type CreateExperimentOptions,
  type Experiment,
} from './experiments.js';
import { logBatch, type LogBatchInput, type MetricPoint, type ParamValue } from './log-batch.js';
import { logMetricsOnce } from './log-metrics-once.js';
import { getMetricHistory, type Metric } from './metric-history.js';
import { createMlflowHttp, type MlflowClientDeps } from './mlflow-http.js';
import {
  createModelVersion,
  createRegisteredModel,
  deleteModelAlias,
  deleteRegisteredModel,
  downloadModel,
  getModelVersion,
  getModelVersionByAlias,
  getModelVersionDownloadUri,
  getRegisteredModel,
  resolveModelUri,
  setModelAlias,
  waitForModelVersion,
  type ModelVersion,
  type RegisteredModel,
  type RegistryEntryOptions,
  type VersionRunRef,
  type WaitOptions,
} from './model-registry.js';
import {
  createRun,
  getOrCreateRun,
  getRun,
  searchRuns,
  searchRunsPage,
  updateRun,
  type CreateRunOptions,
  type GetOrCreateRunResult,
  type Run,
  type RunInfo,
  type RunPage,
  type RunSearchQuery,
  type RunStatus,
  type RunUpdate,
} from './runs.js';
import { logTfjsModel, type LoggedModel, type LogTfjsModelOptions, type ModelRunRef } from './tfjs-model-logging.js';
import type { TrackingConfig } from './tracking-config.js';

/** A typed MLflow REST client: experiments, runs, logging, artifacts and the model registry. */
export interface MlflowClient {
  /** The server's base URL (no credentials). */
  readonly trackingUri: string;

  /** The experiment named `name`, or undefined. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  /** The experiment with id `experimentId`. */
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Creates an experiment; resolves its id. */
  createExperiment(name: string, options?: CreateExperimentOptions): Promise<string>;
  /** The active experiment named `name`, created when missing. */
  getOrCreateExperiment(name: string, options?: CreateExperimentOptions): Promise<Experiment>;
  /** Deletes an active experiment and its runs (a soft delete: hidden in the UI, its name stays taken). */
  deleteExperiment(experimentId: string): Promise<void>;

  /** Creates a run (nested under `options.parentRunId` when given). */
  createRun(experimentId: string, options?: CreateRunOptions): Promise<Run>;
  /** The run tagged `bcml.key = key` in the experiment, created if there is none. */
  getOrCreateRun(experimentId: string, key: string, options?: CreateRunOptions): Promise<GetOrCreateRunResult>;
  /** The run `runId`. */
  getRun(runId: string): Promise<Run>;
  /** Updates status, end time or name. */
  updateRun(runId: string, update: RunUpdate): Promise<RunInfo>;
  /** Ends a run: `status` (default FINISHED) and end time now. */
  endRun(runId: string, status?: RunStatus): Promise<RunInfo>;
  /** One page of a run search. */
  searchRunsPage(query: RunSearchQuery, pageToken?: string): Promise<RunPage>;
  /** Every run of a search, page by page. */
  searchRuns(query: RunSearchQuery): AsyncGenerator<Run, void, undefined>;

  /** Logs params, tags and metrics in as few `runs/log-batch` calls as the limits allow; resolves the count. */
  logBatch(runId: string, input: LogBatchInput): Promise<number>;
  /** Logs params (write-once). */
  logParams(runId: string, params: Readonly<Record<string, ParamValue>>): Promise<void>;
  /** Sets tags (overwrite). */
  setTags(runId: string, tags: Readonly<Record<string, string>>): Promise<void>;
  /** Logs metric values (append). */
  logMetrics(runId: string, metrics: readonly MetricPoint[]): Promise<void>;
  /** Logs the metric values whose (key, step) the run does not hold yet (retry-safe); resolves those it logged. */
  logMetricsOnce(runId: string, metrics: readonly MetricPoint[]): Promise<MetricPoint[]>;
  /** Records the datasets a run used (the UI's Datasets panel); retry-safe. */
  logInputs(runId: string, datasets: readonly DatasetInput[]): Promise<void>;
  /** Every value of one metric of a run. */
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;

  /** Streams a local file to `<artifactUri>/<artifactPath>`. */
  uploadArtifact(artifactUri: string, localFile: string, artifactPath?: string): Promise<string>;
  /** Uploads a local folder recursively under `<artifactUri>/<artifactPath>`. */
  uploadArtifacts(artifactUri: string, localDir: string, artifactPath?: string): Promise<string[]>;
  /** The entries directly under `<artifactUri>/<path>`. */
  listArtifacts(artifactUri: string, path?: string): Promise<ArtifactEntry[]>;
  /** Every file under `<artifactUri>/<path>`, recursively. */
  listArtifactFiles(artifactUri: string, path?: string): Promise<ArtifactEntry[]>;
  /** Streams one artifact file to `localFile`. */
  downloadArtifact(artifactUri: string, path: string, localFile: string): Promise<void>;
  /** Downloads a file or a folder (recursively) into `localDir`. */
  downloadArtifacts(artifactUri: string, path: string, localDir: string): Promise<string[]>;
  /** Logs a tfjs model folder with an MLmodel file (custom flavor) and records it with `runs/log-model`. */
  logTfjsModel(run: ModelRunRef, modelDir: string, options?: LogTfjsModelOptions): Promise<LoggedModel>;

  /** Creates a registered model; idempotent. */
  createRegisteredModel(name: string, options?: RegistryEntryOptions): Promise<RegisteredModel>;
  /** The registered model `name` with its aliases. */
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  /** Deletes a registered model with all its versions and aliases (the runs' artifacts stay). */
  deleteRegisteredModel(name: string): Promise<void>;
  /** Registers `<run artifact URI>/<artifactPath>` as a new version of `name`. */
  createModelVersion(
    name: string,
    run: VersionRunRef,
    artifactPath: string,
    options?: RegistryEntryOptions,
  ): Promise<ModelVersion>;
  /** Version `version` of `name`. */
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  /** Polls until the version is READY. */
  waitForModelVersion(name: string, version: string, options?: WaitOptions): Promise<ModelVersion>;
  /** Points an alias (e.g. `champion`) at a version. */
  setModelAlias(name: string, alias: string, version: string): Promise<void>;
  /** Removes an alias. */
  deleteModelAlias(name: string, alias: string): Promise<void>;
  /** The version an alias points at. */
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
  /** Resolves `models:/<name>@<alias>`, `models:/<name>/<version>` or `models:/<name>/latest`. */
  resolveModelUri(uri: string): Promise<ModelVersion>;
  /** The artifact URI of a version's files. */
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  /** Downloads a model (`models:/…` or `runs:/…`) into `localDir`. */
  downloadModel(uri: string, localDir: string): Promise<string[]>;
}

/** Builds a client for `config`; `deps` replaces `fetch`, the clock and the retry sleep/random (tests). */
export function createMlflowClient(config: TrackingConfig, deps: MlflowClientDeps = {}): MlflowClient {
  const http = createMlflowHttp(config, deps);
  return {
    trackingUri: http.trackingUri,
    getExperimentByName: (name) => getExperimentByName(http, name),
    getExperiment: (experimentId) => getExperiment(http, experimentId),
    createExperiment: (name, options) => createExperiment(http, name, options),
    getOrCreateExperiment: (name, options) => getOrCreateExperiment(http, name, options),
    deleteExperiment: (experimentId) => deleteExperiment(http, experimentId),
    createRun: (experimentId, options) => createRun(http, experimentId, options),
    getOrCreateRun: (experimentId, key, options) => getOrCreateRun(http, experimentId, key, options),
    getRun: (runId) => getRun(http, runId),
    updateRun: (runId, update) => updateRun(http, runId, update),
    endRun: (runId, status = 'FINISHED') => updateRun(http, runId, { status, endTime: http.now() }),
    searchRunsPage: (query, pageToken) => searchRunsPage(http, query, pageToken),
    searchRuns: (query) => searchRuns(http, query),
    logBatch: (runId, input) => logBatch(http, runId, input),
    logParams: async (runId, params) => void (await logBatch(http, runId, { params })),
    setTags: async (runId, tags) => void (await logBatch(http, runId, { tags })),
    logMetrics: async (runId, metrics) => void (await logBatch(http, runId, { metrics })),
    logMetricsOnce: (runId, metrics) => logMetricsOnce(http, runId, metrics),
    logInputs: (runId, datasets) => logInputs(http, runId, datasets),
    getMetricHistory: (runId, key) => getMetricHistory(http, runId, key),
    uploadArtifact: (artifactUri, localFile, artifactPath) =>
      uploadArtifact(http, artifactUri, localFile, artifactPath),
    uploadArtifacts: (artifactUri, localDir, artifactPath) =>
      uploadArtifacts(http, artifactUri, localDir, artifactPath),
    listArtifacts: (artifactUri, path) => listArtifacts(http, artifactUri, path),
    listArtifactFiles: (artifactUri, path) => listArtifactFiles(http, artifactUri, path),
    downloadArtifact: (artifactUri, path, localFile) => downloadArtifact(http, artifactUri, path, localFile),
    downloadArtifacts: (artifactUri, path, localDir) => downloadArtifacts(http, artifactUri, path, localDir),
    logTfjsModel: (run, modelDir, options) => logTfjsModel(http, run, modelDir, options),
    createRegisteredModel: (name, options) => createRegisteredModel(http, name, options),
    getRegisteredModel: (name) => getRegisteredModel(http, name),
    deleteRegisteredModel: (name) => deleteRegisteredModel(http, name),
    createModelVersion: (name, run, artifactPath, options) =>
      createModelVersion(http, name, run, artifactPath, options),
    getModelVersion: (name, version) => getModelVersion(http, name, version),
    waitForModelVersion: (name, version, options) => waitForModelVersion(http, name, version, options),
    setModelAlias: (name, alias, version) => setModelAlias(http, name, alias, version),
    deleteModelAlias: (name, alias) => deleteModelAlias(http, name, alias),
    getModelVersionByAlias: (name, alias) => getModelVersionByAlias(http, name, alias),
    resolveModelUri: (uri) => resolveModelUri(http, uri),
    getModelVersionDownloadUri: (name, version) => getModelVersionDownloadUri(http, name, version),
    downloadModel: (uri, localDir) => downloadModel(http, uri, localDir),
  };
}
