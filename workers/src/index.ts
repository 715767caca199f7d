export { cancellationSignal, heartbeat } from './activity-context.js';
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
export { loadSweepReports } from './load-sweep-reports.js';
export { type BuildOptions, type LayersModelLike, type ModelStore } from './model-store.js';
export { openKeyedRun, type KeyedRunRequest } from './open-keyed-run.js';
export { pairRunMetrics } from './pair-run-metrics.js';
export { pointEvaluation, pointHeadline } from './point-evaluation.js';
export { createRegressionActivities, type RegressionDeps } from './regression-activities.js';
export { renderSummaryReport, type RenderSummaryReportDeps } from './render-summary-report.js';
export { resolveRegistryAlias } from './resolve-registry-alias.js';
export { runWorker, type RunWorkerOptions, type TemporalTarget, type WorkerPoolActivities } from './run-worker.js';
export { createStackProbeActivities, type StackProbeDeps } from './stack-probe-activities.js';
export {
  createSweepControlActivities,
  h1OutputsFile,
  predictionsFile,
  type SweepControlDeps,
} from './sweep-control-activities.js';
export { splitOf, type DatasetResolver, type SweepData } from './sweep-data.js';
export { SWEEP_FILES } from './sweep-files.js';
export { type SweepEvaluationSource, type SweepReports, type SweepResultFiles } from './sweep-reports.js';
export { createTrainerActivities, pointDir, type TrainerDeps } from './trainer-activities.js';
export { type WorkerLogger } from './worker-logger.js';
export { workflowsPath } from './workflows-path.js';
export { fileUri, localPath, runKeyDir } from './work-paths.js';
export { writeJsonFile } from './write-json-file.js';
export { writePairSummary, type PairSummaryRequest } from './write-pair-summary.js';
