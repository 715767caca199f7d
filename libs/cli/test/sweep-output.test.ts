import { describe, expect, it } from 'vitest';

import { EXIT, mlflowRunUrl, sweepExitCode, sweepProgressLine, sweepResultText } from '@bcml/cli';
import type { SweepProgress, SweepResult } from '@bcml/core';

const result: SweepResult = {
  name: 's',
  workflowId: 's-wf',
  runKey: 'k',
  status: 'completed',
  parentRunId: 'abc',
  summaryUri: `mlflow-artifacts:/1/abc/artifacts/results#folder-sha256=${'a'.repeat(64)}`,
  reportUri: `mlflow-artifacts:/1/abc/artifacts/report#folder-sha256=${'b'.repeat(64)}`,
  counts: { total: 4, completed: 4, failed: 0, cancelled: 0 },
  failedPoints: [],
};

describe('sweep output', () => {
  it('shows points by state and the epochs of running points', () => {
    const progress: SweepProgress = {
      phase: 'training',
      total: 4,
      completed: 1,
      failed: 1,
      cancelled: 0,
      running: 1,
      pending: 1,
      cancelRequested: false,
      runningPoints: [{ pointId: 'new-error/cross-entropy/0.5', epoch: 2, epochs: 5 }],
    };
    expect(sweepProgressLine(progress, 4)).toBe(
      'training  [##--] 2/4 points: 1 done, 1 running, 1 failed | epochs: new-error/cross-entropy/0.5 2/5',
    );
  });

  it('names the epochs of the first 3 running points only (a pack runs up to 64)', () => {
    const runningPoints = Array.from({ length: 64 }, (_, i) => ({
      pointId: `new-error/nll/${i}`,
      epoch: 1,
      epochs: 2,
    }));
    const progress: SweepProgress = {
      phase: 'training',
      total: 100,
      completed: 0,
      failed: 0,
      cancelled: 0,
      running: 64,
      pending: 36,
      cancelRequested: false,
      runningPoints,
    };
    expect(sweepProgressLine(progress, 4)).toBe(
      'training  [----] 0/100 points: 0 done, 64 running, 0 failed | epochs: new-error/nll/0 1/2, new-error/nll/1 1/2, ' +
        'new-error/nll/2 1/2 (+61 more)',
    );
  });

  it('prints the report path and the MLflow run, and maps the outcome to an exit code', () => {
    const local = { report: '/tmp/s/report/index.html', summary: '/tmp/s/sweep-summary.json' };
    const text = sweepResultText(result, 'http://127.0.0.1:5000/', local);
    expect(text).toContain('report:     /tmp/s/report/index.html');
    expect(text).toContain('MLflow run: http://127.0.0.1:5000/#/runs/abc');
    expect(mlflowRunUrl('http://h:1', 'r')).toBe('http://h:1/#/runs/r');
    expect(sweepExitCode(result)).toBe(EXIT.ok);
    expect(sweepExitCode({ ...result, counts: { ...result.counts, completed: 3, failed: 1 } })).toBe(EXIT.incomplete);
    expect(sweepExitCode({ ...result, status: 'cancelled' })).toBe(EXIT.incomplete);
  });
});
