import { DatasetError } from './dataset-error.js';

/** How one source column becomes model inputs. */
export type ColumnEncoding =
  /** A numeric column, standardised: `(value − mean) / std`; a null becomes 0 (the training mean). */
  | { readonly kind: 'standardize'; readonly column: string; readonly mean: number; readonly std: number }
  /** A categorical column, one-hot over the training categories; a null or unseen category is all zeros. */
  | { readonly kind: 'one-hot'; readonly column: string; readonly categories: readonly string[] }
  /** A `FixedSizeList<float32>[size]` column, used as it is. */
  | { readonly kind: 'vector'; readonly column: string; readonly size: number }
  /** An image column of bytes, multiplied by `scale` (1/255 maps pixels to [0, 1]). */
  | { readonly kind: 'image'; readonly column: string; readonly shape: readonly number[]; readonly scale: number };

/**
 * The encoding of a dataset, fitted on its training split and stored in `bcml.encoding` with every split, so
 * train and test encode identically. Model inputs are the encoded columns concatenated in this order.
 */
export interface DatasetEncoding {
  readonly version: 1;
  readonly columns: readonly ColumnEncoding[];
  /** The shape one example's inputs fold into (`[H, W, C]`, row-major): pixel columns as an image. */
  readonly shape?: readonly number[];
}

/** The number of model inputs one column encodes to. */
export function columnWidth(column: ColumnEncoding): number {
  switch (column.kind) {
    case 'standardize':
      return 1;
    case 'one-hot':
      return column.categories.length;
    case 'vector':
      return column.size;
    case 'image':
      return column.shape.reduce((a, b) => a * b, 1);
  }
}

/** The shape of one encoded example: `shape` if set, the image shape for an image-only encoding, else `[width]`. */
export function encodedShape(encoding: DatasetEncoding): number[] {
  if (encoding.shape !== undefined) return [...encoding.shape];
  const [only] = encoding.columns;
  if (only?.kind === 'image' && encoding.columns.length === 1) return [...only.shape];
  return [encoding.columns.reduce((sum, column) => sum + columnWidth(column), 0)];
}

/** The name of each encoded input: `age`, `workclass=Private`, `features[3]`, `image[783]`. */
export function encodedFeatureNames(encoding: DatasetEncoding): string[] {
  const names: string[] = [];
  for (const column of encoding.columns) {
    if (column.kind === 'standardize') names.push(column.column);
    else if (column.kind === 'one-hot') for (const c of column.categories) names.push(`${column.column}=${c}`);
    else for (let i = 0; i < columnWidth(column); i += 1) names.push(`${column.column}[${i}]`);
  }
  return names;
}

/** Parses and checks a `bcml.encoding` metadata value; a malformed one is a `DatasetError` naming the file. */
export function parseEncoding(text: string, file: string): DatasetEncoding {
  const fail = (problem: string): DatasetError =>
    new DatasetError({ file }, `invalid metadata "bcml.encoding": ${problem}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetError({ file }, 'invalid metadata "bcml.encoding": not JSON', { cause: error });
  }
  if (!isRecord(value) || value['version'] !== 1 || !Array.isArray(value['columns'])) {
    throw fail('expected { "version": 1, "columns": [...] }');
  }
  const columns = (value['columns'] as unknown[]).map((entry, index) => {
    const column = parseColumn(entry);
    if (column === undefined) throw fail(`columns[${index}] is not a valid column encoding`);
    return column;
  });
  const { shape } = value;
  if (shape === undefined) return { version: 1, columns };
  const width = columns.reduce((sum, column) => sum + columnWidth(column), 0);
  if (
    !Array.isArray(shape) ||
    !shape.every(isPositiveInteger) ||
    shape.reduce((a: number, b: number) => a * b, 1) !== width
  ) {
    throw fail(`expected "shape" to be positive integers whose product is the encoded width ${width}`);
  }
  return { version: 1, columns, shape };
}

/** One column encoding from JSON, or undefined when it does not have the right shape. */
function parseColumn(entry: unknown): ColumnEncoding | undefined {
  if (!isRecord(entry) || typeof entry['column'] !== 'string') return undefined;
  const column = entry['column'];
  switch (entry['kind']) {
    case 'standardize': {
      const { mean, std } = entry;
      if (!isFinite(mean) || !isFinite(std) || std <= 0) return undefined;
      return { kind: 'standardize', column, mean, std };
    }
    case 'one-hot': {
      const { categories } = entry;
      if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) return undefined;
      return { kind: 'one-hot', column, categories: categories };
    }
    case 'vector': {
      const { size } = entry;
      if (!isPositiveInteger(size)) return undefined;
      return { kind: 'vector', column, size };
    }
    case 'image': {
      const { shape, scale } = entry;
      if (!Array.isArray(shape) || shape.length === 0 || !shape.every(isPositiveInteger) || !isFinite(scale)) {
        return undefined;
      }
      return { kind: 'image', column, shape: shape, scale };
    }
    default:
      return undefined;
  }
}

/** A plain JSON object. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number. */
function isFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A positive integer. */
function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
