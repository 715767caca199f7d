import { join } from 'node:path';

import { type PolicyOutcome, type RenderedReport, type RenderReportInput } from '@bcml/core';
import { renderReport } from '@bcml/reports';
import { readResultFiles, RESULT_FILES } from '@bcml/results';
import { type MlflowClient } from '@bcml/tracking';

import { type ArtifactStore } from './artifacts/index.js';
import { reportImages } from './report-images.js';
import { artifactChild, runArtifactRoot, withScratch } from './run-artifacts.js';
import { type DatasetResolver } from './sweep-data.js';
import { type WorkerLogger } from './worker-logger.js';

/**
 * What `renderSummaryReport` needs: the artifact store, this worker's scratch folder and the tracking client; with
 * the dataset resolver and a logger, an image dataset's error instances are drawn (`reportImages`).
 */
export interface RenderSummaryReportDeps {
  readonly artifacts: ArtifactStore;
  /** Reads the summary's dataset for its images (cached by the worker that prepared or evaluated the run). */
  readonly resolveDataset?: DatasetResolver;
  /** Where a report without the images it could have (a dataset unreadable or changed) is said. */
  readonly logger?: WorkerLogger;
  /** This worker's own folder for scratch files. */
  readonly storageDir: string;
  /** The tracking client (`null`: not tracked; the report then goes below `untrackedArtifactRoot`). */
  readonly tracking: MlflowClient | null;
  readonly untrackedArtifactRoot?: string | undefined;
}

/**
 * Renders the report bundle of a results folder (fetched by its reference `summaryUri`) and uploads it to
 * `<run artifacts>/report`: any control worker can render what another reduced. A one-point summary whose point has
 * dissonance `none` (a comparison or a regression check) is rendered in comparison mode, anything else as a sweep.
 * With `verdict` (a regression check's policy outcome) the page opens with PASS/FAIL and every check, h1 named the
 * champion and h2 the challenger. Resolves the bundle's artifact reference.
 */
export async function renderSummaryReport(
  deps: RenderSummaryReportDeps,
  { runKey, summaryUri, runId }: RenderReportInput,
  verdict?: PolicyOutcome,
): Promise<RenderedReport> {
  const { artifacts, tracking } = deps;
  const results = await artifacts.fetch(summaryUri, 'summaryUri');
  const files = await readResultFiles(results);
  const comparison = files.summary.points.length === 1 && files.summary.points[0]?.dissonance === 'none';
  const run = tracking !== null && runId !== null ? await tracking.getRun(runId) : null;
  const root = runArtifactRoot(run, runKey, deps.untrackedArtifactRoot);
  const { resolveDataset, logger } = deps;
  const dataset =
    resolveDataset === undefined || logger === undefined
      ? null
      : await reportImages(resolveDataset, logger, files.summary);
  const reportUri = await withScratch(deps.storageDir, async (scratch) => {
    const rendered = await renderReport({
      summary: files.summary,
      evaluations: files.evaluations,
      dataset,
      outDir: join(scratch, RESULT_FILES.report),
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
    return artifacts.putFolder(rendered.outDir, artifactChild(root, RESULT_FILES.report));
  });
  return { reportUri };
}
