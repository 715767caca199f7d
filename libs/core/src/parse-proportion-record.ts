import { InvalidInputError } from './bcml-error.js';
import { integerAt, numberAt } from './json-numbers.js';
import { recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import type { ProportionRecord } from './evaluation.js';

/** Validates a `ProportionRecord` (or `null`, an empty denominator): k ≤ n, value = k/n, lo ≤ value ≤ hi within [0, 1]. */
export function parseProportionRecord(value: unknown, field: string): ProportionRecord | null {
  if (value === null) return null;
  const record = recordAt(field, value, 'a proportion { value, ci95, numerator, denominator } or null');
  rejectUnknownKeys(field, record, ['value', 'ci95', 'numerator', 'denominator']);
  const denominator = integerAt(
    `${field}.denominator`,
    requiredAt(field, record, 'denominator'),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const numerator = integerAt(`${field}.numerator`, requiredAt(field, record, 'numerator'), 0, denominator);
  const proportion = numberAt(`${field}.value`, requiredAt(field, record, 'value'), 0, 1);
  if (Math.abs(proportion - numerator / denominator) > 1e-9) {
    throw new InvalidInputError(`${field}.value`, `numerator / denominator (${numerator / denominator})`, proportion);
  }
  const ci = requiredAt(field, record, 'ci95');
  if (!Array.isArray(ci) || ci.length !== 2) throw new InvalidInputError(`${field}.ci95`, 'an array [lo, hi]', ci);
  const lo = numberAt(`${field}.ci95[0]`, ci[0], 0, proportion);
  const hi = numberAt(`${field}.ci95[1]`, ci[1], proportion, 1);
  return { value: proportion, ci95: [lo, hi], numerator, denominator };
}
