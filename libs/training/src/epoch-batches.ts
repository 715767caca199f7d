import { batches, type Batch } from '@bcml/data';

import { type LabelledData } from './labelled-data.js';
import { nextMacrotask } from './next-macrotask.js';

/**
 * The longest time between two turns of the event loop while training (plus at most one batch's kernels), so that
 * timers, heartbeats and cancellation get through.
 */
const YIELD_INTERVAL_MS = 10;

/** Options of `epochBatches`. */
export interface EpochBatchesOptions {
  readonly batchSize: number;
  /** The shuffle seed (mixed with the epoch). */
  readonly seed: number;
  readonly epoch: number;
  /** Called before every batch, after any turn of the event loop: throws to stop (cancellation). */
  readonly beforeBatch: () => void;
}

/**
 * One training epoch's batches of `data` (its `rows` when it has them, shuffled by seed and epoch), for both training
 * loops. It yields to the event loop before the epoch's first batch and then whenever `YIELD_INTERVAL_MS` have passed
 * since the last turn (not before every batch: small batches take well under a millisecond of kernels, and a turn of
 * the event loop costs a good share of that); `beforeBatch` runs before every batch.
 */
export async function* epochBatches(data: LabelledData, options: EpochBatchesOptions): AsyncGenerator<Batch, void> {
  let lastYield = -Infinity;
  for (const batch of batches(data.examples, {
    batchSize: options.batchSize,
    seed: options.seed,
    epoch: options.epoch,
    ...(data.rows === undefined ? {} : { rows: data.rows }),
  })) {
    if (performance.now() - lastYield >= YIELD_INTERVAL_MS) {
      await nextMacrotask();
      lastYield = performance.now();
    }
    options.beforeBatch();
    yield batch;
  }
}
