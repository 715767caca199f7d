import type { PerformanceRecord, ProportionRecord } from './evaluation.js';
import { oneOfAt, splitNameAt } from './json-fields.js';
import { integerAt } from './json-numbers.js';
import { isPresent, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { parsePerformanceRecord } from './parse-performance-record.js';
import { parseProportionRecord } from './parse-proportion-record.js';
import { performanceMetrics, type PerformanceMetric } from './performance-metric.js';

/** Both models' scores by the spec's metric when it is not accuracy (`maxMetricDrop` reads them). */
export interface RegressionMetricScores {
  readonly metric: PerformanceMetric;
  /** The champion's score by it; `null` where undefined. */
  readonly champion: PerformanceRecord | null;
  /** The challenger's score by it; `null` where undefined. */
  readonly challenger: PerformanceRecord | null;
}

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
  /** Scores by the spec's `performanceMetric` when it is not accuracy; absent for accuracy. */
  readonly performance?: RegressionMetricScores;
}

/** Validates regression scores (what `evaluateRegression` returns), naming the field in errors. */
export function parseRegressionScores(value: unknown, field = 'scores'): RegressionScores {
  const record = recordAt(field, value, 'a regression scores object');
  const keys = ['split', 'n', 'championPerformance', 'challengerPerformance', 'btc', 'nfr'] as const;
  rejectUnknownKeys(field, record, [...keys, 'performance']);
  const proportion = (key: (typeof keys)[number]): ProportionRecord | null =>
    parseProportionRecord(requiredAt(field, record, key), `${field}.${key}`);
  return {
    split: splitNameAt(`${field}.split`, requiredAt(field, record, 'split')),
    n: integerAt(`${field}.n`, requiredAt(field, record, 'n'), 0, Number.MAX_SAFE_INTEGER),
    championPerformance: proportion('championPerformance'),
    challengerPerformance: proportion('challengerPerformance'),
    btc: proportion('btc'),
    nfr: proportion('nfr'),
    ...(isPresent(record, 'performance')
      ? { performance: parseMetricScores(record['performance'], `${field}.performance`) }
      : {}),
  };
}

function parseMetricScores(value: unknown, field: string): RegressionMetricScores {
  const record = recordAt(field, value, 'an object { metric, champion, challenger }');
  rejectUnknownKeys(field, record, ['metric', 'champion', 'challenger']);
  return {
    metric: oneOfAt(`${field}.metric`, requiredAt(field, record, 'metric'), performanceMetrics),
    champion: parsePerformanceRecord(requiredAt(field, record, 'champion'), `${field}.champion`),
    challenger: parsePerformanceRecord(requiredAt(field, record, 'challenger'), `${field}.challenger`),
  };
}
