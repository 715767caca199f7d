// @bcml/tracking: a typed MLflow REST client for runs, metrics, artifacts and the model registry.
export { artifactProxyPath, artifactUriJoin, joinArtifactPath } from './artifact-uri.js';
export type { ArtifactEntry } from './artifacts.js';
export {
  DATASET_CONTEXT_TAG,
  datasetSource,
  tensorDatasetSchema,
  type DatasetInput,
  type RunDatasetInput,
} from './dataset-inputs.js';
export type { CreateExperimentOptions, Experiment } from './experiments.js';
export {
  encodeMetricValue,
  isValidEntityKey,
  LOG_BATCH_LIMITS,
  planLogBatch,
  type KeyValue,
  type LogBatchInput,
  type LogBatchRequest,
  type MetricPoint,
  type ParamValue,
  type WireMetric,
} from './log-batch.js';
export type { Metric } from './metric-history.js';
export { createMlflowClient, type MlflowClient } from './mlflow-client.js';
export {
  isAlreadyExists,
  isNotFound,
  isRetryable,
  isRetryableStatus,
  isTransientDatabaseAnswer,
  MlflowError,
  type MlflowErrorDetails,
} from './mlflow-error.js';
export type { MlflowClientDeps } from './mlflow-http.js';
export {
  mlflowTensorSignature,
  mlmodelDict,
  mlmodelYaml,
  type MlmodelSpec,
  type MlmodelValue,
  type TensorSignature,
} from './mlmodel.js';
export type {
  ModelVersion,
  ModelVersionStatus,
  RegisteredModel,
  RegistryEntryOptions,
  VersionRunRef,
  WaitOptions,
} from './model-registry.js';
export { modelAliasUri, modelVersionUri, parseModelUri, type ModelUri } from './model-uri.js';
export {
  backoffDelayMs,
  DEFAULT_RETRY_OPTIONS,
  withRetry,
  type RetryDecision,
  type RetryDeps,
  type RetryOptions,
} from './retry-policy.js';
export {
  PARENT_RUN_ID_TAG,
  RUN_KEY_TAG,
  RUN_STATUSES,
  type CreateRunOptions,
  type GetOrCreateRunResult,
  type Run,
  type RunData,
  type RunInfo,
  type RunPage,
  type RunSearchQuery,
  type RunStatus,
  type RunUpdate,
  type RunViewType,
} from './runs.js';
export { filterIdentifier, quoteFilterValue, tagEqualsFilter, type FilterEntity } from './search-filter.js';
export { Secret } from './secret.js';
export { TFJS_FLAVOR, type LoggedModel, type LogTfjsModelOptions, type ModelRunRef } from './tfjs-model-logging.js';
export { TRACKING_ENV, trackingConfigFromEnv, type TrackingAuth, type TrackingConfig } from './tracking-config.js';
