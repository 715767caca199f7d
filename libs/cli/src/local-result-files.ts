import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { resolveStackConfig } from '@bcml/infra';
import { RESULT_FILES } from '@bcml/results';
import { createMlflowClient, trackingConfigFromEnv } from '@bcml/tracking';
import { createArtifactCache, createArtifactStore, mlflowArtifactTransport } from '@bcml/workers';

import type { CliIo } from './cli-io.js';
import { trackingUri } from './tracking-uri.js';

/** Where a finished workflow's results were copied on this machine. */
export interface LocalResultFiles {
  /** The report bundle's page, `<BCML_DATA_DIR>/results/<workflowId>/report/index.html`. */
  readonly report: string;
  /** `<BCML_DATA_DIR>/results/<workflowId>/sweep-summary.json`, with `evaluations/` beside it. */
  readonly summary: string;
}

/**
 * Copies a workflow's results folder and report bundle (artifact references: `summaryUri`, `reportUri`) from the
 * artifact store to `<BCML_DATA_DIR>/results/<workflowId>/`, through this machine's artifact cache, so that a person
 * can open them wherever the workers ran. Resolves the local paths of the page and the summary.
 */
export async function localResultFiles(
  env: CliIo['env'],
  workflowId: string,
  refs: { readonly summaryUri: string; readonly reportUri: string },
): Promise<LocalResultFiles> {
  const { dataDir } = resolveStackConfig(env);
  const tracking = createMlflowClient(trackingConfigFromEnv({ ...env, MLFLOW_TRACKING_URI: trackingUri(env) }));
  const store = createArtifactStore({
    transports: [mlflowArtifactTransport(tracking)],
    cache: createArtifactCache({ dir: join(dataDir, 'cache', 'artifacts') }),
  });
  const folder = join(dataDir, 'results', encodeURIComponent(workflowId));
  const results = await store.fetch(refs.summaryUri, 'summaryUri');
  const report = await store.fetch(refs.reportUri, 'reportUri');
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await cp(results, folder, { recursive: true });
  await cp(report, join(folder, RESULT_FILES.report), { recursive: true });
  return {
    report: join(folder, RESULT_FILES.report, RESULT_FILES.reportIndex),
    summary: join(folder, RESULT_FILES.summary),
  };
}
