// @bcml/training: backend selection, the compatibility training loop (h1 cache, checkpoints, resume, cancellation)
// and predictions as Arrow tables.
export { BackendUnavailableError } from './backend-unavailable-error.js';
export { classProbabilities, predictedClasses } from './class-predictions.js';
export {
  checkTrainingInputs,
  type CheckedTraining,
  type TrainingInputs,
  type ValidationData,
} from './check-training-inputs.js';
export { adoptCheckpoint, CHECKPOINT_SCHEMA, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint.js';
export { CheckpointWriteError } from './checkpoint-write-error.js';
export { computeH1Outputs, type ComputeH1OutputsOptions } from './compute-h1-outputs.js';
export { dataFromArrays, type DataArrays } from './data-from-arrays.js';
export { denseChain, type DenseActivation, type DenseChain, type DenseLink } from './dense-chain.js';
export { type EpochReport, type HeldOutScores } from './epoch-report.js';
export { evaluateHeldOut, heldOutScores } from './evaluate-held-out.js';
export { H1Outputs } from './h1-outputs.js';
export {
  h1OutputsFromPredictions,
  PREDICTIONS_ID_COLUMN,
  readH1Predictions,
  type H1PredictionsOptions,
} from './h1-predictions.js';
export { checkH1Values, h1Logit, PROBABILITY_FLOOR, PROBABILITY_SUM_TOLERANCE } from './h1-values.js';
export { computeOnnxH1Outputs, loadOnnxH1, type OnnxH1, type OnnxH1OutputsOptions } from './onnx-h1.js';
export { loadSavedModelH1 } from './saved-model-h1.js';
export { checkH2Model } from './check-h2-model.js';
export {
  H1_OUTPUTS_SCHEMA,
  h1OutputsFromTable,
  h1OutputsToTable,
  readH1Outputs,
  writeH1Outputs,
} from './h1-outputs-file.js';
export { inferEach, inferLogits, type DataLogits, type InferOptions } from './infer-logits.js';
export {
  checkLabelledData,
  dataRows,
  dataSize,
  labelledData,
  withRows,
  type LabelledData,
  type LabelledDataOptions,
} from './labelled-data.js';
export { modelWeights, setModelWeights, trainableVariables, type WeightValues } from './model-weights.js';
export { nextMacrotask } from './next-macrotask.js';
export { predict, type PredictOptions } from './predict.js';
export { readPredictions, writePredictions } from './predictions-file.js';
export { PREDICTIONS_SCHEMA, predictionArrays, predictionsTable, type PredictionArrays } from './predictions-table.js';
export {
  backendNames,
  selectBackend,
  type BackendName,
  type SelectBackendOptions,
  type SelectedBackend,
} from './select-backend.js';
export { trainBatch, type TrainStep } from './train-batch.js';
export { trainDenseBatch } from './train-dense-batch.js';
export {
  trainCompatibility,
  type CheckpointOptions,
  type TrainCompatibilityOptions,
  type TrainingResult,
} from './train-compatibility.js';
export { trainPacked, type TrainPackedOptions } from './train-packed.js';
export { TrainingCancelledError, throwIfCancelled } from './training-cancelled-error.js';
export { silentLogger, type TrainingLogger } from './training-logger.js';
export { createOptimizer, type OptimizerState, type TrainingOptimizer } from './training-optimizer.js';
