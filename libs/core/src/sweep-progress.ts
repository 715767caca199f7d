import { textAt } from './json-fields.js';
import { integerAt } from './json-numbers.js';
import { InvalidInputError } from './bcml-error.js';
import { recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { MAX_PACK } from './point-pack.js';

/** The name of the sweep workflow's progress query (`temporal workflow query --name progress`). */
export const SWEEP_PROGRESS_QUERY = 'progress';

/** The name of the signal a trainer sends after each epoch (`PointProgress`). */
export const POINT_PROGRESS_SIGNAL = 'pointProgress';

/** Where a sweep is: preparing, training points, reducing, rendering the report, or finished. */
export type SweepPhase = 'preparing' | 'training' | 'reducing' | 'reporting' | 'finished';

/** A point in training and its epochs. */
export interface RunningPointProgress {
  readonly pointId: string;
  /** Epochs finished in the current attempt (0 until the trainer's first `pointProgress` signal). */
  readonly epoch: number;
  /** The point's epochs. */
  readonly epochs: number;
}

/** The answer of the sweep workflow's `progress` query: points by state and the epochs of the running ones. */
export interface SweepProgress {
  readonly phase: SweepPhase;
  /** Grid points: completed + failed + cancelled + running + pending. */
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly running: number;
  /** Not started yet. */
  readonly pending: number;
  /** Whether the sweep was asked to cancel (it then reduces and reports what completed). */
  readonly cancelRequested: boolean;
  /** The running points, in point order. */
  readonly runningPoints: readonly RunningPointProgress[];
}

/**
 * The payload of the `pointProgress` signal, which a trainer activity sends through its worker's client
 * (`Context.current().client.workflow.getHandle(workflowId).signal(POINT_PROGRESS_SIGNAL, …)`) after each epoch:
 * one object for a point trained alone, an array of them (one signal, one history event) for a pack.
 */
export interface PointProgress {
  readonly pointId: string;
  /** Epochs finished, 0 ≤ epoch ≤ epochs. */
  readonly epoch: number;
  readonly epochs: number;
}

/** Validates a `pointProgress` signal payload; the workflow ignores bad ones rather than fail. */
export function parsePointProgress(value: unknown): PointProgress {
  const field = 'pointProgress';
  const record = recordAt(field, value, 'an object { pointId, epoch, epochs }');
  rejectUnknownKeys(field, record, ['pointId', 'epoch', 'epochs']);
  const epochs = integerAt(`${field}.epochs`, requiredAt(field, record, 'epochs'), 1, 100_000);
  return {
    pointId: textAt(`${field}.pointId`, requiredAt(field, record, 'pointId'), 400),
    epoch: integerAt(`${field}.epoch`, requiredAt(field, record, 'epoch'), 0, epochs),
    epochs,
  };
}

/**
 * Validates a `pointProgress` signal payload of either form, one `PointProgress` or an array of at most `MAX_PACK`
 * (a pack's, in one signal so that a pack's epoch costs the workflow history one event, not one per point).
 */
export function parsePointProgressList(value: unknown): PointProgress[] {
  if (!Array.isArray(value)) return [parsePointProgress(value)];
  if (value.length === 0 || value.length > MAX_PACK) {
    throw new InvalidInputError('pointProgress', `1 to ${MAX_PACK} point progress objects`, `${value.length} items`);
  }
  return value.map((item: unknown) => parsePointProgress(item));
}

/**
 * The most `pointProgress` signals the trainers of one sweep send in all (each is an event in the sweep's history,
 * which Temporal caps at 51,200, warning from 10,240): the workflow shares them over its trainer activities
 * (`TrainPointInput.progressSignals`).
 */
export const MAX_PROGRESS_SIGNALS = 1000;

/**
 * Whether a trainer signals progress after `epoch` of `epochs`, having last signalled after `lastSignalled` (0: not
 * yet), when it may send `budget` signals in all: after the last epoch always, else when `epoch` reaches the next of
 * `budget` evenly spaced marks (every epoch when `budget >= epochs`).
 */
export function isProgressSignalEpoch(epoch: number, epochs: number, lastSignalled: number, budget: number): boolean {
  if (epoch >= epochs) return true;
  const mark = (e: number): number => Math.floor((e * budget) / epochs);
  return mark(epoch) > mark(lastSignalled);
}
