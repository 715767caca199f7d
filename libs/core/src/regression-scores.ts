import type { ProportionRecord } from './evaluation.js';
import { splitNameAt } from './json-fields.js';
import { integerAt } from './json-numbers.js';
import { recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { parseProportionRecord } from './parse-proportion-record.js';

/** The scores a regression policy judges: challenger (h2) against champion (h1) on one split, with Wilson intervals. */
export interface RegressionScores {
  readonly split: string;
  /** Instances N. */
  readonly n: number;
  /** The champion's performance (accuracy). */
  readonly championPerformance: ProportionRecord | null;
  /** The challenger's performance (accuracy). */
  readonly challengerPerformance: ProportionRecord | null;
  /** BTC of the challenger with respect to the champion. */
  readonly btc: ProportionRecord | null;
  /** NFR of the challenger with respect to the champion. */
  readonly nfr: ProportionRecord | null;
}

/** Validates regression scores (what `evaluateRegression` returns), naming the field in errors. */
export function parseRegressionScores(value: unknown, field = 'scores'): RegressionScores {
  const record = recordAt(field, value, 'a regression scores object');
  const keys = ['split', 'n', 'championPerformance', 'challengerPerformance', 'btc', 'nfr'] as const;
  rejectUnknownKeys(field, record, keys);
  const proportion = (key: (typeof keys)[number]): ProportionRecord | null =>
    parseProportionRecord(requiredAt(field, record, key), `${field}.${key}`);
  return {
    split: splitNameAt(`${field}.split`, requiredAt(field, record, 'split')),
    n: integerAt(`${field}.n`, requiredAt(field, record, 'n'), 0, Number.MAX_SAFE_INTEGER),
    championPerformance: proportion('championPerformance'),
    challengerPerformance: proportion('challengerPerformance'),
    btc: proportion('btc'),
    nfr: proportion('nfr'),
  };
}
