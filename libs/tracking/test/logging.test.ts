import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { encodeMetricValue, LOG_BATCH_LIMITS, MlflowError, planLogBatch, type MetricPoint } from '@bcml/tracking';

import { deleteCreatedExperiments, newExperiment, stackClient } from './helpers.js';

const client = stackClient();
afterAll(deleteCreatedExperiments);

async function newRun(prefix: string): Promise<string> {
  const experimentId = await newExperiment(client, prefix);
  return (await client.createRun(experimentId, { runName: prefix })).info.runId;
}

describe('logBatch', () => {
  it('logs params, tags and metrics with step and timestamp', async () => {
    const runId = await newRun('log');
    const requests = await client.logBatch(runId, {
      params: { lambda: 0.25, loss: 'cross-entropy', shuffle: true },
      tags: { 'bcml.point': 'new-error/cross-entropy/0.25' },
      metrics: [
        { key: 'train/loss', value: 0.9, step: 0, timestamp: 1_700_000_000_000 },
        { key: 'train/loss', value: 0.5, step: 1, timestamp: 1_700_000_001_000 },
        { key: 'val accuracy', value: 0.8, step: 1 },
      ],
    });
    expect(requests).toBe(1);
    const run = await client.getRun(runId);
    expect(run.data.params).toEqual({ lambda: '0.25', loss: 'cross-entropy', shuffle: 'true' });
    expect(run.data.tags['bcml.point']).toBe('new-error/cross-entropy/0.25');
    expect(run.data.metrics).toEqual({ 'train/loss': 0.5, 'val accuracy': 0.8 });
    const history = await client.getMetricHistory(runId, 'train/loss');
    expect(history).toEqual([
      { key: 'train/loss', value: 0.9, step: 0, timestamp: 1_700_000_000_000 },
      { key: 'train/loss', value: 0.5, step: 1, timestamp: 1_700_000_001_000 },
    ]);
    // Params are write-once: the same value again is a no-op, a different one is a non-retryable 400.
    await client.logParams(runId, { lambda: '0.25' });
    const changed = await client.logParams(runId, { lambda: '0.5' }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(MlflowError);
    expect((changed as MlflowError).status).toBe(400);
    expect((changed as MlflowError).errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect((changed as MlflowError).retryable).toBe(false);
  });

  it('chunks 2,500 metrics into requests of at most 1000 and every value arrives', async () => {
    const runId = await newRun('chunk');
    const metrics: MetricPoint[] = Array.from({ length: 2500 }, (_, step) => ({
      key: 'loss',
      value: 1 / (step + 1),
      step,
      timestamp: 1_700_000_000_000 + step,
    }));
    expect(planLogBatch(runId, { metrics }, 0).map((r) => r.metrics.length)).toEqual([1000, 1000, 500]);
    expect(await client.logBatch(runId, { metrics })).toBe(3);
    const history = await client.getMetricHistory(runId, 'loss');
    expect(history).toHaveLength(2500);
    expect(history.map((m) => m.step)).toEqual(metrics.map((m) => m.step));
    expect(history.map((m) => m.value)).toEqual(metrics.map((m) => m.value));
  });

  it('chunks params and tags by 100 and by request size', async () => {
    const runId = await newRun('chunk-size');
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, `v${i}`]));
    const plan = planLogBatch(runId, { params, tags: { a: 'b' } }, 0);
    expect(plan.map((r) => [r.params.length, r.tags.length])).toEqual([
      [100, 0],
      [100, 0],
      [50, 1],
    ]);
    // 150 tags of 8000 two-byte characters: ~2.4 MB, so the byte limit splits them before the count limit.
    const big = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`t${i}`, 'é'.repeat(8000)]));
    const sized = planLogBatch(runId, { tags: big }, 0);
    for (const request of sized) {
      expect(Buffer.byteLength(JSON.stringify(request))).toBeLessThanOrEqual(LOG_BATCH_LIMITS.maxRequestBytes);
    }
    expect(sized.length).toBeGreaterThanOrEqual(3);
    await client.logBatch(runId, { params, tags: big });
    const run = await client.getRun(runId);
    expect(Object.keys(run.data.params)).toHaveLength(250);
    expect(run.data.tags.t149).toBe('é'.repeat(8000));
  });

  it('accepts param values up to 6000 characters and names the key beyond', async () => {
    const runId = await newRun('param-length');
    await client.logParams(runId, { spec: 'x'.repeat(6000), emoji: '😀'.repeat(6000) });
    const run = await client.getRun(runId);
    expect(run.data.params.spec).toHaveLength(6000);
    expect(run.data.params.emoji).toBe('😀'.repeat(6000));

    const error = await client
      .logBatch(runId, { params: { ok: '1', 'too.long': 'x'.repeat(6001) } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('params.too.long');
    expect((error as InvalidInputError).message).toContain('at most 6000 characters');
    expect((error as InvalidInputError).retryable).toBe(false);
    // Validation happens before anything is sent.
    expect((await client.getRun(runId)).data.params.ok).toBeUndefined();
  });

  it('rejects invalid keys and values before sending', () => {
    expect(() => planLogBatch('r', { params: { 'a//b': '1' } }, 0)).toThrow(/params\.a\/\/b/);
    expect(() => planLogBatch('r', { metrics: [{ key: 'bad!', value: 1 }] }, 0)).toThrow(/metrics\[0\]\.key/);
    expect(() => planLogBatch('r', { metrics: [{ key: 'ok', value: 1, step: 0.5 }] }, 0)).toThrow(/step/);
    expect(() => planLogBatch('r', { tags: { k: 'x'.repeat(8001) } }, 0)).toThrow(/tags\.k/);
  });

  it('logs NaN and ±Infinity as MLflow does ("NaN", "Infinity" in JSON) and reads them back', async () => {
    expect([NaN, Infinity, -Infinity, 1.5].map(encodeMetricValue)).toEqual(['NaN', 'Infinity', '-Infinity', 1.5]);
    const runId = await newRun('nan');
    await client.logMetrics(runId, [
      { key: 'loss', value: Number.NaN, step: 0, timestamp: 1 },
      { key: 'loss', value: Number.POSITIVE_INFINITY, step: 1, timestamp: 1 },
      { key: 'loss', value: Number.NEGATIVE_INFINITY, step: 2, timestamp: 1 },
      { key: 'loss', value: 0.25, step: 3, timestamp: 1 },
    ]);
    const values = (await client.getMetricHistory(runId, 'loss')).map((m) => m.value);
    // MLflow's SQL store keeps NaN and clamps ±Infinity to ±1.7976931348623157e308.
    expect(values).toEqual([Number.NaN, Number.MAX_VALUE, -Number.MAX_VALUE, 0.25]);
  });
});
