import { InvalidInputError } from '@bcml/core';

import { parseDatasetInputs, type RunDatasetInput } from './dataset-inputs.js';
import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';
import { withRetry } from './retry-policy.js';
import { isRetryable, MlflowError } from './mlflow-error.js';
import { tagEqualsFilter } from './search-filter.js';
import { wireKeyValues, wireNumber, wireObject, wireObjects, wireString, type WireObject } from './wire-json.js';

/** A run's lifecycle status, as MLflow names it. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** Every run status, in MLflow's order. */
export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** The tag that nests a run under its parent in the MLflow UI. */
export const PARENT_RUN_ID_TAG = 'mlflow.parentRunId';

/** The tag `getOrCreateRun` finds a run by: a business key such as `<sweep>/<point>`. */
export const RUN_KEY_TAG = 'bcml.key';

/** Identity and state of a run. */
export interface RunInfo {
  readonly runId: string;
  readonly runName: string;
  readonly experimentId: string;
  readonly userId: string;
  readonly status: RunStatus;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  /** `mlflow-artifacts:/<experiment>/<run>/artifacts` with proxied artifacts. */
  readonly artifactUri: string;
  readonly lifecycleStage: string;
}

/** What a run has logged: params, tags, and the latest value of each metric. */
export interface RunData {
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, number>>;
}

/** An MLflow run. */
export interface Run {
  readonly info: RunInfo;
  readonly data: RunData;
  /** The datasets it used (`runs/log-inputs`). */
  readonly inputs: readonly RunDatasetInput[];
}

/** Options of a new run. */
export interface CreateRunOptions {
  readonly runName?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Nests the run under this run (tag `mlflow.parentRunId`). */
  readonly parentRunId?: string;
  /** Milliseconds since the epoch; default now. */
  readonly startTime?: number;
}

/** A change of a run's status, end time or name. */
export interface RunUpdate {
  readonly status?: RunStatus;
  readonly endTime?: number;
  readonly runName?: string;
}

/** Which runs a search returns, by lifecycle stage. */
export type RunViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** A run search: experiments, an MLflow filter (e.g. `params.loss = 'mse'`), order and page size. */
export interface RunSearchQuery {
  readonly experimentIds: readonly string[];
  readonly filter?: string;
  /** E.g. `['metrics.val_loss ASC', 'attributes.start_time DESC']`. */
  readonly orderBy?: readonly string[];
  /** Runs per page (MLflow's default 1000, at most 50000). */
  readonly maxResults?: number;
  readonly runViewType?: RunViewType;
}

/** One page of a run search; `nextPageToken` is undefined on the last page. */
export interface RunPage {
  readonly runs: readonly Run[];
  readonly nextPageToken: string | undefined;
}

/** What `getOrCreateRun` found or made. */
export interface GetOrCreateRunResult {
  readonly run: Run;
  /** False when a run with the key already existed. */
  readonly created: boolean;
}

/** Reads a run from MLflow's JSON. */
export function parseRun(wire: WireObject): Run {
  const info = wireObject(wire.info);
  const data = wireObject(wire.data);
  const status = wireString(info, 'status');
  const metrics: Record<string, number> = {};
  for (const metric of wireObjects(data, 'metrics')) {
    metrics[wireString(metric, 'key')] = wireNumber(metric, 'value') ?? Number.NaN;
  }
  return {
    info: {
      runId: wireString(info, 'run_id') || wireString(info, 'run_uuid'),
      runName: wireString(info, 'run_name'),
      experimentId: wireString(info, 'experiment_id'),
      userId: wireString(info, 'user_id'),
      status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as RunStatus) : 'RUNNING',
      startTime: wireNumber(info, 'start_time'),
      endTime: wireNumber(info, 'end_time'),
      artifactUri: wireString(info, 'artifact_uri'),
      lifecycleStage: wireString(info, 'lifecycle_stage'),
    },
    data: { params: wireKeyValues(data, 'params'), tags: wireKeyValues(data, 'tags'), metrics },
    inputs: parseDatasetInputs(wire),
  };
}

/** Creates a run in `experimentId`, nested under `parentRunId` when given. */
export async function createRun(
  http: MlflowHttp,
  experimentId: string,
  options: CreateRunOptions = {},
  retry = true,
): Promise<Run> {
  const tags: Record<string, string> = { ...options.tags };
  if (options.parentRunId !== undefined) tags[PARENT_RUN_ID_TAG] = options.parentRunId;
  const answer = wireObject(
    await http.json('POST', `${TRACKING_API}/runs/create`, {
      body: {
        experiment_id: experimentId,
        ...(options.runName === undefined ? {} : { run_name: options.runName }),
        start_time: options.startTime ?? http.now(),
        tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      },
      retry,
    }),
  );
  return parseRun(wireObject(answer.run));
}

/** The run `runId` with its params, tags and latest metrics. */
export async function getRun(http: MlflowHttp, runId: string, retry = true): Promise<Run> {
  const answer = wireObject(await http.json('GET', `${TRACKING_API}/runs/get`, { query: { run_id: runId }, retry }));
  return parseRun(wireObject(answer.run));
}

/** Sets a run's status, end time and/or name; returns the updated info. */
export async function updateRun(http: MlflowHttp, runId: string, update: RunUpdate): Promise<RunInfo> {
  if (update.status !== undefined && !RUN_STATUSES.includes(update.status)) {
    throw new InvalidInputError('status', RUN_STATUSES.join(' | '), update.status);
  }
  const answer = wireObject(
    await http.json('POST', `${TRACKING_API}/runs/update`, {
      body: {
        run_id: runId,
        ...(update.status === undefined ? {} : { status: update.status }),
        ...(update.endTime === undefined ? {} : { end_time: update.endTime }),
        ...(update.runName === undefined ? {} : { run_name: update.runName }),
      },
    }),
  );
  const info = wireObject(answer.run_info);
  return parseRun({ info, data: {} }).info;
}

/** One page of runs matching `query`, from `pageToken` (the first page when undefined). */
export async function searchRunsPage(
  http: MlflowHttp,
  query: RunSearchQuery,
  pageToken?: string,
  retry = true,
): Promise<RunPage> {
  const answer = wireObject(
    await http.json('POST', `${TRACKING_API}/runs/search`, {
      body: {
        experiment_ids: query.experimentIds,
        ...(query.filter === undefined ? {} : { filter: query.filter }),
        run_view_type: query.runViewType ?? 'ACTIVE_ONLY',
        max_results: query.maxResults ?? 1000,
        ...(query.orderBy === undefined ? {} : { order_by: query.orderBy }),
        ...(pageToken === undefined ? {} : { page_token: pageToken }),
      },
      retry,
    }),
  );
  const token = wireString(answer, 'next_page_token');
  return { runs: wireObjects(answer, 'runs').map(parseRun), nextPageToken: token === '' ? undefined : token };
}

/** Every run matching `query`, fetching pages lazily. */
export async function* searchRuns(http: MlflowHttp, query: RunSearchQuery): AsyncGenerator<Run, void, undefined> {
  let pageToken: string | undefined;
  do {
    const page = await searchRunsPage(http, query, pageToken);
    yield* page.runs;
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
}

/**
 * The active run of `experimentId` tagged `bcml.key = key` (the oldest, if several), else a new run with that
 * tag. A transient failure repeats the whole search-then-create, so a create whose answer was lost is found
 * by the next search instead of being created twice.
 */
export async function getOrCreateRun(
  http: MlflowHttp,
  experimentId: string,
  key: string,
  options: CreateRunOptions = {},
): Promise<GetOrCreateRunResult> {
  if (key === '') throw new InvalidInputError('key', 'a non-empty run key', key);
  const query: RunSearchQuery = {
    experimentIds: [experimentId],
    filter: tagEqualsFilter(RUN_KEY_TAG, key),
    orderBy: ['attributes.start_time ASC'],
    maxResults: 50,
  };
  return await withRetry(
    async () => {
      const page = await searchRunsPage(http, query, undefined, false);
      const found = page.runs.find((run) => run.data.tags[RUN_KEY_TAG] === key);
      if (found !== undefined) return { run: found, created: false };
      const run = await createRun(
        http,
        experimentId,
        { ...options, tags: { ...options.tags, [RUN_KEY_TAG]: key } },
        false,
      );
      return { run, created: true };
    },
    (error) => ({ retryable: isRetryable(error) }),
    http.config.retry,
    http.retryDeps,
    (error, attempts) => (error instanceof MlflowError ? error.afterAttempts(attempts) : error),
  );
}
