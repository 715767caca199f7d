import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';

import { createStackProbeActivities } from '@bcml/workers';

describe('createStackProbeActivities', () => {
  it('echoes the message with the task queue and worker identity', async () => {
    const activities = createStackProbeActivities({ workerIdentity: 'worker-a' });
    const env = new MockActivityEnvironment({ taskQueue: 'bcml-control' });
    const reply = await env.run(activities.probeWorker, { message: 'hi' });
    expect(reply).toEqual({ echoed: 'hi', taskQueue: 'bcml-control', workerIdentity: 'worker-a' });
  });
});
