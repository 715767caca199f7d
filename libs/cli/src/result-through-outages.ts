import { setTimeout as sleep } from 'node:timers/promises';

import { isGrpcServiceError, type WorkflowHandle } from '@temporalio/client';

/** gRPC status codes of a server that cannot be reached (down, restarting): DEADLINE_EXCEEDED, UNAVAILABLE. */
const OUTAGE_CODES: ReadonlySet<number> = new Set([4, 14]);

/** Whether `error` (or one of its causes) is a Temporal call that failed because the server could not be reached. */
export function isServerOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (isGrpcServiceError(current) && OUTAGE_CODES.has(current.code)) return true;
    current = current.cause;
  }
  return false;
}

/** Options of `resultThroughOutages`. */
export interface ResultThroughOutagesOptions {
  /** The longest outage waited through, in milliseconds (default 15 min); a longer one rejects as `result()` does. */
  readonly maxOutageMs?: number;
  /** Milliseconds between two tries while the server is unreachable (default 2000). */
  readonly retryMs?: number;
  /** Told once per outage, when the server first cannot be reached. */
  readonly onOutage?: (error: unknown) => void;
  /** The clock and the wait (tests). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * `handle.result()` that waits through a Temporal server outage (a restart, a network cut): the client's own retries
 * give up after about 10 s of UNAVAILABLE while the workflow carries on on the server, so this asks again every
 * `retryMs` until the server answers, and rethrows once it has been unreachable for `maxOutageMs`. Any other failure
 * (the workflow failed, was cancelled, does not exist) rejects at once.
 */
export async function resultThroughOutages<T>(
  handle: Pick<WorkflowHandle, 'result'>,
  options: ResultThroughOutagesOptions = {},
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  const maxOutageMs = options.maxOutageMs ?? 15 * 60_000;
  let outageSince: number | undefined;
  for (;;) {
    try {
      return (await handle.result()) as T;
    } catch (error) {
      if (!isServerOutage(error)) throw error;
      if (outageSince === undefined) {
        outageSince = now();
        options.onOutage?.(error);
      } else if (now() - outageSince >= maxOutageMs) {
        throw error;
      }
      await wait(options.retryMs ?? 2000);
    }
  }
}
