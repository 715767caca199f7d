// @bcml/metrics: backward-compatibility metrics of a model update h1 → h2 over label arrays (pure TypeScript).
export { balancedAccuracy } from './balanced-accuracy.js';
export {
  type CompatibilityInput,
  type LabelArray,
  MAX_CLASSES,
  validateCompatibilityInput,
  type ValidCompatibilityInput,
} from './compatibility-input.js';
export { type CompatibilityScores, computeCompatibility } from './compute-compatibility.js';
export { type ErrorOverlap, errorOverlap, type InstanceSet } from './error-overlap.js';
export { type CompatibilityEvaluation, evaluateCompatibility } from './evaluate-compatibility.js';
export { kneePoint } from './knee-point.js';
export { macroF1 } from './macro-f1.js';
export { mcnemarExactPValue } from './mcnemar.js';
export { MetricInputError, type MetricInputLocation } from './metric-input-error.js';
export { type OutcomeCounts } from './outcome-counts.js';
export { type Direction, type Objective, paretoFront } from './pareto-front.js';
export { type ClassCompatibility, perClassCompatibility } from './per-class-compatibility.js';
export { type PerformanceInput, type ScoreArray, validatePerformanceInput } from './performance-input.js';
export { type PerformanceScore, performanceScore } from './performance-score.js';
export { type Proportion, proportion } from './proportion.js';
export { rocAuc } from './roc-auc.js';
export { wilsonInterval, Z95 } from './wilson-interval.js';
