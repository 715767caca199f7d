import { InvalidInputError } from './bcml-error.js';

/** Logistic regression: one dense layer from the (flattened) features to the logits. No options. */
export interface LogisticRegressionSpec {
  readonly kind: 'logistic-regression';
}

/** Hidden-layer activation of an MLP. */
export type MlpActivation = 'relu' | 'tanh';

/**
 * Multi-layer perceptron: dense hidden layers of `hidden[i]` units, each followed by `activation` (default
 * `relu`) and, when `dropout` > 0, a dropout layer of that rate (default 0, none); then the logits layer.
 */
export interface MlpSpec {
  readonly kind: 'mlp';
  readonly hidden: readonly number[];
  readonly dropout?: number;
  readonly activation?: MlpActivation;
}

/**
 * The reference's LeNet-style MNIST CNN: conv 5×5 ×10, max-pool 2, ReLU, conv 5×5 ×20, spatial dropout,
 * max-pool 2, ReLU, dense 50, ReLU, dropout, logits. `dropout` (default 0.5, the reference's) is the rate of
 * both dropout layers.
 */
export interface LenetSpec {
  readonly kind: 'lenet';
  readonly dropout?: number;
}

/**
 * A small CIFAR-style ResNet (He et al. 2016, §4.2): a 3×3 stem, three stages of `blocks` basic residual blocks
 * (default 3: ResNet-20) with `filters`, 2·`filters` and 4·`filters` channels (default 16), global average
 * pooling, logits.
 */
export interface ResnetSpec {
  readonly kind: 'resnet';
  readonly blocks?: number;
  readonly filters?: number;
}

/** A model architecture as a sweep spec writes it (JSON); `@bcml/models` builds it with a seed. */
export type ModelSpec = LogisticRegressionSpec | MlpSpec | LenetSpec | ResnetSpec;

/** The name of a model architecture. */
export type ModelKind = ModelSpec['kind'];

/** The model kinds, in the order errors list them. */
export const modelKinds: readonly ModelKind[] = ['logistic-regression', 'mlp', 'lenet', 'resnet'];

/** The values an omitted optional field of a model spec takes. */
export const modelSpecDefaults = {
  mlp: { dropout: 0, activation: 'relu' },
  lenet: { dropout: 0.5 },
  resnet: { blocks: 3, filters: 16 },
} as const satisfies {
  readonly mlp: Required<Omit<MlpSpec, 'kind' | 'hidden'>>;
  readonly lenet: Required<Omit<LenetSpec, 'kind'>>;
  readonly resnet: Required<Omit<ResnetSpec, 'kind'>>;
};

/** The largest width (units or channels) a spec may ask for. */
const maxWidth = 65_536;

/** The keys each kind accepts. */
const keysOf: { readonly [K in ModelKind]: readonly string[] } = {
  'logistic-regression': ['kind'],
  mlp: ['kind', 'hidden', 'dropout', 'activation'],
  lenet: ['kind', 'dropout'],
  resnet: ['kind', 'blocks', 'filters'],
};

/**
 * Validates a model spec at the edge and returns it (optional fields stay omitted; `modelSpecDefaults` lists
 * their values). Unknown kinds, unknown keys and out-of-range values throw an `InvalidInputError` naming the
 * field under `field`, e.g. `invalid h2.model.hidden[1]: expected a positive integer, received 0`.
 */
export function parseModelSpec(value: unknown, field = 'model'): ModelSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, 'an object with a "kind"', value);
  }
  const record = value as { readonly [key: string]: unknown };
  const kind = record['kind'];
  if (typeof kind !== 'string' || !isModelKind(kind)) {
    throw new InvalidInputError(`${field}.kind`, `one of ${modelKinds.map((k) => `"${k}"`).join(', ')}`, kind);
  }
  const allowed = keysOf[kind];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new InvalidInputError(
        `${field}.${key}`,
        `no such key (a "${kind}" model takes ${allowed.join(', ')})`,
        record[key],
      );
    }
  }
  switch (kind) {
    case 'logistic-regression':
      return { kind };
    case 'mlp': {
      const hidden = record['hidden'];
      if (!Array.isArray(hidden) || hidden.length === 0) {
        throw new InvalidInputError(`${field}.hidden`, 'a non-empty array of layer widths', hidden);
      }
      const widths = (hidden as unknown[]).map((units, i) => positiveInteger(`${field}.hidden[${i}]`, units, maxWidth));
      const dropout = optional(record, 'dropout', (v) => rate(`${field}.dropout`, v));
      const activation = optional(record, 'activation', (v) => mlpActivation(`${field}.activation`, v));
      return {
        kind,
        hidden: widths,
        ...(dropout === undefined ? {} : { dropout }),
        ...(activation === undefined ? {} : { activation }),
      };
    }
    case 'lenet': {
      const dropout = optional(record, 'dropout', (v) => rate(`${field}.dropout`, v));
      return dropout === undefined ? { kind } : { kind, dropout };
    }
    case 'resnet': {
      const blocks = optional(record, 'blocks', (v) => positiveInteger(`${field}.blocks`, v, 64));
      const filters = optional(record, 'filters', (v) => positiveInteger(`${field}.filters`, v, 1024));
      return {
        kind,
        ...(blocks === undefined ? {} : { blocks }),
        ...(filters === undefined ? {} : { filters }),
      };
    }
  }
}

/** Whether `value` names a model kind. */
export function isModelKind(value: string): value is ModelKind {
  return (modelKinds as readonly string[]).includes(value);
}

/** An optional field: `undefined` when absent, else the parsed value. */
function optional<T>(
  record: { readonly [key: string]: unknown },
  key: string,
  parse: (v: unknown) => T,
): T | undefined {
  return Object.hasOwn(record, key) ? parse(record[key]) : undefined;
}

function positiveInteger(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidInputError(field, 'a positive integer', value);
  }
  if (value > max) throw new InvalidInputError(field, `an integer from 1 to ${max}`, value);
  return value;
}

function rate(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new InvalidInputError(field, 'a dropout rate in [0, 1)', value);
  }
  return value;
}

function mlpActivation(field: string, value: unknown): MlpActivation {
  if (value !== 'relu' && value !== 'tanh') throw new InvalidInputError(field, '"relu" or "tanh"', value);
  return value;
}
