import { totalmem } from 'node:os';

import { formatCount, InvalidInputError } from '@bcml/core';
import { type DatasetMemoryEstimate } from '@bcml/data';

/** The environment variable `bcml worker` reads a worker's memory budget for datasets from, in bytes. */
export const MEMORY_BUDGET_SETTING = 'BCML_WORKER_MEMORY_BYTES';

/** The share of the machine's memory (`os.totalmem()`) a worker's datasets may take by default. */
export const DEFAULT_MEMORY_BUDGET_SHARE = 0.5;

/**
 * A worker's default memory budget for datasets: half of `total` (default this machine's memory), the other half
 * left to TensorFlow, the models, batches and other processes.
 */
export function defaultMemoryBudgetBytes(total: number = totalmem()): number {
  return Math.floor(total * DEFAULT_MEMORY_BUDGET_SHARE);
}

/**
 * Refuses a dataset whose splits, read at once and encoded (`estimateDatasetMemory`, summed over `estimates`), would
 * take more than `budgetBytes`: an `InvalidInputError` naming `dataset.uri`, the estimate, the budget and the setting
 * that raises it (`BCML_WORKER_MEMORY_BYTES`). Non-retryable: no retry makes it fit.
 */
export function checkDatasetMemory(
  uri: string,
  estimates: Readonly<Record<string, DatasetMemoryEstimate>>,
  budgetBytes: number,
): void {
  const total = Object.values(estimates).reduce((sum, e) => sum + e.bytes, 0);
  if (total <= budgetBytes) return;
  const splits = Object.entries(estimates)
    .map(([split, e]) => `${split}: ${formatCount(e.rows)} rows × ${formatCount(e.width)} inputs`)
    .join(', ');
  throw new InvalidInputError(
    'dataset.uri',
    `a dataset that fits this worker's memory budget of ${formatCount(budgetBytes)} bytes ` +
      `(${MEMORY_BUDGET_SETTING}; raise it, or train on a worker with more memory), but read and encoded its splits ` +
      `take about ${formatCount(total)} bytes (${splits})`,
    uri,
  );
}
