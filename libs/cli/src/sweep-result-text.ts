import { fileURLToPath } from 'node:url';

import type { SweepResult } from '@bcml/core';

import { EXIT } from './exit-codes.js';

/** A path for a `file://` URI, else the URI itself. */
export function pathOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** The MLflow UI URL of a run (the UI redirects `#/runs/<id>` to the run's page). */
export function mlflowRunUrl(trackingUri: string, runId: string): string {
  return `${trackingUri.replace(/\/+$/, '')}/#/runs/${runId}`;
}

/** The lines that describe a finished sweep: status, counts, failed points, report path, summary, MLflow run. */
export function sweepResultText(result: SweepResult, trackingUri: string): string {
  const { counts } = result;
  const lines = [
    `sweep ${result.name} (${result.workflowId}): ${result.status}; ${counts.completed}/${counts.total} points completed, ` +
      `${counts.failed} failed, ${counts.cancelled} cancelled`,
    ...result.failedPoints.map((p) => `  failed ${p.pointId}: ${p.error}`),
    `report:     ${pathOf(result.reportUri)}`,
    `summary:    ${pathOf(result.summaryUri)}`,
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
