import { gunzipSync } from 'node:zlib';

import { type Column } from './column-values.js';
import { compareText, dictionaryColumn, floatColumn, idColumn, labelColumn, tableOfColumns } from './arrow-columns.js';
import { csvRecords } from './csv-records.js';
import { type Dataset } from './dataset.js';
import { DATASET_COLUMNS, type DatasetTask, METADATA_KEYS } from './dataset-convention.js';
import { DatasetError } from './dataset-error.js';
import { validateDataset } from './validate-dataset.js';

/** Options of `csvToDataset`: how to read the text and which column is what. */
export interface CsvOptions {
  /** The name error messages give the file (default `csv`). */
  readonly file?: string;
  /** The field separator (default `,`; `' '` for space-separated files). */
  readonly delimiter?: string;
  /** Whether the first (non-skipped) line names the columns (default true). */
  readonly header?: boolean;
  /** Column names: required without a header, else they replace the header's names. */
  readonly columns?: readonly string[];
  /** Physical lines to skip before the header or the data (default 0). */
  readonly skipLines?: number;
  /** Trim spaces around fields (default true; handles Adult's `", "` separator). */
  readonly trim?: boolean;
  /** Field values that mean "missing" (default `''`, `?`, `NA`). */
  readonly missing?: readonly string[];
  /** The label column. */
  readonly label: string;
  /** Class names in index order (default: the distinct labels, numerically sorted when all are numbers). */
  readonly classes?: readonly string[];
  /** Renames raw labels before they are matched to classes (`{ "<=50K.": "<=50K" }`). */
  readonly labelMap?: Readonly<Record<string, string>>;
  /** A column of unique integer ids (default: ids are generated, `idStart`, `idStart + 1`, ...). */
  readonly id?: string;
  /** The first generated id (default 0). */
  readonly idStart?: number;
  /** The feature columns (default: every column that is not the label, the id, a display or a dropped column). */
  readonly features?: readonly string[];
  /** Columns to treat as categorical even when every value is a number (codes such as `admission_type_id`). */
  readonly categorical?: readonly string[];
  /** Columns that must be numeric: a value that is not a number is an error. */
  readonly numeric?: readonly string[];
  /** Columns kept for display, not used as features. */
  readonly display?: readonly string[];
  /** Columns left out. */
  readonly drop?: readonly string[];
  /** Keep only the records for which this returns true (`get` reads a field by column name, missing → null). */
  readonly where?: (get: (column: string) => string | null, line: number) => boolean;
  /** Default: binary for 2 classes, else multiclass. */
  readonly task?: DatasetTask;
  /** More schema metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A decimal number as CSV files write them: `12`, `-3.5`, `.5`, `1e-3`. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Converts delimited text (CSV, optionally gzipped) into a dataset in the convention: the label becomes class
 * indices, numeric columns become float columns (Float32 when exact, else Float64), other columns categorical
 * dictionary columns; missing markers become nulls. Errors name the file, the line and the column.
 */
export function csvToDataset(input: string | Uint8Array, options: CsvOptions): Dataset {
  const file = options.file ?? 'csv';
  const text = decodeText(input);
  const trim = options.trim ?? true;
  const missing = new Set(options.missing ?? ['', '?', 'NA']);
  const records = csvRecords(text, {
    file,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    ...(options.skipLines === undefined ? {} : { skipLines: options.skipLines }),
  });
  const clean = (raw: string): string | null => {
    const value = trim ? raw.trim() : raw;
    return missing.has(value) ? null : value;
  };
  let names: string[];
  if (options.header ?? true) {
    const first = records.next();
    if (first.done === true) throw new DatasetError({ file }, 'is empty: expected a header line');
    names = uniqueNames(options.columns ?? first.value.fields.map((f) => (trim ? f.trim() : f)));
  } else {
    if (options.columns === undefined) {
      throw new DatasetError({ file }, 'has no header: pass the column names (the columns option)');
    }
    names = uniqueNames(options.columns);
  }
  const position = new Map(names.map((name, k) => [name, k]));
  const require = (column: string, role: string): void => {
    if (!position.has(column)) {
      throw new DatasetError({ file, column }, `missing: the ${role} column is not among the file's columns`);
    }
  };
  require(options.label, 'label');
  if (options.id !== undefined) require(options.id, 'id');
  for (const column of options.features ?? []) require(column, 'feature');
  for (const column of options.display ?? []) require(column, 'display');
  const display = options.display ?? [];
  const excluded = new Set([
    options.label,
    ...(options.id === undefined ? [] : [options.id]),
    ...display,
    ...(options.drop ?? []),
  ]);
  const features = options.features ?? names.filter((name) => !excluded.has(name));
  for (const column of [...features, ...display]) {
    if (column === DATASET_COLUMNS.id || column === DATASET_COLUMNS.label) {
      throw new DatasetError(
        { file, column },
        'clashes with a column the convention reserves: pass it as the id or label option, or drop it',
      );
    }
  }
  const kept = [options.label, ...(options.id === undefined ? [] : [options.id]), ...features, ...display];
  const values = new Map<string, (string | null)[]>(kept.map((name) => [name, []]));
  const lines: number[] = [];
  for (const { fields, line } of records) {
    if (fields.length !== names.length) {
      throw new DatasetError({ file, line }, `expected ${names.length} fields, received ${fields.length}`, {
        expected: `${names.length} fields`,
        received: `${fields.length} fields`,
      });
    }
    if (options.where !== undefined) {
      const get = (column: string): string | null => {
        const k = position.get(column);
        if (k === undefined) throw new DatasetError({ file, column }, 'missing: the where filter reads it');
        return clean(fields[k]!);
      };
      if (!options.where(get, line)) continue;
    }
    for (const name of kept) values.get(name)!.push(clean(fields[position.get(name)!]!));
    lines.push(line);
  }
  const rows = lines.length;
  const { labels, classes } = convertLabels(values.get(options.label)!, options, { file, lines });
  const ids =
    options.id === undefined
      ? Array.from({ length: rows }, (_, i) => (options.idStart ?? 0) + i)
      : convertIds(values.get(options.id)!, { file, column: options.id, lines });
  const categorical = new Set(options.categorical ?? []);
  const numeric = new Set(options.numeric ?? []);
  const toVector = (name: string): Column =>
    convertColumn(values.get(name)!, { file, column: name, lines }, categorical.has(name), numeric.has(name));
  const metadata = new Map<string, string>([
    [METADATA_KEYS.task, options.task ?? (classes.length === 2 ? 'binary' : 'multiclass')],
    [METADATA_KEYS.classes, JSON.stringify(classes)],
    [METADATA_KEYS.featureNames, JSON.stringify(features)],
    ...Object.entries(options.metadata ?? {}),
  ]);
  const table = tableOfColumns(
    [
      { name: DATASET_COLUMNS.id, vector: idColumn(ids) },
      { name: DATASET_COLUMNS.label, vector: labelColumn(labels) },
      ...features.map((name) => ({ name, vector: toVector(name) })),
      ...display.map((name) => ({ name, vector: toVector(name) })),
    ],
    metadata,
  );
  return validateDataset(table, { file });
}

/** Text from a string or bytes (gzip detected by its magic bytes), without a byte-order mark. */
function decodeText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  const bytes = input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input) : input;
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

/** Header names made unique as pandas does: a repeated `x` becomes `x.1`, `x.2`, ... */
function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let k = 1; used.has(unique); k += 1) unique = `${name}.${k}`;
    used.add(unique);
    return unique;
  });
}

/** Where the values of a column came from, for messages. */
interface ColumnSource {
  readonly file: string;
  readonly column?: string;
  readonly lines: readonly number[];
}

/** Labels as class indices, with the class names (given, or the distinct mapped labels). */
function convertLabels(
  raw: readonly (string | null)[],
  options: CsvOptions,
  { file, lines }: ColumnSource,
): { labels: Int32Array; classes: readonly string[] } {
  const map = options.labelMap ?? {};
  const mapped = raw.map((value) => (value === null ? null : (map[value] ?? value)));
  let classes = options.classes;
  if (classes === undefined) {
    const distinct = [...new Set(mapped.filter((v): v is string => v !== null))];
    const allNumbers = distinct.every((v) => NUMBER.test(v));
    classes = distinct.sort(allNumbers ? (a, b) => Number(a) - Number(b) : compareText);
  }
  const index = new Map(classes.map((name, k) => [name, k]));
  const labels = new Int32Array(mapped.length);
  for (let i = 0; i < mapped.length; i += 1) {
    const value = mapped[i] ?? null;
    const k = value === null ? undefined : index.get(value);
    if (k === undefined) {
      const shown = classes
        .slice(0, 10)
        .map((c) => JSON.stringify(c))
        .join(', ');
      throw DatasetError.expected(
        { file, line: lines[i], column: options.label },
        `one of the classes [${shown}${classes.length > 10 ? ', …' : ''}]`,
        raw[i] ?? null,
      );
    }
    labels[i] = k;
  }
  return { labels, classes };
}

/** Ids from a column of integers. */
function convertIds(raw: readonly (string | null)[], { file, column, lines }: ColumnSource): number[] {
  return raw.map((value, i) => {
    const number = value !== null && NUMBER.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number) || number < 0 || number >= 2 ** 32) {
      throw DatasetError.expected({ file, column, line: lines[i] }, `an integer id in [0, ${2 ** 32})`, value);
    }
    return number;
  });
}

/** A column as floats when every present value is a number (and it is not forced categorical), else categories. */
function convertColumn(
  raw: readonly (string | null)[],
  source: ColumnSource,
  forceCategorical: boolean,
  forceNumeric: boolean,
): Column {
  if (!forceCategorical) {
    const numbers = new Float64Array(raw.length);
    const nulls = new Uint8Array(raw.length);
    let anyNull = false;
    let allNumbers = true;
    for (let i = 0; i < raw.length; i += 1) {
      const value = raw[i] ?? null;
      if (value === null) {
        nulls[i] = 1;
        anyNull = true;
      } else if (NUMBER.test(value)) {
        numbers[i] = Number(value);
      } else {
        if (forceNumeric) {
          throw DatasetError.expected(
            { file: source.file, column: source.column, line: source.lines[i] },
            'a number',
            value,
          );
        }
        allNumbers = false;
        break;
      }
    }
    if (allNumbers) return floatColumn(numbers, anyNull ? nulls : undefined);
  }
  return dictionaryColumn(raw);
}
