import { randomUUID } from 'node:crypto';

import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StackConfig } from '@bcml/infra';
import { createStackProbeActivities, workflowsPath } from '@bcml/workers';

import { requireStack } from '../support/stack.js';

let config: StackConfig;
let connection: Connection;
let client: Client;
let workerConnection: NativeConnection;
let worker: Worker;
const taskQueue = `bcml-test-${randomUUID()}`;
let running: Promise<void>;

beforeAll(async () => {
  config = await requireStack();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
  workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  worker = await Worker.create({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: workflowsPath(),
    activities: createStackProbeActivities({ workerIdentity: 'integration-test-worker' }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await connection?.close();
});

describe('Temporal dev server with a real worker', () => {
  it('runs a workflow that calls an activity and returns', async () => {
    const workflowId = `stack-probe-${randomUUID()}`;
    const result = await client.workflow.execute('stackProbe', {
      taskQueue,
      workflowId,
      args: [{ message: 'hello from the test' }],
    });
    expect(result).toEqual({
      workflowId,
      echoed: 'hello from the test',
      taskQueue,
      workerIdentity: 'integration-test-worker',
    });
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.type).toBe('stackProbe');
  });

  it('turns invalid input into a non-retryable failure naming the field', async () => {
    const error = await client.workflow
      .execute('stackProbe', { taskQueue, workflowId: `stack-probe-${randomUUID()}`, args: [{ message: 7 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('InvalidInputError');
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect((cause as ApplicationFailure).message).toContain('invalid input.message');
  });
});
