import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  type Evaluation,
  parseTrainingSpec,
  type SweepResult,
  type SweepSummary,
} from '@bcml/core';
import { saveModel } from '@bcml/models';
import { PARENT_RUN_ID_TAG, type MlflowClient } from '@bcml/tracking';
import { predict, predictionArrays, trainCompatibility } from '@bcml/training';
import { type ArtifactStore, type WorkerLogger } from '@bcml/workers';
import { WorkflowFailedError, type Client } from '@temporalio/client';

import { experimentRuns } from '../support/experiment-runs.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';

// A sweep on a Feather folder written by pandas (`df.to_feather`, test/fixtures/pandas): no id column, the label a
// pandas categorical in a column named `outcome`, categories ["rejected", "approved"] (not alphabetical).

const credit = fileURLToPath(new URL('../fixtures/pandas/credit/', import.meta.url));
/** What the control worker logged (info), to check the row-position ids are said once. */
const logged: string[] = [];
const logger: WorkerLogger = { info: (message) => logged.push(message), warn: (message) => console.warn(message) };
/** The stack and workers (`startSweepHarness`). */
let harness: SweepHarness;
let tracking: MlflowClient;
let client: Client;
let reader: ArtifactStore;
let h1Dir: string;
/** h1's ROC AUC on the test split, from its own predicted probabilities by counting pairs (ties one half). */
let h1TestAuc: number;

/** ROC AUC as the share of (positive, negative) pairs ranked right, ties counting one half: O(P·N), by definition. */
function pairwiseAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let pairs = 0;
  let right = 0;
  for (let i = 0; i < labels.length; i += 1) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j += 1) {
      if (labels[j] !== 0) continue;
      pairs += 1;
      right += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return right / pairs;
}

beforeAll(async () => {
  harness = await startSweepHarness({ prefix: 'bcml-pandas-sweep-', controlLogger: logger });
  ({ tracking, client, reader } = harness);

  // h1: a logistic regression trained on the pandas file's training split, read as the workers read it.
  const data = await harness.resolveDataset({ uri: credit, trainSplit: 'train', testSplit: 'test', label: 'outcome' });
  const h1Spec = parseTrainingSpec({
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'adam', learningRate: 0.05 },
    epochs: 2,
    batchSize: 32,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed: 1,
  });
  const h1 = await trainCompatibility(h1Spec, { data: data.splits['train']! });
  h1Dir = join(harness.tmp, 'h1');
  await saveModel(h1.model, h1Dir);
  const h1Test = predictionArrays(await predict(h1.model, data.splits['test']!));
  h1TestAuc = pairwiseAuc(
    h1Test.labels,
    h1Test.probabilities.filter((_, k) => k % 2 === 1),
  );
  h1.model.dispose();
});

afterAll(async () => {
  await harness?.down();
});

/** A 1 dissonance × 2 λ sweep of a logistic regression (1 epoch) on the pandas folder, scored by `metric`. */
function sweepSpec(name: string, label: string, metric = 'accuracy'): Record<string, unknown> {
  return {
    name,
    performanceMetric: metric,
    dataset: { uri: credit, label },
    h1: { uri: h1Dir },
    h2: {
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'adam', learningRate: 0.05 },
      epochs: 1,
      batchSize: 32,
    },
    sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: { pool: 'cpu', parallelism: 1, maxAttempts: 1, heartbeatTimeoutSeconds: 60, pointTimeoutSeconds: 300 },
    seed: 3,
    tracking: { experiment: name },
  };
}

describe('a sweep on a Feather file written by pandas (no id column, categorical label in "outcome")', () => {
  it('completes, keeps the category order as the classes, and records the row-position ids', async () => {
    const name = `pandas-sweep-${Date.now()}`;
    // Scored by balanced accuracy: the summary, the front, the evaluations and MLflow follow the spec's metric.
    const result: SweepResult = await client.workflow.execute('compatibilitySweep', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId: `${name}-wf`,
      args: [sweepSpec(name, 'outcome', 'balanced-accuracy')],
    });
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({ total: 2, completed: 2, failed: 0, cancelled: 0 });

    const summaryDir = await reader.fetch(result.summaryUri, 'summaryUri');
    const summary = JSON.parse(readFileSync(join(summaryDir, 'sweep-summary.json'), 'utf8')) as SweepSummary;
    expect(summary.dataset.classes).toEqual(['rejected', 'approved']);
    expect(summary.dataset.splits).toEqual({ train: 120, test: 60 });
    expect(summary.performanceMetric).toBe('balanced-accuracy');
    for (const point of summary.points) {
      const test = point.splits['test']!;
      const evaluation = JSON.parse(readFileSync(join(summaryDir, test.evaluation), 'utf8')) as Evaluation;
      // Balanced accuracy from the file's per-class accuracies (mean recall over the classes present).
      const recalls = evaluation.perClass.flatMap((c) => (c.accuracyH2 === null ? [] : [c.accuracyH2.value]));
      const balanced = recalls.reduce((a, b) => a + b, 0) / recalls.length;
      expect(evaluation.scores.performance?.metric).toBe('balanced-accuracy');
      expect(evaluation.scores.performance?.h2?.value).toBeCloseTo(balanced, 12);
      expect(test.performance).toEqual({ value: evaluation.scores.performance?.h2?.value, ci95: null });
      expect(summary.h1.performance['test']).toEqual(evaluation.scores.performance?.h1);
    }
    expect(summary.pareto['test']?.front.length).toBeGreaterThan(0);

    const runs = await experimentRuns(tracking, name);
    const parent = runs.find((run) => run.data.tags[PARENT_RUN_ID_TAG] === undefined);
    expect(parent?.data.params).toMatchObject({ 'dataset.ids': 'row-position', 'dataset.label': 'outcome' });
    const children = runs.filter((run) => run.data.tags[PARENT_RUN_ID_TAG] === parent?.info.runId);
    expect(children).toHaveLength(2);
    for (const child of children) {
      const point = summary.points.find((p) => p.mlflowRunId === child.info.runId);
      // MLflow keeps the latest value of each metric (doubles).
      expect(child.data.metrics['test_performance']).toBeCloseTo(
        point?.splits['test']?.performance?.value ?? Number.NaN,
        6,
      );
    }
    // Said once in the worker's log (prepare), not per batch or point.
    expect(logged.filter((message) => message.includes('row positions'))).toHaveLength(1);
  });

  it('scores a sweep by ROC AUC from the positive-class probabilities (a binary task)', async () => {
    const name = `pandas-auc-${Date.now()}`;
    const result: SweepResult = await client.workflow.execute('compatibilitySweep', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId: `${name}-wf`,
      args: [sweepSpec(name, 'outcome', 'roc-auc')],
    });
    expect(result.status).toBe('completed');
    const summaryDir = await reader.fetch(result.summaryUri, 'summaryUri');
    const summary = JSON.parse(readFileSync(join(summaryDir, 'sweep-summary.json'), 'utf8')) as SweepSummary;
    expect(summary.performanceMetric).toBe('roc-auc');
    // h1's AUC from its cached logits in the sweep equals the one from its own probabilities, counted pair by pair.
    expect(summary.h1.performance['test']?.value).toBeCloseTo(h1TestAuc, 9);
    expect(summary.h1.performance['test']?.ci95).toBeNull();
    for (const point of summary.points) {
      const test = point.splits['test']!;
      const evaluation = JSON.parse(readFileSync(join(summaryDir, test.evaluation), 'utf8')) as Evaluation;
      expect(evaluation.scores.performance?.metric).toBe('roc-auc');
      expect(test.performance).toEqual(evaluation.scores.performance?.h2);
      expect(test.performance?.ci95).toBeNull();
      expect(test.performance?.value).toBeGreaterThanOrEqual(0);
      expect(test.performance?.value).toBeLessThanOrEqual(1);
    }
  });

  it('fails in prepare, naming dataset.label, when the label column is missing: before any training', async () => {
    const name = `pandas-bad-label-${Date.now()}`;
    const error: unknown = await client.workflow
      .execute('compatibilitySweep', {
        taskQueue: CONTROL_TASK_QUEUE,
        workflowId: `${name}-wf`,
        args: [sweepSpec(name, 'target')],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect((cause as { type?: string } | undefined)?.type).toBe('InvalidInputError');
    expect(cause?.message).toMatch(/invalid dataset\.label: .*column "target" \(dataset\.label\): missing/);
    const history = await client.workflow.getHandle(`${name}-wf`).fetchHistory();
    const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
    expect(scheduled).not.toContain('trainPoint');
    expect(scheduled).not.toContain('trainPack');
    expect(await experimentRuns(tracking, name)).toEqual([]);
  });
});
