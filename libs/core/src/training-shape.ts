import { positiveIntegerAt } from './json-numbers.js';
import { fieldOf, optionalAt, requiredAt, type JsonRecord } from './json-object.js';
import { parseModelSpec, type ModelSpec } from './model-spec.js';
import { parseOptimizerSpec, type OptimizerSpec } from './optimizer-spec.js';

/**
 * The fields every training shares, whichever loss and λ it trains with: the architecture, the optimizer, epochs
 * and batch sizes. A `TrainingSpec` adds the loss, λ, its options, the seed and the head; a sweep's `SweepH2Spec`
 * adds the options of its grid's losses.
 */
export interface TrainingShape {
  readonly model: ModelSpec;
  readonly optimizer: OptimizerSpec;
  /** Passes over the training data, 1 to `MAX_EPOCHS`. */
  readonly epochs: number;
  /** Examples per training batch, 1 to `MAX_BATCH_SIZE`. */
  readonly batchSize: number;
  /** Examples per inference batch (h1 outputs, held-out evaluation, predictions); default 1024. */
  readonly evalBatchSize?: number;
}

/** The keys of a `TrainingShape`, in the order they are parsed. */
export const trainingShapeKeys = ['model', 'optimizer', 'epochs', 'batchSize', 'evalBatchSize'] as const;

/** Largest accepted epochs (a guard against typos such as 1e9). */
export const MAX_EPOCHS = 100_000;

/** Largest accepted batch size, training or inference (a guard against typos). */
export const MAX_BATCH_SIZE = 1 << 24;

/**
 * Reads the `trainingShapeKeys` of `record` (an object whose other keys the caller checks) under `field`, in key
 * order; `evalBatchSize` stays omitted when absent. Errors name the field, e.g.
 * `invalid h2.epochs: expected a positive integer, received 0`.
 */
export function parseTrainingShape(record: JsonRecord, field: string): TrainingShape {
  const at = (key: string): string => fieldOf(field, key);
  const model = parseModelSpec(requiredAt(field, record, 'model'), at('model'));
  const optimizer = parseOptimizerSpec(requiredAt(field, record, 'optimizer'), at('optimizer'));
  const epochs = positiveIntegerAt(at('epochs'), requiredAt(field, record, 'epochs'), MAX_EPOCHS);
  const batchSize = positiveIntegerAt(at('batchSize'), requiredAt(field, record, 'batchSize'), MAX_BATCH_SIZE);
  const evalBatchSize = optionalAt(record, 'evalBatchSize', (v) =>
    positiveIntegerAt(at('evalBatchSize'), v, MAX_BATCH_SIZE),
  );
  return { model, optimizer, epochs, batchSize, ...(evalBatchSize === undefined ? {} : { evalBatchSize }) };
}
