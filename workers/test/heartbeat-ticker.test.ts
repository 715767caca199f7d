import { describe, expect, it } from 'vitest';

import { HEARTBEATS_PER_TIMEOUT, heartbeatTicker } from '@bcml/workers';
import { MockActivityEnvironment } from '@temporalio/testing';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `body` as an activity under `heartbeatTicker`, counting the heartbeats it sends while and after it runs. */
async function tick(
  heartbeatTimeoutMs: number | undefined,
  body: () => Promise<string>,
): Promise<{ result: string; during: number; after: number }> {
  const env = new MockActivityEnvironment(heartbeatTimeoutMs === undefined ? {} : { heartbeatTimeoutMs }, {
    interceptors: [heartbeatTicker],
  });
  let beats = 0;
  env.on('heartbeat', () => (beats += 1));
  const result = await env.run<[], string, () => Promise<string>>(body);
  const during = beats;
  await sleep(200);
  return { result, during, after: beats - during };
}

describe('heartbeatTicker', () => {
  it('heartbeats every timeout / HEARTBEATS_PER_TIMEOUT while the activity runs, and stops with it', async () => {
    // 400 ms timeout: a beat every 100 ms, so ~6 in 650 ms.
    const { result, during, after } = await tick(400, async () => {
      await sleep(650);
      return 'done';
    });
    expect(result).toBe('done');
    expect(during).toBeGreaterThanOrEqual(3);
    expect(during).toBeLessThanOrEqual(650 / (400 / HEARTBEATS_PER_TIMEOUT));
    expect(after).toBe(0);
  });

  it('stops when the activity throws, and rethrows', async () => {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 40 }, { interceptors: [heartbeatTicker] });
    let beats = 0;
    env.on('heartbeat', () => (beats += 1));
    await expect(
      env.run(async () => {
        await sleep(100);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const seen = beats;
    expect(seen).toBeGreaterThan(0);
    await sleep(100);
    expect(beats).toBe(seen);
  });

  it('sends nothing for an activity without a heartbeat timeout', async () => {
    const { during } = await tick(undefined, async () => {
      await sleep(100);
      return 'done';
    });
    expect(during).toBe(0);
  });
});
