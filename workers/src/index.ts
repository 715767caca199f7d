export { cancellationSignal, heartbeat } from './activity-context.js';
export {
  createArtifactCache,
  createArtifactStore,
  fileSha256,
  formatArtifactRef,
  MANIFEST_FILE,
  mlflowArtifactTransport,
  parseArtifactRef,
  type ArtifactCache,
  type ArtifactRef,
  type ArtifactStore,
  type ArtifactTransport,
} from './artifacts/index.js';
export { bundledDatasetResolver } from './adapters/bundled-dataset-resolver.js';
export { datasetResolver, SPLIT_PLACEHOLDER } from './adapters/dataset-resolver.js';
export { localModelStore, type LocalModelStoreOptions } from './adapters/local-model-store.js';
export { registryModelLoader } from './adapters/registry-model-loader.js';
export { toActivityFailure, withActivityFailures } from './activity-failure.js';
export { checkTrackingServer } from './check-tracking-server.js';
export { createComparisonActivities, type ComparisonDeps } from './comparison-activities.js';
export { createControlActivities } from './control-activities.js';
export {
  evaluateModelPair,
  PAIR_POINT_ID,
  type EvaluatedModelPair,
  type ModelPairDeps,
  type ModelPairRequest,
  type PairModel,
} from './evaluate-model-pair.js';
export { loadModelAt } from './load-model-at.js';
export { startWorker, type StartWorkerDeps, type WorkerReady, type WorkerSettings } from './main.js';
export { type BuildOptions, type LayersModelLike, type ModelStore } from './model-store.js';
export { openKeyedRun, type KeyedRunRequest } from './open-keyed-run.js';
export { pairRunMetrics } from './pair-run-metrics.js';
export { createRegressionActivities, type RegressionDeps } from './regression-activities.js';
export { renderSummaryReport, type RenderSummaryReportDeps } from './render-summary-report.js';
export { artifactChild, runArtifactRoot, withScratch } from './run-artifacts.js';
export { pointEvaluation } from './point-evaluation.js';
export { resolveRegistryAlias } from './resolve-registry-alias.js';
export { runWorker, type RunWorkerOptions, type WorkerPoolActivities } from './run-worker.js';
export { createStackProbeActivities, type StackProbeDeps } from './stack-probe-activities.js';
export { createSweepControlActivities, type SweepControlDeps } from './sweep-control-activities.js';
export { splitOf, type DatasetResolver, type SweepData } from './sweep-data.js';
export { temporalConnectionOptions, temporalTargetFromEnv, type TemporalTarget } from './temporal-connection.js';
export { createTrainerActivities, type TrainerDeps } from './trainer-activities.js';
export { type WorkerLogger } from './worker-logger.js';
export { workflowsPath } from './workflows-path.js';
export { writePairSummary, type PairSummaryDeps, type PairSummaryRequest } from './write-pair-summary.js';
