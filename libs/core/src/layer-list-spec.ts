import { InvalidInputError } from './bcml-error.js';
import { arrayAt, distinctAt, matchAt, oneOfAt } from './json-fields.js';
import { numberInAt, positiveIntegerAt } from './json-numbers.js';
import { fieldOf, optionalAt, presentKeys, recordAt, requiredAt, type JsonRecord } from './json-object.js';

/** A layer's activation: tfjs' names, softmax left out (the loss applies it to the logits bcml appends). */
export type LayerActivation =
  | 'linear'
  | 'relu'
  | 'relu6'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'swish'
  | 'mish'
  | 'sigmoid'
  | 'hardSigmoid'
  | 'tanh'
  | 'softplus'
  | 'softsign';

/** The activations a layer list may name, in the order errors list them. */
export const layerActivations: readonly LayerActivation[] = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'gelu',
  'swish',
  'mish',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softplus',
  'softsign',
];

/** A kernel initializer (tfjs' names), seeded from the model seed and the layer's name. */
export type LayerInitializer =
  'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'leCunUniform' | 'leCunNormal';

/** The kernel initializers a layer list may name. */
export const layerInitializers: readonly LayerInitializer[] = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'leCunUniform',
  'leCunNormal',
];

/** A convolution's or pooling's padding: `valid` (no padding, the output shrinks) or `same`. */
export type LayerPadding = 'valid' | 'same';

/** A 2-D window (kernel, pool, strides): one size for both axes, or [height, width]. */
export type LayerWindow = number | readonly [number, number];

/**
 * Where a layer sits in the graph: its `name` (default `<type>_<position from 1>`, see `layerNames`) and, to take
 * its input from an earlier layer (or `"input"`, the model's input) instead of the entry before it, `input`.
 */
interface LayerLinks {
  readonly name?: string;
  readonly input?: string;
}

/** Options of the layers with a kernel. `kernelInitializer` defaults to `heUniform` after ReLU, else `glorotUniform`. */
interface KernelOptions {
  /** Default `linear`. */
  readonly activation?: LayerActivation;
  /** Default true; the bias starts at zero. */
  readonly useBias?: boolean;
  readonly kernelInitializer?: LayerInitializer;
}

/** A dense layer of `units` (on the last axis, as Keras': flatten images first). */
export interface DenseLayerSpec extends LayerLinks, KernelOptions {
  readonly type: 'dense';
  readonly units: number;
}

/** A 2-D convolution (channels last) of `filters` with a `kernelSize` window; `strides` 1, `padding` valid. */
export interface Conv2dLayerSpec extends LayerLinks, KernelOptions {
  readonly type: 'conv2d';
  readonly filters: number;
  readonly kernelSize: LayerWindow;
  readonly strides?: LayerWindow;
  readonly padding?: LayerPadding;
}

/** Max or average pooling over `poolSize` windows (default 2); `strides` default to `poolSize`, `padding` valid. */
export interface Pooling2dLayerSpec extends LayerLinks {
  readonly type: 'maxPooling2d' | 'averagePooling2d';
  readonly poolSize?: LayerWindow;
  readonly strides?: LayerWindow;
  readonly padding?: LayerPadding;
}

/** Dropout of `rate` in [0, 1) in training, with the zoo's seeded mask stream; the identity in inference. */
export interface DropoutLayerSpec extends LayerLinks {
  readonly type: 'dropout';
  readonly rate: number;
}

/** Batch normalisation over the last axis; Keras' defaults: `momentum` 0.99, `epsilon` 0.001. */
export interface BatchNormalizationLayerSpec extends LayerLinks {
  readonly type: 'batchNormalization';
  readonly momentum?: number;
  readonly epsilon?: number;
}

/** A layer without options: flatten to [batch, features], or global average / max pooling of an image. */
export interface PlainLayerSpec extends LayerLinks {
  readonly type: 'flatten' | 'globalAveragePooling2d' | 'globalMaxPooling2d';
}

/** An activation on its own. */
export interface ActivationLayerSpec extends LayerLinks {
  readonly type: 'activation';
  readonly activation: LayerActivation;
}

/** The sum of two or more earlier layers' outputs of one shape (`inputs`: their names, or `"input"`): a residual. */
export interface AddLayerSpec {
  readonly type: 'add';
  readonly name?: string;
  readonly inputs: readonly string[];
}

/** One entry of a layer list. */
export type LayerSpec =
  | DenseLayerSpec
  | Conv2dLayerSpec
  | Pooling2dLayerSpec
  | DropoutLayerSpec
  | BatchNormalizationLayerSpec
  | PlainLayerSpec
  | ActivationLayerSpec
  | AddLayerSpec;

/** The name of a layer type. */
export type LayerType = LayerSpec['type'];

/**
 * An architecture of one's own: `layers` in order, each fed by the entry before it (the first by the model's input)
 * unless it names its `input`; `add` sums named layers. bcml appends the logits layer (`logits`, dense C, or 1 for a
 * binary head), so the last entry must output [batch, features]. Kernels are seeded as the zoo's.
 */
export interface LayersSpec {
  readonly kind: 'layers';
  readonly layers: readonly LayerSpec[];
}

/** The layer types, in the order errors list them. */
export const layerTypes: readonly LayerType[] = [
  'dense',
  'conv2d',
  'maxPooling2d',
  'averagePooling2d',
  'dropout',
  'batchNormalization',
  'flatten',
  'activation',
  'globalAveragePooling2d',
  'globalMaxPooling2d',
  'add',
];

/** The values an omitted option of a layer takes (pooling `strides`: the `poolSize`). */
export const layerSpecDefaults = {
  dense: { activation: 'linear', useBias: true },
  conv2d: { strides: 1, padding: 'valid', activation: 'linear', useBias: true },
  pooling2d: { poolSize: 2, padding: 'valid' },
  batchNormalization: { momentum: 0.99, epsilon: 0.001 },
} as const;

/** The name a layer's `input` or an add's `inputs` gives the model's input; no layer may take it. */
export const MODEL_INPUT_NAME = 'input';

/** The name of the logits layer bcml appends; no layer may take it. */
export const LOGITS_LAYER_NAME = 'logits';

/** The most entries a layer list may have. */
export const MAX_LAYERS = 128;

/** The largest width (units, filters) a layer may have. */
export const MAX_LAYER_WIDTH = 65_536;

/** The largest kernel, pool or stride size. */
export const MAX_LAYER_WINDOW = 64;

/** The longest layer list as JSON: it is logged whole as one MLflow parameter (whose values hold 6000 characters). */
export const MAX_LAYER_LIST_JSON = 6000;

/** The most layers one `add` sums. */
const maxAddInputs = 16;

/** The options each type takes besides `type`, `name` and `input` (`add`: `inputs`, no `input`). */
const optionsOf: { readonly [T in LayerType]: readonly string[] } = {
  dense: ['units', 'activation', 'useBias', 'kernelInitializer'],
  conv2d: ['filters', 'kernelSize', 'strides', 'padding', 'activation', 'useBias', 'kernelInitializer'],
  maxPooling2d: ['poolSize', 'strides', 'padding'],
  averagePooling2d: ['poolSize', 'strides', 'padding'],
  dropout: ['rate'],
  batchNormalization: ['momentum', 'epsilon'],
  flatten: [],
  activation: ['activation'],
  globalAveragePooling2d: [],
  globalMaxPooling2d: [],
  add: ['inputs'],
};

/** The activations' error wording. */
const activationExpected = `one of ${layerActivations.map((a) => `"${a}"`).join(', ')} (no "softmax": bcml appends the logits layer and the loss applies softmax)`;

/** Each entry's layer name: its `name`, else `<type>_<position from 1>` (`dense_1`, `conv2d_3`). */
export function layerNames(layers: readonly Pick<LayerSpec, 'type' | 'name'>[]): string[] {
  return layers.map((layer, i) => layer.name ?? `${layer.type}_${i + 1}`);
}

/**
 * Validates the `layers` of a `{ "kind": "layers" }` model spec under `field` (its keys other than `layers` are the
 * caller's): types, options (a misspelt option is an error, with the closest option when there is one), ranges,
 * names (unique, not `input` or `logits`), references (`input`, `inputs`: earlier layers or `"input"`) and that
 * every layer's output is used. Errors name the field, e.g. `invalid h2.model.layers[2].filtres: expected no such
 * option (did you mean "filters"? a "conv2d" layer takes ...), received 8`. Shapes are checked against the data
 * when `@bcml/models` builds the model.
 */
export function parseLayersSpec(record: JsonRecord, field: string): LayersSpec {
  const listField = fieldOf(field, 'layers');
  const layers = arrayAt(
    listField,
    record['layers'],
    (value, at) => parseLayer(value, at),
    MAX_LAYERS,
    `a non-empty array of at most ${MAX_LAYERS} layers`,
  );
  const names = layerNames(layers);
  layers.forEach((layer, i) => {
    if (layer.name === undefined) return;
    const other = names.findIndex((name, j) => j !== i && name === layer.name);
    if (other >= 0) {
      throw new InvalidInputError(
        `${listField}[${i}].name`,
        `a name no other layer has (layers[${other}] is "${layer.name}" too)`,
        layer.name,
      );
    }
  });
  const used = new Set<number>([layers.length - 1]);
  layers.forEach((layer, i) => {
    const refer = (name: string, at: string): void => {
      const j = names.indexOf(name);
      if (name !== MODEL_INPUT_NAME && (j < 0 || j >= i)) {
        const earlier = ['"input"', ...names.slice(0, i).map((n) => `"${n}"`)].join(', ');
        throw new InvalidInputError(at, `the name of an earlier layer (one of ${earlier})`, name);
      }
      if (j >= 0) used.add(j);
    };
    if (layer.type === 'add') layer.inputs.forEach((name, k) => refer(name, `${listField}[${i}].inputs[${k}]`));
    else if (layer.input !== undefined) refer(layer.input, `${listField}[${i}].input`);
    else if (i > 0) used.add(i - 1);
  });
  layers.forEach((_layer, i) => {
    if (!used.has(i)) {
      throw new InvalidInputError(
        `${listField}[${i}]`,
        "a layer whose output is used (the next layer's input, or named by a later input or inputs)",
        names[i],
      );
    }
  });
  const json = JSON.stringify(layers).length;
  if (json > MAX_LAYER_LIST_JSON) {
    throw new InvalidInputError(
      listField,
      `a layer list of at most ${MAX_LAYER_LIST_JSON} characters as JSON (it is logged as one MLflow parameter)`,
      `${json} characters`,
    );
  }
  return { kind: 'layers', layers };
}

/** One entry of the list, its keys in a fixed order and omitted options left out. */
function parseLayer(value: unknown, field: string): LayerSpec {
  const record = recordAt(field, value, 'a layer: an object with a "type"');
  const at = (key: string): string => fieldOf(field, key);
  const type = parseType(requiredAt(field, record, 'type'), at('type'));
  const allowed = ['type', 'name', ...(type === 'add' ? [] : ['input']), ...optionsOf[type]];
  rejectUnknownOptions(field, record, allowed, `a "${type}" layer`);
  const optional = <K extends string, T>(key: K, parse: (value: unknown, at: string) => T): { [P in K]?: T } => {
    const parsed = optionalAt(record, key, (v) => parse(v, at(key)));
    return (parsed === undefined ? {} : { [key]: parsed }) as { [P in K]?: T };
  };
  const required = <T>(key: string, parse: (value: unknown, at: string) => T): T =>
    parse(requiredAt(field, record, key), at(key));
  const links = { ...optional('name', layerNameAt), ...optional('input', referenceAt) };
  const kernel = () => ({
    ...optional('activation', activationAt),
    ...optional('useBias', booleanAt),
    ...optional('kernelInitializer', (v, f) => oneOfAt(f, v, layerInitializers)),
  });
  const padding = () =>
    optional('padding', (v, f) => oneOfAt<LayerPadding>(f, v, ['valid', 'same'], '"valid" or "same"'));
  switch (type) {
    case 'dense':
      return { type, ...links, units: required('units', widthAt), ...kernel() };
    case 'conv2d':
      return {
        type,
        ...links,
        filters: required('filters', widthAt),
        kernelSize: required('kernelSize', windowAt),
        ...optional('strides', windowAt),
        ...padding(),
        ...kernel(),
      };
    case 'maxPooling2d':
    case 'averagePooling2d':
      return { type, ...links, ...optional('poolSize', windowAt), ...optional('strides', windowAt), ...padding() };
    case 'dropout':
      return { type, ...links, rate: required('rate', (v, f) => numberInAt(f, v, '[0, 1)', 'a dropout rate')) };
    case 'batchNormalization':
      return {
        type,
        ...links,
        ...optional('momentum', (v, f) => numberInAt(f, v, '[0, 1)')),
        ...optional('epsilon', (v, f) => numberInAt(f, v, '(0, 1)')),
      };
    case 'flatten':
    case 'globalAveragePooling2d':
    case 'globalMaxPooling2d':
      return { type, ...links };
    case 'activation':
      return { type, ...links, activation: required('activation', activationAt) };
    case 'add':
      return { type, ...optional('name', layerNameAt), inputs: required('inputs', addInputsAt) };
  }
}

/** A layer type; a near miss (`Conv2D`, `dense2`) names the type meant. */
function parseType(value: unknown, field: string): LayerType {
  if (typeof value === 'string' && (layerTypes as readonly string[]).includes(value)) return value as LayerType;
  const near = typeof value === 'string' ? closest(value, layerTypes) : undefined;
  const list = layerTypes.map((t) => `"${t}"`).join(', ');
  throw new InvalidInputError(field, `${near === undefined ? '' : `"${near}"? `}one of ${list}`, value);
}

/** Throws at the first key of `record` not in `allowed`, with the closest allowed key when one is near. */
function rejectUnknownOptions(field: string, record: JsonRecord, allowed: readonly string[], owner: string): void {
  for (const key of presentKeys(record)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    throw new InvalidInputError(
      fieldOf(field, key),
      `no such option (${near === undefined ? '' : `did you mean "${near}"? `}${owner} takes ${allowed.join(', ')})`,
      record[key],
    );
  }
}

/**
 * The option of `options` nearest to `key` when it is a likely misspelling: at most 2 edits (insertions, deletions,
 * substitutions, swaps of neighbours) apart, ignoring case and `_`, and fewer than half of `key`'s letters.
 */
function closest(key: string, options: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replaceAll('_', '');
  const typed = plain(key);
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    const distance = editDistance(typed, plain(option));
    if (distance <= 2 && distance * 2 < typed.length && (best === undefined || distance < best.distance)) {
      best = { option, distance };
    }
  }
  return best?.option;
}

/** The optimal-string-alignment distance between `a` and `b` (Levenshtein plus swaps of neighbours). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const d = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d(i - 2, j - 2) + 1);
      rows[i]![j] = best;
    }
  }
  return d(a.length, b.length);
}

/** A layer's own name: 1 to 64 letters, digits or `_`, starting with a letter; not `input` or `logits`. */
function layerNameAt(value: unknown, field: string): string {
  const name = matchAt(
    field,
    value,
    /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
    'a layer name of 1 to 64 letters, digits or "_", starting with a letter',
  );
  if (name === MODEL_INPUT_NAME || name === LOGITS_LAYER_NAME) {
    throw new InvalidInputError(field, 'a name other than "input" and "logits" (the layers bcml adds)', name);
  }
  return name;
}

/** The name of a layer (checked against the earlier layers' names by `parseLayersSpec`), or `"input"`. */
function referenceAt(value: unknown, field: string): string {
  return matchAt(field, value, /^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'the name of an earlier layer, or "input"');
}

/** An add's `inputs`: 2 to `maxAddInputs` distinct layer names. */
function addInputsAt(value: unknown, field: string): string[] {
  const expected = `an array of 2 to ${maxAddInputs} layer names`;
  if (!Array.isArray(value) || value.length < 2) throw new InvalidInputError(field, expected, value);
  return distinctAt(field, arrayAt(field, value, referenceAt, maxAddInputs, expected), 'a layer not already summed');
}

/** Units or filters: an integer from 1 to `MAX_LAYER_WIDTH`. */
function widthAt(value: unknown, field: string): number {
  return positiveIntegerAt(field, value, MAX_LAYER_WIDTH);
}

/** A window size: an integer from 1 to `MAX_LAYER_WINDOW`, or two of them as [height, width]. */
function windowAt(value: unknown, field: string): LayerWindow {
  if (Array.isArray(value)) {
    if (value.length !== 2) {
      throw new InvalidInputError(field, `a size from 1 to ${MAX_LAYER_WINDOW}, or [height, width]`, value);
    }
    return [
      positiveIntegerAt(`${field}[0]`, value[0], MAX_LAYER_WINDOW),
      positiveIntegerAt(`${field}[1]`, value[1], MAX_LAYER_WINDOW),
    ];
  }
  return positiveIntegerAt(field, value, MAX_LAYER_WINDOW);
}

/** An activation name (not softmax). */
function activationAt(value: unknown, field: string): LayerActivation {
  return oneOfAt(field, value, layerActivations, activationExpected);
}

/** `true` or `false`. */
function booleanAt(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidInputError(field, 'true or false', value);
  return value;
}
