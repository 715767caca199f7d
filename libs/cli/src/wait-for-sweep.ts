import { setTimeout as sleep } from 'node:timers/promises';

import { SWEEP_PROGRESS_QUERY, type SweepProgress, type SweepResult } from '@bcml/core';
import type { WorkflowHandle } from '@temporalio/client';

import type { CliIo } from './cli-io.js';
import { sweepProgressLine } from './sweep-progress-line.js';

/** Options of `waitForSweep`. */
export interface WaitForSweepOptions {
  /** Milliseconds between `progress` queries (default 1000). */
  readonly intervalMs?: number;
  /** Rewrite one line in place (a terminal) instead of printing each change on its own line. */
  readonly inPlace?: boolean;
}

/** Waits for a sweep's result, showing its `progress` query as a live line; rejects as `handle.result()` does. */
export async function waitForSweep(
  handle: WorkflowHandle,
  io: CliIo,
  options: WaitForSweepOptions = {},
): Promise<SweepResult> {
  const result = handle.result() as Promise<SweepResult>;
  let done = false;
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  void settled.then(() => {
    done = true;
  });
  let last = '';
  const show = (line: string): void => {
    if (line === last) return;
    last = line;
    io.err(options.inPlace === true ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  while (!done) {
    try {
      show(sweepProgressLine(await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY)));
    } catch {
      // not answerable yet (no workflow task ran) or already closed: try again next tick
    }
    await Promise.race([settled, sleep(options.intervalMs ?? 1000)]);
  }
  if (options.inPlace === true && last !== '') io.err('\n');
  return result;
}
