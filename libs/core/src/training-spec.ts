import { InvalidInputError } from './bcml-error.js';
import { compatibilityLossNames, type CompatibilityLossName } from './compatibility-loss-names.js';
import { oneOfAt } from './json-fields.js';
import { nonNegativeNumberAt, seedAt } from './json-numbers.js';
import { fieldOf, optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { lossOptionKeys, parseLossOptionValues, type TrainingLossOptions } from './loss-options.js';
import { parseTrainingShape, trainingShapeKeys, type TrainingShape } from './training-shape.js';

/** The output of the trained model: C logits (`multi-class`) or one logit (`binary`, 2 classes only). */
export type TrainingHead = 'multi-class' | 'binary';

/**
 * How to train h2 for one sweep point: the architecture, the optimizer, epochs and batch sizes (`TrainingShape`),
 * the compatibility loss `L = base + λ·D` with its options, and the seed of the initial weights, dropout masks and
 * batch order.
 */
export interface TrainingSpec extends TrainingShape {
  readonly loss: CompatibilityLossName;
  /** λ ≥ 0, the weight of the dissonance. */
  readonly lambda: number;
  readonly lossOptions?: TrainingLossOptions;
  /** A safe integer ≥ 0. */
  readonly seed: number;
  /** Default: `binary` for the binary-cross-entropy losses, else `multi-class`. */
  readonly head?: TrainingHead;
}

/** The values omitted optional fields of a training spec take. */
export const trainingSpecDefaults = {
  evalBatchSize: 1024,
  sgd: { momentum: 0 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
} as const;

const specKeys = [...trainingShapeKeys, 'loss', 'lambda', 'lossOptions', 'seed', 'head'];

/** The head a spec trains: its `head`, or the default for its loss (`binary` for binary cross-entropy). */
export function trainingHead(spec: Pick<TrainingSpec, 'loss' | 'head'>): TrainingHead {
  return spec.head ?? (isBinaryLoss(spec.loss) ? 'binary' : 'multi-class');
}

/**
 * Validates a training spec at the edge and returns it (optional fields stay omitted; `trainingSpecDefaults` and
 * `trainingHead` give their values). Unknown keys, unknown losses, options the loss does not take and out-of-range
 * values throw an `InvalidInputError` naming the exact field under `field`, e.g.
 * `invalid h2.lambda: expected a finite number >= 0, received -1`.
 */
export function parseTrainingSpec(value: unknown, field = 'h2'): TrainingSpec {
  const at = (key: string): string => fieldOf(field, key);
  const record = recordAt(field, value, 'a training spec object');
  rejectUnknownKeys(field, record, specKeys, { owner: 'a training spec' });
  const shape = parseTrainingShape(record, field);
  const loss = oneOfAt(
    at('loss'),
    requiredAt(field, record, 'loss'),
    compatibilityLossNames,
    `one of ${compatibilityLossNames.join(', ')}`,
  );
  const lambda = nonNegativeNumberAt(at('lambda'), requiredAt(field, record, 'lambda'));
  const lossOptions = optionalAt(record, 'lossOptions', (v) => parseLossOptions(v, loss, at('lossOptions')));
  const seed = seedAt(at('seed'), requiredAt(field, record, 'seed'));
  const head = optionalAt(record, 'head', (v) => parseHead(v, loss, at('head')));
  return {
    ...shape,
    loss,
    lambda,
    ...(lossOptions === undefined ? {} : { lossOptions }),
    seed,
    ...(head === undefined ? {} : { head }),
  };
}

function isBinaryLoss(loss: CompatibilityLossName): boolean {
  return loss.endsWith('/binary-cross-entropy');
}

function parseHead(value: unknown, loss: CompatibilityLossName, field: string): TrainingHead {
  const head = oneOfAt<TrainingHead>(field, value, ['multi-class', 'binary'], '"multi-class" or "binary"');
  const wanted: TrainingHead = isBinaryLoss(loss) ? 'binary' : 'multi-class';
  if (head !== wanted) {
    throw new InvalidInputError(
      field,
      `"${wanted}" for the loss ${loss} (${wanted === 'binary' ? 'it takes one logit' : 'it takes one logit per class'})`,
      head,
    );
  }
  return head;
}

/** The options of `loss`: other keys are rejected, naming the options the loss takes. */
function parseLossOptions(value: unknown, loss: CompatibilityLossName, field: string): TrainingLossOptions {
  const record = recordAt(field, value, 'an object of loss options');
  rejectUnknownKeys(field, record, lossOptionKeys[loss], { owner: `the loss ${loss}`, noun: 'option' });
  return parseLossOptionValues(record, lossOptionKeys[loss], field);
}
