import type { SweepResult } from '@bcml/core';

import { EXIT } from './exit-codes.js';
import type { LocalResultFiles } from './local-result-files.js';

/** The MLflow UI URL of a run (the UI redirects `#/runs/<id>` to the run's page). */
export function mlflowRunUrl(trackingUri: string, runId: string): string {
  return `${trackingUri.replace(/\/+$/, '')}/#/runs/${runId}`;
}

/** The lines that describe a finished sweep: status, counts, failed points, report path, summary, MLflow run. */
export function sweepResultText(result: SweepResult, trackingUri: string, local: LocalResultFiles): string {
  const { counts } = result;
  const lines = [
    `sweep ${result.name} (${result.workflowId}): ${result.status}; ${counts.completed}/${counts.total} points completed, ` +
      `${counts.failed} failed, ${counts.cancelled} cancelled`,
    ...result.failedPoints.map((p) => `  failed ${p.pointId}: ${p.error}`),
    `report:     ${local.report}`,
    `summary:    ${local.summary}`,
  ];
  if (result.parentRunId !== null) lines.push(`MLflow run: ${mlflowRunUrl(trackingUri, result.parentRunId)}`);
  return `${lines.join('\n')}\n`;
}

/** The exit code for a finished sweep: 0 when every point completed, 3 when some failed or it was cancelled. */
export function sweepExitCode(result: SweepResult): number {
  return result.status === 'completed' && result.counts.failed === 0 && result.counts.cancelled === 0
    ? EXIT.ok
    : EXIT.incomplete;
}
