import type { PointSpec } from './point-spec.js';
import type { TrainedPoint } from './point-result.js';
import type { PreparedSweep } from './sweep-control-activities.js';
import type { SweepDatasetSpec } from './sweep-spec.js';
import type { TrackingSpec } from './tracking-spec.js';
import type { TrainingSpec } from './training-spec.js';

/** Input of `trainPoint`: everything one point needs, by reference. */
export interface TrainPointInput {
  /** `pointRunKey(sweepRunKey, point.id)`: tag of the child MLflow run and name of its checkpoint folder. */
  readonly runKey: string;
  /** The sweep's run key. */
  readonly sweepRunKey: string;
  /** The sweep workflow, for the `pointProgress` signal. */
  readonly workflowId: string;
  readonly point: PointSpec;
  /** The complete training spec of this point (`pointTrainingSpec`). */
  readonly training: TrainingSpec;
  readonly dataset: SweepDatasetSpec;
  /** The references `prepareSweep` made (parent run, h1 outputs, initial weights, working folder). */
  readonly prepared: PreparedSweep;
  readonly tracking: TrackingSpec;
  /** The most `pointProgress` signals to send (`isProgressSignalEpoch`; the sweep's share); absent: one per epoch. */
  readonly progressSignals?: number;
}

/** What `trainPoint` heartbeats after each epoch (written checkpoint first, heartbeat second). */
export interface TrainPointHeartbeat {
  /** Epochs finished. */
  readonly epoch: number;
  readonly epochs: number;
  /**
   * The checkpoint after that epoch, uploaded to the point's run before this heartbeat (an artifact reference,
   * `…/checkpoints/epoch-…#folder-sha256=…`): a retry on any machine resumes from it.
   */
  readonly checkpointUri: string;
}

/** One point of a pack: what `TrainPointInput` says of it alone. */
export interface PackedPoint {
  /** `pointRunKey(sweepRunKey, point.id)`. */
  readonly runKey: string;
  readonly point: PointSpec;
  /** The complete training spec of this point (`pointTrainingSpec`): the pack's specs differ in loss, λ and loss options only. */
  readonly training: TrainingSpec;
}

/** Input of `trainPack`: points of one sweep that train together (`sweepPacks`), by reference. */
export interface TrainPackInput {
  readonly sweepRunKey: string;
  readonly workflowId: string;
  /** Two or more points, in point order. */
  readonly points: readonly PackedPoint[];
  readonly dataset: SweepDatasetSpec;
  readonly prepared: PreparedSweep;
  readonly tracking: TrackingSpec;
  /** The most `pointProgress` signals (one per epoch for all its points) to send, as `TrainPointInput`'s. */
  readonly progressSignals?: number;
}

/** What `trainPack` heartbeats: the epoch all its points finished, and each point's checkpoint after it. */
export interface TrainPackHeartbeat {
  readonly epoch: number;
  readonly epochs: number;
  /** One uploaded checkpoint per point, in the input's point order (as `TrainPointHeartbeat.checkpointUri`). */
  readonly checkpointUris: readonly string[];
}

/**
 * The trainer pools' activity (task queues `bcml-train-cpu` and `bcml-train-gpu`), implemented in `workers/` by a
 * factory that receives its dependencies.
 *
 * `trainPoint` trains h2 from the shared initial weights with the point's loss, reading h1's outputs from the cache;
 * after each epoch it writes a checkpoint, uploads it to the artifact store, heartbeats a `TrainPointHeartbeat` and signals `pointProgress` to the
 * workflow; a retry resumes from `activityInfo().heartbeatDetails`. It logs one child MLflow run (found again by
 * `runKey` on retry), saves the model and predictions, and returns a small `TrainedPoint`. Timeouts come from the
 * spec's `execution` (heartbeat timeout, start-to-close, attempts, retry interval); cancellation arrives with a
 * heartbeat, and the activity then stops, marks its run KILLED and rethrows. Bad input throws `InvalidInputError`
 * (non-retryable).
 */
export interface TrainerActivities {
  readonly trainPoint: (input: TrainPointInput) => Promise<TrainedPoint>;
  /**
   * Trains a pack's points together (`@bcml/training`'s `trainPacked`: one stacked model, each block a point's h2
   * with its own loss and λ, the same batches) and returns one `TrainedPoint` per point, in order. Everything else is
   * `trainPoint`'s, per point: its child MLflow run, checkpoints, progress signals, model, predictions and
   * evaluations; the heartbeat (`TrainPackHeartbeat`) carries every point's checkpoint, and a retry resumes them all.
   * A failure fails the whole pack (its points are retried together).
   */
  readonly trainPack: (input: TrainPackInput) => Promise<TrainedPoint[]>;
}
