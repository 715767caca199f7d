import { randomUUID } from 'node:crypto';

import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { compatibilityRegression, modelComparison } from '@bcml/workflows';

import { CONTROL_TASK_QUEUE, type ComparisonResult, type ProportionRecord, type RegressionScores } from '@bcml/core';

import { createFakeComparison, createFakeRegression } from './fake-regression-activities.js';
import { startWorkflowTestEnv, withWorkers, type WorkflowTestEnv } from './workflow-test-env.js';

let testEnv: WorkflowTestEnv;

beforeAll(async () => {
  testEnv = await startWorkflowTestEnv();
}, 120_000);

afterAll(async () => {
  await testEnv?.env.teardown();
});

function p(numerator: number, denominator: number, ci95: [number, number]): ProportionRecord {
  return { value: numerator / denominator, ci95, numerator, denominator };
}

/** Challenger vs champion on 10,000 test instances: NFR 1 % (upper bound 1.21 %), BTC 0.98, accuracy −0.1 pt. */
const goodScores: RegressionScores = {
  split: 'test',
  n: 10_000,
  championPerformance: p(9000, 10_000, [0.894, 0.9058]),
  challengerPerformance: p(8990, 10_000, [0.893, 0.9048]),
  btc: p(8820, 9000, [0.977, 0.983]),
  nfr: p(100, 10_000, [0.0082, 0.0121]),
};

/** The same with 300 negative flips: NFR 3 % (upper bound 3.36 %), BTC 0.967. */
const badScores: RegressionScores = {
  ...goodScores,
  btc: p(8700, 9000, [0.9628, 0.9703]),
  nfr: p(300, 10_000, [0.0268, 0.0336]),
};

const regressionSpec = {
  name: 'nightly-adult',
  dataset: { uri: 'bcml:datasets/adult' },
  registeredModel: 'adult-classifier',
  policy: { maxNfr: 0.02, minBtc: 0.97, maxAccuracyDrop: { threshold: 0.005, bound: 'value' } },
};

async function runRegression(scores: RegressionScores, spec: unknown = regressionSpec) {
  const fake = createFakeRegression(scores);
  const workflowId = `regression-test-${randomUUID()}`;
  const outcome = await withWorkers(
    testEnv,
    [{ taskQueue: CONTROL_TASK_QUEUE, activities: fake.activities, workflows: true }],
    async () =>
      testEnv.env.client.workflow
        .execute<typeof compatibilityRegression>('compatibilityRegression', {
          taskQueue: CONTROL_TASK_QUEUE,
          workflowId,
          args: [spec],
        })
        .then(
          (verdict) => ({ verdict, error: undefined }),
          (error: unknown) => ({ verdict: undefined, error }),
        ),
  );
  return { ...outcome, fake, workflowId };
}

describe('compatibilityRegression', () => {
  it('passes a challenger within the policy and records the verdict', async () => {
    const { verdict, fake, workflowId } = await runRegression(goodScores);
    const runKey = `nightly-adult/${workflowId}`;
    expect(verdict).toMatchObject({
      name: 'nightly-adult',
      workflowId,
      runKey,
      status: 'pass',
      passed: true,
      reasons: [],
      runId: 'regression-run-of-nightly-adult',
      championUri: 'models:/adult-classifier/3',
      challengerUri: 'models:/adult-classifier/4',
      reportUri: `mlflow-artifacts:/0/bcml-fake/${runKey}/report/index.html`,
      split: 'test',
    });
    expect(verdict?.checks.map((c) => [c.rule, c.bound, c.passed])).toEqual([
      ['maxNfr', 'upper', true],
      ['minBtc', 'lower', true],
      ['maxAccuracyDrop', 'value', true],
    ]);
    expect(fake.calls.evaluateRegression[0]?.spec).toMatchObject({
      championAlias: 'champion',
      challengerAlias: 'challenger',
    });
    expect(fake.calls.recordRegressionVerdict).toHaveLength(1);
    expect(fake.calls.recordRegressionVerdict[0]?.outcome.passed).toBe(true);
  });

  it('fails a challenger that breaks the policy, with the reasons, as a result (not a workflow failure)', async () => {
    const { verdict, fake } = await runRegression(badScores);
    expect(verdict?.status).toBe('fail');
    expect(verdict?.passed).toBe(false);
    expect(verdict?.reasons).toEqual(['NFR (upper 95% bound) 0.0336 > 0.02', 'BTC (lower 95% bound) 0.9628 < 0.97']);
    expect(fake.calls.recordRegressionVerdict[0]?.outcome).toMatchObject({ passed: false, reasons: verdict?.reasons });
  });

  it('judges maxMetricDrop by the spec’s metric: the scores’ balanced accuracy, not accuracy', async () => {
    const scores: RegressionScores = {
      ...goodScores,
      performance: {
        metric: 'balanced-accuracy',
        champion: { value: 0.85, ci95: null },
        challenger: { value: 0.83, ci95: null },
      },
    };
    const spec = {
      ...regressionSpec,
      performanceMetric: 'balanced-accuracy',
      policy: { maxAccuracyDrop: 0.005, maxMetricDrop: 0.01 },
    };
    const { verdict } = await runRegression(scores, spec);
    expect(verdict?.status).toBe('fail');
    expect(verdict?.checks.map((c) => [c.rule, c.passed])).toEqual([
      ['maxAccuracyDrop', true],
      ['maxMetricDrop', false],
    ]);
    expect(verdict?.reasons).toEqual([
      'balanced-accuracy drop 0.02 (champion 0.85 − challenger (point estimate) 0.83) > 0.01',
    ]);
  });

  it('rejects a bad regression spec before any activity', async () => {
    const { error, fake } = await runRegression(goodScores, { ...regressionSpec, policy: { maxNfr: 5 } });
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('InvalidInputError');
    expect(cause.message).toContain('invalid policy.maxNfr');
    expect(fake.calls.evaluateRegression).toHaveLength(0);
  });
});

describe('modelComparison', () => {
  it('evaluates two models on the requested splits and renders a report', async () => {
    const fake = createFakeComparison();
    const workflowId = `comparison-test-${randomUUID()}`;
    const spec = {
      name: 'lr-vs-mlp',
      dataset: { uri: 'bcml:datasets/adult', splits: ['train', 'test'] },
      h1: { uri: './models/lr' },
      h2: { uri: './models/mlp' },
    };
    const result = await withWorkers(
      testEnv,
      [{ taskQueue: CONTROL_TASK_QUEUE, activities: fake.activities, workflows: true }],
      () =>
        testEnv.env.client.workflow.execute<typeof modelComparison>('modelComparison', {
          taskQueue: CONTROL_TASK_QUEUE,
          workflowId,
          args: [spec],
        }),
    );
    const runKey = `lr-vs-mlp/${workflowId}`;
    expect(result).toEqual<ComparisonResult>({
      name: 'lr-vs-mlp',
      workflowId,
      runKey,
      runId: 'comparison-run',
      summaryUri: `mlflow-artifacts:/0/bcml-fake/${runKey}/sweep-summary.json`,
      reportUri: `mlflow-artifacts:/0/bcml-fake/${runKey}/report/index.html`,
      splits: {
        train: { performance: 0.85, btc: 0.97, nfr: 0.01 },
        test: { performance: 0.85, btc: 0.97, nfr: 0.01 },
      },
    });
    expect(fake.calls.evaluateComparison[0]?.spec.tracking).toEqual({ experiment: 'lr-vs-mlp' });
    expect(fake.calls.renderReport).toEqual([{ runKey, summaryUri: result.summaryUri, runId: 'comparison-run' }]);
  });
});
