export {
  createArtifactCache,
  createArtifactStore,
  fileSha256,
  formatArtifactRef,
  MANIFEST_FILE,
  mapLimit,
  mlflowArtifactTransport,
  parseArtifactRef,
  parseS3Uri,
  S3_ENV,
  s3ArtifactTransport,
  S3Error,
  s3OptionsFromEnv,
  signSigV4,
  type ArtifactCache,
  type ArtifactRef,
  type ArtifactStore,
  type ArtifactTransport,
  type S3Options,
  type S3TransportTuning,
  type SigV4Credentials,
  type SigV4Request,
} from './artifacts/index.js';
export { toActivityFailure } from './activity-failure.js';
export { checkTrackingCredentials } from './check-tracking-credentials.js';
export { epochMetrics } from './epoch-metrics.js';
export { epochPipeline, stageCheckpoint, type EpochPipeline } from './epoch-pipeline.js';
export { bundledDatasetResolver } from './adapters/bundled-dataset-resolver.js';
export {
  checkDatasetMemory,
  DEFAULT_MEMORY_BUDGET_SHARE,
  defaultMemoryBudgetBytes,
  MEMORY_BUDGET_SETTING,
} from './adapters/dataset-memory-budget.js';
export { datasetResolver, SPLIT_PLACEHOLDER } from './adapters/dataset-resolver.js';
export { localModelStore, type LocalModelStoreOptions } from './adapters/local-model-store.js';
export { netrcAuthorization, parseNetrc, type HttpAuthorization, type NetrcEntry } from './adapters/netrc.js';
export { HEARTBEATS_PER_TIMEOUT, heartbeatTicker } from './heartbeat-ticker.js';
export { loadModelAt } from './load-model-at.js';
export { h1FileReader } from './adapters/h1-file-reader.js';
export {
  openH1Source,
  type H1File,
  type H1FileReader,
  type H1Source,
  type H1SourceDeps,
  type H1SourceNames,
  type H1SourceOutputsOptions,
} from './h1-source.js';
export { registryModelLoader } from './adapters/registry-model-loader.js';
export { createComparisonActivities, type ComparisonDeps } from './comparison-activities.js';
export { createControlActivities } from './control-activities.js';
export { startWorker, type StartWorkerDeps, type WorkerReady, type WorkerSettings } from './main.js';
export { type BuildOptions, type LayersModelLike, type ModelStore } from './model-store.js';
export { createRegressionActivities, type RegressionDeps } from './regression-activities.js';
export { datasetDisplayName, datasetInputs, type DatasetContext } from './dataset-inputs.js';
export { datasetColumnsOf, datasetReadParams } from './dataset-params.js';
export { artifactChild, runArtifactRoot, withScratch } from './run-artifacts.js';
export { runWorker, type RunWorkerOptions, type WorkerPoolActivities } from './run-worker.js';
export { createStackProbeActivities, type StackProbeDeps } from './stack-probe-activities.js';
export { createSweepControlActivities, type SweepControlDeps } from './sweep-control-activities.js';
export { idSourceOf, splitOf, type DatasetResolver, type SweepData } from './sweep-data.js';
export { temporalConnectionOptions, temporalTargetFromEnv, type TemporalTarget } from './temporal-connection.js';
export { createTrainerActivities, type TrainerDeps } from './trainer-activities.js';
export { type WorkerLogger } from './worker-logger.js';
export { workflowsPath } from './workflows-path.js';
