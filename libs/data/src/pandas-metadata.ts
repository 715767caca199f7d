/** The key of the schema metadata pandas writes (`df.to_feather`, `pa.Table.from_pandas`). */
const PANDAS_KEY = 'pandas';

/** What pandas' schema metadata says of one column, as far as bcml reads it. */
export interface PandasColumn {
  readonly name: string;
  /** `categorical`, `unicode`, `int64`, …. */
  readonly pandasType: string;
}

/**
 * The pandas metadata entry of column `name` in schema metadata, or undefined when there is none (not written by
 * pandas, not listed, or not the JSON pandas writes: it is a hint, never an error).
 */
export function pandasColumn(metadata: ReadonlyMap<string, string>, name: string): PandasColumn | undefined {
  const text = metadata.get(PANDAS_KEY);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const columns = typeof value === 'object' && value !== null ? (value as { columns?: unknown }).columns : undefined;
  if (!Array.isArray(columns)) return undefined;
  for (const column of columns as unknown[]) {
    if (typeof column !== 'object' || column === null) continue;
    const { name: columnName, pandas_type: pandasType } = column as { name?: unknown; pandas_type?: unknown };
    if (columnName === name && typeof pandasType === 'string') return { name, pandasType };
  }
  return undefined;
}
