import type {
  ComparisonActivities,
  EvaluateComparisonInput,
  EvaluateRegressionInput,
  RecordRegressionVerdictInput,
  RegressionActivities,
  RegressionScores,
  RenderReportInput,
  SweepControlActivities,
} from '@bcml/core';

/** Typed fake regression activities returning fixed scores and recording their calls. */
export interface FakeRegression {
  readonly activities: RegressionActivities;
  readonly calls: {
    readonly evaluateRegression: EvaluateRegressionInput[];
    readonly recordRegressionVerdict: RecordRegressionVerdictInput[];
  };
}

/** Fake regression activities: `evaluateRegression` resolves the aliases to versions 3 and 4 and returns `scores`. */
export function createFakeRegression(scores: RegressionScores): FakeRegression {
  const calls: FakeRegression['calls'] = { evaluateRegression: [], recordRegressionVerdict: [] };
  return {
    calls,
    activities: {
      evaluateRegression: (input) => {
        calls.evaluateRegression.push(input);
        const model = input.spec.registeredModel;
        return Promise.resolve({
          runId: `regression-run-of-${input.spec.name}`,
          championUri: `models:/${model}/3`,
          challengerUri: `models:/${model}/4`,
          summaryUri: `mlflow-artifacts:/0/bcml-fake/${input.runKey}/sweep-summary.json`,
          scores,
        });
      },
      recordRegressionVerdict: (input) => {
        calls.recordRegressionVerdict.push(input);
        return Promise.resolve({ reportUri: input.summaryUri.replace('sweep-summary.json', 'report/index.html') });
      },
    },
  };
}

/** Typed fake comparison activities plus `renderReport`, recording their calls. */
export interface FakeComparison {
  readonly activities: ComparisonActivities & Pick<SweepControlActivities, 'renderReport'>;
  readonly calls: {
    readonly evaluateComparison: EvaluateComparisonInput[];
    readonly renderReport: RenderReportInput[];
  };
}

/** Fake comparison activities: one headline per requested split. */
export function createFakeComparison(): FakeComparison {
  const calls: FakeComparison['calls'] = { evaluateComparison: [], renderReport: [] };
  return {
    calls,
    activities: {
      evaluateComparison: (input) => {
        calls.evaluateComparison.push(input);
        const splits = Object.fromEntries(
          input.spec.dataset.splits.map((split) => [split, { performance: 0.85, btc: 0.97, nfr: 0.01 }]),
        );
        return Promise.resolve({
          runId: 'comparison-run',
          summaryUri: `mlflow-artifacts:/0/bcml-fake/${input.runKey}/sweep-summary.json`,
          splits,
        });
      },
      renderReport: (input) => {
        calls.renderReport.push(input);
        return Promise.resolve({ reportUri: input.summaryUri.replace('sweep-summary.json', 'report/index.html') });
      },
    },
  };
}
