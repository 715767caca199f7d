import { ServiceError, WorkflowFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';

import { isServerOutage, resultThroughOutages } from '@bcml/cli';

/** What the client throws when the server is down: a ServiceError caused by a gRPC error with status `code`. */
function grpcFailure(code: number): ServiceError {
  const cause = Object.assign(new Error(`${code} UNAVAILABLE: No connection established`), {
    code,
    details: 'No connection established',
    metadata: {},
  });
  return new ServiceError('Failed to get Workflow execution history', { cause });
}

/** A handle whose `result()` answers each of `answers` in turn (an Error rejects). */
function handleAnswering(answers: readonly unknown[]): { result: () => Promise<unknown>; calls: () => number } {
  let calls = 0;
  return {
    result: () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    calls: () => calls,
  };
}

/** A clock that each `sleep` moves forward. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}

describe('resultThroughOutages', () => {
  it('asks again while the server is unreachable (UNAVAILABLE, DEADLINE_EXCEEDED) and resolves its answer', async () => {
    const handle = handleAnswering([grpcFailure(14), grpcFailure(4), grpcFailure(14), { status: 'completed' }]);
    const clock = fakeClock();
    const outages: unknown[] = [];
    const result = await resultThroughOutages(handle, { ...clock, retryMs: 500, onOutage: (e) => outages.push(e) });
    expect(result).toEqual({ status: 'completed' });
    expect(handle.calls()).toBe(4);
    expect(clock.sleeps).toEqual([500, 500, 500]);
    // Told once per outage, not once per try.
    expect(outages).toHaveLength(1);
  });

  it('rethrows once the outage lasted maxOutageMs', async () => {
    const down = grpcFailure(14);
    const handle = handleAnswering([down]);
    const clock = fakeClock();
    await expect(resultThroughOutages(handle, { ...clock, retryMs: 1000, maxOutageMs: 5000 })).rejects.toBe(down);
    // Tries at 0, 1, 2, 3, 4 and 5 s: the last one ends the wait.
    expect(handle.calls()).toBe(6);
  });

  it('rejects at once with any other failure (the workflow failed, a bad request)', async () => {
    const failed = new WorkflowFailedError('Workflow execution failed', undefined, 'NON_RETRYABLE_FAILURE');
    const notFound = grpcFailure(5);
    for (const error of [failed, notFound, new Error('boom')]) {
      const handle = handleAnswering([error, { status: 'completed' }]);
      await expect(resultThroughOutages(handle, fakeClock())).rejects.toBe(error);
      expect(handle.calls()).toBe(1);
    }
    expect([failed, notFound].map(isServerOutage)).toEqual([false, false]);
    expect(isServerOutage(grpcFailure(14))).toBe(true);
  });
});
