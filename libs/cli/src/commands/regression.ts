import { parseRegressionSpec, type RegressionVerdict } from '@bcml/core';

import type { CliIo } from '../cli-io.js';
import { regressionExitCode, regressionVerdictText } from '../regression-verdict-text.js';
import { runSpecWorkflowCommand } from '../spec-workflow-command.js';

/** The usage of `bcml regression`. */
export const REGRESSION_USAGE = `usage: bcml regression <spec.json> [--id WORKFLOW_ID] [--wait]

Validates the regression spec, then starts the compatibilityRegression workflow on the bcml-control task queue:
the registered model's challenger alias against its champion alias (MLflow model registry) on a dataset split,
judged by the policy; the verdict is recorded as tags of an MLflow run (bcml.verdict = pass|fail).
  --id ID     the workflow id (default: <spec name>-<timestamp>)
  --wait      wait for the verdict, then print PASS or FAIL, each check, the report path and the MLflow run
Spec: { "name", "dataset": { "uri", "split": "test" }, "registeredModel",
        "championAlias": "champion", "challengerAlias": "challenger",
        "policy": { "maxNfr": 0.02, "minBtc": 0.97, "maxAccuracyDrop": 0.005 }, "tracking": { "experiment" } };
        "performanceMetric": "accuracy" | "balanced-accuracy" | "macro-f1" | "roc-auc" (binary) is what the policy
        rule "maxMetricDrop" (e.g. 0.01) guards.
Put models in the registry with \`bcml model register <folder> --name <registeredModel> --alias champion\`.
Exit codes: 0 ok (with --wait: the verdict is pass), 1 failure, 2 invalid spec (or the workflow refused its input:
an unknown registered model or alias), 4 (with --wait) the verdict is fail.
`;

/** `bcml regression`: validates a regression spec locally and starts `compatibilityRegression`, optionally waiting. */
export function regressionCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runSpecWorkflowCommand(
    {
      usage: REGRESSION_USAGE,
      workflowType: 'compatibilityRegression',
      noun: 'regression check',
      parse: parseRegressionSpec,
      finished: (verdict: RegressionVerdict, _spec, tracking, local) => ({
        text: regressionVerdictText(verdict, tracking, local),
        code: regressionExitCode(verdict),
      }),
    },
    args,
    io,
  );
}
