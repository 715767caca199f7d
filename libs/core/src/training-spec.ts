import { InvalidInputError } from './bcml-error.js';
import { parseModelSpec, type ModelSpec } from './model-spec.js';

/**
 * The compatibility losses a training spec may name, `family/base` (the registry of `@bcml/losses`; core keeps its
 * own copy of the names so that specs are validated at the edge without tfjs; `@bcml/training`'s tests check that
 * the two lists are equal).
 */
export const compatibilityLossNames = [
  'new-error/nll',
  'new-error/cross-entropy',
  'new-error/binary-cross-entropy',
  'new-error/kl-divergence',
  'strict-imitation/nll',
  'strict-imitation/cross-entropy',
  'strict-imitation/binary-cross-entropy',
  'strict-imitation/kl-divergence',
  'focal-distillation/kl',
  'focal-distillation/logit-matching',
] as const;

/** A compatibility loss name, e.g. `new-error/cross-entropy`. */
export type CompatibilityLossName = (typeof compatibilityLossNames)[number];

/** A loss option besides λ: the binary losses' `pivot`, focal distillation's `alpha`, `beta` and `temperature`. */
export type LossOptionKey = 'pivot' | 'alpha' | 'beta' | 'temperature';

/** The options of the loss (each loss accepts only its own; see `lossOptionKeys`). */
export interface TrainingLossOptions {
  /** h1 predicts 1 when σ(z1) ≥ pivot (binary-cross-entropy losses); in (0, 1), default 0.5. */
  readonly pivot?: number;
  /** α ≥ 0, weight of every instance's distillation term (focal distillation); default 1. */
  readonly alpha?: number;
  /** β ≥ 0, extra weight where h1 is right (focal distillation); default 5. */
  readonly beta?: number;
  /** τ > 0, softmax temperature (`focal-distillation/kl`); default 1. */
  readonly temperature?: number;
}

/** SGD, with heavy-ball momentum when `momentum` > 0 (PyTorch's `SGD(lr, momentum)`, no dampening, no Nesterov). */
export interface SgdSpec {
  readonly kind: 'sgd';
  readonly learningRate: number;
  /** In [0, 1), default 0 (plain SGD). */
  readonly momentum?: number;
}

/** Adam (Kingma & Ba 2015, PyTorch's update rule). */
export interface AdamSpec {
  readonly kind: 'adam';
  readonly learningRate: number;
  /** In [0, 1), default 0.9. */
  readonly beta1?: number;
  /** In [0, 1), default 0.999. */
  readonly beta2?: number;
  /** > 0, default 1e-8. */
  readonly epsilon?: number;
}

/** The optimizer of a training spec. */
export type OptimizerSpec = SgdSpec | AdamSpec;

/** The output of the trained model: C logits (`multi-class`) or one logit (`binary`, 2 classes only). */
export type TrainingHead = 'multi-class' | 'binary';

/**
 * How to train h2 for one sweep point: the architecture, the optimizer, epochs and batch sizes, the compatibility
 * loss `L = base + λ·D` with its options, and the seed of the initial weights, dropout masks and batch order.
 */
export interface TrainingSpec {
  readonly model: ModelSpec;
  readonly optimizer: OptimizerSpec;
  /** Passes over the training data, ≥ 1. */
  readonly epochs: number;
  /** Examples per training batch, ≥ 1. */
  readonly batchSize: number;
  /** Examples per inference batch (h1 outputs, held-out evaluation, predictions); default 1024. */
  readonly evalBatchSize?: number;
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

/** The options each loss accepts besides λ. */
export const lossOptionKeys: { readonly [L in CompatibilityLossName]: readonly LossOptionKey[] } = {
  'new-error/nll': [],
  'new-error/cross-entropy': [],
  'new-error/binary-cross-entropy': ['pivot'],
  'new-error/kl-divergence': [],
  'strict-imitation/nll': [],
  'strict-imitation/cross-entropy': [],
  'strict-imitation/binary-cross-entropy': ['pivot'],
  'strict-imitation/kl-divergence': [],
  'focal-distillation/kl': ['alpha', 'beta', 'temperature'],
  'focal-distillation/logit-matching': ['alpha', 'beta'],
};

/** Largest accepted epochs and batch sizes (a guard against typos such as 1e9). */
const MAX_EPOCHS = 100_000;
const MAX_BATCH = 1 << 24;

const specKeys = [
  'model',
  'optimizer',
  'epochs',
  'batchSize',
  'evalBatchSize',
  'loss',
  'lambda',
  'lossOptions',
  'seed',
  'head',
] as const;

/** Whether `name` is a compatibility loss name. */
export function isCompatibilityLossName(name: unknown): name is CompatibilityLossName {
  return typeof name === 'string' && (compatibilityLossNames as readonly string[]).includes(name);
}

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
  const record = objectAt(field, value, 'a training spec object');
  rejectUnknownKeys(field, record, specKeys, 'a training spec takes');
  const model = parseModelSpec(required(field, record, 'model'), `${field}.model`);
  const optimizer = parseOptimizer(required(field, record, 'optimizer'), `${field}.optimizer`);
  const epochs = integerIn(`${field}.epochs`, required(field, record, 'epochs'), 1, MAX_EPOCHS);
  const batchSize = integerIn(`${field}.batchSize`, required(field, record, 'batchSize'), 1, MAX_BATCH);
  const evalBatchSize = optional(record, 'evalBatchSize', (v) => integerIn(`${field}.evalBatchSize`, v, 1, MAX_BATCH));
  const loss = required(field, record, 'loss');
  if (!isCompatibilityLossName(loss)) {
    throw new InvalidInputError(`${field}.loss`, `one of ${compatibilityLossNames.join(', ')}`, loss);
  }
  const lambda = required(field, record, 'lambda');
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) {
    throw new InvalidInputError(`${field}.lambda`, 'a finite number >= 0', lambda);
  }
  const lossOptions = optional(record, 'lossOptions', (v) => parseLossOptions(v, loss, `${field}.lossOptions`));
  const seed = required(field, record, 'seed');
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidInputError(`${field}.seed`, 'a safe integer >= 0', seed);
  }
  const head = optional(record, 'head', (v) => parseHead(v, loss, `${field}.head`));
  return {
    model,
    optimizer,
    epochs,
    batchSize,
    ...(evalBatchSize === undefined ? {} : { evalBatchSize }),
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
  if (value !== 'multi-class' && value !== 'binary') {
    throw new InvalidInputError(field, '"multi-class" or "binary"', value);
  }
  const wanted: TrainingHead = isBinaryLoss(loss) ? 'binary' : 'multi-class';
  if (value !== wanted) {
    throw new InvalidInputError(
      field,
      `"${wanted}" for the loss ${loss} (${wanted === 'binary' ? 'it takes one logit' : 'it takes one logit per class'})`,
      value,
    );
  }
  return value;
}

function parseOptimizer(value: unknown, field: string): OptimizerSpec {
  const record = objectAt(field, value, 'an optimizer object with a "kind"');
  const kind = record['kind'];
  const learningRate = (): number => {
    const rate = required(field, record, 'learningRate');
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      throw new InvalidInputError(`${field}.learningRate`, 'a finite number > 0', rate);
    }
    return rate;
  };
  switch (kind) {
    case 'sgd': {
      rejectUnknownKeys(field, record, ['kind', 'learningRate', 'momentum'], 'an "sgd" optimizer takes');
      const rate = learningRate();
      const momentum = optional(record, 'momentum', (v) => unitInterval(`${field}.momentum`, v));
      return momentum === undefined ? { kind, learningRate: rate } : { kind, learningRate: rate, momentum };
    }
    case 'adam': {
      rejectUnknownKeys(
        field,
        record,
        ['kind', 'learningRate', 'beta1', 'beta2', 'epsilon'],
        'an "adam" optimizer takes',
      );
      const rate = learningRate();
      const beta1 = optional(record, 'beta1', (v) => unitInterval(`${field}.beta1`, v));
      const beta2 = optional(record, 'beta2', (v) => unitInterval(`${field}.beta2`, v));
      const epsilon = optional(record, 'epsilon', (v) => positive(`${field}.epsilon`, v));
      return {
        kind,
        learningRate: rate,
        ...(beta1 === undefined ? {} : { beta1 }),
        ...(beta2 === undefined ? {} : { beta2 }),
        ...(epsilon === undefined ? {} : { epsilon }),
      };
    }
    default:
      throw new InvalidInputError(`${field}.kind`, '"sgd" or "adam"', kind);
  }
}

function parseLossOptions(value: unknown, loss: CompatibilityLossName, field: string): TrainingLossOptions {
  const record = objectAt(field, value, 'an object of loss options');
  const accepted = lossOptionKeys[loss];
  for (const key of Object.keys(record)) {
    if (!(accepted as readonly string[]).includes(key)) {
      const takes = accepted.length === 0 ? 'none' : accepted.join(', ');
      throw new InvalidInputError(`${field}.${key}`, `no such option (the loss ${loss} takes ${takes})`, record[key]);
    }
  }
  const options: { -readonly [K in LossOptionKey]?: number } = {};
  for (const key of accepted) {
    if (!Object.hasOwn(record, key)) continue;
    const v = record[key];
    const at = `${field}.${key}`;
    if (key === 'pivot') {
      if (typeof v !== 'number' || !(v > 0 && v < 1)) throw new InvalidInputError(at, 'a number in (0, 1)', v);
      options[key] = v;
    } else if (key === 'temperature') {
      options[key] = positive(at, v);
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InvalidInputError(at, 'a finite number >= 0', v);
      }
      options[key] = v;
    }
  }
  return options;
}

/** `value` as a plain object, else an error naming `field`. */
function objectAt(field: string, value: unknown, expected: string): { readonly [key: string]: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, expected, value);
  }
  return value as { readonly [key: string]: unknown };
}

function rejectUnknownKeys(
  field: string,
  record: { readonly [key: string]: unknown },
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new InvalidInputError(`${field}.${key}`, `no such key (${what} ${allowed.join(', ')})`, record[key]);
    }
  }
}

function required(field: string, record: { readonly [key: string]: unknown }, key: string): unknown {
  if (!Object.hasOwn(record, key) || record[key] === undefined) {
    throw new InvalidInputError(`${field}.${key}`, 'a value (the field is required)', undefined);
  }
  return record[key];
}

function optional<T>(
  record: { readonly [key: string]: unknown },
  key: string,
  parse: (v: unknown) => T,
): T | undefined {
  return Object.hasOwn(record, key) && record[key] !== undefined ? parse(record[key]) : undefined;
}

function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidInputError(field, min === 1 ? 'a positive integer' : `an integer >= ${min}`, value);
  }
  if (value > max) throw new InvalidInputError(field, `an integer from ${min} to ${max}`, value);
  return value;
}

function unitInterval(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new InvalidInputError(field, 'a number in [0, 1)', value);
  }
  return value;
}

function positive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError(field, 'a finite number > 0', value);
  }
  return value;
}
