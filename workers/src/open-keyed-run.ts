import { type MlflowClient, type ParamValue, type Run } from '@bcml/tracking';

/** The run `openKeyedRun` opens: where, under which business key, and what it records up front. */
export interface KeyedRunRequest {
  /** The MLflow experiment's name (created when missing). */
  readonly experiment: string;
  /** The workflow's run key (`workflowRunKey`): a retry finds the run an earlier attempt created. */
  readonly runKey: string;
  readonly runName: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Derived from the spec and the data only, so that a retry logs the same values (params are write-once). */
  readonly params: Readonly<Record<string, ParamValue>>;
}

/**
 * The run tagged with `runKey` in the experiment, created when missing (idempotent, `getOrCreateRun`), RUNNING again
 * if an earlier attempt ended it, with `tags` set and `params` logged.
 */
export async function openKeyedRun(tracking: MlflowClient, request: KeyedRunRequest): Promise<Run> {
  const experiment = await tracking.getOrCreateExperiment(request.experiment);
  const { run, created } = await tracking.getOrCreateRun(experiment.experimentId, request.runKey, {
    runName: request.runName,
    tags: request.tags,
  });
  const runId = run.info.runId;
  if (!created) {
    await tracking.setTags(runId, request.tags);
    if (run.info.status !== 'RUNNING') await tracking.updateRun(runId, { status: 'RUNNING' });
  }
  await tracking.logParams(runId, request.params);
  return run;
}
