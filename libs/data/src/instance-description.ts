import { formatStoredNumber } from '@bcml/core';
import { DataType, Precision } from 'apache-arrow';

import { type Column, getColumn } from './column-values.js';
import { type Dataset } from './dataset.js';
import { rowLookup } from './row-lookup.js';

/** The most characters an instance description has (`instanceDescriber`), the closing `…` included. */
export const INSTANCE_DESCRIPTION_LENGTH = 200;

/** The most characters one value takes in a description (a long text is cut, so later columns still show). */
const VALUE_LENGTH = 40;

/** How many values of a `features` vector a description shows. */
const VECTOR_VALUES = 8;

/** Between two `name value` parts. */
const SEPARATOR = ' · ';

/** The text of an instance by id, or undefined for an id the dataset does not have. */
export type InstanceDescriber = (id: number) => string | undefined;

/**
 * Describes instances by their raw values, as the report's error table shows them: `name value` for each feature
 * column in order, then each display column (`age 39 · workclass State-gov · …`), categories by name, numbers as
 * written (a float32 by its shortest decimal), `null` for a missing value; a `features` vector as its first 8 values and
 * its size (`features 0.5, 1, 0.25, … (20 values)`, or `name value` parts when the file names the components). Each value is cut
 * at 40 characters and the whole at `INSTANCE_DESCRIPTION_LENGTH` (200), after the last part that fits, with `…`.
 * Undefined for images (an image column, or columns folded into one): their pictures describe them.
 */
export function instanceDescriber(dataset: Dataset): InstanceDescriber | undefined {
  const { info, table } = dataset;
  const { features } = info;
  if (features.kind === 'image' || (features.kind === 'columns' && features.shape !== undefined)) return undefined;
  const named = (name: string): { name: string; column: Column } | [] => {
    const column = getColumn(table, name);
    return column === null ? [] : { name, column };
  };
  const scalars = [...(features.kind === 'columns' ? features.columns : []), ...info.displayColumns].flatMap(named);
  const vector = features.kind === 'vector' ? named(features.column) : [];
  const vectorNames =
    features.kind === 'vector' && info.featureNames.some((name, k) => name !== `${features.column}[${k}]`)
      ? info.featureNames
      : undefined;
  const describe = (row: number): string => {
    const parts: string[] = [];
    if (!Array.isArray(vector)) parts.push(...vectorParts(vector.name, vector.column, row, vectorNames));
    for (const { name, column } of scalars) parts.push(`${name} ${cut(formatValue(column, row), VALUE_LENGTH)}`);
    return joinParts(parts, INSTANCE_DESCRIPTION_LENGTH);
  };
  const rowOf = rowLookup(dataset);
  return (id: number): string | undefined => {
    const row = rowOf(id);
    return row === undefined ? undefined : describe(row);
  };
}

/** A `features` vector's first values: `features 0.5, 1, 0.25, … (20 values)`, or `name value` parts by component name. */
function vectorParts(name: string, column: Column, row: number, names: readonly string[] | undefined): string[] {
  const cell = column.get(row) as { toArray(): ArrayLike<number> } | null;
  if (cell === null) return [`${name} null`];
  const values = cell.toArray();
  const float32 = DataType.isFixedSizeList(column.type) && isFloat32(column.type.valueType as DataType);
  const shown: string[] = [];
  for (let k = 0; k < Math.min(values.length, VECTOR_VALUES); k += 1)
    shown.push(formatStoredNumber(values[k]!, float32));
  const more = values.length > VECTOR_VALUES ? `… (${values.length} values)` : undefined;
  if (names === undefined) return [`${name} ${[...shown, ...(more === undefined ? [] : [more])].join(', ')}`];
  return [...shown.map((value, k) => `${names[k] ?? `${name}[${k}]`} ${value}`), ...(more === undefined ? [] : [more])];
}

/** One cell as text: a category's name, a number as written, `true`/`false`, `null` when missing. */
function formatValue(column: Column, row: number): string {
  const value: unknown = column.get(row);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return formatStoredNumber(value, isFloat32(column.type));
  if (typeof value === 'string') return value.replace(/\s+/g, ' ');
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  // Lists, structs and the like (display columns may be of any type): as JSON, 64-bit integers as digits.
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item));
}

/** Whether a type is a single-precision float (its values print by their shortest float32 decimal). */
function isFloat32(type: DataType): boolean {
  return DataType.isFloat(type) && type.precision === Precision.SINGLE;
}

/** `text` cut to at most `length` characters, ending with `…` when cut (never inside a surrogate pair). */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  let end = length - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The parts joined by ` · `, at most `length` characters: the parts that fit, then ` …` (a first part too long is cut). */
function joinParts(parts: readonly string[], length: number): string {
  const whole = parts.join(SEPARATOR);
  if (whole.length <= length) return whole;
  let text = '';
  for (const part of parts) {
    const next = text === '' ? part : `${text}${SEPARATOR}${part}`;
    if (next.length > length - 2) break;
    text = next;
  }
  return text === '' ? cut(parts[0] ?? '', length) : `${text} …`;
}
