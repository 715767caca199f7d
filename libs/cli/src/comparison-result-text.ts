import { formatFixed, type ComparisonResult, type PointHeadline } from '@bcml/core';

import type { LocalResultFiles } from './local-result-files.js';
import { mlflowRunUrl } from './sweep-result-text.js';

/** A headline score for a person: 4 decimals, `n/a` for an empty denominator. */
function score(value: number | null): string {
  return formatFixed(value, 4);
}

/** One split's line: h2's performance, BTC and NFR against h1. */
function headlineLine(split: string, headline: PointHeadline, performanceMetric: string): string {
  return (
    `  ${split}: ${performanceMetric} ${score(headline.performance)}, BTC ${score(headline.btc)}, ` +
    `NFR ${score(headline.nfr)}`
  );
}

/** The lines that describe a finished comparison: h2's headline per split, report path, summary, MLflow run. */
export function comparisonResultText(
  result: ComparisonResult,
  performanceMetric: string,
  trackingUri: string,
  local: LocalResultFiles,
): string {
  const lines = [
    `comparison ${result.name} (${result.workflowId}): h2 against h1`,
    ...Object.entries(result.splits).map(([split, headline]) => headlineLine(split, headline, performanceMetric)),
    `report:     ${local.report}`,
    `summary:    ${local.summary}`,
  ];
  if (result.runId !== null) lines.push(`MLflow run: ${mlflowRunUrl(trackingUri, result.runId)}`);
  return `${lines.join('\n')}\n`;
}
