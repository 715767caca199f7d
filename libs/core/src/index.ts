export { BcmlError, describe, InvalidInputError, type BcmlErrorContext } from './bcml-error.js';
export {
  parseStackProbeInput,
  type StackProbeActivities,
  type StackProbeInput,
  type StackProbeReply,
  type StackProbeResult,
} from './stack-probe.js';
export { CONTROL_TASK_QUEUE, trainTaskQueue, type WorkerPool } from './task-queues.js';
export {
  isModelKind,
  modelKinds,
  modelSpecDefaults,
  parseModelSpec,
  type LenetSpec,
  type LogisticRegressionSpec,
  type MlpActivation,
  type MlpSpec,
  type ModelKind,
  type ModelSpec,
  type ResnetSpec,
} from './model-spec.js';
export {
  EVALUATION_SCHEMA,
  type ErrorInstance,
  type Evaluation,
  type EvaluationClass,
  type EvaluationCounts,
  type EvaluationErrorOverlap,
  type EvaluationScores,
  type ProportionRecord,
} from './evaluation.js';
export {
  SWEEP_SUMMARY_SCHEMA,
  type PointSplitScores,
  type PointStatus,
  type SweepDataset,
  type SweepH1,
  type SweepPareto,
  type SweepPoint,
  type SweepSummary,
} from './sweep-summary.js';
