import { Context } from '@temporalio/activity';

/** The running activity's context, or `undefined` outside one (e.g. a unit test calling the function directly). */
function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Heartbeats when running inside an activity (a no-op elsewhere). */
export function heartbeat(details?: unknown): void {
  currentContext()?.heartbeat(details);
}

/** The running activity's cancellation signal, or `undefined` outside an activity. */
export function cancellationSignal(): AbortSignal | undefined {
  return currentContext()?.cancellationSignal;
}
