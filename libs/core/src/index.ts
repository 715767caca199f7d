export {
  BcmlError,
  describeReceived,
  InvalidInputError,
  type BcmlErrorContext,
  type InvalidInputErrorOptions,
} from './bcml-error.js';
export {
  fieldOf,
  isPresent,
  optionalAt,
  presentKeys,
  recordAt,
  rejectUnknownKeys,
  requiredAt,
  type JsonRecord,
  type UnknownKeyWording,
} from './json-object.js';
export {
  integerAt,
  nonNegativeNumberAt,
  nullableNumberAt,
  numberAt,
  numberInAt,
  positiveIntegerAt,
  positiveNumberAt,
  seedAt,
  type IntervalNotation,
} from './json-numbers.js';
export { arrayAt, distinctAt, matchAt, nameAt, nullableTextAt, oneOfAt, splitNameAt, textAt } from './json-fields.js';
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
  type TfjsModelSpec,
} from './model-spec.js';
export {
  layerActivations,
  layerInitializers,
  layerNames,
  layerSpecDefaults,
  layerTypes,
  LOGITS_LAYER_NAME,
  MAX_LAYER_LIST_JSON,
  MAX_LAYER_WIDTH,
  MAX_LAYER_WINDOW,
  MAX_LAYERS,
  MODEL_INPUT_NAME,
  parseLayersSpec,
  type ActivationLayerSpec,
  type AddLayerSpec,
  type BatchNormalizationLayerSpec,
  type Conv2dLayerSpec,
  type DenseLayerSpec,
  type DropoutLayerSpec,
  type LayerActivation,
  type LayerInitializer,
  type LayerPadding,
  type LayerSpec,
  type LayersSpec,
  type LayerType,
  type LayerWindow,
  type PlainLayerSpec,
  type Pooling2dLayerSpec,
} from './layer-list-spec.js';
export {
  EVALUATION_SCHEMA,
  type ErrorInstance,
  type Evaluation,
  type EvaluationClass,
  type EvaluationCounts,
  type EvaluationErrorOverlap,
  type EvaluationPerformance,
  type EvaluationScores,
  type PerformanceRecord,
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
export {
  compatibilityLossNames,
  isCompatibilityLossName,
  type CompatibilityLossName,
} from './compatibility-loss-names.js';
export { lossOptionKeys, parseLossOptionValues, type LossOptionKey, type TrainingLossOptions } from './loss-options.js';
export { parseOptimizerSpec, type AdamSpec, type OptimizerSpec, type SgdSpec } from './optimizer-spec.js';
export {
  MAX_BATCH_SIZE,
  MAX_EPOCHS,
  parseTrainingShape,
  trainingShapeKeys,
  type TrainingShape,
} from './training-shape.js';
export {
  parseTrainingSpec,
  trainingHead,
  trainingSpecDefaults,
  type TrainingHead,
  type TrainingSpec,
} from './training-spec.js';
export { formatLambda, normalizeLambda } from './format-lambda.js';
export {
  formatCount,
  formatDuration,
  formatFixed,
  formatPercent,
  formatPValue,
  formatSignificant,
  formatStoredNumber,
  NOT_AVAILABLE,
} from './number-format.js';
export { mulberry32 } from './mulberry32.js';
export {
  expandRange,
  isLambdaList,
  lambdaGrid,
  MAX_LAMBDA,
  MAX_LAMBDAS,
  type LambdaGridSpec,
  type LambdaRange,
} from './lambda-grid.js';
export {
  baseLossesOf,
  baseLossNames,
  compatibilityLossOf,
  dissonanceNames,
  type BaseLoss,
  type Dissonance,
} from './loss-grid.js';
export { checkPerformanceMetric, performanceMetrics, type PerformanceMetric } from './performance-metric.js';
export { performanceOf } from './performance-of.js';
export { datasetColumnsKeys, parseDatasetColumns, type DatasetColumnsSpec } from './dataset-columns-spec.js';
export { datasetUriAt, modelUriAt, redactUriCredentials, trackingUriAt } from './resource-uri.js';
export {
  h1PredictionValues,
  h1SourceUri,
  h1SpecParams,
  isH1Onnx,
  isH1Predictions,
  isH1SavedModel,
  parseH1Spec,
  type H1ModelSpec,
  type H1OnnxSpec,
  type H1PredictionsSpec,
  type H1SavedModelSpec,
  type H1PredictionValues,
  type H1Spec,
} from './h1-spec.js';
export { parseTrackingSpec, type TrackingSpec } from './tracking-spec.js';
export {
  MAX_SWEEP_POINTS,
  parseSweepDatasetSpec,
  parseSweepSpec,
  sweepLosses,
  sweepSpecDefaults,
  type SweepDatasetSpec,
  type SweepExecutionSpec,
  type SweepGridSpec,
  type SweepH1Spec,
  type SweepH2Spec,
  type SweepSpec,
} from './sweep-spec.js';
export { parseTrainRunSpec, trainRunSpecDefaults, type TrainRunSpec } from './train-run-spec.js';
export { pointRunKey, workflowRunKey } from './run-keys.js';
export { pointId, pointTrainingSpec, sweepPoints, type PointSpec } from './point-spec.js';
export { isPackable, isPackableModel, MAX_PACK, packableLossNames, sweepPacks } from './point-pack.js';
export {
  MAX_POINT_ERROR_LENGTH,
  parsePointResult,
  parseTrainedPoint,
  type PointHeadline,
  type PointResult,
  type TrainedPoint,
} from './point-result.js';
export {
  isProgressSignalEpoch,
  MAX_PROGRESS_SIGNALS,
  parsePointProgress,
  parsePointProgressList,
  POINT_PROGRESS_SIGNAL,
  SWEEP_PROGRESS_QUERY,
  type PointProgress,
  type RunningPointProgress,
  type SweepPhase,
  type SweepProgress,
} from './sweep-progress.js';
export type { FailedPoint, SweepCounts, SweepResult, SweepStatus } from './sweep-result.js';
export {
  POINT_RESULTS_PER_PART,
  type FinishSweepInput,
  type PreparedSweep,
  type PrepareSweepInput,
  type ReducedSweep,
  type ReduceSweepInput,
  type RenderedReport,
  type RenderReportInput,
  type StoredPointResults,
  type StorePointResultsInput,
  type SweepControlActivities,
} from './sweep-control-activities.js';
export type {
  PackedPoint,
  TrainerActivities,
  TrainPackHeartbeat,
  TrainPackInput,
  TrainPointHeartbeat,
  TrainPointInput,
} from './trainer-activities.js';
export { comparisonSpecDefaults, parseComparisonSpec, type ComparisonSpec } from './comparison-spec.js';
export type {
  ComparisonActivities,
  ComparisonResult,
  EvaluateComparisonInput,
  EvaluatedComparison,
} from './comparison-activities.js';
export {
  parseRegressionPolicy,
  policyRuleNames,
  regressionPolicyDefaults,
  type PolicyBound,
  type PolicyRule,
  type PolicyRuleName,
  type RegressionPolicy,
} from './regression-policy.js';
export { parseRegressionSpec, regressionSpecDefaults, type RegressionSpec } from './regression-spec.js';
export { registeredModelNameAt, registryAliasAt } from './registry-names.js';
export { parseProportionRecord } from './parse-proportion-record.js';
export { parseRegressionScores, type RegressionMetricScores, type RegressionScores } from './regression-scores.js';
export { evaluateRegressionPolicy, type PolicyCheck, type PolicyOutcome } from './evaluate-regression-policy.js';
export type {
  EvaluateRegressionInput,
  RecordedRegressionVerdict,
  RecordRegressionVerdictInput,
  RegressionActivities,
  RegressionEvaluation,
} from './regression-activities.js';
export type { RegressionVerdict } from './regression-verdict.js';
export type { ControlActivities } from './control-activities.js';
export { NON_RETRYABLE_ERROR_TYPES } from './non-retryable-error-types.js';
export {
  isLocationIndependent,
  LOCATION_INDEPENDENT_SCHEMES,
  locationIndependentUriAt,
} from './location-independent-uri.js';
