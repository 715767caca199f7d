import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { requireStack } from '../support/stack.js';

let api: string;
let artifacts: string;
/** Experiments this file created on the long-lived stack's server, deleted afterwards (they would pile up in its UI). */
const created: string[] = [];

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${api}/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  const config = await requireStack();
  api = `${config.mlflow.trackingUri}/api/2.0/mlflow`;
  artifacts = `${config.mlflow.trackingUri}/api/2.0/mlflow-artifacts/artifacts`;
});

afterAll(async () => {
  for (const experimentId of created.splice(0))
    await call('POST', 'experiments/delete', { experiment_id: experimentId });
});

describe('MLflow tracking server', () => {
  it('creates a run, logs a metric and reads it back', async () => {
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>('POST', 'experiments/create', {
      name: `bcml-test-${randomUUID()}`,
    });
    created.push(experimentId);
    const { run } = await call<{ run: { info: { run_id: string; artifact_uri: string } } }>('POST', 'runs/create', {
      experiment_id: experimentId,
      run_name: 'stack-proof',
      start_time: Date.now(),
    });
    const runId = run.info.run_id;
    const now = Date.now();
    await call('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.75, timestamp: now, step: 0 },
        { key: 'loss', value: 0.5, timestamp: now, step: 1 },
      ],
      params: [{ key: 'lambda', value: '0.25' }],
    });
    await call('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });

    const history = await call<{ metrics: { value: number; step: string | number }[] }>(
      'GET',
      `metrics/get-history?run_id=${runId}&metric_key=loss`,
    );
    expect(history.metrics.map((m) => [Number(m.step), m.value])).toEqual([
      [0, 0.75],
      [1, 0.5],
    ]);
    const fetched = await call<{
      run: { info: { status: string }; data: { params: { key: string; value: string }[] } };
    }>('GET', `runs/get?run_id=${runId}`);
    expect(fetched.run.info.status).toBe('FINISHED');
    expect(fetched.run.data.params).toEqual([{ key: 'lambda', value: '0.25' }]);

    // Artifacts go through the server's proxy (--serve-artifacts): mlflow-artifacts:/<exp>/<run>/artifacts.
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    const path = `${experimentId}/${runId}/artifacts/proof.txt`;
    const put = await fetch(`${artifacts}/${path}`, { method: 'PUT', body: 'bcml artifact proof' });
    expect(put.status).toBe(200);
    const got = await fetch(`${artifacts}/${path}`);
    expect(await got.text()).toBe('bcml artifact proof');
  });
});
