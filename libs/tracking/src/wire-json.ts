/** A JSON object from an MLflow answer, read defensively (proto3 JSON omits empty and default fields). */
export type WireObject = Readonly<Record<string, unknown>>;

/** `value` as an object, or `{}` when it is absent or not an object. */
export function wireObject(value: unknown): WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : {};
}

/** `object[key]` as an array of objects (`[]` when absent). */
export function wireObjects(object: WireObject, key: string): WireObject[] {
  const value = object[key];
  return Array.isArray(value) ? value.map(wireObject) : [];
}

/** `object[key]` as a string (`''` when absent; numbers are stringified, as int64 ids may be). */
export function wireString(object: WireObject, key: string): string {
  const value = object[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** `object[key]` as a number; int64 fields may arrive as strings, doubles as `"NaN"`/`"Infinity"`. */
export function wireNumber(object: WireObject, key: string): number | undefined {
  const value = object[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isNaN(parsed) && value !== 'NaN' ? undefined : parsed;
  }
  return undefined;
}

/** `object[key]`, a list of `{key, value}` pairs, as a record (later pairs win). */
export function wireKeyValues(object: WireObject, key: string): Readonly<Record<string, string>> {
  const record: Record<string, string> = {};
  for (const pair of wireObjects(object, key)) record[wireString(pair, 'key')] = wireString(pair, 'value');
  return record;
}

/** `object[key]` as an array of strings (`[]` when absent). */
export function wireStrings(object: WireObject, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
