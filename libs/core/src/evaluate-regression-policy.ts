import type { PerformanceRecord } from './evaluation.js';
import { formatSignificant } from './number-format.js';
import {
  policyRuleNames,
  type PolicyBound,
  type PolicyRule,
  type PolicyRuleName,
  type RegressionPolicy,
} from './regression-policy.js';
import type { RegressionScores } from './regression-scores.js';

/** One rule of a policy applied to the scores. */
export interface PolicyCheck {
  readonly rule: PolicyRuleName;
  readonly threshold: number;
  readonly bound: PolicyBound;
  /** The number compared with the threshold; `null` when a score is undefined (an empty denominator). */
  readonly observed: number | null;
  readonly passed: boolean;
  /** One sentence: what was compared and how it came out. */
  readonly reason: string;
}

/** A policy's outcome: passed when every check passed; `reasons` are the failed checks' sentences. */
export interface PolicyOutcome {
  readonly passed: boolean;
  readonly checks: readonly PolicyCheck[];
  readonly reasons: readonly string[];
}

/** Slack for comparisons with a threshold, so that 0.8 − 0.795 (0.0050000000000000044) counts as 0.005. */
const TOLERANCE = 1e-12;

/**
 * Applies a regression policy to the scores (pure; the workflow calls it on what `evaluateRegression` returned).
 * `maxNfr` compares NFR at its bound ≤ threshold; `minBtc` BTC at its bound ≥ threshold; `maxAccuracyDrop` the
 * champion's accuracy minus the challenger's at its bound ≤ threshold; `maxMetricDrop` the same by the scores'
 * `performance` metric (accuracy when absent). A rule whose score is `null` (no instances, or
 * no instance the champion gets right) fails: a policy cannot pass on missing evidence.
 */
export function evaluateRegressionPolicy(scores: RegressionScores, policy: RegressionPolicy): PolicyOutcome {
  const checks: PolicyCheck[] = [];
  for (const rule of policyRuleNames) {
    const spec = policy[rule];
    if (spec !== undefined) checks.push(check(rule, spec, scores));
  }
  const failed = checks.filter((c) => !c.passed);
  return { passed: failed.length === 0, checks, reasons: failed.map((c) => c.reason) };
}

function check(rule: PolicyRuleName, { threshold, bound }: PolicyRule, scores: RegressionScores): PolicyCheck {
  const at = boundName(bound);
  switch (rule) {
    case 'maxNfr': {
      const observed = atBound(scores.nfr, bound);
      const passed = observed !== null && observed <= threshold + TOLERANCE;
      const reason =
        observed === null
          ? `NFR is undefined on ${scores.split} (no instances), so NFR <= ${fmt(threshold)} cannot be shown`
          : `NFR ${at} ${fmt(observed)} ${passed ? '<=' : '>'} ${fmt(threshold)}`;
      return { rule, threshold, bound, observed, passed, reason };
    }
    case 'minBtc': {
      const observed = atBound(scores.btc, bound);
      const passed = observed !== null && observed >= threshold - TOLERANCE;
      const reason =
        observed === null
          ? `BTC is undefined on ${scores.split} (the champion gets no instance right), so BTC >= ${fmt(threshold)} cannot be shown`
          : `BTC ${at} ${fmt(observed)} ${passed ? '>=' : '<'} ${fmt(threshold)}`;
      return { rule, threshold, bound, observed, passed, reason };
    }
    case 'maxAccuracyDrop': {
      const champion = scores.championPerformance?.value ?? null;
      const challenger = atBound(scores.challengerPerformance, bound);
      const observed = champion === null || challenger === null ? null : champion - challenger;
      const passed = observed !== null && observed <= threshold + TOLERANCE;
      const reason =
        observed === null
          ? `accuracy is undefined on ${scores.split} (no instances), so the accuracy drop cannot be shown`
          : `accuracy drop ${fmt(observed)} (champion ${fmt(champion ?? 0)} − challenger ${at} ${fmt(challenger ?? 0)}) ${passed ? '<=' : '>'} ${fmt(threshold)}`;
      return { rule, threshold, bound, observed, passed, reason };
    }
    case 'maxMetricDrop': {
      // Absent `performance`: the metric is accuracy, whose scores are the two above.
      const byMetric = scores.performance ?? {
        metric: 'accuracy',
        champion: scores.championPerformance,
        challenger: scores.challengerPerformance,
      };
      const { metric } = byMetric;
      const champion = byMetric.champion?.value ?? null;
      const challenger = atBound(byMetric.challenger, bound);
      const observed = champion === null || challenger === null ? null : champion - challenger;
      const passed = observed !== null && observed <= threshold + TOLERANCE;
      const reason =
        observed === null
          ? `${metric} ${at} is undefined on ${scores.split}, so the ${metric} drop cannot be shown`
          : `${metric} drop ${fmt(observed)} (champion ${fmt(champion ?? 0)} − challenger ${at} ${fmt(challenger ?? 0)}) ${passed ? '<=' : '>'} ${fmt(threshold)}`;
      return { rule, threshold, bound, observed, passed, reason };
    }
  }
}

/** The score at `bound`; `null` when the score is undefined, or a bound of a score without an interval. */
function atBound(score: PerformanceRecord | null, bound: PolicyBound): number | null {
  if (score === null) return null;
  if (bound === 'value') return score.value;
  return score.ci95 === null ? null : bound === 'lower' ? score.ci95[0] : score.ci95[1];
}

function boundName(bound: PolicyBound): string {
  return bound === 'value' ? '(point estimate)' : `(${bound} 95% bound)`;
}

/** A score for a sentence: at most 4 significant digits, no float noise. */
function fmt(x: number): string {
  return formatSignificant(x, 4);
}
