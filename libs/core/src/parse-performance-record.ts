import { InvalidInputError } from './bcml-error.js';
import type { PerformanceRecord } from './evaluation.js';
import { numberAt } from './json-numbers.js';
import { recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';

/** Validates a `PerformanceRecord` (or `null`): value in [0, 1], `ci95` null or [lo, hi] with lo ≤ value ≤ hi. */
export function parsePerformanceRecord(value: unknown, field: string): PerformanceRecord | null {
  if (value === null) return null;
  const record = recordAt(field, value, 'a score { value, ci95 } or null');
  rejectUnknownKeys(field, record, ['value', 'ci95']);
  const score = numberAt(`${field}.value`, requiredAt(field, record, 'value'), 0, 1);
  const ci = requiredAt(field, record, 'ci95');
  if (ci === null) return { value: score, ci95: null };
  if (!Array.isArray(ci) || ci.length !== 2) throw new InvalidInputError(`${field}.ci95`, 'null or [lo, hi]', ci);
  return {
    value: score,
    ci95: [numberAt(`${field}.ci95[0]`, ci[0], 0, score), numberAt(`${field}.ci95[1]`, ci[1], score, 1)],
  };
}
