import { InvalidInputError } from '@bcml/core';

import { escapeHtml } from './escape-html.js';

/** One policy check of a regression verdict, as the report shows it. */
export interface ReportVerdictCheck {
  /** The policy rule (`maxNfr`, `minBtc`, `maxAccuracyDrop`). */
  readonly rule: string;
  readonly passed: boolean;
  /** One sentence: what was compared and how it came out. */
  readonly reason: string;
}

/** A regression check's verdict (`@bcml/core`'s `PolicyOutcome` plus the two versions), shown atop the report. */
export interface ReportVerdict {
  readonly passed: boolean;
  readonly checks: readonly ReportVerdictCheck[];
  /** The champion's model URI (`models:/<name>/<version>`). */
  readonly championUri?: string;
  /** The challenger's model URI. */
  readonly challengerUri?: string;
}

/** Checks a verdict's shape, naming the field (`verdict.checks[1].reason`). */
export function checkReportVerdict(verdict: ReportVerdict): ReportVerdict {
  if (typeof verdict.passed !== 'boolean') throw new InvalidInputError('verdict.passed', 'a boolean', verdict.passed);
  const checks: readonly ReportVerdictCheck[] = verdict.checks;
  if (!Array.isArray(verdict.checks)) throw new InvalidInputError('verdict.checks', 'an array', verdict.checks);
  checks.forEach((check, i) => {
    if (typeof check.rule !== 'string')
      throw new InvalidInputError(`verdict.checks[${i}].rule`, 'a string', check.rule);
    if (typeof check.passed !== 'boolean')
      throw new InvalidInputError(`verdict.checks[${i}].passed`, 'a boolean', check.passed);
    if (typeof check.reason !== 'string')
      throw new InvalidInputError(`verdict.checks[${i}].reason`, 'a string', check.reason);
  });
  for (const key of ['championUri', 'challengerUri'] as const) {
    const value = verdict[key];
    if (value !== undefined && typeof value !== 'string')
      throw new InvalidInputError(`verdict.${key}`, 'a string', value);
  }
  return verdict;
}

/** The verdict's banner: PASS or FAIL, the versions compared, and every check with its sentence (all escaped). */
export function verdictHtml(verdict: ReportVerdict): string {
  const status = verdict.passed ? 'pass' : 'fail';
  const versions =
    verdict.championUri !== undefined && verdict.challengerUri !== undefined
      ? `<p>challenger ${escapeHtml(verdict.challengerUri)} against champion ${escapeHtml(verdict.championUri)}</p>\n`
      : '';
  const checks = verdict.checks
    .map(
      (check) =>
        `<li class="check-${check.passed ? 'pass' : 'fail'}"><strong>${check.passed ? 'pass' : 'FAIL'}</strong> ` +
        `${escapeHtml(check.rule)}: ${escapeHtml(check.reason)}</li>`,
    )
    .join('\n');
  return `<section id="report-verdict" class="verdict verdict-${status}" role="status">
<h2>Regression check: ${status.toUpperCase()}</h2>
${versions}<ul>
${checks}
</ul>
</section>`;
}
