import { InvalidInputError } from './bcml-error.js';
import { arrayAt, textAt } from './json-fields.js';
import { positiveIntegerAt } from './json-numbers.js';
import { optionalAt, type JsonRecord } from './json-object.js';

/** How a file dataset's columns are read, when they are not the convention's defaults. */
export interface DatasetColumnsSpec {
  /** The label column's name; default `label`. */
  readonly label?: string;
  /** Folds the numeric feature columns, in order, into one image `[H, W]` or `[H, W, C]` (pixel columns for LeNet). */
  readonly imageShape?: readonly number[];
}

/** The keys of `DatasetColumnsSpec`, which a spec's `dataset` object takes besides its own. */
export const datasetColumnsKeys = ['label', 'imageShape'] as const;

/** The largest image side or channel count `imageShape` takes. */
const MAX_IMAGE_SIDE = 65_536;

/**
 * Reads `label` (a non-empty string) and `imageShape` (2 or 3 positive integers) from a spec's dataset object;
 * errors are `InvalidInputError`s naming `<at>.label` or `<at>.imageShape[i]`. Absent keys stay absent.
 */
export function parseDatasetColumns(record: JsonRecord, at: string): DatasetColumnsSpec {
  const label = optionalAt(record, 'label', (v) => textAt(`${at}.label`, v));
  const imageShape = optionalAt(record, 'imageShape', (v) => imageShapeAt(`${at}.imageShape`, v));
  return { ...(label === undefined ? {} : { label }), ...(imageShape === undefined ? {} : { imageShape }) };
}

/** `[H, W]` or `[H, W, C]`, positive integers. */
function imageShapeAt(field: string, value: unknown): number[] {
  const expected = '[H, W] or [H, W, C] (positive integers)';
  const shape = arrayAt(field, value, (item, at) => positiveIntegerAt(at, item, MAX_IMAGE_SIDE), 3, expected);
  if (shape.length < 2) throw new InvalidInputError(field, expected, value);
  return shape;
}
