import { parseComparisonSpec, type ComparisonResult } from '@bcml/core';

import type { CliIo } from '../cli-io.js';
import { comparisonResultText } from '../comparison-result-text.js';
import { EXIT } from '../exit-codes.js';
import { runSpecWorkflowCommand } from '../spec-workflow-command.js';

/** The usage of `bcml compare`. */
export const COMPARE_USAGE = `usage: bcml compare <spec.json> [--id WORKFLOW_ID] [--wait]

Validates the comparison spec, then starts the modelComparison workflow on the bcml-control task queue: two saved
models (h1 the deployed one, h2 the candidate) evaluated on the dataset's splits, with a report and an MLflow run.
  --id ID     the workflow id (default: <spec name>-<timestamp>)
  --wait      wait for it, then print h2's performance, BTC and NFR per split, the report path and the MLflow run
Spec: { "name", "dataset": { "uri", "splits": ["test"] }, "h1": { "uri" }, "h2": { "uri" },
        "performanceMetric": "accuracy" | "balanced-accuracy" | "macro-f1" | "roc-auc" (binary),
        "tracking": { "experiment" } }; model URIs are folders, file://, runs:/…
        or models:/<name>@<alias> | models:/<name>/<version>. h1 may instead be a predictions file per split,
        "h1": { "predictions": "<folder of <split>.arrow|.feather files>", "outputs": "logits" | "probabilities" },
        or an ONNX model, "h1": { "onnx": "<.onnx file>", "outputs"?: "logits" | "probabilities" }.
Exit codes: 0 ok, 1 failure, 2 invalid spec (or the workflow refused its input).
`;

/** `bcml compare`: validates a comparison spec locally and starts `modelComparison`, optionally waiting for it. */
export function compareCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runSpecWorkflowCommand(
    {
      usage: COMPARE_USAGE,
      workflowType: 'modelComparison',
      noun: 'comparison',
      parse: parseComparisonSpec,
      finished: (result: ComparisonResult, spec, tracking, local) => ({
        text: comparisonResultText(result, spec.performanceMetric, tracking, local),
        code: EXIT.ok,
      }),
    },
    args,
    io,
  );
}
