import { BcmlError, describeReceived } from '@bcml/core';

/** Where a dataset problem sits: the file (or URL), and optionally the column, the row and the text line. */
export interface DatasetLocation {
  /** The file name (or the URL, without credentials or query) the problem was found in. */
  readonly file: string;
  /** The column at fault. */
  readonly column?: string | undefined;
  /** The 0-based row of the table at fault. */
  readonly row?: number | undefined;
  /** The 1-based line of a text file (CSV) at fault. */
  readonly line?: number | undefined;
  /** The reader option that chose the column or shape at fault, as the caller names it (`dataset.label`). */
  readonly option?: string | undefined;
}

/** Options of a `DatasetError`: whether a retry can help, the expected and received values, the cause. */
export interface DatasetErrorOptions {
  readonly retryable?: boolean;
  readonly expected?: string;
  readonly received?: string;
  readonly cause?: unknown;
}

/**
 * A dataset that cannot be read or does not follow the convention, naming the file, the column and the row:
 * `adult.test: column "label", row 17: expected an integer in [0, 2), received 3`. Retryable only for network
 * failures while fetching a URL.
 */
export class DatasetError extends BcmlError {
  override readonly name = 'DatasetError';
  /** The file (or URL) at fault. */
  readonly file: string;
  /** The column at fault, if one. */
  readonly column: string | undefined;
  /** The 0-based table row at fault, if one. */
  readonly row: number | undefined;
  /** The 1-based text line at fault, if one. */
  readonly line: number | undefined;
  /** The reader option (`dataset.label`, `dataset.imageShape`) that chose what is at fault, if one. */
  readonly option: string | undefined;

  constructor(location: DatasetLocation, problem: string, options: DatasetErrorOptions = {}) {
    super(`${formatLocation(location)}: ${problem}`, options.retryable ?? false, {
      ...(location.column === undefined ? {} : { field: location.column }),
      ...(options.expected === undefined ? {} : { expected: options.expected }),
      ...(options.received === undefined ? {} : { received: options.received }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.file = location.file;
    this.column = location.column;
    this.row = location.row;
    this.line = location.line;
    this.option = location.option;
  }

  /** `file: column "c", row r: expected <expected>, received <value>`: the usual bad-value error. */
  static expected(location: DatasetLocation, expected: string, received: unknown): DatasetError {
    return DatasetError.mismatch(location, expected, describeReceived(received));
  }

  /** Like `expected`, with the received thing already described (`a column of type Utf8`), shown unquoted. */
  static mismatch(location: DatasetLocation, expected: string, received: string): DatasetError {
    return new DatasetError(location, `expected ${expected}, received ${received}`, { expected, received });
  }
}

/**
 * `adult.test: line 19, column "age", row 17`: the prefix of every dataset error message; an option follows what
 * it chose: `train.feather: column "target" (dataset.label), row 3`, `train.feather (dataset.imageShape)`.
 */
function formatLocation({ file, column, row, line, option }: DatasetLocation): string {
  const parts: string[] = [];
  const by = option === undefined ? '' : ` (${option})`;
  if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) parts.push(`column ${JSON.stringify(column)}${by}`);
  if (row !== undefined) parts.push(`row ${row}`);
  const head = column === undefined ? `${file}${by}` : file;
  return parts.length === 0 ? head : `${head}: ${parts.join(', ')}`;
}
