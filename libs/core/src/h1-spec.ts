import { InvalidInputError } from './bcml-error.js';
import { oneOfAt } from './json-fields.js';
import { isPresent, optionalAt, recordAt, rejectUnknownKeys, requiredAt, type JsonRecord } from './json-object.js';
import { datasetUriAt, modelUriAt } from './resource-uri.js';

/** What the columns of an h1 predictions file hold: logits, or probabilities (turned into logits as log p). */
export type H1PredictionValues = 'logits' | 'probabilities';

/** The values a predictions file's `outputs` may take. */
export const h1PredictionValues: readonly H1PredictionValues[] = ['logits', 'probabilities'];

/** h1 as a saved tfjs model, run once per split. */
export interface H1ModelSpec {
  /** A folder, `file://`, `runs:/<run>/<path>`, `models:/<name>@<alias>` or `models:/<name>/<version>`. */
  readonly uri: string;
}

/**
 * h1 as its outputs on the dataset, from any framework: one Arrow IPC/Feather file per split (`<split>.arrow`,
 * `.feather` or `.arrows`) with an `id` column (else rows in the split's row order) and either C float columns or
 * one `FixedSizeList<float>[C]` column (1 value for a binary task's positive class also works).
 */
export interface H1PredictionsSpec {
  /** A folder of split files, a path or `http(s)://` URL with `{split}`, `file://` or `runs:/<run>/<path>`. */
  readonly predictions: string;
  /** Whether the values are logits or probabilities. */
  readonly outputs: H1PredictionValues;
}

/**
 * h1 as an ONNX model (a PyTorch or scikit-learn export), run on the CPU with onnxruntime: one float32 input
 * `[batch, ...the data's feature shape]` and one output `[batch, C]` (or `[batch, 1]` for a binary task).
 */
export interface H1OnnxSpec {
  /** The `.onnx` file: a path, `file://`, `http(s)://` or `runs:/<run>/<path>`. */
  readonly onnx: string;
  /** Whether its output is logits or probabilities. Default `logits`. */
  readonly outputs: H1PredictionValues;
}

/**
 * h1 as a TensorFlow SavedModel (Keras 3's `model.export(dir)`), run by the worker's native TensorFlow through its
 * `serving_default` signature: one float32 input `[batch, ...the data's feature shape]`, one output `[batch, C]` (or
 * `[batch, 1]` for a binary task).
 */
export interface H1SavedModelSpec {
  /** The SavedModel folder (holding `saved_model.pb`): a path, `file://` or `runs:/<run>/<path>`. */
  readonly savedModel: string;
  /** Whether its output is logits or probabilities. Default `logits`. */
  readonly outputs: H1PredictionValues;
}

/** The deployed model h1: a saved tfjs model, a file of its predictions, an ONNX model or a TF SavedModel. */
export type H1Spec = H1ModelSpec | H1PredictionsSpec | H1OnnxSpec | H1SavedModelSpec;

/** Whether `h1` is a predictions file rather than a model. */
export function isH1Predictions(h1: H1Spec): h1 is H1PredictionsSpec {
  return 'predictions' in h1;
}

/** Whether `h1` is an ONNX model. */
export function isH1Onnx(h1: H1Spec): h1 is H1OnnxSpec {
  return 'onnx' in h1;
}

/** Whether `h1` is a TF SavedModel. */
export function isH1SavedModel(h1: H1Spec): h1 is H1SavedModelSpec {
  return 'savedModel' in h1;
}

/** Where h1 comes from (its model, predictions, ONNX or SavedModel URI), for summaries and logs. */
export function h1SourceUri(h1: H1Spec): string {
  if (isH1Predictions(h1)) return h1.predictions;
  if (isH1Onnx(h1)) return h1.onnx;
  if (isH1SavedModel(h1)) return h1.savedModel;
  return h1.uri;
}

/** The run params naming h1: `h1.uri`, or `h1.predictions` / `h1.onnx` / `h1.savedModel` with `h1.outputs`. */
export function h1SpecParams(h1: H1Spec): Record<string, string> {
  if (isH1Predictions(h1)) return { 'h1.predictions': h1.predictions, 'h1.outputs': h1.outputs };
  if (isH1Onnx(h1)) return { 'h1.onnx': h1.onnx, 'h1.outputs': h1.outputs };
  if (isH1SavedModel(h1)) return { 'h1.savedModel': h1.savedModel, 'h1.outputs': h1.outputs };
  return { 'h1.uri': h1.uri };
}

/**
 * Validates an h1 spec at `field`: `{ "uri": <model URI> }`, `{ "predictions": <URI>, "outputs": "logits" |
 * "probabilities" }`, `{ "onnx": <URI>, "outputs"?: … }` or `{ "savedModel": <URI>, "outputs"?: … }`; anything else
 * is an `InvalidInputError` naming the field. Files are checked against the data by prepare.
 */
export function parseH1Spec(field: string, value: unknown): H1Spec {
  const expected =
    'an object with "uri" (a saved model), "predictions" and "outputs" (a predictions file), "onnx" (an ONNX model) ' +
    'or "savedModel" (a TF SavedModel)';
  const record = recordAt(field, value, expected);
  if (isPresent(record, 'savedModel')) {
    rejectUnknownKeys(field, record, ['savedModel', 'outputs']);
    const savedModel = h1UriAt(
      record,
      field,
      'savedModel',
      (uri) => /^(runs:\/|file:)/.test(uri) || !/^[a-z][a-z0-9+.-]*:/i.test(uri),
      'a SavedModel folder: a path, file:// or runs:/<run>/<path>',
    );
    return { savedModel, outputs: modelOutputsAt(record, field) };
  }
  if (isPresent(record, 'onnx')) {
    rejectUnknownKeys(field, record, ['onnx', 'outputs']);
    const onnx = h1UriAt(
      record,
      field,
      'onnx',
      notBundledOrRegistered,
      'an .onnx file: a path, file://, http(s):// or runs:/<run>/<path>',
    );
    return { onnx, outputs: modelOutputsAt(record, field) };
  }
  if (isPresent(record, 'predictions') || isPresent(record, 'outputs')) {
    rejectUnknownKeys(field, record, ['predictions', 'outputs']);
    const predictions = h1UriAt(
      record,
      field,
      'predictions',
      notBundledOrRegistered,
      'a folder of <split>.arrow files, a path or URL with "{split}", file:// or runs:/<run>/<path>',
    );
    const outputs = oneOfAt(`${field}.outputs`, requiredAt(field, record, 'outputs'), h1PredictionValues);
    return { predictions, outputs };
  }
  rejectUnknownKeys(field, record, ['uri']);
  return { uri: modelUriAt(`${field}.uri`, requiredAt(field, record, 'uri')) };
}

/** Whether a URI names a file location, not a bundled dataset (`bcml:`) or a registered model (`models:`). */
function notBundledOrRegistered(uri: string): boolean {
  return !uri.startsWith('bcml:') && !uri.startsWith('models:');
}

/** `record[key]`, the URI of h1's file or folder, refused (naming `<field>.<key>`, expecting `expected`) unless `accepts`. */
function h1UriAt(
  record: JsonRecord,
  field: string,
  key: string,
  accepts: (uri: string) => boolean,
  expected: string,
): string {
  const uri = datasetUriAt(`${field}.${key}`, requiredAt(field, record, key));
  if (!accepts(uri)) throw new InvalidInputError(`${field}.${key}`, expected, uri);
  return uri;
}

/** A model h1's `outputs` (`logits`, the default, or `probabilities`). */
function modelOutputsAt(record: JsonRecord, field: string): H1PredictionValues {
  return optionalAt(record, 'outputs', (v) => oneOfAt(`${field}.outputs`, v, h1PredictionValues), 'logits');
}
