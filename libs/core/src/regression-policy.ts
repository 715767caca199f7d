import { InvalidInputError } from './bcml-error.js';
import { oneOfAt } from './json-fields.js';
import { numberAt } from './json-numbers.js';
import { isPresent, optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';

/** Which number of a proportion's Wilson 95 % interval a rule compares: the point estimate or a bound. */
export type PolicyBound = 'value' | 'lower' | 'upper';

/** One threshold of a regression policy and the bound it is compared at. */
export interface PolicyRule {
  readonly threshold: number;
  readonly bound: PolicyBound;
}

/**
 * The pass/fail policy of a regression check; each listed rule must hold (fractions: 0.02 = 2 %, 0.005 = 0.5 pt).
 * - `maxNfr`: NFR of the challenger against the champion ≤ threshold, NFR taken at `bound` (default `upper`).
 * - `minBtc`: BTC ≥ threshold, BTC taken at `bound` (default `lower`).
 * - `maxAccuracyDrop`: champion accuracy (point estimate) − challenger accuracy at `bound` (default `value`) ≤ threshold.
 * - `maxMetricDrop`: the same drop by the spec's `performanceMetric` (accuracy by default); `bound` (default `value`)
 *   must be `value` for the metrics without an interval (balanced accuracy, macro-F1, ROC AUC).
 * The NFR and BTC defaults are the pessimistic bounds, so a small test set cannot pass by luck; the accuracy drop
 * defaults to the point estimate because one accuracy's interval (±0.6 pt at n = 10,000) is wider than such thresholds.
 */
export interface RegressionPolicy {
  readonly maxNfr?: PolicyRule;
  readonly minBtc?: PolicyRule;
  readonly maxAccuracyDrop?: PolicyRule;
  readonly maxMetricDrop?: PolicyRule;
}

/** The name of a policy rule. */
export type PolicyRuleName = keyof RegressionPolicy;

/** The policy rules, in the order they are checked and reported. */
export const policyRuleNames: readonly PolicyRuleName[] = ['maxNfr', 'minBtc', 'maxAccuracyDrop', 'maxMetricDrop'];

/** The policy of a spec without one (NFR ≤ 2 %, BTC ≥ 0.97, accuracy drop ≤ 0.5 pt), and each rule's default bound. */
export const regressionPolicyDefaults = {
  maxNfr: { threshold: 0.02, bound: 'upper' },
  minBtc: { threshold: 0.97, bound: 'lower' },
  maxAccuracyDrop: { threshold: 0.005, bound: 'value' },
} as const satisfies Required<Omit<RegressionPolicy, 'maxMetricDrop'>>;

/** Each rule's default bound (`maxMetricDrop` is in no default policy: the point estimate, as `maxAccuracyDrop`). */
const defaultBounds: Readonly<Record<PolicyRuleName, PolicyBound>> = {
  maxNfr: regressionPolicyDefaults.maxNfr.bound,
  minBtc: regressionPolicyDefaults.minBtc.bound,
  maxAccuracyDrop: regressionPolicyDefaults.maxAccuracyDrop.bound,
  maxMetricDrop: 'value',
};

/**
 * Validates a policy: an object with at least one rule, each a threshold (`"maxNfr": 0.02`, default bound) or
 * `{ threshold, bound }`. Absent (`undefined`): `regressionPolicyDefaults`.
 */
export function parseRegressionPolicy(value: unknown, field = 'policy'): RegressionPolicy {
  if (value === undefined) {
    const { maxNfr, minBtc, maxAccuracyDrop } = regressionPolicyDefaults;
    return { maxNfr: { ...maxNfr }, minBtc: { ...minBtc }, maxAccuracyDrop: { ...maxAccuracyDrop } };
  }
  const record = recordAt(field, value, 'an object of rules (maxNfr, minBtc, maxAccuracyDrop, maxMetricDrop)');
  rejectUnknownKeys(field, record, policyRuleNames);
  const rules = policyRuleNames.filter((name) => isPresent(record, name));
  if (rules.length === 0) {
    throw new InvalidInputError(field, `at least one rule of ${policyRuleNames.join(', ')}`, value);
  }
  const policy: { -readonly [K in PolicyRuleName]?: PolicyRule } = {};
  for (const name of rules) policy[name] = parseRule(record[name], `${field}.${name}`, name);
  return policy;
}

function parseRule(value: unknown, field: string, name: PolicyRuleName): PolicyRule {
  const min = name === 'maxAccuracyDrop' || name === 'maxMetricDrop' ? -1 : 0;
  const max = 1;
  const defaultBound = defaultBounds[name];
  if (typeof value === 'number') return { threshold: numberAt(field, value, min, max), bound: defaultBound };
  const record = recordAt(field, value, 'a threshold or { threshold, bound }');
  rejectUnknownKeys(field, record, ['threshold', 'bound']);
  return {
    threshold: numberAt(`${field}.threshold`, requiredAt(field, record, 'threshold'), min, max),
    bound: optionalAt(
      record,
      'bound',
      (v) => oneOfAt<PolicyBound>(`${field}.bound`, v, ['value', 'lower', 'upper']),
      defaultBound,
    ),
  };
}
