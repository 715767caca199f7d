export { toActivityFailure } from './activity-failure.js';
export { loadSweepReports } from './load-sweep-reports.js';
export { type BuildOptions, type LayersModelLike, type ModelStore } from './model-store.js';
export { pointEvaluation, pointHeadline } from './point-evaluation.js';
export { runWorker, type RunWorkerOptions, type TemporalTarget, type WorkerPoolActivities } from './run-worker.js';
export { createStackProbeActivities, type StackProbeDeps } from './stack-probe-activities.js';
export {
  createSweepControlActivities,
  h1OutputsFile,
  predictionsFile,
  SWEEP_FILES,
  type SweepControlDeps,
} from './sweep-control-activities.js';
export { splitOf, type DatasetResolver, type SweepData } from './sweep-data.js';
export { type SweepEvaluationSource, type SweepReports, type SweepResultFiles } from './sweep-reports.js';
export { createTrainerActivities, pointDir, type TrainerDeps } from './trainer-activities.js';
export { type WorkerLogger } from './worker-logger.js';
export { workflowsPath } from './workflows-path.js';
export { fileUri, localPath, runKeyDir } from './work-paths.js';
