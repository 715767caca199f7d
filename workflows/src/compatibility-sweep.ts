import {
  MAX_POINT_ERROR_LENGTH,
  MAX_PROGRESS_SIGNALS,
  NON_RETRYABLE_ERROR_TYPES,
  parsePointProgressList,
  parseSweepSpec,
  parseTrainedPoint,
  POINT_PROGRESS_SIGNAL,
  pointRunKey,
  POINT_RESULTS_PER_PART,
  pointTrainingSpec,
  SWEEP_PROGRESS_QUERY,
  sweepPacks,
  sweepPoints,
  trainTaskQueue,
  workflowRunKey,
  type PointResult,
  type PointSpec,
  type PointStatus,
  type PreparedSweep,
  type ReduceSweepInput,
  type RunningPointProgress,
  type SweepControlActivities,
  type SweepCounts,
  type SweepPhase,
  type SweepProgress,
  type SweepResult,
  type SweepSpec,
  type TrainerActivities,
} from '@bcml/core';
import {
  ActivityCancellationType,
  type ActivityOptions,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

import { activityErrorMessage, stepFailure } from './activity-failure.js';
import { longControlActivity, shortControlActivity } from './control-activity-options.js';
import { parseAtEdge } from './edge-input.js';

const { prepareSweep, reduceSweep } = proxyActivities<SweepControlActivities>(longControlActivity);
const { storePointResults, renderReport, finishSweep } = proxyActivities<SweepControlActivities>(shortControlActivity);

const progressQuery = defineQuery<SweepProgress>(SWEEP_PROGRESS_QUERY);
const pointProgressSignal = defineSignal<[unknown]>(POINT_PROGRESS_SIGNAL);

/** A point's state while the sweep runs. */
type PointState = 'pending' | 'running' | PointStatus;

/**
 * The patch that trains packs of points (`sweepPacks`) instead of one activity per point: a sweep whose history
 * predates it replays one `trainPoint` per point.
 */
const POINT_PACKS_PATCH = 'point-packs';

/**
 * The patch that hands more than `POINT_RESULTS_PER_PART` point results to `reduceSweep` as stored parts
 * (`storePointResults`) instead of in its input: a sweep whose history predates it replays one large input.
 */
const POINT_RESULT_PARTS_PATCH = 'point-result-parts';

/**
 * Trains one h2 per (dissonance, base loss, λ) of a sweep spec against h1 and reports (DESIGN.md, "Data flow of one
 * sweep"): `prepareSweep` on `bcml-control` (a non-retryable error there fails the sweep before any training), then
 * the points in packs (`sweepPacks`, `execution.pack`) on `bcml-train-<pool>`: `trainPoint` for a pack of one point,
 * `trainPack` for a pack of several (one stacked model); at most `execution.parallelism` activities at a time (a
 * deterministic dispatcher gated by `condition`), both with the same activity options; then `reduceSweep`,
 * `renderReport` and `finishSweep` on `bcml-control` (more than `POINT_RESULTS_PER_PART` point results go to
 * `reduceSweep` as parts stored by `storePointResults`, so that no payload nears Temporal's blob limit).
 *
 * - An activity that still fails after `execution.maxAttempts` records its points as failed (every point of a
 *   pack, with the pack's error); the others go on. A `trainPack` result is checked point by point
 *   (`parseTrainedPoint`); one of the wrong length fails the pack.
 * - Query `progress` (`SweepProgress`): points by state (every point of a running pack is running) and, per running
 *   point, the epochs the trainer reported through the `pointProgress` signal (`PointProgress`, one per point, or an
 *   array of them, one signal per epoch of a `trainPack`; epoch 0 until the first; malformed or stale signals are
 *   ignored). The activities share `MAX_PROGRESS_SIGNALS` (`progressSignals` of their input), so that a large sweep
 *   of many epochs stays far below Temporal's history limits.
 * - Cancelling the workflow stops starting activities, cancels the running ones (waiting until their trainers stop),
 *   then still reduces and reports what completed (in a non-cancellable scope) and returns with status `cancelled`.
 * - Activities get business keys (`workflowRunKey(spec.name, workflowId)`, `pointRunKey`) so that retries are
 *   idempotent; payloads are URIs.
 */
export async function compatibilitySweep(input: unknown): Promise<SweepResult> {
  const spec = parseAtEdge(parseSweepSpec, input);
  const { workflowId } = workflowInfo();
  const runKey = workflowRunKey(spec.name, workflowId);
  const points = sweepPoints(spec);
  const states: PointState[] = points.map(() => 'pending');
  const results: (PointResult | undefined)[] = points.map(() => undefined);
  const epochs = new Map<string, RunningPointProgress>();
  const indexOf = new Map(points.map((point, i) => [point.id, i]));
  const root = CancellationScope.current();
  let phase: SweepPhase = 'preparing';

  setHandler(progressQuery, () => progressOf(phase, points, states, epochs, root.consideredCancelled));
  setHandler(pointProgressSignal, (payload) => {
    for (const progress of safeParsePointProgress(payload)) {
      const i = indexOf.get(progress.pointId);
      if (i !== undefined && states[i] === 'running') epochs.set(progress.pointId, progress);
    }
  });

  let prepared: PreparedSweep;
  try {
    prepared = await prepareSweep({ runKey, workflowId, spec });
  } catch (error) {
    if (isCancellation(error)) throw error;
    throw stepFailure(error, 'prepareSweep');
  }

  phase = 'training';
  const { trainPoint, trainPack } = proxyActivities<TrainerActivities>(trainerOptions(spec));
  const settle = (i: number, result: PointResult): void => {
    results[i] = result;
    states[i] = result.status;
    epochs.delete(result.pointId);
  };
  /** Settles the points of an activity that failed or was cancelled (`error`), or of a result the workflow refuses. */
  const settleUnfinished = (pack: readonly PointSpec[], error: unknown, started: number): void => {
    const durationMs = Date.now() - started;
    for (const point of pack) {
      settle(
        point.index,
        isCancellation(error)
          ? unfinished(point, 'cancelled', durationMs)
          : unfinished(point, 'failed', durationMs, activityErrorMessage(error)),
      );
    }
  };
  const trainAlone = async (point: PointSpec): Promise<void> => {
    const started = Date.now();
    try {
      const trained = await trainPoint({
        runKey: pointRunKey(runKey, point.id),
        sweepRunKey: runKey,
        workflowId,
        point,
        training: pointTrainingSpec(spec, point),
        dataset: spec.dataset,
        prepared,
        tracking: spec.tracking,
        progressSignals,
      });
      settle(point.index, {
        pointId: point.id,
        status: 'completed',
        ...parseTrainedPoint(trained, 'trainPoint result'),
      });
    } catch (error) {
      settleUnfinished([point], error, started);
    }
  };
  const trainTogether = async (pack: readonly PointSpec[]): Promise<void> => {
    const started = Date.now();
    let trained: unknown;
    try {
      trained = await trainPack({
        sweepRunKey: runKey,
        workflowId,
        points: pack.map((point) => ({
          runKey: pointRunKey(runKey, point.id),
          point,
          training: pointTrainingSpec(spec, point),
        })),
        dataset: spec.dataset,
        prepared,
        tracking: spec.tracking,
        progressSignals,
      });
    } catch (error) {
      settleUnfinished(pack, error, started);
      return;
    }
    if (!Array.isArray(trained) || trained.length !== pack.length) {
      const received = Array.isArray(trained) ? `${trained.length} results` : typeof trained;
      const message = `invalid trainPack result: expected an array of ${pack.length} trained points, received ${received}`;
      settleUnfinished(pack, new Error(message), started);
      return;
    }
    pack.forEach((point, i) => {
      try {
        settle(point.index, {
          pointId: point.id,
          status: 'completed',
          ...parseTrainedPoint(trained[i], `trainPack result[${i}]`),
        });
      } catch (error) {
        settleUnfinished([point], error, started);
      }
    });
  };

  // The dispatcher: starts the packs in order (by first point), each when fewer than `parallelism` activities run;
  // stops on cancellation. A sweep whose history predates packs trains each point alone.
  const packs = patched(POINT_PACKS_PATCH) ? sweepPacks(spec, points) : points.map((point) => [point]);
  // Each activity's share of the sweep's progress signals (history events).
  const progressSignals = Math.max(1, Math.floor(MAX_PROGRESS_SIGNALS / packs.length));
  let running = 0;
  const inFlight: Promise<void>[] = [];
  for (const pack of packs) {
    try {
      await condition(() => running < spec.execution.parallelism);
    } catch (error) {
      if (isCancellation(error)) break;
      throw error;
    }
    running += 1;
    for (const point of pack) {
      states[point.index] = 'running';
      epochs.set(point.id, { pointId: point.id, epoch: 0, epochs: spec.h2.epochs });
    }
    const [alone] = pack;
    inFlight.push(
      (pack.length === 1 && alone !== undefined ? trainAlone(alone) : trainTogether(pack)).finally(() => {
        running -= 1;
      }),
    );
  }
  await Promise.all(inFlight);
  for (const point of points) {
    if (states[point.index] === 'pending') settle(point.index, unfinished(point, 'cancelled', null));
  }

  const status = root.consideredCancelled ? 'cancelled' : 'completed';
  const finished = results.filter((r): r is PointResult => r !== undefined);
  const counts = countsOf(finished);
  return CancellationScope.nonCancellable(async () => {
    let step: 'storePointResults' | 'reduceSweep' | 'renderReport' | 'finishSweep' = 'reduceSweep';
    try {
      phase = 'reducing';
      let reduceInput: ReduceSweepInput = { runKey, spec, prepared, points: finished };
      if (finished.length > POINT_RESULTS_PER_PART && patched(POINT_RESULT_PARTS_PATCH)) {
        step = 'storePointResults';
        const parts = chunks(finished, POINT_RESULTS_PER_PART);
        const stored = await Promise.all(
          parts.map((points, part) => storePointResults({ runKey, prepared, part, points })),
        );
        reduceInput = { ...reduceInput, points: [], pointParts: stored.map((s) => s.uri) };
        step = 'reduceSweep';
      }
      const { summaryUri } = await reduceSweep(reduceInput);
      phase = 'reporting';
      step = 'renderReport';
      const { reportUri } = await renderReport({ runKey, summaryUri, runId: prepared.parentRunId });
      step = 'finishSweep';
      await finishSweep({ runKey, parentRunId: prepared.parentRunId, status, counts });
      phase = 'finished';
      return {
        name: spec.name,
        workflowId,
        runKey,
        status,
        parentRunId: prepared.parentRunId,
        summaryUri,
        reportUri,
        counts,
        failedPoints: finished.flatMap((r) =>
          r.status === 'failed' ? [{ pointId: r.pointId, error: r.error ?? '' }] : [],
        ),
      };
    } catch (error) {
      if (step !== 'finishSweep') {
        // Best effort: mark the parent run FAILED; the failed step is what the caller must see.
        await finishSweep({ runKey, parentRunId: prepared.parentRunId, status: 'failed', counts }).catch(
          () => undefined,
        );
      }
      throw stepFailure(error, step);
    }
  });
}

/** Activity options of `trainPoint` and `trainPack` (per activity, not per point), from the spec's `execution`. */
function trainerOptions(spec: SweepSpec): ActivityOptions {
  const { execution } = spec;
  const ms = (seconds: number): number => Math.round(seconds * 1000);
  return {
    taskQueue: trainTaskQueue(execution.pool),
    startToCloseTimeout: ms(execution.pointTimeoutSeconds),
    heartbeatTimeout: ms(execution.heartbeatTimeoutSeconds),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: {
      maximumAttempts: execution.maxAttempts,
      initialInterval: ms(execution.retryIntervalSeconds),
      backoffCoefficient: 2,
      maximumInterval: ms(Math.max(execution.retryIntervalSeconds, 600)),
      nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
    },
  };
}

/** The result of a point that did not complete. */
function unfinished(
  point: PointSpec,
  status: 'failed' | 'cancelled',
  durationMs: number | null,
  error?: string,
): PointResult {
  return {
    pointId: point.id,
    status,
    ...(error === undefined ? {} : { error: error.slice(0, MAX_POINT_ERROR_LENGTH) || 'unknown error' }),
    mlflowRunId: null,
    modelUri: null,
    predictionsUri: null,
    evaluations: null,
    durationMs,
    splits: {},
  };
}

/** `items` in consecutive slices of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function countsOf(results: readonly PointResult[]): SweepCounts {
  const count = (status: PointStatus): number => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    completed: count('completed'),
    failed: count('failed'),
    cancelled: count('cancelled'),
  };
}

function progressOf(
  phase: SweepPhase,
  points: readonly PointSpec[],
  states: readonly PointState[],
  epochs: ReadonlyMap<string, RunningPointProgress>,
  cancelRequested: boolean,
): SweepProgress {
  const count = (state: PointState): number => states.filter((s) => s === state).length;
  return {
    phase,
    total: points.length,
    completed: count('completed'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    running: count('running'),
    pending: count('pending'),
    cancelRequested,
    runningPoints: points.flatMap((point) => {
      const progress = states[point.index] === 'running' ? epochs.get(point.id) : undefined;
      return progress === undefined ? [] : [progress];
    }),
  };
}

/** A `pointProgress` payload (a point's or a pack's); none when malformed (a stray signal must not fail the sweep). */
function safeParsePointProgress(payload: unknown): RunningPointProgress[] {
  try {
    return parsePointProgressList(payload);
  } catch {
    return [];
  }
}
