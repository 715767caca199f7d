import type { RegressionVerdict } from '@bcml/core';

import { EXIT } from './exit-codes.js';
import type { LocalResultFiles } from './local-result-files.js';
import { mlflowRunUrl } from './sweep-result-text.js';

/** The lines that describe a regression verdict: PASS or FAIL, the versions compared, each check, report, MLflow run. */
export function regressionVerdictText(
  verdict: RegressionVerdict,
  trackingUri: string,
  local: LocalResultFiles,
): string {
  const lines = [
    `regression ${verdict.name} (${verdict.workflowId}): ${verdict.passed ? 'PASS' : 'FAIL'}`,
    `  champion:   ${verdict.championUri}`,
    `  challenger: ${verdict.challengerUri} (on ${verdict.split})`,
    ...verdict.checks.map((check) => `  ${check.passed ? 'pass' : 'FAIL'}  ${check.rule}: ${check.reason}`),
    `report:     ${local.report}`,
    `summary:    ${local.summary}`,
  ];
  if (verdict.runId !== null) lines.push(`MLflow run: ${mlflowRunUrl(trackingUri, verdict.runId)}`);
  return `${lines.join('\n')}\n`;
}

/** The exit code of a regression verdict: 0 on pass, `EXIT.regressionFailed` (4) on fail. */
export function regressionExitCode(verdict: RegressionVerdict): number {
  return verdict.passed ? EXIT.ok : EXIT.regressionFailed;
}
