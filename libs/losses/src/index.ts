// @bcml/losses: compatibility losses on tfjs-core, `L = base(h2, y) + λ · dissonance(h1, h2, y)`.
export {
  closedFormGradient,
  type ClosedFormGradient,
  type LogitBatch,
  type LogitGradient,
} from './closed-form-gradient.js';
export { compatibilityLoss, type BatchLoss, type LogitsModel } from './compatibility-loss.js';
export {
  type CompatibilityLossFunction,
  type CompatibilityLossInputs,
  type CompatibilityLossTerms,
} from './define-compatibility-loss.js';
export { focalDistillationKl, focalDistillationLogitMatching } from './focal-distillation.js';
export {
  type BinaryLossOptions,
  type CommonLossOptions,
  type FocalDistillationOptions,
  type FocalKlOptions,
  type LossOptionName,
} from './loss-options.js';
export { type LossTensors } from './loss-task.js';
export {
  getLoss,
  isLossName,
  lossNames,
  type AnyLossOptions,
  type LossName,
  type LossOptionsByName,
} from './loss-registry.js';
export { newErrorBinaryCrossEntropy, newErrorCrossEntropy, newErrorKlDivergence, newErrorNll } from './new-error.js';
export {
  strictImitationBinaryCrossEntropy,
  strictImitationCrossEntropy,
  strictImitationKlDivergence,
  strictImitationNll,
} from './strict-imitation.js';
export { TensorShapeError } from './tensor-shape-error.js';
