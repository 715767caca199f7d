import { parseTrainRunSpec } from '@bcml/core';
import { createMlflowClient, trackingConfigFromEnv } from '@bcml/tracking';
import { backendNames, selectBackend, type BackendName } from '@bcml/training';
import { datasetResolver, h1FileReader, localModelStore } from '@bcml/workers';

import type { CliIo } from '../cli-io.js';
import { EXIT } from '../exit-codes.js';
import { parseCommand, stringOption } from '../parse-command.js';
import { readSpecFile } from '../read-spec-file.js';
import { mlflowRunUrl } from '../sweep-result-text.js';
import { trackingUri } from '../tracking-uri.js';
import { trainRun, trainRunText, type TrainRunResult } from '../train-run.js';
import { UsageError } from '../usage-error.js';

/** The usage of `bcml train`. */
export const TRAIN_USAGE = `usage: bcml train <spec.json> [--backend tensorflow|tensorflow-gpu|cpu-js]

Trains one model here, in this process (no stack or worker needed; TensorFlow loads for this command only), and
logs it to a new MLflow run (MLFLOW_TRACKING_URI, or the spec's tracking.uri; credentials from the environment, as
MLflow's MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN). Without "h1" it trains a plain baseline
(λ = 0: the base loss alone); with "h1" it trains against it with the compatibility loss "loss" weighted by
"lambda". Progress goes to stderr; stdout gets one line, the model's URI runs:/<run>/model: use it as a sweep's or
a comparison's h1 ({ "uri": "runs:/…" }) or register it with \`bcml model register\`.
  --backend NAME   the tfjs backend (default tensorflow: native TensorFlow on the CPU; tensorflow-gpu needs a GPU)
Spec: { "name", "dataset": { "uri", "trainSplit": "train", "testSplit": "test" }, "model": { "kind", … },
        "optimizer": { "kind", "learningRate" }, "epochs", "batchSize", "evalBatchSize"?, "seed": 0,
        "h1"?: { "uri" } (or as a sweep's h1), "loss": "new-error/cross-entropy", "lambda": 0, "lossOptions"?, "head"?,
        "tracking": { "experiment": <name> } }   (the training fields are a sweep's h2 plus loss, lambda, seed)
The run holds the spec's fields and the dataset's URI and SHA-256 as params, loss and held-out scores per epoch,
<testSplit>_accuracy (with h1 also BTC, BEC, NFR), and the model under model/, as a sweep point's run.
Ctrl-C (SIGINT) or SIGTERM stops training between batches and ends the run KILLED.
Exit codes: 0 ok, 1 failure or stopped, 2 usage or invalid input (the spec, data, h1; checked before the run exists).
`;

/** `bcml train`: trains one model from a spec file in this process and logs it to MLflow; prints its `runs:/` URI. */
export async function trainCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { backend: { type: 'string' } }, TRAIN_USAGE);
  if (parsed.help) {
    io.out(TRAIN_USAGE);
    return EXIT.ok;
  }
  const [path, ...extra] = parsed.positionals;
  if (path === undefined) throw new UsageError('missing <spec.json>', TRAIN_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`, TRAIN_USAGE);
  const backend = stringOption(parsed, 'backend') ?? 'tensorflow';
  if (!(backendNames as readonly string[]).includes(backend)) {
    throw new UsageError(
      `invalid --backend: expected one of ${backendNames.join(', ')}, received ${JSON.stringify(backend)}`,
      TRAIN_USAGE,
    );
  }
  const { spec } = await readSpecFile(path, parseTrainRunSpec);
  const tracking = createMlflowClient(
    trackingConfigFromEnv({ ...io.env, MLFLOW_TRACKING_URI: spec.tracking.uri ?? trackingUri(io.env) }),
  );
  await selectBackend(backend as BackendName, { requireGpu: true, logger: { info: (line) => io.err(`${line}\n`) } });
  // Ctrl-C stops training between batches and ends the run KILLED, instead of leaving it RUNNING.
  const abort = new AbortController();
  const stop = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  let result: TrainRunResult;
  try {
    result = await trainRun(spec, {
      tracking,
      resolveDataset: datasetResolver({ tracking }),
      models: localModelStore({ tracking }),
      h1Files: h1FileReader({ tracking }),
      log: (line) => io.err(`${line}\n`),
      signal: abort.signal,
    });
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
  io.err(`${trainRunText(spec, result)}; MLflow run ${mlflowRunUrl(tracking.trackingUri, result.runId)}\n`);
  io.out(`${result.modelUri}\n`);
  return EXIT.ok;
}
