import { UsageError } from './usage-error.js';

/** Parses an integer option ≥ `min`; anything else is a `UsageError` naming the option. */
export function intOption(name: string, raw: string | undefined, fallback: number, min: number, usage: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(value) || value < min) {
    throw new UsageError(`invalid --${name}: expected an integer >= ${min}, received ${JSON.stringify(raw)}`, usage);
  }
  return value;
}
