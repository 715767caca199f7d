import { arrayAt, oneOfAt } from './json-fields.js';
import { numberInAt, positiveIntegerAt } from './json-numbers.js';
import { fieldOf, optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { MAX_LAYER_WIDTH, parseLayersSpec, type LayersSpec } from './layer-list-spec.js';
import { modelUriAt } from './resource-uri.js';

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
/**
 * A model of your own as a saved tfjs LayersModel (for instance a Keras `.keras` file converted by `bcml model
 * import-keras`): its architecture and its weights are h2's starting point, loaded instead of built (so not seeded by
 * the spec's seed). Its output must be h2's head (C logits, or 1 for a binary head); unseeded dropout or noise layers
 * are refused, since their masks would differ from run to run and break resuming.
 */
export interface TfjsModelSpec {
  readonly kind: 'tfjs';
  /** A folder, `file://`, `runs:/<run>/<path>`, `models:/<name>@<alias>` or `models:/<name>/<version>`. */
  readonly uri: string;
}

export type ModelSpec = LogisticRegressionSpec | MlpSpec | LenetSpec | ResnetSpec | LayersSpec | TfjsModelSpec;

/** The name of a model architecture. */
export type ModelKind = ModelSpec['kind'];

/** The model kinds, in the order errors list them. */
export const modelKinds: readonly ModelKind[] = ['logistic-regression', 'mlp', 'lenet', 'resnet', 'layers', 'tfjs'];

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
const maxWidth = MAX_LAYER_WIDTH;

/** The keys each kind accepts. */
const keysOf: { readonly [K in ModelKind]: readonly string[] } = {
  'logistic-regression': ['kind'],
  mlp: ['kind', 'hidden', 'dropout', 'activation'],
  lenet: ['kind', 'dropout'],
  resnet: ['kind', 'blocks', 'filters'],
  layers: ['kind', 'layers'],
  tfjs: ['kind', 'uri'],
};

/**
 * Validates a model spec at the edge and returns it (optional fields stay omitted; `modelSpecDefaults` lists
 * their values; a layer list's in `layerSpecDefaults`, see `parseLayersSpec`). Unknown kinds, unknown keys and
 * out-of-range values throw an `InvalidInputError` naming the field under `field`, e.g.
 * `invalid h2.model.hidden[1]: expected a positive integer, received 0`.
 */
export function parseModelSpec(value: unknown, field = 'model'): ModelSpec {
  const record = recordAt(field, value, 'an object with a "kind"');
  const at = (key: string): string => fieldOf(field, key);
  const kind = oneOfAt(at('kind'), record['kind'], modelKinds);
  rejectUnknownKeys(field, record, keysOf[kind], { owner: `a "${kind}" model` });
  const dropout = (): number | undefined =>
    optionalAt(record, 'dropout', (v) => numberInAt(at('dropout'), v, '[0, 1)', 'a dropout rate'));
  switch (kind) {
    case 'logistic-regression':
      return { kind };
    case 'mlp': {
      const hidden = arrayAt(
        at('hidden'),
        record['hidden'],
        (units, unitsAt) => positiveIntegerAt(unitsAt, units, maxWidth),
        Number.POSITIVE_INFINITY,
        'a non-empty array of layer widths',
      );
      const rate = dropout();
      const activation = optionalAt(record, 'activation', (v) =>
        oneOfAt<MlpActivation>(at('activation'), v, ['relu', 'tanh'], '"relu" or "tanh"'),
      );
      return {
        kind,
        hidden,
        ...(rate === undefined ? {} : { dropout: rate }),
        ...(activation === undefined ? {} : { activation }),
      };
    }
    case 'lenet': {
      const rate = dropout();
      return rate === undefined ? { kind } : { kind, dropout: rate };
    }
    case 'resnet': {
      const blocks = optionalAt(record, 'blocks', (v) => positiveIntegerAt(at('blocks'), v, 64));
      const filters = optionalAt(record, 'filters', (v) => positiveIntegerAt(at('filters'), v, 1024));
      return {
        kind,
        ...(blocks === undefined ? {} : { blocks }),
        ...(filters === undefined ? {} : { filters }),
      };
    }
    case 'layers':
      return parseLayersSpec(record, field);
    case 'tfjs':
      return { kind, uri: modelUriAt(at('uri'), requiredAt(field, record, 'uri')) };
  }
}

/** Whether `value` names a model kind. */
export function isModelKind(value: string): value is ModelKind {
  return (modelKinds as readonly string[]).includes(value);
}
