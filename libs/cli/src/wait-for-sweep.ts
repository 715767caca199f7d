import { setTimeout as sleep } from 'node:timers/promises';

import { SWEEP_PROGRESS_QUERY, type SweepProgress, type SweepResult } from '@bcml/core';
import type { WorkflowHandle } from '@temporalio/client';

import type { CliIo } from './cli-io.js';
import { resultThroughOutages } from './result-through-outages.js';
import { sweepProgressLine } from './sweep-progress-line.js';

/** Options of `waitForSweep`. */
export interface WaitForSweepOptions {
  /** Milliseconds between `progress` queries (default 1000). */
  readonly intervalMs?: number;
  /** Rewrite one line in place (a terminal) instead of printing each change on its own line. */
  readonly inPlace?: boolean;
}

/**
 * Waits for a sweep's result, showing its `progress` query as a live line and waiting through Temporal server outages
 * (`resultThroughOutages`); rejects as `handle.result()` does.
 */
export async function waitForSweep(
  handle: WorkflowHandle,
  io: CliIo,
  options: WaitForSweepOptions = {},
): Promise<SweepResult> {
  let last = '';
  const show = (line: string): void => {
    if (line === last) return;
    last = line;
    io.err(options.inPlace === true ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  const result = resultThroughOutages<SweepResult>(handle, {
    onOutage: () => show('the Temporal server cannot be reached: waiting for it (the sweep goes on)'),
  });
  let done = false;
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  void settled.then(() => {
    done = true;
  });
  while (!done) {
    try {
      show(sweepProgressLine(await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY)));
    } catch {
      // not answerable yet (no workflow task ran) or already closed: try again next tick
    }
    await Promise.race([settled, sleep(options.intervalMs ?? 1000)]);
  }
  // The sweep may have ended between two queries: show where it ended (a closed workflow still answers, replayed by a
  // worker), unless no answer comes in FINAL_QUERY_MS.
  const final = await finalProgressLine(handle);
  if (final !== undefined) show(final);
  if (options.inPlace === true && last !== '') io.err('\n');
  return result;
}

/** How long `waitForSweep` waits for the progress of a sweep that has ended. */
const FINAL_QUERY_MS = 5000;

/** The progress line of a sweep that has ended, or `undefined` when it does not answer in `FINAL_QUERY_MS`. */
async function finalProgressLine(handle: WorkflowHandle): Promise<string | undefined> {
  const timeout = new AbortController();
  try {
    return await Promise.race([
      handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY).then(sweepProgressLine, () => undefined),
      sleep(FINAL_QUERY_MS, undefined, { signal: timeout.signal }).then(
        () => undefined,
        () => undefined,
      ),
    ]);
  } finally {
    timeout.abort();
  }
}
