import { dirname, join } from 'node:path';

import { type PolicyOutcome, type RenderedReport, type RenderReportInput } from '@bcml/core';
import { type MlflowClient } from '@bcml/tracking';

import { SWEEP_FILES } from './sweep-files.js';
import { type SweepReports } from './sweep-reports.js';
import { fileUri, localPath } from './work-paths.js';

/** What `renderSummaryReport` needs: the report builders and the tracking client (`null`: not tracked). */
export interface RenderSummaryReportDeps {
  readonly reports: Pick<SweepReports, 'readResultFiles' | 'renderReport'>;
  readonly tracking: MlflowClient | null;
}

/**
 * Renders the report bundle of a `sweep-summary.json` into `report/` next to it and uploads it to the run `runId`
 * (when tracked). A one-point summary whose point has dissonance `none` (a comparison or a regression check) is
 * rendered in comparison mode, anything else as a sweep. With `verdict` (a regression check's policy outcome) the page
 * opens with PASS/FAIL and every check, h1 named the champion and h2 the challenger.
 */
export async function renderSummaryReport(
  deps: RenderSummaryReportDeps,
  { summaryUri, runId }: Pick<RenderReportInput, 'summaryUri' | 'runId'>,
  verdict?: PolicyOutcome,
): Promise<RenderedReport> {
  const { reports, tracking } = deps;
  const dir = dirname(localPath(summaryUri));
  const files = await reports.readResultFiles(dir);
  const comparison = files.summary.points.length === 1 && files.summary.points[0]?.dissonance === 'none';
  const rendered = await reports.renderReport({
    summary: files.summary,
    evaluations: files.evaluations,
    outDir: join(dir, SWEEP_FILES.report),
    mode: comparison ? 'comparison' : 'sweep',
    ...(verdict === undefined
      ? {}
      : {
          verdict: {
            passed: verdict.passed,
            checks: verdict.checks.map(({ rule, passed, reason }) => ({ rule, passed, reason })),
            championUri: files.summary.h1.uri,
            ...(files.summary.points[0]?.modelUri == null ? {} : { challengerUri: files.summary.points[0].modelUri }),
          },
        }),
  });
  if (tracking !== null && runId !== null) {
    const run = await tracking.getRun(runId);
    await tracking.uploadArtifacts(run.info.artifactUri, rendered.outDir, SWEEP_FILES.report);
  }
  return { reportUri: fileUri(rendered.indexPath) };
}
